"""Byte-faithful text documents: the base of every editor.

Editors never re-serialize a parsed tree. They locate what to change with a
parser, then splice the original text. Untouched bytes therefore survive:
encoding, BOM, CRLF or mixed line endings, tabs, the final newline.

Decoding: strict UTF-8 (a BOM is kept), otherwise ISO-8859-1, which maps every
byte to one character and back, so GBK or Latin-1 files round-trip exactly as
long as meshify only inserts ASCII (it does).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..errors import MeshifyError

MAX_FILE_BYTES = 8 * 1024 * 1024  # a pom or config file larger than this is not hand-written


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding) for file bytes; ``encoding`` re-encodes text to the same bytes."""
    if len(data) > MAX_FILE_BYTES:
        raise MeshifyError(
            f"file is {len(data)} bytes, larger than the {MAX_FILE_BYTES} byte limit for a source file",
            path,
            hint="exclude it with skip_modules in meshify.toml or shrink it",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16/32: the splices below insert single-byte ASCII, which would corrupt such a file
        raise MeshifyError("UTF-16/UTF-32 encoded file is not supported", path, hint="convert it to UTF-8, then run meshify again")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def encode(text: str, encoding: str) -> bytes:
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode(encoding)


def detect_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


class OverlappingEdits(ValueError):
    """Two rules replaced overlapping text differently: a bug in meshify (exit 123), never the user's."""


@dataclass
class Splice:
    start: int
    end: int
    text: str


@dataclass
class TextDocument:
    """Original text plus pending splices; ``render`` applies them."""

    path: str  # POSIX path relative to the repository root
    original: bytes  # what the parse and the splices refer to (the file's bytes until ``rebase``)
    text: str = ""
    encoding: str = "utf-8"
    splices: list[Splice] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    on_disk: bytes | None = None  # the file as read: what the plan diffs against

    def __post_init__(self) -> None:
        if self.on_disk is None:
            self.on_disk = self.original
        self.text, self.encoding = decode(self.original, self.path)
        self.newline = detect_newline(self.text)
        self._line_starts = _line_starts(self.text)

    # positions -------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Offset just after the newline that ends the line holding ``offset`` (or len)."""
        i = self.text.find("\n", offset)
        return len(self.text) if i < 0 else i + 1

    def offset_of_line(self, line: int) -> int:
        """Offset of the start of 1-based ``line`` (len(text) past the end)."""
        if line - 1 < len(self._line_starts):
            return self._line_starts[line - 1]
        return len(self.text)

    def newline_near(self, offset: int) -> str:
        """The line ending used by the line at ``offset`` (mixed files keep local style)."""
        end = self.text.find("\n", offset)
        if end < 0:
            return self.newline
        return "\r\n" if end > 0 and self.text[end - 1] == "\r" else "\n"

    # edits -----------------------------------------------------------------
    def splice(self, start: int, end: int, text: str, reason: str | None = None) -> None:
        """Replace ``text[start:end]``. Deletions that overlap merge into one; other overlaps are a bug."""
        if text == "" and start < end:
            # deleting a region already deleted, or one that contains earlier deletions
            if any(s.text == "" and s.start <= start and end <= s.end for s in self.splices):
                return
            # two rules removing neighbouring blocks may share a newline: one deletion of the union
            while (other := next((s for s in self.splices if s.text == "" and s.start < s.end and start < s.end and s.start < end), None)) is not None:
                start, end = min(start, other.start), max(end, other.end)
                self.splices.remove(other)
            self.splices = [s for s in self.splices if not (s.text == "" and start <= s.start and s.end <= end and s.start < s.end)]
        for s in self.splices:
            if start < s.end and s.start < end:
                raise OverlappingEdits(f"{self.path}: overlapping edits at {start}-{end} and {s.start}-{s.end}")
        self.splices.append(Splice(start, end, text))
        if reason and reason not in self.reasons:
            self.reasons.append(reason)

    def newline_before(self, offset: int) -> int:
        """Where a deletion that ends the file should start so that the kept text still ends
        without a newline: at the newline before ``offset`` and any deletions right above it."""
        region = offset
        while (prev := next((s for s in self.splices if s.text == "" and s.start < s.end == region), None)) is not None:
            region = prev.start
        if region == 0:
            return offset
        return region - (2 if self.text[region - 2 : region] == "\r\n" else 1)

    def removed(self, start: int, end: int) -> bool:
        return any(s.start <= start and end <= s.end and s.start != s.end for s in self.splices)

    def render_text(self) -> str:
        out = []
        pos = 0
        # stable: insertions at the same offset keep the order they were made
        for s in sorted(self.splices, key=lambda s: (s.start, s.end)):
            out.append(self.text[pos : s.start])
            out.append(s.text)
            pos = max(pos, s.end)
        out.append(self.text[pos:])
        return "".join(out)

    def render(self) -> bytes:
        if not self.splices:
            return self.original
        return encode(self.render_text(), self.encoding)

    def rebase(self) -> None:
        """Make the pending edits the text that later edits see, parsed again.

        For a rule that edits what an earlier rule produced (a key inside a block that was
        just removed, a value that was just rewritten). The plan still diffs against ``on_disk``.
        """
        if not self.splices:
            return
        self.original = self.render()
        self.splices = []
        self.__post_init__()

    @property
    def changed(self) -> bool:
        return self.render() != self.on_disk


@dataclass
class Comment:
    """A comment on a line of its own, as the editors find it above a setting."""

    start: int  # the line's start
    end: int  # after its newline
    lead: str  # indentation and comment mark, as written: "  # ", "    <!-- "
    body: str
    close: str = ""  # " -->" in XML


def refresh_comments(doc: TextDocument, comments: list[Comment], stale, text: str, reason: str) -> int:
    """Comments above a setting a rule just changed that speak of what it was ("ZooKeeper service registry"
    above a registry address now N/A): the first that matches ``stale`` becomes ``text``, the other matching
    lines go; every other comment stays. Returns how many lines changed. ``stale``: a pattern, a pattern's
    source (compiled, once, by re's cache, only when there is a comment to test) or anything with ``search``."""
    n = 0
    test = (lambda body: re.search(stale, body)) if isinstance(stale, str) else stale.search
    for c in comments:
        if not test(c.body) or any(s.start < c.end and c.start < s.end for s in doc.splices):
            continue
        line = doc.text[c.start : c.end]
        nl = line[len(line.rstrip("\r\n")) :]
        doc.splice(c.start, c.end, f"{c.lead}{text}{c.close}{nl}" if n == 0 else "", reason)
        n += 1
    return n


def _line_starts(text: str) -> list[int]:
    """Offsets where each line begins (0, and one after every newline)."""
    starts = [0]
    find = text.find
    i = find("\n")
    while i != -1:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts
