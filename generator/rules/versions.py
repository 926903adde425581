"""Several versions of one application: which modules they are, what each version is called,
and the Istio traffic policy between them (DestinationRule subsets, VirtualService routes).

Modules of one project that deploy the same application name are versions of it when each
carries a version hint, strongest first:

1. ``[services.NAME] versions = { "order-next" = "v2" }`` in meshify.toml (module folder or artifactId);
2. a setting in the module's config: ``dubbo.application.version``, ``eureka.instance.metadata-map.version``;
3. the ``version`` label of the Deployment meshify generated for the module on an earlier run
   (the Eureka metadata is removed by the migration; the label remembers it);
4. the module folder's suffix after the stem the versions share: ``-v1``, ``-v2``, ``-gray``, ``-canary``.

Routes come in a fixed order, so that an overlay patch can address them by index:
header routes first (one per tagged version, in version order), the default route last.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from generator.errors import MeshifyError
from generator.model import Finding

SETTINGS_FILE = "meshify.toml"
# What a Dubbo 3.1.5 triple consumer sends for the dubbo.tag attachment: an HTTP/2 header of
# the same name (observed in tests/test_versions_runtime.py; docs/versions.md).
DUBBO_TAG_HEADER = "dubbo.tag"
SUFFIX = re.compile(r"^(?P<stem>.+?)-(?P<version>v\d+|gray|canary)$")
NUMBERED = re.compile(r"^v(\d+(?:-\d+)*)$")
DEFAULT_ROUTE = "default"


@dataclass
class Candidate:
    """A deployable module and what it says about its version."""

    app: str  # application (Service) name
    module: str  # module folder, POSIX, relative to the repository root
    project: str = ""  # independent project the module belongs to ("" = the repository's one)
    artifact_id: str = ""
    hint: str | None = None  # explicit version read from the module's config
    hint_source: str | None = None  # "file:line key", for messages
    previous: str | None = None  # version label of the Deployment generated for it last time
    tag: str | None = None  # Dubbo tag: requests with dubbo.tag=<tag> go to this version
    tag_source: str | None = None
    header: tuple[str, str] | None = None  # Spring Cloud: (request header, exact value) that selects it


@dataclass
class Version:
    name: str  # the version label and the subset name
    module: str
    tag: str | None = None
    header: tuple[str, str] | None = None


@dataclass
class Application:
    """One application deployed in several versions."""

    name: str
    versions: list[Version]  # in version order: v1, v2, ..., then the others by name
    stable: str
    weights: dict[str, int] | None = None
    findings: list[Finding] = field(default_factory=list)

    def describe(self) -> dict[str, Any]:
        """What the report says about the application: its versions, stable one and split."""
        return {
            "versions": {v.name: v.module for v in self.versions},
            "stable": self.stable,
            "weights": dict(self.weights) if self.weights else None,
            "header_routes": {v.name: dict(self._headers(v)) for v in self.versions if self._headers(v)},
        }

    def version_of(self, module: str) -> Version:
        return next(v for v in self.versions if v.module == module)

    def workload(self, version: str) -> str:
        """Name of the version's Deployment (and its PodDisruptionBudget)."""
        return f"{self.name}-{version}"

    def subsets(self) -> list[dict[str, Any]]:
        return [{"name": v.name, "labels": {"version": v.name}} for v in self.versions]

    def default_destinations(self, port: int | None = None) -> list[dict[str, Any]]:
        def dest(subset: str) -> dict[str, Any]:
            d: dict[str, Any] = {"host": self.name, "subset": subset}
            if port is not None:
                d["port"] = {"number": port}
            return d

        if self.weights:
            return [{"destination": dest(v.name), "weight": self.weights[v.name]}
                    for v in self.versions if v.name in self.weights]
        return [{"destination": dest(self.stable)}]

    def http_routes(self) -> list[dict[str, Any]]:
        """VirtualService ``http`` routes: header matches first, the default route last."""
        routes = []
        for v in self.versions:
            for name, value in self._headers(v):
                routes.append({
                    "name": v.name,
                    "match": [{"headers": {name: {"exact": value}}}],
                    "route": [{"destination": {"host": self.name, "subset": v.name}}],
                })
        routes.append({"name": DEFAULT_ROUTE, "route": self.default_destinations()})
        return routes

    @staticmethod
    def _headers(v: Version) -> list[tuple[str, str]]:
        out = []
        if v.tag:
            out.append((DUBBO_TAG_HEADER, v.tag))
        if v.header:
            out.append((v.header[0].lower(), v.header[1]))
        return out


def version_label(raw: str, where: str) -> str:
    """A version as a label value and subset name (DNS-1123 label): "2.0.0" -> "v2-0-0", "V2" -> "v2"."""
    v = re.sub(r"[^a-z0-9]+", "-", str(raw).strip().lower()).strip("-")
    if v and v[0].isdigit():
        v = "v" + v
    if not v or len(v) > 40:
        raise MeshifyError(f"version {raw!r} cannot be a Kubernetes label", *_where(where), hint="use a short name such as v2")
    return v


def _where(source: str) -> tuple[str, int | None]:
    """"path:line key" or "path" -> (path, line) for MeshifyError."""
    m = re.match(r"^(?P<path>[^\s]+?):(?P<line>\d+)(\s|$)", source)
    if m:
        return m.group("path"), int(m.group("line"))
    return source, None


def order_key(version: str) -> tuple:
    m = NUMBERED.match(version)
    if m:
        return (0, tuple(int(n) for n in m.group(1).split("-")), "")
    return (1, (), version)


def group(candidates: list[Candidate], services: dict[str, dict] | None = None) -> tuple[dict[str, Application], list[Finding]]:
    """Applications deployed in several versions, by name, and the findings about them.

    ``services``: the ``[services.NAME]`` tables of meshify.toml. An application deployed by
    one module is not listed (it keeps a single Deployment named after it), unless
    meshify.toml gives it versions.
    """
    services = services or {}
    by_app: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        by_app.setdefault((c.project, c.app), []).append(c)
    apps: dict[str, Application] = {}
    findings: list[Finding] = []
    for (_, name), members in sorted(by_app.items()):
        conf = services.get(name, {})
        if len(members) < 2 and not conf.get("versions"):
            _reject_lone_settings(name, conf)
            continue
        if name in apps:
            # Two independent projects deploy the same name: never versions of each other; the
            # manifest step reports the clash.
            continue
        app = _application(name, members, conf)
        apps[name] = app
        findings += app.findings
    return apps, findings


def _reject_lone_settings(name: str, conf: dict) -> None:
    for key in ("stable", "weights"):
        if key in conf:
            raise MeshifyError(f"[services.{name}] {key} is set, but {name} is deployed in one version only",
                               SETTINGS_FILE, hint=f"remove it, or give {name} versions")


def _application(name: str, members: list[Candidate], conf: dict) -> Application:
    configured = _configured_versions(name, conf, members)
    suffixes = _suffixes(members)
    versions: list[Version] = []
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for c in sorted(members, key=lambda m: m.module):
        if c.module in configured:
            raw, where = configured[c.module], SETTINGS_FILE
        elif c.hint:
            raw, where = c.hint, c.hint_source or c.module
        elif c.previous:
            raw, where = c.previous, f"the Deployment generated for {c.module}"
        elif c.module in suffixes:
            raw, where = suffixes[c.module], c.module
        else:
            unknown.append(c.module)
            continue
        v = version_label(raw, where)
        if v in seen:
            raise MeshifyError(f"{seen[v]} and {c.module} are both version {v} of {name}", *_where(where),
                               hint=f"give one of them another version in [services.{name}] versions")
        seen[v] = c.module
        versions.append(Version(v, c.module, c.tag, c.header))
    if unknown:
        mods = " and ".join(sorted(m.module for m in members))
        example = ", ".join(f'"{_module_key(m)}" = "v{i}"' for i, m in enumerate(sorted(members, key=lambda m: m.module), 1))
        raise MeshifyError(
            f"{mods} all deploy application {name!r} and nothing tells which version "
            f"{'each is' if len(unknown) > 1 else unknown[0] + ' is'}",
            unknown[0],
            hint=f"set [services.{name}] versions = {{ {example} }} in {SETTINGS_FILE}, "
                 "dubbo.application.version in each module, or give them different application names",
        )
    versions.sort(key=lambda v: order_key(v.name))
    for v in versions:
        if len(f"{name}-{v.name}") > 63:  # a label value (app.kubernetes.io/instance) as well as a name
            raise MeshifyError(f"{name}-{v.name}, the Deployment of {v.module}, is longer than 63 characters",
                               SETTINGS_FILE, hint=f"give it a shorter version in [services.{name}] versions")
    _check_tags(name, versions, members)
    stable = _stable(name, conf, versions)
    weights = _weights(name, conf, versions)
    app = Application(name, versions, stable, weights)
    routed = set(weights or {stable}) | {v.name for v in versions if v.tag or v.header}
    for v in versions:
        if v.name not in routed:
            app.findings.append(Finding(
                "version-unrouted",
                f"{name} {v.name} ({v.module}) gets no traffic: the default route sends everything to "
                f"{stable}. Set [services.{name}] weights in {SETTINGS_FILE} to give it a share.",
                path=f"{v.module}/pom.xml" if v.module not in ("", ".") else "pom.xml",
                severity="info",
            ))
    return app


def _module_key(c: Candidate) -> str:
    return PurePosixPath(c.module).name or c.artifact_id


def _configured_versions(name: str, conf: dict, members: list[Candidate]) -> dict[str, str]:
    table = conf.get("versions") or {}
    if not isinstance(table, dict):
        raise MeshifyError(f"[services.{name}] versions must be a table of module = version", SETTINGS_FILE)
    out: dict[str, str] = {}
    for key, value in table.items():
        match = [c for c in members if key in (c.module, PurePosixPath(c.module).name, c.artifact_id)]
        if not match:
            raise MeshifyError(
                f"[services.{name}] versions names {key!r}, which is not a module deploying {name}",
                SETTINGS_FILE, hint="modules: " + ", ".join(sorted(c.module for c in members)))
        if not isinstance(value, str):
            raise MeshifyError(f"[services.{name}] versions.{key} must be a string such as \"v2\"", SETTINGS_FILE)
        out[match[0].module] = value
    return out


def _suffixes(members: list[Candidate]) -> dict[str, str]:
    """module -> version, for modules named <stem>-v1/-v2/-gray/-canary with one stem for all."""
    found = {c.module: SUFFIX.match(_module_key(c)) for c in members}
    stems = {m.group("stem") for m in found.values() if m}
    if len(stems) != 1:
        return {}
    return {mod: m.group("version") for mod, m in found.items() if m}


def _check_tags(name: str, versions: list[Version], members: list[Candidate]) -> None:
    sources = {c.module: c.tag_source or c.module for c in members}
    by_tag: dict[str, Version] = {}
    for v in versions:
        if v.tag:
            if v.tag in by_tag:
                raise MeshifyError(
                    f"{by_tag[v.tag].module} and {v.module} both carry the Dubbo tag {v.tag!r}; "
                    f"the mesh can send tagged requests to one version of {name} only",
                    *_where(sources[v.module]), hint="give each version its own tag")
            by_tag[v.tag] = v


def _stable(name: str, conf: dict, versions: list[Version]) -> str:
    names = [v.name for v in versions]
    if "stable" in conf:
        if not isinstance(conf["stable"], str):
            raise MeshifyError(f"[services.{name}] stable must be a string such as \"v1\"", SETTINGS_FILE)
        stable = version_label(conf["stable"], SETTINGS_FILE)
        if stable not in names:
            raise MeshifyError(f"[services.{name}] stable = {conf['stable']!r} is not a version of {name}",
                               SETTINGS_FILE, hint="versions: " + ", ".join(names))
        return stable
    numbered = [n for n in names if NUMBERED.match(n)]
    if not numbered:
        raise MeshifyError(f"no version of {name} is numbered (v1, v2, ...), so none is the stable one",
                           SETTINGS_FILE, hint=f'set [services.{name}] stable = "{names[0]}"')
    return numbered[0]  # versions are sorted: the lowest vN


def _weights(name: str, conf: dict, versions: list[Version]) -> dict[str, int] | None:
    if "weights" not in conf:
        return None
    table = conf["weights"]
    names = [v.name for v in versions]
    if not isinstance(table, dict) or not table:
        raise MeshifyError(f"[services.{name}] weights must be a table such as {{ v1 = 90, v2 = 10 }}", SETTINGS_FILE)
    out: dict[str, int] = {}
    for key, value in table.items():
        v = version_label(key, SETTINGS_FILE)
        if v not in names:
            raise MeshifyError(f"[services.{name}] weights names {key!r}, which is not a version of {name}",
                               SETTINGS_FILE, hint="versions: " + ", ".join(names))
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            raise MeshifyError(f"[services.{name}] weights.{key} must be a whole number from 0 to 100", SETTINGS_FILE)
        out[v] = value
    total = sum(out.values())
    if total != 100:
        raise MeshifyError(f"[services.{name}] weights add up to {total}, not 100", SETTINGS_FILE,
                           hint=" + ".join(f"{k} = {v}" for k, v in out.items()))
    return out


# --------------------------------------------------------------------------- hints in the sources

# config keys that name a module's version (Spring relaxed binding spellings included)
VERSION_KEYS = (
    "dubbo.application.version",
    "eureka.instance.metadata-map.version",
    "eureka.instance.metadataMap.version",
)
TAG_KEYS = ("dubbo.provider.tag",)
# a tag a consumer asks for in its configuration: Dubbo's own routing, not sent over triple
CONSUMER_TAG_KEYS = re.compile(r"^dubbo\.(consumer|reference\.[^.]+(\.[^.]+)*)\.tag$")
# <dubbo:provider tag="..."/>, <dubbo:application version="..."/> in Spring XML
DUBBO_XML_NAMESPACES = ("http://dubbo.apache.org/schema/dubbo", "http://code.alibabatech.com/schema/dubbo")
_TAG_VALUE = re.compile(r"[A-Za-z0-9_.-]+")  # a literal tag, not a template placeholder
_SYSPROP_TAG = re.compile(r"-Ddubbo\.provider\.tag=([\"']?)([A-Za-z0-9_.-]+)\1(?![^\s\"',\]])")
_DUBBO_LABELS = re.compile(r"DUBBO_LABELS\b[\"']?\s*(?:[:=]\s*|\n\s*value:\s*)[\"']?([^\"'\n]*)")
# files beside the code that start the application: launch scripts, Dockerfiles, manifests
_LAUNCH_SUFFIXES = ("Dockerfile", ".sh", ".yaml", ".yml", ".env")
MAX_LAUNCH_FILE = 1 << 20
_METADATA_KEY = re.compile(r"^eureka\.instance\.metadata(?:-map|Map)\.(.+)$")


@dataclass
class Hints:
    version: str | None = None
    version_source: str | None = None  # "path:line key"
    tag: str | None = None
    tag_source: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)  # eureka.instance.metadata-map.*


def read_hints(ws, module, skip_dirs: tuple[str, ...] = ()) -> Hints:
    """What a module's own files say about its version and its Dubbo tag.

    Reads the files as they are on disk, before this run's edits (the Spring Cloud migration
    removes the Eureka metadata it reads). ``skip_dirs``: folders never read (meshify's output).
    """
    from generator.editors import config as cfg
    from generator.editors import spring_xml as sx

    h = Hints()
    resources = module.rel("src", "main", "resources")
    files = list(ws.config_files(module))
    if ws.exists(f"{resources}/dubbo.properties"):
        files.append(f"{resources}/dubbo.properties")
    for f in files:
        for v in cfg.values(_as_on_disk(ws.doc(f))):
            if v.profile is not None:
                continue
            if h.version is None and v.key in VERSION_KEYS and "${" not in v.value and v.value.strip():
                h.version, h.version_source = v.value.strip(), f"{f}:{v.line} {v.key}"
            if h.tag is None and v.key in TAG_KEYS and "${" not in v.value and v.value.strip():
                h.tag, h.tag_source = v.value.strip(), f"{f}:{v.line} {v.key}"
            m = _METADATA_KEY.match(v.key)
            if m and "${" not in v.value:
                h.metadata.setdefault(m.group(1), v.value.strip())
    for f in ws.walk(resources, (".xml",)):
        doc = ws.doc(f)
        if b"schema/dubbo" not in doc.on_disk:
            continue
        doc = _as_on_disk(doc)
        for el in sx.elements(doc, DUBBO_XML_NAMESPACES, "provider") + sx.elements(doc, DUBBO_XML_NAMESPACES, "service"):
            if h.tag is None and el.get("tag") and "${" not in el.get("tag"):
                h.tag, h.tag_source = el.get("tag"), f"{f}:{doc.line(el)} tag"
        for el in sx.elements(doc, DUBBO_XML_NAMESPACES, "application"):
            if h.version is None and el.get("version") and "${" not in el.get("version"):
                h.version, h.version_source = el.get("version"), f"{f}:{doc.line(el)} version"
    if h.tag is None:
        h.tag, h.tag_source = _launch_tag(ws, module, skip_dirs)
    return h


def _as_on_disk(doc):
    """The document as it is on disk: a fresh parse when this run already edited it."""
    if doc.render() == doc.on_disk:
        return doc
    return type(doc)(path=doc.path, original=doc.on_disk)


def _launch_tag(ws, module, skip_dirs: tuple[str, ...]) -> tuple[str | None, str | None]:
    """-Ddubbo.provider.tag=X or DUBBO_LABELS="dubbo.tag=X; ..." in a launch script, Dockerfile or manifest."""
    inner = [m.dir for m in ws.modules if m.dir != module.dir and _under(m.dir, module.dir)]
    for f in ws.walk(module.dir, _LAUNCH_SUFFIXES):
        if "src" in PurePosixPath(f).parts or any(_under(f, d) for d in (*skip_dirs, *inner)):
            continue
        path = ws.root / f
        if path.stat().st_size > MAX_LAUNCH_FILE:
            continue
        # raw text, not a parsed document: Helm templates and the like are not YAML
        text = path.read_bytes().decode("utf-8", "replace")
        if m := _SYSPROP_TAG.search(text):
            return m.group(2), f"{f}:{text.count(chr(10), 0, m.start()) + 1} -Ddubbo.provider.tag"
        for m in _DUBBO_LABELS.finditer(text):
            for pair in m.group(1).split(";"):
                key, _, value = pair.partition("=")
                if key.strip() == DUBBO_TAG_HEADER and _TAG_VALUE.fullmatch(value.strip()):
                    return value.strip(), f"{f}:{text.count(chr(10), 0, m.start()) + 1} DUBBO_LABELS"
    return None, None


def _under(path: str, folder: str) -> bool:
    return folder in ("", ".") or path == folder or path.startswith(folder.rstrip("/") + "/")


# --------------------------------------------------------------------------- Spring Cloud gray rules

@dataclass
class HeaderRule:
    """A client-side rule that picks instances whose metadata ``key`` equals request header ``header``."""

    header: str
    key: str
    source: str  # "path:line"


_STRING_CONST = re.compile(r'\b(?:static\s+)?final\s+String\s+([A-Za-z_]\w*)\s*=\s*"([^"\\]*)"\s*;')
_HEADER_READ = re.compile(r'\b(?:getHeader|getFirst|getHeaders\(\)\s*\.\s*get|getRequestHeader)\s*\(\s*("[^"\\]*"|[A-Za-z_][\w.]*)\s*\)')
_METADATA_READ = re.compile(r'\bgetMetadata\(\)\s*\.\s*(?:get|getOrDefault|containsKey)\s*\(\s*("[^"\\]*"|[A-Za-z_][\w.]*)')
_HTTP_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")


def header_rules(ws, java_files: list[str]) -> tuple[list[HeaderRule], list[Finding]]:
    """Spring Cloud gray rules keyed on a request header: a gateway filter or load-balancer rule
    that reads a request header and an instance's metadata. Readable when both names are string
    literals (or constants of the same file); otherwise a finding."""
    rules: list[HeaderRule] = []
    findings: list[Finding] = []
    for f in java_files:
        text = ws.doc(f).on_disk.decode("utf-8", "replace")
        if "getMetadata()" not in text:
            continue
        metas = list(_METADATA_READ.finditer(text))
        if not metas:
            continue
        consts = dict(_STRING_CONST.findall(text))

        def literal(token: str) -> str | None:
            if token.startswith('"'):
                return token[1:-1]
            return consts.get(token.rsplit(".", 1)[-1])

        headers = [(literal(m.group(1)), m) for m in _HEADER_READ.finditer(text)]
        keys = [(literal(m.group(1)), m) for m in metas]
        line = text.count("\n", 0, metas[0].start()) + 1
        if not headers:
            continue  # metadata without any request header: not a header-keyed gray rule
        readable_headers = {h for h, _ in headers if h and _HTTP_TOKEN.match(h)}
        readable_keys = {k for k, _ in keys if k}
        if len(readable_headers) == 1 and len(readable_keys) == 1:
            rules.append(HeaderRule(readable_headers.pop(), readable_keys.pop(), f"{f}:{line}"))
        else:
            findings.append(Finding(
                "gray-rule-unread",
                "this class chooses instances by request header and instance metadata, but meshify cannot "
                "tell which header selects which metadata value; on the mesh the sidecar routes, so add a "
                "header match to the VirtualService in the overlay (routes are listed header matches first)",
                path=f, line=line))
    return rules, findings


def header_for(metadata: dict[str, str], rules: list[HeaderRule]) -> tuple[str, str] | None:
    """(header, value) that selects a module, from its instance metadata and the gray rules."""
    for r in rules:
        value = metadata.get(r.key)
        if value:
            return r.header, value
    return None


def consumer_tags(ws, module) -> list[tuple[str, int, str]]:
    """(file, line, key) of tags a module's consumers ask for in configuration (``dubbo.consumer.tag``,
    ``dubbo.reference.<interface>.tag``, ``<dubbo:consumer|reference tag=...>``)."""
    from generator.editors import config as cfg
    from generator.editors import spring_xml as sx

    out = []
    for f in ws.config_files(module):
        for v in cfg.values(_as_on_disk(ws.doc(f))):
            if CONSUMER_TAG_KEYS.match(v.key) and v.value.strip():
                out.append((f, v.line, v.key))
    for f in ws.walk(module.rel("src", "main", "resources"), (".xml",)):
        doc = ws.doc(f)
        if b"schema/dubbo" not in doc.on_disk:
            continue
        doc = _as_on_disk(doc)
        for el in sx.elements(doc, DUBBO_XML_NAMESPACES, "consumer") + sx.elements(doc, DUBBO_XML_NAMESPACES, "reference"):
            if el.get("tag"):
                out.append((f, doc.line(el), "tag"))
    return out
