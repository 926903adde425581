"""Item 10 and class N4 of the real-world Dubbo issue: Spring XML consumers get mesh mode on their
<dubbo:consumer> element; a <dubbo:service protocol="dubbo"> that named the protocol now turned into tri
loses the pin instead of pointing at a protocol that no longer exists."""
from __future__ import annotations

from ...recipe import assert_migrates
from .helpers import API_DEP, GREETER, greeter_provider, module, root

MAIN = """package com.example.web;

import org.springframework.context.support.ClassPathXmlApplicationContext;

public class Main {
    public static void main(String[] args) {
        new ClassPathXmlApplicationContext("spring/dubbo.xml").start();
    }
}
"""

PROVIDER = """<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:dubbo="http://code.alibabatech.com/schema/dubbo">
    <dubbo:application name="greeter"/>
    <dubbo:registry address="N/A"/>
    <dubbo:protocol name="dubbo" port="20880"/>
    <dubbo:provider timeout="3000" token="true"/>
    <bean id="impl" class="com.example.greeter.GreeterImpl"/>
    <dubbo:service interface="com.example.api.Greeter" ref="impl" protocol="dubbo"/>
</beans>
"""

PROVIDER_AFTER = """<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:dubbo="http://code.alibabatech.com/schema/dubbo">
    <dubbo:application name="greeter"/>
    <dubbo:registry address="N/A"/>
    <dubbo:protocol name="tri" port="50052"/>
    <dubbo:provider timeout="3000"/>
    <bean id="impl" class="com.example.greeter.GreeterImpl"/>
    <dubbo:service interface="com.example.api.Greeter" ref="impl"/>
</beans>
"""

CONSUMER = """<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:dubbo="http://code.alibabatech.com/schema/dubbo">
    <dubbo:application name="web"/>
    <dubbo:registry address="N/A"/>
    <dubbo:protocol name="tri" port="50052"/>
    <dubbo:consumer check="false" timeout="2000"/>
    <dubbo:reference id="greeter" interface="com.example.api.Greeter"/>
</beans>
"""

CONSUMER_AFTER = CONSUMER.replace('timeout="2000"/>', 'timeout="2000" mesh-enable="true"/>').replace(
    'interface="com.example.api.Greeter"/>', 'interface="com.example.api.Greeter" provided-by="greeter" provider-port="50052"/>')

QOS = "# Dubbo 3 sidecar mesh (meshify): no registry, triple protocol, QoS probes reachable by the kubelet\ndubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\n"


def test_xml_consumer_element_gets_mesh_mode_and_a_service_pinned_to_the_old_protocol_loses_the_pin():
    plan = assert_migrates("dubbo", greeter_provider({
        "greeter/src/main/resources/spring/dubbo.xml": (PROVIDER, PROVIDER_AFTER),
        "greeter/src/main/resources/dubbo.properties": (None, QOS),
        "web/pom.xml": module("web", 1, extra=API_DEP),
        "web/src/main/java/com/example/web/Main.java": MAIN,
        "web/src/main/resources/spring/dubbo.xml": (CONSUMER, CONSUMER_AFTER),
        "web/src/main/resources/dubbo.properties": (None, QOS),
    }, xml=True, also=("web",)), findings=["service-protocol-removed", "token-removed", "dubbo-properties-created", "dubbo-properties-created", "dubbo-qos-exposed", "dubbo-qos-exposed"])
    assert {s.name: s.calls for s in plan.services} == {"greeter": [], "web": ["greeter"]}


def test_a_monitor_found_through_the_registry_goes_with_it():
    """N7: ``<dubbo:monitor protocol="registry">`` and ``dubbo.monitor.protocol=registry`` looked the monitor up
    in the registry; with the registry gone they are removed, each with a finding."""
    provider = PROVIDER.replace('    <dubbo:registry address="N/A"/>\n', '    <dubbo:registry address="N/A"/>\n    <dubbo:monitor protocol="registry" interval="100"/>\n')
    after = PROVIDER_AFTER
    props_before = "dubbo.monitor.protocol=registry\ndubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\n"
    props_after = "dubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\n"
    plan = assert_migrates("dubbo", greeter_provider({
        "greeter/src/main/resources/spring/dubbo.xml": (provider, after),
        "greeter/src/main/resources/dubbo.properties": (props_before, props_after),
    }, xml=True), findings=["monitor-removed", "monitor-removed", "service-protocol-removed", "token-removed", "dubbo-qos-exposed"])
    assert sorted((f.path, f.line) for f in plan.findings if f.code == "monitor-removed") == [
        ("greeter/src/main/resources/dubbo.properties", 1), ("greeter/src/main/resources/spring/dubbo.xml", 6)]


def war(artifact: str) -> str:
    return module(artifact, 1, extra=API_DEP).replace(f"<artifactId>{artifact}</artifactId>\n", f"<artifactId>{artifact}</artifactId>\n    <packaging>war</packaging>\n")


def test_a_war_consumer_is_wired_to_a_provider_packaged_as_a_war():
    """Item 10: providers and consumers that are wars on Tomcat (no main class) are deployables too, so every
    <dubbo:reference> to a provider war of the repository gets provided-by, with no "not provided" warning."""
    plan = assert_migrates("dubbo", {
        "pom.xml": root("api", "greeter", "web"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "greeter/pom.xml": war("greeter"),
        "greeter/src/main/java/com/example/greeter/GreeterImpl.java": "package com.example.greeter;\n\npublic class GreeterImpl implements com.example.api.Greeter {\n    public String hello(String n) { return n; }\n}\n",
        "greeter/src/main/resources/spring/dubbo.xml": (PROVIDER, PROVIDER_AFTER),
        "greeter/src/main/resources/dubbo.properties": (None, QOS),
        "web/pom.xml": war("web"),
        "web/src/main/resources/spring/dubbo.xml": (CONSUMER, CONSUMER_AFTER),
        "web/src/main/resources/dubbo.properties": (None, QOS),
    }, findings=["service-protocol-removed", "token-removed", "dubbo-properties-created", "dubbo-properties-created", "dubbo-qos-exposed", "dubbo-qos-exposed"])
    assert {s.name: (s.deployable.shape, s.calls) for s in plan.services} == {"greeter": ("war", []), "web": ("war", ["greeter"])}
