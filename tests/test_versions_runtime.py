"""Runtime tier: the migrated dubbo-versions sample on real JVMs, over real triple (HTTP/2).

Dubbo tag routing marks a request with the ``dubbo.tag`` attachment. On the mesh the
VirtualService has to match it as an HTTP/2 header, so the header's exact name on the wire
is a fact to observe, not to guess: these tests start the migrated consumer and look at what
it sends.

Needs mvn + java (and Maven Central or a warm ~/.m2). CI sets MESHIFY_REQUIRE_MAVEN=1.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from generator.pipeline import build_plan

from .conftest import copy_sample
from .h2relay import Listener
from .jvm import JAVA_OPTS, free_port, get

pytestmark = pytest.mark.maven

ORDER_SERVICE = "com.example.shop.order.api.OrderService"
TIMEOUT = 300  # JVM start-ups on a busy shared machine, all of them within one deadline
# What the runs below observe: Dubbo 3.1.5 triple sends each attachment as an HTTP/2 header
# of the same name, so the tag arrives as ``dubbo.tag: <tag>`` (docs/versions.md).
DUBBO_TAG_HEADER = "dubbo.tag"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """The sample, migrated by meshify (manifests included) and built with Maven (once for this module)."""
    if shutil.which("mvn") is None or shutil.which("java") is None:
        if os.environ.get("MESHIFY_REQUIRE_MAVEN"):
            pytest.fail("mvn and java are required for the Maven tier (MESHIFY_REQUIRE_MAVEN=1)")
        pytest.skip("mvn/java not installed")
    repo = copy_sample("dubbo-versions", tmp_path_factory.mktemp("versions"))
    # the sample is a working Dubbo 2.7 project before meshify touches it
    mvn(repo, "clean", "package")
    build_plan(repo, "dubbo").apply()
    mvn(repo, "clean", "package")
    return repo


def mvn(repo: Path, *goals: str) -> None:
    build = subprocess.run(["mvn", "-q", "-B", "-DskipTests", *goals], cwd=repo, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]


class Jvms:
    """The Java processes of one test, stopped (whole process group) when it ends."""

    def __init__(self, repo: Path, logs: Path):
        self.repo, self.logs = repo, logs
        self.procs: list[tuple[subprocess.Popen, Path]] = []

    def start(self, module: str, *jvm_args: str, app_args: tuple[str, ...] = ()) -> None:
        jar = next((self.repo / module / "target").glob(f"{module}-*.jar"))
        log = self.logs / f"{module}.log"
        with log.open("wb") as fh:
            p = subprocess.Popen(["java", *JAVA_OPTS, *jvm_args, "-jar", str(jar), *app_args], cwd=self.repo,
                                 stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append((p, log))

    def wait_ready(self, qos_port: int, deadline: float) -> None:
        url = f"http://127.0.0.1:{qos_port}/ready"
        while time.monotonic() < deadline:
            for p, log in self.procs:
                if p.poll() is not None:
                    pytest.fail(f"{log.name} exited with {p.returncode}:\n{log.read_text()[-4000:]}")
            try:
                if get(url)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        pytest.fail(f"{url} not ready in time\n" + "\n".join(f"--- {log.name}\n{log.read_text()[-3000:]}" for _, log in self.procs))

    def stop(self) -> None:
        for p, _ in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p, _ in self.procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=5)


@pytest.fixture
def jvms(migrated, tmp_path):
    j = Jvms(migrated, tmp_path)
    yield j
    j.stop()


def start_shop_web(jvms: Jvms, order_port: int, deadline: float, *extra: str) -> str:
    """Start the migrated consumer, its OrderService pointed at order_port; returns its base URL.

    In a cluster the reference resolves to tri://shop-order.<namespace>.svc.cluster.local:50052
    (providedBy) and the sidecar; here ``url`` points it at a listener on [::1] instead
    (Dubbo rewrites 127.0.0.1 to the host address; [::1] stays on loopback).
    """
    web, qos, tri = free_port(), free_port(), free_port()
    # A longer call timeout than the sample's 3 s: the first calls into cold JVMs on a busy test
    # machine take longer (the timeout is not what these tests are about).
    jvms.start("shop-web", f"-Ddubbo.application.qos-port={qos}", f"-Ddubbo.protocol.port={tri}", "-Ddubbo.consumer.timeout=30000",
               f"-Ddubbo.reference.{ORDER_SERVICE}.url=tri://[::1]:{order_port}", *extra, app_args=(f"--server.port={web}",))
    jvms.wait_ready(qos, deadline)
    return f"http://127.0.0.1:{web}"


def call(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> tuple[int, str]:
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def test_triple_sends_the_dubbo_tag_attachment_as_a_header_of_the_same_name(jvms):
    """Proves: the name and value of the HTTP/2 header a Dubbo 3.1.5 triple consumer sends for
    the ``dubbo.tag`` attachment, set the way the sample sets it (RpcContext, from an HTTP
    header or a query parameter), and that an untagged call sends no such header.
    Does not prove: anything about Envoy (it forwards request headers unchanged; matching
    them is the VirtualService's job, see the next test for what can be shown without one)."""
    fake_provider = Listener()  # answers every call with UNIMPLEMENTED, after recording it
    try:
        base = start_shop_web(jvms, fake_provider.port, time.monotonic() + TIMEOUT)
        call(f"{base}/release", {"X-Release-Tag": "gray"})
        call(f"{base}/release?tag=gray")
        call(f"{base}/release")
    finally:
        fake_provider.close()

    assert len(fake_provider.calls) == 3, [c.headers for c in fake_provider.calls]
    tagged_header, tagged_param, untagged = fake_provider.calls
    for c in (tagged_header, tagged_param, untagged):
        assert c.header(":path") == f"/{ORDER_SERVICE}/release"  # really the triple call
        assert c.header("content-type").startswith("application/grpc")
    assert tagged_header.header(DUBBO_TAG_HEADER) == "gray", tagged_header.headers
    assert tagged_param.header(DUBBO_TAG_HEADER) == "gray", tagged_param.headers
    # nothing else carries the tag (no tri- prefixed or renamed copy the mesh could match instead)
    assert [k for k, v in tagged_header.headers if v == "gray"] == [DUBBO_TAG_HEADER]
    assert untagged.header(DUBBO_TAG_HEADER) is None, untagged.headers
    assert all("tag" not in k for k, _ in untagged.headers), untagged.headers



def test_a_tag_in_consumer_configuration_is_not_sent(jvms):
    """Proves: a tag set in the consumer's configuration (dubbo.consumer.tag) puts no header on
    the wire, so the mesh cannot route by it (meshify reports it: consumer-tag-not-sent).
    Does not prove: what Dubbo's own tag router does with it in-process."""
    fake_provider = Listener()
    try:
        base = start_shop_web(jvms, fake_provider.port, time.monotonic() + TIMEOUT, "-Ddubbo.consumer.tag=gray")
        call(f"{base}/release")
    finally:
        fake_provider.close()
    assert len(fake_provider.calls) == 1
    assert fake_provider.calls[0].header(":path") == f"/{ORDER_SERVICE}/release"
    assert [k for k, v in fake_provider.calls[0].headers if "gray" in v or "tag" in k] == [], fake_provider.calls[0].headers


def istio_subset(vs: dict, headers: list[tuple[str, str]]) -> str:
    """The subset a VirtualService's http routes pick for a request, read the way Istio reads
    them: the first route whose match holds (any match entry; every header condition and the
    caller's labels in it),
    a route without match takes everything. Exact, prefix and regex header conditions only;
    a weighted route gives its heaviest destination (this stand-in routes, it does not split)."""
    have = dict(headers)

    def holds(cond: dict[str, dict]) -> bool:
        if cond.get("sourceLabels") not in (None, {"app": "shop-web"}):  # the caller here is shop-web
            return False
        for name, rule in cond.get("headers", {}).items():
            value = have.get(name)
            if value is None:
                return False
            if "exact" in rule and value != rule["exact"]:
                return False
            if "prefix" in rule and not value.startswith(rule["prefix"]):
                return False
            if "regex" in rule and not re.fullmatch(rule["regex"], value):
                return False
        return True

    for route in vs["spec"]["http"]:
        if not route.get("match") or any(holds(m) for m in route["match"]):
            best = max(route["route"], key=lambda d: d.get("weight", 100))
            return best["destination"]["subset"]
    raise AssertionError("no route matches, and the VirtualService has no default route")


def test_tagged_calls_reach_the_gray_version_by_the_generated_routes(jvms, migrated):
    """Starts two migrated versions of shop-order (v1 and gray) and the migrated shop-web, with a
    stand-in for the sidecar between them that routes each call by the generated VirtualService.

    Proves: the generated VirtualService matches the header the consumer really sends, in the
    route order meshify documents: an untagged call goes to the stable version (v1) and carries
    no dubbo.tag header; a call tagged gray carries ``dubbo.tag: gray`` and lands on the gray
    build; both provider versions start and serve over triple after migration.
    Does not prove: that Envoy applies the VirtualService the same way (that needs Istio and a
    sidecar), mTLS, or that the DestinationRule's subsets select the right pods (Kubernetes labels)."""
    base = migrated / "k8s" / "base" / "shop-order"
    vs = yaml.safe_load((base / "virtualservice.yaml").read_text())
    dr = yaml.safe_load((base / "destinationrule.yaml").read_text())
    assert [s["name"] for s in dr["spec"]["subsets"]] == ["v1", "v2", "gray"]

    deadline = time.monotonic() + TIMEOUT
    ports: dict[str, int] = {}
    qos_ports: list[int] = []
    for version in ("v1", "gray"):
        tri, qos = free_port(), free_port()
        # two versions on one host: each moves its ports (in a cluster each pod has its own)
        jvms.start(f"order-{version}", f"-Ddubbo.protocol.port={tri}", f"-Ddubbo.application.qos-port={qos}")
        ports[version] = tri
        qos_ports.append(qos)
    for qos in qos_ports:  # both start at once
        jvms.wait_ready(qos, deadline)
    sidecar = Listener(route=lambda headers: ("::1", ports[istio_subset(vs, headers)]))
    try:
        web = start_shop_web(jvms, sidecar.port, deadline)
        assert call(f"{web}/release") == (200, "v1")
        assert call(f"{web}/release", {"X-Release-Tag": "gray"}) == (200, "gray")
        code, order = call(f"{web}/orders?item=book&quantity=12&tag=gray", method="POST")
        assert (code, order) == (200, "order 1: 12 x book, 8% off (shop-order gray)")
        code, order = call(f"{web}/orders?item=book&quantity=12", method="POST")
        assert (code, order) == (200, "order 1: 12 x book (shop-order v1)")
    finally:
        sidecar.close()

    untagged, tagged, tagged_order, untagged_order = sidecar.calls
    assert untagged.header(DUBBO_TAG_HEADER) is None and untagged_order.header(DUBBO_TAG_HEADER) is None
    assert tagged.header(DUBBO_TAG_HEADER) == tagged_order.header(DUBBO_TAG_HEADER) == "gray"
    assert [c.upstream[1] for c in sidecar.calls] == [ports["v1"], ports["gray"], ports["gray"], ports["v1"]]
