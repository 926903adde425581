"""Property-based checks of the editors (bounded): identity, idempotence, locality."""
from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.editors import config as cfg
from generator.editors.pom import PomDocument
from generator.editors.properties import PropertiesDocument
from generator.editors.yaml import YamlDocument

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

segment = st.sampled_from(["eureka", "spring", "server", "client", "port", "name", "ribbon", "a", "b"])
value = st.text(alphabet="abcXYZ019 ._-/:é", max_size=8)
newline = st.sampled_from(["\n", "\r\n"])


# -- .properties ----------------------------------------------------------------
@st.composite
def prop_line(draw):
    kind = draw(st.sampled_from(["entry", "entry", "entry", "comment", "blank", "continued"]))
    key = ".".join(draw(st.lists(segment, min_size=1, max_size=3)))
    sep = draw(st.sampled_from(["=", ":", " ", " = ", "\t"]))
    lead = draw(st.sampled_from(["", "", "  "]))
    if kind == "comment":
        return [draw(st.sampled_from(["#", "!", "# "])) + key + "=" + draw(value)]
    if kind == "blank":
        return [draw(st.sampled_from(["", "  "]))]
    if kind == "continued":
        return [f"{lead}{key}{sep}{draw(value).strip()}x\\", "   more"]
    return [f"{lead}{key}{sep}{draw(value)}".rstrip("\\")]


@st.composite
def properties_text(draw):
    lines = [line for group in draw(st.lists(prop_line(), max_size=12)) for line in group]
    nls = [draw(newline) for _ in lines]
    text = "".join(line + nl for line, nl in zip(lines, nls, strict=True))
    if lines and draw(st.booleans()):
        text = text[: -len(nls[-1])]  # no final newline
    return text.encode("utf-8")


def props(data: bytes) -> PropertiesDocument:
    return PropertiesDocument(path="a.properties", original=data)


def kept_entries(doc: PropertiesDocument, prefix: str) -> list[tuple[str, str]]:
    return [(e.key, e.value) for e in doc.entries if not cfg._matches(e.key, prefix)]


@SETTINGS
@given(properties_text())
def test_properties_identity(data):
    assert props(data).render() == data


@SETTINGS
@given(properties_text(), st.sampled_from(["eureka", "*.ribbon", "spring.a"]))
@example(b"eureka=\neureka=\neureka=\neureka=\n\neureka=", "eureka")  # once crashed: overlapping removals
@example(b"a=1\neureka=\n\neureka=", "eureka")
@example(b"eureka=\neureka=\neureka=\neureka=\n\neureka=\n  ", "eureka")  # a blank last line without a newline stays last
@example(b"eureka=\n#eureka=\nspring.a=", "spring.a")  # the comment over the last entry goes, the final newline stays missing
@example(b"eureka=\neureka=\n\n\neureka.ribbon=", "*.ribbon")  # two blank lines before the last paragraph: the newline stays missing
@example(b"eureka=\n\neureka=\n\neureka=", "eureka")  # every entry goes, blank lines between them: nothing is left
@example(b"a=\n\neureka.ribbon=\n\neureka.ribbon=", "*.ribbon")  # the last two paragraphs go: a= ends the file
def test_properties_remove_idempotent_and_local(data, prefix):
    doc = props(data)
    cfg.remove(doc, prefix, "r")
    once = doc.render()
    again = props(once)
    cfg.remove(again, prefix, "r")
    assert again.render() == once
    # every other entry survives, in order, with its exact text
    after = props(once)
    assert kept_entries(after, prefix) == kept_entries(props(data), prefix)
    kept_text = [data.decode()[e.start : e.end].rstrip("\r\n") for e in props(data).entries if not cfg._matches(e.key, prefix)]
    assert [once.decode()[e.start : e.end].rstrip("\r\n") for e in after.entries] == kept_text
    assert not [e for e in after.entries if cfg._matches(e.key, prefix)]
    if data.endswith(b"\n") is False and once:
        assert not once.endswith(b"\n")


@SETTINGS
@given(properties_text(), st.lists(segment, min_size=1, max_size=3), value)
def test_properties_set_idempotent_and_local(data, path, v):
    key = ".".join(path)
    doc = props(data)
    cfg.set_value(doc, key, v, "r")
    once = doc.render()
    assert props(once).get(key).value == v
    again = props(once)
    cfg.set_value(again, key, v, "r")
    assert again.render() == once
    others = lambda d: [(e.key, e.value) for e in d.entries if e.key != key]  # noqa: E731
    assert others(props(once)) == others(props(data))


# -- YAML -----------------------------------------------------------------------
@st.composite
def yaml_tree(draw, depth=0):
    keys = draw(st.lists(segment, min_size=1, max_size=4, unique=True))
    out = {}
    for k in keys:
        if depth < 2 and draw(st.booleans()):
            out[k] = draw(yaml_tree(depth + 1))
        else:
            out[k] = draw(st.sampled_from(["1", "true", "'q x'", '"d"', "plain", "[a, b]"]))
    return out


@st.composite
def yaml_text(draw):
    indent = draw(st.sampled_from([2, 4]))
    nl = draw(newline)
    docs = []
    for d in range(draw(st.integers(1, 3))):
        lines: list[str] = []

        def emit(tree, level, lines=lines):
            for k, v in tree.items():
                if draw(st.integers(0, 5)) == 0:
                    lines.append(" " * (level * indent) + "# note " + k)
                if draw(st.integers(0, 6)) == 0:
                    lines.append("")
                if isinstance(v, dict):
                    lines.append(" " * (level * indent) + f"{k}:")
                    emit(v, level + 1, lines)
                else:
                    lines.append(" " * (level * indent) + f"{k}: {v}" + (" # c" if draw(st.integers(0, 5)) == 0 else ""))

        tree = draw(yaml_tree())
        if d > 0:
            tree = {"spring": {"config": {"activate": {"on-profile": f"p{d}"}}}, **{k: v for k, v in tree.items() if k != "spring"}}
        emit(tree, 0)
        docs.append(lines)
    text = ("---" + nl).join("".join(line + nl for line in lines) for lines in docs)
    if draw(st.booleans()):
        text = text[: -len(nl)]
    return text.encode()


def yml(data: bytes) -> YamlDocument:
    return YamlDocument(path="a.yml", original=data)


def leaves(doc: YamlDocument) -> list[tuple[str | None, str, str]]:
    """(profile, key, value): a document left empty may merge away, its profile's settings may not."""
    return [(doc.profile_of(d), ".".join(p), n.value) for d in range(len(doc.docs)) for p, n in doc.leaves(d)]


@SETTINGS
@given(yaml_text())
def test_yaml_identity(data):
    assert yml(data).render() == data


@SETTINGS
@given(yaml_text(), st.sampled_from(["eureka", "spring.eureka", "*.ribbon", "server.port"]))
def test_yaml_remove_idempotent_and_local(data, prefix):
    doc = yml(data)
    cfg.remove(doc, prefix, "r")
    once = doc.render()
    after = yml(once)  # still valid YAML
    again = yml(once)
    cfg.remove(again, prefix, "r")
    assert again.render() == once
    keep = lambda d: [(i, k, v) for i, k, v in leaves(d) if not cfg._matches(re.sub(r"\[\d+\]", "", k), prefix)]  # noqa: E731
    assert keep(after) == keep(yml(data))
    if not data.endswith(b"\n") and once:
        assert not once.endswith(b"\n")


@SETTINGS
@given(yaml_text(), st.lists(segment, min_size=1, max_size=3), st.sampled_from(["SERVICE", "graceful", "x y"]))
def test_yaml_set_idempotent_and_local(data, path, v):
    key = ".".join(path)
    doc = yml(data)
    try:
        cfg.set_value(doc, key, v, "r")
    except Exception as e:  # a scalar or a list where a block is needed: a clear MeshifyError
        assert type(e).__name__ == "MeshifyError" and e.line
        return
    once = doc.render()
    after = yml(once)
    assert cfg.get(after, key) == v
    again = yml(once)
    cfg.set_value(again, key, v, "r")
    assert again.render() == once
    others = lambda d: [(i, k, val) for i, k, val in leaves(d) if k != key]  # noqa: E731
    assert others(after) == others(yml(data))


@SETTINGS
@given(yaml_text(), st.sampled_from(["eureka", "*.ribbon", "spring.eureka"]), st.lists(segment, min_size=1, max_size=3), st.booleans())
@example(b"server:\n  port: 8080\n\n# Eureka\neureka:\n  client:\n    service-url:\n      defaultZone: x", "eureka", ["server", "shutdown"], True)
@example(b"server:\n  port: 8080\n\n# Eureka\neureka:\n  client:\n    service-url:\n      defaultZone: x", "eureka", ["server", "shutdown"], False)
@example(b"a: 1\neureka:\n  ribbon: 1\n", "*.ribbon", ["eureka", "eureka"], False)  # the block the removal empties gets the key
@example(b"spring:\n  cloud:\n    ribbon: x\nb: 1\n", "*.ribbon", ["spring", "cloud", "a"], True)  # written again after the removed block
def test_yaml_remove_and_set_together(data, prefix, path, remove_first):
    # a rule removes a block that ends the file (no final newline) while another adds a key to the block above it:
    # the removal took the newline the new key's line needed ("port: 8080  shutdown: graceful", in a real repository)
    key = ".".join(path)
    assume(not cfg._matches(key, prefix))  # a key inside the block that goes is no pair of rules
    doc = yml(data)
    try:
        if remove_first:
            cfg.remove(doc, prefix, "r")
            cfg.set_value(doc, key, "graceful", "r")
        else:
            cfg.set_value(doc, key, "graceful", "r")
            cfg.remove(doc, prefix, "r")
    except Exception as e:  # a scalar where a block is needed, or edits that cannot both be made: said, never written
        assert type(e).__name__ in ("MeshifyError", "OverlappingEdits")
        return
    once = doc.render()
    after = yml(once)  # still valid YAML, with the key set
    assert cfg.get(after, key) == "graceful"
    if not data.endswith(b"\n") and once:
        assert not once.endswith(b"\n")


# -- pom ------------------------------------------------------------------------
@st.composite
def pom_text(draw):
    unit = draw(st.sampled_from(["  ", "    ", "\t"]))
    nl = draw(newline)
    arts = draw(st.lists(st.sampled_from(["spring-cloud-starter-netflix-eureka-client", "lib-a", "lib-b", "spring-boot-starter-web"]), max_size=4, unique=True))
    lines = []
    if draw(st.booleans()):
        lines.append('<?xml version="1.0" encoding="UTF-8"?>')
    if draw(st.booleans()):
        lines.append("<!-- head -->")
    lines.append('<project xmlns="http://maven.apache.org/POM/4.0.0">' if draw(st.booleans()) else "<project>")
    lines.append(f"{unit}<artifactId>app</artifactId>")
    if draw(st.booleans()):
        lines.append(f"{unit}<description><![CDATA[<x> & y]]></description>")
    lines.append(f"{unit}<dependencies>")
    for a in arts:
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"{unit * 2}<!-- {a} -->")
        lines += [f"{unit * 2}<dependency>", f"{unit * 3}<groupId>org.springframework.cloud</groupId>", f"{unit * 3}<artifactId>{a}</artifactId>", f"{unit * 2}</dependency>"]
    lines += [f"{unit}</dependencies>", "</project>"]
    text = nl.join(lines) + (nl if draw(st.booleans()) else "")
    return text.encode()


def swap(data: bytes) -> bytes:
    doc = PomDocument(path="pom.xml", original=data)
    dep = doc.find_dependency("org.springframework.cloud", "spring-cloud-starter-netflix-eureka-client")
    if dep is not None:
        doc.change_artifact(dep, "org.springframework.cloud", "spring-cloud-starter-kubernetes-client", "r")
        if doc.find_dependency("org.springframework.cloud", "spring-cloud-starter-kubernetes-client-loadbalancer") is None:
            doc.add_dependency(doc.dependency_lines("org.springframework.cloud", "spring-cloud-starter-kubernetes-client-loadbalancer"), "r", after=dep)
    return doc.render()


@SETTINGS
@given(pom_text())
def test_pom_identity_and_swap_idempotent(data):
    assert PomDocument(path="pom.xml", original=data).render() == data
    once = swap(data)
    assert swap(once) == once
    before = [d.key for d in PomDocument(path="pom.xml", original=data).dependencies()]
    after = [d.key for d in PomDocument(path="pom.xml", original=once).dependencies()]
    expected = []
    for k in before:
        if k.endswith(":spring-cloud-starter-netflix-eureka-client"):
            expected += ["org.springframework.cloud:spring-cloud-starter-kubernetes-client", "org.springframework.cloud:spring-cloud-starter-kubernetes-client-loadbalancer"]
        else:
            expected.append(k)
    assert after == expected
    # only added lines and the one changed line differ
    old_lines, new_lines = data.decode().splitlines(), once.decode().splitlines()
    assert len([x for x in old_lines if x not in new_lines]) <= 1


@st.composite
def dotted_yaml(draw):
    """Mappings whose keys are one or two segments of a tiny alphabet: one key path is often spelled
    both ways (``a.b: 1`` beside ``a: {b: 2}``), in several documents."""
    part = st.sampled_from(["a", "b", "c"])
    key = st.lists(part, min_size=1, max_size=2).map(".".join)

    def block(level, depth):
        keys = draw(st.lists(key, min_size=1, max_size=4, unique=True))
        lines = []
        for k in keys:
            if depth < 2 and draw(st.booleans()):
                lines.append("  " * level + f"{k}:")
                lines += block(level + 1, depth + 1)
            else:
                lines.append("  " * level + f"{k}: {draw(st.sampled_from(['1', 'x', '[y]']))}")
        return lines

    return "---\n".join("".join(f"{line}\n" for line in block(0, 0)) for _ in range(draw(st.integers(1, 2)))).encode()


def first_exact_by_walking(doc: YamlDocument, d: int, path: list[str]):
    """_find_exact's definition: the first of find()'s entries, in that document, whose whole key path is ``path``."""
    out = []
    doc._walk(d, doc.docs[d], path, [], [], out)
    return next(((m.mapping, m.index, m.path, [(id(a), i) for a, i in m.ancestors]) for m in out if m.path == path), None)


@SETTINGS
@given(dotted_yaml())
def test_yaml_exact_lookup_is_the_first_entry_find_lists(data):
    doc = yml(data)
    paths = [[*p] for n in (1, 2, 3, 4) for p in itertools.product("abc", repeat=n)]
    for d in range(len(doc.docs)):
        for path in paths:
            m = doc._find_exact(d, path)
            got = None if m is None else (m.mapping, m.index, m.path, [(id(a), i) for a, i in m.ancestors])
            assert got == first_exact_by_walking(doc, d, path), (d, path)
