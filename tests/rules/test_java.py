"""replace_annotation: the annotation and its import, nothing else."""
from __future__ import annotations

from generator.editors.java import JavaDocument
from generator.rules.java import replace_annotation

OLD, NEW = "org.example.old.Enable", "org.example.fresh.Enabled"


def run(src: str) -> str:
    doc = JavaDocument(path="A.java", original=src.encode())
    replace_annotation(doc, OLD, NEW, "r")
    return doc.render().decode()


def test_simple_name_and_import_swap_in_place():
    src = "package p;\n\nimport org.example.old.Enable;\nimport java.util.List;\n\n@Enable\nclass A {}\n"
    assert run(src) == "package p;\n\nimport org.example.fresh.Enabled;\nimport java.util.List;\n\n@Enabled\nclass A {}\n"


def test_qualified_use_gets_the_qualified_new_name():
    assert run("package p;\n\n@org.example.old.Enable\nclass A {}\n") == "package p;\n\n@org.example.fresh.Enabled\nclass A {}\n"


def test_already_has_the_new_annotation_loses_the_old_one():
    src = "package p;\n\nimport org.example.old.Enable;\nimport org.example.fresh.Enabled;\n\n@Enable\n@Enabled\nclass A {}\n"
    assert run(src) == "package p;\n\nimport org.example.fresh.Enabled;\n\n@Enabled\nclass A {}\n"


def test_a_same_named_annotation_from_another_package_is_not_touched():
    src = "package p;\n\nimport com.acme.Enable;\n\n@Enable\nclass A {}\n"
    assert run(src) == src


def test_comments_and_strings_are_not_annotations():
    src = "package p;\n\n// @Enable\nclass A { String s = \"@Enable\"; }\n"
    assert run(src) == src
