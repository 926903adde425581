"""Java release: read once, normalised for image tags, used by both migrations and the Dockerfile."""
from __future__ import annotations

import pytest

from generator.cli import main
from generator.rules.deployables import java_release, normalise_java_version
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
