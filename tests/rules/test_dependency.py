"""change_artifact / set_version_at_source: the version changes where the pom writes it."""
from __future__ import annotations

from generator.rules.dependency import change_artifact, property_users, set_version_at_source
from generator.workspace import Workspace

from ..conftest import write

PARENT = """<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>g</groupId>
    <artifactId>parent</artifactId>
    <version>1</version>
    <packaging>pom</packaging>
    <modules>
        <module>app</module>
    </modules>
    <properties>
        <lib.version>1.0</lib.version>
    </properties>
{managed}</project>
"""
APP = """<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>g</groupId>
        <artifactId>parent</artifactId>
        <version>1</version>
    </parent>
    <artifactId>app</artifactId>
    <dependencies>
        <dependency>
            <groupId>g</groupId>
            <artifactId>lib</artifactId>
            <version>{version}</version>
        </dependency>
{more}    </dependencies>
</project>
"""
OTHER = """        <dependency>
            <groupId>x</groupId>
            <artifactId>other</artifactId>
            <version>${lib.version}</version>
        </dependency>
"""


def workspace(tmp_path, version="${lib.version}", more="", managed=""):
    write(tmp_path, {"pom.xml": PARENT.format(managed=managed), "app/pom.xml": APP.format(version=version, more=more)})
    ws = Workspace(tmp_path)
    app = next(m for m in ws.modules if m.dir == "app")
    return ws, app, app.pom.find_dependency("g", "lib")


def rendered(ws, rel):
    return ws.doc(rel).render().decode()


def test_a_property_changes_in_the_pom_that_defines_it(tmp_path):
    ws, app, dep = workspace(tmp_path)
    set_version_at_source(ws, app, dep, "2.0", "r")
    assert "<lib.version>2.0</lib.version>" in rendered(ws, "pom.xml")
    assert rendered(ws, "app/pom.xml") == APP.format(version="${lib.version}", more="")  # untouched
    assert not ws.findings


def test_a_property_shared_with_another_artifact_stays_and_the_dependency_gets_the_literal(tmp_path):
    ws, app, dep = workspace(tmp_path, more=OTHER)
    assert len(property_users(ws, "lib.version")) == 2
    set_version_at_source(ws, app, dep, "2.0", "r")
    assert "<lib.version>1.0</lib.version>" in rendered(ws, "pom.xml")
    assert "<artifactId>lib</artifactId>\n            <version>2.0</version>" in rendered(ws, "app/pom.xml")
    assert [f.code for f in ws.findings] == ["shared-version-property"]


def test_sharing_within_the_family_still_changes_the_property(tmp_path):
    ws, app, dep = workspace(tmp_path, more=OTHER)
    set_version_at_source(ws, app, dep, "2.0", "r", shares=lambda d: d.group == "x")
    assert "<lib.version>2.0</lib.version>" in rendered(ws, "pom.xml") and not ws.findings


def test_a_literal_is_replaced_and_the_same_version_is_no_change(tmp_path):
    ws, app, dep = workspace(tmp_path, version="1.5")
    set_version_at_source(ws, app, dep, "1.5", "r")
    assert not ws.doc("app/pom.xml").changed
    set_version_at_source(ws, app, dep, "2.0", "r")
    assert "<version>2.0</version>" in rendered(ws, "app/pom.xml")


def test_change_artifact_under_a_managing_bom_drops_the_literal(tmp_path):
    managed = """    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>g</groupId>
                <artifactId>new-lib</artifactId>
                <version>3.0</version>
            </dependency>
        </dependencies>
    </dependencyManagement>
"""
    ws, app, dep = workspace(tmp_path, version="1.5", managed=managed)
    change_artifact(ws, app, dep, "g", "new-lib", "3.0", "r")
    text = rendered(ws, "app/pom.xml")
    assert "<artifactId>new-lib</artifactId>\n        </dependency>" in text and "1.5" not in text


def test_change_artifact_keeps_a_property_defined_outside_the_repository(tmp_path):
    ws, app, dep = workspace(tmp_path, version="${outside.version}")
    change_artifact(ws, app, dep, "g", "new-lib", "3.0", "r")
    assert "<artifactId>new-lib</artifactId>\n            <version>${outside.version}</version>" in rendered(ws, "app/pom.xml")


def test_declared_looks_at_dependencies_and_dependency_management(tmp_path):
    from generator.rules.dependency import declared

    managed = "    <dependencyManagement>\n        <dependencies>\n            <dependency>\n                <groupId>m</groupId>\n                <artifactId>bom</artifactId>\n                <version>1</version>\n            </dependency>\n        </dependencies>\n    </dependencyManagement>\n"
    ws, _, _ = workspace(tmp_path, managed=managed)
    assert declared(ws, lambda d: d.artifact == "lib") and declared(ws, lambda d: d.group == "m")
    assert not declared(ws, lambda d: d.group == "nowhere")
