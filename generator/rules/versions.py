"""Several versions of one application: which modules they are, what each version is called,
and the Istio traffic policy between them (DestinationRule subsets, VirtualService routes).

Modules of one project that deploy the same application name are versions of it when each
carries a version hint, strongest first:

1. ``[services.NAME] versions = { "order-next" = "v2" }`` in meshify.toml (module folder or artifactId);
2. a setting in the module's config: ``dubbo.application.version``, ``eureka.instance.metadata-map.version``;
3. the ``version`` label of the Deployment meshify generated for the module on an earlier run
   (the Eureka metadata is removed by the migration; the label remembers it);
4. the module folder's version word beside the stem the versions share: ``order-v1``, ``order-v2``,
   ``order-gray``, ``web-canary-demo``; the module named just the stem (``order`` beside
   ``order-gray``) is ``v1``.

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
VERSION_WORD = re.compile(r"^(v\d+|gray|grey|canary)$")  # a word of a module name that names its version
BASE_VERSION = "v1"  # the module named just the stem the others share
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
    metadata: dict[str, str] = field(default_factory=dict)  # the instance metadata its config registers


# an Istio StringMatch: {"exact": "gray"} or {"regex": "..."}
Match = dict[str, str]


@dataclass
class Version:
    name: str  # the version label and the subset name
    module: str
    tag: str | None = None
    # the request headers that select it: alternatives, each {header: match, ...} (all of them must match)
    headers: list[dict[str, Match]] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    def add_headers(self, entry: dict[str, Match]) -> None:
        entry = {name.lower(): match for name, match in entry.items()}
        if entry and entry not in self.headers:
            self.headers.append(entry)


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
            "header_routes": {v.name: self._headers(v) for v in self.versions if self._headers(v)},
        }

    def version_of(self, module: str) -> Version:
        return next(v for v in self.versions if v.module == module)

    def version_of_name(self, name: str) -> Version:
        return next(v for v in self.versions if v.name == name)

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
            headers = self._headers(v)
            if headers:  # one route per version; its matches are alternatives (any one selects it)
                routes.append({
                    "name": v.name,
                    "match": [{"headers": entry} for entry in headers],
                    "route": [{"destination": {"host": self.name, "subset": v.name}}],
                })
        routes.append({"name": DEFAULT_ROUTE, "route": self.default_destinations()})
        return routes

    @staticmethod
    def _headers(v: Version) -> list[dict[str, Match]]:
        return ([{DUBBO_TAG_HEADER: {"exact": v.tag}}] if v.tag else []) + list(v.headers)


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


def group(candidates: list[Candidate], services: dict[str, dict] | None = None,
          routes: list[GatewayRoute] = (), previous: dict[str, dict[str, list[dict[str, Match]]]] | None = None,
          ) -> tuple[dict[str, Application], list[Finding]]:
    """Applications deployed in several versions, by name, and the findings about them.

    ``services``: the ``[services.NAME]`` tables of meshify.toml. An application deployed by
    one module is not listed (it keeps a single Deployment named after it), unless
    meshify.toml gives it versions. ``routes``: gateway routes that may select a version by a
    request header; ``previous``: application -> version -> the header matches an earlier run
    generated (the instance metadata a route was matched by is gone after the migration).
    """
    services = services or {}
    by_app: dict[tuple[str, str], list[Candidate]] = {}
    for c in candidates:
        # independent projects are versions of one application only when meshify.toml says so
        project = "" if (services.get(c.app) or {}).get("versions") else c.project
        by_app.setdefault((project, c.app), []).append(c)
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
        app = _application(name, members, conf, routes, (previous or {}).get(name, {}))
        apps[name] = app
        findings += app.findings
    return apps, findings


def _reject_lone_settings(name: str, conf: dict) -> None:
    for key in ("stable", "weights"):
        if key in conf:
            raise MeshifyError(f"[services.{name}] {key} is set, but {name} is deployed in one version only",
                               SETTINGS_FILE, hint=f"remove it, or give {name} versions")


def _application(name: str, members: list[Candidate], conf: dict, routes=(), previous=None) -> Application:
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
        version = Version(v, c.module, c.tag, metadata=c.metadata)
        if c.header:
            version.add_headers({c.header[0]: {"exact": c.header[1]}})
        versions.append(version)
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
    app.findings += _gateway_headers(app, routes, previous or {})
    routed = set(weights or {stable}) | {v.name for v in versions if v.tag or v.headers}
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
    """module -> version, for modules whose names are one stem and a version word (``order-v2``,
    ``order-gray``, ``web-gray-demo``); the module named just that stem (``order``) is v1."""
    parts: dict[str, tuple[str, str | None]] = {}
    for c in members:
        words = _module_key(c).split("-")
        at = [i for i, w in enumerate(words) if VERSION_WORD.match(w)]
        parts[c.module] = ("-".join(w for i, w in enumerate(words) if i not in at[:1]), words[at[0]] if len(at) == 1 else None)
    stems = {stem for stem, v in parts.values() if v}
    if len(stems) != 1 or not next(iter(stems)):
        return {}
    named = {mod: v for mod, (_, v) in parts.items() if v}
    bases = [mod for mod, (stem, v) in parts.items() if v is None and stem in stems]
    if len(bases) == 1 and BASE_VERSION not in named.values():
        named[bases[0]] = BASE_VERSION
    return named


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
    "spring.cloud.nacos.discovery.metadata.version",
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
# instance metadata a discovery client registers (what a gray rule compares a request header with)
_METADATA_KEY = re.compile(r"^(?:eureka\.instance\.metadata(?:-map|Map)|spring\.cloud\.nacos\.discovery\.metadata)\.(.+)$")


@dataclass
class Hints:
    version: str | None = None
    version_source: str | None = None  # "path:line key"
    tag: str | None = None
    tag_source: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)  # eureka.instance.metadata-map.*, spring.cloud.nacos.discovery.metadata.*


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
_METADATA_VAR = re.compile(r"\b([A-Za-z_]\w*)\s*=\s*[\w.]+\s*\.\s*getMetadata\(\)\s*;")
_HTTP_TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_PACKAGE_DECL = re.compile(r"^[ \t]*package[ \t]+([\w.]+)[ \t]*;", re.M)
_IMPORT_DECL = re.compile(r"^[ \t]*import[ \t]+(static[ \t]+)?([\w.]+)[ \t]*;", re.M)


class Constants:
    """The ``String`` constants of the repository's classes, to read a name a rule spells as a
    constant: ``NAME`` of its own file, ``Other.NAME`` (imported or unique by simple name), or a
    static import."""

    def __init__(self, ws, java_files: list[str]):
        self.by_fqn: dict[str, dict[str, str]] = {}
        self.by_simple: dict[str, list[str]] = {}
        for f in java_files:
            text = ws.doc(f).on_disk.decode("utf-8", "replace")
            if "final" not in text or "String" not in text:
                continue
            pkg = _PACKAGE_DECL.search(text)
            simple = PurePosixPath(f).stem  # the file's top-level class
            fqn = f"{pkg.group(1)}.{simple}" if pkg else simple
            self.by_fqn[fqn] = dict(_STRING_CONST.findall(text))
            self.by_simple.setdefault(simple, []).append(fqn)

    def resolve(self, token: str, text: str) -> str | None:
        """The value of ``token`` (a string literal or a constant's name) in the file ``text``."""
        if token.startswith('"'):
            return token[1:-1]
        own = dict(_STRING_CONST.findall(text))
        imports = [(bool(m.group(1)), m.group(2)) for m in _IMPORT_DECL.finditer(text)]
        *owner, name = token.split(".")
        if not owner:
            if name in own:
                return own[name]
            for static, fqn in imports:  # import static com.example.Headers.GRAY
                if static and fqn.rsplit(".", 1)[-1] == name:
                    return self.by_fqn.get(fqn.rsplit(".", 1)[0], {}).get(name)
            return None
        cls = ".".join(owner)
        if cls in self.by_fqn:  # written out in full
            return self.by_fqn[cls].get(name)
        simple = owner[-1]
        imported = [fqn for static, fqn in imports if not static and fqn.rsplit(".", 1)[-1] == simple]
        pkg = _PACKAGE_DECL.search(text)
        for fqn in imported + ([f"{pkg.group(1)}.{simple}"] if pkg else []):
            if fqn in self.by_fqn:
                return self.by_fqn[fqn].get(name)
        found = self.by_simple.get(simple, [])
        return self.by_fqn[found[0]].get(name) if len(found) == 1 else None


def header_rules(ws, java_files: list[str], constants: Constants | None = None) -> tuple[list[HeaderRule], list[Finding]]:
    """Spring Cloud gray rules keyed on a request header: a gateway filter or load-balancer rule
    that reads a request header and an instance's metadata. Readable when both names are string
    literals or constants of a class of the repository; otherwise a finding."""
    constants = constants or Constants(ws, java_files)
    rules: list[HeaderRule] = []
    findings: list[Finding] = []
    for f in java_files:
        text = ws.doc(f).on_disk.decode("utf-8", "replace")
        if "getMetadata()" not in text:
            continue
        metas = list(_METADATA_READ.finditer(text))
        # Map<String, String> metadata = instance.getMetadata(); ... metadata.get(GRAY)
        for var in {m.group(1) for m in _METADATA_VAR.finditer(text)}:
            metas += re.finditer(rf"\b{var}\s*\.\s*(?:get|getOrDefault|containsKey)\s*\(\s*(\"[^\"\\\\]*\"|[A-Za-z_][\w.]*)", text)
        metas.sort(key=lambda m: m.start())
        if not metas:
            continue
        headers = [(constants.resolve(m.group(1), text), m) for m in _HEADER_READ.finditer(text)]
        keys = [(constants.resolve(m.group(1), text), m) for m in metas]
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


# --------------------------------------------------------------------------- Spring Cloud Gateway routes

@dataclass
class GatewayRoute:
    """A Spring Cloud Gateway route with ``Header`` predicates: requests carrying those headers
    go to ``target``, often to one version of it (the route's metadata or id says which)."""

    target: str | None  # the service its uri names (lb://orders, http://orders:8080); None: not readable
    headers: dict[str, Match] | None  # all its Header predicates, as Istio matches; None: one is not readable
    source: str  # "path:line" of the route
    route_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


_ROUTE_KEY = re.compile(r"^(?P<route>spring\.cloud\.gateway\.(?:server\.(?:webflux|webmvc)\.)?routes\[\d+\])\.(?P<rest>.+)$")
_PREDICATE = re.compile(r"^predicates\[(?P<n>\d+)\](?:\.(?P<rest>.+))?$")
_TARGET = re.compile(r"^(?:lb|https?)://(?P<host>[A-Za-z0-9_-]+)(?:\.[A-Za-z0-9.-]*)?(?::\d+)?(?:/.*)?$")
_PLAIN_VALUE = re.compile(r"^[A-Za-z0-9_-]+$")
# Java regex constructs RE2 (Envoy's regex engine) does not have
_NOT_RE2 = re.compile(r"\(\?[=!<>]|\\[1-9]|\\[pP]\{Is|[*+?}]\+")


def header_match(regexp: str | None) -> Match | None:
    """The Istio match of a gateway ``Header`` predicate's regexp (Java ``String.matches``: the
    whole value). No regexp: the header is present. None when RE2 cannot say the same."""
    if regexp is None or regexp == "":
        return {"regex": ".*"}
    if _PLAIN_VALUE.match(regexp):
        return {"exact": regexp}
    if "${" in regexp or _NOT_RE2.search(regexp):
        return None
    try:
        re.compile(regexp)
    except re.error:
        return None
    return {"regex": regexp}


def _target(uri: str | None) -> str | None:
    m = _TARGET.match(uri.strip()) if uri else None
    return m.group("host").lower() if m else None


def _predicate_header(args: list[str | None]) -> tuple[str, Match] | None:
    if not args or len(args) > 2 or not args[0] or not _HTTP_TOKEN.match(args[0].strip()):
        return None
    match = header_match(args[1].strip() if len(args) > 1 and args[1] is not None else None)
    return (args[0].strip(), match) if match else None


def gateway_routes(ws, modules, constants: Constants) -> list[GatewayRoute]:
    """Spring Cloud Gateway routes with ``Header`` predicates, from the modules' configuration
    (``predicates: - Header=X-Gray, true`` and the ``name: Header / args:`` form) and from
    Java ``RouteLocator`` beans (``.header("X-Gray", "true")``)."""
    from generator.editors import config as cfg

    out: list[GatewayRoute] = []
    for module in modules:
        for f in ws.config_files(module):
            routes: dict[str, dict[str, tuple[str, int]]] = {}
            for v in cfg.values(_as_on_disk(ws.doc(f))):
                m = _ROUTE_KEY.match(v.key)
                if m and v.profile is None:
                    routes.setdefault(m.group("route"), {})[m.group("rest")] = (v.value, v.line)
            for attrs in routes.values():
                r = _config_route(f, attrs)
                if r:
                    out.append(r)
        for f in ws.java_files(module, test=False):
            text = ws.doc(f).on_disk.decode("utf-8", "replace")
            if ".header(" in text and ".uri(" in text:
                out += _java_routes(f, text, constants)
    return out


def _config_route(f: str, attrs: dict[str, tuple[str, int]]) -> GatewayRoute | None:
    predicates: dict[str, dict[str, str]] = {}
    for key, (value, _) in attrs.items():
        m = _PREDICATE.match(key)
        if m:
            predicates.setdefault(m.group("n"), {})[m.group("rest") or ""] = value
    headers: dict[str, Match] | None = {}
    line = min(line for _, line in attrs.values())
    for p in predicates.values():
        if "" in p:  # the shortcut: Header=X-Gray, true
            name, _, args = p[""].partition("=")
            if name.strip() != "Header":
                continue
            got = _predicate_header([a for a in args.split(",")])
        elif p.get("name") == "Header":
            extra = set(p) - {"name", "args.header", "args.regexp"}
            got = None if extra else _predicate_header([p.get("args.header"), p.get("args.regexp")])
        else:
            continue
        if got is None or headers is None:
            headers = None
        else:
            headers[got[0]] = got[1]
    if headers == {}:
        return None
    meta = {k.split(".", 1)[1]: v for k, (v, _) in attrs.items() if k.startswith("metadata.")}
    uri = attrs.get("uri", (None, 0))[0]
    return GatewayRoute(_target(uri), headers, f"{f}:{line}", attrs.get("id", (None, 0))[0], meta)


_JAVA_ROUTE = re.compile(r"\.route\s*\(")
_TOKEN = r'("[^"\\]*"|[A-Za-z_][\w.]*)'
_JAVA_HEADER = re.compile(r"\.header\s*\(\s*" + _TOKEN + r"\s*(?:,\s*" + _TOKEN + r"\s*)?\)")
_JAVA_URI = re.compile(r'\.uri\s*\(\s*"([^"\\]*)"\s*\)')
_JAVA_META = re.compile(r"\.metadata\s*\(\s*" + _TOKEN + r"\s*,\s*" + _TOKEN + r"\s*\)")
_JAVA_ID = re.compile(r'\s*"([^"\\]*)"\s*,')


def _java_routes(f: str, text: str, constants: Constants) -> list[GatewayRoute]:
    from generator.editors.java import mask

    masked = mask(text)
    out = []
    for m in _JAVA_ROUTE.finditer(masked):
        depth, end = 0, None
        for i in range(m.end() - 1, len(masked)):
            depth += {"(": 1, ")": -1}.get(masked[i], 0)
            if depth == 0:
                end = i
                break
        if end is None:
            continue
        body, body_masked = text[m.end():end], masked[m.end():end]
        calls = body_masked.count(".header(") + len(re.findall(r"\.header\s+\(", body_masked))
        if not calls:
            continue
        headers: dict[str, Match] | None = {}
        found = list(_JAVA_HEADER.finditer(body))
        if len(found) != calls:
            headers = None
        for h in found:
            name = constants.resolve(h.group(1), text)
            value = constants.resolve(h.group(2), text) if h.group(2) else None
            got = _predicate_header([name, value]) if name and (h.group(2) is None or value is not None) else None
            if got is None or headers is None:
                headers = None
            else:
                headers[got[0]] = got[1]
        uri = _JAVA_URI.search(body)
        meta = {}
        for mm in _JAVA_META.finditer(body):
            k, v = constants.resolve(mm.group(1), text), constants.resolve(mm.group(2), text)
            if k and v:
                meta[k] = v
        rid = _JAVA_ID.match(body)
        line = text.count("\n", 0, m.start()) + 1
        out.append(GatewayRoute(_target(uri.group(1)) if uri else None, headers, f"{f}:{line}", rid.group(1) if rid else None, meta))
    return out


def _safe_label(raw: str) -> str | None:
    try:
        return version_label(raw, "")
    except MeshifyError:
        return None


def _gateway_headers(app: Application, routes, previous: dict[str, list[dict[str, Match]]]) -> list[Finding]:
    """Header routes of ``app`` from the gateway routes that send requests to one of its versions.

    The version a route selects: its metadata (a value naming a version, or matching a version's
    instance metadata), its id (``orders-gray``), a header value naming a version, or the header
    route an earlier run generated from the same predicate."""
    findings = []
    names = {v.name for v in app.versions}
    for r in routes:
        if r.target != app.name:
            continue
        path, _, line = r.source.rpartition(":")
        if r.headers is None:
            findings.append(Finding(
                "gray-rule-unread",
                f"this gateway route sends requests to {app.name} by a Header predicate meshify cannot read "
                "(a name or pattern that is not a literal, or a regexp Istio's RE2 cannot match the same way); "
                f"if it selects a version of {app.name}, add the header match to its VirtualService in the overlay",
                path=path, line=int(line)))
            continue
        chosen = set()
        for key, value in r.metadata.items():
            chosen |= {v.name for v in app.versions if _safe_label(value) == v.name or v.metadata.get(key) == value}
        if r.route_id:
            words = set(re.split(r"[^a-z0-9]+", r.route_id.lower()))
            chosen |= names & words
        for match in r.headers.values():
            if "exact" in match and _safe_label(match["exact"]) in names:
                chosen.add(_safe_label(match["exact"]))
        entry = {n.lower(): m for n, m in r.headers.items()}
        if not chosen:
            chosen = {v for v, entries in previous.items() if entry in entries and v in names}
        if len(chosen) == 1:
            app.version_of_name(chosen.pop()).add_headers(entry)
            continue
        findings.append(Finding(
            "gray-rule-unread",
            f"this gateway route sends requests with {', '.join(sorted(entry))} to {app.name}, but "
            + (f"it could mean any of {', '.join(sorted(chosen))}" if chosen else
               f"nothing in it names one of the versions {', '.join(v.name for v in app.versions)} "
               "(route metadata such as version: v2, or an id such as orders-v2)")
            + f"; add the header match to the VirtualService of {app.name} in the overlay",
            path=path, line=int(line)))
    return findings


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
