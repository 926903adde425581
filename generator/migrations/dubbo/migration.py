"""Dubbo 2.6/2.7 on a registry -> Dubbo 3 triple on an Istio sidecar mesh.

Rules, in the order they run: classify modules, align the dependencies (the
mesh target set, versions at their source, dead registry clients out), index
the interfaces each provider exports, fix Java sources (annotations, imports,
mesh attributes on references), rewrite every config form Dubbo reads
(Spring Boot files, dubbo.properties, Spring XML), describe Services.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath
from dataclasses import dataclass, field, replace

from ...editors import config as cfg
from ...editors import spring_xml as sx
from ...editors.java import Annotation, JavaDocument
from ...editors.text import refresh_comments
from ...editors.pom import Dependency, Exclusion, PomDocument, property_refs
from ...editors.properties import PropertiesDocument
from ...editors.xml import XmlDocument, local
from ...errors import MeshifyError
from ...externals import External, dubbo_hint, for_dubbo
from ...externals import parse as parse_externals
from ...model import Decisions, Deployable, PortSpec, Probe, Resilience, Service, dns1035
from ...rules.deployables import TOMCAT_PORT, java_release, main_class, module_deployables, packaging, serves_http, war_probe_path
from ...workspace import Module, Workspace
from ...rules.dependency import declared, set_version_at_source
from ...rules import overrides
from ...rules.config import duration_ms, port_value, primary_config
from ..base import MigrationResult, RbacNeeds
from . import data
from . import proxyless
from .options import DubboOptions as Options

MESH_COMMENT = "Dubbo 3 sidecar mesh (meshify): no registry, triple protocol, QoS probes reachable by the kubelet"


@dataclass
class Run:
    """What one run decided before the rules: the mode and the services outside the repository."""

    proxyless: bool = False
    externals: dict[str, External] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # externals some caller was wired to

    @property
    def registry(self) -> str:
        return proxyless.REGISTRY if self.proxyless else data.REGISTRY_NA

    @property
    def registry_comment(self) -> str:
        """What a comment above the rewritten registry address says instead of the registry it named."""
        return proxyless.REGISTRY_COMMENT if self.proxyless else data.REGISTRY_COMMENT


@dataclass
class Ref:
    """A consumer reference: annotation or <dubbo:reference>."""

    file: str
    line: int
    interface: str | None
    ann: Annotation | None = None
    el: object = None
    provider: str | None = None  # the Service it is wired to
    timeout: tuple[int, str] | None = None  # the longest timeout it or one of its methods sets (ms, "file:line what")


@dataclass
class ModuleInfo:
    mod: Module
    uses_dubbo: bool = False
    boot: bool = False
    web: bool = False
    deployable: bool = False
    deployables: list[Deployable] = field(default_factory=list)  # one per application the module runs
    main_class: str | None = None
    java: list[str] = field(default_factory=list)
    boot_config: list[str] = field(default_factory=list)  # application*/bootstrap*
    dubbo_props: list[str] = field(default_factory=list)  # dubbo.properties and other files of dubbo.* keys
    xml: list[str] = field(default_factory=list)  # Spring XML with <dubbo:*>
    provides: list[str] = field(default_factory=list)  # interface FQNs
    refs: list[Ref] = field(default_factory=list)
    old_port: int | None = None
    qos_port: int = data.QOS_PORT
    qos_foreign_key: str = "dubbo.application.qosAcceptForeignIp"  # as the application's config spells it
    name: str = ""
    current: tuple[int, ...] | None = None  # Dubbo version before the migration
    plain_web: bool = False  # a war that serves HTTP without Dubbo: deployed as a web application
    newer: bool = False  # already on a version above the target
    has_tri: bool = False  # a tri protocol is configured (or was just set)
    service_timeouts: list[tuple[int, str]] = field(default_factory=list)  # the longest of each @DubboService (ms, where)

    @property
    def config_docs(self) -> list[str]:
        return self.boot_config + self.dubbo_props


def _heirs(items: list, module_of) -> dict[int, list]:
    """id(module) -> the items whose module is that module or inherits from it (its <parent> chain holds it),
    in the order of ``items``: built once instead of walking every chain for every module."""
    out: dict[int, list] = {}
    for item in items:
        for m in module_of(item).chain():
            out.setdefault(id(m), []).append(item)
    return out


def _is_dubbo_artifact(d: Dependency) -> bool:
    return (d.group, d.artifact) in data.CORE + data.STARTERS or (d.group == data.DUBBO and d.artifact.startswith("dubbo"))


# Dubbo's API in code: config objects and their builders (the masked text: no comments, no string contents)
_API_CONFIG = re.compile(r"\bnew\s+(RegistryConfig|ProtocolConfig|ReferenceConfig|ServiceConfig)\b"
                         r"|\b(RegistryBuilder|ProtocolBuilder|ReferenceBuilder|ServiceBuilder)\s*\.\s*newBuilder\b")
_LOCAL_URL = re.compile(r"\.\s*(?:setUrl|url)\s*\(\s*\"")


class DubboMigration:
    """The rules of the dubbo migration (registered in ``__init__.py``)."""

    def detects(self, ws: Workspace) -> int:
        """2 when any pom declares or manages a Dubbo artifact (it beats Spring Cloud: Dubbo apps use Spring too)."""
        return 2 if declared(ws, lambda d: "dubbo" in d.artifact or d.group in (data.DUBBO, "com.alibaba")) else 0

    def migrate(self, ws: Workspace, options: Options) -> MigrationResult:
        target = options.dubbo_version or data.TARGET_VERSION
        proxyless.check(options.mode, options.mtls, target)
        run = Run(options.mode == "proxyless", parse_externals(options.externals))
        if data.version_tuple(target) is None or data.version_tuple(target) < (3, 1):
            ws.finding("dubbo-version", f"--dubbo-version {target}: sidecar mesh mode needs Dubbo 3.1 or later; using {data.TARGET_VERSION}")
            target = data.TARGET_VERSION
        infos = [self.classify(ws, m, options.overrides) for m in ws.modules]
        self.report_overrides(ws, options)
        own = self._already_meshed(ws, infos, options)
        if own:
            ws.finding("already-meshed", f"every Dubbo application here already runs in mesh shape (registry N/A, triple, providedBy) and the repository has its own Kubernetes manifests ({', '.join(own[:5])}{' ...' if len(own) > 5 else ''}); meshify changes nothing", own[0], severity="info")
            return MigrationResult([], RbacNeeds(), {"framework": "dubbo", "dubbo_target": target, "already_meshed": True, "manifests": own})
        dubbo_infos = [i for i in infos if i.uses_dubbo]
        self.align_dependencies(ws, infos, target)
        if run.proxyless:
            proxyless.add_xds(ws, self, infos, target)
        for info in dubbo_infos:
            info.name = self.service_name(ws, info)
        interfaces = self.known_interfaces(ws, infos)
        providers = self.index_providers(ws, [i for i in infos if i.mod.pom.packaging != "pom"], interfaces)
        for info in infos:
            if not info.uses_dubbo and info.mod.pom.packaging != "pom":
                # a module can get Dubbo through another module: its imports still change
                info.java = info.java or ws.java_files(info.mod)
                self.rewrite_java(ws, info, interfaces, providers, run)
        for info in dubbo_infos:
            self.rewrite_java(ws, info, interfaces, providers, run)
            self.rewrite_xml(ws, info, options, providers, run)
            self.rewrite_config(ws, info, options, run)
            self.rewrite_container_main(ws, info)
        services = [self.describe(ws, i, options, providers, run, d) for i in dubbo_infos if i.deployable for d in i.deployables]
        services += [self.describe_web(ws, i, d) for i in infos if i.plain_web for d in i.deployables]
        self._caller_policies(ws, dubbo_infos, services, run)
        facts = {
            "framework": "dubbo",
            "dubbo_target": target,
            "dubbo_before": sorted({".".join(map(str, i.current)) for i in dubbo_infos if i.current}),
            "providers": {k: sorted(i.name for i in v) for k, v in sorted(providers.items())},
            "dual_protocol": options.dual_protocol,
            "mode": options.mode,
            "externals_used": sorted(run.used),
        }
        protocols = f"triple on {data.TRI_PORT}" + (" beside the dubbo protocol on its old port" if options.dual_protocol else "")
        decisions = Decisions(
            versions={"dubbo-before": ", ".join(facts["dubbo_before"]) or None, "dubbo": target},
            discovery=f"Kubernetes DNS, no registry (N/A): consumers call <provider>.<namespace>.svc.cluster.local, {protocols}, through the sidecar",
            packaging=packaging(s.deployable for s in services),
            external_services=sorted({r.interface for i in dubbo_infos for r in i.refs if r.interface and r.interface not in providers}),
        )
        return MigrationResult(services, RbacNeeds(), facts, decisions=decisions)

    def report_overrides(self, ws: Workspace, options: Options) -> None:
        """Start scripts, Dockerfiles, compose files and manifests that set the registry or the protocol
        outrank the migrated config (JVM -D and environment beat application files): each is named."""
        for f, n, hit in overrides.find(ws, options.output, data.OVERRIDE_RE, b"dubbo"):
            if hit.endswith(("=" + data.REGISTRY_NA, "=tri")):  # already the mesh value
                continue
            ws.finding("config-override", f"{hit} here outranks the migrated Dubbo config (registry N/A, tri on {data.TRI_PORT}); remove it or set it to the mesh value", f, n)

    def _already_meshed(self, ws: Workspace, infos: list[ModuleInfo], options: Options) -> list[str]:
        """The repository's own Deployment manifests when every Dubbo application is already in mesh shape
        (no registry, a tri protocol, consumers with providedBy); empty otherwise."""
        apps = [i for i in infos if i.uses_dubbo and i.deployable]
        if not apps:
            return []
        for i in apps:
            values = {v.key: v.value for f in i.config_docs for v in cfg.values(ws.doc(f)) if v.profile is None}
            xml = [el for f in i.xml for el in _dubbo_elements(ws.doc(f))]
            registry = values.get("dubbo.registry.address") or next((el.get("address") for el in xml if el.tag.endswith("registry")), None)
            tri = values.get("dubbo.protocol.name") == "tri" or any(el.tag.endswith("protocol") and el.get("name") == "tri" for el in xml)
            if registry != data.REGISTRY_NA or not tri:
                return []
            for f in i.java:
                doc = ws.doc(f)
                for ann in doc.annotations("DubboReference", "Reference"):
                    args = doc.masked[ann.args_start : ann.args_end] if ann.args_start is not None else ""
                    if "providedBy" not in args:
                        return []
            if any(el.tag.endswith("reference") and not (el.get("provided-by") or el.get("providedBy")) for el in xml):
                return []
        out = options.output.rstrip("/") + "/"
        own = []
        for f in ws.walk(".", (".yml", ".yaml")):
            if f.startswith(out) or "/src/" in f:
                continue
            head = (ws.root / f).read_bytes()[:200_000]
            if re.search(rb"(?m)^kind:\s*Deployment\s*$", head):
                own.append(f)
        return own

    def _readable_config(self, ws: Workspace, f: str) -> bool:
        """A config file that does not parse stops the run only when it holds Dubbo settings; one that does
        not (a Kafka profile, say) is left as it is, with a finding."""
        try:
            ws.doc(f)
            return True
        except MeshifyError as e:
            if b"dubbo" in (ws.root / f).read_bytes().lower():
                raise
            ws.finding("config-unreadable", f"left as it is (it holds no Dubbo setting): {e.message}", f, e.line)
            return False

    # classification -------------------------------------------------------
    def classify(self, ws: Workspace, mod: Module, overrides: dict | None = None) -> ModuleInfo:
        info = ModuleInfo(mod)
        deps = [d for m in mod.chain() for d in m.pom.dependencies()]
        info.uses_dubbo = any(_is_dubbo_artifact(d) for d in deps)
        ext = ws.external_parent(mod)
        info.boot = any(d.group == "org.springframework.boot" for d in deps) or bool(ext and ext[0] == "org.springframework.boot")
        info.web = any(d.artifact in ("spring-boot-starter-web", "spring-boot-starter-webflux", "spring-boot-starter-jersey") for d in deps)
        if mod.pom.packaging == "pom":
            info.uses_dubbo = False  # an aggregator or parent: its poms are aligned, nothing runs
            return info
        info.java = ws.java_files(mod)
        info.main_class = main_class(ws, mod, plain_main=True)
        info.deployable = info.main_class is not None
        info.boot_config = [f for f in ws.config_files(mod) if self._readable_config(ws, f)]
        res = mod.rel("src", "main", "resources")
        for f in ws.walk(res, (".properties", ".xml")):
            if f in info.boot_config:
                continue
            if f.endswith(".properties"):
                doc = ws.doc(f)
                if f.endswith("/dubbo.properties") or any(v.key.startswith("dubbo.") for v in cfg.values(doc)):
                    info.dubbo_props.append(f)
            else:
                head = ws.read(f)[:200_000]
                if any(ns.encode() in head for ns in data.XML_NAMESPACES):
                    doc = ws.doc(f)
                    if _dubbo_elements(doc):
                        info.xml.append(f)
        if not info.uses_dubbo and (info.xml or any(f.endswith("dubbo.properties") for f in info.dubbo_props)):
            info.uses_dubbo = True
        if not info.uses_dubbo and (info.main_class is not None or mod.pom.packaging == "war"):
            # Dubbo can come through another module of the repository: its code says it uses it
            info.uses_dubbo = any(re.search(r"^\s*import\s+(?:com\.alibaba|org\.apache)\.dubbo\.", ws.doc(f).masked, re.M) for f in info.java if "/src/test/" not in f)
        if info.uses_dubbo:
            info.deployables = module_deployables(ws, mod, overrides)
            info.deployable = bool(info.deployables)
            info.web = info.web or (any(d.shape == "war" for d in info.deployables) and serves_http(ws, mod))
        elif mod.pom.packaging == "war" and serves_http(ws, mod):
            # a web application of the repository without Dubbo (servlets, pages): deployed as it is
            info.deployables = [d for d in module_deployables(ws, mod, overrides) if d.shape == "war"]
            info.plain_web = info.deployable = info.web = bool(info.deployables)
        return info

    # dependencies --------------------------------------------------------
    def align_dependencies(self, ws: Workspace, infos: list[ModuleInfo], target: str) -> None:
        """Every pom that declares Dubbo gets the mesh target set; versions change where they are defined."""
        tv = data.version_tuple(target)
        self._labels: dict[int, tuple[PomDocument, dict]] = {}
        by_dir = {i.mod.dir: i for i in infos}
        heirs = _heirs(infos, lambda i: i.mod)
        todo = []
        for mod in ws.modules:
            pom = mod.pom
            core = [d for d in pom.dependencies() if (d.group, d.artifact) in data.CORE + data.STARTERS]
            if not core:
                continue
            current = self._current_version(ws, mod, core)
            for i in heirs.get(id(mod), ()):
                if i.uses_dubbo:
                    i.current = current if i.current is None or (current and current > i.current) else i.current
            if current and current > tv:
                ws.finding("dubbo-newer", f"Dubbo {'.'.join(map(str, current))} is newer than the target {target}; meshify keeps its version and changes only the mesh config", pom.path, pom.line(core[0].el), severity="info")
                for i in heirs.get(id(mod), ()):
                    i.newer = True
                self._remove_dead_clients(ws, mod, by_dir.get(mod.dir))
                continue
            todo.append((mod, core))
        self.align_managed(ws, infos, target, dead=False)
        users = self._library_users(ws, [i for i in infos if i.mod.pom.packaging != "pom"])
        for mod in ws.modules:
            for d in mod.pom.dependencies():
                if (d.group, d.artifact) == data.OLD_BOOT_STARTER:
                    ws.finding("dubbo-starter-unsupported", f"{d.key} runs Dubbo 2.5 (it brings com.alibaba:dubbo) and has no Dubbo 3 release; meshify does not replace it. On Spring Boot 2 or later use {data.STARTER[0]}:{data.STARTER[1]} {target}; on Spring Boot 1.x use {data.DUBBO}:dubbo {target} with @EnableDubbo(scanBasePackages = ...) on the application. Until then the org.apache.dubbo imports meshify wrote do not compile against it", mod.pom.path, mod.pom.line(d.el))
        for mod, core in todo:
            info = by_dir.get(mod.dir)
            runtime = self._runs_dubbo(ws, info, users)
            self._align_pom(ws, mod, [d for d in mod.pom.dependencies() if any(d.el is c.el for c in core)], target, info, runtime)
        self.align_managed(ws, infos, target, dead=True)
        self._flush_labels()

    def align_managed(self, ws: Workspace, infos: list[ModuleInfo], target: str, dead: bool) -> None:
        """<dependencyManagement> is rewritten where it is: Dubbo 2.6 artifacts and BOMs renamed, their version
        brought to the target at its source, registry clients nothing declares any more removed."""
        newer = {i.mod.dir for i in infos if i.newer}
        seen: set[int] = set()
        owners = [m for mod in ws.modules for m in mod.chain()]
        heirs_of = _heirs(ws.modules, lambda m: m)
        for owner in owners:
            if id(owner.pom) in seen:
                continue
            seen.add(id(owner.pom))
            pom = owner.pom
            heirs = heirs_of[id(owner)]
            is_newer = any(m.dir in newer for m in heirs)
            for md in pom.managed_dependencies():
                ga = (md.group, md.artifact)
                if dead:
                    if any(md.group == g and a in ("*", md.artifact) for g, a in data.DEAD_CLIENTS) and not any(d.group == md.group and d.artifact == md.artifact for m in heirs for d in m.pom.dependencies()):
                        self._remove_labelled(pom, md.el, "the registry is retired (dubbo.registry.address=N/A); nothing declares its client any more")
                    continue
                if ga in data.RENAMED and not is_newer:
                    new = data.RENAMED[ga]
                    pom.change_artifact(md, *new, f"Dubbo {target}: {ga[0]}:{ga[1]} is {new[0]}:{new[1]}")
                    ga = new
                managed_v = data.version_tuple(ws.resolve(owner, md.version)) if md.version else None
                if managed_v and managed_v > data.version_tuple(target):
                    continue  # already newer than the target: kept (its registry clients still go)
                if ga in data.VERSIONED_WITH_DUBBO and md.version and not is_newer:
                    self._align_version(ws, owner, md, target, "the Dubbo version is managed here")

    def _remove_labelled(self, pom: PomDocument, el, reason: str) -> None:
        """Remove an element; the comment that labels its group goes too once the whole group is gone."""
        group = self._label_group(pom, el)
        pom.remove(el, reason)
        if group is not None:
            self._labels.setdefault(id(pom), (pom, {}))[1].setdefault(group[0], (group[1], reason))

    def _label_group(self, pom: PomDocument, el):
        """``el``'s group (siblings between blank lines), the comment line right above it (its label, maybe
        empty) and the blank line that goes when the whole group goes: ((start, end, blank), elements)."""
        first = el
        while True:
            prev = first.getprevious()
            if prev is None or not isinstance(prev.tag, str) or pom.span(prev) is None:
                break
            between = pom.text[pom.span(prev).end : pom.span(first).start]
            if re.search(r"\n[ \t]*\r?\n", between):
                break  # a blank line: the group starts here
            first = prev
        ls = pom.line_start(pom.span(first).start)
        m = re.search(r"(?:^|\n)([ \t]*<!--(?:(?!-->)[^\n])*-->[ \t]*\r?\n)$", pom.text[:ls])
        members, cur = [], first
        while cur is not None:
            if isinstance(cur.tag, str) and pom.span(cur) is not None:
                members.append(cur)
                nxt = cur.getnext()
                while nxt is not None and not (isinstance(nxt.tag, str) and pom.span(nxt) is not None):
                    nxt = nxt.getnext()
                if nxt is None or re.search(r"\n[ \t]*\r?\n", pom.text[pom.span(cur).end : pom.span(nxt).start]):
                    break
                cur = nxt
            else:
                cur = cur.getnext()
        start = ls - len(m.group(1)) if m else ls
        blank = None
        le = pom.line_end(pom.span(members[-1]).end)
        mb = re.match(r"[ \t]*\r?\n", pom.text[le:])
        before_blank = re.search(r"\n([ \t]*\r?\n)$", pom.text[:start])
        if mb and before_blank:
            blank = (le, le + mb.end())  # the group was a paragraph of its own: one of the blank lines around it goes too
        elif before_blank and re.match(r"[ \t]*</", pom.text[le:]):
            blank = (start - len(before_blank.group(1)), start)  # the last paragraph: the blank line above it goes
        return (start, ls, blank), members

    def _flush_labels(self) -> None:
        for pom, groups in self._labels.values():
            for (start, end, blank), (members, reason) in groups.items():
                label = pom.text[start:end]
                if members[0].getparent() is None and end > start and data.REGISTRY_WORDS.search(label) and not all(m.getparent() is None for m in members):
                    # a comment about the registry client right above it: it goes, the rest of the paragraph stays
                    pom.splice(start, end, "", reason)
                    continue
                if all(m.getparent() is None for m in members):
                    if end > start:
                        pom.splice(start, end, "", reason)
                    if blank:
                        pom.splice(blank[0], blank[1], "", reason)
        self._labels = {}

    def _current_version(self, ws: Workspace, mod: Module, core: list[Dependency]) -> tuple[int, ...] | None:
        best = None
        for d in core:
            if d.group.startswith("com.alibaba") and d.artifact != "dubbo":
                continue  # the Alibaba starters have their own version line (0.x)
            v = ws.resolve(mod, d.version) if d.version else self._managed_version(ws, mod, d.group, d.artifact)
            t = data.version_tuple(v)
            if t and (best is None or t > best):
                best = t
        return best

    def _managed(self, ws: Workspace, mod: Module) -> list[tuple[Dependency, Module]]:
        """dependencyManagement in effect for ``mod``, following BOMs that are modules of this repository."""
        by_ga = ws.modules_by_coordinates()
        out, seen = [], set()

        def walk(m: Module) -> None:
            for d, owner in ws.managed(m):
                out.append((d, owner))
                bom = by_ga.get((d.group, d.artifact)) if d.scope == "import" else None
                if bom is not None and id(bom) not in seen:
                    seen.add(id(bom))
                    walk(bom)

        walk(mod)
        return out

    def _managed_version(self, ws: Workspace, mod: Module, group: str, artifact: str) -> str | None:
        for d, m in self._managed(ws, mod):
            if (d.group, d.artifact) == (group, artifact) or (d.scope == "import" and d.key in data.BOMS and group == data.DUBBO):
                return ws.resolve(m, d.version)
        ext = ws.external_parent(mod)
        return ext[2] if ext and f"{ext[0]}:{ext[1]}" in data.BOMS else None

    def _managed_entry(self, ws: Workspace, mod: Module, group: str, artifact: str) -> tuple[Dependency, Module] | None:
        """The dependencyManagement entry (or Dubbo BOM import) that gives group:artifact its version."""
        for d, m in self._managed(ws, mod):
            if (d.group, d.artifact) == (group, artifact):
                return d, m
        if group == data.DUBBO or group == "com.alibaba":
            for d, m in self._managed(ws, mod):
                if d.scope == "import" and d.key in data.ARTIFACT_BOMS:
                    return d, m
        return None

    def _align_version(self, ws: Workspace, mod: Module, dep: Dependency, target: str, reason: str) -> None:
        """Bring a Dubbo artifact to ``target`` where its version is written."""
        pom = mod.pom
        if dep.version is None:
            entry = self._managed_entry(ws, mod, dep.group, dep.artifact)
            if entry is not None:
                md, owner = entry
                if md.group == "com.alibaba" and md.artifact == "dubbo":
                    owner.pom.change_artifact(md, data.DUBBO, "dubbo", reason)
                if md.version:
                    self._align_version(ws, owner, md, target, "the Dubbo version is managed here")
                return
            ext = ws.external_parent(mod)
            if ext and f"{ext[0]}:{ext[1]}" in data.BOMS:
                ws.finding("dubbo-parent", f"the Dubbo version comes from the parent {ext[1]} {ext[2]}; raise it to {target}", pom.path, pom.line(dep.el))
                return
            if ext:
                # the version came from a parent this repository does not hold: the literal wins over it
                ws.finding("dubbo-parent-external", f"{dep.artifact} had its version from the parent {ext[0]}:{ext[1]}:{ext[2]}, outside this repository; meshify wrote {target} here. Manage Dubbo {target} in that parent and drop this version", pom.path, pom.line(dep.el))
            pom.set_version(dep, target, reason)
            return
        set_version_at_source(ws, mod, dep, target, reason, shares=lambda d: _is_dubbo_artifact(d) or d.key in data.BOMS)

    def _runs_dubbo(self, ws: Workspace, info: ModuleInfo | None, users: dict[str, list[ModuleInfo]]) -> bool:
        """Whether the module needs Dubbo's runtime (the starter, protobuf, curator5, gRPC): a deployable, a parent
        its children inherit from, or a library some deployable gets its Dubbo through. A library (an API jar)
        whose every deployable declares Dubbo itself keeps only the core its code compiles against."""
        if info is None or info.mod.pom.packaging != "jar" or info.deployable:
            return True
        declares = lambda i: any((d.group, d.artifact) in data.CORE + data.STARTERS for m in i.mod.chain() for d in m.pom.dependencies())  # noqa: E731
        return any(not declares(u) for u in users.get(info.mod.dir, []))

    def _align_pom(self, ws: Workspace, mod: Module, core: list[Dependency], target: str, info: ModuleInfo | None, runtime: bool = True) -> None:
        pom: PomDocument = mod.pom
        reason = f"Dubbo {target}: triple protocol for the sidecar mesh"
        deps = pom.dependencies()
        boot = info.boot if info else any(d.group == "org.springframework.boot" for d in deps)
        for d in core:
            if (d.group, d.artifact) == ("com.alibaba", "dubbo"):
                if d.version is None and self._managed_entry(ws, mod, data.DUBBO, "dubbo") is not None:
                    pass  # the managed entry is rewritten where it is (align_managed); the child keeps no version
                else:
                    self._align_version(ws, mod, d, target, reason)
                pom.change_artifact(d, data.DUBBO, "dubbo", "Dubbo 2.6 com.alibaba:dubbo -> org.apache.dubbo:dubbo")
            elif d.group.startswith("com.alibaba"):  # the Alibaba starters (0.x, Dubbo 2.6)
                pom.change_artifact(d, *data.STARTER, "the Apache Dubbo Spring Boot starter replaces the Alibaba one")
                expr = self._version_expr(ws, mod, target, data.STARTER)
                if expr:
                    pom.set_version(d, expr, reason)
                elif d.version:
                    pom.remove(pom.child(d.el, "version"), "version managed by the Dubbo BOM")
            else:
                self._align_version(ws, mod, d, target, reason)
        have = {(d.group, d.artifact) for d in pom.dependencies()}
        anchor = max(core, key=lambda d: pom.span(d.el).start)
        expr = self._version_expr(ws, mod, target, (data.DUBBO, "dubbo"))
        added: list[list[str]] = []
        if (data.DUBBO, "dubbo") not in have:
            added.append(pom.dependency_lines(data.DUBBO, "dubbo", expr))
        if not runtime and not {data.PROTOBUF[:2], data.GRPC[:2]} <= have:
            ws.finding("dubbo-library", f"{mod.artifact_id} is a library (nothing deploys it, and every application using it declares Dubbo itself): it keeps org.apache.dubbo:dubbo for its code; the runtime set (protobuf-java, curator5, grpc-all) goes into the applications", pom.path, pom.line(anchor.el), severity="info")
        if runtime and boot and data.STARTER not in have:
            major = self._boot_major(ws, mod)
            if major == 1:
                # Dubbo 3's starter is written for Spring Boot 2: a Boot 1 application keeps its XML or properties wiring
                ws.finding("spring-boot-1", f"Spring Boot 1.x: the Dubbo {target} Spring Boot starter needs Spring Boot 2 or later, so it is not added; the application keeps reading its Dubbo XML and dubbo.properties", pom.path, pom.line(anchor.el), severity="info")
            else:
                added.append(pom.dependency_lines(*data.STARTER, self._version_expr(ws, mod, target, data.STARTER)))
        if runtime and data.PROTOBUF[:2] not in have:
            v = None if ws.is_managed(mod, *data.PROTOBUF[:2], data.OTHER_BOMS) else data.PROTOBUF[2]
            added.append(pom.dependency_lines(*data.PROTOBUF[:2], v))
        excl = [Exclusion(g, a) for g, a in data.CURATOR5_EXCLUSIONS]
        bundle = next((d for d in pom.dependencies() if (d.group, d.artifact) in (data.ZK_BUNDLE, data.CURATOR5)), None)
        if bundle is not None:
            if (bundle.group, bundle.artifact) == data.ZK_BUNDLE:
                pom.change_artifact(bundle, *data.CURATOR5, "the ZooKeeper bundle of Dubbo 3 is curator5")
            if bundle.version and data.version_tuple(ws.resolve(mod, bundle.version)) != data.version_tuple(target) and bundle.version not in (expr,):
                self._align_version(ws, mod, bundle, target, reason)
            if bundle.type is None:
                after = pom.child(bundle.el, "version") or pom.child(bundle.el, "artifactId")
                pom.insert_after(after, ["<type>pom</type>"], reason)
            self._ensure_exclusions(pom, bundle, excl, reason)
        elif runtime:
            added.append(pom.dependency_lines(*data.CURATOR5, self._curator_expr(ws, mod, target, expr), "pom", excl))
        if runtime and data.GRPC[:2] not in have:
            v = None if ws.is_managed(mod, *data.GRPC[:2], data.OTHER_BOMS) else self._grpc_version(ws, mod, target)
            added.append(pom.dependency_lines(*data.GRPC[:2], v))
        if bundle is not None and pom.span(bundle.el).start > pom.span(anchor.el).start:
            anchor = bundle
        for lines in added:
            pom.add_dependency(lines, reason, after=anchor)
        self._remove_dead_clients(ws, mod, info)

    def _boot_major(self, ws: Workspace, mod: Module) -> int | None:
        """Spring Boot's major version for the module: its Boot parent, a spring-boot-dependencies import, or a versioned Boot artifact."""
        ext = ws.external_parent(mod)
        candidates = []
        if ext and ext[0] == "org.springframework.boot":
            candidates.append(ext[2])
        for d, m in ws.managed(mod):
            if d.group == "org.springframework.boot" and d.artifact == "spring-boot-dependencies":
                candidates.append(ws.resolve(m, d.version))
        for m in mod.chain():
            for d in m.pom.dependencies():
                if d.group == "org.springframework.boot" and d.version:
                    candidates.append(ws.resolve(m, d.version))
        for c in candidates:
            v = data.version_tuple(c)
            if v:
                return v[0]
        return None

    def _version_expr(self, ws: Workspace, mod: Module, target: str, ga: tuple[str, str]) -> str | None:
        """How this pom writes a Dubbo version: None when managed, else the core's ${property} or the literal."""
        if self._managed_entry(ws, mod, *ga) is not None or ws.is_managed(mod, *ga, data.ARTIFACT_BOMS):
            return None
        core = mod.pom.find_dependency(data.DUBBO, "dubbo") or mod.pom.find_dependency("com.alibaba", "dubbo")
        if core is not None and core.version is None:
            # the core's version is managed by a parent: write the property it is managed with, when it is one
            entry = self._managed_entry(ws, mod, data.DUBBO, "dubbo")
            if entry is not None and entry[0].key == f"{data.DUBBO}:dubbo" and property_refs(entry[0].version) and ws.resolve(mod, entry[0].version) == target:
                return entry[0].version
        if core is not None and core.version and property_refs(core.version):
            prop = property_refs(core.version)[0]
            if prop in ws.properties(mod) and ws.resolve(mod, core.version) == target:  # already set at its source
                return core.version
        return target

    def _grpc_version(self, ws: Workspace, mod: Module, target: str) -> str:
        """grpc-all's version: the target set's, or the gRPC of an imported Dubbo 3 BOM.

        That BOM manages grpc-core and friends (1.47.0 for 3.1.5); grpc-all 1.31.1 pins grpc-api to [1.31.1]
        and Maven cannot resolve the conflict, so grpc-all follows the BOM."""
        for d, m in ws.bom_imports(mod):
            if d.key in data.BOMS:  # dubbo-bom too: its parent, dubbo-parent, imports dubbo-dependencies-bom
                v = data.version_tuple(ws.resolve(m, d.version))
                if v and v >= (3,):
                    ver = ".".join(map(str, v))
                    if ver in data.BOM_GRPC:
                        return data.BOM_GRPC[ver]
                    ws.finding("grpc-bom", f"dubbo-dependencies-bom {ver} manages gRPC; set grpc-all to the gRPC version it manages (meshify knows it for {', '.join(data.BOM_GRPC)})", m.pom.path, m.pom.line(d.el))
        return data.GRPC[2]

    def _curator_expr(self, ws: Workspace, mod: Module, target: str, expr: str | None) -> str | None:
        if self._managed_entry(ws, mod, *data.CURATOR5) is not None and self._managed_entry(ws, mod, *data.CURATOR5)[0].key == ":".join(data.CURATOR5):
            return None
        if expr:
            return expr
        entry = self._managed_entry(ws, mod, data.DUBBO, "dubbo")
        if entry and entry[0].version and (property_refs(entry[0].version) or ws.resolve(mod, entry[0].version)):
            return entry[0].version  # the BOM's own version (or its property)
        return target

    def _ensure_exclusions(self, pom: PomDocument, dep: Dependency, excl: list[Exclusion], reason: str) -> None:
        holder = pom.child(dep.el, "exclusions")
        have = set()
        if holder is not None:
            for e in pom.children(holder, "exclusion"):
                have.add((pom.text_of(pom.child(e, "groupId")), pom.text_of(pom.child(e, "artifactId"))))
        missing = [e for e in excl if (e.group, e.artifact) not in have]
        if not missing:
            return
        u = pom.indent_unit()
        if holder is not None:
            for e in missing:
                pom.append_child(holder, ["<exclusion>", f"{u}<groupId>{e.group}</groupId>", f"{u}<artifactId>{e.artifact}</artifactId>", "</exclusion>"], reason)
        else:
            lines = ["<exclusions>"]
            for e in missing:
                lines += [f"{u}<exclusion>", f"{u * 2}<groupId>{e.group}</groupId>", f"{u * 2}<artifactId>{e.artifact}</artifactId>", f"{u}</exclusion>"]
            lines.append("</exclusions>")
            pom.append_child(dep.el, lines, reason)

    def _remove_dead_clients(self, ws: Workspace, mod: Module, info: ModuleInfo | None) -> None:
        pom = mod.pom
        java = []
        for i in [info] if info else []:
            java = i.java
        if not java:  # a parent pom: its children's sources count
            java = [f for m in ws.modules if mod in m.chain() and m.pom.packaging != "pom" for f in ws.java_files(m)]
        imports = [(f, name, start) for f in java for name, start, _ in ws.doc(f).imports()]
        centers_gone = info is not None and not self._keeps_center(ws, info)
        for d in pom.dependencies():
            dead = next(((g, a) for g, a in data.DEAD_CLIENTS if d.group == g and a in ("*", d.artifact)), None)
            center = dead is None and centers_gone and d.group == data.DUBBO and d.artifact.startswith(data.CENTER_ARTIFACTS)
            if dead is None and not center:
                continue
            pkgs = data.CLIENT_PACKAGES.get(d.group) or data.bundled_client_packages(d.artifact)
            used = [(f, n, s) for f, n, s in imports if pkgs and n.startswith(pkgs)]
            if used:
                f, n, s = used[0]
                ws.finding("registry-client-used", f"{d.key} is kept: the code uses what it brings directly ({n}), not only as a Dubbo registry client", f, ws.doc(f).line_of(s))
                continue
            if center:
                # its config center / metadata report lived in the retired registry and goes with it
                self._remove_labelled(pom, d.el, "the config center lived in the retired registry")
                continue
            self._remove_labelled(pom, d.el, "the registry is retired (dubbo.registry.address=N/A); its client is dead weight")

    def _keeps_center(self, ws: Workspace, info: ModuleInfo) -> bool:
        """Whether a config center or metadata report outside the retired registry stays configured."""
        for f in info.config_docs:
            for v in cfg.values(ws.doc(f)):
                if re.fullmatch(r"dubbo\.(config-center|configCenter|metadata-report|metadataReport)\.address", v.key) and not v.value.startswith(data.OLD_REGISTRY_SCHEMES):
                    return True
        for f in info.xml:
            for name in ("config-center", "metadata-report"):
                for el in _dubbo_elements(ws.doc(f), name):
                    if el.get("address") and not el.get("address").startswith(data.OLD_REGISTRY_SCHEMES):
                        return True
        return False

    # names and interfaces -------------------------------------------------
    def service_name(self, ws: Workspace, info: ModuleInfo) -> str:
        """The module's Service: its Dubbo application name. A module holding several applications (a provider
        and a consumer context, each with its own name) is named after the one that exports services, so that
        its consumers, in the module and elsewhere, call the provider and never themselves."""
        def exports(f: str) -> bool:
            if f in info.xml:
                return bool(_dubbo_elements(ws.doc(f), "service"))
            return "provider" in f.rsplit("/", 1)[-1].lower()

        for key in ("dubbo.application.name", "spring.application.name"):
            named: list[tuple[str, str]] = []
            for f in info.config_docs:
                v = cfg.get(ws.doc(f), key)
                if v and "${" not in v:
                    named.append((f, v))
            if key == "dubbo.application.name":
                for f in info.xml:
                    for el in _dubbo_elements(ws.doc(f), "application"):
                        if el.get("name") and "${" not in el.get("name"):
                            named.append((f, el.get("name")))
            if named:
                if len({v for _, v in named}) > 1:
                    named.sort(key=lambda fv: not exports(fv[0]))  # stable: the exporting application first
                return dns1035(named[0][1])
        return dns1035(info.mod.artifact_id)

    def known_interfaces(self, ws: Workspace, infos: list[ModuleInfo]) -> dict[str, set[str]]:
        """Simple name -> fully qualified names of the interfaces declared in the repository."""
        out: dict[str, set[str]] = {}
        for info in infos:
            for f in info.java or ws.java_files(info.mod, test=False):
                doc: JavaDocument = ws.doc(f)
                pkg = _package(doc)
                for m in re.finditer(r"\binterface\s+([A-Z]\w*)", doc.masked):
                    if doc.masked[max(0, m.start() - 1)] == "@":
                        continue
                    out.setdefault(m.group(1), set()).add(f"{pkg}.{m.group(1)}" if pkg else m.group(1))
        return out

    def index_providers(self, ws: Workspace, infos: list[ModuleInfo], interfaces: dict[str, set[str]]) -> dict[str, list[ModuleInfo]]:
        """Interface FQN -> the deployables that export it (a library's services count for each deployable packaging it)."""
        providers: dict[str, list[ModuleInfo]] = {}
        users = self._library_users(ws, infos)

        def add(iface: str | None, info: ModuleInfo, path: str, line: int) -> None:
            if not iface:
                return
            owners = [info] if info.deployable else users.get(info.mod.dir, [])
            if not owners:
                ws.finding("provider-not-deployable", f"{iface} is exported from a module that nothing in this repository deploys; consumers get no providedBy for it", path, line)
                return
            for owner in owners:
                if iface not in owner.provides:
                    owner.provides.append(iface)
                lst = providers.setdefault(iface, [])
                if owner not in lst:
                    lst.append(owner)

        for info in infos:
            for f in info.java:
                if "/src/test/" in f:
                    continue
                doc: JavaDocument = ws.doc(f)
                for ann in doc.annotations("DubboService", "Service"):
                    if not _is_dubbo_service(doc, ann):
                        continue
                    for iface in self._service_interfaces(doc, ann, interfaces):
                        add(iface, info, f, doc.line_of(ann.start))
            for f in info.xml:
                doc = ws.doc(f)
                for el in _dubbo_elements(doc, "service"):
                    add(el.get("interface"), info, f, doc.line(el))
        return providers

    def _library_users(self, ws: Workspace, infos: list[ModuleInfo]) -> dict[str, list[ModuleInfo]]:
        """Module dir -> the deployables that depend on it (directly or through other modules of the repository)."""
        by_ga = {(i.mod.pom.group_id, i.mod.artifact_id): i for i in infos}
        deps: dict[str, set[str]] = {}
        for i in infos:
            gas = [(ws.resolve(i.mod, d.group) or d.group, d.artifact) for d in i.mod.pom.dependencies()]
            deps[i.mod.dir] = {by_ga[ga].mod.dir for ga in gas if ga in by_ga}
        out: dict[str, list[ModuleInfo]] = {}
        for i in infos:
            if not i.deployable:
                continue
            seen, todo = set(), list(deps.get(i.mod.dir, ()))
            while todo:
                d = todo.pop()
                if d in seen or d == i.mod.dir:
                    continue
                seen.add(d)
                todo.extend(deps.get(d, ()))
            for d in sorted(seen):
                out.setdefault(d, []).append(i)
        return out

    def provider_for(self, ws: Workspace, info: ModuleInfo, iface: str | None, providers: dict[str, list[ModuleInfo]], path: str, line: int) -> str | None:
        """The Service a consumer calls for ``iface``: the exporting deployable nearest to it in the module tree.

        Several equally near candidates: none is wired (a wrong wiring is worse than none) and the finding lists them.
        """
        cands = providers.get(iface or "", [])
        if not cands:
            return None
        here = PurePosixPath(info.mod.dir).parts if info.mod.dir != "." else ()

        def distance(c: ModuleInfo) -> int:
            there = PurePosixPath(c.mod.dir).parts if c.mod.dir != "." else ()
            common = 0
            for a, b in zip(here, there, strict=False):  # the common leading folders
                if a != b:
                    break
                common += 1
            return len(here) + len(there) - 2 * common

        best = min(distance(c) for c in cands)
        nearest = sorted({c.name for c in cands if distance(c) == best})
        if len(nearest) > 1:
            ws.finding("provider-ambiguous", f"{iface} is exported by {', '.join(nearest)}, none nearer to this consumer than the others; set providedBy to the one it calls", path, line)
            return None
        return nearest[0]

    def _service_interfaces(self, doc: JavaDocument, ann: Annotation, interfaces) -> list[str]:
        args = doc.masked[ann.args_start : ann.args_end] if ann.args_start else ""
        for attr, value, _, _ in doc.string_args(ann):
            if attr == "interfaceName":
                return [value]
        m = re.search(r"interfaceClass\s*=\s*([\w.]+)\.class", args)
        if m:
            return [_resolve_type(doc, m.group(1), interfaces)]
        m = re.compile(r"\bclass\s+\w+[^{]*?\bimplements\s+([^{]+)\{").search(doc.masked, ann.end)
        if not m:
            return []
        names = re.sub(r"<[^<>]*>", "", re.sub(r"<[^<>]*>", "", m.group(1)))
        return [t for t in (_resolve_type(doc, n.strip(), interfaces) for n in names.split(",") if n.strip()) if t]

    # the container main -------------------------------------------------------
    def rewrite_container_main(self, ws: Workspace, info: ModuleInfo) -> None:
        """Dubbo 2.6's container main, com.alibaba.dubbo.container.Main, is gone in Dubbo 3 (its jar ships
        org.apache.dubbo.container.Main, which loads the same META-INF/spring/*.xml): the start scripts an
        assembly ships and a manifest Main-Class in the pom name the new one, and so does the image."""
        old = data.LEGACY_CONTAINER_MAIN
        new = _counterpart(old)
        if new is None or new == old:
            return
        reason = f"Dubbo 3 has no {old}; its container main is {new}"
        pattern = re.compile(r"(?<![\w.$])" + re.escape(old) + r"(?![\w$])")
        scripts = sorted({s for d in info.deployables if d.assembly for s in d.assembly.scripts})
        for f in scripts:
            doc = ws.doc(f)
            for m in reversed(list(pattern.finditer(doc.text))):
                doc.splice(m.start(), m.end(), new, reason)
        pom = info.mod.pom
        for el in pom.root.iter():
            if isinstance(el.tag, str) and local(el) == "mainClass" and (pom.text_of(el) or "").strip() == old:
                pom.set_text(el, new, reason)
        info.deployables = [replace(d, main_class=new) if d.main_class == old else d for d in info.deployables]

    # java ---------------------------------------------------------------------
    def rewrite_java(self, ws: Workspace, info: ModuleInfo, interfaces, providers: dict[str, str], run: Run) -> None:
        for f in info.java:
            doc: JavaDocument = ws.doc(f)
            if "dubbo" not in doc.masked:
                continue
            renamed: set[str] = set()
            refs: list[Annotation] = []
            for ann in doc.annotations("Service", "Reference", "DubboService", "DubboReference"):
                fqn = _annotation_fqn(doc, ann)
                if fqn in data.ANNOTATIONS:
                    new = data.ANNOTATIONS[fqn]
                    why = f"@{ann.name.rsplit('.', 1)[-1]} is deprecated in Dubbo 3; @{new} replaces it"
                    doc.rename_annotation(ann, f"{data.ANNOTATION_PKG}.{new}" if "." in ann.name else new, why)
                    renamed.add(fqn)
                    if new == "DubboReference":
                        refs.append(ann)
                elif fqn == data.DUBBO_REFERENCE:
                    refs.append(ann)
            missing: list[tuple[str, int]] = []
            for ann in doc.annotations("Service", "DubboService"):
                if _is_dubbo_service(doc, ann):
                    self._remove_token(ws, doc, f, ann)
                    t = _longest_timeout(_annotation_timeouts(doc, ann), f"{f}:{doc.line_of(ann.start)} @{ann.name}")
                    if t:
                        info.service_timeouts.append(t)
            for ann in doc.annotations("EnableDubboConfiguration", data.ENABLE_OLD):
                if doc.resolves_to(ann, data.ENABLE_OLD):
                    why = "@EnableDubboConfiguration belongs to the com.alibaba.spring.boot starter; Dubbo 3's @EnableDubbo scans this package"
                    doc.rename_annotation(ann, data.ENABLE_NEW if "." in ann.name else "EnableDubbo", why)
                    doc.replace_import(data.ENABLE_OLD, data.ENABLE_NEW, why)
            self._rewrite_imports(doc, renamed, missing)
            for name, line in missing:
                ws.finding("dubbo-class-missing", f"{name} has no counterpart in Dubbo 3.1.5; replace it (the build fails on it)", f, line)
            for ann in refs:
                self._mesh_reference(ws, info, doc, f, ann, interfaces, providers, run)
            if "/src/test/" not in f:
                self._report_api_config(ws, doc, f)

    def _report_api_config(self, ws: Workspace, doc: JavaDocument, f: str) -> None:
        """Dubbo configured through its API (RegistryConfig, ProtocolConfig, ReferenceConfig, their builders): named
        with file and lines, never rewritten; left alone, the application keeps its registry and protocol."""
        found = [(m.group(1) or m.group(2), doc.line_of(m.start())) for m in _API_CONFIG.finditer(doc.masked)]
        if not found:
            return
        kinds = sorted({k for k, _ in found})
        lines = ", ".join(str(n) for n in sorted({n for _, n in found}))
        local = [doc.line_of(m.start()) for m in _LOCAL_URL.finditer(doc.masked)
                 if any(h in (doc.literal(m.end()) or "") for h in ("localhost", "127.0.0.1"))]
        extra = f"; its url names localhost (line {', '.join(map(str, local))}), which in a pod is the pod itself" if local else ""
        todo = [f"the tri protocol on port {data.TRI_PORT}"]
        if any(k.startswith("Registry") for k in kinds):
            todo.insert(0, 'the registry "N/A"')
        if any(k.startswith("Reference") for k in kinds):
            todo.append(f'on each reference setProvidedBy("<provider application>") and setProviderPort({data.TRI_PORT}) instead of a url or registry')
        ws.finding("api-config", f"Dubbo is configured in code ({', '.join(kinds)}, lines {lines}): meshify migrates annotations, Spring XML and "
                   f"config files, not API calls{extra}. Mesh mode needs " + ", ".join(todo), f, found[0][1])

    def _rewrite_imports(self, doc: JavaDocument, renamed: set[str], findings: list | None = None) -> None:
        reason = "Dubbo 3 packages are org.apache.dubbo"
        imported = {name for name, _, _ in doc.imports()}
        wanted = {f"{data.ANNOTATION_PKG}.{data.ANNOTATIONS[fqn]}" for fqn in renamed}
        for name, start, end in doc.imports():
            if name in data.ANNOTATIONS and name in renamed:
                new = f"{data.ANNOTATION_PKG}.{data.ANNOTATIONS[name]}"
                if new in imported or doc.has_import(new):
                    doc.splice(start, end, "", reason)
                else:
                    i = doc.text.index(name, start)
                    doc.splice(i, i + len(name), new, reason)
                    imported.add(new)
            elif name.startswith("com.alibaba.dubbo."):
                if any(start <= o.start < end for o in doc.splices):
                    continue  # already rewritten (@EnableDubboConfiguration)
                target = _counterpart(name)
                if target is None or target == name:
                    if target is None and findings is not None:
                        findings.append((name, doc.line_of(start)))
                    continue
                if target in imported:
                    doc.splice(start, end, "", reason)
                else:
                    i = doc.text.index("com.alibaba.dubbo", start)
                    doc.splice(i, i + len("com.alibaba.dubbo"), "org.apache.dubbo", reason)
                    imported.add(target)
        for new in sorted(wanted - imported):
            if not doc.has_import(new) and not any(n == f"{data.ANNOTATION_PKG}.*" or n == "com.alibaba.dubbo.config.annotation.*" for n in imported):
                doc.add_import(new, reason)
        # qualified uses in code
        for m in re.finditer(r"\bcom\.alibaba\.dubbo(?:\.[A-Za-z_]\w*)+", doc.masked):
            line = doc.masked[doc.line_start(m.start()) : m.start()]
            if line.lstrip().startswith("import"):
                continue
            if any(s.start <= m.start() < s.end for s in doc.splices):
                continue
            target = _counterpart(m.group(0))
            if target is None:
                if findings is not None:
                    findings.append((m.group(0), doc.line_of(m.start())))
                continue
            if target != m.group(0):
                doc.splice(m.start(), m.start() + len("com.alibaba.dubbo"), "org.apache.dubbo", reason)

    def _mesh_reference(self, ws: Workspace, info: ModuleInfo, doc: JavaDocument, f: str, ann: Annotation, interfaces, providers, run: Run) -> None:
        line = doc.line_of(ann.start)
        iface = self._reference_interface(doc, ann, interfaces)
        ref = Ref(f, line, iface, ann=ann)
        ref.timeout = _longest_timeout(_annotation_timeouts(doc, ann), f"{f}:{line} @{ann.name}")
        info.refs.append(ref)
        given = next((v for a, v, _, _ in doc.string_args(ann) if a == "providedBy"), None)
        if given is not None:
            ref.provider = dns1035(given) if "${" not in given else None
            if not run.proxyless and not re.search(r"\bproviderPort\s*=", doc.masked[ann.args_start : ann.args_end]):
                pos = _args_end(doc, ann)
                doc.splice(pos, pos, f", providerPort = {data.TRI_PORT}", "mesh mode: the provider's triple port")
            return  # the user chose the provider
        if iface is None:
            if run.proxyless:
                raise MeshifyError(proxyless.unwired(None), f, line)
            ws.finding("reference-unresolved", "cannot tell which interface this reference calls; add providedBy = \"<provider Service>\" and providerPort = 50052 by hand", f, line)
            return
        provider = ref.provider = self.provider_for(ws, info, iface, providers, f, line)
        if provider is None and iface in providers:
            if run.proxyless:
                raise MeshifyError(proxyless.unwired(iface, "several modules export it: set providedBy to the one this consumer calls", ambiguous=True), f, line)
            return
        if provider is None:
            ext = for_dubbo(run.externals, iface)
            if ext is not None:
                self._external_reference(doc, ann, ext, run)
                return
            if run.proxyless:
                raise MeshifyError(proxyless.unwired(iface, dubbo_hint(iface)), f, line)
            ws.finding("reference-external", f"{iface} is not provided in this repository; {dubbo_hint(iface)}", f, line)
            return
        reason = "mesh mode: the consumer calls the provider's Kubernetes Service through the sidecar"
        args = doc.text[ann.args_start : ann.args_end] if ann.args_start is not None else None
        masked_args = doc.masked[ann.args_start : ann.args_end] if ann.args_start is not None else ""
        attrs = set(re.findall(r"(\w+)\s*=", masked_args))
        for attr, value, s, e in doc.string_args(ann):
            if attr == "url":
                self._remove_arg(doc, ann, s, e, "a fixed url bypasses mesh mode (providedBy is ignored when url is set)")
                ws.finding("reference-url-removed", f"removed url = \"{value}\": in mesh mode Kubernetes DNS and the sidecar route the call", f, line, severity="info")
            elif attr in ("registry", "protocol") and not (attr == "protocol" and value == "tri"):
                ws.finding("reference-attribute", f"{attr} = \"{value}\" on a mesh reference; remove it (mesh mode needs the tri protocol and no registry)", f, line)
        add = []
        if "providedBy" not in attrs:
            add.append(f'providedBy = "{provider}"')
        if "providerPort" not in attrs and not run.proxyless:  # the port only builds the sidecar mode's DNS URL
            add.append(f"providerPort = {data.TRI_PORT}")
        if not add:
            return
        text = ", ".join(add)
        if args is None:
            doc.splice(ann.end, ann.end, f"({text})", reason)
        elif args.strip() == "":
            doc.splice(ann.args_start, ann.args_end, text, reason)
        else:
            pos = _args_end(doc, ann)
            doc.splice(pos, pos, ", " + text, reason)

    def _remove_token(self, ws: Workspace, doc: JavaDocument, f: str, ann: Annotation) -> None:
        if ann.args_start is None:
            return
        m = re.search(r"\btoken\s*=\s*(\"(?:[^\"\\\n]|\\.)*\"|[\w.]+)", doc.masked[ann.args_start : ann.args_end])
        if not m:
            return
        s, e = ann.args_start + m.start(), ann.args_start + m.end()
        value = doc.text[ann.args_start + m.start(1) : e]
        ws.finding("token-removed", f"token = {value} removed: without a registry no consumer receives the provider's token, so every mesh call would fail (PERMISSION_DENIED); the Istio AuthorizationPolicy on the provider decides who may call it", f, doc.line_of(ann.start))
        before, after = doc.text[ann.args_start : s], doc.text[e : ann.args_end]
        mb, ma = re.search(r",\s*$", before), re.match(r"\s*,\s*", after)
        if before.strip() == "" and after.strip() == "" and doc.text[ann.args_start - 1] == "(" and doc.text[ann.args_end] == ")":
            s, e = ann.args_start - 1, ann.args_end + 1  # the only argument: no empty parentheses left
        elif mb:
            s = ann.args_start + mb.start()
        elif ma:
            e += ma.end()
        doc.splice(s, e, "", "provider tokens travel through the registry, which is gone")

    def _external_reference(self, doc: JavaDocument, ann: Annotation, ext: External, run: Run) -> None:
        """A reference to a provider outside the repository: its own url, which mesh mode and xDS leave alone."""
        run.used.add(ext.name)
        reason = f"meshify.toml [external.{ext.name}]: the provider stays outside the repository at {ext.host}:{ext.port}"
        for attr, value, s, e in doc.string_args(ann):
            if attr == "url":
                if value != ext.url:
                    doc.splice(s, e, ext.url, reason)
                return
        args = doc.text[ann.args_start : ann.args_end] if ann.args_start is not None else None
        text = f'url = "{ext.url}"'
        if args is None:
            doc.splice(ann.end, ann.end, f"({text})", reason)
        elif args.strip() == "":
            doc.splice(ann.args_start, ann.args_end, text, reason)
        else:
            pos = _args_end(doc, ann)
            doc.splice(pos, pos, ", " + text, reason)

    def _remove_arg(self, doc: JavaDocument, ann: Annotation, s: int, e: int, reason: str) -> None:
        """Remove ``name = "literal"`` (value at s..e) with one neighbouring comma."""
        seg_start = ann.args_start
        m = re.search(r"(\w+)\s*=\s*\"$", doc.text[seg_start : s])
        start = seg_start + m.start(1) if m else s
        end = e + 1  # closing quote
        before = doc.text[seg_start:start]
        after = doc.text[end : ann.args_end]
        mb = re.search(r",\s*$", before)
        ma = re.match(r"\s*,\s*", after)
        if mb:
            start = seg_start + mb.start()
        elif ma:
            end = end + ma.end()
        doc.splice(start, end, "", reason)

    def _reference_interface(self, doc: JavaDocument, ann: Annotation, interfaces) -> str | None:
        for attr, value, _, _ in doc.string_args(ann):
            if attr == "interfaceName":
                return value
        args = doc.masked[ann.args_start : ann.args_end] if ann.args_start else ""
        m = re.search(r"interfaceClass\s*=\s*([\w.]+)\.class", args)
        if m:
            return _resolve_type(doc, m.group(1), interfaces)
        rest = doc.masked[ann.end : ann.end + 2000]
        rest = re.sub(r"@[\w.]+(\s*\((?:[^()]|\([^()]*\))*\))?", " ", rest)
        m = re.match(r"\s*(?:(?:private|protected|public|static|final|transient|volatile)\s+)*([\w.]+)\s*(?:<[^;={]*>)?\s+\w+\s*[;=]", rest)
        if not m:  # a setter or a parameter: the first parameter's type
            m = re.match(r"\s*(?:(?:private|protected|public|static|final|synchronized)\s+)*(?:void\s+\w+\s*\(\s*(?:final\s+)?)?([\w.]+)", rest)
        return _resolve_type(doc, m.group(1), interfaces) if m else None

    # Spring XML ---------------------------------------------------------------
    def rewrite_xml(self, ws: Workspace, info: ModuleInfo, options: Options, providers: dict[str, str], run: Run) -> None:
        for f in info.xml:
            doc: XmlDocument = ws.doc(f)
            registries = _dubbo_elements(doc, "registry")
            old_addresses = {el.get("address") for el in registries if el.get("address")}
            for el in registries:
                addr = el.get("address")
                if addr != run.registry:
                    if run.proxyless:
                        sx.set_attribute(doc, el, "address", run.registry, "proxyless mesh: istiod's xDS, through the Istio agent, replaces the registry")
                        ws.finding("registry-retired", f"registry {addr} retired (istiod's xDS replaces it)", f, doc.line(el), severity="info")
                    else:
                        sx.set_attribute(doc, el, "address", data.REGISTRY_NA, "no registry: Kubernetes DNS and the sidecar find the providers")
                        ws.finding("registry-retired", f"registry {addr} retired (address N/A)", f, doc.line(el), severity="info")
                    refresh_comments(doc, doc.comments_above(el), data.stale_registry(addr or ""), run.registry_comment, "the registry is retired")
                for attr in ("protocol", "file", "client", "group", "username", "password"):
                    sx.remove_attribute(doc, el, attr, "registry settings have no meaning without a registry")
            for name in ("config-center", "metadata-report"):
                for el in _dubbo_elements(doc, name):
                    addr = el.get("address") or ""
                    if addr.startswith(data.OLD_REGISTRY_SCHEMES) or addr in old_addresses:
                        doc.remove(el, f"the {name} lived in the retired registry")
                        ws.finding(f"{name}-removed", f"<dubbo:{name} address=\"{addr}\"> removed with the registry", f, doc.line_of(doc.span(el).start) if doc.span(el) else None, severity="info")
                    elif addr:
                        ws.finding(f"{name}-kept", f"<dubbo:{name}> at {addr} kept; make sure the pods can reach it", f, doc.line(el))
            for el in _dubbo_elements(doc, "monitor"):
                if el.get("protocol") == "registry" or (el.get("address") or "").startswith(data.OLD_REGISTRY_SCHEMES):
                    line = doc.line(el)
                    doc.remove(el, "the monitor reported through the retired registry")
                    ws.finding("monitor-removed", "<dubbo:monitor protocol=\"registry\"> removed: it found its monitor through the registry, which is gone; Istio's telemetry (and Dubbo's metrics) take its place", f, line, severity="info")
            protocols = _dubbo_elements(doc, "protocol")
            has_tri = any(el.get("name") == "tri" for el in protocols)
            info.has_tri = info.has_tri or bool(protocols)
            for el in protocols:
                pname = el.get("name") or "dubbo"
                if pname == "tri":
                    if port_value(el.get("port"), 0) != data.TRI_PORT:
                        old_port = port_value(el.get("port"), 0)
                        sx.set_attribute(doc, el, "port", str(data.TRI_PORT), "the mesh routes triple on 50052")
                        refresh_comments(doc, doc.comments_above(el), data.stale_protocol(None, old_port), data.PROTOCOL_COMMENT, "the mesh routes triple on 50052")
                    continue
                info.old_port = port_value(el.get("port"), 20880 if pname == "dubbo" else 0) or None
                stale = data.stale_protocol(pname, info.old_port)
                if options.dual_protocol:
                    if not has_tri:
                        doc.insert_after(el, [f'<dubbo:protocol name="tri" port="{data.TRI_PORT}"/>'.replace("dubbo:", _prefix(el))], "triple beside the dubbo protocol (--dual-protocol)")
                        has_tri = True
                elif not has_tri:
                    sx.set_attribute(doc, el, "name", "tri", "triple (HTTP/2) is what Istio can route")
                    sx.set_attribute(doc, el, "port", str(data.TRI_PORT), "the mesh routes triple on 50052")
                    has_tri = True
                    refresh_comments(doc, doc.comments_above(el), stale, data.PROTOCOL_COMMENT, "triple (HTTP/2) is what Istio can route")
                else:
                    ws.finding("protocol-kept", f"<dubbo:protocol name=\"{pname}\"> kept beside tri; Istio routes it as plain TCP", f, doc.line(el))
            ids = {el.get("id") or el.get("name") or "dubbo" for el in _dubbo_elements(doc, "protocol")}
            for el in _dubbo_elements(doc, "service"):
                pin = el.get("protocol")
                if pin and pin != "tri" and not options.dual_protocol:
                    if pin not in ids and "${" not in pin and "," not in pin:
                        # it named the protocol that is now tri (its id was its name): the single protocol left serves it
                        ws.finding("service-protocol-removed", f"<dubbo:service protocol=\"{pin}\"> removed: that protocol is now tri, the only one left", f, doc.line(el), severity="info")
                        sx.remove_attribute(doc, el, "protocol", "the protocol it named is now tri")
                    else:
                        ws.finding("service-protocol", f"<dubbo:service protocol=\"{pin}\"> pins a protocol; mesh consumers call tri", f, doc.line(el))
            for tag in ("provider", "service"):
                for el in _dubbo_elements(doc, tag):
                    if el.get("token") is not None:
                        ws.finding("token-removed", f"<dubbo:{tag} token=\"{el.get('token')}\"> removed: without a registry no consumer receives the provider's token, so every mesh call would fail (PERMISSION_DENIED); the Istio AuthorizationPolicy on the provider decides who may call it", f, doc.line(el))
                        sx.remove_attribute(doc, el, "token", "provider tokens travel through the registry, which is gone")
            if _dubbo_elements(doc, "reference") and not run.proxyless:  # proxyless: xDS, not the DNS shortcut
                for el in _dubbo_elements(doc, "consumer"):
                    if (el.get("mesh-enable") or "").strip() != "true":
                        sx.set_attribute(doc, el, "mesh-enable", "true", "mesh mode: references call providedBy through Kubernetes DNS")
            for el in _dubbo_elements(doc, "reference"):
                iface = el.get("interface")
                ref = Ref(f, doc.line(el), iface, el=el)
                ref.timeout = _longest_timeout(_element_timeouts(el), f"{f}:{doc.line(el)} <dubbo:reference>")
                info.refs.append(ref)
                given = el.get("provided-by") or el.get("providedBy")
                if given:
                    ref.provider = dns1035(given) if "${" not in given else None
                    if el.get("provider-port") is None and el.get("providerPort") is None and not run.proxyless:
                        sx.set_attribute(doc, el, "provider-port", str(data.TRI_PORT), "mesh mode: the provider's triple port")
                    continue  # the user chose the provider
                provider = ref.provider = self.provider_for(ws, info, iface, providers, f, doc.line(el))
                if provider is None and (iface or "") in providers:
                    if run.proxyless:
                        raise MeshifyError(proxyless.unwired(iface, "several modules export it: set provided-by to the one this consumer calls", ambiguous=True), f, doc.line(el))
                    continue
                if provider is None:
                    ext = for_dubbo(run.externals, iface) if iface else None
                    if ext is not None:
                        run.used.add(ext.name)
                        if el.get("url") != ext.url:
                            sx.set_attribute(doc, el, "url", ext.url, f"meshify.toml [external.{ext.name}]: the provider stays outside the repository at {ext.host}:{ext.port}")
                        continue
                    if run.proxyless:
                        raise MeshifyError(proxyless.unwired(iface, dubbo_hint(iface) if iface else None), f, doc.line(el))
                    ws.finding("reference-external", f"{iface} is not provided in this repository; {dubbo_hint(iface or '?')}", f, doc.line(el))
                    continue
                reason = "mesh mode: the consumer calls the provider's Kubernetes Service through the sidecar"
                if el.get("url"):
                    ws.finding("reference-url-removed", f"removed url=\"{el.get('url')}\": in mesh mode Kubernetes DNS and the sidecar route the call", f, doc.line(el), severity="info")
                    sx.remove_attribute(doc, el, "url", reason)
                if el.get("provided-by") is None and el.get("providedBy") is None:
                    sx.set_attribute(doc, el, "provided-by", provider, reason)
                if el.get("provider-port") is None and el.get("providerPort") is None and not run.proxyless:
                    sx.set_attribute(doc, el, "provider-port", str(data.TRI_PORT), reason)

    # config files -------------------------------------------------------------
    def rewrite_config(self, ws: Workspace, info: ModuleInfo, options: Options, run: Run) -> None:
        docs = [ws.doc(f) for f in info.config_docs]
        old_registry = set()
        for doc in docs:
            for v in cfg.values(doc):
                if re.fullmatch(r"dubbo\.registr(y|ies\.[\w-]+)\.address", v.key) and v.value != data.REGISTRY_NA:
                    old_registry.add(v.value)
        for doc in docs:
            for v in cfg.values(doc):
                if re.fullmatch(r"dubbo\.(provider|service\.[\w.$-]+)\.token", v.key):
                    ws.finding("token-removed", f"{v.key} removed: without a registry no consumer receives the provider's token, so every mesh call would fail (PERMISSION_DENIED); the Istio AuthorizationPolicy on the provider decides who may call it", doc.path, v.line)
                    cfg.remove(doc, v.key, "provider tokens travel through the registry, which is gone")
            if isinstance(doc, PropertiesDocument):
                doc.tidy("provider tokens travel through the registry, which is gone")
            self._config_registry(ws, doc, run)
            self._config_centers(ws, doc, old_registry)
            self._config_monitor(ws, doc)
            self._config_protocol(ws, info, doc, options)
            self._config_qos(ws, info, doc)
            for v in cfg.values(doc):
                if v.key.startswith("spring.dubbo."):
                    rest = v.key[len("spring.dubbo."):]
                    new_key = "dubbo.scan.base-packages" if rest == "scan" else f"dubbo.{rest}"
                    ws.finding("spring-dubbo-keys", f"{v.key} and the other spring.dubbo.* keys here are read by the io.dubbo.springboot and com.alibaba.spring.boot starters only, not by Dubbo 3: rename each to dubbo.* ({v.key} is {new_key}; spring.dubbo.scan is dubbo.scan.base-packages)", doc.path, v.line)
                    break
        if not info.deployable:
            return
        # what is still missing goes where this application keeps its Dubbo settings
        home = self._home(ws, info)
        adds: list[tuple[str, object]] = []
        xml_docs = [ws.doc(f) for f in info.xml]
        has = lambda *keys: any(cfg.get(ws.doc(f), k) is not None for f in info.config_docs + ([home] if home not in info.config_docs else []) for k in keys)  # noqa: E731
        if not has("dubbo.registry.address") and not any(_dubbo_elements(d, "registry") for d in xml_docs) and not self._has_prefix(ws, info, "dubbo.registries."):
            adds.append(("dubbo.registry.address", run.registry))
        tri_props = self._has_value(ws, info, r"dubbo\.protocols?(\.[\w-]+)?\.name", "tri")
        tri_xml = any(el.get("name") == "tri" for d in xml_docs for el in _dubbo_elements(d, "protocol"))
        if not info.has_tri and not tri_props and not tri_xml:
            if options.dual_protocol and (has("dubbo.protocol.name") or self._has_prefix(ws, info, "dubbo.protocols.")):
                adds += [("dubbo.protocols.tri.name", "tri"), ("dubbo.protocols.tri.port", data.TRI_PORT)]
            else:
                adds += [("dubbo.protocol.name", "tri"), ("dubbo.protocol.port", data.TRI_PORT)]
        for canonical in ("qosEnable", "qosAcceptForeignIp"):
            if not has(*(f"dubbo.application.{a}" for a in data.QOS_ALIASES[canonical])):
                adds.append((f"dubbo.application.{canonical}", True))
        mesh_keys = [f"dubbo.consumer.{a}" for a in data.MESH_ALIASES]
        if info.refs and not run.proxyless:
            # a relaxed spelling set to anything but true is turned on where it is written
            for f in info.config_docs:
                doc = ws.doc(f)
                for k in mesh_keys:
                    v = cfg.get(doc, k)
                    if v is not None and v.strip().lower() != "true" and "${" not in v:
                        cfg.set_value(doc, k, True, "mesh mode: references call providedBy through Kubernetes DNS")
        if run.proxyless:
            adds += proxyless.config_adds(has, info)
        elif info.refs and not has(*mesh_keys):
            if any(_dubbo_elements(d, "consumer") for d in xml_docs):
                pass  # <dubbo:consumer mesh-enable="true"> (rewrite_xml)
            else:
                adds.append(("dubbo.consumer.meshEnable", True))
        if not adds:
            return
        doc = ws.doc(home)
        reason = "Dubbo 3 proxyless mesh settings" if run.proxyless else "Dubbo 3 sidecar mesh settings"
        if any(k == "dubbo.application.qosAcceptForeignIp" for k, _ in adds):
            info.qos_foreign_key = cfg.styled(doc, "dubbo.application.qosAcceptForeignIp")
        adds = [(cfg.styled(doc, k), v) for k, v in adds]  # qos-enable beside qos-port, qosEnable beside qosPort
        if isinstance(doc, PropertiesDocument):
            missing = [(k, v if isinstance(v, str) else ("true" if v is True else str(v))) for k, v in adds]
            doc.append(missing, reason, comment=proxyless.COMMENT if run.proxyless else MESH_COMMENT)
        else:
            for k, v in adds:
                cfg.set_value(doc, k, v, reason)

    def _has_prefix(self, ws: Workspace, info: ModuleInfo, prefix: str) -> bool:
        return any(v.key.startswith(prefix) for f in info.config_docs for v in cfg.values(ws.doc(f)))

    def _has_value(self, ws: Workspace, info: ModuleInfo, key_re: str, value: str) -> bool:
        for f in info.config_docs:
            doc = ws.doc(f)
            for v in cfg.values(doc):
                if re.fullmatch(key_re, v.key) and v.profile is None:
                    current = cfg.get(doc, v.key) if isinstance(doc, PropertiesDocument) else v.value
                    if current == value or (v.value == value):
                        return True
        return False

    def _home(self, ws: Workspace, info: ModuleInfo) -> str:
        """Spring XML apps: dubbo.properties (the XML schema rejects qos attributes); Boot apps: application.*;
        applications without Spring Boot that have no config file yet: dubbo.properties, the file Dubbo itself reads."""
        dubbo_props = info.mod.rel("src", "main", "resources", "dubbo.properties")
        if info.xml or not (info.boot or info.dubbo_props or info.boot_config):
            if dubbo_props not in info.dubbo_props and not ws.exists(dubbo_props):
                ws.create(dubbo_props, PropertiesDocument)
                why = "the Spring XML schema cannot hold (QoS)" if info.xml else "Dubbo reads without Spring Boot"
                ws.finding("dubbo-properties-created", f"created dubbo.properties for the mesh settings {why}", dubbo_props, severity="info")
            return dubbo_props
        boot_has_dubbo = any(v.key.startswith("dubbo.") for f in info.boot_config for v in cfg.values(ws.doc(f)))
        if info.boot and (boot_has_dubbo or not info.dubbo_props):
            return primary_config(ws, info.mod)
        if info.dubbo_props:
            return next((f for f in info.dubbo_props if f.endswith("/dubbo.properties")), info.dubbo_props[0])
        return primary_config(ws, info.mod)

    def _config_registry(self, ws: Workspace, doc, run: Run) -> None:
        reason = ("proxyless mesh: istiod's xDS, through the Istio agent, replaces the registry" if run.proxyless
                  else "no registry: Kubernetes DNS and the sidecar find the providers")
        changed = []
        for v in cfg.values(doc):
            if re.fullmatch(r"dubbo\.registr(y|ies\.[\w-]+)\.address", v.key) and v.value != run.registry:
                self._set_everywhere(doc, v, run.registry, reason)
                changed.append(v)
                retired = "istiod's xDS replaces it" if run.proxyless else f"{v.key}=N/A"
                ws.finding("registry-retired", f"registry {v.value} retired ({retired})", doc.path, v.line, severity="info")
        for v in cfg.values(doc):
            m = re.fullmatch(r"dubbo\.registr(y|ies\.[\w-]+)\.(.+)", v.key)
            if m and m.group(2) != "address":
                cfg.remove(doc, v.key, "registry settings have no meaning without a registry")
        if isinstance(doc, PropertiesDocument):
            doc.tidy("registry settings have no meaning without a registry")
        for v in changed:  # "# ZooKeeper service registry" above it would now be false
            cfg.refresh_comments(doc, v.key, v.line, data.stale_registry(v.value), run.registry_comment, reason)

    def _set_everywhere(self, doc, v: cfg.ConfigValue, value: str, reason: str) -> None:
        """Set a value where it is written, in any profile."""
        if isinstance(doc, PropertiesDocument):
            for e in doc.entries:
                if e.key == v.key and e.line == v.line and not doc.removed(e.start, e.end):
                    doc.splice(e.value_start, e.value_end, value, reason)
            return
        cfg.replace_value(doc, v.key, v.value, value, reason)

    def _config_monitor(self, ws: Workspace, doc) -> None:
        protocol = next((v for v in cfg.values(doc) if v.key == "dubbo.monitor.protocol"), None)
        address = next((v for v in cfg.values(doc) if v.key == "dubbo.monitor.address"), None)
        gone = (protocol and protocol.value == "registry") or (address and address.value.startswith(data.OLD_REGISTRY_SCHEMES))
        if not gone:
            return
        first = min((v for v in (protocol, address) if v), key=lambda v: v.line)
        cfg.remove(doc, "dubbo.monitor", "the monitor reported through the retired registry")
        ws.finding("monitor-removed", "dubbo.monitor.* removed: the monitor was found through the registry, which is gone; Istio's telemetry (and Dubbo's metrics) take its place", doc.path, first.line, severity="info")
        if isinstance(doc, PropertiesDocument):
            doc.tidy("the monitor reported through the retired registry")

    def _config_centers(self, ws: Workspace, doc, old_registry: set[str]) -> None:
        for prefix in ("dubbo.config-center", "dubbo.configCenter", "dubbo.metadata-report", "dubbo.metadataReport"):
            addr = next((v for v in cfg.values(doc) if v.key == prefix + ".address"), None)
            if addr is None:
                continue
            if addr.value.startswith(data.OLD_REGISTRY_SCHEMES) or addr.value in old_registry:
                cfg.remove(doc, prefix, f"the {prefix.split('.')[1]} lived in the retired registry")
                ws.finding("registry-config-removed", f"{prefix}.* removed with the registry ({addr.value})", doc.path, addr.line, severity="info")
            else:
                ws.finding("config-center-kept", f"{prefix}.address={addr.value} kept; make sure the pods can reach it", doc.path, addr.line)
        if isinstance(doc, PropertiesDocument):
            doc.tidy("the config center lived in the retired registry")

    def _config_protocol(self, ws: Workspace, info: ModuleInfo, doc, options: Options) -> None:
        name = cfg.get(doc, "dubbo.protocol.name")
        port = cfg.get(doc, "dubbo.protocol.port")
        if name is None and port is None:
            for v in cfg.values(doc):
                m = re.fullmatch(r"dubbo\.protocols\.([\w-]+)\.name", v.key)
                if m and v.value == "dubbo":
                    info.old_port = port_value(cfg.get(doc, f"dubbo.protocols.{m.group(1)}.port"), 20880)
            return
        pname = name or "dubbo"
        info.has_tri = True  # every branch below leaves a tri protocol
        olds = [v for v in cfg.values(doc) if v.key in ("dubbo.protocol.name", "dubbo.protocol.port") and v.profile is None]
        if pname == "tri":
            if port is not None and self._port_of(ws, info, doc, port) != data.TRI_PORT:
                cfg.set_value(doc, "dubbo.protocol.port", data.TRI_PORT, "the mesh routes triple on 50052")
                for v in olds:
                    cfg.refresh_comments(doc, v.key, v.line, data.stale_protocol(None, port_value(port, 0)), data.PROTOCOL_COMMENT, "the mesh routes triple on 50052")
            return
        info.old_port = port_value(port, 20880)
        if options.dual_protocol:
            reason = "--dual-protocol: dubbo stays on its port beside triple (multi-protocol config)"
            line = next((v.line for v in cfg.values(doc) if v.key.startswith("dubbo.protocol.")), None)
            olds = [v for v in cfg.values(doc) if v.key.startswith("dubbo.protocol.") and v.profile is None]
            cfg.remove(doc, "dubbo.protocol", reason)
            pairs = [(f"dubbo.protocols.dubbo.{v.key.split('.', 2)[2]}", v.value) for v in olds]
            if not any(k == "dubbo.protocols.dubbo.name" for k, _ in pairs):
                pairs.insert(0, ("dubbo.protocols.dubbo.name", "dubbo"))
            pairs += [("dubbo.protocols.tri.name", "tri"), ("dubbo.protocols.tri.port", str(data.TRI_PORT))]
            if isinstance(doc, PropertiesDocument):
                doc.append(pairs, reason)
            else:
                for k, val in pairs:
                    cfg.set_value(doc, k, int(val) if val.isdigit() else val, reason)
            ws.finding("dual-protocol", f"dubbo protocol kept on {info.old_port} beside tri on {data.TRI_PORT}; Istio routes the dubbo port as plain TCP", doc.path, line, severity="info")
            return
        reason = "triple (HTTP/2) on 50052 is what the mesh routes"
        cfg.set_value(doc, "dubbo.protocol.name", "tri", reason)
        cfg.set_value(doc, "dubbo.protocol.port", data.TRI_PORT, reason)
        for v in olds:  # "# Dubbo protocol on port 20880" above it would now be false
            cfg.refresh_comments(doc, v.key, v.line, data.stale_protocol(pname, info.old_port), data.PROTOCOL_COMMENT, reason)

    def _port_of(self, ws: Workspace, info: ModuleInfo, doc, raw: str) -> int:
        """A port value, ``${key}`` resolved in the module's config (``port: ${server.port}``, Dubbo's triple servlet)."""
        m = re.fullmatch(r"\$\{([\w.-]+)(?::[^}]*)?\}", raw.strip())
        if m:
            for d in [doc] + [ws.doc(f) for f in info.config_docs if f != doc.path]:
                ref = cfg.get(d, m.group(1))
                if ref is not None and "${" not in ref:
                    return port_value(ref, 0)
        return port_value(raw, 0)

    def _config_qos(self, ws: Workspace, info: ModuleInfo, doc) -> None:
        reason = "Dubbo 3 reads the QoS keys camel- or kebab-case, not the 2.7 dotted ones; the kubelet must reach the probes"
        values = cfg.values(doc)
        for v in values:
            if v.profile is not None or not v.key.startswith("dubbo.application.qos"):
                continue
            rest = v.key[len("dubbo.application."):]
            canonical = next((c for c, aliases in data.QOS_ALIASES.items() if rest in aliases), None)
            if canonical is None:
                continue
            new_value = {"qosEnable": "true", "qosAcceptForeignIp": "true"}.get(canonical, v.value)
            if canonical == "qosPort":
                info.qos_port = port_value(v.value, data.QOS_PORT)
                if info.qos_port != data.QOS_PORT:
                    ws.finding("qos-port", f"QoS port {v.value} kept; the probes use it (each pod has its own network, the default 22222 would do)", doc.path, v.line, severity="info")
            new_key = cfg.styled(doc, f"dubbo.application.{canonical}") if "." in rest else v.key  # 2.7's dotted spelling goes
            if canonical == "qosAcceptForeignIp":
                info.qos_foreign_key = new_key
            if "." in rest:
                if isinstance(doc, PropertiesDocument):
                    _rename_property(doc, v, new_key, new_value, reason)
                else:
                    cfg.remove(doc, v.key, reason)
                    val = True if new_value == "true" else int(new_value) if new_value.isdigit() else new_value
                    cfg.set_value(doc, new_key, val, reason)
            elif v.value != new_value:
                cfg.set_value(doc, v.key, True, reason)

    # services -----------------------------------------------------------------
    def describe(self, ws: Workspace, info: ModuleInfo, options: Options, providers: dict[str, str], run: Run,
                 deployable: Deployable | None = None) -> Service:
        mod = info.mod
        name = deployable.name if deployable and deployable.name else info.name
        ports = [PortSpec("grpc-tri", data.TRI_PORT)]
        if run.proxyless:  # consumers fetch a provider's metadata from its pod on this fixed port
            ports.append(PortSpec("tcp-metadata", proxyless.METADATA_PORT, expose=False))
        if options.dual_protocol and info.old_port:
            ports.append(PortSpec("tcp-dubbo", info.old_port))
        if info.web and deployable is not None and deployable.shape == "war":
            ports.append(PortSpec("http", TOMCAT_PORT))  # Tomcat's connector; Dubbo runs inside the webapp
        elif info.web:
            raw, where = None, None
            for f in info.boot_config:
                if raw is None:
                    raw, where = cfg.get(ws.doc(f), "server.port"), f
            http = port_value(raw, 8080)
            if http == data.TRI_PORT:
                # the triple protocol served by the web server itself (Dubbo's triple servlet): one port, HTTP/2,
                # which the sidecar also accepts HTTP/1.1 requests on
                ws.finding("triple-on-web-port", f"{name}: server.port {http} is also the triple port (Dubbo's triple servlet): one Service port "
                           f"'grpc-tri' carries both, as HTTP/2 to the pod", where or mod.rel("pom.xml"), severity="info")
            elif http in (info.qos_port, proxyless.METADATA_PORT if run.proxyless else None) or (options.dual_protocol and http == info.old_port):
                raise MeshifyError(f"{name}: server.port {http} is also a port Dubbo listens on (QoS, metadata or the old protocol)",
                                   where or mod.rel("pom.xml"), hint="give the web server or dubbo.application.qos-port another port")
            else:
                ports.append(PortSpec("http", http))
        ports.append(PortSpec("http-health", info.qos_port, expose=False))
        exports = bool(info.provides) or any(_dubbo_elements(ws.doc(f), "service") for f in info.xml)
        pure_consumer = bool(info.refs) and not exports
        if pure_consumer and not run.proxyless and any(p.expose and p.name != "grpc-tri" for p in ports):
            ports = [p for p in ports if p.name != "grpc-tri"]  # a pure consumer serves nothing on triple
        calls = sorted({r.provider for r in info.refs if r.provider} - {name})
        pom = mod.rel("pom.xml") if mod.dir != "." else "pom.xml"
        if run.proxyless:
            ws.finding(
                "dubbo-qos-exposed",
                f"{name}: the Dubbo QoS port {info.qos_port} serves the probes but also commands such as "
                f"invoke, offline and shutdown (Dubbo 3.1 has no permission model; {info.qos_foreign_key}=true lets any "
                "caller in). Without Envoy no AuthorizationPolicy can guard it: only the NetworkPolicy, which admits "
                "the triple and metadata ports, keeps other pods away (the kubelet's node-local probes pass). "
                "Prefer Dubbo >= 3.2, where probes need no foreign-IP access.",
                pom, severity="info",
            )
            ws.finding(
                "proxyless-mtls",
                f"{name}: Dubbo's xds module has no data-plane TLS: Dubbo neither presents nor checks Istio "
                "certificates between pods, so STRICT mTLS is not enforced for this pod, and an Envoy client that "
                "follows its ISTIO_MUTUAL DestinationRule would fail the TLS handshake with it. Calls between "
                "proxyless Dubbo services travel in plain text.",
                pom,
            )
        else:
            ws.finding(
                "dubbo-qos-exposed",
                f"{name}: the Dubbo QoS port {info.qos_port} serves the probes but also commands such as "
                f"invoke, offline and shutdown (Dubbo 3.1 has no permission model; {info.qos_foreign_key}=true lets any "
                "caller in). meshify adds an Istio AuthorizationPolicy that denies the port to everything that "
                "comes through the sidecar (probes are sent by the sidecar agent itself and still work) and a "
                "NetworkPolicy that admits only the service ports and the sidecar's health port. Prefer "
                "Dubbo >= 3.2, where probes need no foreign-IP access.",
                pom,
                severity="info",
            )
        return Service(
            name=name,
            module=mod.dir,
            ports=ports,
            liveness=Probe(info.qos_port, "/live"),
            readiness=Probe(info.qos_port, "/ready"),
            startup=Probe(info.qos_port, "/startup"),
            calls=calls,
            # mesh mode builds tri://<providedBy>.<POD_NAMESPACE>.svc.cluster.local (dubbo.md §1)
            field_env={"POD_NAMESPACE": "metadata.namespace"} if info.refs and not run.proxyless else {},
            data_plane="proxyless" if run.proxyless else "sidecar",
            peer_ports=[proxyless.METADATA_PORT] if run.proxyless else [],
            image_tag=ws.resolve(mod, mod.pom.version) or "latest",
            resilience=None if pure_consumer else self._resilience(ws, info, ("provider",)),  # Dubbo retries only what it serves
            has_dockerfile=ws.exists(mod.rel("Dockerfile")),
            artifact_id=mod.artifact_id,
            java_version=java_release(ws, mod),
            probe_only_port=info.qos_port,
            deployable=deployable,
        )

    def describe_web(self, ws: Workspace, info: ModuleInfo, deployable: Deployable) -> Service:
        """A war that serves HTTP and has no Dubbo: Tomcat's http port, probed on a page of its own
        (or on the port, with a finding, when it names none)."""
        mod = info.mod
        name = dns1035(mod.artifact_id)
        path, where = war_probe_path(ws, mod, deployable)
        if path is None:
            ws.finding("war-probe-tcp", f"{name}: {where}, so its probes only check that Tomcat's port {TOMCAT_PORT} is open; "
                       "set an HTTP path in the overlay (a page that answers 200 without logging in)",
                       mod.rel("pom.xml") if mod.dir != "." else "pom.xml", severity="info")
        # ready when its page answers; alive while Tomcat accepts connections (a liveness probe that
        # differs from readiness: a slow page takes the pod out of the Service, it does not restart it)
        page, port = Probe(TOMCAT_PORT, path), Probe(TOMCAT_PORT)
        return Service(
            name=name,
            module=mod.dir,
            ports=[PortSpec("http", TOMCAT_PORT)],
            liveness=port if path else None,
            readiness=page,
            startup=page,
            image_tag=ws.resolve(mod, mod.pom.version) or "latest",
            has_dockerfile=ws.exists(mod.rel("Dockerfile")),
            artifact_id=mod.artifact_id,
            java_version=java_release(ws, mod),
            deployable=deployable,
        )

    def _caller_policies(self, ws: Workspace, infos: list[ModuleInfo], services: list[Service], run: Run) -> None:
        """A consumer's timeout and retries become policy on the route to each provider it calls, for calls from
        that consumer only (Istio sourceLabels): its sidecar applies the provider's VirtualService."""
        if run.proxyless:
            return
        for info in infos:
            policy = self._resilience(ws, info, ("consumer",))
            if policy is None:
                continue
            callers = [s for s in services if s.module == info.mod.dir]
            for caller in callers:
                for provider in services:  # every version of a provider application
                    if provider.name in caller.calls and provider.name != caller.name:
                        longest = max((r.timeout for r in info.refs if r.provider == provider.name and r.timeout), default=None)
                        provider.source_policies[caller.name] = _at_least(policy, longest)

    def _longest_service_timeout(self, ws: Workspace, info: ModuleInfo) -> tuple[int, str] | None:
        """The longest timeout a <dubbo:service>, @DubboService or one of their methods sets in this module."""
        found: list[tuple[int, str]] = []
        for f in info.xml:
            doc = ws.doc(f)
            for el in _dubbo_elements(doc, "service"):
                t = _longest_timeout(_element_timeouts(el), f"{f}:{doc.line(el)} <dubbo:service>")
                if t:
                    found.append(t)
        return max(found + info.service_timeouts, default=None)  # the annotated ones were read by rewrite_java

    def _resilience(self, ws: Workspace, info: ModuleInfo, roles: tuple[str, ...] = ("provider", "consumer")) -> Resilience | None:
        """Timeouts and retries the module sets for ``roles``: a provider's own (``dubbo.provider.*``,
        ``<dubbo:provider>``) belong on the route to it; a consumer's on the routes to the providers it calls."""
        r = Resilience()
        found: dict[str, tuple[str, str]] = {}
        for f in info.config_docs:
            for v in cfg.values(ws.doc(f)):
                if v.profile is None and re.fullmatch(r"dubbo\.(provider|consumer)\.(timeout|retries)", v.key):
                    found.setdefault(v.key, (v.value, f"{f}:{v.line} {v.key}"))
        for f in info.xml:
            doc = ws.doc(f)
            for role in ("provider", "consumer"):
                for el in _dubbo_elements(doc, role):
                    for attr in ("timeout", "retries"):
                        if el.get(attr):
                            found.setdefault(f"dubbo.{role}.{attr}", (el.get(attr), f"{f}:{doc.line(el)} <dubbo:{role} {attr}>"))
        for role in roles:
            t = found.get(f"dubbo.{role}.timeout")
            if t and r.timeout_ms is None and duration_ms(t[0]):
                r.timeout_ms = duration_ms(t[0])
                r.sources.append(t[1])
        if "provider" in roles and r.timeout_ms is not None:
            r = _at_least(r, self._longest_service_timeout(ws, info))
        if "provider" in roles or r.sources:
            # Dubbo's cluster retries itself (failover, 2 retries unless dubbo.*.retries says otherwise; each retry is
            # a new request the sidecar balances): Istio must not retry too, or attempts multiply
            r.retries = 0
        return r if r.retries is not None else None


# helpers ----------------------------------------------------------------------
_TIMEOUT_ARG = re.compile(r"\btimeout\s*=\s*(\d+)\b")


def _is_dubbo_service(doc: JavaDocument, ann: Annotation) -> bool:
    """@Service / @DubboService of either Dubbo package (not Spring's stereotype @Service)."""
    return _annotation_fqn(doc, ann) in (data.DUBBO_SERVICE, *[k for k, v in data.ANNOTATIONS.items() if v == "DubboService"])


def _annotation_timeouts(doc: JavaDocument, ann: Annotation) -> list[int]:
    """timeout = N of an annotation and of the @Method annotations inside it (constants are not followed)."""
    if ann.args_start is None:
        return []
    return [int(m.group(1)) for m in _TIMEOUT_ARG.finditer(doc.masked, ann.args_start, ann.args_end)]


def _element_timeouts(el) -> list[int]:
    """timeout="N" of a <dubbo:service>/<dubbo:reference> and of its <dubbo:method> children."""
    out = []
    for e in el.iter():
        if isinstance(e.tag, str) and (e is el or e.tag.rsplit("}", 1)[-1] == "method"):
            v = (e.get("timeout") or "").strip()
            if v.isdigit():
                out.append(int(v))
    return out


def _longest_timeout(values: list[int], where: str) -> tuple[int, str] | None:
    return (max(values), where) if values else None


def _at_least(policy: Resilience, longest: tuple[int, str] | None) -> Resilience:
    """``policy`` with a route timeout no shorter than the longest Dubbo timeout of a service, reference or method
    it carries: Istio would otherwise cut calls that Dubbo lets finish."""
    if longest is None or policy.timeout_ms is None or longest[0] <= policy.timeout_ms:
        return policy
    return replace(policy, timeout_ms=longest[0], sources=[*policy.sources, f"{longest[1]} timeout={longest[0]} (the longest)"])


def _dubbo_elements(doc: XmlDocument, name: str | None = None) -> list:
    """<dubbo:name> elements of either Dubbo namespace, in document order."""
    return sx.elements(doc, data.XML_NAMESPACES, name)


def _args_end(doc: JavaDocument, ann: Annotation) -> int:
    """Where an argument is appended: after the last one, before a trailing comment."""
    return ann.args_start + len(doc.masked[ann.args_start : ann.args_end].rstrip())


def _package(doc: JavaDocument) -> str:
    m = re.search(r"^\s*package\s+([\w.]+)\s*;", doc.masked, re.M)
    return m.group(1) if m else ""


def _prefix(el) -> str:
    return (el.prefix + ":") if el.prefix else ""


def _annotation_fqn(doc: JavaDocument, ann: Annotation) -> str | None:
    """The fully qualified name an annotation refers to, from its imports (None when unknown)."""
    if "." in ann.name:
        return ann.name
    for name, _, _ in doc.imports():
        if name.endswith("." + ann.name):
            return name
    for name, _, _ in doc.imports():
        if name.endswith(".*"):
            pkg = name[:-2]
            if pkg in ("org.apache.dubbo.config.annotation", "com.alibaba.dubbo.config.annotation"):
                others = [n for n, _, _ in doc.imports() if n.endswith(".*") and n != name]
                # Spring's stereotype package also has @Service: an ambiguous wildcard is not ours
                if ann.name == "Service" and any(n.startswith("org.springframework.stereotype") for n in others):
                    return None
                return f"{pkg}.{ann.name}"
    return None


def _counterpart(name: str) -> str | None:
    """What a com.alibaba.dubbo name becomes in Dubbo 3: its org.apache.dubbo twin, itself (a compatibility
    class the 3.x jar still ships) or None (nothing of that name in 3.x)."""
    static = name.startswith("static ")
    bare = name[len("static "):] if static else name
    if bare.startswith(data.REMOVED_PACKAGES):
        return None
    classes = data.dubbo_classes()
    parts = bare.split(".")
    apache = "org.apache.dubbo." + bare[len("com.alibaba.dubbo."):]
    if parts[-1] == "*":
        pkg = apache[:-2] + "."
        return apache if any(c.startswith(pkg) for c in classes) else (bare if any(c.startswith(bare[:-1]) for c in classes) else None)
    # the longest prefix that names a class (imports can name nested classes and static members)
    for n in range(len(parts), 3, -1):
        head = ".".join(parts[:n])
        twin = "org.apache.dubbo." + head[len("com.alibaba.dubbo."):]
        if twin in classes:
            return apache
        if head in classes:
            return bare
    return None


def _resolve_type(doc: JavaDocument, name: str, interfaces: dict[str, set[str]]) -> str | None:
    if "." in name and name[0].islower():
        return name
    simple = name.split(".")[0]
    for imp, _, _ in doc.imports():
        if imp.endswith("." + simple):
            return imp + name[len(simple):]
    candidates = interfaces.get(simple, set())
    pkg = _package(doc)
    if f"{pkg}.{simple}" in candidates:
        return f"{pkg}.{simple}"
    for imp, _, _ in doc.imports():
        if imp.endswith(".*") and f"{imp[:-2]}.{simple}" in candidates:
            return f"{imp[:-2]}.{simple}"
    return None


def _rename_property(doc: PropertiesDocument, v: cfg.ConfigValue, new_key: str, new_value: str, reason: str) -> None:
    for e in doc.entries:
        if e.key == v.key and e.line == v.line and not doc.removed(e.start, e.end):
            ks = e.start + len(doc.text[e.start : e.end]) - len(doc.text[e.start : e.end].lstrip(" \t\f"))
            ke = e.value_start - len(e.separator) if e.separator else ks + len(v.key)
            raw_key_end = ks
            while raw_key_end < ke and doc.text[raw_key_end] not in "=: \t\f":
                raw_key_end += 1
            doc.splice(ks, raw_key_end, new_key, reason)
            if e.value != new_value:
                doc.splice(e.value_start, e.value_end, new_value, reason)
            return
