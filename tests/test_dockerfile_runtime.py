"""Runtime tier: each generated Dockerfile really runs its application, and the probes its
Deployment declares answer, without a Docker engine (see dockerfile_run.py for how).

A war runs on the Tomcat line its Dockerfile names, taken from Maven Central as the
distribution zip (org.apache.tomcat:tomcat, versions in dockerfile_run.TOMCAT_DIST).
The JVM is this machine's (Java 17), not the image's JRE.

Needs mvn + java + setpriv; CI sets MESHIFY_REQUIRE_MAVEN=1.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from generator.cli import main

from . import dockerfile_run as D
from .conftest import copy_sample

pytestmark = pytest.mark.maven
TIMEOUT = 150


def _require() -> None:
    missing = [t for t in ("mvn", "java", "setpriv") if shutil.which(t) is None]
    if missing:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail(f"{', '.join(missing)} required for the runtime tier (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip(f"{', '.join(missing)} not installed")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def _probes(repo: Path, service: str) -> list[tuple[str, str, int]]:
    """(kind, path, containerPort) of every HTTP probe the Deployment declares."""
    dep = yaml.safe_load((repo / "k8s" / "base" / service / "deployment.yaml").read_text())
    container = dep["spec"]["template"]["spec"]["containers"][0]
    by_name = {p["name"]: p["containerPort"] for p in container["ports"]}
    out = []
    for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
        probe = container.get(kind)
        assert probe and "httpGet" in probe, f"{service}: {kind} is not an HTTP probe: {probe}"
        port = probe["httpGet"]["port"]
        out.append((kind, probe["httpGet"]["path"], by_name.get(port, port)))
    return out


def _volumes(repo: Path, service: str) -> set[str]:
    dep = yaml.safe_load((repo / "k8s" / "base" / service / "deployment.yaml").read_text())
    return {m["mountPath"] for m in dep["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]}


def _wait(url: str, proc: subprocess.Popen, log: Path, deadline: float) -> str:
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the entrypoint exited with {proc.returncode}:\n{log.read_text()[-5000:]}")
        try:
            code, body = _get(url)
            if code == 200:
                return body
            last = f"HTTP {code}: {body[:300]}"
        except OSError as e:
            last = str(e)
        time.sleep(1)
    pytest.fail(f"{url} did not answer 200 ({last})\n{log.read_text()[-5000:]}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def run_image(repo: Path, dockerfile: str, tmp_path: Path, remap: tuple[int, ...] = (), extra_java=lambda ports: ""):
    """Build and lay out the image of ``dockerfile``; returns (scratch, runtime, process, log)."""
    stages = D.parse((repo / dockerfile).read_text())
    assert [s.name for s in stages] == ["build", None], [s.base for s in stages]
    top = D.Scratch()
    build_fs, scratch = D.Scratch(top.root, "build"), D.Scratch(top.root, "image")
    build_log = tmp_path / "build.log"
    D.build(stages[0], repo, build_fs, build_log)
    rt = D.lay_out(stages[1], build_fs, scratch, remap)
    log = tmp_path / "app.log"
    proc = D.start(rt, log, extra_java(rt.ports))
    scratch.cleanup = top.cleanup  # both stages go
    return scratch, rt, proc, log


def test_spring_boot_war_runs_on_tomcat_9_and_answers_its_probes(tmp_path):
    _require()
    repo = copy_sample("springcloud-war", tmp_path)
    assert main(["springcloud", str(repo), "--quiet"]) == 0
    text = (repo / "Dockerfile").read_text()
    assert "FROM tomcat:9.0-jre11-temurin" in text  # javax (Boot 2.7), Java 11
    assert {"/usr/local/tomcat/" + d for d in ("logs", "temp", "work", "webapps")} <= _volumes(repo, "greeting-web")

    # What only a cluster provides: Spring Cloud Kubernetes waits for an API server (the runtime
    # tier, tests/test_runtime.py, gives it one); here it is switched off.
    no_api = "-Dspring.cloud.kubernetes.enabled=false -Dspring.cloud.kubernetes.discovery.enabled=false"
    scratch, rt, proc, log = run_image(repo, "Dockerfile", tmp_path, extra_java=lambda ports: no_api)
    try:
        assert rt.user == (10001, 10001) and rt.argv[:2] == ["/bin/sh", "-c"]
        deadline = time.monotonic() + TIMEOUT
        for kind, path, port in _probes(repo, "greeting-web"):
            assert port == 8080 and port in rt.exposed
            body = _wait(f"http://127.0.0.1:{rt.ports[port]}{path}", proc, log, deadline)
            assert '"status":"UP"' in body, (kind, body)
        code, body = _get(f"http://127.0.0.1:{rt.ports[8080]}/hello/mesh")
        assert (code, body) == (200, "Hello, mesh")
        # Tomcat unpacked the war into the webapps volume and wrote nowhere but its volumes
        home = scratch.path("/usr/local/tomcat")
        assert (home / "webapps" / "ROOT" / "WEB-INF" / "web.xml").exists() or (home / "webapps" / "ROOT" / "WEB-INF" / "classes").is_dir()
        assert "Tomcat" in log.read_text() or "Catalina" in log.read_text()
    finally:
        _stop(proc)
        scratch.cleanup()
