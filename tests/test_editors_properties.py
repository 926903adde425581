"""PropertiesDocument and the config API on .properties before/after text."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.editors import config as cfg
from generator.editors.properties import PropertiesDocument

REPO = Path(__file__).resolve().parent.parent


def props(data: bytes | str) -> PropertiesDocument:
    return PropertiesDocument(path="application.properties", original=data.encode() if isinstance(data, str) else data)


def removed(data, prefix="eureka") -> bytes:
    doc = props(data)
    cfg.remove(doc, prefix, "r")
    return doc.render()


def test_untouched_is_identical():
    data = b"a=1\r\n# c\n\n b : 2 \\\n   3\nno-final"
    assert props(data).render() == data


def test_remove_keys_with_continuation_lines():
    assert removed("a=1\neureka.x=1,\\\n  2,\\\n  3\nb=2\n") == b"a=1\nb=2\n"


def test_even_backslashes_do_not_continue():
    doc = props("eureka.x=C:\\\\\nb=2\n")
    assert [e.key for e in doc.entries] == ["eureka.x", "b"]
    assert removed("eureka.x=C:\\\\\nb=2\n") == b"b=2\n"


@pytest.mark.parametrize("line", ["eureka.a=1", "eureka.a:1", "eureka.a 1", "eureka.a\t=  1", "  eureka.a = 1", "eureka.a"])
def test_every_separator(line):
    assert removed(f"keep=1\n{line}\nkeep2=2\n") == b"keep=1\nkeep2=2\n"


def test_comment_paragraph_over_removed_keys_goes_too():
    before = "a=1\n\n# Eureka\neureka.a=1\neureka.b=2\n\n# other\nb=2\n"
    assert removed(before) == b"a=1\n\n# other\nb=2\n"


def test_comment_paragraph_at_the_end_leaves_no_trailing_blank_line():
    assert removed("a=1\n\n# Eureka\neureka.a=1\neureka.b=2\n") == b"a=1\n"
    assert removed("a=1\r\n\r\n# Eureka\r\neureka.a=1") == b"a=1"


def test_comment_kept_when_paragraph_keeps_a_key():
    assert removed("a=1\n\n# Eureka\neureka.a=1\nc=2\n") == b"a=1\n\n# Eureka\nc=2\n"


def test_commented_keys_are_not_keys():
    data = "#eureka.a=1\n! eureka.b=2\n   # eureka.c=3\na=1\n"
    assert removed(data) == data.encode()


def test_escaped_key_is_matched_unescaped():
    assert removed("eur\\eka.a=1\na=1\n") == b"a=1\n"


def test_append_keeps_crlf():
    doc = props("a=1\r\nb=2\r\n")
    cfg.set_value(doc, "x.y", "z", "r")
    assert doc.render() == b"a=1\r\nb=2\r\nx.y=z\r\n"


def test_append_keeps_missing_final_newline():
    doc = props("a=1\nb=2")
    cfg.set_value(doc, "x.y", "z", "r")
    assert doc.render() == b"a=1\nb=2\nx.y=z"


def test_append_uses_the_files_separator():
    doc = props("a: 1\nb: 2\n")
    cfg.set_value(doc, "c", "3", "r")
    assert doc.render() == b"a: 1\nb: 2\nc: 3\n"


def test_remove_last_line_keeps_missing_final_newline():
    assert removed("a=1\neureka.b=2") == b"a=1"
    assert removed("eureka.b=2") == b""


def test_remove_then_append_without_final_newline():
    doc = props("a=1\neureka.b=2")
    cfg.remove(doc, "eureka", "r")
    cfg.set_value(doc, "x", "1", "r")
    assert doc.render() == b"a=1\nx=1"


def test_set_changes_the_value_in_place():
    doc = props("a = 1 # not a comment\nb=2\n")
    cfg.set_value(doc, "a", "2", "r")
    assert doc.render() == b"a = 2\nb=2\n"


def test_set_replaces_a_continued_value():
    doc = props("a = 1,\\\n  2\nb=1\n")
    cfg.set_value(doc, "a", "2", "r")
    assert doc.render() == b"a = 2\nb=1\n"


def test_set_escapes_what_java_would_misread():
    doc = props("a=1\n")
    cfg.set_value(doc, "b", "  lead\ttab", "r")
    out = doc.render()
    assert out == b"a=1\nb=\\ \\ lead\\ttab\n"
    assert props(out).get("b").value == "  lead\ttab"


def test_iso_8859_1_with_unicode_escapes():
    data = "name=caf\\u00e9\nnative=\xe9t\xe9\neureka.a=1\n".encode("latin-1")
    doc = props(data)
    assert doc.get("name").value == "café" and doc.get("native").value == "été"
    cfg.remove(doc, "eureka", "r")
    cfg.set_value(doc, "k", "ü", "r")
    assert doc.render() == "name=caf\\u00e9\nnative=\xe9t\xe9\nk=\\u00fc\n".encode("latin-1")


def test_gbk_file_untouched_lines_identical():
    data = "title=订单服务\neureka.a=1\n".encode("gbk")
    assert removed(data) == "title=订单服务\n".encode("gbk")


def test_mixed_line_endings_keep_their_style():
    assert removed(b"a=1\r\nb=2\neureka.c=3\r\nd=4\n") == b"a=1\r\nb=2\nd=4\n"


def test_duplicate_keys_all_removed_last_one_wins_on_get():
    doc = props("x=1\na=1\nx=2\n")
    assert doc.get("x").value == "2"
    assert removed("eureka.a=1\na=1\neureka.a=2\n") == b"a=1\n"


def test_wildcard_prefix():
    assert removed("svc.ribbon.ReadTimeout=1\nsvc.other=2\n", "*.ribbon") == b"svc.other=2\n"


def test_replace_in_values():
    doc = props("spring.cloud.gateway.routes[0].uri=lb://CUSTOMERS\n# lb://CUSTOMERS\n")
    assert [(v.key, v.line) for v in cfg.replace_in_values(doc, "lb://CUSTOMERS", "lb://customers", "r")] == [("spring.cloud.gateway.routes[0].uri", 1)]
    assert doc.render() == b"spring.cloud.gateway.routes[0].uri=lb://customers\n# lb://CUSTOMERS\n"


_TIED = b"a.one = 1\nb.two=2\nc.three = 3\nd.four=4\n"  # as many " = " as "="


@pytest.mark.parametrize("data, line", [
    (_TIED, b"new.key = v\n"),
    (b"b.two=2\na.one = 1\nd.four=4\nc.three = 3\n", b"new.key=v\n"),
])
def test_an_added_key_takes_the_separator_met_first_when_two_are_used_as_often(data, line):
    doc = PropertiesDocument(path="a.properties", original=data)
    doc.set("new.key", "v", "r")
    assert doc.render() == data + line


def test_the_separator_chosen_does_not_depend_on_the_hash_seed():
    # a set of the separators, ordered by string hashes, once broke the tie: one output per seed
    code = ("from generator.editors.properties import PropertiesDocument as P; d = P(path='a', original=%r); "
            "d.set('new.key', 'v', 'r'); print(d.render())" % _TIED)
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, env={**os.environ, "PYTHONHASHSEED": str(seed)},
                           check=True, cwd=REPO).stdout for seed in range(6)}
    assert len(outs) == 1
