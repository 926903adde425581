"""One canonical YAML form for every generated manifest: parsed back, nulls and noise dropped, dumped stably.

The canonical form is what ruamel.yaml's safe dumper writes with the settings in ``_yaml()``:
block style, 2-space mappings, sequences indented 4 with the dash at 2, key order kept,
multi-line strings as literal blocks, and every string that YAML 1.1 (what the Kubernetes API
server's parser speaks) would read as a boolean, number or null double-quoted.

Parsing and dumping every rendered file with the pure-Python ruamel.yaml was most of the time
of a first migration, so ``normalize`` has a fast path for the documents meshify writes:

* **parse**: libyaml (PyYAML's C parser) builds the node tree; the scalars are resolved with
  ruamel.yaml's own YAML 1.2 resolver, as the safe loader does. Only printable-ASCII text with
  plain/quoted/literal scalars, strings, decimal integers, booleans and nulls takes this path;
* **emit**: the tree is written directly in the canonical form (the style rules of ruamel.yaml's
  emitter, ported for printable-ASCII strings).

Anything else (non-ASCII text, tags, floats, timestamps, merge keys, duplicate keys, long or
unusual strings) goes through ruamel.yaml as before, for the file or the document concerned.
``tests/test_normalize.py`` checks the fast path against ruamel.yaml byte for byte.
"""
from __future__ import annotations

import io
import re
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

    yaml_11 = _resolvers()[1]
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


_RESOLVERS: list = []


def _resolvers():
    """ruamel.yaml's YAML 1.2 resolver (what the safe loader and dumper resolve plain scalars
    with) and its YAML 1.1 one (what the API server would read)."""
    if not _RESOLVERS:
        from ruamel.yaml.resolver import VersionedResolver

        _RESOLVERS.append((VersionedResolver(version=(1, 2)), VersionedResolver(version=(1, 1))))
    return _RESOLVERS[0]


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
    fast = _fast_load(text, plain=True)  # constructed plain already: no second walk
    if fast is not None:
        kept = [doc for doc in fast if doc is not _EMPTY]
    else:
        kept = (_plain(doc) for doc in _yaml()[0].load_all(text) if doc)  # lazily: errors in the order they were met
    docs = []
    for doc in kept:
        doc.pop("status", None)
        docs.append(doc)
    if not docs:
        return b"", []
    buf = io.StringIO()
    buf.write(header)
    for i, doc in enumerate(docs):
        if i:
            buf.write("---\n")
        emitted = _emit(doc)
        if emitted is None:
            _yaml()[1].dump(doc, buf)
        else:
            buf.write(emitted)
    return buf.getvalue().encode("utf-8"), docs


def reference_normalize(text: str, header: str) -> tuple[bytes, list[dict[str, Any]]]:
    """``normalize`` through ruamel.yaml only (the definition of the canonical form; for tests)."""
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


# --------------------------------------------------------------------------- fast parse

class _Unsupported(Exception):
    """Outside what the fast path handles: ruamel.yaml does it."""


# Text the fast parser leaves to ruamel.yaml: a character other than printable ASCII and \n
# (where libyaml and ruamel's reader could disagree), a directive (%YAML 1.1 changes how
# ruamel resolves), the \' escape (libyaml accepts it, YAML 1.2 does not), and what may be an
# anchor, alias or tag (libyaml allows fewer characters in their names).
# ruamel.yaml's reading differs from libyaml's where one of these appears: non-ASCII or control
# characters, directives, backslash-quote, anchors/aliases/tags, and a block scalar header with
# a comment glued to it (``a: >#``, which libyaml accepts and ruamel.yaml refuses)
_SLOW_TEXT = re.compile(r"[^\n\x20-\x7e]|^%|\\'|(?:^|[\s\[{,])[&*!]|[|>][-+0-9]*#", re.M)
# _SLOW_TEXT's alternatives one by one, each searched only where its characters occur: the same answer
# (tests/test_normalize.py checks it), without trying five alternatives at every character of every file
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_ANCHOR_OR_TAG = re.compile(r"(?:^|[\s\[{,])[&*!]", re.M)
_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")


def _slow_text(text: str) -> bool:
    """Whether ``_SLOW_TEXT`` matches somewhere in ``text``."""
    if not text.isascii() or _CONTROL.search(text):
        return True
    if text.startswith("%") or "\n%" in text or "\\'" in text:
        return True
    if ("&" in text or "*" in text or "!" in text) and _ANCHOR_OR_TAG.search(text):
        return True
    return "#" in text and _HEADER_COMMENT.search(text) is not None


_MAP, _SEQ, _PLAIN_SCALAR, _QUOTED = "map", "seq", "plain", "quoted"
_STR = "tag:yaml.org,2002:str"
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_VALUES: dict[str, Any] = {}
_EMPTY = object()  # _fast_load(plain=True): a document that constructs empty


def _c_parser():
    from ..editors.yaml import libyaml_parser  # the same libyaml parser the YAML editor composes with

    return libyaml_parser()


def _fast_load(text: str, plain: bool = False) -> list | None:
    """The documents of ``text`` as ruamel.yaml's safe loader would construct them, or None.
    ``plain``: as ``_plain`` then makes them (keys as strings, no nulls, no creationTimestamp)."""
    parser = _c_parser()
    if parser is None or _slow_text(text):
        return None
    from yaml import YAMLError

    p = parser(text)
    try:
        docs = []
        while p.check_node():
            node = p.get_node()
            if not plain:
                docs.append(_construct(node))
            elif node.value if node.tag in (_MAP, _SEQ) else _construct(node):
                docs.append(_construct_plain(node))
            else:  # an empty document (as the loader builds it: {}, [], null, ""): normalize skips it
                docs.append(_EMPTY)
        return docs
    except (YAMLError, _Unsupported, RecursionError):
        return None
    finally:
        p.dispose()


def _plain_value(value: str) -> Any:
    """A plain scalar as ruamel.yaml's YAML 1.2 safe constructor builds it."""
    try:
        return _PLAIN_VALUES[value]
    except KeyError:
        pass
    from ruamel.yaml.nodes import ScalarNode

    tag = _resolvers()[0].resolve(ScalarNode, value, (True, False))
    if tag == _STR:
        out = value
    elif tag == "tag:yaml.org,2002:null":
        out = None
    elif tag == "tag:yaml.org,2002:bool":
        out = value.lower() == "true"
    elif tag == "tag:yaml.org,2002:int" and _DECIMAL.fullmatch(value):
        out = int(value)
    else:  # floats, timestamps, merge keys, octal/hex/underscored ints
        raise _Unsupported(value)
    if len(_PLAIN_VALUES) < 100_000:
        _PLAIN_VALUES[value] = out
    return out


def _construct(node) -> Any:
    tag = node.tag
    if tag == _QUOTED:
        return node.value
    if tag == _PLAIN_SCALAR:
        return _plain_value(node.value)
    if tag == _MAP:
        out: dict = {}
        for k, v in node.value:
            if k.tag == _QUOTED:
                key = k.value
            elif k.tag == _PLAIN_SCALAR:
                key = _plain_value(k.value)
            else:
                raise _Unsupported("complex key")
            if key in out:  # the safe loader refuses duplicate keys: let it say so
                raise _Unsupported("duplicate key")
            out[key] = _construct(v)
        return out
    if tag == _SEQ:
        return [_construct(v) for v in node.value]
    raise _Unsupported(tag)


def _construct_plain(node) -> Any:
    """``_plain(_construct(node))`` in one walk."""
    tag = node.tag
    if tag == _QUOTED:
        return node.value
    if tag == _PLAIN_SCALAR:
        return _plain_value(node.value)
    if tag == _MAP:
        out: dict = {}
        seen: set = set()
        for k, v in node.value:
            if k.tag == _QUOTED:
                key = k.value
            elif k.tag == _PLAIN_SCALAR:
                key = _plain_value(k.value)
            else:
                raise _Unsupported("complex key")
            if key in seen:  # the safe loader refuses duplicate keys: let it say so
                raise _Unsupported("duplicate key")
            seen.add(key)
            value = _construct_plain(v)
            if value is None or key == "creationTimestamp":
                continue
            out[str(key)] = value
        return out
    if tag == _SEQ:
        return [item for item in (_construct_plain(v) for v in node.value) if item is not None]
    raise _Unsupported(tag)


# --------------------------------------------------------------------------- fast emit

_PRINTABLE = re.compile(r"[\x20-\x7e]+")
_BLOCK_TEXT = re.compile(r"[\n\x20-\x7e]+")
_FORMS: dict[str, str | None] = {}


def _emit(doc: dict) -> str | None:
    """``doc`` in the canonical form (as ruamel's dumper in ``_yaml()`` writes it), or None."""
    if not doc:
        return "{}\n"
    out: list[str] = []
    try:
        _mapping(doc, "", "", out)
    except _Unsupported:
        return None
    return "".join(out)


def _scalar(value: Any) -> str:
    """A one-line scalar as ruamel's emitter writes it (block context, key or value)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    t = type(value)
    if t is int:
        return str(value)
    if t is not str:
        raise _Unsupported(t)
    try:
        form = _FORMS[value]
    except KeyError:
        form = _str_form(value)
        if len(_FORMS) < 100_000:
            _FORMS[value] = form
    if form is None:
        raise _Unsupported(value)
    return form


def _str_form(s: str) -> str | None:
    # Short printable ASCII only: no folding at the 4096 width, no escapes but \" and \\,
    # and the same form as a simple key or as a value.
    if not s:
        return '""'  # YAML 1.1 reads an empty plain scalar as null
    if len(s) > 1000 or not _PRINTABLE.fullmatch(s):
        return None
    from ruamel.yaml.nodes import ScalarNode

    yaml_12, yaml_11 = _resolvers()
    double = '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if yaml_11.resolve(ScalarNode, s, (True, False)) != _STR:
        return double  # represent_str: a YAML 1.1 look-alike is double-quoted
    if yaml_12.resolve(ScalarNode, s, (True, False)) == _STR and _plain_allowed(s):
        return s
    if "'" in s:
        return double
    return "'" + s + "'"


def _plain_allowed(s: str) -> bool:
    """ruamel's ``analyze_scalar(s).allow_block_plain`` for a non-empty printable-ASCII line."""
    if s[0] == " " or s[-1] == " " or s.startswith(("---", "...")):
        return False
    first = s[0]
    if first in "#,[]{}&*!|>'\"%@`":
        return False
    if first in "?:-" and (len(s) == 1 or s[1] == " "):
        return False
    if ": " in s[1:] or (len(s) > 1 and s[-1] == ":") or " #" in s:
        return False
    return True


def _literal(s: str, indent: str) -> str:
    """A multi-line string as a literal block under a mapping key (content at ``indent``)."""
    if not _BLOCK_TEXT.fullmatch(s) or s[0] in " \n" or len(s) > 100_000:
        raise _Unsupported("block")
    if s.endswith("\n"):
        if len(s) == 1 or s[-2] == "\n":
            raise _Unsupported("keep chomping")  # |+ ends the document open (ruamel writes ...)
        head, body = "|\n", s[:-1]
    else:
        head, body = "|-\n", s
    return head + "".join(f"{indent}{line}\n" if line else "\n" for line in body.split("\n"))


def _mapping(d: dict, indent: str, first: str, out: list[str]) -> None:
    """A block mapping whose keys start at ``indent``; the first key is prefixed by ``first``
    instead when the mapping is a sequence item (``"  - "``)."""
    prefix = first or indent
    inner = indent + "  "
    for k, v in d.items():
        key = _scalar(k)
        if len(k) >= 128:  # not a simple key any more: "? key"
            raise _Unsupported("long key")
        t = type(v)
        if t is dict:
            if v:
                out.append(f"{prefix}{key}:\n")
                _mapping(v, inner, "", out)
            else:
                out.append(f"{prefix}{key}: {{}}\n")
        elif t is list:
            if v:
                out.append(f"{prefix}{key}:\n")
                _sequence(v, inner, out)
            else:
                out.append(f"{prefix}{key}: []\n")
        elif t is str and "\n" in v:
            out.append(f"{prefix}{key}: {_literal(v, inner)}")
        else:
            out.append(f"{prefix}{key}: {_scalar(v)}\n")
        prefix = indent


def _sequence(items: list, indent: str, out: list[str]) -> None:
    """A block sequence with its dashes at ``indent`` (items' content two further in)."""
    dash = indent + "- "
    inner = indent + "  "
    for item in items:
        t = type(item)
        if t is dict and item:
            _mapping(item, inner, dash, out)
        elif t is dict or t is list or (t is str and "\n" in item):
            raise _Unsupported("nested")
        else:
            out.append(f"{dash}{_scalar(item)}\n")
