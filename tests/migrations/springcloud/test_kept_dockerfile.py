"""Item 11: a Dockerfile meshify keeps decides which JVM runs, so which JVM options the Deployment may set."""
from __future__ import annotations

import pytest

from generator.rules.baseimage import final_image, supports_max_ram_percentage

from ...recipe import assert_migrates
from .test_realworld import APP, EUREKA, JAVA, WEB, container, pom


def repo(dockerfile: str) -> dict:
    return {
        "pom.xml": (pom("orders", WEB + [EUREKA]), ...),
        JAVA: APP.format(pkg="orders"),
        "src/main/resources/application.properties": ("spring.application.name=orders\n", ...),
        "Dockerfile": dockerfile,  # the user's: kept as it is
    }


def java_options(plan) -> str:
    return next(e["value"] for e in container(plan, "orders")["env"] if e["name"] == "JAVA_TOOL_OPTIONS")


def test_a_kept_dockerfile_on_java_8_before_8u191_gets_no_max_ram_percentage():
    plan = assert_migrates("springcloud", repo("FROM java:8-jre\nADD target/orders.jar app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n"), manifests=True)
    assert java_options(plan) == "-Djava.io.tmpdir=/tmp -Duser.home=/tmp"
    f = next(f for f in plan.findings if f.code == "jvm-option-left-out")
    assert (f.path, f.line) == ("Dockerfile", 1) and "java:8-jre" in f.message and "8u111" in f.message


def test_a_kept_dockerfile_on_a_current_jvm_keeps_the_option():
    plan = assert_migrates("springcloud", repo("FROM maven:3.9-eclipse-temurin-17 AS build\nRUN mvn package\nFROM eclipse-temurin:17-jre\nCOPY --from=build /target/orders.jar /app.jar\n"), manifests=True)
    assert java_options(plan).startswith("-XX:MaxRAMPercentage=75 ")
    assert "jvm-option-left-out" not in {f.code for f in plan.findings}


@pytest.mark.parametrize("dockerfile, image, ok", [
    ("FROM java:8\n", "java:8", False),
    ("FROM openjdk:8u181-jre-alpine\n", "openjdk:8u181-jre-alpine", False),
    ("FROM openjdk:8u212-jre\n", "openjdk:8u212-jre", True),
    ("FROM openjdk:8-jdk-alpine\n", "openjdk:8-jdk-alpine", True),  # a maintained floating tag, long past 8u191
    ("FROM openjdk:11-jre-slim\n", "openjdk:11-jre-slim", True),
    ("FROM openjdk:9-jre\n", "openjdk:9-jre", False),
    ("ARG BASE=eclipse-temurin:21-jre\nFROM ${BASE}\n", "eclipse-temurin:21-jre", True),
    ("ARG BASE\nFROM $BASE\n", None, None),
    ("FROM eclipse-temurin:17 AS run\nFROM run\n", "eclipse-temurin:17", True),
    ("FROM frolvlad/alpine-oraclejdk8:slim\n", "frolvlad/alpine-oraclejdk8:slim", None),
    ("# base\nFROM --platform=linux/amd64 \\\n  openjdk:1.8.0_181\n", "openjdk:1.8.0_181", False),
])
def test_base_images_and_their_jvm(dockerfile, image, ok):
    got, _ = final_image(dockerfile)
    assert got == image
    assert supports_max_ram_percentage(got)[0] is ok
