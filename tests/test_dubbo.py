"""meshify dubbo: each rule on before/after text, and the sample end to end (Python only, fast)."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from generator.migrations.dubbo.options import DubboOptions as Options
from generator.pipeline import build_plan

from .conftest import copy_sample, write
from .recipe import assert_migrates

POM_NS = {"m": "http://maven.apache.org/POM/4.0.0"}
TARGET_SET = {
    ("org.apache.dubbo", "dubbo"),
    ("com.google.protobuf", "protobuf-java"),
    ("org.apache.dubbo", "dubbo-dependencies-zookeeper-curator5"),
    ("io.grpc", "grpc-all"),
}


def root_pom(props: str = "<dubbo.version>2.7.23</dubbo.version>", modules=("app",), extra: str = "") -> str:
    mods = "".join(f"<module>{m}</module>" for m in modules)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.2.3</version>
    <packaging>pom</packaging>
    <modules>{mods}</modules>
    <properties>
        {props}
    </properties>
{extra}</project>
"""


def module_pom(name: str, deps: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>com.example</groupId>
        <artifactId>shop</artifactId>
        <version>1.2.3</version>
    </parent>
    <artifactId>{name}</artifactId>
    <dependencies>
{deps}
    </dependencies>
</project>
"""


def dep(g: str, a: str, v: str | None = "${dubbo.version}", extra: str = "") -> str:
    ver = f"<version>{v}</version>" if v else ""
    return f"        <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>{ver}{extra}</dependency>"


MAIN = """package com.example.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class App {
    public static void main(String[] args) {}
}
"""

APP_POM = module_pom("app", dep("org.apache.dubbo", "dubbo-spring-boot-starter") + "\n" + dep("org.springframework.boot", "spring-boot-starter", None))
RES = "app/src/main/resources"
JAVA = "app/src/main/java/com/example/app"


def repo(tmp_path: Path, files: dict[str, str], deps: str | None = None, props: str | None = None, extra: str = "") -> Path:
    base = {
        "pom.xml": root_pom(props if props is not None else "<dubbo.version>2.7.23</dubbo.version>", extra=extra),
        "app/pom.xml": module_pom("app", deps if deps is not None else dep("org.apache.dubbo", "dubbo-spring-boot-starter") + "\n" + dep("org.springframework.boot", "spring-boot-starter", None)),
        f"{JAVA}/App.java": MAIN,
    }
    base.update(files)
    return write(tmp_path / "repo", base)


def plan(root: Path, **opts):
    return build_plan(root, "dubbo", Options(**opts), manifests=False)


def new_text(p, rel: str) -> str:
    for c in p.changes:
        if c.path == rel:
            return c.new.decode()
    return (p.root / rel).read_text()


def apply_and_rerun(root: Path, **opts):
    p = plan(root, **opts)
    p.apply()
    return p, plan(root, **opts)


def codes(p) -> set[str]:
    return {f.code for f in p.findings}


# config: application.properties -------------------------------------------------
def test_properties_registry_protocol_qos_and_config_center():
    before = (
        "spring.application.name=app\n"
        "# ZooKeeper registry\n"
        "dubbo.registry.address=zookeeper://zk:2181\n"
        "dubbo.registry.file=/tmp/cache\n"
        "dubbo.protocol.name=dubbo\n"
        "dubbo.protocol.port=20880\n"
        "dubbo.application.qos.enable=false\n"
        "dubbo.application.qos.accept.foreign.ip=false\n"
        "\n"
        "# config center in ZooKeeper too\n"
        "dubbo.config-center.address=zookeeper://zk:2181\n"
        "dubbo.metadata-report.address=zookeeper://zk:2181\n"
        "\n"
        "dubbo.provider.timeout=3000\n"
    )
    after = (
        "spring.application.name=app\n"
        "# no registry (meshify): Kubernetes DNS and the sidecar find the providers\n"  # it named ZooKeeper
        "dubbo.registry.address=N/A\n"
        "dubbo.protocol.name=tri\n"
        "dubbo.protocol.port=50052\n"
        "dubbo.application.qosEnable=true\n"
        "dubbo.application.qosAcceptForeignIp=true\n"
        "\n"
        "dubbo.provider.timeout=3000\n"
    )
    p = assert_migrates("dubbo", {
        "pom.xml": (root_pom("<dubbo.version>2.7.23</dubbo.version>"), root_pom("<dubbo.version>3.1.5</dubbo.version>")),
        "app/pom.xml": (APP_POM, ...),  # the mesh dependency set: test_sample_end_to_end
        f"{JAVA}/App.java": MAIN,
        f"{RES}/application.properties": (before, after),
    })
    assert {"registry-retired", "registry-config-removed"} <= codes(p)


def test_properties_missing_settings_are_appended_once(tmp_path):
    root = repo(tmp_path, {f"{RES}/application.properties": "dubbo.application.name=app\n"})
    p, again = apply_and_rerun(root)
    text = (root / RES / "application.properties").read_text()
    assert text.startswith("dubbo.application.name=app\n# Dubbo 3 sidecar mesh")
    for line in ("dubbo.registry.address=N/A", "dubbo.protocol.name=tri", "dubbo.protocol.port=50052",
                 "dubbo.application.qosEnable=true", "dubbo.application.qosAcceptForeignIp=true"):
        assert text.count(line) == 1, line
    assert "meshEnable" not in text  # not a consumer
    assert again.empty


def test_config_center_elsewhere_is_kept_with_a_finding(tmp_path):
    root = repo(tmp_path, {f"{RES}/application.properties": "dubbo.registry.address=nacos://n:8848\ndubbo.config-center.address=apollo://apollo:8080\n"})
    p = plan(root)
    text = new_text(p, f"{RES}/application.properties")
    assert "dubbo.config-center.address=apollo://apollo:8080" in text
    assert "config-center-kept" in codes(p)


def test_qos_port_other_than_default_is_kept_camel_case(tmp_path):
    root = repo(tmp_path, {f"{RES}/application.properties": "dubbo.application.qos.port=22230\n"})
    p = plan(root)
    assert "dubbo.application.qosPort=22230" in new_text(p, f"{RES}/application.properties")
    assert "qos-port" in codes(p)
    svc = p.services[0]
    assert svc.probe_only_port == 22230 and svc.liveness.port == 22230


# config: YAML --------------------------------------------------------------------
def test_yaml_consumer_gets_mesh_settings_in_their_blocks(tmp_path):
    yml = (
        "server:\n  port: 9090\n"
        "dubbo:\n"
        "  application:\n    name: web\n    qos-enable: false\n"
        "  registry:\n    # the registry\n    address: zookeeper://zk:2181\n"
        "  consumer:\n    timeout: 2000\n    retries: 1\n"
        "  # scanned packages\n"
        "  scan:\n    base-packages: com.example.app\n"
    )
    client = ("package com.example.app;\n\nimport org.apache.dubbo.config.annotation.DubboReference;\nimport com.example.api.Greeter;\n\n"
              "public class Client {\n    @DubboReference\n    private Greeter greeter;\n}\n")
    root = repo(tmp_path, {
        f"{RES}/application.yml": yml,
        f"{JAVA}/Client.java": client,
        "api/src/main/java/com/example/api/Greeter.java": "package com.example.api;\n\npublic interface Greeter { String hi(); }\n",
    }, deps=dep("org.apache.dubbo", "dubbo-spring-boot-starter") + "\n" + dep("org.springframework.boot", "spring-boot-starter-web", None))
    # a provider of Greeter in the same repository
    write(root, {
        "pom.xml": root_pom(modules=("app", "prov")),
        "prov/pom.xml": module_pom("prov", dep("org.apache.dubbo", "dubbo") + "\n" + dep("org.springframework.boot", "spring-boot-starter", None)),
        "prov/src/main/java/com/example/prov/Main.java": MAIN.replace("com.example.app", "com.example.prov"),
        "prov/src/main/java/com/example/prov/GreeterImpl.java": (
            "package com.example.prov;\n\nimport com.example.api.Greeter;\nimport org.apache.dubbo.config.annotation.DubboService;\n\n"
            "@DubboService\npublic class GreeterImpl implements Greeter { public String hi() { return \"hi\"; } }\n"),
        "prov/src/main/resources/application.properties": "dubbo.application.name=Greeter_Provider\n",
    })
    p, again = apply_and_rerun(root)
    text = (root / RES / "application.yml").read_text()
    assert text == (
        "server:\n  port: 9090\n"
        "dubbo:\n"
        "  application:\n    name: web\n    qos-enable: true\n    qos-accept-foreign-ip: true\n"  # as the file writes keys
        "  registry:\n    # the registry\n    address: N/A\n"
        "  consumer:\n    timeout: 2000\n    retries: 1\n    mesh-enable: true\n"
        "  # scanned packages\n"
        "  scan:\n    base-packages: com.example.app\n"
        "  protocol:\n    name: tri\n    port: 50052\n"
    )
    assert '@DubboReference(providedBy = "greeter-provider", providerPort = 50052)' in (root / JAVA / "Client.java").read_text()
    web = next(s for s in p.services if s.name == "web")
    assert web.field_env == {"POD_NAMESPACE": "metadata.namespace"} and web.calls == ["greeter-provider"]
    # a pure consumer: nothing listens on triple, so only its HTTP port is exposed
    assert [(x.name, x.port, x.expose) for x in web.ports] == [("http", 9090, True), ("http-health", 22222, False)]
    # the consumer's timeout is policy on the route to the provider it calls, for its calls only; Dubbo keeps
    # its retries, so Istio gets attempts 0
    assert web.resilience is None
    prov = next(s for s in p.services if s.name == "greeter-provider")
    assert {k: (v.timeout_ms, v.retries) for k, v in prov.source_policies.items()} == {"web": (2000, 0)}
    prov = next(s for s in p.services if s.name == "greeter-provider")
    assert not prov.field_env
    assert again.empty


# config: dubbo.properties + Spring XML --------------------------------------------
XML = """<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">
    <dubbo:application name="xml-app"/>
    <dubbo:registry address='zookeeper://zk:2181' file="/tmp/x"/>
    <!-- <dubbo:registry address="multicast://224.5.6.7:1234"/> -->
    <dubbo:protocol   port="20881"  name="dubbo" />
    <dubbo:metadata-report address="zookeeper://zk:2181"/>
    <dubbo:service interface="com.example.app.Api" ref="impl"/>
    <dubbo:reference id="other" interface="com.example.app.Api" url="dubbo://1.2.3.4:20880"/>
</beans>
"""


def test_spring_xml_is_edited_in_place_and_qos_goes_to_dubbo_properties(tmp_path):
    root = repo(tmp_path, {
        f"{RES}/spring/dubbo.xml": XML,
        f"{JAVA}/Api.java": "package com.example.app;\n\npublic interface Api {}\n",
    }, deps=dep("com.alibaba", "dubbo", "2.6.5"), props="")
    p, again = apply_and_rerun(root)
    text = (root / RES / "spring/dubbo.xml").read_text()
    assert text == XML.replace(
        "<dubbo:registry address='zookeeper://zk:2181' file=\"/tmp/x\"/>", "<dubbo:registry address='N/A'/>"
    ).replace(
        '<dubbo:protocol   port="20881"  name="dubbo" />', '<dubbo:protocol   port="50052"  name="tri" />'
    ).replace(
        '    <dubbo:metadata-report address="zookeeper://zk:2181"/>\n', ""
    ).replace(
        '<dubbo:reference id="other" interface="com.example.app.Api" url="dubbo://1.2.3.4:20880"/>',
        '<dubbo:reference id="other" interface="com.example.app.Api" provided-by="xml-app" provider-port="50052"/>',
    )
    assert '<!-- <dubbo:registry address="multicast://224.5.6.7:1234"/> -->' in text
    props = (root / RES / "dubbo.properties").read_text()
    assert "dubbo.application.qosEnable=true" in props and "dubbo.application.qosAcceptForeignIp=true" in props
    assert "dubbo.consumer.meshEnable=true" in props
    assert "dubbo.protocol" not in props and "dubbo.registry" not in props  # those live in the XML
    assert "qos" not in text  # the dubbo.xsd rejects qos attributes
    assert "dubbo-properties-created" in codes(p)
    assert p.services[0].name == "xml-app"
    # com.alibaba:dubbo 2.6 -> org.apache.dubbo:dubbo 3.1.5 (literal version: no property)
    pom = (root / "app/pom.xml").read_text()
    assert "<groupId>org.apache.dubbo</groupId><artifactId>dubbo</artifactId><version>3.1.5</version>" in pom
    assert again.empty


def test_dubbo_properties_dotted_qos_keys_are_renamed(tmp_path):
    root = repo(tmp_path, {
        f"{RES}/dubbo.properties": "# qos\ndubbo.application.qos.enable=true\ndubbo.application.qos.port=22222\ndubbo.application.qos.accept.foreign.ip=false\n",
        f"{RES}/spring/dubbo.xml": XML,
        f"{JAVA}/Api.java": "package com.example.app;\n\npublic interface Api {}\n",
    })
    p = plan(root)
    assert new_text(p, f"{RES}/dubbo.properties").startswith(
        "# qos\ndubbo.application.qosEnable=true\ndubbo.application.qosPort=22222\ndubbo.application.qosAcceptForeignIp=true\n"
    )
    assert "qos-port" not in codes(p)


# dual protocol ------------------------------------------------------------------------
def test_dual_protocol_keeps_dubbo_beside_tri(tmp_path):
    root = repo(tmp_path, {f"{RES}/application.properties": "dubbo.protocol.name=dubbo\ndubbo.protocol.port=20881\n"})
    p, again = apply_and_rerun(root, dual_protocol=True)
    text = (root / RES / "application.properties").read_text()
    assert "dubbo.protocol.name" not in text
    for line in ("dubbo.protocols.dubbo.name=dubbo", "dubbo.protocols.dubbo.port=20881", "dubbo.protocols.tri.name=tri", "dubbo.protocols.tri.port=50052"):
        assert text.count(line) == 1, line
    assert [(x.name, x.port) for x in p.services[0].ports][:2] == [("grpc-tri", 50052), ("tcp-dubbo", 20881)]
    assert again.empty


# java ----------------------------------------------------------------------------------
def test_dubbo_service_annotation_renamed_spring_service_untouched(tmp_path):
    dubbo_svc = ("package com.example.app;\n\nimport com.alibaba.dubbo.config.annotation.Service;\n\n"
                 "@Service(version = \"1\")\npublic class Impl implements Api {}\n")
    spring_svc = ("package com.example.app;\n\nimport org.springframework.stereotype.Service;\n\n"
                  "@Service\npublic class Biz {}\n")
    wildcard = ("package com.example.app;\n\nimport org.springframework.stereotype.*;\nimport org.apache.dubbo.config.annotation.*;\n\n"
                "@Service\npublic class Amb {}\n")
    root = repo(tmp_path, {
        f"{JAVA}/Impl.java": dubbo_svc, f"{JAVA}/Biz.java": spring_svc, f"{JAVA}/Amb.java": wildcard,
        f"{JAVA}/Api.java": "package com.example.app;\n\npublic interface Api {}\n",
    })
    p = plan(root)
    assert new_text(p, f"{JAVA}/Impl.java") == dubbo_svc.replace(
        "com.alibaba.dubbo.config.annotation.Service", "org.apache.dubbo.config.annotation.DubboService").replace("@Service", "@DubboService")
    assert f"{JAVA}/Biz.java" not in {c.path for c in p.changes}
    assert f"{JAVA}/Amb.java" not in {c.path for c in p.changes}
    assert p.facts["providers"] == {"com.example.app.Api": ["app"]}


def test_reference_url_is_removed_and_external_interface_is_a_finding(tmp_path):
    client = ("package com.example.app;\n\nimport org.apache.dubbo.config.annotation.Reference;\nimport com.other.Remote;\n\n"
              "public class C {\n"
              "    @Reference(url = \"dubbo://10.0.0.1:20880\", version = \"1\")\n    private Api api;\n"
              "    @Reference\n    private Remote remote;\n"
              "    // @Reference private Api commented;\n"
              "}\n")
    root = repo(tmp_path, {
        f"{JAVA}/C.java": client,
        f"{JAVA}/Api.java": "package com.example.app;\n\npublic interface Api {}\n",
        f"{JAVA}/Impl.java": "package com.example.app;\n\nimport org.apache.dubbo.config.annotation.DubboService;\n\n@DubboService\npublic class Impl implements Api {}\n",
    })
    p = plan(root)
    text = new_text(p, f"{JAVA}/C.java")
    assert '@DubboReference(version = "1", providedBy = "app", providerPort = 50052)\n    private Api api;' in text
    assert "@DubboReference\n    private Remote remote;" in text
    assert "// @Reference private Api commented;" in text
    assert "import org.apache.dubbo.config.annotation.DubboReference;" in text and ".Reference;" not in text
    assert {"reference-url-removed", "reference-external"} <= codes(p)


# dependencies -----------------------------------------------------------------------------
def test_version_property_changed_at_its_definition_only_when_dubbo_alone_uses_it(tmp_path):
    deps = dep("org.apache.dubbo", "dubbo") + "\n" + dep("com.example", "other-lib")
    root = repo(tmp_path, {}, deps=deps)
    p = plan(root)
    assert "<dubbo.version>2.7.23</dubbo.version>" in new_text(p, "pom.xml")  # shared: not changed
    assert "<artifactId>dubbo</artifactId><version>3.1.5</version>" in new_text(p, "app/pom.xml")
    assert "shared-version-property" in codes(p)


def test_bom_managed_version_is_changed_in_the_bom_not_the_child(tmp_path):
    bom = """    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>org.apache.dubbo</groupId>
                <artifactId>dubbo-bom</artifactId>
                <version>${dubbo.version}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
"""
    root = repo(tmp_path, {}, deps=dep("org.apache.dubbo", "dubbo", None), extra=bom)
    p, again = apply_and_rerun(root)
    assert "<dubbo.version>3.1.5</dubbo.version>" in (root / "pom.xml").read_text()
    child = (root / "app/pom.xml").read_text()
    assert "<artifactId>dubbo</artifactId></dependency>" in child  # still versionless
    assert re.search(r"<artifactId>dubbo-dependencies-zookeeper-curator5</artifactId>\s*<version>\$\{dubbo.version\}</version>", child)
    assert again.empty


def test_never_downgrade(tmp_path):
    root = repo(tmp_path, {f"{RES}/application.properties": "dubbo.registry.address=zookeeper://zk:2181\n"}, props="<dubbo.version>3.2.10</dubbo.version>")
    p = plan(root)
    assert "pom.xml" not in {c.path for c in p.changes} and "app/pom.xml" not in {c.path for c in p.changes}
    assert "dubbo.registry.address=N/A" in new_text(p, f"{RES}/application.properties")
    assert "dubbo-newer" in codes(p)


def test_dubbo_version_option_and_dead_registry_clients(tmp_path):
    deps = "\n".join([
        dep("org.apache.dubbo", "dubbo"),
        dep("org.apache.dubbo", "dubbo-registry-nacos"),
        dep("com.alibaba.nacos", "nacos-client", "1.4.1"),
        dep("org.apache.curator", "curator-recipes", "4.0.1"),
        dep("com.101tec", "zkclient", "0.10"),
    ])
    lock = "package com.example.app;\n\nimport org.apache.curator.framework.CuratorFramework;\n\npublic class Lock { CuratorFramework c; }\n"
    root = repo(tmp_path, {f"{JAVA}/Lock.java": lock}, deps=deps)
    p = plan(root, dubbo_version="3.1.11")
    pom = new_text(p, "app/pom.xml")
    assert "dubbo-registry-nacos" not in pom and "nacos-client" not in pom and "zkclient" not in pom
    assert "curator-recipes" in pom  # used by the code
    assert "registry-client-used" in codes(p)
    assert "<dubbo.version>3.1.11</dubbo.version>" in new_text(p, "pom.xml")


# the sample, end to end -------------------------------------------------------------------
def _deps(pom: Path) -> dict[tuple[str, str], etree._Element]:
    tree = etree.parse(str(pom))
    out = {}
    for d in tree.findall("m:dependencies/m:dependency", POM_NS):
        out[(d.findtext("m:groupId", namespaces=POM_NS), d.findtext("m:artifactId", namespaces=POM_NS))] = d
    return out


def test_sample_end_to_end(tmp_path):
    root = copy_sample("dubbo-zookeeper", tmp_path)
    xml_before = (root / "user-provider/src/main/resources/spring/dubbo-provider.xml").read_text()
    p, again = apply_and_rerun(root)
    assert again.empty, again.diff()
    assert "<dubbo.version>3.1.5</dubbo.version>" in (root / "pom.xml").read_text()
    for mod in ("order-provider", "user-provider", "order-consumer"):
        deps = _deps(root / mod / "pom.xml")
        dubbo_deps = {k for k in deps if "dubbo" in k[1] or k[0] in ("io.grpc", "com.google.protobuf") or "zookeeper" in k[1]}
        assert dubbo_deps == TARGET_SET | {("org.apache.dubbo", "dubbo-spring-boot-starter")}, mod
        cur = deps[("org.apache.dubbo", "dubbo-dependencies-zookeeper-curator5")]
        assert cur.findtext("m:type", namespaces=POM_NS) == "pom"
        excl = {(e.findtext("m:groupId", namespaces=POM_NS), e.findtext("m:artifactId", namespaces=POM_NS)) for e in cur.findall("m:exclusions/m:exclusion", POM_NS)}
        assert excl == {("org.slf4j", "slf4j-log4j12"), ("log4j", "log4j")}
        assert deps[("com.google.protobuf", "protobuf-java")].findtext("m:version", namespaces=POM_NS) == "3.20.3"
        assert deps[("io.grpc", "grpc-all")].findtext("m:version", namespaces=POM_NS) == "1.31.1"
    assert "dubbo" not in (root / "shop-api/pom.xml").read_text().split("<artifactId>shop-api</artifactId>")[1]
    # no registry left in active config
    for f in root.rglob("src/main/resources/*"):
        if f.is_file():
            active = re.sub(r"<!--.*?-->", "", f.read_text(), flags=re.S)
            active = "\n".join(line for line in active.splitlines() if not line.lstrip().startswith("#"))
            assert "zookeeper://" not in active, f
    op = (root / "order-provider/src/main/resources/application.properties").read_text()
    for line in ("dubbo.registry.address=N/A", "dubbo.protocol.name=tri", "dubbo.protocol.port=50052",
                 "dubbo.application.qos-enable=true", "dubbo.application.qos-accept-foreign-ip=true"):  # as dubbo.scan.base-packages
        assert op.count(line) == 1, line
    assert "config-center" not in op and "metadata-report" not in op
    xml = (root / "user-provider/src/main/resources/spring/dubbo-provider.xml").read_text()
    assert '<dubbo:registry address="N/A"/>' in xml and '<dubbo:protocol name="tri" port="50052"/>' in xml
    assert '<!-- <dubbo:registry address="multicast://224.5.6.7:1234"/> -->' in xml
    assert len(xml.splitlines()) == len(xml_before.splitlines())
    up = (root / "user-provider/src/main/resources/dubbo.properties").read_text()
    assert "qos." not in up and "dubbo.application.qosAcceptForeignIp=true" in up
    oc = (root / "order-consumer/src/main/resources/application.yml").read_text()
    # the file writes qos-port and base-packages: the keys meshify adds are kebab-case too
    assert "address: N/A" in oc and "mesh-enable: true" in oc and "name: tri" in oc and "qos-accept-foreign-ip: true" in oc
    assert "meshEnable" not in oc and "qosAcceptForeignIp" not in oc
    shop = (root / "order-consumer/src/main/java/com/example/shop/consumer/ShopController.java").read_text()
    assert shop.count('providedBy = "order-provider", providerPort = 50052') == 2
    assert shop.count('providedBy = "user-provider", providerPort = 50052') == 1
    assert "@Reference" not in shop and "url" not in shop
    legacy = (root / "order-consumer/src/main/java/com/example/shop/consumer/LegacyGreetingClient.java").read_text()
    assert "import com.alibaba" not in legacy and "@DubboReference(version" in legacy
    impl = (root / "user-provider/src/main/java/com/example/shop/user/provider/UserServiceImpl.java").read_text()
    assert "@DubboService(version" in impl and 'import org.springframework.stereotype.Component;' in impl
    svcs = {s.name: s for s in p.services}
    assert set(svcs) == {"order-provider", "user-provider", "order-consumer"}
    for s in svcs.values():
        # the providers serve triple; the consumer exports nothing and exposes only its HTTP port
        assert (s.ports[0].name, s.ports[0].port) == (("http", 8080) if s.name == "order-consumer" else ("grpc-tri", 50052))
        assert (s.liveness.path, s.readiness.path, s.startup.path) == ("/live", "/ready", "/startup")
        assert s.uses_kubernetes_api is False and s.image_tag == "1.0.0-SNAPSHOT"
    assert svcs["order-consumer"].field_env == {"POD_NAMESPACE": "metadata.namespace"} and svcs["order-consumer"].calls == ["order-provider", "user-provider"]
    assert ("http", 8080) in [(x.name, x.port) for x in svcs["order-consumer"].ports]
    # dubbo.provider.timeout=3000, but @DubboService(timeout = 5000) on OrderServiceImpl: the route must not cut at 3 s
    assert svcs["order-provider"].resilience.timeout_ms == 5000 and svcs["order-provider"].resilience.retries == 0
    assert svcs["order-provider"].probe_only_port == 22222
    qos = [f for f in p.findings if f.code == "dubbo-qos-exposed"]  # the QoS port also takes commands: say so
    assert {f.path for f in qos} == {f"{s.module}/pom.xml" for s in svcs.values()} and all(f.severity == "info" for f in qos)
    assert p.facts["providers"]["com.example.shop.api.UserService"] == ["user-provider"]


def test_sample_with_manifests_is_idempotent(tmp_path):
    root = copy_sample("dubbo-zookeeper", tmp_path)
    p = build_plan(root, "dubbo", Options())
    assert any(c.path.startswith("k8s/") for c in p.changes)
    p.apply()
    assert build_plan(root, "dubbo", Options()).empty
