"""Item 5 and 8 of the real-world Dubbo issue: com.alibaba.dubbo imports change in every module, also in one
that gets Dubbo through another module; a class Dubbo 3 does not have is reported with file:line, never
renamed into a class that does not exist; provider tokens go, with a finding."""
from __future__ import annotations

from ...recipe import assert_migrates
from .helpers import API_DEP, GREETER, app, meshed_properties, module, root

UTIL = """package com.example.util;

import com.alibaba.dubbo.common.utils.StringUtils;
import com.alibaba.dubbo.common.json.JSON;
import static com.alibaba.dubbo.common.Constants.DEFAULT_TIMEOUT;

public class Names {
    public static boolean blank(String s) {
        return StringUtils.isBlank(s) || com.alibaba.dubbo.common.utils.CollectionUtils.isEmpty(null);
    }
}
"""

UTIL_AFTER = """package com.example.util;

import org.apache.dubbo.common.utils.StringUtils;
import com.alibaba.dubbo.common.json.JSON;
import static com.alibaba.dubbo.common.Constants.DEFAULT_TIMEOUT;

public class Names {
    public static boolean blank(String s) {
        return StringUtils.isBlank(s) || org.apache.dubbo.common.utils.CollectionUtils.isEmpty(null);
    }
}
"""


def test_imports_change_in_a_module_that_gets_dubbo_through_another_and_missing_classes_are_reported():
    plan = assert_migrates("dubbo", {
        "pom.xml": root("api", "util"),
        "api/pom.xml": module("api", 1),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        # util declares no Dubbo artifact: it has Dubbo through api
        "util/pom.xml": module("util", 1, deps=API_DEP),
        "util/src/main/java/com/example/util/Names.java": (UTIL, UTIL_AFTER),
    }, findings=["dubbo-class-missing"])
    f = plan.findings[0]
    # the 2.x JSON utility is gone (3.x has an unrelated interface of that name); Constants still ships as a compatibility class
    assert (f.path, f.line) == ("util/src/main/java/com/example/util/Names.java", 4)
    assert f.message.startswith("com.alibaba.dubbo.common.json.JSON has no counterpart in Dubbo 3.1.5")


IMPL = """package com.example.app;

import com.example.api.Greeter;
import org.apache.dubbo.config.annotation.DubboService;

@DubboService({})
public class GreeterImpl implements Greeter {{
    public String hello(String name) {{
        return name;
    }}
}}
"""


def test_provider_tokens_are_removed_with_a_finding():
    props = meshed_properties("app")
    plan = assert_migrates("dubbo", {
        "pom.xml": root("api", "app"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "app/pom.xml": module("app", 1, extra=API_DEP),
        "app/src/main/java/com/example/app/App.java": app("com.example.app"),
        "app/src/main/java/com/example/app/GreeterImpl.java": (IMPL.format('version = "1.0", token = "true"'), IMPL.format('version = "1.0"')),
        "app/src/main/java/com/example/app/OtherImpl.java": (
            IMPL.format('token = "s3cret"').replace("GreeterImpl", "OtherImpl"),
            IMPL.format("").replace("@DubboService()", "@DubboService").replace("GreeterImpl", "OtherImpl")),
        "app/src/main/resources/application.properties": (props + "dubbo.provider.token=true\n", props),
    }, findings=["token-removed"] * 3 + ["dubbo-qos-exposed"])
    assert {(f.path, f.line) for f in plan.findings if f.code == "token-removed"} == {
        ("app/src/main/java/com/example/app/GreeterImpl.java", 6),
        ("app/src/main/java/com/example/app/OtherImpl.java", 6),
        ("app/src/main/resources/application.properties", 7),
    }
    assert all("AuthorizationPolicy" in f.message for f in plan.findings if f.code == "token-removed")


CLIENT = """package com.example.app;

import com.example.api.Greeter;
import org.apache.dubbo.config.annotation.DubboReference;
import org.springframework.stereotype.Component;

@Component
public class Client {{
    @DubboReference(version = "1.0"{} /*,
            methods = {{@Method(name = "hello", timeout = 3000)}}
    */
    )
    private Greeter greeter;
}}
"""


def test_attributes_added_to_a_reference_go_before_a_trailing_comment_not_after_it():
    """N6: ``@DubboReference(version = "1.0" /* ... */)`` gets its providedBy after "1.0", not after ``*/``."""
    assert_migrates("dubbo", {
        "pom.xml": root("api", "provider", "app"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "provider/pom.xml": module("provider", 1, extra=API_DEP),
        "provider/src/main/java/com/example/provider/App.java": app("com.example.provider"),
        "provider/src/main/java/com/example/provider/GreeterImpl.java": IMPL.format("").replace("@DubboService()", "@DubboService").replace("com.example.app", "com.example.provider"),
        "provider/src/main/resources/application.properties": meshed_properties("provider"),
        "app/pom.xml": module("app", 1, extra=API_DEP),
        "app/src/main/java/com/example/app/App.java": app("com.example.app"),
        "app/src/main/java/com/example/app/Client.java": (CLIENT.format(""), CLIENT.format(', providedBy = "provider", providerPort = 50052')),
        "app/src/main/resources/application.properties": meshed_properties("app", consumer=True),
    }, findings=["dubbo-qos-exposed"] * 2)


OLD_STARTER_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>1.5.8.RELEASE</version>
    </parent>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
    <dependencies>
        <dependency>
            <groupId>io.dubbo.springboot</groupId>
            <artifactId>spring-boot-starter-dubbo</artifactId>
            <version>1.0.0</version>
        </dependency>
    </dependencies>
</project>
"""

OLD_STARTER_APP = """package com.example.shop;

import com.alibaba.dubbo.config.annotation.Service;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class App {
    public static void main(String[] args) {}
}
"""


def test_the_dubbo_25_spring_boot_starter_and_its_keys_are_reported_with_what_replaces_them():
    """N2: io.dubbo.springboot:spring-boot-starter-dubbo has no Dubbo 3 release, and its spring.dubbo.* keys are
    read by nobody in Dubbo 3: both findings say what to write instead (the pom is not changed)."""
    props = "spring.dubbo.application.name=shop\\nspring.dubbo.registry.address=zookeeper://zk:2181\\nspring.dubbo.scan=com.example.shop\\n"
    plan = assert_migrates("dubbo", {
        "pom.xml": OLD_STARTER_POM,
        "src/main/java/com/example/shop/App.java": (OLD_STARTER_APP, OLD_STARTER_APP.replace("com.alibaba.dubbo", "org.apache.dubbo")),
        "src/main/resources/application.properties": (props, ...),
    }, findings=None)
    by_code = {f.code: f for f in plan.findings}
    starter = by_code["dubbo-starter-unsupported"]
    assert (starter.path, starter.line) == ("pom.xml", 13)
    assert "org.apache.dubbo:dubbo 3.1.5 with @EnableDubbo" in starter.message
    keys = by_code["spring-dubbo-keys"]
    assert (keys.path, keys.line) == ("src/main/resources/application.properties", 1)
    assert "spring.dubbo.application.name is dubbo.application.name" in keys.message and "dubbo.scan.base-packages" in keys.message


ALIBABA_STARTER_POM = OLD_STARTER_POM.replace("1.5.8.RELEASE", "2.1.3.RELEASE").replace(
    "            <groupId>io.dubbo.springboot</groupId>\n            <artifactId>spring-boot-starter-dubbo</artifactId>\n            <version>1.0.0</version>\n",
    "            <groupId>com.alibaba.spring.boot</groupId>\n            <artifactId>dubbo-spring-boot-starter</artifactId>\n            <version>2.0.0</version>\n")
ENABLE_APP = """package com.example.shop;

import com.alibaba.dubbo.spring.boot.annotation.EnableDubboConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication  // Spring
@EnableDubboConfiguration  // Dubbo
public class App {
    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }
}
"""


def test_the_alibaba_starters_enable_annotation_becomes_enable_dubbo():
    # qetmes/springboot: com.alibaba.spring.boot:dubbo-spring-boot-starter 2.0.0 becomes the Dubbo 3 starter, but its
    # @EnableDubboConfiguration stayed, reported as a class Dubbo 3 lacks: the migrated project no longer compiled
    plan = assert_migrates("dubbo", {
        "pom.xml": (ALIBABA_STARTER_POM, ...),
        "src/main/java/com/example/shop/App.java": (ENABLE_APP, ENABLE_APP.replace(
            "import com.alibaba.dubbo.spring.boot.annotation.EnableDubboConfiguration;", "import org.apache.dubbo.config.spring.context.annotation.EnableDubbo;").replace(
            "@EnableDubboConfiguration  // Dubbo", "@EnableDubbo  // Dubbo")),
        "src/main/resources/application.properties": ("spring.application.name=shop\n", ...),
    }, findings=None)
    assert "dubbo-class-missing" not in {f.code for f in plan.findings}
