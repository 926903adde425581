"""Defects seen on public Spring Cloud repositories, each as a before/after recipe (run twice)."""
from __future__ import annotations

from ...recipe import assert_migrates

APP = """package com.example.{pkg};

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class App {{
    public static void main(String[] args) {{
        SpringApplication.run(App.class, args);
    }}
}}
"""


def pom(artifact: str, deps: list[str], *, boot: str = "2.6.15", train: str = "2021.0.8", parent: str | None = None) -> str:
    """A single-module Spring Boot service: the Boot parent, the train's BOM, ``deps`` as group:artifact."""
    body = "".join(
        f"        <dependency>\n            <groupId>{d.split(':')[0]}</groupId>\n            <artifactId>{d.split(':')[1]}</artifactId>\n        </dependency>\n"
        for d in deps
    )
    parent = parent or (
        "    <parent>\n        <groupId>org.springframework.boot</groupId>\n        <artifactId>spring-boot-starter-parent</artifactId>\n"
        f"        <version>{boot}</version>\n    </parent>\n"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n    <modelVersion>4.0.0</modelVersion>\n'
        f"{parent}    <groupId>com.example</groupId>\n    <artifactId>{artifact}</artifactId>\n    <version>1.0.0</version>\n"
        f"    <dependencies>\n{body}    </dependencies>\n"
        "    <dependencyManagement>\n        <dependencies>\n            <dependency>\n"
        "                <groupId>org.springframework.cloud</groupId>\n                <artifactId>spring-cloud-dependencies</artifactId>\n"
        f"                <version>{train}</version>\n                <type>pom</type>\n                <scope>import</scope>\n"
        "            </dependency>\n        </dependencies>\n    </dependencyManagement>\n</project>\n"
    )


WEB = ["org.springframework.boot:spring-boot-starter-web", "org.springframework.boot:spring-boot-starter-actuator"]
EUREKA = "org.springframework.cloud:spring-cloud-starter-netflix-eureka-client"
JAVA = "src/main/java/com/example/orders/App.java"


def test_adjacent_removals_in_a_file_without_final_newline_do_not_crash():
    # 1. spring.cloud.config.discovery right before eureka:, no newline at the end of the file
    before = "spring:\n  cloud:\n    config:\n      discovery:\n        enabled: true\n        service-id: cfg\neureka:\n  client:\n    service-url:\n      defaultZone: x"
    assert_migrates("springcloud", {
        "pom.xml": (pom("orders", WEB + [EUREKA]), pom("orders", WEB + ["org.springframework.cloud:spring-cloud-starter-kubernetes-client"])),
        JAVA: APP.format(pkg="orders"),
        "src/main/resources/application.properties": (
            "spring.application.name=orders\n",
            "spring.application.name=orders\nmanagement.endpoint.health.probes.enabled=true\nserver.shutdown=graceful\n",
        ),
        "src/main/resources/bootstrap-dev.yml": (before, ""),
    })


# --------------------------------------------------------------------------- helpers for the defect recipes

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import yaml  # noqa: E402

from generator.migrations import MIGRATIONS  # noqa: E402
from generator.pipeline import build_plan  # noqa: E402


def boot1_pom(artifact: str, deps: list[str], train: str = "Edgware.SR6") -> str:
    return pom(artifact, deps, boot="1.5.22.RELEASE", train=train)


def manifest(plan, path: str) -> dict:
    change = next(c for c in plan.changes if c.path == path)
    return yaml.safe_load(change.new)


def container(plan, svc: str) -> dict:
    return manifest(plan, f"k8s/base/{svc}/deployment.yaml")["spec"]["template"]["spec"]["containers"][0]


FEIGN_CLIENT = """package com.example.orders;

import org.springframework.cloud.netflix.feign.FeignClient;
import org.springframework.web.bind.annotation.RequestMapping;

@FeignClient(name = "stock")
public interface StockClient {{
    @RequestMapping("/stock/items")
    String items();
}}
"""

BALANCED = """package com.example.orders;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.netflix.eureka.EnableEurekaClient;
import org.springframework.context.annotation.Bean;
import org.springframework.web.client.RestTemplate;

@SpringBootApplication
@EnableEurekaClient
public class App {
    static final String STOCK = "http://stock/stock/items";

    @Bean
    @LoadBalanced
    RestTemplate rest() {
        return new RestTemplate();
    }

    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }
}
"""

STOCK_CONTROLLER = """package com.example.stock;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class Items {
    @RequestMapping("/items")
    String items() {
        return "[]";
    }
}
"""


def boot1_repo() -> dict:
    """Two standalone Boot 1.5 projects (no aggregator): orders calls stock through Feign and a @LoadBalanced RestTemplate."""
    old_eureka = "org.springframework.cloud:spring-cloud-starter-eureka"
    return {
        "orders/pom.xml": (
            boot1_pom("orders", WEB + [EUREKA, "org.springframework.cloud:spring-cloud-starter-feign"]),
            boot1_pom("orders", WEB + ["org.springframework.cloud:spring-cloud-starter", "org.springframework.cloud:spring-cloud-starter-feign"]),
        ),
        "orders/src/main/java/com/example/orders/App.java": (
            BALANCED,
            BALANCED.replace("import org.springframework.cloud.client.loadbalancer.LoadBalanced;\n", "")
            .replace("import org.springframework.cloud.netflix.eureka.EnableEurekaClient;\n", "")
            .replace("@EnableEurekaClient\n", "").replace("    @LoadBalanced\n", "")
            .replace('"http://stock/stock/items"', '"http://stock:8181/stock/items"'),
        ),
        "orders/src/main/java/com/example/orders/StockClient.java": (
            FEIGN_CLIENT.format(),
            FEIGN_CLIENT.format().replace('@FeignClient(name = "stock")', '@FeignClient(name = "stock", url = "http://stock:8181")'),
        ),
        "orders/src/main/resources/application.properties": (
            "spring.application.name=orders\neureka.client.serviceUrl.defaultZone=http://registry:8761/eureka/\nstock.ribbon.ReadTimeout=3000\n",
            "spring.application.name=orders\n",
        ),
        "orders/src/test/resources/application.properties": ("eureka.client.enabled=false\nlogging.level.root=WARN\n", "logging.level.root=WARN\n"),
        "stock/pom.xml": (
            # Brixton-Edgware: the old Eureka starter brought the web stack the controller imports
            boot1_pom("stock", ["org.springframework.boot:spring-boot-starter-actuator", old_eureka]),
            boot1_pom("stock", ["org.springframework.boot:spring-boot-starter-actuator", "org.springframework.cloud:spring-cloud-starter", "org.springframework.boot:spring-boot-starter-web"]),
        ),
        "stock/src/main/java/com/example/stock/App.java": APP.format(pkg="stock"),
        "stock/src/main/java/com/example/stock/Items.java": STOCK_CONTROLLER,
        "stock/src/main/resources/application.properties": (
            "spring.application.name=stock\nserver.port=8181\nserver.context-path=/stock\nmanagement.context-path=/admin\neureka.instance.preferIpAddress=true\n",
            "spring.application.name=stock\nserver.port=8181\nserver.context-path=/stock\nmanagement.context-path=/admin\n",
        ),
    }


def test_boot1_standalone_projects_get_mesh_native_discovery():
    # 5, 6, 7, 12, 13: Boot 1.5 has no Spring Cloud Kubernetes; services call http://name:port
    assert_migrates("springcloud", boot1_repo(), findings=["no-root-pom", "discovery-dns", "web-starter-added", "resilience-settings"])


def test_boot1_ports_context_and_management_paths_reach_the_manifests():
    # 2: Boot 1 names (server.context-path, management.context-path); no RBAC, no token (6)
    plan = assert_migrates("springcloud", boot1_repo(), manifests=True)
    stock = container(plan, "stock")
    assert [p["containerPort"] for p in stock["ports"]] == [8181]
    assert stock["readinessProbe"]["httpGet"]["path"] == "/stock/admin/health"
    service = manifest(plan, "k8s/base/stock/service.yaml")
    assert [(p["port"], p["targetPort"]) for p in service["spec"]["ports"]] == [(8181, "http")]
    pod = manifest(plan, "k8s/base/stock/deployment.yaml")["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False
    assert not any("role" in c.path.lower() for c in plan.changes)


def test_standalone_projects_share_one_namespace_named_after_the_repository(tmp_path):
    # 13: with no root pom the namespace is the folder's, not the first project's artifactId
    # (which, beside a retired eureka-server, named the namespace after the registry)
    files = boot1_repo()
    files["eureka-server/pom.xml"] = (boot1_pom("eureka-server", ["org.springframework.cloud:spring-cloud-starter-eureka-server"]), ...)
    root = tmp_path / "Shop_Apps"
    plan = assert_migrates("springcloud", {k: v if isinstance(v, tuple) else (v, ...) for k, v in files.items()}, manifests=True, root=root)
    namespaces = {manifest(plan, f"k8s/base/{name}/deployment.yaml")["metadata"]["namespace"] for name in ("orders", "stock")}
    assert namespaces == {"shop-apps"}


def test_port_and_paths_from_every_default_document_reach_probes_and_service():
    # 2: a second YAML document without a profile is active by default too
    yml = "spring:\n  application:\n    name: orders\nserver:\n  port: 6000\n  servlet:\n    context-path: /orders\n---\nmanagement:\n  endpoints:\n    web:\n      base-path: /manage\n"
    plan = assert_migrates("springcloud", {
        "pom.xml": (pom("orders", WEB + [EUREKA]), pom("orders", WEB + ["org.springframework.cloud:spring-cloud-starter-kubernetes-client"])),
        JAVA: APP.format(pkg="orders"),
        # two keys inserted where the server block ends: server.shutdown stays inside it
        "src/main/resources/application.yml": (yml, yml.replace("    context-path: /orders\n", "    context-path: /orders\n  shutdown: graceful\n"
                                                                "management:\n  endpoint:\n    health:\n      probes:\n        enabled: true\n", 1)),
    }, manifests=True)
    c = container(plan, "orders")
    assert [p["containerPort"] for p in c["ports"]] == [6000]
    assert c["livenessProbe"]["httpGet"]["path"] == "/orders/manage/health/liveness"
    assert c["readinessProbe"]["httpGet"]["path"] == "/orders/manage/health/readiness"


FINCHLEY_ROOT = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>2.0.9.RELEASE</version>
    </parent>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
    <packaging>pom</packaging>
    <modules>
        <module>config</module>
        <module>gateway</module>
        <module>orders</module>
    </modules>
    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>org.springframework.cloud</groupId>
                <artifactId>spring-cloud-dependencies</artifactId>
                <version>Finchley.SR4</version>
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


CONFIG_APP = """package com.example.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.config.server.EnableConfigServer;

@SpringBootApplication
@EnableConfigServer
public class App {
    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }
}
"""
ZUUL_APP = APP.format(pkg="gateway").replace("import org.springframework.boot.autoconfigure.SpringBootApplication;\n",
    "import org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.cloud.netflix.zuul.EnableZuulProxy;\n").replace("@SpringBootApplication\n", "@SpringBootApplication\n@EnableZuulProxy\n")
C = "org.springframework.cloud"
SERVED = "config/src/main/resources/shared"


def finchley_repo() -> dict:
    bootstrap = "spring:\n  application:\n    name: {name}\n  cloud:\n    config:\n      uri: http://config:8888\n"
    gateway_yml = "server:\n  port: 4000\nzuul:\n  routes:\n    orders:\n      path: /orders/**\n      serviceId: orders\n      stripPrefix: false\n    legacy:\n      path: /legacy/**\n      serviceId: legacy\n"
    return {
        "pom.xml": (FINCHLEY_ROOT, FINCHLEY_ROOT.replace("        <module>config</module>\n", "")),
        "config/pom.xml": child("config", [f"{C}:spring-cloud-config-server"]),
        "config/src/main/java/com/example/config/App.java": CONFIG_APP,
        "config/src/main/resources/bootstrap.yml": "spring:\n  application:\n    name: config\n  profiles:\n    active: native\n  cloud:\n    config:\n      server:\n        native:\n          search-locations: classpath:/shared\nserver:\n  port: 8888\n",
        f"{SERVED}/application.yml": ("eureka:\n  client:\n    serviceUrl:\n      defaultZone: http://registry:8761/eureka/\nlogging:\n  level:\n    root: INFO\n", "logging:\n  level:\n    root: INFO\n"),
        f"{SERVED}/orders.yml": "server:\n  port: 6000\n  servlet:\n    context-path: /orders\n",
        f"{SERVED}/orders-docker.yml": "logging:\n  level:\n    com.example: DEBUG\n",
        f"{SERVED}/gateway.yml": (gateway_yml, gateway_yml.replace("      serviceId: orders\n", "      url: http://orders:6000\n")),
        "gateway/pom.xml": (child("gateway", [f"{C}:spring-cloud-starter-netflix-zuul", f"{C}:spring-cloud-starter-netflix-eureka-client", f"{C}:spring-cloud-starter-config", "org.springframework.boot:spring-boot-starter-actuator"]),
                            child("gateway", [f"{C}:spring-cloud-starter-netflix-zuul", f"{C}:spring-cloud-starter", "org.springframework.boot:spring-boot-starter-actuator"])),
        "gateway/src/main/java/com/example/gateway/App.java": ZUUL_APP,
        "gateway/src/main/resources/bootstrap.yml": (bootstrap.format(name="gateway"), "spring:\n  application:\n    name: gateway\n"),
        "orders/pom.xml": (child("orders", WEB + [f"{C}:spring-cloud-starter-netflix-eureka-client", f"{C}:spring-cloud-starter-config"]),
                           child("orders", WEB + [f"{C}:spring-cloud-starter"])),
        "orders/src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
        "orders/src/main/resources/bootstrap.yml": (bootstrap.format(name="orders"), "spring:\n  application:\n    name: orders\n"),
    }


def test_finchley_zuul_routes_and_served_ports_go_mesh_native():
    # 2 (served server.port/context path), 6 (Zuul serviceId -> url, served config mounted as files), 4 (no ribbon.mode)
    plan = assert_migrates("springcloud", finchley_repo(), manifests=True)
    codes = {f.code for f in plan.findings}
    assert {"discovery-dns", "zuul-route-unknown"} <= codes
    orders = container(plan, "orders")
    assert [p["containerPort"] for p in orders["ports"]] == [6000]
    assert orders["readinessProbe"]["httpGet"]["path"] == "/orders/actuator/health"
    env = {e["name"]: e.get("value") for e in orders["env"]}
    assert env["SPRING_CONFIG_ADDITIONAL_LOCATION"] == "file:/app/config-shared/,file:/app/config/"
    mounts = {m["mountPath"] for m in orders["volumeMounts"]}
    assert {"/app/config", "/app/config-shared"} <= mounts
    data = manifest(plan, "k8s/base/orders/configmap.yaml")["data"]
    assert set(data) == {"application.yaml", "application-docker.yaml"}  # the profile file sits next to the base one
    assert "port: 6000" in data["application.yaml"]
    gateway = manifest(plan, "k8s/base/gateway/configmap.yaml")["data"]["application.yaml"]
    assert "url: http://orders:6000" in gateway and "serviceId: legacy" in gateway
    assert not any(c.path.endswith(("role.yaml", "rolebinding.yaml")) for c in plan.changes)


BOOT3_GATEWAY = "org.springframework.cloud:spring-cloud-starter-gateway"


def test_imports_of_served_profile_documents_keep_optional_and_every_document_is_migrated():
    # 9: the docker profile imports configserver: too; optional: stays on the replacement
    before = ("spring:\n  config:\n    import: \"optional:configserver:http://config:8088\"\n    activate:\n      on-profile: docker\n---\n"
              "spring:\n  application:\n    name: orders\n  config:\n    import: optional:configserver:${CONFIG_URL:http://localhost:8888/}\n")
    after = before.replace('"optional:configserver:http://config:8088"', '"optional:kubernetes:"').replace(
        "optional:configserver:${CONFIG_URL:http://localhost:8888/}\n",
        '"optional:kubernetes:"\nmanagement:\n  endpoint:\n    health:\n      probes:\n        enabled: true\nserver:\n  shutdown: graceful\n')
    config_server = pom("config", ["org.springframework.cloud:spring-cloud-config-server"], boot="3.2.5", train="2023.0.3")
    assert_migrates("springcloud", {
        "pom.xml": ('<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n    <modelVersion>4.0.0</modelVersion>\n'
                    "    <groupId>com.example</groupId>\n    <artifactId>shop</artifactId>\n    <version>1.0.0</version>\n    <packaging>pom</packaging>\n"
                    "    <modules>\n        <module>config</module>\n        <module>orders</module>\n    </modules>\n</project>\n",
                    '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n    <modelVersion>4.0.0</modelVersion>\n'
                    "    <groupId>com.example</groupId>\n    <artifactId>shop</artifactId>\n    <version>1.0.0</version>\n    <packaging>pom</packaging>\n"
                    "    <modules>\n        <module>orders</module>\n    </modules>\n</project>\n"),
        "config/pom.xml": config_server,
        "config/src/main/java/com/example/config/App.java": CONFIG_APP,
        "orders/pom.xml": (pom("orders", WEB + [EUREKA, "org.springframework.cloud:spring-cloud-starter-config"], boot="3.2.5", train="2023.0.3"),
                           pom("orders", WEB + ["org.springframework.cloud:spring-cloud-starter-kubernetes-client", "org.springframework.cloud:spring-cloud-starter-kubernetes-client-config"], boot="3.2.5", train="2023.0.3")),
        "orders/src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
        "orders/src/main/resources/application.yml": (before, after),
    }, findings=["module-retired", "config-server-backend"])


def test_gateway_routes_served_by_the_config_server_get_the_load_balancer_and_random_ports_a_fixed_one():
    # 3: lb:// routes live in the served gateway file; 2: server.port=0 (random) cannot sit behind a Service
    files = finchley_repo()
    for rel in list(files):
        if rel.endswith("pom.xml") and rel != "config/pom.xml":
            before, _ = files[rel]
            files[rel] = before.replace("2.0.9.RELEASE", "2.6.15").replace("Finchley.SR4", "2021.0.8")
    files["gateway/pom.xml"] = files["gateway/pom.xml"].replace("spring-cloud-starter-netflix-zuul", "spring-cloud-starter-gateway")
    files["gateway/src/main/java/com/example/gateway/App.java"] = APP.format(pkg="gateway")
    files[f"{SERVED}/gateway.yml"] = "server:\n  port: 4000\nspring:\n  cloud:\n    gateway:\n      routes:\n        - id: orders\n          uri: lb://orders\n          predicates:\n            - Path=/orders/**\n"
    files[f"{SERVED}/orders.yml"] = "server:\n  port: 0\n"
    # many files change here (manifests, served files): checked by what a reviewer looks at, then run twice
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, spec in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(spec[0] if isinstance(spec, tuple) else spec)
        plan = build_plan(root, "springcloud", MIGRATIONS["springcloud"].Options(), manifests=True)
        gateway_pom = next(c.new.decode() for c in plan.changes if c.path == "gateway/pom.xml")
        assert "spring-cloud-starter-kubernetes-client-loadbalancer" in gateway_pom
        orders = container(plan, "orders")
        assert {"name": "SERVER_PORT", "value": "8080"} in [{k: e[k] for k in ("name", "value") if k in e} for e in orders["env"]]
        assert "random-port" in {f.code for f in plan.findings}
        plan.apply()
        assert build_plan(root, "springcloud", MIGRATIONS["springcloud"].Options(), manifests=True).empty


def test_bean_validation_that_came_with_an_inherited_eureka_client_is_added_back():
    # 7: Hoxton.SR8 (Boot 2.3) parent pom declares the Eureka client; the child imports javax.validation
    parent = ('<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n    <modelVersion>4.0.0</modelVersion>\n'
              "    <parent>\n        <groupId>org.springframework.cloud</groupId>\n        <artifactId>spring-cloud-starter-parent</artifactId>\n"
              "        <version>Hoxton.SR8</version>\n    </parent>\n    <groupId>com.example</groupId>\n    <artifactId>shop</artifactId>\n"
              "    <version>1.0.0</version>\n    <packaging>pom</packaging>\n    <modules>\n        <module>orders</module>\n    </modules>\n"
              f"    <dependencies>\n        <dependency>\n            <groupId>org.springframework.cloud</groupId>\n            <artifactId>{EUREKA.split(':')[1]}</artifactId>\n"
              "        </dependency>\n    </dependencies>\n</project>\n")
    entity = "package com.example.orders;\n\nimport javax.validation.constraints.NotNull;\n\npublic class Order {\n    @NotNull\n    String id;\n}\n"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, text in {"pom.xml": parent, "orders/pom.xml": child("orders", WEB), "orders/src/main/java/com/example/orders/App.java": APP.format(pkg="orders"),
                          "orders/src/main/java/com/example/orders/Order.java": entity}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        plan = build_plan(root, "springcloud", MIGRATIONS["springcloud"].Options(), manifests=False)
        orders_pom = next(c.new.decode() for c in plan.changes if c.path == "orders/pom.xml")
        assert "<artifactId>spring-boot-starter-validation</artifactId>" in orders_pom
        plan.apply()
        assert build_plan(root, "springcloud", MIGRATIONS["springcloud"].Options(), manifests=False).empty
