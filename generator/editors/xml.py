"""Format-preserving XML editing: lxml finds, the original text is spliced.

lxml parses safely (no entity expansion, no DTD, no network, no huge trees)
and gives the tree we query. A small scanner over the same text records where
every element starts and ends; both list elements in document order, so the
n-th element of one is the n-th of the other. Edits are splices of the
original text, so comments, CDATA, attribute order, the XML declaration,
indentation and line endings are never re-serialized.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..errors import MeshifyError
from .text import Comment, TextDocument

PARSER_ARGS = dict(  # also used by bench/floor.py, so the floor parses exactly as meshify does
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
    remove_comments=False,
    strip_cdata=False,
)

_TAG_BODY = re.compile(r"""(?:[^>"']|"[^"]*"|'[^']*')*>""")


@dataclass
class Span:
    start: int  # offset of "<"
    open_end: int  # offset just after the start tag's ">"
    close_start: int  # offset of "</" (== open_end for an empty-element tag)
    end: int  # offset just after the element
    self_closing: bool


def local(el) -> str:
    """The local name of an element ("{uri}name" or "name"); "" for comments and processing instructions."""
    tag = el.tag
    return tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""


def _scan_elements(text: str, path: str) -> list[Span]:
    spans: list[Span] = []
    stack: list[int] = []
    pos = 0
    n = len(text)
    while True:
        i = text.find("<", pos)
        if i < 0:
            break
        if text.startswith("<!--", i):
            j = text.find("-->", i + 4)
            pos = n if j < 0 else j + 3
        elif text.startswith("<![CDATA[", i):
            j = text.find("]]>", i + 9)
            pos = n if j < 0 else j + 3
        elif text.startswith("<?", i):
            j = text.find("?>", i + 2)
            pos = n if j < 0 else j + 2
        elif text.startswith("<!", i):  # DOCTYPE, possibly with an internal subset
            depth, k, quote = 0, i + 2, ""
            while k < n:
                c = text[k]
                if not quote and text.startswith("<!--", k):  # a comment may hold quotes or brackets
                    j = text.find("-->", k + 4)
                    k = n if j < 0 else j + 3
                    continue
                if quote:
                    if c == quote:
                        quote = ""
                elif c in "\"'":
                    quote = c
                elif c == "[":
                    depth += 1
                elif c == "]":
                    depth -= 1
                elif c == ">" and depth <= 0:
                    break
                k += 1
            pos = k + 1
        elif text.startswith("</", i):
            j = text.find(">", i)
            if not stack:
                raise MeshifyError("unbalanced end tag", path)
            span = spans[stack.pop()]
            span.close_start = i
            span.end = j + 1
            pos = j + 1
        else:
            m = _TAG_BODY.match(text, i + 1)
            if not m:
                raise MeshifyError("unterminated tag", path)
            j = m.end()
            self_closing = text[j - 2] == "/"
            spans.append(Span(i, j, j, j, self_closing))
            if not self_closing:
                stack.append(len(spans) - 1)
            pos = j
    return spans


class XmlDocument(TextDocument):
    """An XML file that can be queried with lxml and edited by splicing."""

    def __post_init__(self) -> None:
        super().__post_init__()
        parser = etree.XMLParser(**PARSER_ARGS)
        try:
            self.root = etree.fromstring(self.original, parser)
        except etree.XMLSyntaxError as e:
            line = e.lineno if getattr(e, "lineno", None) else None
            raise MeshifyError(f"XML syntax error: {e.msg}", self.path, line, hint="fix the file, then run meshify again") from None
        if self.root is None:
            raise MeshifyError("empty XML document", self.path)
        elements = [el for el in self.root.iter() if isinstance(el.tag, str)]
        spans = _scan_elements(self.text, self.path)
        if len(spans) != len(elements):
            raise MeshifyError(
                "could not map the XML text to its elements (unusual markup)",
                self.path,
                hint="report this file to the meshify maintainers",
            )
        self._spans = {id(el): sp for el, sp in zip(elements, spans, strict=True)}
        self._keep = elements  # keep proxies alive so id() stays unique
        self.ns = self.root.nsmap.get(None)
        self._edited: dict[int, str] = {}  # element -> text set by this run
        self.tree_edits = 0  # edits that changed the tree (text set, element removed): caches of queries compare it

    # queries ----------------------------------------------------------------
    def memo(self, key: str, build):
        """``build()``, asked once until the tree changes (a text set, an element removed, a new parse):
        for queries rules ask again and again (a pom's coordinates, its properties)."""
        m = self.__dict__.get("_tree_memo")
        if m is None or m[0] is not self.root or m[1] != self.tree_edits:
            m = self._tree_memo = (self.root, self.tree_edits, {})
        try:
            return m[2][key]
        except KeyError:
            got = m[2][key] = build()
            return got

    def span(self, el) -> Span | None:
        return self._spans.get(id(el))

    def line(self, el) -> int:
        sp = self.span(el)
        return self.line_of(sp.start) if sp else (el.sourceline or 0)

    def comments_above(self, el) -> list[Comment]:
        """One-line ``<!-- ... -->`` comments right above an element that starts its line; a commented-out
        element (``<!-- <dubbo:registry .../> -->``) is no prose: left out."""
        sp = self.span(el)
        if sp is None:
            return []
        pos = self.line_start(sp.start)
        if self.text[pos : sp.start].strip():
            return []
        out: list[Comment] = []
        while pos > 0:
            prev = self.line_start(pos - 1)
            t = self.text[prev:pos]
            m = re.fullmatch(r"([ \t]*<!--[ \t]*)(.*?)([ \t]*-->)[ \t]*\r?\n?", t)
            if m is None or "--" in m.group(2):
                break
            if m.group(2) and not m.group(2).startswith("<"):
                out.append(Comment(prev, pos, m.group(1), m.group(2), m.group(3)))
            pos = prev
        return out[::-1]

    def children(self, el, name: str) -> list:
        out = []
        for c in el:
            tag = c.tag
            if isinstance(tag, str) and tag[tag.rfind("}") + 1:] == name:
                out.append(c)
        return out

    def child(self, el, name: str):
        """The first child element named ``name``, or None."""
        for c in el:
            tag = c.tag
            if isinstance(tag, str) and tag[tag.rfind("}") + 1:] == name:
                return c
        return None

    def path_find(self, el, *names: str):
        for name in names:
            if el is None:
                return None
            el = self.child(el, name)
        return el

    def text_of(self, el) -> str | None:
        """Text of a leaf element as written (entity references are not expanded)."""
        if el is None:
            return None
        if id(el) in self._edited:
            return self._edited[id(el)]
        sp = self.span(el)
        if sp is None:
            return (el.text or "").strip()
        raw = self.text[sp.open_end : sp.close_start]
        if raw.startswith("<![CDATA[") and raw.endswith("]]>"):
            raw = raw[9:-3]
        return raw.strip()

    def indent_of(self, el) -> str:
        sp = self.span(el)
        ls = self.line_start(sp.start)
        prefix = self.text[ls : sp.start]
        return prefix if prefix.strip() == "" else ""

    def indent_unit(self) -> str:
        """The file's one-level indentation (tab, 2 or 4 spaces), read from the root's children."""
        for el in self.root:
            if isinstance(el.tag, str) and self.span(el):
                ind = self.indent_of(el)
                if ind:
                    return ind
        return "    "

    # edits ------------------------------------------------------------------
    def set_text(self, el, value: str, reason: str) -> None:
        sp = self.span(el)
        if sp.self_closing:
            tag = self.text[sp.start + 1 : sp.open_end - 2].rstrip()
            self.splice(sp.start, sp.end, f"<{tag}>{value}</{local(el)}>", reason)
        else:
            self.splice(sp.open_end, sp.close_start, value, reason)
        el.text = value
        self._edited[id(el)] = value
        self.tree_edits += 1

    def remove(self, el, reason: str) -> None:
        """Remove an element with its whole line(s) when it stands alone on them."""
        sp = self.span(el)
        start, end = sp.start, sp.end
        ls = self.line_start(start)
        le = self.line_end(end) if end < len(self.text) else end
        before = self.text[ls:start]
        after = self.text[end:le]
        if before.strip() == "" and after.strip() == "":
            start, end = ls, le
        self.splice(start, end, "", reason)
        parent = el.getparent()
        if parent is not None:
            # the tail belongs to the previous sibling's layout; keep the tree usable for queries
            parent.remove(el)
            self.tree_edits += 1

    def insert_after(self, ref, snippet_lines: list[str], reason: str) -> None:
        """Insert lines (without indentation of ``ref``) after ``ref``, indented like it."""
        sp = self.span(ref)
        indent = self.indent_of(ref)
        nl = self.newline_near(sp.start)
        text = "".join(nl + indent + line for line in snippet_lines)
        self.splice(sp.end, sp.end, text, reason)

    def append_child(self, parent, snippet_lines: list[str], reason: str) -> None:
        """Insert lines as the last children of ``parent``, indented one level deeper."""
        sp = self.span(parent)
        kids = [c for c in parent if isinstance(c.tag, str) and self.span(c)]
        if kids:
            self.insert_after(kids[-1], snippet_lines, reason)
            return
        indent = self.indent_of(parent)
        child_indent = indent + self.indent_unit()
        nl = self.newline_near(sp.start)
        body = "".join(nl + child_indent + line for line in snippet_lines)
        if sp.self_closing:
            tag = self.text[sp.start + 1 : sp.open_end - 2].rstrip()
            self.splice(sp.start, sp.end, f"<{tag}>{body}{nl}{indent}</{local(parent)}>", reason)
        else:
            inner = self.text[sp.open_end : sp.close_start]
            if inner.strip() == "":
                self.splice(sp.open_end, sp.close_start, body + nl + indent, reason)
            else:
                # only comments or text inside: add our lines just before the closing tag's line
                ls = self.line_start(sp.close_start)
                if self.text[ls : sp.close_start].strip() == "":
                    lines = "".join(child_indent + line + nl for line in snippet_lines)
                    self.splice(ls, ls, lines, reason)
                else:
                    self.splice(sp.close_start, sp.close_start, body + nl + indent, reason)

    def nest(self, lines: list[str], depth: int = 1) -> list[str]:
        unit = self.indent_unit()
        return [unit * depth + line for line in lines]
