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
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from generator.cli import main

from . import dockerfile_run as D
from .cluster import PodNetwork, ToolMissing
from .conftest import copy_sample

pytestmark = pytest.mark.maven
TIMEOUT = 150


def _require() -> None:
    missing = [t for t in ("mvn", "java", "setpriv") if shutil.which(t) is None]
    if missing:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail(f"{', '.join(missing)} required for the runtime tier (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip(f"{', '.join(missing)} not installed")


def _get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def _probes(repo: Path, service: str, tcp: bool = False) -> list[tuple[str, str | None, int]]:
    """(kind, path, containerPort) of every probe the Deployment declares: HTTP, or with ``tcp``
    also TCP ones (path None)."""
    dep = yaml.safe_load((repo / "k8s" / "base" / service / "deployment.yaml").read_text())
    container = dep["spec"]["template"]["spec"]["containers"][0]
    by_name = {p["name"]: p["containerPort"] for p in container["ports"]}
    out = []
    for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
        probe = container.get(kind)
        if tcp and probe and "tcpSocket" in probe:
            port = probe["tcpSocket"]["port"]
            out.append((kind, None, by_name.get(port, port)))
            continue
        assert probe and "httpGet" in probe, f"{service}: {kind} is not an HTTP probe: {probe}"
        port = probe["httpGet"]["port"]
        out.append((kind, probe["httpGet"]["path"], by_name.get(port, port)))
    return out


def _deployment(repo: Path, service: str) -> dict:
    return yaml.safe_load((repo / "k8s" / "base" / service / "deployment.yaml").read_text())


def _volumes(repo: Path, service: str) -> set[str]:
    """The mount paths of the Deployment's emptyDir volumes (where a read-only root lets it write)."""
    spec = _deployment(repo, service)["spec"]["template"]["spec"]
    empty = {v["name"] for v in spec.get("volumes", []) if "emptyDir" in v}
    return {m["mountPath"] for m in spec["containers"][0]["volumeMounts"] if m["name"] in empty}


def _env(repo: Path, service: str, namespace: str, pod_ip: str) -> dict[str, str]:
    """The container's environment as the Deployment sets it (values and the downward API)."""
    out = {}
    for e in _deployment(repo, service)["spec"]["template"]["spec"]["containers"][0].get("env", []):
        if "value" in e:
            out[e["name"]] = str(e["value"])
        else:
            field = e["valueFrom"]["fieldRef"]["fieldPath"]
            out[e["name"]] = {"metadata.namespace": namespace, "status.podIP": pod_ip, "metadata.name": f"{service}-0"}[field]
    return out


def _wait(url: str, proc: subprocess.Popen, log: Path, deadline: float, timeout: float = 5) -> str:
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the entrypoint exited with {proc.returncode}:\n{log.read_text()[-5000:]}")
        try:
            code, body = _get(url, timeout)
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


def build_image(repo: Path, dockerfile: str, tmp_path: Path, remap: tuple[int, ...] = (), volumes: set[str] | None = None,
                own_network: bool = False):
    """Build and lay out the image of ``dockerfile``, its root read-only but for ``volumes``;
    returns (scratch, runtime)."""
    stages = D.parse((repo / dockerfile).read_text())
    assert [s.name for s in stages] == ["build", None], [s.base for s in stages]
    top = D.Scratch()
    build_fs, scratch = D.Scratch(top.root, "build"), D.Scratch(top.root, "image")
    D.build(stages[0], repo, build_fs, tmp_path / f"build-{dockerfile.replace('/', '-')}.log")
    rt = D.lay_out(stages[1], build_fs, scratch, remap, sorted(volumes) if volumes is not None else None, own_network)
    scratch.cleanup = top.cleanup  # both stages go
    return scratch, rt


def run_image(repo: Path, dockerfile: str, tmp_path: Path, remap: tuple[int, ...] = (), extra_java=lambda ports: "",
              volumes: set[str] | None = None):
    """Build and lay out the image of ``dockerfile`` and start it; returns (scratch, runtime, process, log)."""
    scratch, rt = build_image(repo, dockerfile, tmp_path, remap, volumes)
    log = tmp_path / "app.log"
    proc = D.start(rt, log, extra_java(rt.ports))
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
    scratch, rt, proc, log = run_image(repo, "Dockerfile", tmp_path, extra_java=lambda ports: no_api,
                                       volumes=_volumes(repo, "greeting-web"))
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


def _pod_network() -> PodNetwork:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail("root and ip (iproute2) are required for pods' network namespaces (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip("network namespaces need root and ip (iproute2)")
    try:
        return PodNetwork.create()
    except (ToolMissing, RuntimeError) as e:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail(f"no pod network: {e}")
        pytest.skip(f"no pod network: {e}")


def _cluster_dns(repo: Path, ips: dict[str, str]) -> dict[str, str]:
    """Every generated Service's DNS names -> the address of the pod its selector picks."""
    hosts = {}
    for f in sorted((repo / "k8s" / "base").glob("*/service.yaml")):
        svc = yaml.safe_load(f.read_text())
        app, ns, name = svc["spec"]["selector"]["app"], svc["metadata"]["namespace"], svc["metadata"]["name"]
        if app in ips:
            for h in (name, f"{name}.{ns}", f"{name}.{ns}.svc", f"{name}.{ns}.svc.cluster.local"):
                hosts[h] = ips[app]
    return hosts


def _tomcat_wrote_only_its_volumes(log: Path) -> None:
    text = log.read_text(errors="replace")
    assert "Unable to create directory" not in text and "Read-only file system" not in text, text[-3000:]
    assert "SEVERE" not in text, [line for line in text.splitlines() if "SEVERE" in line][:5]


class Pods:
    """Each image started as its Deployment's pod: a network namespace of its own with the cluster DNS
    names of the generated Services in its /etc/hosts, the Deployment's environment, its root
    read-only but for the Deployment's volumes."""

    def __init__(self, repo: Path, services: dict[str, str], namespace: str, tmp_path: Path) -> None:
        self.net = _pod_network()
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        self.runtimes: dict[str, D.Runtime] = {}
        self.scratches: list[D.Scratch] = []
        try:
            self.addr = {svc: self.net.add_pod(svc) for svc in services}
            self.hosts = _cluster_dns(repo, {svc: ip for svc, (_, ip) in self.addr.items()})
            for svc, dockerfile in services.items():
                netns, ip = self.addr[svc]
                self.net.write_hosts(netns, f"{svc}-0", self.hosts)
                scratch, rt = build_image(repo, dockerfile, tmp_path, volumes=_volumes(repo, svc), own_network=True)
                self.scratches.append(scratch)
                self.runtimes[svc] = rt
                self.logs[svc] = tmp_path / f"{svc}.log"
                self.procs[svc] = D.start(rt, self.logs[svc], env=_env(repo, svc, namespace, ip), netns=netns)
        except BaseException:
            self.stop()
            raise

    def ip(self, svc: str) -> str:
        return self.addr[svc][1]

    def stop(self) -> None:
        for proc in self.procs.values():
            _stop(proc)
        self.net.destroy()
        for scratch in self.scratches:
            scratch.cleanup()


def test_dubbo_wars_run_on_tomcat_9_and_the_web_war_calls_the_provider_by_its_service_name(tmp_path):
    """samples/dubbo-xml-war migrated: each war on Tomcat 9 in its own pod; the QoS probes answer on
    22222, and the web war's page gets its books from book-provider over triple at
    book-provider.<namespace>.svc.cluster.local:50052. Tomcat writes nowhere but its volumes."""
    _require()
    repo = copy_sample("dubbo-xml-war", tmp_path)
    assert main(["dubbo", str(repo), "--quiet"]) == 0
    services = {"book-provider": "book-provider/Dockerfile", "bookstore-web": "bookstore-web/Dockerfile"}
    for svc, dockerfile in services.items():
        text = (repo / dockerfile).read_text()
        assert "FROM tomcat:9.0-jre8-temurin" in text, text  # javax (Spring 4), Java 8
        assert {"/usr/local/tomcat/" + d for d in ("logs", "temp", "work", "webapps", "conf/Catalina")} <= _volumes(repo, svc)
    pods = Pods(repo, services, "bookstore", tmp_path)
    try:
        assert pods.hosts["book-provider.bookstore.svc.cluster.local"] == pods.ip("book-provider")
        deadline = time.monotonic() + TIMEOUT * 2
        for svc in services:
            assert pods.runtimes[svc].user == (10001, 10001)
            for kind, path, port in _probes(repo, svc):
                assert port == 22222, (svc, kind, port)
                _wait(f"http://{pods.ip(svc)}:{port}{path}", pods.procs[svc], pods.logs[svc], deadline)
        # Dubbo (and so QoS) is up before Tomcat has finished deploying the war: the first page
        # waits for the deployment, and the first call for the connection to the provider
        web = f"http://{pods.ip('bookstore-web')}:8080/bookstore/books"
        body = _wait(web, pods.procs["bookstore-web"], pods.logs["bookstore-web"], deadline, timeout=30)
        assert body.split() == ["9787111213826", "9787115275790", "9787121362132"], body
        code, body = _get(f"{web}/9787111213826", timeout=30)
        assert (code, body) == (200, "9787111213826: Java编程思想 (from book-provider)\n")
        for svc, log in pods.logs.items():
            text = log.read_text(errors="replace").lower()
            assert "zookeeper://" not in text and ":2181" not in text, svc
            _tomcat_wrote_only_its_volumes(log)
    finally:
        pods.stop()


def test_assembly_and_plain_jar_run_and_the_client_calls_the_provider_by_its_service_name(tmp_path):
    """tests/fixtures/dubbo-shapes migrated: greeting-provider's assembly (lib/, conf/ and a start.sh
    that ran com.alibaba.dubbo.container.Main) runs Dubbo 3's container main with conf/ on the
    classpath; greeting-client, a plain jar whose main() starts a Spring context, runs with the
    dependencies its image copies; both answer their QoS probes, and the client's calls reach the
    provider over triple by its Service name. greeting-admin, servlets only, runs on Tomcat 9 and
    answers the HTTP probes its Deployment declares on its Service's port."""
    _require()
    repo = tmp_path / "dubbo-shapes"
    shutil.copytree(Path(__file__).parent / "fixtures" / "dubbo-shapes", repo)
    assert main(["dubbo", str(repo), "--quiet"]) == 0
    provider, client = (repo / "greeting-provider" / "Dockerfile").read_text(), (repo / "greeting-client" / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["java", "-cp", "/app/conf:/app/lib/*", "org.apache.dubbo.container.Main"]' in provider
    assert 'ENTRYPOINT ["java", "-cp", "/app/app.jar:/app/lib/*", "com.example.greeting.client.GreetingClient"]' in client
    script = (repo / "greeting-provider/src/main/assembly/bin/start.sh").read_text()
    assert "-classpath $CONF_DIR:$LIB_DIR/* org.apache.dubbo.container.Main >" in script and "com.alibaba" not in script
    admin = yaml.safe_load((repo / "k8s" / "base" / "greeting-admin" / "service.yaml").read_text())
    assert [(p["name"], p["port"]) for p in admin["spec"]["ports"]] == [("http", 8080)]
    services = {"greeting-provider": "greeting-provider/Dockerfile", "greeting-client": "greeting-client/Dockerfile",
                "greeting-admin": "greeting-admin/Dockerfile"}
    pods = Pods(repo, services, "greeting", tmp_path)
    try:
        deadline = time.monotonic() + TIMEOUT * 2
        for svc in services:
            assert pods.runtimes[svc].user == (10001, 10001)
            for kind, path, port in _probes(repo, svc, tcp=svc == "greeting-admin"):
                if svc == "greeting-admin":
                    # ready when its page answers, alive while Tomcat's port is open
                    assert (kind, path, port) in (("startupProbe", "/status", 8080), ("readinessProbe", "/status", 8080),
                                                  ("livenessProbe", None, 8080)), (kind, path, port)
                    if path is None:
                        socket.create_connection((pods.ip(svc), port), timeout=5).close()
                    else:
                        body = _wait(f"http://{pods.ip(svc)}:{port}{path}", pods.procs[svc], pods.logs[svc], deadline)
                        assert body == "greeting-admin: up\n"
                    continue
                assert port == 22222, (svc, kind, port)
                _wait(f"http://{pods.ip(svc)}:{port}{path}", pods.procs[svc], pods.logs[svc], deadline)
        _tomcat_wrote_only_its_volumes(pods.logs["greeting-admin"])
        log = pods.logs["greeting-client"]
        while "greeting: " not in log.read_text(errors="replace") and time.monotonic() < deadline:
            assert pods.procs["greeting-client"].poll() is None, log.read_text()[-5000:]
            time.sleep(1)
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.startswith("greeting: ")]
        assert lines and lines[0] == "greeting: Hello, mesh (from greeting-provider)", log.read_text()[-5000:]
        for svc, path in pods.logs.items():
            text = path.read_text(errors="replace").lower()
            assert "zookeeper://" not in text and ":2181" not in text, svc
        assert pods.runtimes["greeting-provider"].argv[0] == pods.runtimes["greeting-client"].argv[0] == "java"
    finally:
        pods.stop()
