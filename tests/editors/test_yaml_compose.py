"""The YAML editor composes with libyaml where it gives what ruamel.yaml's round-trip composer gives:
the same node types, tags, values, styles and marks (offset, line, column), aliases as shared nodes.
Checked against ruamel.yaml itself on every YAML file of the samples and the tests, on shapes met in
real repositories, and on generated documents; the shapes where they differ go to ruamel.yaml."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.editors import yaml as Y
from generator.editors.yaml import YamlDocument
from generator.errors import MeshifyError

REPO = Path(__file__).resolve().parents[2]


def _sig(node, seen: dict, path: tuple):
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = path
    mark = lambda m: (m.index, m.line, m.column)  # noqa: E731
    head = (type(node).__name__, node.tag, mark(node.start_mark), mark(node.end_mark))
    if isinstance(node.value, str):
        return (*head, node.value, node.style)
    if type(node).__name__ == "MappingNode":
        return (*head, node.flow_style, tuple((_sig(k, seen, (*path, i, 0)), _sig(v, seen, (*path, i, 1))) for i, (k, v) in enumerate(node.value)))
    return (*head, node.flow_style, tuple(_sig(v, seen, (*path, i)) for i, v in enumerate(node.value)))


def _ruamel(text: str) -> list:
    return [_sig(d, {}, ()) for d in YAML(typ="rt").compose_all(text)]


def _same_as_ruamel(text: str) -> bool:
    """True when the libyaml path took ``text`` (and then gave exactly ruamel.yaml's tree); False when it left it to ruamel."""
    fast = Y._fast_compose(text)
    if fast is None:
        return False
    assert [_sig(d, {}, ()) for d in fast] == _ruamel(text)
    return True


def _yaml_files() -> list[Path]:
    out = []
    for top in ("samples", "tests"):
        out += [p for p in sorted((REPO / top).rglob("*")) if p.suffix in (".yml", ".yaml") and p.is_file() and "target" not in p.parts]
    return out


def test_every_yaml_file_of_the_samples_and_tests_composes_as_ruamel_does():
    files = _yaml_files()
    taken = 0
    for path in files:
        try:
            text = path.read_bytes().decode("utf-8")
            _ruamel(text)
        except Exception:
            continue  # not YAML ruamel.yaml reads (a template, a deliberately broken file)
        taken += _same_as_ruamel(text)
    assert len(files) >= 20 and taken > len(files) // 2


SHAPES = {
    "nested blocks, comments, blank lines": "# top\nspring:\n  application:\n    name: a   # trailing\n\n  # above\n  cloud:\n    nacos:\n      discovery:\n        server-addr: 127.0.0.1:8848\n",
    "dotted keys and a profile document": "dubbo.registry.address: zookeeper://zk:2181\ndubbo.protocol.port: 20880\n---\nspring:\n  profiles: docker\ndubbo.registry.address: zookeeper://zookeeper:2181\n",
    "CRLF and no final newline": "a:\r\n  b: 1\r\n  c: [x, y]\r\n# end\r\nd: 'q'",
    "no final newline after a nested block": "a:\n  b:\n    c: 1",
    "Chinese comments and values": "# 注册中心\ndubbo:\n  application:\n    name: 订单服务  # 名称\n  registry:\n    address: nacos://127.0.0.1:8848\n",
    "flow collections": "a: {b: 1, c: [1, 2, {d: e}]}\nf: [ 'x', \"y\" ]\n",
    "literal block scalars": "script: |\n  line one\n  line two\nkeep: |+\n  kept\n\nstrip: |-\n  stripped\nnext: 1\n",
    "quoted scalars with escapes": "a: \"tab\\there \\u00e9 \\\"q\\\"\"\nb: 'it''s # not a comment'\nc: \"multi\n  line\"\n",
    "plain multi-line scalar": "a: one\n  two\n  three\nb: 2\n",
    "anchors, aliases and merge keys": "base: &base\n  timeout: 3000\n  retries: 2\nservice:\n  <<: *base\n  name: x\nlist:\n  - *base\n  - &v 1\n  - *v\n",
    "sequences of mappings": "routes:\n  - id: a\n    uri: lb://a\n    predicates:\n      - Path=/a/**\n  - id: b\n    uri: lb://b\n",
    "document markers": "---\na: 1\n...\n---\nb: 2\n...\n",
    "explicit document start with a comment": "--- # first\na: 1\n",
    "comment-only file": "# nothing here\n# at all\n",
    "empty file": "",
    "keys with spaces, colons and quotes": "'a b': 1\n\"c:d\": 2\ne f: 3\nhttp://x: 4\n",
    "values that resolve to other tags": "i: 10\nf: 1.5\nb: true\nn: null\nt: ~\no: 0o17\nh: 0x1F\ns: yes\nd: 2001-12-14\n",
    "long line and trailing spaces": "a: " + "x" * 5000 + "   \nb: 1   \n",
    "indented sequence under a key": "a:\n- 1\n- 2\nb:\n    - 3\n",
    "nested sequences": "a:\n  - - 1\n    - 2\n  - - 3\n",
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shapes_compose_as_ruamel_does(name):
    assert _same_as_ruamel(SHAPES[name]) or name in ("empty file",)


LEFT_TO_RUAMEL = {
    "an empty value (ruamel marks it at the next token)": "a:\n  b:\nc: 1\n",
    "an empty value before a comment": "a: # nothing\nb: 1\n",
    "a folded scalar (ruamel keeps its folds in the value)": "a: >\n  one\n  two\nb: 1\n",
    "a tag": "a: !!str 1\nb: !custom x\n",
    "a directive": "%YAML 1.1\n---\na: yes\n",
    "a tab": "a:\n\tb: 1\n",
    "a byte-order mark": "\ufeffa: 1\n",
    "NEL, a YAML 1.1 line break": "a: x\x85y\n",
    "a syntax error": "a: [1, 2\nb: 3\n",
}


@pytest.mark.parametrize("name", sorted(LEFT_TO_RUAMEL))
def test_shapes_left_to_ruamel(name):
    text = LEFT_TO_RUAMEL[name]
    assert Y._fast_compose(text) is None
    try:
        expected = _ruamel(text)
    except Exception:
        with pytest.raises(MeshifyError) as e:
            YamlDocument(path="a.yml", original=text.encode("utf-8"))
        assert e.value.path == "a.yml" and e.value.line == 2  # the line ruamel.yaml stopped at, as before
        return
    doc = YamlDocument(path="a.yml", original=text.encode("utf-8"))
    if doc.text != text:  # the byte-order mark: the editor reads the text without it
        expected = _ruamel(doc.text)
    assert [_sig(d, {}, ()) for d in doc.docs] == expected


def test_a_recursive_alias_is_still_refused():
    with pytest.raises(MeshifyError, match="recursive YAML alias"):
        YamlDocument(path="a.yml", original=b"a: &x\n  b: *x\n")


# -- generated documents ------------------------------------------------------------
_key = st.sampled_from(["spring", "dubbo", "server", "port", "a.b", "name", "'q k'", '"d k"', "x y", "http://h"])
_scalar = st.sampled_from(["1", "true", "plain", "two words", "'single'", '"double"', "[a, b]", "{k: v}", "1.5", "null",
                           "~", "yes", "0777", "a # c", "\"a # b\"", "'it''s'", "中文", "é", "x:y", "-1", "!not-a-tag"])
_comment = st.sampled_from(["", "", " # c", "  # 注释"])


@st.composite
def _block(draw, depth: int, indent: int):
    lines = []
    for key in draw(st.lists(_key, min_size=1, max_size=4, unique=True)):
        pad = " " * (depth * indent)
        kind = draw(st.sampled_from(["scalar", "scalar", "map", "seq", "literal", "blank", "comment"]))
        if kind == "blank":
            lines.append("")
        elif kind == "comment":
            lines.append(pad + "# note")
        if kind == "map" and depth < 3:
            lines.append(f"{pad}{key}:{draw(_comment)}")
            lines += draw(_block(depth + 1, indent))
        elif kind == "seq":
            lines.append(f"{pad}{key}:")
            dash = pad + draw(st.sampled_from(["", " " * indent]))
            for item in draw(st.lists(_scalar, min_size=1, max_size=3)):
                lines.append(f"{dash}- {item}{draw(_comment)}")
        elif kind == "literal":
            lines.append(f"{pad}{key}: {draw(st.sampled_from(['|', '|-', '|+']))}")
            lines += [pad + " " * indent + w for w in draw(st.lists(st.sampled_from(["text", "more text", ""]), min_size=1, max_size=3))]
        else:
            lines.append(f"{pad}{key}: {draw(_scalar)}{draw(_comment)}")
    return lines


@st.composite
def _yaml(draw):
    indent = draw(st.sampled_from([2, 4]))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    docs = [draw(_block(0, indent)) for _ in range(draw(st.integers(1, 3)))]
    text = (nl + "---" + nl).join(nl.join(d) for d in docs)
    return text if draw(st.booleans()) else text + nl


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_yaml())
def test_generated_documents_compose_as_ruamel_does(text):
    try:
        _ruamel(text)
    except Exception:  # what ruamel.yaml refuses, the libyaml path must not take
        assert Y._fast_compose(text) is None
        return
    _same_as_ruamel(text)
