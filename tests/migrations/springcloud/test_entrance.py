"""Item 14: one public entrance. A gateway is a module that routes outside traffic; one Istio Gateway per namespace."""
from __future__ import annotations

import yaml

from ...recipe import assert_migrates
from .test_realworld import APP, C, EUREKA, ZUUL_APP

ROOT = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>2.3.12.RELEASE</version>
    </parent>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
    <packaging>pom</packaging>
    <modules>
{modules}    </modules>
    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>org.springframework.cloud</groupId>
                <artifactId>spring-cloud-dependencies</artifactId>
                <version>Hoxton.SR12</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
</project>
"""


def child(artifact: str, deps: list[str]) -> str:
    body = "".join(f"        <dependency>\n            <groupId>{d.split(':')[0]}</groupId>\n            <artifactId>{d.split(':')[1]}</artifactId>\n        </dependency>\n" for d in deps)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n    <modelVersion>4.0.0</modelVersion>\n'
            "    <parent>\n        <groupId>com.example</groupId>\n        <artifactId>shop</artifactId>\n        <version>1.0.0</version>\n    </parent>\n"
            f"    <artifactId>{artifact}</artifactId>\n    <dependencies>\n{body}    </dependencies>\n</project>\n")


def repo(*modules: str) -> dict:
    return {"pom.xml": ROOT.format(modules="".join(f"        <module>{m}</module>\n" for m in modules))}


def docs(plan, path: str) -> list[dict]:
    change = next((c for c in plan.changes if c.path == path), None)
    return [d for d in yaml.safe_load_all(change.new) if d] if change else []


GATEWAY = f"{C}:spring-cloud-starter-gateway"
ACTUATOR = "org.springframework.boot:spring-boot-starter-actuator"


def test_a_service_that_only_depends_on_a_gateway_library_is_not_the_public_entrance():
    files = repo("assistant")
    files["assistant/pom.xml"] = (child("assistant", [GATEWAY, EUREKA, ACTUATOR]), ...)
    files["assistant/src/main/java/com/example/assistant/App.java"] = APP.format(pkg="assistant")
    files["assistant/src/main/resources/application.yml"] = ("spring:\n  application:\n    name: assistant\n", ...)
    plan = assert_migrates("springcloud", files, manifests=True)
    assert docs(plan, "k8s/base/assistant/gateway.yaml") == []
    assert not any(d["kind"] == "Gateway" for c in plan.changes if c.path.startswith("k8s/") and c.path.endswith(".yaml")
                   for d in yaml.safe_load_all(c.new) if d)
    f = next(f for f in plan.findings if f.code == "gateway-library-only")
    assert f.path == "assistant/pom.xml" and "spring-cloud-starter-gateway" in f.message


def test_two_gateways_share_one_istio_gateway_on_distinct_hosts():
    files = repo("edge", "legacy-edge")
    files["edge/pom.xml"] = (child("edge", [GATEWAY, EUREKA, ACTUATOR]), ...)
    files["edge/src/main/java/com/example/edge/App.java"] = APP.format(pkg="edge")
    files["edge/src/main/resources/application.yml"] = (
        "spring:\n  application:\n    name: edge\n  cloud:\n    gateway:\n      routes:\n        - id: legacy\n          uri: lb://legacy-edge\n          predicates:\n            - Path=/legacy/**\n", ...)
    files["legacy-edge/pom.xml"] = (child("legacy-edge", [f"{C}:spring-cloud-starter-netflix-zuul", EUREKA, ACTUATOR]), ...)
    files["legacy-edge/src/main/java/com/example/gateway/App.java"] = ZUUL_APP
    files["legacy-edge/src/main/resources/application.yml"] = ("spring:\n  application:\n    name: legacy-edge\n", ...)
    plan = assert_migrates("springcloud", files, manifests=True)
    edge, legacy = docs(plan, "k8s/base/edge/gateway.yaml"), docs(plan, "k8s/base/legacy-edge/gateway.yaml")
    gateways = [d for d in edge + legacy if d["kind"] == "Gateway"]
    assert len(gateways) == 1 and gateways[0]["metadata"]["name"] == "edge"
    routes = {d["metadata"]["name"]: d["spec"] for d in edge + legacy if d["kind"] == "VirtualService"}
    assert routes["edge-ingress"]["hosts"] == ["*"] and routes["edge-ingress"]["gateways"] == ["edge"]
    assert routes["legacy-edge-ingress"]["hosts"] == ["legacy-edge.shop.example"] and routes["legacy-edge-ingress"]["gateways"] == ["edge"]
    f = next(f for f in plan.findings if f.code == "gateways-shared")
    assert "legacy-edge.shop.example" in f.message and "edge" in f.message
