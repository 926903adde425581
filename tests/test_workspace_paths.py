"""A module's paths: the text a rule gets for ``mod.rel(...)`` is the path ``PurePosixPath`` gives."""
from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from generator.editors.pom import PomDocument
from generator.workspace import Module

POM = b"<project><artifactId>x</artifactId></project>"


@pytest.mark.parametrize("folder,parts,expected", [
    (".", ("pom.xml",), "pom.xml"),
    ("", ("src", "main"), "src/main"),
    ("services/a", ("src/main/resources", "application.yml"), "services/a/src/main/resources/application.yml"),
    ("services/a", (), "services/a"),
    ("services/a", ("./src",), "services/a/src"),          # "." segments drop out
    ("services/a", ("src/",), "services/a/src"),           # so does a trailing slash
    ("services/a", ("src//main",), "services/a/src/main"),  # and an empty segment
    ("services/a", ("../b",), "services/a/../b"),          # ".." is kept, as PurePosixPath keeps it
    ("services/a", ("/etc",), "/etc"),                     # an absolute part starts again (callers refuse it)
    (".", (".",), "."),
    ("a", ("",), "a"),
    ("a", (".x", "y."), "a/.x/y."),
])
def test_rel_is_purepath_text(folder, parts, expected):
    mod = Module(folder, PomDocument(path="pom.xml", original=POM))
    assert mod.rel(*parts) == expected == str(PurePosixPath(folder).joinpath(*parts))
