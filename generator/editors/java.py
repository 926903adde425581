"""Java sources: the smallest edit that compiles (an annotation and its import).

Searches run over a masked copy of the text in which comments and string
literals are blanked out (same length), so commented-out code and strings
that look like annotations are never touched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MeshifyError
from .text import TextDocument


_MASK_START = re.compile(r"/[/*]|[\"']")  # where a comment or a literal can start
_NOT_NEWLINE = re.compile(r"[^\n]")
_LITERAL_BODY = {q: re.compile(rf"(?:[^{q}\\\n]|\\[\s\S])*") for q in "\"'"}  # up to the closing quote or the line's end


def mask(text: str, unterminated: list | None = None) -> str:
    """Blank out comments and literals; an unterminated comment or text block is appended to ``unterminated``.

    Comments and text blocks keep their line breaks; a string or char literal is blanked up to its closing
    quote or the end of its line (an escaped character, a line break too, is part of it)."""
    parts: list[str] = []
    last = 0  # text[last:] is not copied yet
    i, n = 0, len(text)
    while True:
        m = _MASK_START.search(text, i)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c == "/" and text[i + 1] == "/":
            j = text.find("\n", i)
            j = n if j < 0 else j
            parts += (text[last:i], " " * (j - i))
            last = i = j
        elif c == "/":
            j = text.find("*/", i + 2)
            if j < 0 and unterminated is not None:
                unterminated.append(("comment", i))
            j = n if j < 0 else j + 2
            parts += (text[last:i], _NOT_NEWLINE.sub(" ", text[i:j]))
            last = i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            if j < 0 and unterminated is not None:
                unterminated.append(("text block", i))
            j = n if j < 0 else j + 3
            a, b = i + 3, j - 3
            if b > a:
                parts += (text[last:a], _NOT_NEWLINE.sub(" ", text[a:b]))
                last = b
            i = j
        else:
            j = _LITERAL_BODY[c].match(text, i + 1).end()
            if j == n - 1 and text[j] == "\\":
                j = n  # a backslash ending the text escapes nothing
            if j > i + 1:
                parts += (text[last : i + 1], " " * (j - i - 1))
                last = j
            i = j + 1
    parts.append(text[last:])
    return "".join(parts)


@dataclass
class Annotation:
    name: str  # simple or qualified name as written
    start: int  # offset of "@"
    end: int  # offset after the name, or after the closing ")" of its arguments
    args_start: int | None  # offset after "("
    args_end: int | None  # offset of ")"


_ANNOTATION = re.compile(r"@\s*([A-Za-z_][\w.]*)")
_IMPORT = re.compile(r"^[ \t]*import[ \t]+(static[ \t]+)?([\w.]+(?:\.\*)?)[ \t]*;[^\n]*\n?", re.M)
_PACKAGE = re.compile(r"^[ \t]*package[ \t]+[\w.]+[ \t]*;[^\n]*\n?", re.M)


class JavaDocument(TextDocument):
    def __post_init__(self) -> None:
        super().__post_init__()
        bad: list[tuple[str, int]] = []
        self.masked = mask(self.text, bad)
        if bad:
            what, at = bad[0]
            # everything after it would be masked: its annotations (and its service) silently lost
            raise MeshifyError(f"unterminated {what} (javac rejects this file too)", self.path, self.text.count("\n", 0, at) + 1, hint="close it, then run meshify again")

    def imports(self) -> list[tuple[str, int, int]]:
        return [(m.group(2), m.start(), m.end()) for m in _IMPORT.finditer(self.masked)]

    def has_import(self, fqn: str) -> bool:
        pkg = fqn.rsplit(".", 1)[0]
        return any(name in (fqn, pkg + ".*") for name, _, _ in self.imports())

    def annotations(self, *names: str) -> list[Annotation]:
        """Annotations whose simple or qualified name is one of ``names``."""
        out = []
        for m in _ANNOTATION.finditer(self.masked):
            name = m.group(1)
            if name == "interface":
                continue
            if names and name not in names and name.rsplit(".", 1)[-1] not in names:
                continue
            end = m.end()
            args_start = args_end = None
            j = end
            while j < len(self.masked) and self.masked[j] in " \t\r\n":
                j += 1
            if j < len(self.masked) and self.masked[j] == "(":
                depth, k = 0, j
                while k < len(self.masked):
                    if self.masked[k] == "(":
                        depth += 1
                    elif self.masked[k] == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    k += 1
                args_start, args_end, end = j + 1, k, k + 1
            out.append(Annotation(name, m.start(), end, args_start, args_end))
        return out

    def resolves_to(self, ann: Annotation, fqn: str) -> bool:
        """Whether an annotation as written refers to ``fqn`` (qualified, imported or same package)."""
        if ann.name == fqn:
            return True
        simple = fqn.rsplit(".", 1)[-1]
        if ann.name != simple:
            return False
        if self.has_import(fqn):
            return True
        # imported from another package under the same simple name: not ours
        return False

    def string_args(self, ann: Annotation) -> list[tuple[str | None, str, int, int]]:
        """(attribute or None, literal value, start, end) of string literals in an annotation's arguments."""
        if ann.args_start is None:
            return []
        out = []
        seg = self.text[ann.args_start : ann.args_end]
        for m in re.finditer(r'(?:(\w+)\s*=\s*)?"((?:[^"\\\n]|\\.)*)"', seg):
            out.append((m.group(1), m.group(2), ann.args_start + m.start(2), ann.args_start + m.end(2)))
        return out

    def literal(self, start: int) -> str | None:
        """The text of the string literal whose opening quote is just before ``start`` (found in ``masked``,
        where a literal keeps its quotes and loses its contents), or None when it holds an escape."""
        end = self.masked.find('"', start)
        value = self.text[start:end] if end >= start else None
        return None if value is None or "\\" in value else value

    # edits ----------------------------------------------------------------
    def rename_annotation(self, ann: Annotation, new_simple: str, reason: str) -> None:
        name_start = ann.start + self.masked[ann.start :].index(ann.name)
        self.splice(name_start, name_start + len(ann.name), new_simple, reason)

    def remove_annotation(self, ann: Annotation, reason: str) -> None:
        start, end = ann.start, ann.end
        ls = self.line_start(start)
        le = self.line_end(end)
        if self.masked[ls:start].strip() == "" and self.masked[end:le].strip() == "":
            start, end = ls, le
        self.splice(start, end, "", reason)

    def replace_import(self, old: str, new: str, reason: str) -> None:
        """Swap an import in place; drop it when ``new`` is already imported."""
        for name, start, end in self.imports():
            if name == old:
                if self.has_import(new):
                    self.splice(start, end, "", reason)
                else:
                    seg = self.text[start:end]
                    i = seg.index(old)
                    self.splice(start + i, start + i + len(old), new, reason)
                return
        # ``old`` came in through a wildcard import: the new name still needs its own import
        if self.has_import(old):
            self.add_import(new, reason)

    def add_import(self, fqn: str, reason: str) -> None:
        if self.has_import(fqn):
            return
        imps = self.imports()
        nl = self.newline
        if imps:
            _, _, end = imps[-1]
            text = f"import {fqn};" + nl
            if end == len(self.text) or self.text[end - 1] != "\n":
                text = nl + text.rstrip("\r\n")
            self.splice(end, end, text, reason)
            return
        m = _PACKAGE.search(self.masked)
        pos = m.end() if m else 0
        self.splice(pos, pos, (nl if m else "") + f"import {fqn};" + nl, reason)

    def remove_import(self, fqn: str, reason: str) -> None:
        for name, start, end in self.imports():
            if name == fqn:
                self.splice(start, end, "", reason)

    def uses_simple_name(self, simple: str, exclude: tuple[int, int] | None = None) -> bool:
        for m in re.finditer(rf"\b{re.escape(simple)}\b", self.masked):
            if exclude and exclude[0] <= m.start() < exclude[1]:
                continue
            line = self.masked[self.line_start(m.start()) : m.start()]
            if line.lstrip().startswith("import"):
                continue
            return True
        return False
