"""Write floor: the files a first apply writes, written plainly, and nothing else.

Run as a subprocess with the same interpreter as meshify:

    python bench/write_floor.py WRITES REPO

``WRITES`` is a pickle bench/run.py makes from the first apply: a list of
``(path relative to the repository, bytes)``, ``None`` for a file the apply
deleted. Into ``REPO`` (a fresh copy of the pristine repository) it writes each
file with ``open(path, "wb")`` after ``os.makedirs`` of its folder, or unlinks
it: no temp file, no rename, no backup, no fsync or sync. What an apply costs
above this is meshify's, what this costs is the file system's; on a VM whose
disk drifts it is the part of an apply's figure that moves. Its time also holds
the interpreter's start-up and the loading of the pickle (tens of milliseconds),
so it is a little over the writes alone.

It prints the number of files it wrote and deleted.

    python bench/write_floor.py --list PRISTINE MIGRATED WRITES

makes that pickle: every file of ``MIGRATED`` that is new or differs from
``PRISTINE``, with its bytes, and every file of ``PRISTINE`` that is gone. It
prints how many.
"""
from __future__ import annotations

import os
import pickle
import sys


def files(root: str) -> dict[str, str]:
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            found[os.path.relpath(path, root).replace(os.sep, "/")] = path
    return found


def read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def make_list(pristine: str, migrated: str, writes: str) -> int:
    before, after = files(pristine), files(migrated)
    changes: list[tuple[str, bytes | None]] = []
    for rel, path in after.items():
        data = read(path)
        if rel not in before or read(before[rel]) != data:
            changes.append((rel, data))
    changes += [(rel, None) for rel in before if rel not in after]
    with open(writes, "wb") as fh:
        pickle.dump(changes, fh)
    print(len(changes))
    return 0


def main(writes: str, root: str) -> int:
    with open(writes, "rb") as fh:
        changes = pickle.load(fh)
    written = deleted = 0
    for rel, data in changes:
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
    if sys.argv[1] == "--list":
        sys.exit(make_list(*sys.argv[2:5]))
    sys.exit(main(sys.argv[1], sys.argv[2]))
