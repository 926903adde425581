"""Runtime tier: the migrated Dubbo sample builds, its providers answer the QoS probes,
and the consumer calls them over triple (no ZooKeeper anywhere).

Needs mvn + java (and Maven Central or a warm ~/.m2). CI sets MESHIFY_REQUIRE_MAVEN=1.
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

from generator.migrations.dubbo.options import DubboOptions as Options
from generator.pipeline import build_plan

from .conftest import copy_sample

pytestmark = pytest.mark.maven

JAVA_OPTS = ["--add-opens", "java.base/java.math=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED"]
API = "com.example.shop.api"
TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_busy(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def get(url: str, method: str = "GET") -> tuple[int, str]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def wait_200(url: str, procs: list[tuple[subprocess.Popen, Path]], deadline: float) -> str:
    last = "no answer"
    while time.monotonic() < deadline:
        for p, log in procs:
            if p.poll() is not None:
                pytest.fail(f"{log.name} exited with {p.returncode}:\n{log.read_text()[-4000:]}")
        try:
            code, body = get(url)
            if code == 200:
                return body
            last = f"HTTP {code}: {body[:200]}"
        except OSError as e:
            last = str(e)
        time.sleep(0.5)
    logs = "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for _, log in procs)
    pytest.fail(f"{url} did not answer 200 within the timeout ({last})\n{logs}")


def test_migrated_sample_runs_over_triple_without_registry(tmp_path):
    if shutil.which("mvn") is None or shutil.which("java") is None:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail("mvn and java are required for the Maven tier (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip("mvn/java not installed")
    # order-provider runs on the ports its migrated config names (this is what the probes use)
    for port in (50052, 22222):
        if port_busy(port):
            pytest.skip(f"port {port} is in use on this machine")

    repo = copy_sample("dubbo-zookeeper", tmp_path)
    build_plan(repo, "dubbo", Options(), manifests=False).apply()
    build = subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=repo, capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]

    def jar(mod: str) -> str:
        return str(next((repo / mod / "target").glob(f"{mod}-*.jar")))

    procs: list[tuple[subprocess.Popen, Path]] = []

    def start(name: str, args: list[str]) -> None:
        log = tmp_path / f"{name}.log"
        fh = log.open("wb")
        p = subprocess.Popen(["java", *JAVA_OPTS, *args], cwd=repo, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        procs.append((p, log))

    try:
        deadline = time.monotonic() + TIMEOUT
        start("order-provider", ["-jar", jar("order-provider")])
        # two providers share this host: the second one moves its ports (in a cluster each pod has its own)
        user_tri, user_qos = free_port(), free_port()
        start("user-provider", [f"-Ddubbo.protocol.port={user_tri}", f"-Ddubbo.application.qos-port={user_qos}", "-jar", jar("user-provider")])
        for probe in ("startup", "live", "ready"):
            assert wait_200(f"http://127.0.0.1:22222/{probe}", procs, deadline).strip() == "true"
            assert wait_200(f"http://127.0.0.1:{user_qos}/{probe}", procs, deadline).strip() == "true"

        web, consumer_qos, consumer_tri = free_port(), free_port(), free_port()
        # Overrides for what only a cluster provides:
        #  - url: Kubernetes DNS (<providedBy>.<namespace>.svc.cluster.local:50052) and the sidecar.
        #    [::1] because Dubbo rewrites 127.0.0.1/localhost to the host address; [::1] stays on loopback.
        #  - qos/protocol/server ports: a pod has its own network; here they would clash with the providers.
        start("order-consumer", [
            f"-Ddubbo.application.qos-port={consumer_qos}",
            f"-Ddubbo.protocol.port={consumer_tri}",
            f"-Ddubbo.reference.{API}.GreetingService.url=tri://[::1]:50052",
            f"-Ddubbo.reference.{API}.OrderService.url=tri://[::1]:50052",
            f"-Ddubbo.reference.{API}.UserService.url=tri://[::1]:{user_tri}",
            "-jar", jar("order-consumer"), f"--server.port={web}",
        ])
        wait_200(f"http://127.0.0.1:{consumer_qos}/ready", procs, deadline)
        base = f"http://127.0.0.1:{web}"
        assert wait_200(f"{base}/greet/world", procs, deadline) == "Hello, world (from order-provider)"
        code, order = get(f"{base}/orders?userId=u1&item=book&quantity=2", "POST")
        assert code == 200 and order.startswith("ORD-1-bookx2"), order
        code, user = get(f"{base}/users/u1")
        assert code == 200 and '"name":"Alice"' in user and order in user, user
        code, legacy = get(f"{base}/legacy/greet/bob")
        assert code == 200 and legacy.count("Hello, bob") == 2, legacy
        for _, log in procs:  # nobody looked for a registry
            text = log.read_text().lower()
            assert "zookeeper://" not in text and ":2181" not in text, log.name
    finally:
        for p, _ in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p, _ in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=5)
