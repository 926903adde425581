"""Item 9 of the real-world Dubbo issue: dead registry dependencies go, with the comment that labelled them and
the blank line of their paragraph, also in a project already newer than the target (its version is kept); a
config center client goes when its config center lived in the retired registry."""
from __future__ import annotations

from ...recipe import assert_migrates
from .helpers import runtime_set

NEWER = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
    <dependencies>
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo-spring-boot-starter</artifactId>
            <version>3.2.16</version>
        </dependency>

        <!-- Dubbo Registry Nacos -->
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo-nacos-spring-boot-starter</artifactId>
            <version>3.2.16</version>
        </dependency>
        <dependency>
            <groupId>com.alibaba.nacos</groupId>
            <artifactId>nacos-client</artifactId>
            <version>2.2.4</version>
        </dependency>

        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter</artifactId>
            <version>2.7.18</version>
        </dependency>
    </dependencies>
</project>
"""

NEWER_AFTER = NEWER.replace("""
        <!-- Dubbo Registry Nacos -->
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo-nacos-spring-boot-starter</artifactId>
            <version>3.2.16</version>
        </dependency>
        <dependency>
            <groupId>com.alibaba.nacos</groupId>
            <artifactId>nacos-client</artifactId>
            <version>2.2.4</version>
        </dependency>
""", "")

APP = """package com.example.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class App {
    public static void main(String[] args) {}
}
"""

PROPS = "dubbo.application.name=shop\ndubbo.registry.address=nacos://nacos:8848\ndubbo.protocol.name=tri\ndubbo.protocol.port=50052\n"
PROPS_AFTER = ("dubbo.application.name=shop\ndubbo.registry.address=N/A\ndubbo.protocol.name=tri\ndubbo.protocol.port=50052\n"
               "# Dubbo 3 sidecar mesh (meshify): no registry, triple protocol, QoS probes reachable by the kubelet\n"
               "dubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\n")


def test_registry_clients_go_from_a_project_newer_than_the_target_and_its_version_stays():
    assert_migrates("dubbo", {
        "pom.xml": (NEWER, NEWER_AFTER),
        "src/main/java/com/example/shop/App.java": APP,
        "src/main/resources/application.properties": (PROPS, PROPS_AFTER),
    }, findings=["dubbo-newer", "registry-retired", "dubbo-qos-exposed"])


CENTER = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
    <dependencies>
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo</artifactId>
            <version>3.1.5</version>
        </dependency>
""" + runtime_set().rstrip("\n") + """

        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo-configcenter-nacos</artifactId>
            <version>3.1.5</version>
        </dependency>
    </dependencies>
</project>
"""


def test_a_config_center_client_goes_with_the_config_center_that_lived_in_the_registry():
    assert_migrates("dubbo", {
        "pom.xml": (CENTER, CENTER.replace("""
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo-configcenter-nacos</artifactId>
            <version>3.1.5</version>
        </dependency>
""", "")),
        "src/main/java/com/example/shop/App.java": APP,
        "src/main/resources/dubbo.properties": (PROPS + "dubbo.config-center.address=nacos://nacos:8848\n", PROPS_AFTER),
    }, findings=["registry-config-removed", "registry-retired", "dubbo-qos-exposed"])


def test_a_registry_artifact_whose_client_the_code_uses_stays_with_a_finding():
    # the sample's own code talks to Nacos (a config publisher): the client dubbo-configcenter-nacos brings stays
    code = "package com.example.shop;\n\nimport com.alibaba.nacos.api.config.ConfigService;\n\npublic class Publisher {\n    ConfigService config;\n}\n"
    plan = assert_migrates("dubbo", {
        "pom.xml": CENTER,
        "src/main/java/com/example/shop/App.java": APP,
        "src/main/java/com/example/shop/Publisher.java": code,
        "src/main/resources/dubbo.properties": (PROPS + "dubbo.config-center.address=nacos://nacos:8848\n", PROPS_AFTER),
    }, findings=["registry-client-used", "registry-config-removed", "registry-retired", "dubbo-qos-exposed"])
    used = next(f for f in plan.findings if f.code == "registry-client-used")
    assert (used.path, used.line) == ("src/main/java/com/example/shop/Publisher.java", 3)
