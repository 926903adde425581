"""What every migration shares: options, the protocol, config-file helpers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from ..editors import config as cfg
from ..editors.properties import PropertiesDocument
from ..model import Service
from ..workspace import Module, Workspace


@dataclass
class Options:
    keep_registry: bool = False
    keep_config_server: bool = False
    add_actuator: bool = False
    namespace: str | None = None
    image_registry: str = "registry.example.com"
    image_tag: str | None = None
    replicas: int = 2
    debug_port: int | None = None
    mtls: str = "strict"
    output: str = "k8s"
    force: bool = False
    dubbo_version: str = "3.1.5"
    dual_protocol: bool = False
    config_repo: str | None = None
    skip_modules: tuple[str, ...] = ()
    overrides: dict = field(default_factory=dict)  # per-service overrides from meshify.toml
    resources: dict | None = None


@dataclass
class RbacNeeds:
    discovery: bool = False
    config: bool = False
    secrets: bool = False
    endpoint_slices: bool = False
    all_namespaces: bool = False


@dataclass
class MigrationResult:
    services: list[Service]
    rbac: RbacNeeds
    facts: dict
    shared_config: dict[str, str] | None = None
    extra_manifests: dict[str, bytes] = field(default_factory=dict)  # paths relative to the output dir


class Migration(Protocol):
    name: str

    def migrate(self, ws: Workspace, options: Options) -> MigrationResult: ...


def primary_config(ws: Workspace, mod: Module, create: bool = True) -> str | None:
    """The file where new settings go: application.yml/.yaml, else application.properties."""
    files = ws.config_files(mod)
    for name in ("application.yml", "application.yaml", "application.properties"):
        for f in files:
            if f.endswith("/" + name) and "/config/" not in f:
                return f
    for f in files:
        if re.search(r"/application\.(yml|yaml|properties)$", f):
            return f
    if not create:
        return None
    rel = mod.rel("src", "main", "resources", "application.properties")
    ws._docs[rel] = PropertiesDocument(path=rel, original=b"")
    ws._new_files = getattr(ws, "_new_files", set()) | {rel}
    return rel


def config_get(ws: Workspace, mod: Module, key: str) -> tuple[str, str] | None:
    """(value, file) of a key in the module's default profile; application beats bootstrap."""
    files = ws.config_files(mod)
    order = sorted(files, key=lambda f: (0 if "/application." in f else 1 if "/bootstrap." in f else 2, f))
    for f in order:
        name = f.rsplit("/", 1)[-1]
        if not re.match(r"^(application|bootstrap)\.(yml|yaml|properties)$", name):
            continue
        v = cfg.get(ws.doc(f), key)
        if v is not None:
            return v, f
    return None


def port_value(raw: str | None, default: int) -> int:
    """'8081' -> 8081; '${PORT:8081}' -> 8081; anything else -> default."""
    if raw is None:
        return default
    m = re.fullmatch(r"\s*(\d+)\s*", raw) or re.fullmatch(r"\$\{[^:}]+:(\d+)\}", raw.strip())
    return int(m.group(1)) if m else default


def duration_ms(raw: str | None) -> int | None:
    """Spring/Dubbo durations: '3000' (ms), '5s', '500ms', 'PT5S'."""
    if raw is None:
        return None
    s = raw.strip()
    m = re.fullmatch(r"(\d+)\s*(ms|s|m)?", s)
    if m:
        n = int(m.group(1))
        return n * {None: 1, "ms": 1, "s": 1000, "m": 60000}[m.group(2)]
    m = re.fullmatch(r"PT(\d+)S", s, re.I)
    return int(m.group(1)) * 1000 if m else None
