"""Synthetic Maven repositories for the meshify benchmark.

Modelled on samples/springcloud-eureka and samples/dubbo-zookeeper, scaled to
N modules. Generation is deterministic (no randomness): the same N always gives
byte-identical trees, so runs on different machines compare the same input.

Layout of a Spring Cloud repository with N modules (N >= 6):

    pom.xml                      aggregator; parent spring-boot-starter-parent, properties,
                                 Spring Cloud BOM import, <modules>
    platform-bom/pom.xml         in-repo BOM (packaging pom, dependencyManagement)
    common-lib/                  plain jar with DTOs and service names
    discovery-server/            Eureka server (@EnableEurekaServer)
    services/pom.xml             intermediate parent (packaging pom) listing the services
    services/<name>/             N-4 services: pom with the Eureka client, OpenFeign,
                                 actuator, web; application.yml (comments, eureka, ribbon,
                                 feign blocks and a `---` docker profile) or
                                 application.properties; every 4th has a bootstrap.yml;
                                 main class (@EnableEurekaClient @EnableFeignClients),
                                 a Feign client to the next service, a controller, a DTO
                                 and a test class.

A Dubbo repository has the same shape: platform-bom, shop-api (interfaces),
services/<name> providers (@DubboService, @EnableDubbo, Dubbo 2.7 deps and
ZooKeeper) and every 3rd one a consumer (@DubboReference, web), with
application.properties or application.yml.
"""
from __future__ import annotations

import os
from pathlib import Path

DOMAINS = (
    "orders", "billing", "inventory", "catalog", "customers", "visits", "payments", "shipping",
    "pricing", "reviews", "search", "accounts", "ledger", "notify", "audit", "reports",
)

POM_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
    <modelVersion>4.0.0</modelVersion>
"""


def _w(root: Path, rel: str, text: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, "utf-8")


def service_names(n_services: int) -> list[str]:
    return [f"{DOMAINS[i % len(DOMAINS)]}-{i:04d}-service" for i in range(n_services)]


def _pkg(name: str) -> str:
    return name.replace("-service", "").replace("-", "")


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("-"))


def _parent(group: str, artifact: str, rel: str | None = None) -> str:
    rp = f"\n        <relativePath>{rel}</relativePath>" if rel else ""
    return f"""
    <parent>
        <groupId>{group}</groupId>
        <artifactId>{artifact}</artifactId>
        <version>1.0.0-SNAPSHOT</version>{rp}
    </parent>
"""


def _dep(group: str, artifact: str, extra: str = "", comment: str = "") -> str:
    c = f"        <!-- {comment} -->\n" if comment else ""
    return f"""{c}        <dependency>
            <groupId>{group}</groupId>
            <artifactId>{artifact}</artifactId>{extra}
        </dependency>
"""


BOOT_PLUGIN = """
    <build>
        <plugins>
            <plugin>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-maven-plugin</artifactId>
            </plugin>
        </plugins>
    </build>
"""


# --------------------------------------------------------------------------- Spring Cloud
def springcloud(root: Path, n_modules: int) -> list[str]:
    """Write a Spring Cloud Netflix Eureka repository with ``n_modules`` Maven modules."""
    n_services = max(2, n_modules - 5)  # root, platform-bom, common-lib, discovery-server, services
    names = service_names(n_services)
    group = "com.example.mono"
    modules = "\n".join(f"        <module>{m}</module>" for m in ("platform-bom", "common-lib", "discovery-server", "services"))
    _w(root, "pom.xml", POM_HEAD + f"""
    <!-- Spring Boot 2.6 line, paired with the Spring Cloud 2021.0 (Jubilee) release train -->
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>2.6.15</version>
        <relativePath/> <!-- lookup parent from repository -->
    </parent>

    <groupId>{group}</groupId>
    <artifactId>mono</artifactId>
    <version>1.0.0-SNAPSHOT</version>
    <packaging>pom</packaging>
    <name>mono</name>
    <description>Synthetic Spring Cloud Netflix monorepo ({n_modules} modules) for the meshify benchmark</description>

    <modules>
{modules}
    </modules>

    <properties>
        <java.version>17</java.version>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        <spring-cloud.version>2021.0.8</spring-cloud.version>
        <!-- shared library versions -->
        <commons-lang3.version>3.12.0</commons-lang3.version>
    </properties>

    <dependencyManagement>
        <dependencies>
            <!-- Spring Cloud release train BOM: manages every org.springframework.cloud artifact -->
            <dependency>
                <groupId>org.springframework.cloud</groupId>
                <artifactId>spring-cloud-dependencies</artifactId>
                <version>${{spring-cloud.version}}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
            <!-- the in-repo platform BOM -->
            <dependency>
                <groupId>{group}</groupId>
                <artifactId>platform-bom</artifactId>
                <version>${{project.version}}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
</project>
""")
    _w(root, "platform-bom/pom.xml", POM_HEAD + f"""
    <groupId>{group}</groupId>
    <artifactId>platform-bom</artifactId>
    <version>1.0.0-SNAPSHOT</version>
    <packaging>pom</packaging>
    <description>Versions of internal and third-party libraries shared by every service</description>

    <properties>
        <commons-lang3.version>3.12.0</commons-lang3.version>
    </properties>

    <dependencyManagement>
        <dependencies>
            <dependency>
                <groupId>{group}</groupId>
                <artifactId>common-lib</artifactId>
                <version>1.0.0-SNAPSHOT</version>
            </dependency>
            <dependency>
                <groupId>org.apache.commons</groupId>
                <artifactId>commons-lang3</artifactId>
                <version>${{commons-lang3.version}}</version>
            </dependency>
        </dependencies>
    </dependencyManagement>
</project>
""")
    _w(root, "common-lib/pom.xml", POM_HEAD + _parent(group, "mono") + f"""
    <artifactId>common-lib</artifactId>
    <description>DTOs and service names shared by the services</description>

    <dependencies>
{_dep("org.apache.commons", "commons-lang3")}    </dependencies>
</project>
""")
    consts = "\n".join(f'    public static final String S{i:04d} = "{n}";' for i, n in enumerate(names[:50]))
    _w(root, "common-lib/src/main/java/com/example/mono/common/ServiceNames.java", f"""package com.example.mono.common;

/** Logical service ids (the Eureka application names). */
public final class ServiceNames {{
{consts}

    private ServiceNames() {{
    }}
}}
""")
    _w(root, "common-lib/src/main/java/com/example/mono/common/ItemDto.java", """package com.example.mono.common;

public record ItemDto(long id, String name, int quantity) {
}
""")
    _w(root, "common-lib/src/main/resources/mono-common.properties", "# shared defaults\nmono.page-size=20\nmono.currency=EUR\n")
    _w(root, "discovery-server/pom.xml", POM_HEAD + _parent(group, "mono") + f"""
    <artifactId>discovery-server</artifactId>
    <description>Eureka service registry</description>

    <dependencies>
        <!-- service registry -->
{_dep("org.springframework.cloud", "spring-cloud-starter-netflix-eureka-server")}{_dep("org.springframework.boot", "spring-boot-starter-actuator")}    </dependencies>
{BOOT_PLUGIN}</project>
""")
    _w(root, "discovery-server/src/main/java/com/example/mono/discovery/DiscoveryServerApplication.java", """package com.example.mono.discovery;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

@EnableEurekaServer
@SpringBootApplication
public class DiscoveryServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DiscoveryServerApplication.class, args);
    }
}
""")
    _w(root, "discovery-server/src/main/resources/application.yml", """# Eureka server: does not register with itself
server:
  port: 8761

spring:
  application:
    name: discovery-server

eureka:
  client:
    register-with-eureka: false
    fetch-registry: false
""")
    svc_modules = "\n".join(f"        <module>{n}</module>" for n in names)
    _w(root, "services/pom.xml", POM_HEAD + _parent(group, "mono") + f"""
    <artifactId>services</artifactId>
    <packaging>pom</packaging>
    <description>Parent of every deployable service: discovery, REST client, probes</description>

    <modules>
{svc_modules}
    </modules>

    <properties>
        <!-- per-service overrides live in each module -->
        <service.base-port>8080</service.base-port>
    </properties>

    <dependencies>
{_dep("org.springframework.boot", "spring-boot-starter-actuator", comment="health probes")}    </dependencies>
</project>
""")
    for i in range(len(names)):
        _springcloud_service(root, group, names, i)
    return names


def _springcloud_service(root: Path, group: str, names: list[str], i: int) -> None:
    name = names[i]
    callee = names[(i + 1) % len(names)]
    port = 8081 + i
    pkg = _pkg(name)
    cls = _camel(name)
    callee_cls = _camel(callee)
    base = f"services/{name}"
    config_client = i % 4 == 3
    extra = ""
    if config_client:
        extra = _dep("org.springframework.cloud", "spring-cloud-starter-config", comment="centralized configuration client (bootstrap.yml)") + _dep("org.springframework.cloud", "spring-cloud-starter-bootstrap")
    _w(root, f"{base}/pom.xml", POM_HEAD + _parent(group, "services") + f"""
    <artifactId>{name}</artifactId>
    <name>{name}</name>
    <description>{name}: calls {callee} through Feign</description>

    <properties>
        <service.port>{port}</service.port>
    </properties>

    <dependencies>
{_dep(group, "common-lib")}{_dep("org.springframework.boot", "spring-boot-starter-web")}
        <!-- service discovery -->
{_dep("org.springframework.cloud", "spring-cloud-starter-netflix-eureka-client")}        <!-- declarative REST client -->
{_dep("org.springframework.cloud", "spring-cloud-starter-openfeign")}{extra}
{_dep("org.springframework.boot", "spring-boot-starter-test", chr(10) + "            <scope>test</scope>")}    </dependencies>
{BOOT_PLUGIN}</project>
""")
    res = f"{base}/src/main/resources"
    if i % 2 == 0:
        _w(root, f"{res}/application.yml", f"""# {name}
server:
  port: {port}

spring:
  application:
    name: {name}

# --- Eureka registration -------------------------------------------------
eureka:
  client:
    service-url:
      defaultZone: http://localhost:8761/eureka/
    fetch-registry: true
  instance:
    prefer-ip-address: true
    lease-renewal-interval-in-seconds: 10
    lease-expiration-duration-in-seconds: 30
    metadata-map:
      zone: zone{i % 3 + 1}

# --- Client-side load balancing (Netflix Ribbon) -------------------------
ribbon:
  ReadTimeout: 3000
  ConnectTimeout: 1000
  MaxAutoRetries: 1
  MaxAutoRetriesNextServer: 1
  eureka:
    enabled: true

{callee}:
  ribbon:
    ReadTimeout: 5000
    NFLoadBalancerRuleClassName: com.netflix.loadbalancer.WeightedResponseTimeRule

feign:
  client:
    config:
      default:
        connectTimeout: 2000
        readTimeout: 5000
        loggerLevel: basic

management:
  endpoints:
    web:
      exposure:
        include: health,info  # probes
  endpoint:
    health:
      show-details: always

mono:
  {pkg}:
    page-size: {10 + i % 5}
    features: [search, export]

---
# Running in docker-compose: the registry is reachable by its service name
spring:
  config:
    activate:
      on-profile: docker

eureka:
  client:
    service-url:
      defaultZone: http://discovery-server:8761/eureka/
""")
    else:
        _w(root, f"{res}/application.properties", f"""# {name} configuration
server.port={port}
spring.application.name={name}

# Eureka registration
eureka.client.service-url.defaultZone=http://localhost:8761/eureka/
eureka.client.register-with-eureka=true
eureka.client.fetch-registry=true
eureka.instance.prefer-ip-address=true
eureka.instance.lease-renewal-interval-in-seconds=10
eureka.instance.instance-id=${{spring.application.name}}:${{random.value}}

# Ribbon client-side load balancing
ribbon.ReadTimeout=3000
ribbon.ConnectTimeout=1000
{callee}.ribbon.MaxAutoRetries=2

# Actuator
management.endpoints.web.exposure.include=health,info
management.endpoint.health.show-details=always
mono.{pkg}.page-size={10 + i % 5}
""")
    if config_client:
        _w(root, f"{res}/bootstrap.yml", f"""# Loaded before application config: locate the config server through Eureka ("discovery first").
spring:
  application:
    name: {name}
  cloud:
    config:
      fail-fast: false
      discovery:
        enabled: true
        service-id: config-server

eureka:
  client:
    service-url:
      defaultZone: http://localhost:8761/eureka/
""")
    jp = f"{base}/src/main/java/com/example/mono/{pkg}"
    _w(root, f"{jp}/{cls}Application.java", f"""package com.example.mono.{pkg};

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.EnableEurekaClient;
import org.springframework.cloud.openfeign.EnableFeignClients;

@EnableEurekaClient
@EnableFeignClients
@SpringBootApplication
public class {cls}Application {{

    public static void main(String[] args) {{
        SpringApplication.run({cls}Application.class, args);
    }}
}}
""")
    _w(root, f"{jp}/{callee_cls}Client.java", f"""package com.example.mono.{pkg};

import java.util.List;

import com.example.mono.common.ItemDto;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Calls {callee}, resolved through the Eureka registry (upper-case service id).
 */
@FeignClient(name = "{callee.upper()}")
public interface {callee_cls}Client {{

    @GetMapping("/items/{{id}}")
    ItemDto item(@PathVariable("id") long id);

    @GetMapping("/items")
    List<ItemDto> items();
}}
""")
    _w(root, f"{jp}/{cls}Controller.java", f"""package com.example.mono.{pkg};

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.example.mono.common.ItemDto;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/items")
class {cls}Controller {{

    private final Map<Long, ItemDto> items = new ConcurrentHashMap<>();
    private final {callee_cls}Client client;

    {cls}Controller({callee_cls}Client client) {{
        this.client = client;
        items.put(1L, new ItemDto(1L, "first", 3));
        items.put(2L, new ItemDto(2L, "second", 5));
    }}

    @GetMapping
    List<ItemDto> findAll() {{
        return List.copyOf(items.values());
    }}

    @GetMapping("/{{id}}")
    ItemDto findOne(@PathVariable long id) {{
        ItemDto item = items.get(id);
        if (item == null) {{
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "item " + id + " not found");
        }}
        return item;
    }}

    @GetMapping("/{{id}}/upstream")
    ItemDto upstream(@PathVariable long id) {{
        return client.item(id);
    }}
}}
""")
    tp = f"{base}/src/test/java/com/example/mono/{pkg}"
    _w(root, f"{tp}/{cls}ApplicationTests.java", f"""package com.example.mono.{pkg};

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(properties = "eureka.client.enabled=false")
class {cls}ApplicationTests {{

    @Test
    void contextLoads() {{
    }}
}}
""")


# --------------------------------------------------------------------------- Dubbo
def dubbo(root: Path, n_modules: int) -> list[str]:
    """Write a Dubbo 2.7 + ZooKeeper repository with ``n_modules`` Maven modules."""
    n_services = max(2, n_modules - 4)  # root, platform-bom, shop-api, services
    names = service_names(n_services)
    group = "com.example.shop"
    modules = "\n".join(f"        <module>{m}</module>" for m in ("platform-bom", "shop-api", "services"))
    _w(root, "pom.xml", POM_HEAD + f"""
    <!-- Spring Boot 2.x manages Spring, logging and plugin versions for all modules -->
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>2.7.18</version>
        <relativePath/>
    </parent>

    <groupId>{group}</groupId>
    <artifactId>dubbo-mono</artifactId>
    <version>1.0.0-SNAPSHOT</version>
    <packaging>pom</packaging>
    <description>Synthetic Dubbo 2.7 monorepo ({n_modules} modules) for the meshify benchmark</description>

    <modules>
{modules}
    </modules>

    <properties>
        <java.version>1.8</java.version>
        <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        <!-- Apache Dubbo 2.7.x, used by every Dubbo artifact below -->
        <dubbo.version>2.7.23</dubbo.version>
    </properties>

    <dependencyManagement>
        <dependencies>
            <!-- the in-repo platform BOM -->
            <dependency>
                <groupId>{group}</groupId>
                <artifactId>platform-bom</artifactId>
                <version>${{project.version}}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
        </dependencies>
    </dependencyManagement>
</project>
""")
    _w(root, "platform-bom/pom.xml", POM_HEAD + f"""
    <groupId>{group}</groupId>
    <artifactId>platform-bom</artifactId>
    <version>1.0.0-SNAPSHOT</version>
    <packaging>pom</packaging>

    <dependencyManagement>
        <dependencies>
            <!-- internal API jar -->
            <dependency>
                <groupId>{group}</groupId>
                <artifactId>shop-api</artifactId>
                <version>1.0.0-SNAPSHOT</version>
            </dependency>
        </dependencies>
    </dependencyManagement>
</project>
""")
    _w(root, "shop-api/pom.xml", POM_HEAD + _parent(group, "dubbo-mono") + """
    <!-- Plain jar with the Dubbo service interfaces shared by providers and consumers -->
    <artifactId>shop-api</artifactId>
    <packaging>jar</packaging>
</project>
""")
    for name in names:
        cls = _camel(name).replace("Service", "")
        _w(root, f"shop-api/src/main/java/com/example/shop/api/{cls}Service.java", f"""package com.example.shop.api;

import java.util.List;

/**
 * Exported by {name}.
 */
public interface {cls}Service {{

    /** Looks one entry up. */
    String find(String id);

    /** Lists entries of an owner. */
    List<String> list(String owner);
}}
""")
    svc_modules = "\n".join(f"        <module>{n}</module>" for n in names)
    _w(root, "services/pom.xml", POM_HEAD + _parent(group, "dubbo-mono") + f"""
    <artifactId>services</artifactId>
    <packaging>pom</packaging>

    <modules>
{svc_modules}
    </modules>
</project>
""")
    for i in range(len(names)):
        _dubbo_service(root, group, names, i)
    return names


def _dubbo_service(root: Path, group: str, names: list[str], i: int) -> None:
    name = names[i]
    consumer = i % 3 == 2
    pkg = _pkg(name)
    cls = _camel(name).replace("Service", "")
    base = f"services/{name}"
    web = _dep("org.springframework.boot", "spring-boot-starter-web") if consumer else _dep("org.springframework.boot", "spring-boot-starter", comment="no web server: the Dubbo threads keep the JVM alive")
    v = "\n            <version>${dubbo.version}</version>"
    zk = v + """
            <type>pom</type>
            <exclusions>
                <exclusion>
                    <groupId>org.slf4j</groupId>
                    <artifactId>slf4j-log4j12</artifactId>
                </exclusion>
            </exclusions>"""
    _w(root, f"{base}/pom.xml", POM_HEAD + _parent(group, "services") + f"""
    <!-- Dubbo {'consumer' if consumer else 'provider'} (annotation style) -->
    <artifactId>{name}</artifactId>
    <packaging>jar</packaging>

    <dependencies>
{_dep(group, "shop-api")}
{web}
{_dep("org.apache.dubbo", "dubbo-spring-boot-starter", v, comment="Dubbo Spring Boot integration")}{_dep("org.apache.dubbo", "dubbo", v)}
{_dep("org.apache.dubbo", "dubbo-dependencies-zookeeper", zk, comment="ZooKeeper registry client (curator + zookeeper)")}    </dependencies>
{BOOT_PLUGIN}</project>
""")
    res = f"{base}/src/main/resources"
    port = 20880 + i
    if i % 2 == 0:
        _w(root, f"{res}/application.properties", f"""# ----------------------------------------------------------------------
# {name}: Dubbo 2.7 {'consumer' if consumer else 'provider'} registered in ZooKeeper
# ----------------------------------------------------------------------
spring.application.name={name}
server.port={8081 + i}

# Dubbo application name (also the name used by consumers for discovery)
dubbo.application.name={name}
dubbo.application.qos-port={22222 + i}
# ZooKeeper service registry
dubbo.registry.address=zookeeper://127.0.0.1:2181
# Dubbo binary protocol
dubbo.protocol.name=dubbo
dubbo.protocol.port={port}
# Packages scanned for @DubboService
dubbo.scan.base-packages=com.example.shop.{pkg}
# Configuration center and metadata report, also in ZooKeeper
dubbo.config-center.address=zookeeper://127.0.0.1:2181
dubbo.metadata-report.address=zookeeper://127.0.0.1:2181
# Provider defaults
dubbo.provider.timeout=3000
dubbo.provider.retries=2
""")
    else:
        _w(root, f"{res}/application.yml", f"""# {name}: Dubbo 2.7 {'consumer' if consumer else 'provider'}
server:
  port: {8081 + i}

spring:
  application:
    name: {name}

dubbo:
  application:
    # Dubbo application name
    name: {name}
    # QoS port differs per service so all can run on one host
    qos-port: {22222 + i}
  registry:
    # ZooKeeper service registry
    address: zookeeper://127.0.0.1:2181
  protocol:
    name: dubbo
    port: {port}
  consumer:
    # default call timeout in ms
    timeout: 3000
    # do not fail startup when a provider is not yet registered
    check: false
  scan:
    base-packages: com.example.shop.{pkg}

---
spring:
  config:
    activate:
      on-profile: docker
dubbo:
  registry:
    address: zookeeper://zookeeper:2181
""")
    jp = f"{base}/src/main/java/com/example/shop/{pkg}"
    _w(root, f"{jp}/{cls}Application.java", f"""package com.example.shop.{pkg};

import org.apache.dubbo.config.spring.context.annotation.EnableDubbo;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * {name}. Services are exported by Dubbo and registered in ZooKeeper.
 */
@SpringBootApplication
@EnableDubbo
public class {cls}Application {{

    public static void main(String[] args) {{
        SpringApplication.run({cls}Application.class, args);
    }}
}}
""")
    _w(root, f"{jp}/{cls}ServiceImpl.java", f"""package com.example.shop.{pkg};

import com.example.shop.api.{cls}Service;
import org.apache.dubbo.config.annotation.DubboService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

@DubboService(version = "1.0.0", timeout = {3000 + 100 * (i % 5)})
public class {cls}ServiceImpl implements {cls}Service {{

    private final Map<String, List<String>> byOwner = new ConcurrentHashMap<>();

    @Override
    public String find(String id) {{
        return "{name}:" + id;
    }}

    @Override
    public List<String> list(String owner) {{
        return new ArrayList<>(byOwner.getOrDefault(owner, new ArrayList<>()));
    }}
}}
""")
    if consumer:
        a = _camel(names[(i + 1) % len(names)]).replace("Service", "")
        b = _camel(names[(i + 2) % len(names)]).replace("Service", "")
        _w(root, f"{jp}/{cls}Controller.java", f"""package com.example.shop.{pkg};

import com.example.shop.api.{a}Service;
import com.example.shop.api.{b}Service;
import org.apache.dubbo.config.annotation.DubboReference;
import org.apache.dubbo.config.annotation.Reference;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class {cls}Controller {{

    @DubboReference(version = "1.0.0", timeout = 5000)
    private {a}Service first;

    // Legacy (deprecated in 2.7.7) annotation, still in use here
    @Reference(version = "1.0.0")
    private {b}Service second;

    @GetMapping("/lookup/{{id}}")
    public String lookup(@PathVariable String id) {{
        return first.find(id) + " / " + second.find(id);
    }}
}}
""")


KINDS = {"springcloud": springcloud, "dubbo": dubbo}


def generate(kind: str, root: Path, n_modules: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    KINDS[kind](root, n_modules)


def count_modules(root: Path) -> int:
    return sum(1 for _dir, _dirs, files in os.walk(root) if "pom.xml" in files)
