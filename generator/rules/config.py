"""Config-file primitives over a module's Spring Boot files (every profile document)."""
from __future__ import annotations

import re

from ..editors import config as cfg
from ..editors.properties import PropertiesDocument
from ..workspace import Module, Workspace


def remove_keys(doc, prefixes: tuple[str, ...], reason: str) -> list[cfg.ConfigValue]:
    """Remove every key under each prefix (``*.ribbon`` matches any first segment), in every profile document."""
    gone: list[cfg.ConfigValue] = []
    present = None  # the file's settings, read again only after a removal changed them
    for prefix in prefixes:
        if present is None:
            present = cfg.values(doc)
        if not any(cfg._matches(v.key, prefix) for v in present):  # what cfg.remove matches
            continue  # cfg.remove would find nothing to remove
        gone += cfg.remove(doc, prefix, reason)
        present = None
    return gone


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
    ws.create(rel, PropertiesDocument)
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
