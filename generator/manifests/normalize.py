"""One canonical YAML form for every generated manifest: parsed back, nulls and noise dropped, dumped stably."""
from __future__ import annotations

import io
from typing import Any

_YAML_CACHE: list = []


def _yaml():
    """(loader, dumper), built once: a safe pure-Python loader (keeps document key order, no
    comment bookkeeping) and a dumper that keeps key order and quotes YAML 1.1 look-alikes."""
    if _YAML_CACHE:
        return _YAML_CACHE[0]
    from ruamel.yaml import YAML
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.representer import SafeRepresenter
    from ruamel.yaml.resolver import VersionedResolver

    yaml_11 = VersionedResolver(version=(1, 1))
    str_tag = "tag:yaml.org,2002:str"

    class _Representer(SafeRepresenter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.sort_base_mapping_type_on_output = False  # the template's order is the order

        def ignore_aliases(self, data):
            return True

    def represent_str(self, data: str):
        style = None
        if "\n" in data:
            style = "|"
        elif yaml_11.resolve(ScalarNode, data, (True, False)) != str_tag:
            # "on", "yes", "0777", "12:30" are strings in YAML 1.2 but not for the API server.
            style = '"'
        return self.represent_scalar(str_tag, data, style=style)

    _Representer.add_representer(str, represent_str)
    loader = YAML(typ="safe", pure=True)
    dumper = YAML(typ="safe", pure=True)
    dumper.Representer = _Representer
    dumper.default_flow_style = False
    dumper.indent(mapping=2, sequence=4, offset=2)
    dumper.width = 4096
    _YAML_CACHE.append((loader, dumper))
    return loader, dumper


def _plain(node: Any) -> Any:
    """ruamel's commented containers -> plain dicts/lists, without noise keys or nulls."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if v is None or k == "creationTimestamp":
                continue
            out[str(k)] = _plain(v)
        return out
    if isinstance(node, list):
        return [_plain(v) for v in node if v is not None]
    return node


def normalize(text: str, header: str) -> tuple[bytes, list[dict[str, Any]]]:
    """Parse every document of a rendered file and emit it in the one canonical form."""
    loader, dumper = _yaml()
    docs = []
    for doc in loader.load_all(text):
        if not doc:
            continue
        doc = _plain(doc)
        doc.pop("status", None)
        docs.append(doc)
    if not docs:
        return b"", []
    buf = io.StringIO()
    buf.write(header)
    for i, doc in enumerate(docs):
        if i:
            buf.write("---\n")
        dumper.dump(doc, buf)
    return buf.getvalue().encode("utf-8"), docs
