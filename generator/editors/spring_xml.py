"""Spring XML files with <dubbo:*> elements: attribute edits by splicing the start tag.

An attribute keeps its place, its quote style and the spacing around ``=``;
a new attribute is appended at the end of the start tag. Commented-out
elements are invisible to the XmlDocument spans, so they are never touched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .xml import XmlDocument, local

_ATTR = re.compile(r"""(\s+)([\w:.-]+)(\s*=\s*)("([^"]*)"|'([^']*)')""")


@dataclass
class AttrSpan:
    name: str
    value: str  # as written (entities not expanded)
    start: int  # offset of the whitespace before the name
    value_start: int  # offset inside the quotes
    value_end: int
    end: int  # offset after the closing quote


def attributes(doc: XmlDocument, el) -> list[AttrSpan]:
    sp = doc.span(el)
    tag = doc.text[sp.start : sp.open_end]
    out = []
    for m in _ATTR.finditer(tag):
        g = 5 if m.group(5) is not None else 6
        out.append(AttrSpan(m.group(2), m.group(g), sp.start + m.start(1), sp.start + m.start(g), sp.start + m.end(g), sp.start + m.end(4)))
    return out


def attribute(doc: XmlDocument, el, name: str) -> AttrSpan | None:
    return next((a for a in attributes(doc, el) if a.name == name), None)


def set_attribute(doc: XmlDocument, el, name: str, value: str, reason: str) -> bool:
    """Change an attribute value in place, or append it; returns True when the text changes."""
    from xml.sax.saxutils import escape  # imports urllib.request, http and ssl: only when an attribute changes

    a = attribute(doc, el, name)
    escaped = escape(value, {'"': "&quot;"})
    if a is not None:
        if a.value == escaped:
            return False
        doc.splice(a.value_start, a.value_end, escaped, reason)
    else:
        sp = doc.span(el)
        end = sp.open_end - (2 if sp.self_closing else 1)
        while end > sp.start and doc.text[end - 1] in " \t":
            end -= 1
        doc.splice(end, end, f' {name}="{escaped}"', reason)
    el.set(name, value)
    return True


def remove_attribute(doc: XmlDocument, el, name: str, reason: str) -> bool:
    a = attribute(doc, el, name)
    if a is None:
        return False
    doc.splice(a.start, a.end, "", reason)
    el.attrib.pop(name, None)
    return True


def elements(doc: XmlDocument, namespaces: tuple[str, ...], name: str | None = None) -> list:
    """Elements of the given namespaces (optionally of one local ``name``), in document order."""
    out = []
    for el in doc.root.iter():
        if not isinstance(el.tag, str) or doc.span(el) is None:
            continue
        ns = el.tag[1:].split("}", 1)[0] if el.tag.startswith("{") else None
        if ns in namespaces and (name is None or local(el) == name):
            out.append(el)
    return out
