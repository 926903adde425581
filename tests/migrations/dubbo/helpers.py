"""Small repositories for the Dubbo recipe tests: poms already on the mesh target set, so a test shows only
the rule it is about."""
from __future__ import annotations

MESHED_DEPS = """        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo-spring-boot-starter</artifactId>
            <version>3.1.5</version>
        </dependency>
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo</artifactId>
            <version>3.1.5</version>
        </dependency>
        <dependency>
            <groupId>com.google.protobuf</groupId>
            <artifactId>protobuf-java</artifactId>
            <version>3.20.3</version>
        </dependency>
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo-dependencies-zookeeper-curator5</artifactId>
            <version>3.1.5</version>
            <type>pom</type>
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
        </dependency>
        <dependency>
            <groupId>io.grpc</groupId>
            <artifactId>grpc-all</artifactId>
            <version>1.31.1</version>
        </dependency>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter</artifactId>
            <version>2.7.18</version>
        </dependency>
"""


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
