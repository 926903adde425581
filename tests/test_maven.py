"""Maven tier: the samples build before and after migration (network: Maven Central).

CI sets MESHIFY_REQUIRE_MAVEN=1 so that a machine without mvn fails here instead of skipping.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
import xml.etree.ElementTree as ET

import pytest

from .conftest import copy_sample, run_meshify

pytestmark = pytest.mark.maven


def mvn_package(root) -> subprocess.CompletedProcess:
    if shutil.which("mvn") is None or shutil.which("java") is None:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail("mvn and java are required for the Maven tier (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip("mvn/java not installed")
    return subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=root, capture_output=True, text=True, timeout=900)


def test_springcloud_sample_builds_before_and_after_migration(tmp_path):
    repo = copy_sample("springcloud-eureka", tmp_path)
    before = mvn_package(repo)
    assert before.returncode == 0, before.stdout[-4000:] + before.stderr[-4000:]
    subprocess.run(["mvn", "-q", "-B", "clean"], cwd=repo, capture_output=True, timeout=300)

    r = run_meshify("springcloud", str(repo))
    assert r.returncode == 0, r.stderr
    after = mvn_package(repo)
    assert after.returncode == 0, after.stdout[-4000:] + after.stderr[-4000:]
    # the services that were built carry Spring Cloud Kubernetes, not Eureka
    jar = next((repo / "customers-service" / "target").glob("customers-service-*.jar"))
    with zipfile.ZipFile(jar) as z:
        listing = "\n".join(z.namelist())
    assert "spring-cloud-kubernetes-client-discovery" in listing
    assert "eureka-client" not in listing
    # the retired registry is no longer part of the reactor
    assert not (repo / "discovery-server" / "target").exists()


def test_dubbo_xml_war_sample_builds_before_migration(tmp_path):
    # The build after `meshify dubbo` joins this test once the Dubbo migration handles Spring XML wars.
    repo = copy_sample("dubbo-xml-war", tmp_path)
    before = mvn_package(repo)
    assert before.returncode == 0, before.stdout[-4000:] + before.stderr[-4000:]
    provider = repo / "book-provider" / "target" / "book-provider.war"
    web = repo / "bookstore-web" / "target" / "bookstore-web-1.0.0-SNAPSHOT.war"
    with zipfile.ZipFile(provider) as z:
        names = set(z.namelist())
        catalog = z.read("WEB-INF/classes/catalog.properties")
    # Dubbo 2.6 and the Curator client ship inside the war; the servlet API is Tomcat's
    assert {"WEB-INF/web.xml", "WEB-INF/lib/dubbo-2.6.12.jar", "WEB-INF/lib/curator-framework-2.13.0.jar"} <= names
    assert not any("servlet-api" in n for n in names)
    # the GBK catalogue is packaged byte for byte
    assert catalog == (repo / "book-provider/src/main/resources/catalog.properties").read_bytes()
    assert "Java编程思想" in catalog.decode("gbk")
    with zipfile.ZipFile(web) as z:
        names = set(z.namelist())
    assert {"WEB-INF/bookstore-servlet.xml", "WEB-INF/lib/zkclient-0.11.jar", "WEB-INF/lib/spring-webmvc-4.3.30.RELEASE.jar"} <= names


def test_dubbo_xml_war_sample_builds_after_migration_with_dubbo_3_managed_in_the_parent(tmp_path):
    """The parent's dependencyManagement is rewritten where it manages Dubbo: Dubbo 3.1.5 and its
    dubbo-dependencies-bom, no 2.6 client left; grpc-all follows the BOM's gRPC, so Maven resolves it."""
    repo = copy_sample("dubbo-xml-war", tmp_path)
    r = run_meshify("dubbo", str(repo))
    assert r.returncode == 0, r.stderr
    after = mvn_package(repo)
    assert after.returncode == 0, after.stdout[-4000:] + after.stderr[-4000:]
    for war in (repo / "book-provider/target/book-provider.war", repo / "bookstore-web/target/bookstore-web-1.0.0-SNAPSHOT.war"):
        with zipfile.ZipFile(war) as z:
            libs = {n.rsplit("/", 1)[-1] for n in z.namelist() if n.startswith("WEB-INF/lib/")}
        assert {"dubbo-3.1.5.jar", "grpc-all-1.47.0.jar", "grpc-api-1.47.0.jar", "protobuf-java-3.20.3.jar", "curator-framework-5.1.0.jar"} <= libs, war.name
        # nothing of Dubbo 2.6 or its registry clients: the old BOM no longer manages spring-context-support 1.0.2, Curator 2, ZooKeeper 3.4
        assert not [n for n in libs if n.startswith(("dubbo-2.", "zkclient", "zookeeper-3.4", "curator-framework-2", "spring-context-support-1.0.2"))], war.name
    with zipfile.ZipFile(repo / "book-provider/target/book-provider.war") as z:
        assert z.read("WEB-INF/classes/catalog.properties") == (repo / "book-provider/src/main/resources/catalog.properties").read_bytes()


def mvn(root, *goals: str) -> subprocess.CompletedProcess:
    """`mvn -q -B <goals>` in root; skips (or fails under MESHIFY_REQUIRE_MAVEN) without mvn/java."""
    if shutil.which("mvn") is None or shutil.which("java") is None:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail("mvn and java are required for the Maven tier (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip("mvn/java not installed")
    return subprocess.run(["mvn", "-q", "-B", *goals], cwd=root, capture_output=True, text=True, timeout=1200)


def surefire_tests_run(module) -> int:
    """How many tests Surefire ran in a module (from its XML reports), so a green build that ran none is caught."""
    reports = sorted((module / "target" / "surefire-reports").glob("TEST-*.xml"))
    total = 0
    for report in reports:
        suite = ET.parse(report).getroot()
        assert suite.get("failures") == "0" and suite.get("errors") == "0", report.read_text()[:2000]
        total += int(suite.get("tests"))
    return total


def _assert_ok(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]


FINCHLEY_TESTS = {"config": 2, "gateway": 1, "account-service": 1, "statistics-service": 1}
BOOT1_PROJECTS = {"eureka-server": 0, "hello-service": 1, "greeting-client": 1}


def test_finchley_sample_builds_and_passes_its_tests_before_migration(tmp_path):
    repo = copy_sample("springcloud-finchley", tmp_path)
    _assert_ok(mvn(repo, "clean", "verify"))
    assert {m: surefire_tests_run(repo / m) for m in FINCHLEY_TESTS} == FINCHLEY_TESTS
    # every application module is a runnable Spring Boot jar
    for module in ("config", "registry", "gateway", "account-service", "statistics-service"):
        jar = repo / module / "target" / f"{module}-1.0.0.jar"
        with zipfile.ZipFile(jar) as z:
            assert "BOOT-INF/classes/" in z.namelist()


def test_boot1_sample_standalone_projects_build_and_pass_their_tests_before_migration(tmp_path):
    repo = copy_sample("springcloud-boot1", tmp_path)
    assert not (repo / "pom.xml").exists()  # no aggregator: three independent Maven projects
    for project, expected in BOOT1_PROJECTS.items():
        _assert_ok(mvn(repo / project, "clean", "verify"))
        assert surefire_tests_run(repo / project) == expected, project


def test_springcloud_war_sample_builds_before_and_after_migration(tmp_path):
    repo = copy_sample("springcloud-war", tmp_path)
    before = mvn_package(repo)
    assert before.returncode == 0, before.stdout[-4000:] + before.stderr[-4000:]
    subprocess.run(["mvn", "-q", "-B", "clean"], cwd=repo, capture_output=True, timeout=300)

    r = run_meshify("springcloud", str(repo))
    assert r.returncode == 0, r.stderr
    after = mvn_package(repo)
    assert after.returncode == 0, after.stdout[-4000:] + after.stderr[-4000:]
    with zipfile.ZipFile(repo / "target" / "greeting-web-1.0.0-SNAPSHOT.war") as z:
        names = z.namelist()
    assert any(n.startswith("WEB-INF/lib/spring-cloud-kubernetes-client-discovery") for n in names)
    assert not any("eureka-client" in n for n in names)
    # Tomcat stays provided: the war runs on the server's Tomcat
    assert not any(n.startswith("WEB-INF/lib/tomcat-embed-core") for n in names)


def _jar_libs(jar) -> str:
    with zipfile.ZipFile(jar) as z:
        return "\n".join(n for n in z.namelist() if n.startswith(("BOOT-INF/lib/", "lib/")))


def test_finchley_sample_builds_and_passes_its_tests_after_migration(tmp_path):
    repo = copy_sample("springcloud-finchley", tmp_path)
    r = run_meshify("springcloud", str(repo))
    assert r.returncode == 0, r.stderr
    _assert_ok(mvn(repo, "clean", "verify"))
    built = {m: n for m, n in FINCHLEY_TESTS.items() if m != "config"}  # the Config Server left the reactor
    assert {m: surefire_tests_run(repo / m) for m in built} == built
    assert not (repo / "config" / "target").exists() and not (repo / "registry" / "target").exists()
    libs = _jar_libs(repo / "account-service" / "target" / "account-service-1.0.0.jar")
    # mesh-native: no discovery client, no config client; bootstrap.yml still read (spring-cloud-context)
    assert "eureka-client" not in libs and "spring-cloud-config-client" not in libs
    assert "spring-cloud-context" in libs and "feign-hystrix" in libs


def test_boot1_sample_standalone_projects_build_and_pass_their_tests_after_migration(tmp_path):
    repo = copy_sample("springcloud-boot1", tmp_path)
    r = run_meshify("springcloud", str(repo))
    assert r.returncode == 0, r.stderr
    for project, expected in BOOT1_PROJECTS.items():
        _assert_ok(mvn(repo / project, "clean", "verify"))
        assert surefire_tests_run(repo / project) == expected, project
    libs = _jar_libs(repo / "hello-service" / "target" / "hello-service-0.1.0.jar")
    # the web stack the Eureka starter brought is declared now; Eureka itself is gone
    assert "spring-webmvc" in libs and "eureka-client" not in libs
