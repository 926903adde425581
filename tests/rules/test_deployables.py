"""Java release: read once, normalised for image tags, used by both migrations and the Dockerfile."""
from __future__ import annotations

import pytest

from generator.cli import main
from generator.rules.deployables import java_release, main_class, normalise_java_version
from generator.workspace import Workspace

from ..fixtures.hardening.repo import make_repo


@pytest.mark.parametrize("raw, want", [("1.8", "8"), ("8", "8"), ("11", "11"), ("17.0.2", "17"), ("1.8.0_202", "8"), (" 21 ", "21"), ("${x}", "17"), (None, "17"), ("", "17")])
def test_normalise_java_version(raw, want):
    assert normalise_java_version(raw) == want


def _java8(root):
    make_repo(root)
    pom = root / "pom.xml"
    pom.write_text(pom.read_text().replace("<properties>", "<properties>\n        <jdk>1.8</jdk>\n        <java.version>${jdk}</java.version>"))
    return root


def test_java_release_resolves_the_property_through_the_parent(tmp_path):
    ws = Workspace(_java8(tmp_path / "repo"))
    orders = next(m for m in ws.modules if m.dir == "orders")
    assert java_release(ws, orders) == "8"


def test_java_8_project_gets_images_that_exist(tmp_path, capsys):
    root = _java8(tmp_path / "repo")
    assert main(["springcloud", str(root), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+FROM maven:3.9-eclipse-temurin-8 AS build" in out
    assert "+FROM eclipse-temurin:8-jre" in out
    assert "1.8" not in "".join(line for line in out.splitlines() if "temurin" in line)


def test_dubbo_java_8_project_gets_images_that_exist(tmp_path, capsys):
    from ..conftest import copy_sample

    repo = copy_sample("dubbo-zookeeper", tmp_path)  # declares <java.version>1.8</java.version>
    assert "<java.version>1.8</java.version>" in (repo / "pom.xml").read_text()
    assert main(["dubbo", str(repo), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "+FROM maven:3.9-eclipse-temurin-8 AS build" in out and "+FROM eclipse-temurin:8-jre" in out


def test_main_class_is_the_annotated_or_plain_main_source(tmp_path):
    from ..conftest import write as write_files

    pom = "<project xmlns='http://maven.apache.org/POM/4.0.0'><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>{a}</artifactId><version>1</version><packaging>{p}</packaging>{m}</project>"
    root = write_files(tmp_path / "r", {
        "pom.xml": pom.format(a="root", p="pom", m="<modules><module>boot</module><module>plain</module><module>lib</module></modules>"),
        "boot/pom.xml": pom.format(a="boot", p="jar", m=""),
        "boot/src/main/java/b/Helper.java": "package b; class Helper {}\n",
        "boot/src/main/java/b/App.java": "package b;\n@SpringBootApplication\nclass App {}\n",
        "boot/src/test/java/b/TestApp.java": "package b;\n@SpringBootApplication\nclass TestApp {}\n",
        "plain/pom.xml": pom.format(a="plain", p="jar", m=""),
        "plain/src/main/java/p/Main.java": "package p;\nclass Main { public static void main(String[] a) {} }\n",
        "lib/pom.xml": pom.format(a="lib", p="jar", m=""),
        "lib/src/main/java/l/Lib.java": "package l;\n// @SpringBootApplication in a comment\nclass Lib {}\n",
    })
    ws = Workspace(root)
    mods = {m.dir: m for m in ws.modules}
    assert main_class(ws, mods["boot"]) == "boot/src/main/java/b/App.java"
    assert main_class(ws, mods["plain"]) is None and main_class(ws, mods["plain"], plain_main=True) == "plain/src/main/java/p/Main.java"
    assert main_class(ws, mods["lib"], plain_main=True) is None
    assert main_class(ws, mods["."]) is None  # an aggregator runs nothing
