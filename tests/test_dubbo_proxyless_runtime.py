"""Maven tier: `meshify dubbo --mode proxyless` on the dubbo-nacos-catalog sample.

What this proves, on a machine with no Kubernetes and no istiod:
* the migrated reactor builds with org.apache.dubbo:dubbo-xds at the Dubbo version, and the jar
  carries it without a second copy of Dubbo's own classes or log4j 1.x;
* the provider starts on the xds registry, exports triple and the metadata service, and answers
  /startup, /live and /ready on the QoS port while the control plane is unreachable;
* the xds registry really ran: the log shows Dubbo's xDS service discovery starting and
  failing for want of the Istio agent's pod environment (no Kubernetes service-account token).

What it does not prove (it needs a cluster with istiod and the grpc-agent injection template):
that Dubbo reaches the agent's xDS socket, receives listeners, routes and endpoints from istiod,
that the consumer finds the provider through providedBy, or anything about mTLS. Dubbo 3.1's xds
module has no data-plane TLS at all, so ISTIO_MUTUAL is not enforced by Dubbo itself.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile

import pytest

from .conftest import copy_sample, git_init, run_meshify

pytestmark = pytest.mark.maven

JAVA_OPTS = ["--add-opens", "java.base/java.math=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED"]
TIMEOUT = 120


def _require_maven() -> None:
    if shutil.which("mvn") is None or shutil.which("java") is None:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail("mvn and java are required for the Maven tier (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip("mvn/java not installed")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def test_proxyless_provider_starts_and_serves_probes_without_a_control_plane(tmp_path):
    _require_maven()
    repo = copy_sample("dubbo-nacos-catalog", tmp_path)
    git_init(repo)
    r = run_meshify("dubbo", "--mode", "proxyless", str(repo))
    assert r.returncode == 0, r.stderr

    config = (repo / "price-service/src/main/resources/application.yml").read_text()
    assert "address: xds://istiod.istio-system.svc:15012?use-agent=true" in config
    assert "metadata-service-port: 20885" in config  # kebab-case, as the file writes base-packages

    build = subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=repo, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    jar = next((repo / "price-service" / "target").glob("price-service-*.jar"))
    with zipfile.ZipFile(jar) as z:
        libs = {n.rsplit("/", 1)[-1] for n in z.namelist() if n.startswith("BOOT-INF/lib/")}
    assert "dubbo-xds-3.1.5.jar" in libs and "dubbo-3.1.5.jar" in libs
    # dubbo-xds's own Dubbo modules (dubbo-common ...) and the log4j 1.x they pull in are excluded
    assert not [n for n in libs if n.startswith(("dubbo-common-", "dubbo-registry-api-", "log4j-1."))], sorted(libs)

    # The pod would get GRPC_XDS_BOOTSTRAP from Istio's grpc-agent template; here it points at an agent
    # socket that does not exist, so every xDS step fails the way it would with istiod unreachable.
    bootstrap = tmp_path / "grpc-bootstrap.json"
    bootstrap.write_text(json.dumps({
        "xds_servers": [{"server_uri": f"unix://{tmp_path}/no-agent/XDS", "channel_creds": [{"type": "insecure"}], "server_features": ["xds_v3"]}],
        "node": {"id": "sidecar~127.0.0.1~price-service-0~catalog.svc.cluster.local"},
    }))
    for port in (50052, 22222, 20885):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                pytest.skip(f"port {port} is in use on this machine")
    log = tmp_path / "price-service.log"
    env = {**os.environ, "GRPC_XDS_BOOTSTRAP": str(bootstrap)}
    with log.open("wb") as fh:
        proc = subprocess.Popen(["java", *JAVA_OPTS, "-jar", str(jar)], cwd=repo, stdout=fh, stderr=subprocess.STDOUT,
                                env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + TIMEOUT
        answers: dict[str, tuple[int, str]] = {}
        while time.monotonic() < deadline and len(answers) < 3:
            if proc.poll() is not None:
                pytest.fail(f"price-service exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
            for probe in ("startup", "live", "ready"):
                try:
                    code, body = _get(f"http://127.0.0.1:22222/{probe}")
                except OSError:
                    continue
                if code == 200:
                    answers[probe] = (code, body.strip())
            time.sleep(0.5)
        assert answers == {p: (200, "true") for p in ("startup", "live", "ready")}, log.read_text()[-4000:]
        # the xds registry and the metadata service come up after the QoS server: wait for them in the log
        markers = {
            "the provider registered with the xds registry": "XdsRegistry  :  [DUBBO] Register: tri://",
            "the metadata service on the fixed port every consumer expects": ":20885/org.apache.dubbo.metadata.MetadataService",
            "the xDS exchange was attempted": "PilotExchanger.initialize",
            "and failed for want of the pod's service-account token": "Unable to found kubernetes service account token file",
        }
        while time.monotonic() < deadline and not all(m in log.read_text() for m in markers.values()):
            if proc.poll() is not None:
                pytest.fail(f"price-service exited with {proc.returncode}:\n{log.read_text()[-4000:]}")
            time.sleep(0.5)
        text = log.read_text()
        missing = [what for what, m in markers.items() if m not in text]
        assert not missing, f"not in the log: {missing}\n{text[-4000:]}"
        assert "Duplicate class" not in text
        # and the probes still answer once the xDS attempt has failed
        for probe in ("startup", "live", "ready"):
            code, body = _get(f"http://127.0.0.1:22222/{probe}")
            assert (code, body.strip()) == (200, "true"), probe
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
