"""Repository shapes met in the corpus after the first round (S6, S7) and the gateway-by-name fallback (item 14)."""
from __future__ import annotations

from ...recipe import assert_migrates
from .test_entrance import ACTUATOR, GATEWAY, child, docs, repo
from .test_realworld import APP, C, EUREKA, WEB, boot1_pom, pom

SERVER = f"{C}:spring-cloud-starter-netflix-eureka-server"


def test_a_parent_that_hands_the_eureka_server_starter_to_every_child_is_not_a_registry():
    # S6: the parent declares eureka-server and eureka-client for all; no child has @EnableEurekaServer
    files = repo("orders", "stock")
    root = files["pom.xml"]
    deps = ("    <dependencies>\n        <dependency>\n            <groupId>org.springframework.cloud</groupId>\n"
            "            <artifactId>spring-cloud-starter-netflix-eureka-server</artifactId>\n        </dependency>\n"
            "        <dependency>\n            <groupId>org.springframework.cloud</groupId>\n"
            "            <artifactId>spring-cloud-starter-netflix-eureka-client</artifactId>\n        </dependency>\n    </dependencies>\n")
    before = root.replace("    <dependencyManagement>", deps + "    <dependencyManagement>")
    after = root.replace("    <dependencyManagement>", deps.replace(
        "        <dependency>\n            <groupId>org.springframework.cloud</groupId>\n            <artifactId>spring-cloud-starter-netflix-eureka-server</artifactId>\n        </dependency>\n", "")
        .replace("spring-cloud-starter-netflix-eureka-client", "spring-cloud-starter-kubernetes") + "    <dependencyManagement>")
    files["pom.xml"] = (before, after)
    for m in ("orders", "stock"):
        files[f"{m}/pom.xml"] = (child(m, WEB), ...)
        files[f"{m}/src/main/java/com/example/{m}/App.java"] = APP.format(pkg=m)
        files[f"{m}/src/main/resources/application.yml"] = (f"spring:\n  application:\n    name: {m}\n", ...)
    plan = assert_migrates("springcloud", files)
    new_root = next(c.new.decode() for c in plan.changes if c.path == "pom.xml")
    assert "<module>orders</module>" in new_root and "<module>stock</module>" in new_root  # nothing retired
    assert "eureka-server" not in new_root and "eureka" not in new_root
    codes = {f.code for f in plan.findings}
    assert "eureka-server-inherited" in codes and "module-retired" not in codes and "registry-only" not in codes


def test_a_root_pom_of_jar_packaging_without_modules_or_sources_is_not_the_only_project():
    # S7: a root pom.xml that only names the repository; the projects below build on their own
    root = ('<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n    <modelVersion>4.0.0</modelVersion>\n'
            "    <groupId>com.example</groupId>\n    <artifactId>learning</artifactId>\n    <version>1.0</version>\n</project>\n")
    plan = assert_migrates("springcloud", {
        "pom.xml": root,
        "orders/pom.xml": (boot1_pom("orders", WEB + [EUREKA]), ...),
        "orders/src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
        "orders/src/main/resources/application.properties": ("spring.application.name=orders\n", ...),
    })
    assert [s.name for s in plan.services] == ["orders"]
    assert "independent-projects" in {f.code for f in plan.findings}


def test_a_gateway_whose_routes_are_not_visible_is_the_entrance_when_its_name_says_so():
    # 14: the routes live in a Config Server repository meshify could not read
    files = repo("api-gateway")
    files["api-gateway/pom.xml"] = (child("api-gateway", [GATEWAY, EUREKA, ACTUATOR]), ...)
    files["api-gateway/src/main/java/com/example/gateway/App.java"] = APP.format(pkg="gateway")
    files["api-gateway/src/main/resources/application.yml"] = ("spring:\n  application:\n    name: api-gateway\n", ...)
    plan = assert_migrates("springcloud", files, manifests=True)
    assert [d["kind"] for d in docs(plan, "k8s/base/api-gateway/gateway.yaml")] == ["Gateway", "VirtualService"]
    assert "gateway-by-name" in {f.code for f in plan.findings}


def test_one_jar_with_several_applications_keeps_the_eureka_server_starter_its_registry_main_needs():
    # S6 (its limit): the server starter stays where a class of the module runs a Eureka server
    registry = APP.format(pkg="orders").replace("public class App", "@org.springframework.cloud.netflix.eureka.server.EnableEurekaServer\npublic class App")
    second = APP.format(pkg="orders").replace("public class App", "public class Accounts").replace("App.class", "Accounts.class")
    plan = assert_migrates("springcloud", {
        "pom.xml": (boot1_pom("orders", WEB + [SERVER.replace("netflix-", "")]), ...),
        "src/main/java/com/example/orders/App.java": registry,
        "src/main/java/com/example/orders/Accounts.java": second,
        "src/main/resources/application.properties": ("spring.application.name=orders\n", ...),
    })
    assert not any(c.path == "pom.xml" and b"eureka-server" not in c.new for c in plan.changes)
    codes = {f.code for f in plan.findings}
    assert "several-applications" in codes and "eureka-server-inherited" not in codes


def test_independent_projects_of_different_eras_are_each_migrated_for_their_own():
    # a folder of projects: a Boot 1.5 / Edgware one (no Spring Cloud Kubernetes for it) beside a 2021.0 one
    files = {
        "legacy/pom.xml": (boot1_pom("legacy", WEB + [f"{C}:spring-cloud-starter-eureka"]), ...),
        "legacy/src/main/java/com/example/legacy/App.java": APP.format(pkg="legacy"),
        "legacy/src/main/resources/application.properties": ("spring.application.name=legacy\n", ...),
        "orders/pom.xml": (pom("orders", WEB + [EUREKA]), pom("orders", WEB + [f"{C}:spring-cloud-starter-kubernetes-client",
                                                                             f"{C}:spring-cloud-starter-kubernetes-client-loadbalancer"])),
        "orders/src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
        "orders/src/main/resources/application.yml": (
            "spring:\n  application:\n    name: orders\n  cloud:\n    gateway:\n      routes:\n        - id: legacy\n          uri: lb://legacy\n", ...),
    }
    plan = assert_migrates("springcloud", files, manifests=True)
    new = {c.path: c.new.decode() for c in plan.changes if c.new is not None}
    assert "kubernetes" not in new["legacy/pom.xml"] and "eureka" not in new["legacy/pom.xml"]  # mesh-native: no discovery client
    assert "uri: lb://legacy" in new["orders/src/main/resources/application.yml"]  # Spring Cloud Kubernetes resolves it
    by = {s.name: s for s in plan.services}
    assert by["orders"].uses_kubernetes_api and not by["legacy"].uses_kubernetes_api
    era = next(f for f in plan.findings if f.code == "versions-per-project")
    assert "legacy: Spring Boot 1.5.22.RELEASE, Spring Cloud Edgware.SR6, mesh-native discovery" in era.message
    assert "orders: Spring Boot 2.6.15, Spring Cloud 2021.0.8, Spring Cloud Kubernetes" in era.message
    assert plan.facts["project_versions"]["orders"]["discovery"] == "kubernetes"


def test_independent_projects_of_one_era_are_migrated_as_before():
    files = {f"{m}/pom.xml": (pom(m, WEB + [EUREKA]), ...) for m in ("orders", "stock")}
    for m in ("orders", "stock"):
        files[f"{m}/src/main/java/com/example/{m}/App.java"] = APP.format(pkg=m)
        files[f"{m}/src/main/resources/application.properties"] = (f"spring.application.name={m}\n", ...)
    plan = assert_migrates("springcloud", files)
    assert "versions-per-project" not in {f.code for f in plan.findings} and "project_versions" not in plan.facts
