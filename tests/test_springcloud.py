"""`meshify springcloud`: each rule on before/after text, the version matrix, the sample end to end."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from lxml import etree
from ruamel.yaml import YAML

from generator.migrations.springcloud.options import SpringCloudOptions as Options
from generator.pipeline import build_plan

from .conftest import run_meshify, snapshot, write
from .recipe import assert_migrates

POM_NS = "{http://maven.apache.org/POM/4.0.0}"


def pom(artifact: str, *, parent: str = "", deps: str = "", extra: str = "", packaging: str = "jar") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
{parent}
    <groupId>com.example</groupId>
    <artifactId>{artifact}</artifactId>
    <version>1.0.0</version>
    <packaging>{packaging}</packaging>
{extra}
    <dependencies>
{deps}
    </dependencies>
</project>
"""


def dep(artifact: str, group: str = "org.springframework.cloud", version: str | None = None) -> str:
    v = f"\n            <version>{version}</version>" if version else ""
    return f"""        <dependency>
            <groupId>{group}</groupId>
            <artifactId>{artifact}</artifactId>{v}
        </dependency>"""


BOOT_PARENT = """    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>{boot}</version>
        <relativePath/>
    </parent>"""

BOM = """    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>org.springframework.cloud</groupId>
                <artifactId>spring-cloud-dependencies</artifactId>
                <version>{train}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>"""

APP = """package com.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class App {
    public static void main(String[] args) { SpringApplication.run(App.class, args); }
}
"""


def single_module(tmp_path: Path, *, boot: str | None = "2.6.15", train: str | None = "2021.0.8", deps: str | None = None, props: str = "spring.application.name=orders\n") -> Path:
    parent = BOOT_PARENT.format(boot=boot) if boot else ""
    extra = BOM.format(train=train) if train else ""
    return write(
        tmp_path / "repo",
        {
            "pom.xml": pom("orders", parent=parent, extra=extra, deps=deps if deps is not None else dep("spring-cloud-starter-netflix-eureka-client")),
            "src/main/java/com/example/App.java": APP,
            "src/main/resources/application.properties": props,
        },
    )


def plan_for(root: Path, **opts):
    return build_plan(root, "springcloud", Options(**opts), manifests=False)


def new_pom(plan, path: str = "pom.xml") -> str:
    for c in plan.changes:
        if c.path == path:
            return c.new.decode()
    raise AssertionError(f"{path} not changed")


def deps_of(xml: str) -> dict[str, str | None]:
    root = etree.fromstring(xml.encode())
    out = {}
    for d in root.iter(f"{POM_NS}dependency"):
        if d.getparent().getparent().tag == f"{POM_NS}dependencyManagement":
            continue
        v = d.find(f"{POM_NS}version")
        out[d.findtext(f"{POM_NS}artifactId")] = v.text if v is not None else None
    return out


# --- version matrix -----------------------------------------------------------------


@pytest.mark.parametrize(
    "boot, train, artifact, version",
    [
        ("2.6.15", "2021.0.8", "spring-cloud-starter-kubernetes-client", None),  # BOM manages it
        ("2.4.13", "2020.0.6", "spring-cloud-starter-kubernetes-client", None),
        ("3.2.5", "2023.0.3", "spring-cloud-starter-kubernetes-client", None),
        ("4.0.7", "2025.1.4", "spring-cloud-starter-kubernetes-client", None),
        ("2.3.12.RELEASE", "Hoxton.SR12", "spring-cloud-starter-kubernetes", None),  # 1.x names
        ("2.0.9.RELEASE", "Finchley.SR4", "spring-cloud-starter", None),  # mesh-native by default (pod-IP Ribbon)
        ("2.6.15", None, "spring-cloud-starter-kubernetes-client", "2.1.2"),  # from Boot 2.6
        ("2.7.18", None, "spring-cloud-starter-kubernetes-client", "2.1.9"),  # Boot 2.7 needs 2.1.3+
        ("3.3.1", None, "spring-cloud-starter-kubernetes-client", "3.1.6"),  # Boot 3 never gets 2.x
        (None, None, "spring-cloud-starter-kubernetes-client", "2.1.2"),  # nothing tells
    ],
)
def test_version_matrix(tmp_path, boot, train, artifact, version):
    root = single_module(tmp_path, boot=boot, train=train)
    deps = deps_of(new_pom(plan_for(root)))
    assert "spring-cloud-starter-netflix-eureka-client" not in deps
    assert artifact in deps
    assert deps[artifact] == version


def test_finchley_keeps_kubernetes_ribbon_when_asked(tmp_path):
    root = single_module(tmp_path, boot="2.0.9.RELEASE", train="Finchley.SR4")
    plan = plan_for(root, discovery="kubernetes")
    deps = deps_of(new_pom(plan))
    assert deps["spring-cloud-starter-kubernetes"] == "0.3.0.RELEASE"  # not in its BOM
    assert "ribbon-pod-ips" in {f.code for f in plan.findings}


def test_train_from_property_without_bom_writes_explicit_version(tmp_path):
    root = single_module(tmp_path, boot=None, train=None)
    p = root / "pom.xml"
    p.write_text(p.read_text().replace("<dependencies>", "<properties>\n        <spring-cloud.version>2022.0.4</spring-cloud.version>\n    </properties>\n    <dependencies>", 1))
    deps = deps_of(new_pom(plan_for(root)))
    assert deps["spring-cloud-starter-kubernetes-client"] == "3.0.4"


def test_greenwich_keeps_ribbon_through_kubernetes_ribbon(tmp_path):
    root = single_module(tmp_path, boot="2.1.18.RELEASE", train="Greenwich.SR6", deps=dep("spring-cloud-starter-netflix-eureka-client") + "\n" + dep("spring-cloud-starter-openfeign"))
    plan = plan_for(root, discovery="kubernetes")
    deps = deps_of(new_pom(plan))
    assert "spring-cloud-starter-kubernetes-ribbon" in deps
    assert not any("loadbalancer" in a for a in deps)
    assert {"ribbon-kept", "ribbon-pod-ips"} <= {f.code for f in plan.findings}
    # spring.cloud.kubernetes.ribbon.mode exists only from Spring Cloud Kubernetes 1.1: not written for 1.0
    assert not any(b"ribbon.mode" in c.new for c in plan.changes if c.path.endswith("application.properties"))


def test_boot1_train_gets_mesh_native_discovery_with_one_finding(tmp_path):
    root = single_module(tmp_path, boot=None, train="Edgware.SR6")
    plan = plan_for(root)
    codes = [f.code for f in plan.findings]
    assert "discovery-dns" in codes
    assert not {"train-too-old", "train-unknown", "version-default"} & set(codes)
    assert "kubernetes" not in new_pom(plan)


def test_loadbalancer_added_only_where_the_module_load_balances(tmp_path):
    root = single_module(tmp_path, deps=dep("spring-cloud-starter-netflix-eureka-client") + "\n" + dep("spring-cloud-starter-netflix-ribbon") + "\n" + dep("spring-cloud-starter-openfeign"))
    plan = plan_for(root)
    deps = deps_of(new_pom(plan))
    assert "spring-cloud-starter-kubernetes-client-loadbalancer" in deps
    assert "spring-cloud-starter-netflix-ribbon" not in deps
    props = next(c for c in plan.changes if c.path.endswith("application.properties")).new.decode()
    assert "spring.cloud.kubernetes.loadbalancer.mode=SERVICE" in props.splitlines()

    plain = single_module(tmp_path / "plain")
    deps = deps_of(new_pom(plan_for(plain)))
    assert "spring-cloud-starter-kubernetes-client-loadbalancer" not in deps
    assert "spring-cloud-kubernetes-discovery" not in deps


def test_explicit_version_under_a_bom_is_dropped_not_duplicated(tmp_path):
    root = single_module(tmp_path, deps=dep("spring-cloud-starter-netflix-eureka-client", version="3.1.7"))
    text = new_pom(plan_for(root))
    assert deps_of(text)["spring-cloud-starter-kubernetes-client"] is None
    assert "3.1.7" not in text


def test_property_version_is_changed_at_the_property_in_the_parent(tmp_path):
    parent = pom("parent", packaging="pom", extra="""    <modules>
        <module>orders</module>
    </modules>
    <properties>
        <!-- discovery client version -->
        <eureka.version>3.1.7</eureka.version>
    </properties>""", deps="")
    child = pom(
        "orders",
        parent="""    <parent>
        <groupId>com.example</groupId>
        <artifactId>parent</artifactId>
        <version>1.0.0</version>
    </parent>""",
        deps=dep("spring-cloud-starter-netflix-eureka-client", version="${eureka.version}"),
    )
    root = write(tmp_path / "repo", {"pom.xml": parent, "orders/pom.xml": child, "orders/src/main/java/com/example/App.java": APP})
    plan = plan_for(root)
    parent_new = new_pom(plan, "pom.xml")
    assert "<eureka.version>2.1.2</eureka.version>" in parent_new
    assert "<!-- discovery client version -->" in parent_new
    child_new = new_pom(plan, "orders/pom.xml")
    assert "<version>${eureka.version}</version>" in child_new
    assert "spring-cloud-starter-kubernetes-client" in child_new


def test_parent_dependency_gets_loadbalancer_when_a_child_uses_feign(tmp_path):
    parent = pom("parent", packaging="pom", extra=BOOT_PARENT.format(boot="2.6.15") + "\n" + BOM.format(train="2021.0.8") + """
    <modules>
        <module>orders</module>
    </modules>""", deps=dep("spring-cloud-starter-netflix-eureka-client"))
    child = pom("orders", parent="""    <parent>
        <groupId>com.example</groupId>
        <artifactId>parent</artifactId>
        <version>1.0.0</version>
    </parent>""", deps=dep("spring-cloud-starter-openfeign"))
    root = write(tmp_path / "repo", {"pom.xml": parent, "orders/pom.xml": child, "orders/src/main/java/com/example/App.java": APP})
    plan = plan_for(root)
    deps = deps_of(new_pom(plan, "pom.xml"))
    assert "spring-cloud-starter-kubernetes-client-loadbalancer" in deps
    assert deps["spring-cloud-starter-kubernetes-client"] is None


# --- config rules -----------------------------------------------------------------


def test_properties_rules_before_after():
    before = (
        "# orders\n"
        "spring.application.name=ORDERS_Service\n"
        "server.port=8081\n"
        "\n"
        "# registry\n"
        "eureka.client.serviceUrl.defaultZone=http://localhost:8761/eureka/\n"
        "eureka.instance.prefer-ip-address = true\n"
        "\n"
        "ribbon.ReadTimeout: 3000\n"
        "payments.ribbon.MaxAutoRetries=1\n"
        "spring.cloud.config.discovery.enabled=true\n"
        "app.greeting=hello \\\n"
        "    world\n"
    )
    after = (
        "# orders\n"
        "spring.application.name=orders-service\n"
        "server.port=8081\n"
        "\n"
        "app.greeting=hello \\\n"
        "    world\n"
        "server.shutdown=graceful\n"
    )
    root_pom = pom("orders", parent=BOOT_PARENT.format(boot="2.6.15"), extra=BOM.format(train="2021.0.8"), deps=dep("spring-cloud-starter-netflix-eureka-client"))
    assert_migrates("springcloud", {
        "pom.xml": (root_pom, root_pom.replace("spring-cloud-starter-netflix-eureka-client", "spring-cloud-starter-kubernetes-client")),
        "src/main/java/com/example/App.java": APP,
        "src/main/resources/application.properties": (before, after),
    }, findings=["resilience-settings", "name-changed", "no-actuator"], options={"add_actuator": False})


YAML_BEFORE = """\
# orders service
server:
  port: 8081   # the HTTP port

spring:
  application:
    name: orders

# --- registry ---
eureka:
  client:
    service-url:
      defaultZone: http://localhost:8761/eureka/
  instance:
    prefer-ip-address: true

management:
  endpoints:
    web:
      exposure:
        include: "health,info"
---
spring:
  config:
    activate:
      on-profile: docker
eureka.client.service-url.defaultZone: http://discovery:8761/eureka/
ribbon:
  ReadTimeout: 3000
"""


def test_yaml_rules_every_profile_document(tmp_path):
    actuator = dep("spring-boot-starter-actuator", group="org.springframework.boot")
    root = single_module(tmp_path, props="", deps=dep("spring-cloud-starter-netflix-eureka-client") + "\n" + actuator)
    (root / "src/main/resources/application.properties").unlink()
    (root / "src/main/resources/application.yml").write_text(YAML_BEFORE)
    plan = plan_for(root)
    after = next(c for c in plan.changes if c.path.endswith("application.yml")).new.decode()
    docs = list(YAML(typ="safe").load_all(after))
    assert len(docs) == 2
    for d in docs:
        assert "eureka" not in d and not any(k.startswith(("eureka", "ribbon")) for k in d)
    assert docs[0]["management"]["endpoint"]["health"]["probes"]["enabled"] is True
    assert docs[0]["server"] == {"port": 8081, "shutdown": "graceful"}
    assert docs[1]["spring"]["config"]["activate"]["on-profile"] == "docker"
    # comments and quoting that did not need to change are still there, and the old lines are only deleted
    assert "port: 8081   # the HTTP port" in after and "# orders service" in after and 'include: "health,info"' in after
    assert "# --- registry ---" not in after
    diff = [l for l in difflib.ndiff(YAML_BEFORE.splitlines(), after.splitlines()) if l[:1] in "+-"]
    added = [l[2:] for l in diff if l.startswith("+")]
    assert added == ["  shutdown: graceful", "  endpoint:", "    health:", "      probes:", "        enabled: true"]


def test_actuator_added_by_default_for_distinct_probes(tmp_path):
    root = single_module(tmp_path)
    plan = build_plan(root, "springcloud", Options())
    assert "<artifactId>spring-boot-starter-actuator</artifactId>" in new_pom(plan)
    assert [f.code for f in plan.findings if "actuator" in f.code] == ["actuator-added"]
    deploy = next(c for c in plan.changes if c.path == "k8s/base/orders/deployment.yaml").new.decode()
    c = next(d for d in YAML(typ="safe").load_all(deploy) if d)["spec"]["template"]["spec"]["containers"][0]
    assert c["livenessProbe"]["httpGet"]["path"] == "/actuator/health/liveness"
    assert c["readinessProbe"]["httpGet"]["path"] == "/actuator/health/readiness"


@pytest.mark.parametrize("how", ["flag", "toml"])
def test_actuator_opt_out(tmp_path, how):
    root = single_module(tmp_path)
    if how == "toml":
        (root / "meshify.toml").write_text("add_actuator = false\n")
    r = run_meshify("springcloud", str(root), "--dry-run", *(["--no-actuator"] if how == "flag" else []))
    assert r.returncode == 0, r.stderr
    assert "spring-boot-starter-actuator" not in r.stdout.split("+++ b/pom.xml", 1)[1].split("+++ ", 1)[0]
    assert "[no-actuator]" in r.stderr and "same TCP check" in r.stderr


# --- java -------------------------------------------------------------------------


def test_java_eureka_client_annotation_smallest_edit(tmp_path):
    root = single_module(tmp_path)
    src = """package com.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.EnableEurekaClient;

// @EnableEurekaClient was added in 2019
@EnableEurekaClient
@SpringBootApplication
public class App {
    static final String NOTE = "@EnableEurekaClient";
    public static void main(String[] args) { SpringApplication.run(App.class, args); }
}
"""
    (root / "src/main/java/com/example/App.java").write_text(src)
    plan = plan_for(root)
    after = next(c for c in plan.changes if c.path.endswith("App.java")).new.decode()
    assert after == src.replace(
        "import org.springframework.cloud.netflix.eureka.EnableEurekaClient;", "import org.springframework.cloud.client.discovery.EnableDiscoveryClient;"
    ).replace("\n@EnableEurekaClient\n", "\n@EnableDiscoveryClient\n")
    assert "// @EnableEurekaClient was added in 2019" in after and 'NOTE = "@EnableEurekaClient"' in after


def test_java_both_annotations_drops_the_eureka_one(tmp_path):
    root = single_module(tmp_path)
    src = APP.replace(
        "import org.springframework.boot.autoconfigure.SpringBootApplication;\n",
        "import org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.cloud.client.discovery.EnableDiscoveryClient;\nimport org.springframework.cloud.netflix.eureka.EnableEurekaClient;\n",
    ).replace("@SpringBootApplication\n", "@SpringBootApplication\n@EnableDiscoveryClient\n@EnableEurekaClient\n")
    (root / "src/main/java/com/example/App.java").write_text(src)
    after = next(c for c in plan_for(root).changes if c.path.endswith("App.java")).new.decode()
    assert "EnableEurekaClient" not in after
    assert after.count("@EnableDiscoveryClient") == 1


def test_ribbon_client_is_reported_with_file_and_line(tmp_path):
    root = single_module(tmp_path)
    (root / "src/main/java/com/example/Lb.java").write_text(
        "package com.example;\n\nimport org.springframework.cloud.netflix.ribbon.RibbonClient;\n\n@RibbonClient(name = \"payments\")\nclass Lb {}\n"
    )
    plan = plan_for(root)
    f = next(f for f in plan.findings if f.code == "ribbon-client")
    assert f.path == "src/main/java/com/example/Lb.java" and f.line == 5
    assert any(f.code == "netflix-class" and f.line == 3 for f in plan.findings)


# --- the sample, end to end ------------------------------------------------------------


def test_sample_check_apply_check(sc_sample):
    before = snapshot(sc_sample)
    r = run_meshify("springcloud", str(sc_sample), "--check")
    assert r.returncode == 1, r.stderr
    assert "+++ b/pom.xml" in r.stdout
    assert snapshot(sc_sample) == before, "--check wrote something"

    r = run_meshify("springcloud", str(sc_sample), "--dry-run")
    assert r.returncode == 0 and snapshot(sc_sample) == before

    r = run_meshify("springcloud", str(sc_sample))
    assert r.returncode == 0, r.stderr
    assert "services: api-gateway" in r.stderr
    after = snapshot(sc_sample)

    r = run_meshify("springcloud", str(sc_sample), "--check")
    assert r.returncode == 0, r.stdout
    assert r.stdout == ""
    assert snapshot(sc_sample) == after

    # untouched files are byte-identical: the library, and the retired modules' files
    # (except the files the Config Server served, which lose their Eureka keys too)
    for rel, data in before.items():
        if rel.startswith(("common-lib/", "discovery-server/", "config-server/")) and "/shared/" not in rel:
            assert after[rel] == data, rel
    served = after["config-server/src/main/resources/shared/application.yml"].decode()
    assert "eureka" not in served and served.startswith("#")

    # no Eureka artifact in any module that is still built
    modules = re.findall(r"<module>([^<]+)</module>", after["pom.xml"].decode())
    assert "discovery-server" not in modules and "config-server" not in modules
    for m in modules + ["."]:
        text = after[f"{m}/pom.xml" if m != "." else "pom.xml"].decode()
        assert "eureka" not in text, m
        assert "spring-cloud-starter-config<" not in text, m

    # fidelity: tabs and CRLF survive where they were
    visits_pom = after["visits-service/pom.xml"].decode()
    assert "\t\t\t<artifactId>spring-cloud-starter-kubernetes-client-loadbalancer</artifactId>" in visits_pom
    assert "    <" not in visits_pom.split("<project", 1)[1]
    props = after["visits-service/src/main/resources/application.properties"]
    assert props.count(b"\r\n") == props.count(b"\n"), "a CRLF file got LF lines"

    # Java, Feign and gateway routes follow the Kubernetes Service names
    app = after["customers-service/src/main/java/com/example/petstore/customers/CustomersServiceApplication.java"].decode()
    assert "@EnableDiscoveryClient" in app and "EnableEurekaClient" not in app
    feign = after["customers-service/src/main/java/com/example/petstore/customers/VisitsClient.java"].decode()
    assert '@FeignClient(name = "visits-service")' in feign
    gw = after["api-gateway/src/main/resources/application.yml"].decode()
    assert "uri: lb://customers-service" in gw and "CUSTOMERS-SERVICE" not in gw
    # the comment above the routes spoke of Eureka's upper-cased ids: it says what the ids are now
    assert "        # service ids are the Kubernetes Service names, lowercase (meshify)\n        - id: customers-service\n" in gw
    assert "Eureka" not in gw


def test_sample_diff_only_touches_lines_that_must_change(sc_sample):
    plan = build_plan(sc_sample, "springcloud", Options(), manifests=False)
    changes = {c.path: c for c in plan.changes}
    c = changes["customers-service/pom.xml"]
    old, new = c.old.decode().splitlines(), c.new.decode().splitlines()
    removed = [l[2:].strip() for l in difflib.ndiff(old, new) if l.startswith("- ")]
    assert removed == [
        "<artifactId>spring-cloud-starter-netflix-eureka-client</artifactId>",
        "<artifactId>spring-cloud-starter-config</artifactId>",
    ]
    root_pom = changes["pom.xml"]
    removed = [l[2:].strip() for l in difflib.ndiff(root_pom.old.decode().splitlines(), root_pom.new.decode().splitlines()) if l[:1] in "+-"]
    assert removed == ["<module>discovery-server</module>", "<module>config-server</module>"]
    codes = {f.code for f in plan.findings}
    assert {"module-retired", "resilience-settings"} <= codes


def test_keep_registry_leaves_the_eureka_server_built(sc_sample):
    plan = build_plan(sc_sample, "springcloud", Options(keep_registry=True), manifests=False)
    root_pom = next(c for c in plan.changes if c.path == "pom.xml").new.decode()
    assert "<module>discovery-server</module>" in root_pom
    assert "<module>config-server</module>" not in root_pom
