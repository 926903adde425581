"""Small repositories for the Dubbo recipe tests: poms already on the mesh target set, so a test shows only
the rule it is about."""
from __future__ import annotations

def dependency(group: str, artifact: str, version: str | None = None, extra: str = "") -> str:
    """A <dependency> in a module's <dependencies>, indented as Maven's archetypes indent it."""
    v = f"            <version>{version}</version>\n" if version else ""
    return (f"        <dependency>\n            <groupId>{group}</groupId>\n            <artifactId>{artifact}</artifactId>\n"
            f"{v}{extra}        </dependency>\n")


CURATOR5_EXTRA = """            <type>pom</type>
            <exclusions>
                <exclusion>
                    <groupId>org.slf4j</groupId>
                    <artifactId>slf4j-log4j12</artifactId>
                </exclusion>
                <exclusion>
                    <groupId>log4j</groupId>
                    <artifactId>log4j</artifactId>
                </exclusion>
            </exclusions>
"""


def runtime_set(curator: str = "3.1.5", grpc: str | None = "1.31.1", protobuf: str | None = "3.20.3") -> str:
    """The runtime part of the mesh target set meshify adds beside the core: protobuf-java, curator5 (type pom,
    without log4j 1.x) and grpc-all, at the versions given (None: managed, no <version>)."""
    return (dependency("com.google.protobuf", "protobuf-java", protobuf)
            + dependency("org.apache.dubbo", "dubbo-dependencies-zookeeper-curator5", curator, CURATOR5_EXTRA)
            + dependency("io.grpc", "grpc-all", grpc))


MESHED_DEPS = (dependency("org.apache.dubbo", "dubbo-spring-boot-starter", "3.1.5")
               + dependency("org.apache.dubbo", "dubbo", "3.1.5")
               + runtime_set()
               + dependency("org.springframework.boot", "spring-boot-starter", "2.7.18"))


def root(*modules: str, artifact: str = "shop") -> str:
    mods = "".join(f"\n        <module>{m}</module>" for m in modules)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>{artifact}</artifactId>
    <version>1.0.0</version>
    <packaging>pom</packaging>
    <modules>{mods}
    </modules>
</project>
"""


def module(artifact: str, depth: int = 1, deps: str = MESHED_DEPS, extra: str = "") -> str:
    rel = "/".join([".."] * depth) + "/pom.xml"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>com.example</groupId>
        <artifactId>shop</artifactId>
        <version>1.0.0</version>
        <relativePath>{rel}</relativePath>
    </parent>
    <artifactId>{artifact}</artifactId>
    <dependencies>
{deps}{extra}    </dependencies>
</project>
"""


def app(pkg: str) -> str:
    return f"""package {pkg};

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class App {{
    public static void main(String[] args) {{}}
}}
"""


def meshed_properties(name: str, consumer: bool = False) -> str:
    """application.properties of an application already in mesh shape."""
    out = f"""dubbo.application.name={name}
dubbo.registry.address=N/A
dubbo.protocol.name=tri
dubbo.protocol.port=50052
dubbo.application.qosEnable=true
dubbo.application.qosAcceptForeignIp=true
"""
    return out + ("dubbo.consumer.meshEnable=true\n" if consumer else "")


GREETER = "package com.example.api;\n\npublic interface Greeter {\n    String hello(String name);\n}\n"


def greeter_impl(pkg: str) -> str:
    return f"""package {pkg};

import com.example.api.Greeter;
import org.apache.dubbo.config.annotation.DubboService;

@DubboService
public class GreeterImpl implements Greeter {{
    public String hello(String name) {{
        return "hello " + name;
    }}
}}
"""


def greeter_client(pkg: str, attrs: str = "") -> str:
    return f"""package {pkg};

import com.example.api.Greeter;
import org.apache.dubbo.config.annotation.DubboReference;
import org.springframework.stereotype.Component;

@Component
public class Client {{
    @DubboReference{attrs}
    private Greeter greeter;
}}
"""


API_DEP = """        <dependency>
            <groupId>com.example</groupId>
            <artifactId>api</artifactId>
            <version>1.0.0</version>
        </dependency>
"""


def greeter_consumer(files: dict) -> dict:
    """A repository of two modules: ``api`` (the Greeter interface) and ``web``, a Boot application whose
    Client calls it through @DubboReference (no provider in the repository), plus ``files``."""
    return {
        "pom.xml": root("api", "web"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "web/pom.xml": module("web", 1, extra=API_DEP),
        "web/src/main/java/com/example/web/App.java": app("com.example.web"),
        "web/src/main/java/com/example/web/Client.java": greeter_client("com.example.web"),
        **files,
    }


XML_MAIN = """package com.example.web;

import org.springframework.context.support.ClassPathXmlApplicationContext;

public class Main {
    public static void main(String[] args) {
        new ClassPathXmlApplicationContext("spring/dubbo.xml").start();
    }
}
"""
PLAIN_GREETER = ("package com.example.greeter;\n\npublic class GreeterImpl implements com.example.api.Greeter {\n"
                 "    public String hello(String n) { return n; }\n}\n")


def greeter_provider(files: dict, xml: bool = False, also: tuple[str, ...] = ()) -> dict:
    """``api`` and ``greeter``, the module providing Greeter: a Boot application with @DubboService, or with
    ``xml`` a main that starts spring/dubbo.xml (which ``files`` holds) over a plain class; plus ``files``
    (``also``: more modules the root pom lists, which ``files`` describes)."""
    own = ({"greeter/src/main/java/com/example/web/Main.java": XML_MAIN,
            "greeter/src/main/java/com/example/greeter/GreeterImpl.java": PLAIN_GREETER} if xml else
           {"greeter/src/main/java/com/example/greeter/App.java": app("com.example.greeter"),
            "greeter/src/main/java/com/example/greeter/GreeterImpl.java": greeter_impl("com.example.greeter")})
    return {
        "pom.xml": root("api", "greeter", *also),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "greeter/pom.xml": module("greeter", 1, extra=API_DEP),
        **own,
        **files,
    }
