"""Maven tier: the samples build before and after migration (network: Maven Central).

CI sets MESHIFY_REQUIRE_MAVEN=1 so that a machine without mvn fails here instead of skipping.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import zipfile

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
