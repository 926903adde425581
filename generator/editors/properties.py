"""Java .properties files, edited line by line.

Follows java.util.Properties: `#`/`!` comments, `=`, `:` or whitespace
separators, continuation lines ending in an odd number of backslashes,
escapes in keys. Comments, blank lines, order and separators survive; only
the lines of an entry that is removed or changed differ.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..errors import MeshifyError
from .text import Comment, TextDocument

_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_BAD_UNICODE = re.compile(r"(?<!\\)(?:\\\\)*\\u(?![0-9a-fA-F]{4})")
_COMMENT_LEAD = re.compile(r"[ \t\f]*[#!]+[ \t]*")  # indentation, marks ("##" too), the space after them
_COMMENTED_ENTRY = re.compile(r"[\w.\[\]-]+\s*[=:]")  # "#dubbo.registry.address=nacos://...": a setting, not prose


def _unescape(s: str) -> str:
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", s[i + 2 : i + 6] or ""):
                out.append(chr(int(s[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append(_ESCAPES.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


_CONTROL = {"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}


def escape_value(v: str) -> str:
    out = []
    for i, c in enumerate(v):
        if c == "\\":
            out.append("\\\\")
        elif c in _CONTROL:
            out.append(_CONTROL[c])
        elif c == " " and not v[:i].strip(" "):
            out.append("\\ ")  # leading blanks would be dropped as part of the separator
        elif ord(c) > 126 or ord(c) < 32:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def escape_key(k: str) -> str:
    """A key as written: separators and comment marks are escaped too."""
    return "".join("\\" + c if c in "=: #!" else escape_value(c) for c in k)


@dataclass
class Entry:
    key: str  # unescaped
    value: str  # unescaped, continuation lines joined
    start: int  # offset of the first line's start
    end: int  # offset after the last line's newline
    line: int  # 1-based
    value_start: int  # offset of the value on the first line
    value_end: int  # offset where the value ends (before the newline of the last line)
    separator: str


def _continues(line: str) -> bool:
    stripped = line.rstrip("\r\n")
    n = len(stripped) - len(stripped.rstrip("\\"))
    return n % 2 == 1


class PropertiesDocument(TextDocument):
    def __post_init__(self) -> None:
        super().__post_init__()
        self.entries = self._parse()

    def _parse(self) -> list[Entry]:
        entries: list[Entry] = []
        text = self.text
        pos = 0
        n = len(text)
        while pos < n:
            end = self.line_end(pos)
            line = text[pos:end]
            body = line.lstrip(" \t\f")
            if not body.strip("\r\n") or body[0] in "#!":
                pos = end
                continue
            first = pos
            lines = [line]
            while _continues(lines[-1]) and end < n:
                nxt_end = self.line_end(end)
                lines.append(text[end:nxt_end])
                end = nxt_end
            # key: up to first unescaped separator
            lead = len(line) - len(body)
            i = 0
            while i < len(body):
                c = body[i]
                if c == "\\":
                    i += 2
                    continue
                if c in "=: \t\f\r\n":
                    break
                i += 1
            raw_key = body[:i]
            j = i
            while j < len(body) and body[j] in " \t\f":
                j += 1
            if j < len(body) and body[j] in "=:":
                j += 1
                while j < len(body) and body[j] in " \t\f":
                    j += 1
            value_start = first + lead + j
            last = lines[-1].rstrip("\r\n")
            value_end = end - (len(lines[-1]) - len(last))
            raw_value = text[value_start:value_end]
            parts = re.split(r"\\\r?\n[ \t\f]*", raw_value)
            if _BAD_UNICODE.search(raw_key) or _BAD_UNICODE.search("".join(parts)):
                # java.util.Properties refuses the whole file: IllegalArgumentException
                raise MeshifyError("malformed \\uxxxx escape", self.path, self.line_of(first), hint="fix the file, then run meshify again")
            entries.append(
                Entry(
                    key=_unescape(raw_key),
                    value=_unescape("".join(parts)),
                    start=first,
                    end=end,
                    line=self.line_of(first),
                    value_start=value_start,
                    value_end=value_end,
                    separator=body[i:j],
                )
            )
            pos = end
        return entries

    # queries --------------------------------------------------------------
    def get(self, key: str) -> Entry | None:
        found = None
        for e in self.entries:
            if e.key == key and not self.removed(e.start, e.end):
                found = e  # the last one wins, as in java.util.Properties
        return found

    def keys(self) -> list[str]:
        return [e.key for e in self.entries if not self.removed(e.start, e.end)]

    def matching(self, predicate) -> list[Entry]:
        return [e for e in self.entries if predicate(e.key) and not self.removed(e.start, e.end)]

    def comments_above(self, line: int, section: str = "") -> list[Comment]:
        """Comment lines that introduce the entry on ``line``: right above it, or above the entries of its
        section (keys starting with ``section``) right above it. A commented-out entry is no prose: left out."""
        by_end = {e.end: e for e in self.entries}
        pos = self.offset_of_line(line)
        out: list[Comment] = []
        while pos > 0:
            prev = self.line_start(pos - 1)
            e = by_end.get(pos)
            if e is not None:
                if not section or not e.key.startswith(section):
                    break
                pos = e.start
                continue
            t = self.text[prev:pos]
            mark = _COMMENT_LEAD.match(t)
            if mark is None:
                break
            lead, prose = mark.group(0), t[mark.end() :].strip()
            if prose and not _COMMENTED_ENTRY.match(prose):
                out.append(Comment(prev, pos, lead, prose))
            pos = prev
        return out[::-1]

    # edits ----------------------------------------------------------------
    def remove(self, entry: Entry, reason: str) -> None:
        if self.removed(entry.start, entry.end):
            return
        start, end = entry.start, entry.end
        no_final_newline = end == len(self.text) and not self.text.endswith("\n")
        if no_final_newline:
            # keep the file's missing final newline: take the newline before the entry instead
            start = self.newline_before(start)
        self.splice(start, end, "", reason)

    def _line_spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of every line, newline included."""
        return [(s, self.line_end(s)) for s in self._line_starts if s < len(self.text)]

    def tidy(self, reason: str) -> None:
        """Drop comment paragraphs whose every entry was removed (a heading over nothing)."""
        lines = self._line_spans()
        i = 0
        while i < len(lines):
            if self.text[lines[i][0] : lines[i][1]].strip() == "":
                i += 1
                continue
            j = i
            while j < len(lines) and self.text[lines[j][0] : lines[j][1]].strip() != "":
                j += 1
            start, end = lines[i][0], lines[j - 1][1]
            inside = [e for e in self.entries if start <= e.start < end]
            if inside and all(self.removed(e.start, e.end) for e in inside):
                last_unterminated = j < len(lines) and lines[j][1] == len(self.text) and not self.text.endswith("\n")
                if j < len(lines) and i > 0 and not last_unterminated:  # take one separating blank line with it
                    end = lines[j][1]
                elif j >= len(lines) and i > 0 and self.text[lines[i - 1][0] : lines[i - 1][1]].strip() == "":
                    # the last paragraph: take the blank line before it, or the file ends in one
                    start = lines[i - 1][0]
                    if not self.text.endswith("\n"):
                        # keep the missing final newline: every blank line before the paragraph goes, and
                        # the kept line before them loses its newline
                        k = i - 1
                        while k > 0 and self.text[lines[k - 1][0] : lines[k - 1][1]].strip() == "":
                            k -= 1
                        start = self.newline_before(lines[k][0])
                    self.splices = [sp for sp in self.splices if not (sp.text == "" and start <= sp.start and sp.end <= end and sp.start < sp.end)]
                self.splice(start, end, "", reason)
            i = j
        self._drop_orphan_comments(reason)
        if self.text and not self.text.endswith("\n") and self.splices and all(sp.text == "" for sp in self.splices):
            rendered = self.render_text()
            if rendered.endswith(("\n", "\r")) or (rendered and rendered.strip() == ""):
                # everything after the last line kept went but blank lines: the file had no final newline,
                # nor has it now
                kept_end = 0
                for start, end in reversed(self._line_spans()):
                    body_end = start + len(self.text[start:end].rstrip("\r\n"))
                    if self.text[start:end].strip() and not self.removed(start, body_end):
                        kept_end = body_end
                        break
                self.splice(kept_end, len(self.text), "", reason)

    def _drop_orphan_comments(self, reason: str) -> None:
        """Remove comment lines that only introduced entries now all removed."""
        lines = self._line_spans()
        starts = [a for a, _ in lines]
        by_start: dict[int, object] = {}
        for en in self.entries:
            by_start.setdefault(en.start, en)  # the first entry starting there
        i = 0
        while i < len(lines):
            s, e = lines[i]
            if not self.text[s:e].lstrip().startswith(("#", "!")):
                i += 1
                continue
            j = i
            while j < len(lines) and self.text[lines[j][0] : lines[j][1]].lstrip().startswith(("#", "!")):
                j += 1
            k = j
            entries = []
            while k < len(lines):
                ls, le = lines[k]
                body = self.text[ls:le].strip()
                if not body or body.startswith(("#", "!")):
                    break
                entry = by_start.get(ls)
                if entry is None:
                    k += 1
                    continue
                entries.append(entry)
                k = bisect.bisect_left(starts, entry.end)  # the first line at or after the entry's end
            if entries and all(self.removed(en.start, en.end) for en in entries) and not any(self.removed(a, b) for a, b in lines[i:j]):
                start, end = lines[i][0], lines[j - 1][1]
                if not self.text.endswith("\n") and self._deleted_from(end - 1) >= len(self.text):
                    start = self.newline_before(start)  # everything after goes: keep the missing final newline
                self.splice(start, end, "", reason)
            i = max(j, i + 1)

    def _deleted_from(self, pos: int) -> int:
        """How far the deletions reach from ``pos`` on, without a gap (``pos`` when nothing is deleted there)."""
        for s in sorted((s for s in self.splices if s.text == "" and s.start < s.end), key=lambda s: s.start):
            if s.start <= pos < s.end:
                pos = s.end
        return pos

    def _separator(self) -> str:
        """The file's most used separator; of two used as often, the one met first (never the hash order of a set)."""
        seps = [e.separator for e in self.entries if e.separator]
        return max(dict.fromkeys(seps), key=seps.count) if seps else "="

    def set(self, key: str, value: str, reason: str, comment: str | None = None) -> None:
        """Set ``key``: change the value in place, or append ``key=value`` at the end."""
        e = self.get(key)
        escaped = escape_value(value)
        if e is not None:
            if e.value != value:
                if "=" not in e.separator and ":" not in e.separator:
                    if escaped[:1] in ("=", ":"):
                        escaped = "\\" + escaped  # would be read as the separator
                    if e.separator == "":
                        escaped = self._separator() + escaped  # a bare key: the value would extend the key
                self.splice(e.value_start, e.value_end, escaped, reason)
            return
        self.append([(key, escaped)], reason, comment)

    def append(self, pairs: list[tuple[str, str]], reason: str, comment: str | None = None) -> None:
        nl = self.newline
        sep = self._separator()
        lines = []
        if comment:
            lines.append(f"# {comment}")
        # with a blank separator, a leading "=" or ":" would be read as the separator
        lines += [f"{escape_key(k)}{sep}{chr(92) + v if sep.strip() == '' and v[:1] in ('=', ':') else v}" for k, v in pairs]
        pos = len(self.text)
        prefix = ""
        if self.text and not self.text.endswith("\n"):
            prefix = nl
        # several appends in one run land in the order they were made
        self.splice(pos, pos, prefix + nl.join(lines) + (nl if self.text.endswith("\n") or not self.text else ""), reason)

    def check_syntax(self) -> None:
        for e in self.entries:
            if e.key == "" and e.value:
                raise MeshifyError("property line without a key", self.path, e.line)
