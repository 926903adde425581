"""Shapes real Spring Cloud repositories have: Config Servers and Eureka servers beside libraries and other
servers, another registry than Eureka (before/after; every case is run twice, the second run must change nothing)."""
from __future__ import annotations

from .recipe import assert_migrates

ROOT_POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>2.7.18</version>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>shop</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <modules>
{modules}
  </modules>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.cloud</groupId>
        <artifactId>spring-cloud-dependencies</artifactId>
        <version>2021.0.9</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
"""


def child_pom(name: str, deps: str) -> str:
    return f"""\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
  </parent>
  <artifactId>{name}</artifactId>
  <dependencies>
{deps}
  </dependencies>
</project>
"""


def dep(artifact: str, group: str = "org.springframework.cloud", extra: str = "") -> str:
    return f"    <dependency>\n      <groupId>{group}</groupId>\n      <artifactId>{artifact}</artifactId>\n{extra}    </dependency>"


ORDERS_POM = child_pom("orders", dep("spring-boot-starter-web", "org.springframework.boot") + "\n" + dep("spring-cloud-starter-netflix-eureka-client"))
ORDERS_APP = """\
package com.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OrdersApplication {
    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}
"""


def server_app(package: str) -> str:
    return f"""\
package com.example.{package};

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.config.server.EnableConfigServer;

@EnableConfigServer
@SpringBootApplication
public class ConfigApplication {{
    public static void main(String[] args) {{
        SpringApplication.run(ConfigApplication.class, args);
    }}
}}
"""


def test_a_library_with_optional_server_integrations_is_neither_retired_nor_stripped():
    # spring-cloud-alibaba's Nacos discovery starter declares spring-cloud-config-server optional: it was taken for a
    # Config Server and removed from <modules>, so the project no longer built; its optional Eureka server went too
    root = ROOT_POM.format(modules="    <module>discovery-support</module>\n    <module>orders</module>")
    support = child_pom("discovery-support", "    <!-- integrations: active only where the application brings them -->\n"
                        + dep("spring-cloud-config-server", extra="      <optional>true</optional>\n") + "\n"
                        + dep("spring-cloud-starter-netflix-eureka-server", extra="      <optional>true</optional>\n"))
    assert_migrates("springcloud", {
        "pom.xml": root,
        "discovery-support/pom.xml": support,
        "discovery-support/src/main/java/com/example/support/SupportAutoConfiguration.java": (
            "package com.example.support;\n\nimport org.springframework.cloud.config.server.config.ConfigServerProperties;\n"
            "import org.springframework.context.annotation.Configuration;\n\n@Configuration\npublic class SupportAutoConfiguration {\n"
            "    private ConfigServerProperties server;\n}\n"),
        "orders/pom.xml": (ORDERS_POM, ...),
        "orders/src/main/java/com/example/OrdersApplication.java": ORDERS_APP,
        "orders/src/main/resources/application.properties": ("spring.application.name=orders\nserver.port=8081\n", ...),
    }, findings=["actuator-added"])


NATIVE_YML = """\
server:
  port: 8888
spring:
  application:
    name: config-native
  profiles:
    active: native
  cloud:
    config:
      server:
        native:
          search-locations: classpath:/shared
"""

GIT_YML = """\
server:
  port: 8889
spring:
  application:
    name: config-git
  cloud:
    config:
      server:
        git:
          uri: https://git.example.com/config.git
"""


def test_a_kept_config_server_keeps_its_backend_when_another_one_is_retired():
    # one server reads files meshify converts (retired), the other a remote git repository (kept): the kept one lost
    # its spring.cloud.config.server.git block to the retired one's rule, and the next run retired it too
    root = ROOT_POM.format(modules="    <module>config-native</module>\n    <module>config-git</module>\n    <module>orders</module>")
    server_dep = dep("spring-cloud-config-server")
    assert_migrates("springcloud", {
        "pom.xml": (root, root.replace("    <module>config-native</module>\n", "")),
        "config-native/pom.xml": child_pom("config-native", server_dep),
        "config-native/src/main/java/com/example/nat/ConfigApplication.java": server_app("nat"),
        "config-native/src/main/resources/application.yml": NATIVE_YML,
        "config-native/src/main/resources/shared/orders.yml": "orders:\n  limit: 10\n",
        "config-git/pom.xml": (child_pom("config-git", server_dep), ...),
        "config-git/src/main/java/com/example/git/ConfigApplication.java": server_app("git"),
        "config-git/src/main/resources/application.yml": (GIT_YML, GIT_YML.replace("  port: 8889\n", "  port: 8889\n  shutdown: graceful\n")
                                                          + "management:\n  endpoint:\n    health:\n      probes:\n        enabled: true\n"),
        "orders/pom.xml": (ORDERS_POM, ...),
        "orders/src/main/java/com/example/OrdersApplication.java": ORDERS_APP,
        "orders/src/main/resources/application.properties": ("spring.application.name=orders\nserver.port=8081\n", ...),
    }, findings=["module-retired", "config-server-git", "config-server-kept", "actuator-added", "actuator-added", "config-server-converted"])


NACOS_POM = """\
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.2.2</version>
  </parent>
  <groupId>com.example</groupId>
  <artifactId>mall-portal</artifactId>
  <version>1.0.0</version>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.springframework.cloud</groupId>
        <artifactId>spring-cloud-dependencies</artifactId>
        <version>2023.0.1</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
""" + "\n".join([dep("spring-boot-starter-web", "org.springframework.boot"), dep("spring-boot-starter-actuator", "org.springframework.boot"),
                 dep("spring-cloud-starter-alibaba-nacos-discovery", "com.alibaba.cloud", "      <version>2023.0.1.0</version>\n"),
                 dep("spring-cloud-starter-openfeign")]) + """
  </dependencies>
</project>
"""


def test_a_service_on_nacos_discovery_gets_no_spring_cloud_kubernetes_settings():
    # macrozheng/mall-swarm: Nacos discovery stays (meshify replaces Eureka only), so the Feign client's
    # spring.cloud.kubernetes.loadbalancer.mode was a line for a library the service does not have
    assert_migrates("springcloud", {
        "pom.xml": NACOS_POM,
        "src/main/java/com/example/PortalApplication.java": ORDERS_APP.replace("OrdersApplication", "PortalApplication").replace(
            "import org.springframework.boot.autoconfigure.SpringBootApplication;\n",
            "import org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.cloud.openfeign.EnableFeignClients;\n").replace(
            "@SpringBootApplication", "@EnableFeignClients\n@SpringBootApplication"),
        "src/main/resources/application.yml": (
            "server:\n  port: 8085\nspring:\n  application:\n    name: mall-portal\n  cloud:\n    nacos:\n      discovery:\n"
            "        server-addr: localhost:8848 # 注册中心\n",
            "server:\n  port: 8085\n  shutdown: graceful\nspring:\n  application:\n    name: mall-portal\n  cloud:\n    nacos:\n      discovery:\n"
            "        server-addr: localhost:8848 # 注册中心\n"
            "management:\n  endpoint:\n    health:\n      probes:\n        enabled: true\n"),
    }, findings=[])
