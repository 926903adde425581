"""Item 7 of the real-world Dubbo issue: in YAML, meshEnable goes under dubbo.consumer (also when the consumer
block ends where the dubbo block ends); relaxed spellings (mesh-enable, qos-enable) are recognised and turned on
where they are written; a file that writes dotted keys gets dotted keys. A second run changes nothing."""
from __future__ import annotations

import pytest

from ...recipe import assert_migrates
from .helpers import greeter_consumer

CASES = {
    "consumer block last": (
        "dubbo:\n  application:\n    name: web\n  protocol:\n    name: dubbo\n    port: -1\n"
        "  registry:\n    address: nacos://nacos:8848\n  consumer:\n    check: false\n    timeout: 5000\n",
        "dubbo:\n  application:\n    name: web\n    qosEnable: true\n    qosAcceptForeignIp: true\n  protocol:\n    name: tri\n    port: 50052\n"
        "  registry:\n    address: N/A\n  consumer:\n    check: false\n    timeout: 5000\n    meshEnable: true\n",
    ),
    "relaxed names switched off": (
        "dubbo:\n  application:\n    name: web\n    qos-enable: false\n    qos-accept-foreign-ip: false\n"
        "  registry:\n    address: zookeeper://zk:2181\n  consumer:\n    mesh-enable: false\n  protocol:\n    name: dubbo\n",
        "dubbo:\n  application:\n    name: web\n    qos-enable: true\n    qos-accept-foreign-ip: true\n"
        "  registry:\n    address: N/A\n  consumer:\n    mesh-enable: true\n  protocol:\n    name: tri\n    port: 50052\n",
    ),
    "dotted keys inside the dubbo block": (
        "dubbo:\n  application:\n    name: web\n  registry.address: zookeeper://zk:2181\n  protocol.name: dubbo\n  consumer.timeout: 3000\n",
        "dubbo:\n  application:\n    name: web\n    qosEnable: true\n    qosAcceptForeignIp: true\n  registry.address: N/A\n  protocol.name: tri\n"
        "  consumer.timeout: 3000\n  protocol.port: 50052\n  consumer.meshEnable: true\n",
    ),
    "flat dotted keys": (
        "dubbo.application.name: web\ndubbo.registry.address: zookeeper://zk:2181\ndubbo.protocol.name: dubbo\n",
        "dubbo.application.name: web\ndubbo.registry.address: N/A\ndubbo.protocol.name: tri\ndubbo.protocol.port: 50052\n"
        "dubbo.application.qosEnable: true\ndubbo.application.qosAcceptForeignIp: true\ndubbo.consumer.meshEnable: true\n",
    ),
}


@pytest.mark.parametrize("before,after", CASES.values(), ids=CASES.keys())
def test_yaml_mesh_settings_land_where_dubbo_reads_them(before, after):
    assert_migrates("dubbo", greeter_consumer({
        "web/src/main/resources/application.yml": (before, after),
    }), findings=None)


def test_a_broken_yaml_file_without_dubbo_settings_is_left_alone_with_a_finding():
    kafka = "spring:\n  kafka:\n    consumer:\n      bootstrap-servers: kafka:9092\n        key-serializer: x\n"
    plan = assert_migrates("dubbo", greeter_consumer({
        "web/src/main/resources/application.yml": CASES["consumer block last"],
        "web/src/main/resources/application-kafka.yml": kafka,
    }), findings=None)
    f = next(f for f in plan.findings if f.code == "config-unreadable")
    assert (f.path, f.line) == ("web/src/main/resources/application-kafka.yml", 5)


def test_command_line_and_environment_overrides_are_named():
    files = greeter_consumer({
        "web/src/main/resources/application.yml": CASES["consumer block last"],
        "web/bin/start.sh": ("#!/bin/sh\n# dubbo: exec java -Ddubbo.protocol.port=20881 -jar web.jar\n"
                             "exec java -Ddubbo.registry.address=zookeeper://zk:2181 -Ddubbo.protocol.name=dubbo -jar web.jar\n"),
        "web/Dockerfile": "FROM eclipse-temurin:17-jre\nENV DUBBO_REGISTRY_ADDRESS=zookeeper://zk:2181\n",
        "docker-compose.yml": "services:\n  web:\n    environment:\n      - JAVA_OPTS=-Ddubbo.registry.address=N/A\n",
        # an assembly's start script, and the user's own manifest in the folder meshify writes to
        "api/src/main/scripts/startup.sh": "java -Ddubbo.protocol.port=20881 -cp conf:lib/* com.example.Main\n",
        "k8s/web.yaml": "# the dubbo web app\nenv:\n  - name: DUBBO_PROTOCOL_PORT\n    value: '20881'\n",
        # not overrides: the test config, the application config itself
        "web/src/test/resources/dubbo-test.yml": "dubbo:\n  registry:\n    address: N/A  # -Ddubbo.protocol.name=dubbo\n",
    })
    plan = assert_migrates("dubbo", files, findings=None)
    got = sorted((f.path, f.line, f.message.split(" here ")[0]) for f in plan.findings if f.code == "config-override")
    assert got == [
        ("api/src/main/scripts/startup.sh", 1, "-Ddubbo.protocol.port=20881"),
        ("k8s/web.yaml", 3, "DUBBO_PROTOCOL_PORT"),
        ("web/Dockerfile", 2, "DUBBO_REGISTRY_ADDRESS"),
        ("web/bin/start.sh", 3, "-Ddubbo.protocol.name=dubbo"),
        ("web/bin/start.sh", 3, "-Ddubbo.registry.address=zookeeper://zk:2181"),
    ]
    msg = next(f.message for f in plan.findings if f.path == "web/Dockerfile")
    assert msg == "DUBBO_REGISTRY_ADDRESS here outranks the migrated Dubbo config (registry N/A, tri on 50052); remove it or set it to the mesh value"


KEBAB = {
    # the brief's case: the file writes qos-port; what meshify adds beside it is kebab-case too
    "kebab YAML": (
        "dubbo:\n  application:\n    name: web\n    qos-port: 22223\n  registry:\n    address: zookeeper://zk:2181\n",
        "dubbo:\n  application:\n    name: web\n    qos-port: 22223\n    qos-enable: true\n    qos-accept-foreign-ip: true\n"
        "  registry:\n    address: N/A\n  protocol:\n    name: tri\n    port: 50052\n  consumer:\n    mesh-enable: true\n",
    ),
    # and vice versa: camelCase beside camelCase, even with a kebab-case Spring key elsewhere in the file
    "camel YAML": (
        "server:\n  servlet:\n    context-path: /web\ndubbo:\n  application:\n    name: web\n    qosPort: 22223\n"
        "  registry:\n    address: zookeeper://zk:2181\n",
        "server:\n  servlet:\n    context-path: /web\ndubbo:\n  application:\n    name: web\n    qosPort: 22223\n    qosEnable: true\n"
        "    qosAcceptForeignIp: true\n  registry:\n    address: N/A\n  protocol:\n    name: tri\n    port: 50052\n"
        "  consumer:\n    meshEnable: true\n",
    ),
    # the 2.7 dotted spelling Dubbo 3 ignores is renamed in the file's style
    "kebab properties, dotted QoS key": (
        "dubbo.application.name=web\ndubbo.scan.base-packages=com.example.web\ndubbo.application.qos.enable=false\n"
        "dubbo.registry.address=zookeeper://zk:2181\n",
        "dubbo.application.name=web\ndubbo.scan.base-packages=com.example.web\ndubbo.application.qos-enable=true\n"
        "dubbo.registry.address=N/A\n"
        "# Dubbo 3 sidecar mesh (meshify): no registry, triple protocol, QoS probes reachable by the kubelet\n"
        "dubbo.protocol.name=tri\ndubbo.protocol.port=50052\ndubbo.application.qos-accept-foreign-ip=true\n"
        "dubbo.consumer.mesh-enable=true\n",
    ),
}


@pytest.mark.parametrize("before,after", KEBAB.values(), ids=KEBAB.keys())
def test_keys_meshify_adds_follow_the_files_spelling(before, after):
    name = "application.yml" if before.startswith(("dubbo:", "server:")) else "application.properties"
    assert_migrates("dubbo", greeter_consumer({
        f"web/src/main/resources/{name}": (before, after),
    }), findings=None)


@pytest.mark.parametrize("case, key", [
    ("consumer block last", "dubbo.application.qosAcceptForeignIp"),  # added in the file's camelCase
    ("relaxed names switched off", "dubbo.application.qos-accept-foreign-ip"),  # kept (and turned on) as written
])
def test_the_qos_finding_names_the_key_as_the_file_spells_it(case, key):
    plan = assert_migrates("dubbo", greeter_consumer({"web/src/main/resources/application.yml": CASES[case]}), findings=None)
    exposed = [f.message for f in plan.findings if f.code == "dubbo-qos-exposed"]
    assert exposed and all(f"{key}=true lets any caller in" in m for m in exposed)


def test_a_dotted_qos_key_renamed_is_named_by_its_new_spelling():
    props = "web/src/main/resources/application.properties"
    files = greeter_consumer({props: (
        "dubbo.application.name=web\ndubbo.application.qos-port=22222\ndubbo.application.qos.accept.foreign.ip=false\n"
        "dubbo.registry.address=zookeeper://zk:2181\n", ...)})
    plan = assert_migrates("dubbo", files, findings=None)
    written = next(c.new for c in plan.changes if c.path == props).decode()
    assert "dubbo.application.qos-accept-foreign-ip=true\n" in written and "qos.accept.foreign.ip" not in written
    web = next(f.message for f in plan.findings if f.code == "dubbo-qos-exposed" and f.message.startswith("web:"))
    assert "dubbo.application.qos-accept-foreign-ip=true lets any caller in" in web
