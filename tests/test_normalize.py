"""The canonical YAML form: the fast path of ``normalize`` writes what ruamel.yaml writes, byte for byte.

Every migrated repository keeps ``k8s/base`` in this form and ``--check`` compares against it, so
a changed byte would make every repository fail ``--check`` after an upgrade. The reference is
``reference_normalize`` (ruamel.yaml's safe loader and dumper, the definition of the form).
"""
from __future__ import annotations

import importlib
import json

from hypothesis import HealthCheck, given, settings, strategies as st

from generator.manifests.normalize import _emit, _fast_load, normalize, reference_normalize
from generator.manifests import render_manifests
from tests.test_manifests import make_services, make_settings

norm = importlib.import_module("generator.manifests.normalize")  # the module (the package exports the function)

HEADER = "# header\n"


def test_rendered_manifests_take_the_fast_path_and_match_ruamel():
    # every file meshify renders for the test services (sidecar, proxyless, gateway, config data)
    files, _ = render_manifests(make_services(), make_settings(debug_port=5005, shared_config={"a": "on", "b": "x\ny\n"}))
    assert len(files) > 30
    fast = 0
    for path, data in files.items():
        text = data.decode("utf-8")
        assert normalize(text, HEADER) == reference_normalize(text, HEADER), path
        docs = _fast_load(text)
        assert docs is not None, path
        fast += all(_emit(d) is not None for d in docs if d)
    assert fast == len(files)  # no file needed ruamel.yaml


def test_quoting_rules():
    doc = {
        "plain": "registry.example.com/orders:1.4.2",
        "yaml11": ["on", "yes", "0777", "12:30", "1.5", "~", "null", "", "true", "=", "<<"],
        "yaml12": ["0o17", "1_000", ".inf", "2024-01-01"],
        "indicators": ["- x", "-x", ": x", "a: b", "a:", "a #b", "a#b", "#x", "'q'", '"q"', "it's", "---x", "...", "{x}", "x,y", "@x", "?x", "? x"],
        "spaces": [" lead", "trail ", "a  b"],
        "escapes": ['back\\slash', 'say "hi"', "both ' and \""],
        "literals": {"one": "a\nb\n", "strip": "a\nb", "blank-lines": "a\n\n\nb\n", "indented": "a\n  b\n", "trailing-space": "a \nb\n"},
        "numbers": [0, -1, 12, True, False],
        "y": {}, "n": [], "nested": [{"a": 1, "b": [{"c": "d"}]}, "x"],
    }
    text = json.dumps(doc)
    assert _emit(_fast_load(text)[0]) is not None
    assert normalize(text, HEADER) == reference_normalize(text, HEADER)


def test_falls_back_to_ruamel_outside_the_fast_path():
    for text in [
        "a: caf\u00e9\n",                       # non-ASCII text
        "a: !!str 5\n",                           # an explicit tag
        "a: 1.5\nb: 2024-01-01\n",                # float, timestamp
        "base: &b {x: 1}\nc:\n  <<: *b\n",        # merge key
        'a: "\\u00e9\\ud83d\\ude00"\n',           # escapes ruamel and libyaml read differently
        "a: |+\n  x\n\n",                         # keep chomping
        "k:\n  - - 1\n    - 2\n",                 # nested sequences
    ]:
        assert normalize(text, HEADER) == reference_normalize(text, HEADER), text


def test_what_ruamel_refuses_is_refused():
    # a comment glued to a block scalar header: libyaml reads it, ruamel.yaml does not
    for text in ("a: >#\n", "a: |-#\n", "- >2#\n"):
        _same(text)


def test_a_yaml_directive_goes_through_ruamel():
    text = "%YAML 1.1\n---\na: on\nb: 0777\n"  # 1.1 resolution: a boolean and an octal number
    try:
        assert normalize(text, HEADER) == reference_normalize(text, HEADER)
        assert normalize(text, HEADER)[1] == [{"a": True, "b": 511}]
    finally:
        norm._YAML_CACHE.clear()  # ruamel's loader keeps resolving YAML 1.1 after such a document


def test_duplicate_keys_are_refused_as_before():
    import pytest

    with pytest.raises(Exception) as fast:
        normalize("a: 1\na: 2\n", HEADER)
    with pytest.raises(Exception) as ref:
        reference_normalize("a: 1\na: 2\n", HEADER)
    assert type(fast.value) is type(ref.value)


_chars = st.sampled_from(list("ab09 -:#'\"\\?!&*|>%@`{}[],.~=\n\t") + ["\u00e9", "\u2028", "\x85", "\x07"])
_text = st.text(_chars, max_size=12) | st.sampled_from(["on", "off", "yes", "null", "true", "1", "0777", "1e3", "-", ":", "", "x\n"])
_scalar = _text | st.integers(-10**6, 10**6) | st.booleans() | st.none()
_docs = st.recursive(_scalar, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4), max_leaves=20)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_text, _docs, min_size=1, max_size=5))
def test_any_document_normalizes_as_ruamel_does(doc):
    # as JSON (how migrations hand over documents) and as block YAML (how templates render)
    text = json.dumps(doc)
    assert normalize(text, HEADER) == reference_normalize(text, HEADER)
    block = reference_normalize(text, "")[0].decode("utf-8")
    _same(block)


def _same(text: str) -> None:
    """normalize(text) == reference_normalize(text), or both refuse it with ruamel's error."""
    try:
        ref = reference_normalize(text, HEADER)
    except Exception as e:  # noqa: BLE001 - not YAML ruamel reads: the fast path must refuse it too
        try:
            normalize(text, HEADER)
        except Exception as f:  # noqa: BLE001
            assert type(f) is type(e), (text, e, f)
        else:
            raise AssertionError(f"{text!r}: ruamel refuses it ({e}), the fast path does not")
        return
    assert normalize(text, HEADER) == ref, text


@settings(max_examples=100, deadline=None)
@given(_text)
def test_any_string_in_a_template_line(value):
    # a value written into a template without tojson, plain or quoted
    for text in (f"a: {value}\n", f"a: '{value}'\n", f'a: "{value}"\n', f"- {value}\n", f"{value}: 1\n"):
        _same(text)
    assert norm._FORMS  # the form cache is in use


_SLOW_ALPHABET = st.sampled_from(list("a b:#%&*!|>-+09'\\\n\t\r[]{},\x00\x7f\x85é中"))


@settings(max_examples=300, deadline=None)
@given(st.text(_SLOW_ALPHABET, max_size=40))
def test_the_slow_text_test_answers_as_its_pattern(text):
    # _slow_text is _SLOW_TEXT's five alternatives searched one at a time: it must send exactly the
    # same texts to ruamel.yaml, or the fast path would read text it does not read as ruamel does
    assert norm._slow_text(text) == bool(norm._SLOW_TEXT.search(text)), text


def test_the_slow_text_test_on_each_alternative():
    for text in ("a: b\n", "a: 'x'\n", "a: |\n  x\n"):
        assert not norm._slow_text(text)
    for text in ("a: é\n", "a:\tb\n", "%YAML 1.1\n---\na: b\n", "a: b\n%TAG\n", "a: 'it\\'s'\n",
                 "a: &x b\n", "a: *x\n", "a: !!str b\n", "[&x a]\n", "a: >#\n", "a: |-2#c\n"):
        assert norm._slow_text(text), text
        assert norm._SLOW_TEXT.search(text), text
