"""Defects seen on public Spring Cloud repositories (alibaba/spring-cloud-alibaba, macrozheng/mall-swarm): servers
beside libraries and beside other servers, and another registry than Eureka; each a before/after recipe (run twice)."""
from __future__ import annotations

from ...recipe import assert_migrates
from .test_realworld import APP, C, CONFIG_APP, FINCHLEY_ROOT, WEB, child, pom

EUREKA = f"{C}:spring-cloud-starter-netflix-eureka-client"
PROPS = "orders/src/main/resources/application.properties"


def root(*modules: str) -> str:
    """An aggregator on Boot 2.7 and the 2021.0 train listing ``modules``."""
    listed = "".join(f"        <module>{m}</module>\n" for m in modules)
    text = FINCHLEY_ROOT.replace("2.0.9.RELEASE", "2.7.18").replace("Finchley.SR4", "2021.0.9")
    return text[: text.index("    <modules>\n") + 14] + listed + text[text.index("    </modules>"):]


def optional(pom_text: str) -> str:
    return pom_text.replace("</artifactId>\n        </dependency>", "</artifactId>\n            <optional>true</optional>\n        </dependency>")


def orders() -> dict:
    return {
        "orders/pom.xml": (child("orders", ["org.springframework.boot:spring-boot-starter-web", EUREKA]), ...),
        "orders/src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
        PROPS: ("spring.application.name=orders\nserver.port=8081\n", ...),
    }


def test_a_library_with_optional_server_integrations_is_neither_retired_nor_stripped():
    # spring-cloud-alibaba's Nacos discovery starter declares spring-cloud-config-server optional: it was taken for a
    # Config Server and removed from <modules>, so the project no longer built; its optional Eureka server went too
    assert_migrates("springcloud", {
        "pom.xml": root("discovery-support", "orders"),
        "discovery-support/pom.xml": optional(child("discovery-support", [f"{C}:spring-cloud-config-server", f"{C}:spring-cloud-starter-netflix-eureka-server"])),
        "discovery-support/src/main/java/com/example/support/SupportAutoConfiguration.java": (
            "package com.example.support;\n\nimport org.springframework.cloud.config.server.config.ConfigServerProperties;\n"
            "import org.springframework.context.annotation.Configuration;\n\n@Configuration\npublic class SupportAutoConfiguration {\n"
            "    private ConfigServerProperties server;\n}\n"),
        **orders(),
    }, findings=["actuator-added"])


GIT_YML = "server:\n  port: 8889\nspring:\n  application:\n    name: config-git\n  cloud:\n    config:\n      server:\n        git:\n          uri: https://git.example.com/config.git\n"
NATIVE_YML = ("server:\n  port: 8888\nspring:\n  application:\n    name: config-native\n  profiles:\n    active: native\n"
              "  cloud:\n    config:\n      server:\n        native:\n          search-locations: classpath:/shared\n")
PROBES = "management:\n  endpoint:\n    health:\n      probes:\n        enabled: true\n"


def test_a_kept_config_server_keeps_its_backend_when_another_one_is_retired():
    # one server reads files meshify converts (retired), the other a remote git repository (kept): the kept one lost
    # its spring.cloud.config.server.git block to the retired one's rule, and the next run retired it too
    before = root("config-native", "config-git", "orders")
    server = [f"{C}:spring-cloud-config-server"]
    assert_migrates("springcloud", {
        "pom.xml": (before, before.replace("        <module>config-native</module>\n", "")),
        "config-native/pom.xml": child("config-native", server),
        "config-native/src/main/java/com/example/config/App.java": CONFIG_APP,
        "config-native/src/main/resources/application.yml": NATIVE_YML,
        "config-native/src/main/resources/shared/orders.yml": "orders:\n  limit: 10\n",
        "config-git/pom.xml": (child("config-git", server), ...),
        "config-git/src/main/java/com/example/config/App.java": CONFIG_APP,
        "config-git/src/main/resources/application.yml": (GIT_YML, GIT_YML.replace("  port: 8889\n", "  port: 8889\n  shutdown: graceful\n") + PROBES),
        **orders(),
    }, findings=["module-retired", "config-server-git", "config-server-kept", "actuator-added", "actuator-added", "config-server-converted"])


def test_a_service_on_nacos_discovery_gets_no_spring_cloud_kubernetes_settings():
    # macrozheng/mall-swarm: Nacos discovery stays (meshify replaces Eureka only), so the Feign client's
    # spring.cloud.kubernetes.loadbalancer.mode was a line for a library the service does not have
    app = APP.format(pkg="orders").replace("import org.springframework.boot.autoconfigure.SpringBootApplication;\n",
                                           "import org.springframework.boot.autoconfigure.SpringBootApplication;\n"
                                           "import org.springframework.cloud.openfeign.EnableFeignClients;\n").replace(
                                               "@SpringBootApplication\n", "@EnableFeignClients\n@SpringBootApplication\n")
    yml = "server:\n  port: 8085\nspring:\n  application:\n    name: mall-portal\n  cloud:\n    nacos:\n      discovery:\n        server-addr: localhost:8848 # 注册中心\n"
    assert_migrates("springcloud", {
        "pom.xml": pom("mall-portal", WEB + ["com.alibaba.cloud:spring-cloud-starter-alibaba-nacos-discovery", f"{C}:spring-cloud-starter-openfeign"],
                       boot="3.2.2", train="2023.0.1"),
        "src/main/java/com/example/orders/App.java": app,
        "src/main/resources/application.yml": (yml, yml.replace("  port: 8085\n", "  port: 8085\n  shutdown: graceful\n") + PROBES),
    }, findings=[])


EUREKA_SERVER = f"{C}:spring-cloud-starter-netflix-eureka-server"
DISCOVERY_APP = APP.format(pkg="orders").replace(
    "import org.springframework.boot.autoconfigure.SpringBootApplication;\n",
    "import org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.cloud.client.discovery.EnableDiscoveryClient;\n").replace(
    "@SpringBootApplication\n", "@SpringBootApplication\n@EnableDiscoveryClient\n")
REGISTRY_APP = APP.format(pkg="registry").replace(
    "import org.springframework.boot.autoconfigure.SpringBootApplication;\n",
    "import org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;\n").replace(
    "@SpringBootApplication\n", "@SpringBootApplication\n@EnableEurekaServer\n")


def test_an_application_with_the_eureka_server_starter_but_no_registry_is_a_client():
    # MedEzzedine/Microservices-Template: both clients declare spring-cloud-starter-netflix-eureka-server (it brings the
    # client) with @EnableDiscoveryClient and no @EnableEurekaServer; they were taken for registries and not deployed
    assert_migrates("springcloud", {
        "pom.xml": (pom("orders", WEB + [EUREKA_SERVER]), pom("orders", WEB + [f"{C}:spring-cloud-starter-kubernetes-client"])),
        "src/main/java/com/example/orders/App.java": DISCOVERY_APP,
        "src/main/resources/application.yml": ("spring:\n  application:\n    name: orders\n",
                                               "spring:\n  application:\n    name: orders\n" + PROBES + "server:\n  shutdown: graceful\n"),
    }, findings=["eureka-server-as-client"])


def test_a_registry_project_beside_its_clients_says_it_is_not_deployed():
    # no root pom: the Eureka server is a project of its own, so no <modules> entry goes, and nothing said so
    registry_pom = pom("registry", [EUREKA_SERVER])
    plan = assert_migrates("springcloud", {
        "registry/pom.xml": registry_pom,
        "registry/src/main/java/com/example/registry/App.java": REGISTRY_APP,
        "registry/src/main/resources/application.yml": "server:\n  port: 8761\neureka:\n  client:\n    register-with-eureka: false\n",
        "orders/pom.xml": (pom("orders", WEB + [EUREKA]), ...),
        "orders/src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
        PROPS: ("spring.application.name=orders\n", ...),
    }, findings=None)
    (f,) = [f for f in plan.findings if f.code == "module-retired"]
    assert f.path == "registry/pom.xml" and "Eureka server 'registry' is not deployed" in f.message and "--keep-registry" in f.message
    assert [s.name for s in plan.services] == ["orders"]


def test_the_last_eureka_block_of_a_file_without_final_newline_leaves_the_line_above_whole():
    # wisniewskikr/chrisblog-it-cloud: "server:\n  port: 8080\n\n# Eureka\neureka: ..." with no newline at the end;
    # the removal took the newline after "port: 8080" that the added server.shutdown needed: "port: 8080  shutdown: graceful"
    before = ("spring:\n  application:\n    name: orders\n\n# Server Port\nserver:\n  port: 8080\n\n"
              "# Eureka\neureka:\n  client:\n    service-url:\n      defaultZone: http://localhost:8761/eureka")
    after = "spring:\n  application:\n    name: orders\n\n# Server Port\nserver:\n  port: 8080\n  shutdown: graceful\n" + PROBES.rstrip("\n")
    assert_migrates("springcloud", {
        "pom.xml": (pom("orders", WEB + [EUREKA]), ...),
        "src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
        "src/main/resources/application.yaml": (before, after),
    })
