"""Dubbo rule tables: target versions, artifacts, config keys (see shared/reference/dubbo.md)."""
from __future__ import annotations

import re

DUBBO = "org.apache.dubbo"
TARGET_VERSION = "3.1.5"

# the core artifact: Dubbo 2.6 (com.alibaba) and 2.7/3.x (org.apache)
CORE = (("com.alibaba", "dubbo"), (DUBBO, "dubbo"))
# Spring Boot integration; the Alibaba 0.x starters target Dubbo 2.6
STARTERS = (
    ("com.alibaba.boot", "dubbo-spring-boot-starter"),
    ("com.alibaba.spring.boot", "dubbo-spring-boot-starter"),
    (DUBBO, "dubbo-spring-boot-starter"),
)
STARTER = (DUBBO, "dubbo-spring-boot-starter")
# the Dubbo 2.5 starter of the Spring Boot 1 era (spring.dubbo.* keys): no Dubbo 3 release, reported
OLD_BOOT_STARTER = ("io.dubbo.springboot", "spring-boot-starter-dubbo")
BOMS = (f"{DUBBO}:dubbo-bom", f"{DUBBO}:dubbo-dependencies-bom", f"{DUBBO}:dubbo-parent")
# the BOMs that manage Dubbo's own artifacts (dubbo, the starter, curator5); dubbo-dependencies-bom manages only third parties
ARTIFACT_BOMS = (f"{DUBBO}:dubbo-bom", f"{DUBBO}:dubbo-parent")
DEPENDENCIES_BOM = f"{DUBBO}:dubbo-dependencies-bom"

# the mesh target set, beside the core (and the starter where Spring Boot is used)
PROTOBUF = ("com.google.protobuf", "protobuf-java", "3.20.3")
GRPC = ("io.grpc", "grpc-all", "1.31.1")
CURATOR5 = (DUBBO, "dubbo-dependencies-zookeeper-curator5")  # version: the Dubbo version, type pom
CURATOR5_EXCLUSIONS = (("org.slf4j", "slf4j-log4j12"), ("log4j", "log4j"))
OTHER_BOMS = ("io.grpc:grpc-bom", "com.google.protobuf:protobuf-bom")

# replaced in place by curator5 (same role: the ZooKeeper client bundle)
ZK_BUNDLE = (DUBBO, "dubbo-dependencies-zookeeper")

# registry clients that `dubbo.registry.address=N/A` leaves without a job: (group, artifact or "*")
DEAD_CLIENTS = (
    (DUBBO, "dubbo-registry-nacos"),
    (DUBBO, "dubbo-registry-zookeeper"),
    (DUBBO, "dubbo-nacos-spring-boot-starter"),
    (DUBBO, "dubbo-zookeeper-spring-boot-starter"),
    (DUBBO, "dubbo-zookeeper-curator5-spring-boot-starter"),
    ("com.alibaba.nacos", "nacos-client"),
    ("org.apache.curator", "*"),
    ("org.apache.zookeeper", "zookeeper"),
    ("com.101tec", "zkclient"),
    ("com.github.sgroschupf", "zkclient"),
    ("com.alibaba", "dubbo-registry-nacos"),  # 0.0.x: it drags com.alibaba:dubbo 2.6 back in
)
# config center and metadata report clients: dead when the center lived in the retired registry
CENTER_ARTIFACTS = ("dubbo-configcenter-", "dubbo-metadata-report-")
# what Dubbo 2.6 artifacts are in Dubbo 3, in dependencyManagement as in dependencies
RENAMED = {
    ("com.alibaba", "dubbo"): (DUBBO, "dubbo"),
    ("com.alibaba", "dubbo-dependencies-bom"): (DUBBO, "dubbo-dependencies-bom"),
    ("com.alibaba.boot", "dubbo-spring-boot-starter"): (DUBBO, "dubbo-spring-boot-starter"),
    ("com.alibaba.spring.boot", "dubbo-spring-boot-starter"): (DUBBO, "dubbo-spring-boot-starter"),
    (DUBBO, "dubbo-dependencies-zookeeper"): (DUBBO, "dubbo-dependencies-zookeeper-curator5"),
}
# managed artifacts whose version follows the Dubbo version
VERSIONED_WITH_DUBBO = {(DUBBO, "dubbo"), (DUBBO, "dubbo-dependencies-bom"), (DUBBO, "dubbo-bom"), (DUBBO, "dubbo-spring-boot-starter"), (DUBBO, "dubbo-dependencies-zookeeper-curator5")}
# the gRPC version a Dubbo 3 dubbo-dependencies-bom manages: grpc-all must match it, or Maven cannot resolve grpc-api
BOM_GRPC = {"3.1.5": "1.47.0"}
# Java packages that mean a "dead" client is still used directly
CLIENT_PACKAGES = {
    "com.alibaba.nacos": ("com.alibaba.nacos.",),
    "org.apache.curator": ("org.apache.curator.",),
    "org.apache.zookeeper": ("org.apache.zookeeper.",),
    "com.101tec": ("org.I0Itec.zkclient.",),
    "com.github.sgroschupf": ("org.I0Itec.zkclient.",),
}


def bundled_client_packages(artifact: str) -> tuple[str, ...]:
    """Packages a Dubbo registry or config-center artifact brings with it (its Nacos or ZooKeeper client):
    code importing them needs the artifact, or the client it brings, kept."""
    if "nacos" in artifact:
        return CLIENT_PACKAGES["com.alibaba.nacos"]
    if "zookeeper" in artifact:
        return CLIENT_PACKAGES["org.apache.zookeeper"] + CLIENT_PACKAGES["org.apache.curator"]
    return ()

# mesh settings
TRI_PORT = 50052
# Dubbo 2.6's container main (start scripts of assemblies run it); Dubbo 3 renames it
LEGACY_CONTAINER_MAIN = "com.alibaba.dubbo.container.Main"
QOS_PORT = 22222
REGISTRY_NA = "N/A"
OLD_REGISTRY_SCHEMES = ("zookeeper://", "nacos://", "redis://", "multicast://", "etcd3://", "consul://", "sofa://", "eureka://")

# 2.7 spellings of the QoS keys that Dubbo 3.1.5 ignores -> the form it reads
MESH_ALIASES = ("meshEnable", "mesh-enable", "mesh_enable")
QOS_ALIASES = {
    "qosEnable": ("qosEnable", "qos-enable", "qos.enable"),
    "qosPort": ("qosPort", "qos-port", "qos.port"),
    "qosAcceptForeignIp": ("qosAcceptForeignIp", "qos-accept-foreign-ip", "qos.accept.foreign.ip"),
}

# annotations: (old fully-qualified name, new simple name)
ANNOTATIONS = {
    "org.apache.dubbo.config.annotation.Service": "DubboService",
    "com.alibaba.dubbo.config.annotation.Service": "DubboService",
    "org.apache.dubbo.config.annotation.Reference": "DubboReference",
    "com.alibaba.dubbo.config.annotation.Reference": "DubboReference",
}
ANNOTATION_PKG = "org.apache.dubbo.config.annotation"
# com.alibaba.spring.boot:dubbo-spring-boot-starter's switch, and what turns Dubbo 3's annotations on in its place
ENABLE_OLD = "com.alibaba.dubbo.spring.boot.annotation.EnableDubboConfiguration"
ENABLE_NEW = "org.apache.dubbo.config.spring.context.annotation.EnableDubbo"
DUBBO_SERVICE = f"{ANNOTATION_PKG}.DubboService"
DUBBO_REFERENCE = f"{ANNOTATION_PKG}.DubboReference"

XML_NAMESPACES = ("http://dubbo.apache.org/schema/dubbo", "http://code.alibabatech.com/schema/dubbo")


def version_tuple(v: str | None) -> tuple[int, ...] | None:
    """'2.7.23' -> (2, 7, 23); '3.2.0-beta.1' -> (3, 2, 0); None for anything unreadable."""
    if not v:
        return None
    parts = []
    for p in v.split("."):
        digits = ""
        for c in p:
            if not c.isdigit():
                break
            digits += c
        if not digits:
            break
        parts.append(int(digits))
        if digits != p:
            break
    return tuple(parts) if parts else None


# classes of the target jar, to tell which com.alibaba.dubbo imports have an org.apache.dubbo counterpart
_CLASSES: dict[str, frozenset[str]] = {}


def dubbo_classes() -> frozenset[str]:
    """Fully qualified top-level classes of org.apache.dubbo:dubbo 3.1.5 (org.apache.dubbo.* and its com.alibaba.dubbo.* compatibility classes)."""
    if "3.1.5" not in _CLASSES:
        from pathlib import Path

        text = (Path(__file__).parent / "classes-3.1.5.txt").read_text(encoding="utf-8")
        _CLASSES["3.1.5"] = frozenset(line for line in text.splitlines() if line and not line.startswith("#"))
    return _CLASSES["3.1.5"]


# 2.x classes whose org.apache.dubbo namesake is a different API (same name, other methods): never mapped
REMOVED_PACKAGES = ("com.alibaba.dubbo.common.json.",)


# the -D system properties and environment variables that set the registry or the protocol outside the
# config (start scripts, Dockerfiles, compose files, manifests: rules/overrides finds them)
OVERRIDE_RE = re.compile(r"-Ddubbo\.(?:registry\.address|registry\.protocol|protocol\.name|protocol\.port)=\S*|\bDUBBO_(?:REGISTRY_ADDRESS|PROTOCOL_NAME|PROTOCOL_PORT)\b")
# a comment that speaks of these labels the registry client below it
REGISTRY_WORDS = re.compile(r"(?i)zookeeper|curator|zkclient|nacos|registry|注册中心")
# a comment above a rewritten registry address that names the registry it was (its kind or its address)
# now says something false; one that only names the setting ("# the registry", "# 注册中心") stays
STALE_REGISTRY = re.compile(r"(?i)zookeeper|curator|zkclient|\bzk\b|nacos|redis|multicast|etcd|consul|sofa|eureka")
REGISTRY_COMMENT = "no registry (meshify): Kubernetes DNS and the sidecar find the providers"
PROTOCOL_COMMENT = f"triple on {TRI_PORT} (meshify): HTTP/2, which the mesh routes"


def stale_registry(address: str) -> str:
    """What a comment above the registry ``address`` says when it describes that registry (a pattern's
    source: it is compiled only where there is a comment to read)."""
    host = address.split("://", 1)[-1].split("?", 1)[0]
    own = f"|{re.escape(host)}" if len(host) > 3 and "${" not in host else ""
    return STALE_REGISTRY.pattern + own


_STALE_PROTOCOL = re.compile(r"(?i)\bdubbo\s+(?:binary|rpc)\s+protocol\b|dubbo://")
_NUMBER = re.compile(r"(?<!\d)\d+(?!\d)")


class StaleProtocol:
    """What a comment above the protocol ``name`` on ``port`` says when it describes it (the port,
    "Dubbo binary protocol", a dubbo:// URL, another protocol's name); "Dubbo Protocol" is the
    setting's name (a heading over it), "Dubbo" alone the framework's. One pattern for every port:
    the port is compared as a number, not compiled into a pattern per module."""

    def __init__(self, name: str | None, port: int | None):
        self.port = str(port) if port else None
        self.name = rf"(?i)\b{re.escape(name)}\b" if name and name not in ("dubbo", "tri") else None

    def search(self, text: str) -> bool:
        return bool(_STALE_PROTOCOL.search(text)
                    or (self.port and self.port in _NUMBER.findall(text))
                    or (self.name and re.search(self.name, text)))


stale_protocol = StaleProtocol
