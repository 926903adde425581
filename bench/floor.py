"""Parse floor: read and parse what meshify reads, with the same libraries, and nothing else.

Run as a subprocess with the same interpreter as meshify:

    python bench/floor.py REPO

It pays the same interpreter start-up and the same library imports (lxml,
ruamel.yaml) and then, for every file of the repository outside build output
(the folders meshify's Workspace skips):

* ``*.xml``: ``lxml.etree.fromstring`` with the parser options of
  generator/editors/xml.py (no entities, no DTD, no network);
* ``application*`` / ``bootstrap*`` ``.yml``/``.yaml`` under ``src/``:
  ``ruamel.yaml.YAML(typ="rt").compose_all`` (what generator/editors/yaml.py does);
* ``.properties`` and ``.java``: read and decode (meshify's own scanners are
  its work, not the floor);
* everything else (generated manifests under k8s/, Dockerfiles,
  .meshify-checksums): read the bytes, as meshify compares them.

It prints the number of files it touched, so a run that read nothing is visible.
"""
from __future__ import annotations

import os
import sys

from lxml import etree
from ruamel.yaml import YAML

from generator.editors.xml import PARSER_ARGS  # noqa: E402  (the parser meshify uses)
from generator.workspace import SKIP_DIRS  # noqa: E402


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def main(root: str) -> int:
    counts = {"xml": 0, "yaml": 0, "text": 0, "bytes": 0}
    keep = []  # keep parse results alive, as meshify keeps every document until the plan is done
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        in_src = "/src/" in f"/{rel}/"
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            with open(path, "rb") as fh:
                data = fh.read()
            if name.endswith(".xml"):
                keep.append(etree.fromstring(data, etree.XMLParser(**PARSER_ARGS)))
                counts["xml"] += 1
            elif in_src and name.endswith((".yml", ".yaml")) and name.startswith(("application", "bootstrap")):
                keep.append(list(YAML(typ="rt").compose_all(decode(data))))
                counts["yaml"] += 1
            elif name.endswith((".properties", ".java")):
                keep.append(decode(data))
                counts["text"] += 1
            else:
                keep.append(data)
                counts["bytes"] += 1
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
