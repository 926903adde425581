"""A comment that introduces a registry address or a protocol meshify rewrote, and names what it was
(ZooKeeper, Nacos, its address, the old port, "Dubbo protocol"), says what it is now; the other lines of
that comment, a comment that only names the setting, and commented-out settings stay as written."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from generator.migrations.dubbo import data

from ...recipe import assert_migrates
from .helpers import greeter_provider

REGISTRY = "no registry (meshify): Kubernetes DNS and the sidecar find the providers"
TRI = "triple on 50052 (meshify): HTTP/2, which the mesh routes"
QOS = ("# Dubbo 3 sidecar mesh (meshify): no registry, triple protocol, QoS probes reachable by the kubelet\n"
       "dubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\n")


def provider(config: str, before: str, after: str):
    return assert_migrates("dubbo", greeter_provider({f"greeter/src/main/resources/{config}": (before, after)}), findings=None)


def test_properties_comments_that_name_the_old_registry_or_protocol_say_what_they_are_now():
    before = (
        "dubbo.application.name=greeter\n"
        "# Registry: the shared cluster.\n"             # a setting's name, not prose: kept
        "# Uses ZooKeeper at zk:2181, see ops wiki.\n"  # names ZooKeeper: replaced
        "# zk ensemble of three nodes\n"               # names zk: goes (one line says it now)
        "#dubbo.registry.address=nacos://nacos:8848\n"  # a commented-out setting: kept
        "dubbo.registry.check=false\n"                 # the section's entries before the address
        "dubbo.registry.address=zookeeper://zk:2181\n"
        "# Dubbo binary protocol on port 20880\n"
        "dubbo.protocol.name=dubbo\n"
        "dubbo.protocol.port=20880\n"
        "\n"
        "# ZooKeeper session timeout, in ms\n"         # above another setting, not a changed one: kept
        "dubbo.provider.timeout=3000\n"
    )
    after = (
        "dubbo.application.name=greeter\n"
        "# Registry: the shared cluster.\n"
        f"# {REGISTRY}\n"
        "#dubbo.registry.address=nacos://nacos:8848\n"
        "dubbo.registry.address=N/A\n"
        f"# {TRI}\n"
        "dubbo.protocol.name=tri\n"
        "dubbo.protocol.port=50052\n"
        "\n"
        "# ZooKeeper session timeout, in ms\n"
        "dubbo.provider.timeout=3000\n"
        + QOS
    )
    provider("application.properties", before, after)


def test_a_comment_that_names_only_the_setting_or_the_framework_stays():
    # headings over the settings, as the Dubbo Spring Boot samples write them
    before = ("## Dubbo Application\ndubbo.application.name=greeter\n# the registry\ndubbo.registry.address=zookeeper://zk:2181\n"
              "## Dubbo Protocol\ndubbo.protocol.name=dubbo\n")
    after = ("## Dubbo Application\ndubbo.application.name=greeter\n# the registry\ndubbo.registry.address=N/A\n"
             "## Dubbo Protocol\ndubbo.protocol.name=tri\ndubbo.protocol.port=50052\n" + QOS)
    provider("application.properties", before, after)


def test_the_comment_marks_are_kept_as_written():
    before = ("dubbo.application.name=greeter\n## ZooKeeper registry\ndubbo.registry.address=zookeeper://zk:2181\n"
              "!protocol on 20880\ndubbo.protocol.name=dubbo\n")
    after = (f"dubbo.application.name=greeter\n## {REGISTRY}\ndubbo.registry.address=N/A\n"
             f"!{TRI}\ndubbo.protocol.name=tri\ndubbo.protocol.port=50052\n" + QOS)
    provider("application.properties", before, after)


def test_yaml_comments_above_the_setting_and_above_its_block():
    before = (
        "# greeter: ZooKeeper for discovery\n"  # opens the file, above dubbo: (not the changed setting's block)
        "dubbo:\n"
        "  application:\n"
        "    name: greeter\n"
        "  # 注册中心 (ZooKeeper)\n"             # above the registry block
        "  registry:\n"
        "    check: false\n"
        "    # address: zookeeper://zk-old:2181\n"  # a commented-out setting: kept
        "    address: zookeeper://zk:2181\n"
        "  protocol:\n"
        "    # port 20880, the Dubbo default\n"  # right above the changed name
        "    name: dubbo\n"
        "    port: 20880\n"
    )
    after = (
        "# greeter: ZooKeeper for discovery\n"
        "dubbo:\n"
        "  application:\n"
        "    name: greeter\n"
        "    qosEnable: true\n"
        "    qosAcceptForeignIp: true\n"
        f"  # {REGISTRY}\n"
        "  registry:\n"
        "    # address: zookeeper://zk-old:2181\n"
        "    address: N/A\n"
        "  protocol:\n"
        f"    # {TRI}\n"
        "    name: tri\n"
        "    port: 50052\n"
    )
    provider("application.yml", before, after)


XML = """<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:dubbo="http://code.alibabatech.com/schema/dubbo">
    <dubbo:application name="greeter"/>

    <!-- Nacos registry -->
    <dubbo:registry address="nacos://nacos:8848"/>
    <!-- <dubbo:registry address="multicast://224.5.6.7:1234"/> -->

    <!-- services -->
    <!-- Dubbo protocol on port 20881 -->
    <dubbo:protocol name="dubbo" port="20881"/>
    <bean id="impl" class="com.example.greeter.GreeterImpl"/>
    <dubbo:service interface="com.example.api.Greeter" ref="impl"/>
</beans>
"""

XML_AFTER = XML.replace("<!-- Nacos registry -->", f"<!-- {REGISTRY} -->").replace(
    'address="nacos://nacos:8848"', 'address="N/A"').replace(
    "<!-- Dubbo protocol on port 20881 -->", f"<!-- {TRI} -->").replace('name="dubbo" port="20881"', 'name="tri" port="50052"')

def test_spring_xml_comments_right_above_the_element():
    assert_migrates("dubbo", greeter_provider({
        "greeter/src/main/resources/spring/dubbo.xml": (XML, XML_AFTER),
        "greeter/src/main/resources/dubbo.properties": (None, QOS),
    }, xml=True), findings=None)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([None, "dubbo", "tri", "rmi", "hessian2", "c++"]), st.sampled_from([None, 0, 1, 20880, 20881]),
       st.text(st.sampled_from(list("0128 dubo:/binarypcDUBOrmihes٢")), max_size=30))
def test_what_counts_as_a_stale_protocol_comment(name, port, text):
    # the test reads as this pattern (the port on its own, never inside a longer number), without compiling
    # one pattern per module and port
    alts = [r"\bdubbo\s+(?:binary|rpc)\s+protocol\b", r"dubbo://"]
    if port:
        alts.append(rf"(?<!\d){port}(?!\d)")
    if name and name not in ("dubbo", "tri"):
        alts.append(rf"\b{re.escape(name)}\b")
    assert data.stale_protocol(name, port).search(text) == bool(re.search("(?i)" + "|".join(alts), text))
