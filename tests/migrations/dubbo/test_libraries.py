"""Item 6 of the real-world Dubbo issue: libraries are not services. A shared library with a utility main() gets
no Deployment, no Dockerfile and no config file; an API jar whose applications declare Dubbo themselves keeps
only the core its code compiles against, not the runtime set the applications get."""
from __future__ import annotations

from ...recipe import assert_migrates
from .helpers import GREETER, dependency, meshed_properties, root, runtime_set


def pom(artifact: str, deps: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>com.example</groupId>
        <artifactId>shop</artifactId>
        <version>1.0.0</version>
    </parent>
    <artifactId>{artifact}</artifactId>
    <dependencies>
{deps}    </dependencies>
</project>
"""


OLD_DUBBO = dependency("com.alibaba", "dubbo", "2.6.12")
NEW_DUBBO = dependency("org.apache.dubbo", "dubbo", "3.1.5")
OWN = dependency("com.example", "api", "1.0.0") + dependency("com.example", "common", "1.0.0")

UTIL = """package com.example.common;

import {pkg}.common.utils.StringUtils;

public class Names {{
    public static void main(String[] args) {{
        System.out.println(StringUtils.isBlank(args[0]));
    }}
}}
"""

MAIN = """package com.example.provider;

import org.springframework.context.support.ClassPathXmlApplicationContext;

public class Main {
    public static void main(String[] args) {
        new ClassPathXmlApplicationContext("provider.xml").start();
    }
}
"""

XML = """<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">
    <dubbo:application name="provider"/>
    <dubbo:registry address="N/A"/>
    <dubbo:protocol name="tri" port="50052"/>
    <bean id="impl" class="com.example.provider.GreeterImpl"/>
    <dubbo:service interface="com.example.api.Greeter" ref="impl"/>
</beans>
"""

IMPL = "package com.example.provider;\n\nimport com.example.api.Greeter;\n\npublic class GreeterImpl implements Greeter {\n    public String hello(String name) {\n        return name;\n    }\n}\n"


def test_an_api_jar_and_a_utility_library_get_no_runtime_set_no_config_and_no_deployment():
    plan = assert_migrates("dubbo", {
        "pom.xml": root("api", "common", "provider"),
        "api/pom.xml": (pom("api", OLD_DUBBO), pom("api", NEW_DUBBO)),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "common/pom.xml": (pom("common", OLD_DUBBO), pom("common", NEW_DUBBO)),
        # a utility main() starts no application: common stays a library, so no dubbo.properties is created in it
        "common/src/main/java/com/example/common/Names.java": (UTIL.format(pkg="com.alibaba.dubbo"), UTIL.format(pkg="org.apache.dubbo")),
        "provider/pom.xml": (pom("provider", OLD_DUBBO + OWN), pom("provider", NEW_DUBBO + runtime_set() + OWN)),
        "provider/src/main/java/com/example/provider/Main.java": MAIN,
        "provider/src/main/java/com/example/provider/GreeterImpl.java": IMPL,
        "provider/src/main/resources/provider.xml": XML,
        "provider/src/main/resources/dubbo.properties": meshed_properties("provider"),
    }, findings=["dubbo-library", "dubbo-library", "main-not-deployable", "dubbo-qos-exposed"], manifests=True)
    assert [s.name for s in plan.services] == ["provider"]
    written = {c.path for c in plan.changes}
    assert "provider/Dockerfile" in written
    assert not any(p.startswith(("common/", "api/")) and p.endswith(("Dockerfile", ".properties", ".yml")) for p in written)
    assert not any("/common" in p or "/api" in p for p in written if p.startswith("k8s/"))
    lib = {f.path: f.message for f in plan.findings if f.code == "dubbo-library"}
    assert set(lib) == {"api/pom.xml", "common/pom.xml"} and "runtime set" in lib["api/pom.xml"]


def test_a_library_that_brings_dubbo_to_an_application_keeps_the_runtime_set():
    """The application declares no Dubbo of its own: it runs on what the library brings, so the library gets the set."""
    assert_migrates("dubbo", {
        "pom.xml": root("api", "common", "provider"),
        "api/pom.xml": pom("api", ""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "common/pom.xml": (pom("common", OLD_DUBBO), pom("common", NEW_DUBBO + runtime_set())),
        "common/src/main/java/com/example/common/Names.java": (UTIL.format(pkg="com.alibaba.dubbo"), UTIL.format(pkg="org.apache.dubbo")),
        "provider/pom.xml": pom("provider", OWN),
        "provider/src/main/java/com/example/provider/Main.java": MAIN,
        "provider/src/main/java/com/example/provider/GreeterImpl.java": IMPL,
        "provider/src/main/resources/provider.xml": XML,
        "provider/src/main/resources/dubbo.properties": meshed_properties("provider"),
    }, findings=["main-not-deployable", "dubbo-qos-exposed"])
