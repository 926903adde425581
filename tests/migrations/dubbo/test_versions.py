"""Item 3 and 4 of the real-world Dubbo issue: versions change where they are managed (a parent's
dependencyManagement, a Dubbo BOM import), children that had no version keep none, dead registry clients go
from dependencyManagement too (with the comment that labelled them), ${revision} stays, a parent outside the
repository gets a finding, and grpc-all follows the gRPC of an imported Dubbo 3 dubbo-dependencies-bom."""
from __future__ import annotations

from ...recipe import assert_migrates
from .helpers import meshed_properties, runtime_set

PARENT = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
    <packaging>pom</packaging>
    <modules>
        <module>app</module>
    </modules>
    <properties>
        <dubbo.version>2.6.12</dubbo.version>
        <zookeeper.version>3.4.14</zookeeper.version>
    </properties>
    <dependencyManagement>
        <dependencies>
            <!-- versions of Dubbo's own dependencies -->
            <dependency>
                <groupId>com.alibaba</groupId>
                <artifactId>dubbo-dependencies-bom</artifactId>
                <version>${dubbo.version}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
            <dependency>
                <groupId>com.alibaba</groupId>
                <artifactId>dubbo</artifactId>
                <version>${dubbo.version}</version>
            </dependency>

            <!-- ZooKeeper registry -->
            <dependency>
                <groupId>org.apache.zookeeper</groupId>
                <artifactId>zookeeper</artifactId>
                <version>${zookeeper.version}</version>
            </dependency>
            <dependency>
                <groupId>com.101tec</groupId>
                <artifactId>zkclient</artifactId>
                <version>0.11</version>
            </dependency>

            <dependency>
                <groupId>org.apache.curator</groupId>
                <artifactId>curator-framework</artifactId>
                <version>2.13.0</version>
            </dependency>
        </dependencies>
    </dependencyManagement>
</project>
"""

PARENT_AFTER = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>1.0.0</version>
    <packaging>pom</packaging>
    <modules>
        <module>app</module>
    </modules>
    <properties>
        <dubbo.version>3.1.5</dubbo.version>
        <zookeeper.version>3.4.14</zookeeper.version>
    </properties>
    <dependencyManagement>
        <dependencies>
            <!-- versions of Dubbo's own dependencies -->
            <dependency>
                <groupId>org.apache.dubbo</groupId>
                <artifactId>dubbo-dependencies-bom</artifactId>
                <version>${dubbo.version}</version>
                <type>pom</type>
                <scope>import</scope>
            </dependency>
            <dependency>
                <groupId>org.apache.dubbo</groupId>
                <artifactId>dubbo</artifactId>
                <version>${dubbo.version}</version>
            </dependency>

        </dependencies>
    </dependencyManagement>
</project>
"""

CHILD = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>com.example</groupId>
        <artifactId>shop</artifactId>
        <version>1.0.0</version>
    </parent>
    <artifactId>app</artifactId>
    <dependencies>
        <dependency>
            <groupId>com.alibaba</groupId>
            <artifactId>dubbo</artifactId>
        </dependency>

        <!-- registry client -->
        <dependency>
            <groupId>com.101tec</groupId>
            <artifactId>zkclient</artifactId>
        </dependency>
    </dependencies>
</project>
"""

CHILD_AFTER = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>com.example</groupId>
        <artifactId>shop</artifactId>
        <version>1.0.0</version>
    </parent>
    <artifactId>app</artifactId>
    <dependencies>
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo</artifactId>
        </dependency>
""" + runtime_set("${dubbo.version}", grpc="1.47.0").rstrip("\n") + """
    </dependencies>
</project>
"""

APP_MAIN = """package com.example.app;

import org.springframework.context.support.ClassPathXmlApplicationContext;

public class App {
    public static void main(String[] args) {
        new ClassPathXmlApplicationContext("app.xml").start();
    }
}
"""


def application(base: str) -> dict:
    """An application (a main that starts a Spring context) whose Dubbo settings are already in mesh shape."""
    return {f"{base}src/main/java/com/example/app/App.java": APP_MAIN,
            f"{base}src/main/resources/dubbo.properties": meshed_properties("app")}


def test_the_parent_that_manages_dubbo_26_is_rewritten_where_it_manages_it():
    assert_migrates("dubbo", {
        "pom.xml": (PARENT, PARENT_AFTER),
        "app/pom.xml": (CHILD, CHILD_AFTER),
        **application("app/"),
    }, findings=["dubbo-qos-exposed"])


REVISION_ROOT = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>shop</artifactId>
    <version>${revision}</version>
    <packaging>pom</packaging>
    <modules>
        <module>app</module>
    </modules>
    <properties>
        <revision>2.7.8</revision>
    </properties>
</project>
"""

REVISION_CHILD = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>com.example</groupId>
        <artifactId>shop</artifactId>
        <version>${revision}</version>
    </parent>
    <artifactId>app</artifactId>
    <dependencies>
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo</artifactId>
            <version>${revision}</version>
        </dependency>
    </dependencies>
</project>
"""


def test_revision_stays_the_projects_version():
    after = REVISION_CHILD.replace("<version>${revision}</version>\n        </dependency>", """<version>3.1.5</version>
        </dependency>
""" + runtime_set().rstrip("\n"))
    plan = assert_migrates("dubbo", {
        "pom.xml": REVISION_ROOT,
        "app/pom.xml": (REVISION_CHILD, after),
        **application("app/"),
    }, findings=["project-version-property", "dubbo-qos-exposed"])
    assert "${revision}" in plan.findings[0].message


EXTERNAL = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>com.example.platform</groupId>
        <artifactId>backend-parent</artifactId>
        <version>2.0.0</version>
    </parent>
    <artifactId>app</artifactId>
    <dependencies>
        <dependency>
            <groupId>com.alibaba</groupId>
            <artifactId>dubbo</artifactId>
        </dependency>
    </dependencies>
</project>
"""


def test_a_parent_outside_the_repository_gets_a_finding():
    plan = assert_migrates("dubbo", {
        "pom.xml": (EXTERNAL, EXTERNAL.replace("""            <groupId>com.alibaba</groupId>
            <artifactId>dubbo</artifactId>
        </dependency>""", """            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo</artifactId>
            <version>3.1.5</version>
        </dependency>
""" + runtime_set().rstrip("\n"))),
        **application(""),
    }, findings=["dubbo-parent-external", "dubbo-qos-exposed"])
    f = plan.findings[0]
    assert (f.path, f.line) == ("pom.xml", 11) and "com.example.platform:backend-parent:2.0.0" in f.message


def test_grpc_all_follows_the_grpc_that_an_imported_dubbo_bom_manages():
    # dubbo-bom's parent imports dubbo-dependencies-bom, which pins gRPC 1.47.0 for Dubbo 3.1.5
    parent = PARENT_AFTER.replace("""            <dependency>
                <groupId>org.apache.dubbo</groupId>
                <artifactId>dubbo-dependencies-bom</artifactId>""", """            <dependency>
                <groupId>org.apache.dubbo</groupId>
                <artifactId>dubbo-bom</artifactId>""").replace("<dubbo.version>3.1.5</dubbo.version>", "<dubbo.version>2.7.7</dubbo.version>")
    parent_after = parent.replace("<dubbo.version>2.7.7</dubbo.version>", "<dubbo.version>3.1.5</dubbo.version>")
    child = CHILD.replace("""        <dependency>
            <groupId>com.alibaba</groupId>
            <artifactId>dubbo</artifactId>
        </dependency>

        <!-- registry client -->
        <dependency>
            <groupId>com.101tec</groupId>
            <artifactId>zkclient</artifactId>
        </dependency>
""", """        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo</artifactId>
        </dependency>
""")
    assert_migrates("dubbo", {
        "pom.xml": (parent, parent_after),
        "app/pom.xml": (child, CHILD_AFTER),
        **application("app/"),
    }, findings=["dubbo-qos-exposed"])


BOOT1 = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>app</artifactId>
    <version>1.0.0</version>
    <dependencies>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter</artifactId>
            <version>1.5.22.RELEASE</version>
        </dependency>
        <dependency>
            <groupId>org.apache.dubbo</groupId>
            <artifactId>dubbo</artifactId>
            <version>2.7.7</version>
        </dependency>
    </dependencies>
</project>
"""


def test_a_spring_boot_1_application_gets_no_dubbo_3_starter():
    plan = assert_migrates("dubbo", {
        "pom.xml": (BOOT1, BOOT1.replace("<version>2.7.7</version>\n        </dependency>", """<version>3.1.5</version>
        </dependency>
""" + runtime_set().rstrip("\n"))),
        **application(""),
    }, findings=["spring-boot-1", "dubbo-qos-exposed"])
    assert plan.findings[0].line == 13  # the Dubbo dependency
