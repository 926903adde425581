"""Plain data shared by the migrations, the manifest renderer and the CLI.

A migration reads a Workspace and produces Services; the manifest step turns
Services into files. Nothing here knows Spring Cloud or Dubbo rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

DNS1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")


@dataclass(frozen=True)
class Finding:
    """Something meshify could not do safely, or that a reviewer must know.

    Findings inform; they never change the exit code.
    """

    code: str  # stable, kebab-case id, e.g. "registry-retired"
    message: str
    path: str | None = None  # POSIX path relative to the repository root
    line: int | None = None
    severity: str = "warning"  # "info" | "warning"

    def location(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path


def dns1035(name: str) -> str:
    """Make a valid Kubernetes Service name (DNS-1035 label) from an application id."""
    n = re.sub(r"[^a-z0-9-]+", "-", name.strip().lower())
    n = re.sub(r"-{2,}", "-", n).strip("-")
    if not n or not n[0].isalpha():
        n = "svc-" + n if n else "svc"
    return n[:63].rstrip("-")


@dataclass
class Decisions:
    """What a migration decided, in words a reviewer checks: for inspect and the --report JSON."""

    versions: dict[str, str | None] = field(default_factory=dict)  # what was found and what it becomes
    discovery: str = ""  # how the services find each other after the migration
    packaging: dict[str, str] = field(default_factory=dict)  # deployed module -> jar, war, ...
    external_services: list[str] = field(default_factory=list)  # called, but not in this repository

    def as_dict(self) -> dict:
        return {"versions": dict(self.versions), "discovery": self.discovery, "packaging": dict(sorted(self.packaging.items())),
                "external_services": sorted(set(self.external_services))}


@dataclass
class Probe:
    """An HTTP GET probe on ``port`` at ``path``, or a TCP probe when ``path`` is None."""

    port: int
    path: str | None = None


@dataclass
class PortSpec:
    name: str  # Istio protocol-prefixed: http, grpc-tri, tcp-dubbo, http-health, http-management
    port: int
    expose: bool = True  # part of the Kubernetes Service (False: container port only)


@dataclass
class Resilience:
    """Client-side timeouts/retries found in source config, for Istio policy."""

    timeout_ms: int | None = None
    retries: int | None = None
    per_try_timeout_ms: int | None = None
    outlier_consecutive_errors: int | None = None
    sources: list[str] = field(default_factory=list)  # "file:line key" that produced the values


@dataclass(frozen=True)
class Assembly:
    """Where an assembly descriptor puts things, relative to the extracted archive's top."""

    descriptor: str  # path in the repository
    archive: str  # file name pattern under target/, e.g. "demo-1.0-bin.tar.gz" or a folder
    format: str  # "dir" | "tar.gz" | "tgz" | "tar" | "zip"
    base: str  # top folder inside the archive ("" when includeBaseDirectory is false)
    lib: tuple[str, ...]  # folders holding jars (the dependencySets and the project jar)
    conf: tuple[str, ...]  # folders of configuration put on the classpath
    scripts: tuple[str, ...]  # start scripts in the repository that the assembly ships


@dataclass(frozen=True)
class Deployable:
    module: str  # module folder ("." for the root)
    shape: str  # boot | fat-jar | assembly | classpath | war
    evidence: str  # why it is deployable, as "file:line: what"
    release: str  # Java release the project compiles for, normalised ("8")
    main_class: str | None = None  # the class that runs (classpath, assembly; informative otherwise)
    name: str | None = None  # the application's own name when a module holds several
    artifact: str = ""  # file (or pattern) under target/ the image takes
    servlet: str | None = None  # war: javax | jakarta | jakarta-6.1
    context_path: str = "/"  # war: where Tomcat serves it
    assembly: Assembly | None = None
    start_script: str | None = None  # the script that named the main class
    sources: tuple[str, ...] = ()  # Spring XML files this main loads (several mains)
    reactor: str = "."  # folder of the reactor's root pom that builds it (a repository of independent projects has several)

    @property
    def dockerfile(self) -> str:
        """The Dockerfile's path in the repository: Dockerfile, or Dockerfile.<name> for one of several."""
        name = f"Dockerfile.{self.name}" if self.name else "Dockerfile"
        return name if self.module in ("", ".") else f"{PurePosixPath(self.module).as_posix()}/{name}"

    @property
    def war_name(self) -> str:
        """The war's file name in Tomcat's webapps/: ROOT.war, shop.war, or a#b.war for /a/b."""
        path = self.context_path.strip("/")
        return f"{path.replace('/', '#')}.war" if path else "ROOT.war"


@dataclass
class Service:
    """One deployable workload: a Spring Boot application or a Dubbo provider/consumer."""

    name: str  # DNS-1035 label; equals spring.application.name / dubbo.application.name
    module: str  # module directory relative to the repository root ("." for the root)
    role: str = "service"  # "service" | "gateway"
    ports: list[PortSpec] = field(default_factory=list)
    liveness: Probe | None = None
    readiness: Probe | None = None
    startup: Probe | None = None
    uses_kubernetes_api: bool = False  # Spring Cloud Kubernetes reads the API: mount the token
    calls: list[str] = field(default_factory=list)  # names of services it calls
    env: dict[str, str] = field(default_factory=dict)
    field_env: dict[str, str] = field(default_factory=dict)  # env var -> pod field path (downward API)
    config_data: dict[str, str] = field(default_factory=dict)  # ConfigMap {name} data, when externalized
    secret_env: dict[str, tuple[str, str]] = field(default_factory=dict)  # env var -> (Secret name, key)
    secrets_as_files: bool = False  # the app reads a config tree (Spring Boot 2.4+): secret_env becomes files
    image_tag: str = "latest"
    resilience: Resilience | None = None
    # callers' own timeouts/retries for the route to this service: caller Service -> policy (Istio sourceLabels routes)
    source_policies: dict[str, Resilience] = field(default_factory=dict)
    graceful_shutdown: bool = True
    has_dockerfile: bool = False
    container_heap_flag: bool = True  # the image's JVM knows -XX:MaxRAMPercentage (False for a kept Dockerfile on an older JVM)
    artifact_id: str = ""
    java_version: str = "17"
    shared_config_mount: str | None = None  # mount the namespace's shared ConfigMap "application" here (files)
    probe_only_port: int | None = None  # serves the probes, must not be reachable otherwise (never in the Service)
    replicas: int | None = None  # [services.NAME] replicas in meshify.toml (None: the repository-wide value)
    resources: dict | None = None  # [services.NAME] resources, over the repository-wide ones
    # "sidecar": Envoy beside the app; "proxyless": the app reads xDS itself and the Istio agent runs without
    # Envoy (the grpc-agent injection template), so no sidecar enforces policy on this pod
    data_plane: str = "sidecar"
    peer_ports: list[int] = field(default_factory=list)  # ports other pods dial on the pod itself, outside the Service
    deployable: Deployable | None = None  # how the module is packaged and run (its Dockerfile)
