"""YAML config files (multi-document, profiles, comments), edited by splicing.

ruamel.yaml's round-trip composer gives the node tree with exact marks; we never
dump it (a ruamel round trip drops leading comments and re-indents). Most files
are composed by libyaml instead (``_fast_compose``), into the same ruamel.yaml
nodes with the same marks, about fifteen times faster; the shapes where the two
differ are left to ruamel.yaml. A key path matches
nested blocks and dotted keys alike: `eureka: {client: ...}` and
`eureka.client.enabled: false` are both under `eureka`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..errors import MeshifyError
from .text import Comment, TextDocument

_PLAIN = re.compile(r"^[A-Za-z0-9_./@-][A-Za-z0-9_./@ -]*$")
_COMMENTED_SETTING = re.compile(r"(?:[\w.-]+:(?:\s|$)|- )")  # "#  address: nacos://...": a setting, not prose
_SPECIAL = {"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"}


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    s = str(value)
    if _PLAIN.match(s) and s.strip() == s and s.lower() not in _SPECIAL and not re.fullmatch(r"[-0-9.+eE]+", s):
        return s
    return json.dumps(s, ensure_ascii=True)


# The limits SnakeYAML (which Spring Boot reads YAML with) applies by default: a file past them
# does not load in the application either. Aliases are never expanded; these bound the walk.
MAX_ALIASES = 50  # aliases to collections, per document (SnakeYAML maxAliasesForCollections)
MAX_DEPTH = 50  # nesting of collections, aliases followed (SnakeYAML nestingDepthLimit)


def check_aliases(docs, path: str) -> None:
    """Refuse alias bombs and recursive aliases before anything walks the node graph."""
    for root in docs:
        _check_document(root, path)


def _check_document(root, path: str) -> None:
    """One document's aliases, counted from zero."""
    seen: set[int] = set()
    aliases = 0
    depth_of: dict[int, int] = {}

    def depth(node, on_path: frozenset) -> int:
        nonlocal aliases
        if not isinstance(node, (MappingNode, SequenceNode)):
            return 0
        key = id(node)
        if key in on_path:
            raise MeshifyError("recursive YAML alias (an anchor used inside itself)", path, node.start_mark.line + 1, hint="Spring Boot cannot load it either")
        if key in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise MeshifyError(f"more than {MAX_ALIASES} YAML aliases to collections (an alias bomb?)", path, node.start_mark.line + 1, hint="Spring Boot refuses it too")
            if key in depth_of:
                return depth_of[key]
        seen.add(key)
        if len(on_path) >= MAX_DEPTH:
            raise MeshifyError(f"YAML nested deeper than {MAX_DEPTH} levels", path, node.start_mark.line + 1)
        inner = on_path | {key}
        children = [c for kv in node.value for c in kv] if isinstance(node, MappingNode) else node.value
        d = 1 + max((depth(c, inner) for c in children), default=0)
        if d + len(on_path) > MAX_DEPTH:
            raise MeshifyError(f"YAML nested deeper than {MAX_DEPTH} levels (aliases followed)", path, node.start_mark.line + 1)
        depth_of[key] = d
        return d

    depth(root, frozenset())


@dataclass
class Match:
    doc: int
    mapping: MappingNode
    index: int
    ancestors: list[tuple[MappingNode, int]]  # outermost first
    path: list[str]  # full key path of the matched entry


# Text the libyaml path leaves to ruamel.yaml: directives, tabs, a BOM, control characters and
# line breaks YAML 1.1 knows but 1.2 does not (NEL, LS, PS), characters past the BMP, tags.
_RUAMEL_ONLY = re.compile("(?:^|\n)%|[\t\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]" r"|(?:^|[\s\[{,:-])!")
_MAP_TAG, _SEQ_TAG, _STR_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"
_LIBYAML: list = []
_PLAIN_TAGS: dict[str, str] = {}


class _Unsupported(Exception):
    pass


def libyaml_parser():
    """PyYAML's libyaml parser and composer (a class: ``parser(text)``), or None without libyaml. Tags are left
    to the caller: a collection's is "map" or "seq", a scalar's "plain", "quoted" (quoted or block) or "other"
    (a non-specific tag, ``!``)."""
    if not _LIBYAML:
        try:
            from yaml._yaml import CParser
        except ImportError:  # PyYAML without libyaml
            _LIBYAML.append(None)
        else:
            class _Parser(CParser):
                def resolve(self, kind, value, implicit):
                    if value is None:
                        return "map" if kind.__name__ == "MappingNode" else "seq"
                    if implicit[0]:
                        return "plain"
                    return "quoted" if implicit[1] else "other"

                def descend_resolver(self, *args):
                    pass

                def ascend_resolver(self, *args):
                    pass

            _LIBYAML.append(_Parser)
    return _LIBYAML[0]


def _fast_compose(text: str) -> list | None:
    """The documents of ``text`` as ruamel.yaml's round-trip composer builds them (node types, tags,
    values, styles, marks, shared alias nodes), composed by libyaml; None when the text is one
    ruamel.yaml must read (see ``_RUAMEL_ONLY``), has an explicit tag, or does not parse: the caller
    then composes with ruamel.yaml, which also words the errors. ``tests/editors/test_yaml_compose.py``
    compares both on every YAML file of the samples and the tests, and on generated documents."""
    parser = libyaml_parser()
    if parser is None or _RUAMEL_ONLY.search(text):
        return None
    from yaml import YAMLError

    p = parser(text)
    try:
        docs = []
        while p.check_node():
            docs.append(p.get_node())
    except (YAMLError, RecursionError):
        return None
    end = None
    if text and text[-1] not in "\r\n":
        # libyaml ends the last line as if the file ended with a line break: ruamel.yaml's mark at
        # the end of the text stays on that line (same index, another line and column)
        from yaml.error import Mark

        last = max(text.rfind("\n"), text.rfind("\r")) + 1
        end = Mark(None, len(text), text.count("\n") + text.count("\r") - text.count("\r\n"), len(text) - last, None, None)
    try:
        return _Nodes(end).convert(docs)
    except (_Unsupported, RecursionError):
        return None


class _Nodes:
    """libyaml's nodes -> ruamel.yaml's, each node once (an alias stays the anchored node itself)."""

    def __init__(self, end):
        self.made: dict[int, object] = {}
        self.end = end  # the mark at the end of a text without a final line break, or None

    def convert(self, docs: list) -> list:
        return [self.node(d) for d in docs]

    def _end_mark(self, node):
        end = self.end
        return end if end is not None and node.end_mark.index == end.index else node.end_mark

    def node(self, node):
        made = self.made.get(id(node))
        if made is not None:
            return made
        tag = node.tag
        if isinstance(node.value, str):
            if not node.value and node.start_mark.index == node.end_mark.index:
                # an empty value: ruamel.yaml marks it where the next token starts, or after the colon
                # when a comment follows it; libyaml always after the colon
                raise _Unsupported("empty scalar")
            if node.style == ">":
                raise _Unsupported("folded scalar")  # ruamel.yaml keeps its folds in the value, as "\a"
            if tag == "plain":
                tag = _PLAIN_TAGS.get(node.value)
                if tag is None:
                    tag = _PLAIN_TAGS[node.value] = _resolver().resolve(ScalarNode, node.value, (True, False))
            elif tag == "quoted":  # quoted, or a literal block (folded ones are left above)
                tag = _STR_TAG
            else:
                raise _Unsupported(tag)
            made = self.made[id(node)] = ScalarNode(tag, node.value, node.start_mark, self._end_mark(node), node.style or None)
        elif tag == "map":
            made = self.made[id(node)] = MappingNode(_MAP_TAG, [], node.start_mark, self._end_mark(node), node.flow_style)
            made.value.extend((self.node(k), self.node(v)) for k, v in node.value)
        elif tag == "seq":
            made = self.made[id(node)] = SequenceNode(_SEQ_TAG, [], node.start_mark, self._end_mark(node), node.flow_style)
            made.value.extend(self.node(v) for v in node.value)
        else:
            raise _Unsupported(tag)
        return made


_RESOLVER: list = []


def _resolver():
    """What ruamel.yaml's round-trip composer resolves plain scalars with (YAML 1.2: no directive here)."""
    if not _RESOLVER:
        from ruamel.yaml.resolver import VersionedResolver

        _RESOLVER.append(VersionedResolver(version=None))
    return _RESOLVER[0]


class YamlDocument(TextDocument):
    def __post_init__(self) -> None:
        super().__post_init__()
        fast = _fast_compose(self.text)
        if fast is not None:
            self.docs = fast
        else:
            self.docs = self._ruamel_compose()
        check_aliases(self.docs, self.path)
        self._pending: dict[tuple[int, int], tuple[int, int, dict]] = {}
        self._profiles: dict[int, str | None] = {}  # profile_of, once per document of this parse
        self._exact: dict[int, dict[tuple[str, ...], Match]] = {}  # _find_exact's index, per document
        self._drop_final_newline = False  # a removal reached the end of a text without a final newline

    def _ruamel_compose(self) -> list:
        try:
            return list(YAML(typ="rt").compose_all(self.text))
        except MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else None
            raise MeshifyError(f"YAML syntax error: {e.problem or e.context}", self.path, line, hint="fix the file, then run meshify again") from None
        except RecursionError:
            raise MeshifyError(f"YAML nested deeper than {MAX_DEPTH} levels", self.path) from None
        except Exception as e:  # ruamel raises a few unmarked errors too
            raise MeshifyError(f"YAML error: {e}", self.path) from None

    # queries ---------------------------------------------------------------
    def profile_of(self, doc: int) -> str | None:
        """The profile a document is activated for, or None for the default document."""
        try:
            return self._profiles[doc]
        except KeyError:
            pass
        found = None
        for path in (["spring", "config", "activate", "on-profile"], ["spring", "profiles"]):
            m = self._find_exact(doc, path)
            if m and isinstance(m.mapping.value[m.index][1], ScalarNode):
                found = m.mapping.value[m.index][1].value
                break
        self._profiles[doc] = found
        return found

    def _walk(self, doc: int, node, prefix: list[str], path: list[str], ancestors, out: list[Match]) -> None:
        if not isinstance(node, MappingNode):
            return
        for i, (k, v) in enumerate(node.value):
            if not isinstance(k, ScalarNode):
                continue
            kparts = str(k.value).split(".")
            rem = prefix
            n = min(len(kparts), len(rem))
            if all(r == "*" or r == kp for r, kp in zip(rem[:n], kparts[:n], strict=True)):
                if len(kparts) >= len(rem):
                    out.append(Match(doc, node, i, list(ancestors), path + kparts))
                else:
                    self._walk(doc, v, rem[len(kparts) :], path + kparts, ancestors + [(node, i)], out)

    def find(self, prefix: list[str]) -> list[Match]:
        """Entries whose key path starts with ``prefix`` (``*`` matches one segment), in every document."""
        out: list[Match] = []
        for d, root in enumerate(self.docs):
            self._walk(d, root, prefix, [], [], out)
        return out

    def _find_exact(self, doc: int, path: list[str]) -> Match | None:
        """The first entry (in document order) whose whole key path is ``path``: what ``find(path)`` lists
        first with exactly that path, from an index of the document's key paths built on the first call
        (the node tree never changes: edits are spliced into the text)."""
        if doc >= len(self.docs):
            return None
        index = self._exact.get(doc)
        if index is None:
            index = self._exact[doc] = {}
            self._index(self.docs[doc], (), (), index)
        key = tuple(path)
        found = index.get(key)
        if found is None:
            return None
        mapping, i, ancestors = found
        return Match(doc, mapping, i, list(ancestors), list(key))

    @staticmethod
    def _index(node, path: tuple[str, ...], ancestors: tuple, index: dict) -> None:
        """key path -> (mapping, entry index, ancestors) of the first entry with that path, depth first."""
        if not isinstance(node, MappingNode):
            return
        for i, (k, v) in enumerate(node.value):
            if not isinstance(k, ScalarNode):
                continue
            full = (*path, *str(k.value).split("."))
            if full not in index:
                index[full] = (node, i, ancestors)  # one ancestors tuple shared by the mapping's entries
            if isinstance(v, MappingNode):
                YamlDocument._index(v, full, (*ancestors, (node, i)), index)

    def render(self) -> bytes:
        self._exact.clear()  # asked during the rules; rebuilt if anything asks again
        return super().render()

    def _gone(self, key_node) -> bool:
        """Whether an earlier rule removed the entry of this key."""
        return self.removed(key_node.start_mark.index, key_node.end_mark.index)

    def render_text(self) -> str:
        out = super().render_text()
        if self._drop_final_newline and not self.text.endswith("\n"):
            out = out[:-2] if out.endswith("\r\n") else out[:-1] if out.endswith("\n") else out
        return out

    def get(self, path: list[str], doc: int | None = None) -> str | None:
        """Scalar value at ``path`` in the default document(s) (or in ``doc``)."""
        docs = [doc] if doc is not None else [d for d in range(len(self.docs)) if self.profile_of(d) is None]
        value = None
        for d in docs:
            m = self._find_exact(d, path)
            if m is not None:
                v = m.mapping.value[m.index][1]
                if isinstance(v, ScalarNode):
                    value = v.value
        return value

    def line_of_match(self, m: Match) -> int:
        return m.mapping.value[m.index][0].start_mark.line + 1

    def leaves(self, doc: int) -> list[tuple[list[str], ScalarNode]]:
        """(path, scalar) pairs of a document, dotted keys split."""
        out: list[tuple[list[str], ScalarNode]] = []

        def walk(node, path):
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    walk(v, path + str(k.value).split("."))
            elif isinstance(node, SequenceNode):
                for i, item in enumerate(node.value):
                    walk(item, path[:-1] + [f"{path[-1] if path else ''}[{i}]"])
            elif isinstance(node, ScalarNode):
                out.append((path, node))

        if doc < len(self.docs):
            walk(self.docs[doc], [])
        return out

    # spans -----------------------------------------------------------------
    def _line_text(self, start: int) -> str:
        return self.text[start : self.line_end(start)]

    def _is_blank(self, start: int) -> bool:
        return self._line_text(start).strip() == ""

    def _is_comment(self, start: int) -> bool:
        return self._line_text(start).lstrip().startswith("#")

    def _indent(self, start: int) -> int:
        t = self._line_text(start)
        return len(t) - len(t.lstrip(" "))

    def _attached(self, pos: int, col: int) -> list[Comment]:
        """The prose comment lines right above the line at ``pos``, at its indentation ``col``."""
        out: list[Comment] = []
        while pos > 0:
            prev = self.line_start(pos - 1)
            if not self._is_comment(prev) or self._indent(prev) != col:
                break
            t = self._line_text(prev)
            lead = re.match(r" *#+[ \t]*", t).group(0)
            prose = t[len(lead) :].strip()
            if prose and not _COMMENTED_SETTING.match(prose):
                out.append(Comment(prev, self.line_end(prev), lead, prose))
            pos = prev
        return out[::-1]

    def comments_above(self, line: int) -> list[Comment]:
        """Comment lines that introduce the setting on ``line``: right above it at its indentation, and right
        above its enclosing key (the block or the list item that holds it, over the siblings before it)."""
        pos = self.offset_of_line(line)
        col = self._indent(pos)
        out = self._attached(pos, col)
        p = pos
        while p > 0 and col > 0:
            p = self.line_start(p - 1)
            if self._is_blank(p) or self._is_comment(p):
                continue
            ind = self._indent(p)
            if ind < col:
                if not self._line_text(p).startswith(("---", "...")):
                    out = self._attached(p, ind) + out
                break
        return out

    def _entry_span(self, mapping: MappingNode, i: int, attached_comments: bool = True) -> tuple[int, int]:
        key = mapping.value[i][0]
        col = key.start_mark.column
        start = self.line_start(key.start_mark.index)
        if self.text[start : key.start_mark.index].strip() != "":
            raise MeshifyError("cannot edit an inline or flow-style YAML entry", self.path, key.start_mark.line + 1, hint="rewrite it in block style")
        if attached_comments:
            key_line = start
            while start > 0:
                prev = self.line_start(start - 1)
                if self._is_comment(prev) and self._indent(prev) == col:
                    start = prev
                else:
                    break
            if start == 0 and self.docs and mapping is self.docs[0]:
                # comments that open the file describe the file, not its first key, except the
                # last lines of that opening block when they name the key ("... the Eureka registry below")
                start = key_line
                name = str(key.value).lower()
                while start > 0:
                    prev = self.line_start(start - 1)
                    if self._is_comment(prev) and self._indent(prev) == col and name in self._line_text(prev).lower():
                        start = prev
                    else:
                        break
        if i + 1 < len(mapping.value):
            end = self.line_start(mapping.value[i + 1][0].start_mark.index)
        else:
            end = mapping.end_mark.index
            if end < len(self.text) and self.line_start(end) != end:
                if self.text[self.line_start(end) : end].strip() == "":
                    # a nested block ends where the next, less indented key starts: keep that line
                    end = self.line_start(end)
                else:
                    end = self.line_end(end)
        # trailing blank lines and comments at our level or above belong to what follows
        key_line_end = self.line_end(key.start_mark.index)
        while end > key_line_end:
            prev = self.line_start(end - 1)
            if self._is_blank(prev) or (self._is_comment(prev) and self._indent(prev) <= col):
                end = prev
            else:
                break
        return start, end

    # edits -----------------------------------------------------------------
    def remove(self, matches: list[Match], reason: str) -> int:
        """Remove matched entries; a mapping left empty goes with its key. Returns entries removed."""
        if not matches:
            return 0
        removed: dict[int, set[int]] = {}
        nodes: dict[int, MappingNode] = {}
        parents: dict[int, tuple[MappingNode, int] | None] = {}
        for m in matches:
            removed.setdefault(id(m.mapping), set()).add(m.index)
            nodes[id(m.mapping)] = m.mapping
            chain = m.ancestors + [(m.mapping, m.index)]
            for j, (mp, _idx) in enumerate(chain):
                nodes[id(mp)] = mp
                parents[id(mp)] = chain[j - 1] if j > 0 else None
        changed = True
        while changed:  # bubble up: an emptied mapping removes its own entry
            changed = False
            for mid, idxs in list(removed.items()):
                mp = nodes[mid]
                parent = parents.get(mid)
                if parent and len(idxs) == len(mp.value) and not any(k[1] == mid for k in self._pending):  # keys were added to it
                    pm, pi = parent
                    if pi not in removed.setdefault(id(pm), set()):
                        removed[id(pm)].add(pi)
                        changed = True
        # drop entries already covered by a removed ancestor
        def covered(mid: int) -> bool:
            p = parents.get(mid)
            while p:
                pm, pi = p
                if pi in removed.get(id(pm), set()):
                    return True
                p = parents.get(id(pm))
            return False

        count = 0
        for mid, idxs in removed.items():
            if covered(mid) or not idxs:
                continue
            mp = nodes[mid]
            runs: list[list[int]] = []
            for i in sorted(idxs):
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
            for run in runs:
                start, _ = self._entry_span(mp, run[0])
                _, end = self._entry_span(mp, run[-1])
                start, end = self._collapse_blank(start, end)
                if end == len(self.text) and not self.text.endswith("\n") and start > 0:
                    # keep the missing final newline: take the newline before the block instead, unless a key another
                    # rule added above it needs that newline; then the text's last newline goes when it is rendered
                    before = self.newline_before(start)
                    if any(o.start == o.end and before < o.start <= start for o in self.splices):
                        self._drop_final_newline = True
                    else:
                        start = before
                self.splice(start, end, "", reason)
                count += len(run)
        return count

    def _collapse_blank(self, start: int, end: int) -> tuple[int, int]:
        """Avoid leaving two blank lines (or a trailing blank line) where a block was."""
        if start == 0 and end < len(self.text) and self._is_blank(end):
            # a block removed from the top of the file takes the blank line after it
            new_end = self.line_end(end)
            if not any(s.start < new_end and end < s.end for s in self.splices):
                return start, new_end
        before_blank = start > 0 and self._is_blank(self.line_start(start - 1))
        at_end = end >= len(self.text) or self.text.startswith("---", end) or self.text.startswith("...", end)
        if before_blank and end < len(self.text) and self._is_blank(end) and not at_end:
            new_end = self.line_end(end)
            if not any(s.start < new_end and end < s.end for s in self.splices):
                return start, new_end
        if before_blank and at_end:
            s0 = self.line_start(start - 1)
            if not any(s.start < start and s0 < s.end for s in self.splices):
                return s0, end
        return start, end

    def _indent_unit(self) -> int:
        diffs = []
        for d in range(len(self.docs)):

            def walk(node, col):
                if isinstance(node, MappingNode):
                    for k, v in node.value:
                        if col is not None and k.start_mark.column > col:
                            diffs.append(k.start_mark.column - col)
                        if isinstance(v, MappingNode):
                            walk(v, k.start_mark.column)

            walk(self.docs[d], None)
        return min(diffs) if diffs else 2

    def set(self, path: list[str], value, reason: str, doc: int | None = None) -> None:
        """Set a scalar in the default document: replace it in place or add the missing keys."""
        if doc is None:
            doc = next((d for d in range(len(self.docs)) if self.profile_of(d) is None), 0)
        m = self._find_exact(doc, path)
        if m is not None and self._gone(m.mapping.value[m.index][0]):
            m = None  # removed by an earlier rule: written again, as a new key
        text = scalar(value)
        if m is not None:
            v = m.mapping.value[m.index][1]
            if isinstance(v, ScalarNode):
                if v.value != (value if isinstance(value, str) else text):
                    if v.start_mark.index == v.end_mark.index and v.value == "":
                        # an empty (null) value has no text: write after the key's colon
                        k = m.mapping.value[m.index][0]
                        colon = self.text.index(":", k.end_mark.index)
                        self.splice(colon + 1, colon + 1, " " + text, reason)
                    else:
                        self.splice(v.start_mark.index, v.end_mark.index, text, reason)
                return
            raise MeshifyError(f"expected a value at {'.'.join(path)}, found a block", self.path, v.start_mark.line + 1)
        # deepest existing mapping along the path (nested blocks only)
        node = self.docs[doc] if doc < len(self.docs) else None
        rem = list(path)
        while isinstance(node, MappingNode) and rem:
            nxt = None
            for k, v in node.value:
                if str(k.value) == rem[0] and not self._gone(k):  # a block an earlier rule removed is not there
                    if not isinstance(v, MappingNode) and not (isinstance(v, ScalarNode) and v.value == "" and len(rem) == 1):
                        # adding the key beside it would write a duplicate key
                        raise MeshifyError(f"cannot set {'.'.join(path)}: {k.value} holds a value, not a block", self.path, k.start_mark.line + 1)
                    if isinstance(v, MappingNode):
                        nxt = v
                        break
            if nxt is None:
                break
            node = nxt
            rem = rem[1:]
        if node is not None and node is self.docs[doc] and not isinstance(node, MappingNode) and not (isinstance(node, ScalarNode) and node.tag.endswith(":null")):
            kind = "a list" if isinstance(node, SequenceNode) else "a single value"
            raise MeshifyError(f"cannot set {'.'.join(path)}: the YAML document is {kind}, not a map of keys", self.path, node.start_mark.line + 1, hint="Spring Boot reads keys from a map; fix the file")
        if isinstance(node, MappingNode) and len(rem) > 1 and any(str(k.value).startswith(rem[0] + ".") for k, _ in node.value):
            # the file writes this block as dotted keys (``protocol.name: tri``): so does the new one
            rem = [".".join(rem)]
        key = (doc, id(node) if node is not None else -1)
        if key not in self._pending:
            kept = [i for i, (k, _) in enumerate(node.value) if not self._gone(k)] if isinstance(node, MappingNode) else []
            if isinstance(node, MappingNode) and node.value:
                col = node.value[0][0].start_mark.column
                # after the last entry that stays; where every entry goes, where the first one stood
                pos = self._entry_span(node, kept[-1])[1] if kept else self._entry_span(node, 0)[0]
            else:
                col, pos = 0, self._doc_insert_point(doc)
            self._pending[key] = (col, pos, {})
        col, pos, tree = self._pending[key]
        t = tree
        for part in rem[:-1]:
            t = t.setdefault(part, {})
        t[rem[-1]] = text
        self._flush_one(key, reason)

    def _doc_insert_point(self, doc: int) -> int:
        if doc < len(self.docs) and self.docs[doc] is not None:
            return self.docs[doc].end_mark.index
        return len(self.text)

    def _flush_one(self, key, reason: str) -> None:
        col, pos, tree = self._pending[key]
        unit = self._indent_unit()
        nl = self.newline
        lines: list[str] = []

        def emit(t: dict, depth: int) -> None:
            for k, v in t.items():
                ind = " " * (col + depth * unit)
                if isinstance(v, dict):
                    lines.append(f"{ind}{k}:")
                    emit(v, depth + 1)
                else:
                    lines.append(f"{ind}{k}: {v}")

        emit(tree, 0)
        body = "".join(line + nl for line in lines)
        before = pos  # where the text kept before ``pos`` ends, once removals that end at ``pos`` are made
        while (gone := next((o for o in self.splices if o.text == "" and o.start < o.end == before), None)) is not None:
            before = gone.start
        if before > 0 and not self.text[:before].endswith("\n"):
            body = nl + body
            if pos == len(self.text):  # the file had no final newline: neither has it now
                body = body[: -len(nl)]
        # replace our previous insertion at this point (several keys merge into one block)
        self.splices = [s for s in self.splices if not (s.start == pos and s.end == pos and getattr(s, "tag", None) == key)]
        from .text import Splice

        shrunk = False
        for o in self.splices:
            if o.text == "" and o.start < pos < o.end == len(self.text) and self.text[o.start:pos].strip() == "":
                # a removal that ends the file took the newline this key's line needs: it starts here instead,
                # and the text's last newline goes when it is rendered (the file still ends without one)
                o.start = pos
                self._drop_final_newline = shrunk = True
        if shrunk:  # blocks already added at the end of the file were laid out for the newline that stays now
            for other, (_, at, _) in list(self._pending.items()):
                if other != key and at == len(self.text):
                    self._flush_one(other, reason)
        sp = Splice(pos, pos, body)
        sp.tag = key  # type: ignore[attr-defined]
        sp.col = col  # type: ignore[attr-defined]
        # a block that closes a nested mapping and one that closes its parent can end at the same offset:
        # the deeper keys go first, or they would read as children of the parent's new block
        at = next((i for i, o in enumerate(self.splices) if o.start == o.end == pos and getattr(o, "col", -1) < col), None)
        if at is None:
            self.splices.append(sp)
        else:
            self.splices.insert(at, sp)
        if reason not in self.reasons:
            self.reasons.append(reason)
