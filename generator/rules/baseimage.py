"""The Java runtime of a Dockerfile meshify keeps, read from its base image.

The Deployment sets ``JAVA_TOOL_OPTIONS``; every option in it must exist in the image's JVM, or the
JVM refuses to start (``Unrecognized VM option``). ``-XX:MaxRAMPercentage`` exists from Java 10 and
8u191; the Docker Hub ``java`` images stopped at 8u111.
"""
from __future__ import annotations

import re

# repositories whose floating Java 8 tags have long been past 8u191 (and whose 8 images all are, for
# Temurin, Corretto and Zulu)
MAINTAINED = ("openjdk", "eclipse-temurin", "adoptopenjdk", "amazoncorretto", "azul/zulu-openjdk", "azul/zulu-openjdk-alpine",
              "azul/zulu-openjdk-debian", "ibm-semeru-runtimes", "bellsoft/liberica-openjdk-alpine", "bellsoft/liberica-openjdk-debian",
              "bellsoft/liberica-openjre-alpine", "bellsoft/liberica-openjre-debian", "sapmachine", "gcr.io/distroless/java",
              "mcr.microsoft.com/openjdk/jdk", "registry.access.redhat.com/ubi8/openjdk-8", "tomcat")
_FROM = re.compile(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?\s*$", re.I)
_ARG = re.compile(r"^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?\s*$", re.I)


def final_image(text: str) -> tuple[str | None, int | None]:
    """(image, line) of the stage a Dockerfile runs; None when an ARG without a default names it."""
    lines, joined, start = [], "", None
    for n, raw in enumerate(text.splitlines(), 1):
        if not joined and raw.lstrip().startswith("#"):
            continue
        start = start or n
        if raw.rstrip().endswith("\\"):
            joined += raw.rstrip()[:-1] + " "
            continue
        lines.append((start, joined + raw))
        joined, start = "", None
    args: dict[str, str] = {}
    stages: dict[str, str] = {}
    image, at = None, None
    seen_from = False
    for n, line in lines:
        m = _ARG.match(line)
        if m and not seen_from and m.group(2) is not None:
            args[m.group(1)] = m.group(2).strip("\"'")
            continue
        m = _FROM.match(line)
        if not m:
            continue
        seen_from = True
        ref = re.sub(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?", lambda v: args.get(v.group(1), v.group(0)), m.group(1))
        ref = stages.get(ref.lower(), ref)
        image, at = (None if "$" in ref else ref), n
        if m.group(2):
            stages[m.group(2).lower()] = ref
    return image, at


def java_of(image: str) -> tuple[int | None, int | None, bool]:
    """(major, update, maintained repository) from an image reference such as ``openjdk:8u181-jre``."""
    name, _, tag = image.split("@", 1)[0].rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "latest")
    name = re.sub(r"^(docker\.io/)?(library/)?", "", name.lower())
    maintained = name in MAINTAINED or name.rsplit("/", 1)[-1] in ("openjdk", "eclipse-temurin", "amazoncorretto")
    if name == "java":
        m = re.match(r"(\d+)(?:u(\d+))?", tag)
        return (int(m.group(1)) if m else 8), (int(m.group(2)) if m and m.group(2) else 111), False
    if name == "tomcat":  # tomcat:9-jdk8-..., tomcat:8.5-jre8
        m = re.search(r"(?:jdk|jre)(\d+)", tag)
        return (int(m.group(1)) if m else None), None, True
    m = re.match(r"(?:(?:jdk|jre|openjdk)-?)?(\d+)(?:u(\d+)|\.0\.(\d+)|[.-]|$)", tag)
    if not m:
        m = re.search(r"(?:^|[-_])(?:jdk|jre|java|openjdk)-?(\d+)(?:u(\d+))?", tag) or re.search(r"(?:^|/)(?:openjdk|java|jdk|jre)-?(\d+)", name)
        if not m:
            return None, None, maintained
        return int(m.group(1)), (int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else None), maintained
    major = int(m.group(1))
    update = m.group(2) or (m.group(3) if m.lastindex and m.lastindex >= 3 else None)
    if major == 1 and m.group(2) is None:  # 1.8.0_181
        m8 = re.match(r"1\.(\d+)\.0[_-](\d+)", tag)
        if m8:
            return int(m8.group(1)), int(m8.group(2)), maintained
    return major, (int(update) if update else None), maintained


def supports_max_ram_percentage(image: str | None) -> tuple[bool | None, str]:
    """True/False when the image's JVM has (has not) -XX:MaxRAMPercentage; None when meshify cannot tell."""
    if image is None:
        return None, "its base image is named through a build argument"
    major, update, maintained = java_of(image)
    if major is None:
        return None, f"meshify cannot tell the Java version of {image}"
    if major >= 10:
        return True, f"{image} is Java {major}"
    if major == 9:
        return False, f"{image} is Java 9, which has no -XX:MaxRAMPercentage"
    if major < 8:
        return False, f"{image} is Java {major}"
    if update is not None:
        return (update >= 191), f"{image} is Java 8u{update}" + ("" if update >= 191 else ", older than 8u191")
    if maintained:
        return True, f"{image} is a maintained Java 8 line (past 8u191)"
    return None, f"meshify cannot tell which Java 8 update {image} holds"
