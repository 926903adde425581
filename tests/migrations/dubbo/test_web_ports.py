"""A web server that also serves triple (apache/dubbo-samples' triple servlet), and one on a port Dubbo uses: before/after, run twice."""
from __future__ import annotations

import pytest

from generator.errors import MeshifyError

from ...recipe import assert_migrates
from ...test_dubbo import MAIN, dep, module_pom, root_pom

RES = "app/src/main/resources"
WEB_POM = module_pom("app", "\n".join([dep("org.apache.dubbo", "dubbo-spring-boot-starter"), dep("org.springframework.boot", "spring-boot-starter-web", None)]))


def _yml(port: int, qos: str = "", tri_port: str = "50052") -> str:
    return (f"spring:\n  application:\n    name: servlet-demo\nserver:\n  port: {port}\n  http2:\n    enabled: true\n"
            f"dubbo:\n  application:\n    name: servlet-demo\n{qos}  protocol:\n    name: tri\n    port: {tri_port}\n"
            "    triple:\n      servlet:\n        enabled: true\n  registry:\n    address: N/A\n")


def test_triple_served_by_the_web_server_is_one_port():
    # dubbo-samples-triple-servlet: server.port 50052 is also the triple port; the Service declared it twice and
    # the run stopped with an error that named no file
    plan = assert_migrates("dubbo", {
        "pom.xml": (root_pom("<dubbo.version>3.1.5</dubbo.version>"), ...),
        "app/pom.xml": (WEB_POM, ...),
        "app/src/main/java/com/example/app/App.java": MAIN,
        # the triple port given as the web server's: the same 50052, so the line stays as written
        f"{RES}/application.yml": (_yml(50052, tri_port="${server.port}"), ...),
    }, manifests=True)
    (svc,) = plan.services
    assert [(p.name, p.port) for p in svc.ports] == [("grpc-tri", 50052), ("http-health", 22222)]
    (change,) = [c for c in plan.changes if c.path == f"{RES}/application.yml"]
    assert b"    port: ${server.port}\n" in change.new
    (f,) = [f for f in plan.findings if f.code == "triple-on-web-port"]
    assert f.path == f"{RES}/application.yml" and "server.port 50052" in f.message


def test_a_web_port_on_the_qos_port_is_refused_naming_the_file():
    files = {
        "pom.xml": root_pom("<dubbo.version>3.1.5</dubbo.version>"),
        "app/pom.xml": WEB_POM,
        "app/src/main/java/com/example/app/App.java": MAIN,
        f"{RES}/application.yml": _yml(22222),
    }
    with pytest.raises(MeshifyError) as e:
        assert_migrates("dubbo", files, manifests=True)
    assert e.value.path == f"{RES}/application.yml" and "server.port 22222" in str(e.value)
