"""Write floor: the files a first apply writes, written plainly, and nothing else.

Run as a subprocess with the same interpreter as meshify:

    python bench/write_floor.py WRITES REPO

``WRITES`` is a pickle bench/run.py makes from the first apply: a list of
``(path relative to the repository, bytes)``, ``None`` for a file the apply
deleted. Into ``REPO`` (a fresh copy of the pristine repository) it writes each
file with ``open(path, "wb")`` after ``os.makedirs`` of its folder, or unlinks
it: no temp file, no rename, no backup, no fsync or sync. What an apply costs
above this is meshify's, what this costs is the file system's; on a VM whose
disk drifts it is the part of an apply's figure that moves.

It prints the number of files it wrote and deleted.
"""
from __future__ import annotations

import os
import pickle
import sys


def main(writes: str, root: str) -> int:
    with open(writes, "rb") as fh:
        files = pickle.load(fh)
    written = deleted = 0
    for rel, data in files:
        path = os.path.join(root, rel)
        if data is None:
            os.unlink(path)
            deleted += 1
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(data)
        written += 1
    print(f"written={written} deleted={deleted}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
