"""JavaDocument: the smallest edit that compiles; comments and strings never touched."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from generator.editors.java import JavaDocument, mask
from tests.fixtures.hardening.repo import APP, make_repo, plan_for
from tests.recipe import assert_migrates

EUREKA = "org.springframework.cloud.netflix.eureka.EnableEurekaClient"
DISCOVERY = "org.springframework.cloud.client.discovery.EnableDiscoveryClient"


def java(text: str) -> JavaDocument:
    return JavaDocument(path="App.java", original=text.encode())


def migrated_app(tmp_path: Path, source: str | bytes) -> bytes | None:
    """What the springcloud migration makes of App.java (None: unchanged), checked stable by a second run."""
    root = make_repo(tmp_path / "repo")
    (root / APP).write_bytes(source.encode() if isinstance(source, str) else source)
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    changes = {c.path: c.new for c in plan_for(root).changes}
    # the pom and the config change too (other rules); App.java is what these tests are about
    assert_migrates("springcloud", {**files, **{rel: (files[rel], ...) for rel in changes if rel != APP},
                                    APP: (files[APP], changes.get(APP, files[APP]))})
    return changes.get(APP)


def test_annotation_and_import_swap(tmp_path):
    src = (
        "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n"
        f"import {EUREKA}; // registry\n\n@SpringBootApplication\n@EnableEurekaClient\npublic class App {{}}\n"
    )
    out = migrated_app(tmp_path, src).decode()
    assert out == src.replace(EUREKA, DISCOVERY).replace("@EnableEurekaClient", "@EnableDiscoveryClient")


def test_crlf_and_tabs_survive(tmp_path):
    src = (
        "package com.example.orders;\r\n\r\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\r\n"
        f"import {EUREKA};\r\n\r\n@SpringBootApplication\r\n@EnableEurekaClient\r\npublic class App {{\r\n\tint x;\r\n}}"
    )
    out = migrated_app(tmp_path, src)
    assert out == src.replace(EUREKA, DISCOVERY).replace("@EnableEurekaClient", "@EnableDiscoveryClient").encode()


def test_comments_and_strings_untouched(tmp_path):
    src = (
        "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n"
        f"// import {EUREKA};\n\n/** Uses @EnableEurekaClient historically. */\n@SpringBootApplication\n// @EnableEurekaClient\n"
        'public class App {\n    String s = "@EnableEurekaClient";\n    char c = \'"\';\n    String t = "it\'s @EnableEurekaClient";\n'
        '    /* @EnableEurekaClient */\n    String block = """\n        @EnableEurekaClient\n        """;\n}\n'
    )
    assert migrated_app(tmp_path, src) is None


def test_fully_qualified_annotation(tmp_path):
    src = f"package com.example.orders;\n\n@org.springframework.boot.autoconfigure.SpringBootApplication\n@{EUREKA}\npublic class App {{}}\n"
    assert migrated_app(tmp_path, src).decode() == src.replace(EUREKA, DISCOVERY)


def test_both_annotations_drop_the_eureka_one(tmp_path):
    src = (
        "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n"
        f"import {DISCOVERY};\nimport {EUREKA};\n\n@SpringBootApplication\n@EnableDiscoveryClient\n@EnableEurekaClient\npublic class App {{}}\n"
    )
    assert migrated_app(tmp_path, src).decode() == src.replace(f"import {EUREKA};\n", "").replace("@EnableEurekaClient\n", "")


def test_same_simple_name_from_another_package_is_not_ours(tmp_path):
    src = "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\nimport com.acme.EnableEurekaClient;\n\n@SpringBootApplication\n@EnableEurekaClient\npublic class App {}\n"
    assert migrated_app(tmp_path, src) is None


def test_wildcard_import_gets_the_new_import(tmp_path):
    src = (
        "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n"
        "import org.springframework.cloud.netflix.eureka.*;\n\n@SpringBootApplication\n@EnableEurekaClient\npublic class App {}\n"
    )
    out = migrated_app(tmp_path, src).decode()
    assert f"import {DISCOVERY};\n" in out and "@EnableDiscoveryClient\n" in out


def test_wildcard_import_of_the_eureka_package_is_removed(tmp_path):
    src = (
        "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n"
        "import org.springframework.cloud.netflix.eureka.*;\n\n@SpringBootApplication\n@EnableEurekaClient\npublic class App {}\n"
    )
    assert "org.springframework.cloud.netflix.eureka.*" not in migrated_app(tmp_path, src).decode()


def test_gbk_source_keeps_its_bytes(tmp_path):
    src = (
        "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n"
        f"import {EUREKA};\n\n/** 订单服务 */\n@SpringBootApplication\n@EnableEurekaClient\npublic class App {{}}\n"
    )
    out = migrated_app(tmp_path, src.encode("gbk"))
    assert out == src.replace(EUREKA, DISCOVERY).replace("@EnableEurekaClient", "@EnableDiscoveryClient").encode("gbk")


def test_mask_blanks_comments_and_strings_keeping_length():
    text = 'a "x\\"y" b \'\\\'\' c "/*" d // e\nf /* g\n h */ i'
    m = mask(text)
    assert len(m) == len(text) and m.count("\n") == text.count("\n")
    assert "x" not in m and "e" not in m.split("\n")[0][-3:] and "g" not in m and " i" in m


def test_add_import_after_the_last_import_without_final_newline():
    doc = java("package p;\nimport a.B;")
    doc.add_import("c.D", "r")
    assert doc.render() == b"package p;\nimport a.B;\nimport c.D;"


def test_add_import_after_package_when_none():
    doc = java("package p;\n\nclass A {}\n")
    doc.add_import("c.D", "r")
    assert doc.render() == b"package p;\n\nimport c.D;\n\nclass A {}\n"


def test_remove_annotation_on_a_shared_line():
    doc = java("@A @EnableEurekaClient class X {}\n")
    doc.remove_annotation(doc.annotations("EnableEurekaClient")[0], "r")
    assert doc.render() == b"@A  class X {}\n"


def _mask_char_by_char(text: str) -> str:
    """The masking rule spelled out one character at a time: what ``mask`` must equal."""
    out = list(text)
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out[i:j] = " " * (j - i)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out[i:j] = [ch if ch == "\n" else " " for ch in text[i:j]]
            i = j
        elif text.startswith('"""', i):
            j = text.find('"""', i + 3)
            j = n if j < 0 else j + 3
            if j - 3 > i + 3:
                out[i + 3 : j - 3] = [ch if ch == "\n" else " " for ch in text[i + 3 : j - 3]]
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out[i + 1 : min(j, n)] = " " * (min(j, n) - i - 1)
            i = j + 1
        else:
            i += 1
    return "".join(out)


@settings(max_examples=600)
@given(st.lists(st.sampled_from(["/", "*", '"', "'", "\\", "\n", "\r", "a", '"""', "//", "/*", "*/"]), max_size=8).map("".join))
def test_mask_blanks_exactly_what_the_character_rule_blanks(text):
    masked = mask(text)
    assert masked == _mask_char_by_char(text)
    assert len(masked) == len(text)
