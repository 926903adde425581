"""Spring Cloud Netflix Eureka -> Spring Cloud Kubernetes (+ Istio).

Rules, in the order they run: detect versions, classify modules, retire the
registry (and the Config Server), swap dependencies, clean and complete the
config files, fix Java sources, describe Services for the manifests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...editors import config as cfg
from ...editors.java import JavaDocument
from ...editors.pom import Dependency, PomDocument
from ...externals import http_hint
from ...externals import parse as parse_externals
from ...model import DNS1035, Decisions, Deployable, Probe, PortSpec, Resilience, Service, dns1035
from ...rules.deployables import TOMCAT_PORT, java_release, main_class, module_deployables, packaging
from ...workspace import Module, Workspace
from ...rules.dependency import change_artifact, declared
from ...rules.java import replace_annotation
from ...rules import overrides
from ...rules.baseimage import final_image, supports_max_ram_percentage
from ...rules.config import config_get, duration_ms, port_value, primary_config, remove_keys
from ..base import MigrationResult, RbacNeeds
from . import configserver
from . import versions as trains
from .data import (
    BOMS, BOOT_BOMS, CONFIG_CLIENT, CONFIG_SERVER, ENABLE_EUREKA_CLIENT, EUREKA_CLIENTS,
    EUREKA_SERVERS, FEIGN, GATEWAYS, REASON_EUREKA, REMOVED_PREFIXES, REPLACED_ANNOTATIONS, RIBBON, is_resilience_key,
)
from .options import SpringCloudOptions as Options
from .versions import G

@dataclass
class Versions:
    train: str | None  # "2021.0"
    train_version: str | None  # "2021.0.8"
    train_source: str  # where it was read
    boot: str | None
    line: trains.Line
    managed: bool  # a BOM/parent manages the SCK starters
    explicit: str | None  # version to write when not managed
    mode: str = "kubernetes"  # "kubernetes": Spring Cloud Kubernetes discovery; "dns": mesh-native, no discovery client

    @property
    def boot1(self) -> bool:
        return bool(self.boot) and not trains.boot_at_least(self.boot, 2, 0)


# Spring Cloud Gateway's keys, before and after 4.3 moved them under server.webflux / server.webmvc
LOCATOR_KEY = re.compile(r"spring\.cloud\.gateway\.(?:server\.(?:webflux|webmvc)\.)?discovery\.locator\.enabled?")
# a comment above a route whose service id meshify rewrote, speaking of Eureka or of the id as it was
LOWERCASE_COMMENT = "service ids are the Kubernetes Service names, lowercase (meshify)"
DNS_COMMENT = "calls the Kubernetes Service by its DNS name; the Istio sidecar load-balances (meshify)"


def stale_ids(old_id: str) -> re.Pattern:
    """What a comment above a rewritten ``lb://old_id`` says when it explains the old id."""
    return re.compile(r"(?i:eureka|upper[- ]?case|capitali[sz])|(?<![\w-])" + re.escape(old_id) + r"(?![\w-])")


ROUTES_KEY = re.compile(r"spring\.cloud\.gateway\.(?:server\.(?:webflux|webmvc)\.)?routes\[\d+\]|zuul\.routes\.")


@dataclass
class Endpoint:
    """Where a service listens, as its own files and the files the Config Server serves it say."""

    port: int = 8080
    context_path: str = ""
    management_port: int = 0
    health_root: str = "/actuator"  # actuator base path on the probe port
    random_port: bool = False  # server.port=0: fine with Eureka, unreachable behind a Service

    def url(self, name: str) -> str:
        return f"http://{name}:{self.port}"


@dataclass
class ModuleInfo:
    mod: Module
    deployable: bool = False
    registry: bool = False
    config_server: bool = False
    gateway: bool = False
    zuul: bool = False
    locator: bool = False  # Spring Cloud Gateway discovery locator
    routes: bool = False  # Zuul or Spring Cloud Gateway routes (config, or a RouteLocator/@EnableZuulProxy in code)
    gateway_library: str | None = None  # the gateway starter it depends on
    inherited_server: bool = False  # the Eureka server starter comes from a parent, the module is no registry
    server_code: bool = False  # a class with @EnableEurekaServer (also where one jar holds several applications)
    server_as_client: bool = False  # an application that declares the Eureka server starter for its client: no @EnableEurekaServer
    kubernetes_discovery: bool = False  # Spring Cloud Kubernetes already on its classpath (a second run, or migrated by hand)
    eureka_client: bool = False
    feign: bool = False
    load_balanced: bool = False
    config_client: bool = False
    actuator: bool = False
    main_class: str | None = None
    java: list[str] = field(default_factory=list)
    resilience: list = field(default_factory=list)  # (file, ConfigValue) of client timeouts/retries
    external: set[str] = field(default_factory=set)  # Feign clients of services not in the repository
    config_env: dict[str, str] = field(default_factory=dict)  # environment that points the client at a kept Config Server


class SpringCloudMigration:
    """The rules of the springcloud migration (registered in ``__init__.py``)."""

    def detects(self, ws: Workspace) -> int:
        """1 when any pom declares or manages a Spring Cloud artifact."""
        return 1 if declared(ws, lambda d: d.group == G) else 0

    def migrate(self, ws: Workspace, options: Options) -> MigrationResult:
        # meshify.toml [external.NAME]: ids no module has, called at the address given (a ServiceEntry admits it)
        self._externals = {n: e for n, e in parse_externals(options.externals).items() if e.protocol == "http"}
        self._ext_used: set[str] = set()
        self._heirs_index = None  # built by _heirs for this run's modules
        per_project = self.project_versions(ws, options)  # independent projects: each its own train and Boot line
        versions = next(iter(per_project.values()))  # the first project's: the report's and the shared config's
        of = {m.dir: per_project[top] for top, mods in self._projects(ws).items() for m in mods}
        infos = {m.dir: self.classify(ws, m) for m in ws.modules}
        self.registry_only(ws, infos)
        retired = self.retire_modules(ws, infos, options)
        active = [i for i in infos.values() if i.mod.dir not in retired]
        names = self.service_names(ws, active)  # old id (lowercase) -> new DNS name
        served = configserver.served_by_stem(ws, options, {d: d in retired for d, i in infos.items() if i.config_server})
        for info in active:  # routes served by the Config Server load-balance too
            for doc in served.get(self._raw_name(ws, info), []) + served.get("application", []):
                for v in cfg.values(doc):
                    info.load_balanced = info.load_balanced or "lb://" in v.value
                    info.locator = info.locator or (bool(LOCATOR_KEY.fullmatch(v.key)) and v.value.lower() == "true")
                    info.routes = info.routes or bool(ROUTES_KEY.match(v.key))
        for info in active:
            # the public entrance routes outside traffic; a service built on a gateway library alone does not
            info.gateway = bool(info.gateway_library) and (info.routes or info.locator)
            raw = self._raw_name(ws, info)
            if info.gateway_library and not info.gateway and info.deployable and re.search(r"gateway|zuul|edge|proxy", f"{raw} {info.mod.artifact_id}"):
                # routes meshify cannot see (served by a Config Server it could not read): the name says entrance
                info.gateway = True
                ws.finding("gateway-by-name", f"{info.mod.dir or '.'} depends on {info.gateway_library} and shows no routes here (a Config Server meshify "
                           "could not read may serve them); its name says it is the public entrance, so it gets the Istio Gateway", info.mod.pom.path, severity="info")
            if info.gateway_library and not info.gateway and info.deployable:
                ws.finding("gateway-library-only", f"{info.mod.dir or '.'} depends on {info.gateway_library} but routes nothing (no routes, no discovery locator, "
                           "no RouteLocator or @EnableZuulProxy): it is deployed as a service, not as the public entrance", info.mod.pom.path, severity="info")
        endpoints = {names[self._raw_name(ws, i)]: self.endpoint(ws, i, of[i.mod.dir], served) for i in active if i.deployable}
        dns_urls = {n: e.url(n) for n, e in endpoints.items()}

        def urls_for(v: Versions) -> dict[str, str]:  # callers in mesh-native mode call by Kubernetes DNS name
            return dns_urls if v.mode == "dns" else {}

        for info in active:
            self.swap_dependencies(ws, info, infos, of[info.mod.dir], options, retired)
        config_retired = any(infos[r].config_server for r in retired)
        kept_servers = [i for i in active if i.config_server and i.deployable]
        config_uri = None  # a kept Config Server that clients found through Eureka: they get its Service URL
        if kept_servers:
            name = names[self._raw_name(ws, kept_servers[0])]
            ep = endpoints.get(name) or Endpoint()
            config_uri = ep.url(name) + ep.context_path
        self._config_env_seen: dict[tuple[str, str], list[tuple[str, int, str]]] = {}  # (env, uri) -> (file, line, setting)
        for info in active:
            v = of[info.mod.dir]
            self.rewrite_config(ws, info, v, names, options, config_retired, urls_for(v), config_uri)
            self.rewrite_java(ws, info, v, names, urls_for(v))
        for (env, uri), where in sorted(self._config_env_seen.items()):
            listed = ", ".join(f"{f}:{line} {setting}" for f, line, setting in where)
            ws.finding("config-server-env", f"the clients of the kept Config Server read its address from config with nothing to set it in a pod: "
                       f"their Deployments set {env}={uri} (its Service), which outranks the config files: {listed}", where[0][0], where[0][1], severity="info")
        for docs in served.values():
            for doc in docs:
                served_urls = urls_for(self._versions_at(doc.path, of, versions))  # the Config Server's project decides
                if served_urls:
                    self._route_by_dns(ws, doc, doc.path, names, served_urls)
                if "lb://" in doc.text:
                    self._external_config(ws, doc, doc.path, names)
        services = [self.describe(ws, i, of[i.mod.dir], names, options, d, endpoints)
                    for i in active if i.deployable for d in module_deployables(ws, i.mod, options.overrides)]
        config_starters = {"spring-cloud-starter-kubernetes-client-config", "spring-cloud-starter-kubernetes-fabric8-config"}
        uses_config = any(d.artifact in config_starters | {of[i.mod.dir].line.config} for i in active if i.deployable and of[i.mod.dir].mode != "dns"
                          for d in self._deps_in_chain(ws, i.mod))
        rbac = RbacNeeds(discovery=any(s.uses_kubernetes_api for s in services), config=uses_config)
        servers = {d: d in retired for d, i in infos.items() if i.config_server}
        converted = configserver.convert(ws, options, servers, active, services, versions.line, names)
        by_module = {i.mod.dir: of[i.mod.dir] for i in active}
        dns_services = [s for s in services if by_module.get(s.module, versions).mode == "dns"]
        if dns_services:
            self.mount_served_config(dns_services, by_module, versions, bool(converted.shared_config))
        if len(dns_services) < len(services):
            rbac.config = rbac.config or converted.config_rbac
        self.report_overrides(ws, options, config_retired)
        own = self.own_manifests(ws, options, services)
        facts = {
            "framework": "spring-cloud",
            "spring_cloud_train": versions.train_version or versions.train,
            "train_source": versions.train_source,
            "spring_boot": versions.boot,
            "spring_cloud_kubernetes": versions.explicit if not versions.managed else f"{versions.line.sck}.x (managed by {versions.train_source})",
            "retired_modules": sorted(retired),
            "discovery": versions.mode,
            "externals_used": sorted(self._ext_used),
        }
        if len({id(v) for v in per_project.values()}) > 1:  # independent projects of different eras
            facts["project_versions"] = {top: {"spring_cloud_train": v.train_version or v.train, "spring_boot": v.boot, "discovery": v.mode,
                                               "spring_cloud_kubernetes": None if v.mode == "dns" else (v.explicit or f"{v.line.sck}.x")}
                                         for top, v in per_project.items()}
        if own:
            facts["manifests_skipped"] = own
        line = versions.line
        lb = line.loadbalancer or line.ribbon
        decisions = Decisions(
            versions={"spring-cloud": versions.train_version or versions.train, "spring-boot": versions.boot,
                      "spring-cloud-kubernetes": facts["spring_cloud_kubernetes"]},
            discovery=("mesh-native: Kubernetes DNS names (http://name:port), the Istio sidecar load-balances; no discovery client"
                       if versions.mode == "dns" else
                       f"Kubernetes Services through {line.discovery}" + (f"; client load balancing by {lb} in SERVICE mode (Istio routes)" if lb else "")),
            packaging=packaging(s.deployable for s in services),
            external_services=sorted(name for i in active for name in i.external),
        )
        return MigrationResult(services, rbac, facts, shared_config=converted.shared_config, extra_manifests=converted.extra_manifests, decisions=decisions)

    # files meshify does not own -------------------------------------------
    OVERRIDE_RE = re.compile(r"-Deureka\.[\w.\[\]-]+=\S*|\bEUREKA_[A-Z0-9_]+\b|-Dspring\.cloud\.config\.[\w.-]+=\S*|\bSPRING_CLOUD_CONFIG_[A-Z0-9_]+\b"
                             r"|-Dspring\.profiles\.active=\S*|\bSPRING_PROFILES_ACTIVE\b")

    def report_overrides(self, ws: Workspace, options: Options, config_retired: bool) -> None:
        """-Deureka.*, EUREKA_*, the Config Server's and the active profile's settings in start scripts, Dockerfiles,
        compose files and manifests outrank the migrated config; meshify owns none of these files: each is named."""
        for f, n, hit in overrides.find(ws, options.output, self.OVERRIDE_RE, b""):
            low = hit.lower()
            if "eureka" in low:
                ws.finding("config-override", f"{hit} here outranks the migrated config, and there is no Eureka on Kubernetes: remove it "
                           "(meshify does not edit this file)", f, n)
            elif "config" in low:
                if config_retired:
                    ws.finding("config-override", f"{hit} here points at the retired Config Server and outranks the migrated config: remove it "
                               "(meshify does not edit this file)", f, n)
            else:
                ws.finding("profile-override", f"{hit} activates a profile wherever this file starts the application (in the pods too, "
                           "if this Dockerfile or manifest is kept); meshify's Deployments activate none", f, n, severity="info")

    def own_manifests(self, ws: Workspace, options: Options, services: list[Service]) -> list[str]:
        """The repository's own manifests that deploy these services. Without an --output of the user's choosing,
        meshify generates no second set: returns those files (empty: generate)."""
        cov = overrides.covered(overrides.own_workloads(ws, options.output), {s.name: s.artifact_id or s.name for s in services})
        if not cov:
            return []
        listed = "; ".join(f"{f} covers {', '.join(names)}" for f, names in sorted(cov.items()))
        bare = sorted({s.name for s in services} - {n for names in cov.values() for n in names})
        if bare:
            listed += f"; none covers {', '.join(bare)}"
        chosen = options.output != "k8s" or "output" in getattr(options, "_from_cli", ())
        first = sorted(cov)[0]
        if chosen:
            ws.finding("own-manifests", f"the repository already deploys these services with its own manifests ({listed}); meshify "
                       f"generated its set in {options.output} anyway, as --output asked: retire one of the two", first, severity="info")
            return []
        ws.finding("own-manifests", f"the repository already deploys these services with its own manifests ({listed}); meshify "
                   "generated no second set (no manifests, no Dockerfiles). Run again with --output DIR to generate one in DIR", first)
        return sorted(cov)

    # versions -----------------------------------------------------------
    @staticmethod
    def _projects(ws: Workspace) -> dict[str, list[Module]]:
        """The modules of each Maven project the repository holds (one, or several independent ones), by the
        folder of its topmost aggregator, in reactor order."""
        out: dict[str, list[Module]] = {}
        for m in ws.modules:
            top = m
            while top.aggregator is not None:
                top = top.aggregator
            out.setdefault(top.dir, []).append(m)
        return out

    def project_versions(self, ws: Workspace, options: Options | None = None) -> dict[str, Versions]:
        """Versions for each independent project (each has its own train and Boot line); one project: the repository's."""
        projects = self._projects(ws)
        if len(projects) > 1:
            seen = len(ws.findings)
            per = {top: self.detect_versions(ws, options, mods) for top, mods in projects.items()}
            ws.retract_findings(seen)  # said again below: once, or once per project of its own era
            known = {top: v for top, v in per.items() if v.train_version or v.boot}  # a project that names neither follows the others
            # what the rules decide on: a Boot patch release or a train's service release alone changes nothing
            eras = {(v.train, trains.boot_minor(v.boot), v.mode, v.line.sck, v.explicit, v.managed) for v in known.values()}
        if len(projects) <= 1 or len(eras) <= 1:
            one = self.detect_versions(ws, options)
            return {top: one for top in projects} or {".": one}
        first = next(iter(known.values()))
        per = {top: (self.detect_versions(ws, options, projects[top]) if top in known else first) for top in projects}
        def era(v: Versions) -> str:
            return ", ".join(x for x in (f"Spring Boot {v.boot}" if v.boot else "", f"Spring Cloud {v.train_version}" if v.train_version else "",
                                         "mesh-native discovery" if v.mode == "dns" else f"Spring Cloud Kubernetes {v.explicit or v.line.sck + '.x'}") if x)

        grouped: dict[str, list[str]] = {}
        for top in known:
            grouped.setdefault(era(per[top]), []).append(top)
        listed = "; ".join(f"{', '.join(tops)}: {e}" for e, tops in grouped.items())
        ws.finding("versions-per-project", f"the independent projects are of different eras; each is migrated for its own: {listed}", ".", severity="info")
        return per

    @staticmethod
    def _versions_at(path: str, of: dict[str, Versions], default: Versions) -> Versions:
        """The versions of the module whose folder holds ``path`` (the deepest), else ``default``."""
        best = None
        for d in of:
            if (d == "." or path.startswith(d + "/")) and (best is None or len(d) > len(best) or best == "."):
                best = d
        return of[best] if best is not None else default

    def detect_versions(self, ws: Workspace, options: Options | None = None, modules: list[Module] | None = None) -> Versions:
        train_version, source, managed = None, "", False
        boot = None
        for mod in modules if modules is not None else ws.modules:
            for d, m in ws.bom_imports(mod):
                ver = ws.resolve(mod, d.version)
                if d.key == f"{G}:spring-cloud-dependencies" and ver and not train_version:
                    train_version, source, managed = ver, f"{m.pom.path} (spring-cloud-dependencies BOM)", True
                if d.key == f"{G}:spring-cloud-kubernetes-dependencies":
                    managed = True
                if d.key == "org.springframework.boot:spring-boot-dependencies" and ver and not boot:
                    boot = ver
            ext = ws.external_parent(mod)
            if ext:
                key = f"{ext[0]}:{ext[1]}"
                if key in (f"{G}:spring-cloud-starter-parent", f"{G}:spring-cloud-dependencies-parent") and not train_version:
                    train_version, source, managed = ext[2], f"{mod.pom.path} (parent {ext[1]})", True
                if key in BOOT_BOMS and not boot:
                    boot = ext[2]
            props = ws.properties(mod)
            if not train_version and "spring-cloud.version" in props:
                train_version = ws.resolve(mod, props["spring-cloud.version"][0])
                source = f"{props['spring-cloud.version'][1].pom.path} (property spring-cloud.version)"
            if not boot and "spring-boot.version" in props:
                boot = ws.resolve(mod, props["spring-boot.version"][0])
        train = trains.train_of(train_version) if train_version else None
        if not boot and train in trains.TRAIN_BOOT:
            boot = trains.TRAIN_BOOT[train]  # the Boot line of the train (the project names only the train)
            sr = re.search(r"SR(\d+)", train_version or "")
            if train == "Hoxton" and sr and int(sr.group(1)) >= 5:
                boot = "2.3"  # Hoxton.SR5 and later are built on Boot 2.3
        wanted = getattr(options, "discovery", "auto") or "auto"
        no_sck = train in trains.OLDER_TRAINS or bool(boot and not trains.boot_at_least(boot, 2, 0))
        pod_ips = train in trains.POD_IP_TRAINS or (train is None and bool(boot) and not trains.boot_at_least(boot, 2, 2))
        era = " / ".join(x for x in (f"Spring Boot {boot}" if boot else "", f"Spring Cloud {train_version}" if train_version else "") if x) or "this project"
        if wanted == "dns" or (wanted == "auto" and (no_sck or pod_ips)) or (wanted == "kubernetes" and no_sck):
            if wanted == "kubernetes":
                ws.finding("discovery-kubernetes-unavailable", f"{era}: no Spring Cloud Kubernetes release supports Spring Boot 1.x, so --discovery kubernetes cannot apply; meshify used mesh-native discovery (--discovery dns)", source.split(" ")[0] or None)
            elif wanted == "auto":
                why = ("no Spring Cloud Kubernetes release supports Spring Boot 1.x" if no_sck else
                       "its Spring Cloud Kubernetes (0.3/1.0) makes Ribbon call pod IPs, which bypasses Istio routing")
                ws.finding("discovery-dns", f"{era}: {why}. Services reach each other by their Kubernetes DNS name (http://name:port) and the Istio sidecar load-balances; "
                           "no discovery client, no Kubernetes API access (--discovery dns). Upgrade to Spring Boot 2.2+/Hoxton+ for --discovery kubernetes", source.split(" ")[0] or None, severity="info")
            return Versions(train, train_version, source, boot, trains.DNS, False, None, mode="dns")
        if wanted == "kubernetes" and train in trains.POD_IP_TRAINS:
            ws.finding("ribbon-pod-ips", f"{era}: Spring Cloud Kubernetes {trains.LINES[train].sck} has no ribbon.mode; its Ribbon calls pod IPs, so Istio routing (VirtualService, retries, canaries) does not apply to these calls. --discovery dns avoids this", source.split(" ")[0] or None)
        if train in trains.OLDER_TRAINS:
            ws.finding("train-too-old", f"Spring Cloud {train_version} predates Spring Cloud Kubernetes; upgrade to Finchley or later first. meshify used the Spring Boot version to choose instead")
            train = None
            managed = False
        line = trains.LINES.get(train or "")
        explicit = None
        if line is None:
            if train_version:
                ws.finding("train-unknown", f"unrecognised Spring Cloud release train '{train_version}'", source.split(" ")[0] or None)
            minor = trains.boot_minor(boot)
            if minor in trains.BOOT_TO_LINE:
                train, explicit = trains.BOOT_TO_LINE[minor]
                source = f"Spring Boot {boot}"
            elif minor and int(minor.split(".")[0]) >= 4:
                train, explicit = trains.BOOT_TO_LINE["4.0"]
                source = f"Spring Boot {boot}"
            else:
                train, explicit = trains.DEFAULT_TRAIN, trains.DEFAULT_VERSION
                source = "default (no release train or Spring Boot version found)"
                ws.finding("version-default", f"no Spring Cloud train or Spring Boot version found; using Spring Cloud Kubernetes {explicit}", severity="info")
            line = trains.LINES[train]
            managed = False
        else:
            if not line.in_bom:
                managed = False
            if not managed:
                explicit = trains.sck_version(train_version or "") or line.fixed_version
        major = int((trains.boot_minor(boot) or "0.0").split(".")[0])
        if major >= 3 and line.sck.startswith(("0.", "1.", "2.")):
            ws.finding("boot-train-mismatch", f"Spring Boot {boot} with Spring Cloud {train_version}: a Boot 3 project needs a 2022.0+ train; meshify will not add 2.x artifacts to it", source.split(" ")[0] or None)
            train, explicit = trains.BOOT_TO_LINE.get(trains.boot_minor(boot) or "", trains.BOOT_TO_LINE["4.0"])
            line, managed = trains.LINES[train], False
        return Versions(train, train_version, source, boot, line, managed, explicit)

    # classification -----------------------------------------------------
    def classify(self, ws: Workspace, mod: Module) -> ModuleInfo:
        info = ModuleInfo(mod)
        deps = self._deps_in_chain(ws, mod)
        arts = {d.artifact for d in deps if d.scope != "test"}
        # a registry is an application: a parent pom that hands the Eureka server starter to every child is not one,
        # nor a library that integrates with one (its dependency optional)
        own = {d.artifact for d in mod.pom.dependencies() if d.scope != "test" and not d.optional}
        info.registry = bool(own & set(EUREKA_SERVERS)) and mod.pom.packaging != "pom"
        info.inherited_server = bool(arts & set(EUREKA_SERVERS)) and not info.registry
        for d in mod.pom.dependencies():
            if d.scope == "test" and d.artifact in EUREKA_SERVERS:
                ws.finding("eureka-server-in-tests", f"{d.artifact} stays as a test dependency (the tests start a registry); drop it with the tests that use it", mod.pom.path, mod.pom.line(d.el))
        info.config_server = CONFIG_SERVER in own and mod.pom.packaging != "pom"
        info.gateway_library = next((a for a in GATEWAYS if a in arts), None)
        info.zuul = bool(arts & {"spring-cloud-starter-netflix-zuul", "spring-cloud-starter-zuul"})
        info.eureka_client = bool(arts & set(EUREKA_CLIENTS))
        info.kubernetes_discovery = any(a.startswith(("spring-cloud-starter-kubernetes", "spring-cloud-kubernetes")) for a in arts)
        info.feign = bool(arts & set(FEIGN))
        info.config_client = CONFIG_CLIENT in arts
        info.actuator = "spring-boot-starter-actuator" in arts
        if mod.pom.packaging == "pom":
            return info
        info.java = ws.java_files(mod)
        mains, servers, auto_main = 0, [], None
        for f in info.java:
            if "/src/test/" in f:
                continue
            doc: JavaDocument = ws.doc(f)
            if doc.annotations("EnableEurekaServer"):
                info.registry = info.server_code = True
                servers.append(f)
            if doc.annotations("EnableConfigServer"):
                info.config_server = True
            if doc.annotations("LoadBalanced"):
                info.load_balanced = True
            if info.gateway_library and (doc.annotations("EnableZuulProxy", "EnableZuulServer", "EnableSidecar") or re.search(r"\bRouteLocator(Builder)?\b|\bGatewayRouterFunctions\b", doc.masked)):
                info.routes = True
            boot_main = bool(doc.annotations("SpringBootApplication", "SpringCloudApplication"))
            # older code spells @SpringBootApplication out: @EnableAutoConfiguration + @ComponentScan and a main method
            if not boot_main and doc.annotations("EnableAutoConfiguration") and re.search(r"static\s+void\s+main\s*\(", doc.masked):
                boot_main = True
                auto_main = auto_main or f
            mains += boot_main
        info.main_class = main_class(ws, mod, ("SpringBootApplication", "SpringCloudApplication")) or auto_main
        info.deployable = info.main_class is not None
        if info.registry and not info.server_code and mains:
            # the server starter brings the Eureka client too, but without @EnableEurekaServer no registry starts:
            # an application that declared it for its client (@EnableDiscoveryClient, Feign) is a service
            info.registry, info.server_as_client, info.eureka_client = False, True, True
            ws.finding("eureka-server-as-client", f"{mod.dir or '.'} declares {', '.join(sorted(own & set(EUREKA_SERVERS)))} but no class has "
                       "@EnableEurekaServer: it runs as a Eureka client, so it is migrated and deployed as a service", mod.pom.path, severity="info")
        if servers and mains > 1:
            # one jar, several applications chosen at start (a registry among them): not one Deployment
            ws.finding("several-applications", f"{mod.dir} holds {mains} Spring Boot applications in one jar, a Eureka server among them ({servers[0]}); "
                       "meshify deploys one application per module: split them into modules, then run meshify again", mod.pom.path)
            info.registry, info.deployable = False, False
        for f in ws.config_files(mod):
            for v in cfg.values(ws.doc(f)):
                if "lb://" in v.value:
                    info.load_balanced = True
                if LOCATOR_KEY.fullmatch(v.key) and v.value.lower() == "true":
                    info.locator = True
                if ROUTES_KEY.match(v.key):
                    info.routes = True
        return info

    def registry_only(self, ws: Workspace, infos: dict[str, ModuleInfo]) -> None:
        """A repository whose only application is a Eureka server: nothing to deploy, the whole repository retires."""
        apps = [i for i in infos.values() if i.deployable or i.registry]
        if apps and all(i.registry for i in apps):
            ws.finding("registry-only", f"this repository holds only a Eureka server ({', '.join(i.mod.dir for i in apps)}); on Kubernetes the Services replace it, so nothing is deployed and the repository can be retired once its clients are migrated",
                       apps[0].mod.pom.path, severity="info")

    def _deps_in_chain(self, ws: Workspace, mod: Module) -> list[Dependency]:
        out = []
        for m in mod.chain():
            out += m.pom.dependencies()
        return out

    # registry and config server -----------------------------------------
    def retire_modules(self, ws: Workspace, infos: dict[str, ModuleInfo], options: Options) -> set[str]:
        retired = set()
        for info in infos.values():
            what = None
            if info.registry and not options.keep_registry:
                what = ("Eureka server", "--keep-registry")
            elif info.config_server and not options.keep_config_server:
                what = ("Config Server", "--keep-config-server")
                lost = configserver.unconvertible(ws, info.mod, options)
                if lost and not options.retire_config_server:
                    ws.finding("config-server-kept", f"the Config Server '{info.mod.dir}' is kept: {'; '.join(lost)}. Retiring it would lose that config; "
                               "its clients keep reading it (--retire-config-server retires it anyway)", info.mod.pom.path)
                    continue
                if lost:
                    ws.finding("config-server-retired-lossy", f"the Config Server '{info.mod.dir}' is retired (--retire-config-server) although {'; '.join(lost)}: "
                               "its clients no longer get that config", info.mod.pom.path)
            if not what:
                continue
            mod = info.mod
            retired.add(mod.dir)
            agg = mod.aggregator
            if agg is None and any(o.deployable for o in infos.values() if o is not info):  # a project of its own (registry-only says the rest)
                ws.finding("module-retired", f"{what[0]} '{mod.dir or '.'}' is not deployed: Kubernetes replaces it. Its files stay on disk and can be "
                           f"deleted ({what[1]} deploys it)", mod.pom.path, severity="info")
            if agg is not None:
                for name, el in agg.pom.modules():
                    if re.sub(r"/+$", "", name).rsplit("/", 1)[-1] == mod.dir.rsplit("/", 1)[-1]:
                        agg.pom.remove(el, f"retire the {what[0]} module")
                        ws.finding("module-retired", f"{what[0]} module '{mod.dir}' removed from <modules>; Kubernetes replaces it. Its files stay on disk and can be deleted ({what[1]} keeps it)", agg.pom.path, agg.pom.line(agg.pom.root) and None, severity="info")
            for other in infos.values():
                if other is info:
                    continue
                for d in other.mod.pom.dependencies():
                    if d.artifact == mod.artifact_id and d.group == mod.pom.group_id:
                        ws.finding("retired-module-used", f"module '{other.mod.dir}' depends on the retired module '{mod.dir}'", other.mod.pom.path, other.mod.pom.line(d.el))
        return retired

    # dependencies -------------------------------------------------------
    def _subtree_needs(self, ws: Workspace, info: ModuleInfo, infos: dict[str, ModuleInfo], retired: set[str], attr: str) -> bool:
        """Whether this pom or any active module inheriting from it needs ``attr``."""
        return any(other.mod.dir not in retired and getattr(other, attr) for other in self._heirs(info, infos))

    def _heirs(self, info: ModuleInfo, infos: dict[str, ModuleInfo]) -> list[ModuleInfo]:
        """The modules whose <parent> chain holds this one (itself included), in ``infos`` order. The chains are
        fixed once the reactor is read, so the index is built once per run, not once per question."""
        index = getattr(self, "_heirs_index", None)
        if index is None or index[0] is not infos:
            by_mod: dict[int, list[ModuleInfo]] = {}
            for other in infos.values():
                for m in other.mod.chain():
                    by_mod.setdefault(id(m), []).append(other)
            index = self._heirs_index = (infos, by_mod)
        return index[1].get(id(info.mod), [])

    def swap_dependencies(self, ws: Workspace, info: ModuleInfo, infos, versions: Versions, options: Options, retired: set[str]) -> None:
        pom: PomDocument = info.mod.pom
        if not info.registry and not info.server_as_client and not any(self._subtree_needs(ws, info, infos, retired, a) for a in ("registry", "server_code")):
            for dep in pom.dependencies():
                if dep.artifact in EUREKA_SERVERS and dep.scope != "test" and not dep.optional and dep.group == G:  # optional: the module's own code compiles against it
                    users = sorted(o.mod.dir for o in self._heirs(info, infos) if o.mod.dir not in retired and o.deployable)
                    pom.remove(dep.el, "no module that inherits it is a Eureka server")
                    ws.finding("eureka-server-inherited", f"{dep.artifact} went from this pom: every module that inherits it ({', '.join(users) or 'none'}) "
                               "is a service, not a registry (no @EnableEurekaServer), and there is no Eureka on Kubernetes", pom.path, severity="info")
        line = versions.line
        deps = pom.dependencies()
        lb_needed = any(self._subtree_needs(ws, info, infos, retired, a) for a in ("feign", "load_balanced", "zuul", "locator")) or any(d.artifact in RIBBON for d in deps)
        zuul = self._subtree_needs(ws, info, infos, retired, "zuul")
        reason = "Eureka client -> Spring Cloud Kubernetes discovery"
        explicit = None if versions.managed else versions.explicit
        if versions.mode == "dns":
            self._swap_for_dns(ws, info, infos, retired, versions.boot)
            deps = []
        for dep in deps:
            if dep.group != G and dep.group != "org.springframework.cloud":
                continue
            if dep.artifact in EUREKA_CLIENTS or self._server_as_client(info, dep):
                self._replace(ws, info.mod, dep, line.discovery, explicit, reason)
                self._keep_web(ws, info, after=dep, boot=versions.boot)
                # Zuul balances through Ribbon only: it needs the Ribbon flavour where the train has one
                lb_artifact = (line.ribbon or line.loadbalancer) if zuul else (line.loadbalancer or line.ribbon)
                if lb_needed and lb_artifact and not pom.find_dependency(G, lb_artifact):
                    lines = pom.dependency_lines(G, lb_artifact, explicit)
                    pom.add_dependency(lines, "load balancing through Kubernetes Services", after=dep)
                    if lb_artifact == line.ribbon:
                        ws.finding("ribbon-kept", f"Spring Cloud {versions.train} has no Kubernetes loadbalancer starter; Ribbon stays through {lb_artifact}", pom.path, pom.line(dep.el))
            elif dep.artifact in RIBBON and line.loadbalancer and not zuul:
                pom.remove(dep.el, "Ribbon is replaced by the Kubernetes loadbalancer")
            elif dep.artifact == CONFIG_CLIENT and any(infos[r].config_server for r in retired):
                self._replace(ws, info.mod, dep, line.config, explicit, "Config Server client -> Kubernetes ConfigMaps")
            elif dep.artifact == "spring-cloud-kubernetes-discovery" and not line.sck.startswith(("0.", "1.")):
                ws.finding("discovery-server-client", "spring-cloud-kubernetes-discovery is the DiscoveryServer HTTP client in 2.x+, not discovery; replace it with " + line.discovery, pom.path, pom.line(dep.el))
        if info.eureka_client:  # the Eureka client may come from a parent pom: its libraries were inherited too
            self._keep_web(ws, info, after=None, boot=versions.boot)
        if options.add_actuator and not options.no_actuator and info.deployable and not info.actuator:
            pom.add_dependency(pom.dependency_lines("org.springframework.boot", "spring-boot-starter-actuator"), "actuator for Kubernetes probes")
            info.actuator = True
            ws.finding("actuator-added", "spring-boot-starter-actuator added: Kubernetes probes its health endpoints, so liveness and readiness differ (--no-actuator leaves it out)", pom.path, severity="info")

    @staticmethod
    def _server_as_client(info: ModuleInfo, dep: Dependency) -> bool:
        """The Eureka server starter of an application that runs no registry: it stands for the client it brings."""
        return info.server_as_client and dep.artifact in EUREKA_SERVERS and dep.scope != "test" and dep.group == G

    def _swap_for_dns(self, ws: Workspace, info: ModuleInfo, infos, retired: set[str], boot: str | None = None) -> None:
        """Mesh-native: no discovery client. The Eureka starter becomes spring-cloud-starter, which keeps
        bootstrap.yml and the spring-cloud-commons annotations (@EnableDiscoveryClient, @LoadBalanced) resolving."""
        pom = info.mod.pom
        config_retired = any(infos[r].config_server for r in retired)
        replaced = None
        for dep in pom.dependencies():
            if dep.group != G:
                continue
            eureka = dep.artifact in EUREKA_CLIENTS or self._server_as_client(info, dep)
            gone = eureka or (dep.artifact == CONFIG_CLIENT and config_retired)
            if not gone:
                continue
            why = "no discovery client: Kubernetes DNS names the services and the Istio sidecar load-balances" if eureka else "the Config Server is retired: its files are mounted from ConfigMaps"
            if replaced is None and pom.find_dependency(G, "spring-cloud-starter") is None and ws.is_managed(info.mod, G, "spring-cloud-starter", BOMS):
                change_artifact(ws, info.mod, dep, G, "spring-cloud-starter", None, why + " (spring-cloud-starter keeps bootstrap.yml working)", boms=BOMS)
                replaced = dep
            else:
                pom.remove(dep.el, why)
            if eureka:
                self._keep_web(ws, info, after=replaced, boot=boot)

    def _keep_web(self, ws: Workspace, info: ModuleInfo, after: Dependency | None, boot: str | None = None) -> None:
        """The Eureka starters brought libraries (the web stack in Brixton-Edgware, Bean Validation later) that
        code may import without declaring them: add back the starter each needs, or report what no longer resolves."""
        if info.mod.pom.packaging == "pom" or getattr(info, "_web_checked", False):
            return
        info._web_checked = True
        arts = {d.artifact for d in self._deps_in_chain(ws, info.mod)}
        web = bool(arts & {"spring-boot-starter-jersey", *GATEWAYS}) or any(
            a.startswith(("spring-boot-starter-web", "spring-boot-starter-jetty", "spring-boot-starter-undertow")) and not a.endswith("-test") for a in arts)
        validation = bool(arts & {"spring-boot-starter-validation", "hibernate-validator", "validation-api", "jakarta.validation-api"}) or (
            web and not trains.boot_at_least(boot, 2, 3))  # the web starter carried Bean Validation before Boot 2.3
        needs = (
            ("spring-boot-starter-web", web, ("org.springframework.web.bind.", "org.springframework.web.servlet.", "org.springframework.web.client.")),
            ("spring-boot-starter-validation", validation, ("javax.validation.", "jakarta.validation.")),
        )
        pom = info.mod.pom
        for starter, present, prefixes in needs:
            if present:
                continue
            users = []
            for f in info.java:
                if "/src/test/" in f:
                    continue
                doc: JavaDocument = ws.doc(f)
                for name, start, _ in doc.imports():
                    if name.startswith(prefixes):
                        users.append((f, doc.line_of(start), name))
                        break
            if not users:
                continue
            if ws.is_managed(info.mod, "org.springframework.boot", starter, BOOT_BOMS + BOMS):
                pom.add_dependency(pom.dependency_lines("org.springframework.boot", starter), "the Eureka starter brought what this code imports", after=after)
                ws.finding("web-starter-added", f"{starter} came with the Eureka starter; added it explicitly because the code imports it ({users[0][0]}:{users[0][1]} {users[0][2]})", pom.path, severity="info")
            else:
                listed = ", ".join(f"{f}:{n} {imp}" for f, n, imp in users)
                ws.finding("web-starter-missing", f"the Eureka starter brought {starter}, and these no longer resolve without it: {listed}; add {starter}", pom.path)

    def _replace(self, ws: Workspace, mod: Module, dep: Dependency, artifact: str, explicit: str | None, reason: str) -> None:
        # a train whose BOM lacks SCK (Finchley) manages nothing here
        change_artifact(ws, mod, dep, G, artifact, explicit, reason, boms=BOMS if explicit is None else (),
                        shares=lambda d: d.artifact in EUREKA_CLIENTS)

    # config ---------------------------------------------------------------
    def service_names(self, ws: Workspace, active: list[ModuleInfo]) -> dict[str, str]:
        names: dict[str, str] = {}
        for info in active:
            if not info.deployable:
                continue
            got = config_get(ws, info.mod, "spring.application.name")
            raw = got[0] if got else info.mod.artifact_id
            names[raw.lower()] = dns1035(raw)
        return names

    def rewrite_config(self, ws: Workspace, info: ModuleInfo, versions: Versions, names: dict[str, str], options: Options,
                       config_retired: bool, urls: dict[str, str] | None = None, config_uri: str | None = None) -> None:
        mod = info.mod
        line = versions.line
        files = ws.config_files(mod)
        resilience: list[cfg.ConfigValue] = []
        # a key meshify writes must survive the next run (Hoxton keeps Ribbon through kubernetes-ribbon)
        removed = tuple(p for p in REMOVED_PREFIXES if not (p == "spring.cloud.kubernetes.ribbon" and line.ribbon and line.sck == "1.1"))
        self.rewrite_test_config(ws, info, versions, removed)
        for f in files:
            doc = ws.doc(f)
            for v in cfg.values(doc):
                if is_resilience_key(v.key):
                    resilience.append((f, v))
            by_discovery = config_uri and not info.config_server and any(
                v.key == "spring.cloud.config.discovery.enabled" and v.value.lower() == "true" and v.profile is None for v in cfg.values(doc))
            remove_keys(doc, removed, REASON_EUREKA)
            if by_discovery and cfg.get(doc, "spring.cloud.config.uri") is None:
                doc.rebase()  # the discovery block just went: the URI takes its place
                cfg.set_value(doc, "spring.cloud.config.uri", config_uri, "the Config Server stays; it was found through Eureka, now through its Service")
            elif config_uri and info.config_client and not info.config_server and info.deployable:
                self._point_at_kept_server(ws, info, f, doc, config_uri)
            if urls:
                self._route_by_dns(ws, doc, f, names, urls)
            if "lb://" in doc.text:
                self._external_config(ws, doc, f, names)
            if config_retired and not info.config_server:  # a kept Config Server's own settings are its backend
                if "import" in doc.text:
                    self._fix_config_import(ws, doc, f, line)
                cfg.remove(doc, "spring.cloud.config", "the Config Server is retired; ConfigMaps replace it")
            # service ids follow the Kubernetes Service names
            for old, new in names.items() if "lb://" in doc.text and not urls else ():
                for variant in sorted({old, old.upper()}):
                    if variant != new:
                        reason = "Kubernetes Service names are lowercase DNS labels"
                        for v in cfg.replace_in_values(doc, f"lb://{variant}", f"lb://{new}", reason):
                            # "# Eureka registers service ids upper-cased" above the route is false now
                            cfg.refresh_comments(doc, v.key, v.line, stale_ids(variant), LOWERCASE_COMMENT, reason)
            name = cfg.get(doc, "spring.application.name")
            if name is not None and not DNS1035.match(name) and "${" not in name:
                cfg.set_value(doc, "spring.application.name", dns1035(name), "spring.application.name must be a valid Kubernetes Service name")
                ws.finding("name-changed", f"spring.application.name '{name}' became '{dns1035(name)}' (a Kubernetes Service name); update callers outside this repository", f)
        if resilience:
            listed = ", ".join(f"{f}:{v.line} {v.key}={v.value}" for f, v in resilience)
            ws.finding("resilience-settings", f"client timeouts/retries now belong to Istio (VirtualService/DestinationRule): {listed}", mod.pom.path, severity="info")
        info.resilience = resilience
        if not info.deployable:
            return
        target = primary_config(ws, mod)
        doc = ws.doc(target)
        reason = "settings Spring Cloud Kubernetes and Kubernetes probes need"
        if config_get(ws, mod, "spring.application.name") is None:
            cfg.set_value(doc, "spring.application.name", dns1035(mod.artifact_id), reason)
            ws.finding("name-added", f"no spring.application.name; set it to '{dns1035(mod.artifact_id)}' (the Kubernetes Service name)", target, severity="info")
        lb = info.feign or info.load_balanced or info.zuul or info.locator
        if versions.mode == "dns":
            pass  # no client-side load balancer to configure: the sidecar balances
        elif not (info.eureka_client or info.kubernetes_discovery):
            pass  # another registry (Nacos, Consul, ZooKeeper) stays: no Spring Cloud Kubernetes to configure
        elif lb and line.loadbalancer and not info.zuul:
            cfg.set_value(doc, "spring.cloud.kubernetes.loadbalancer.mode", "SERVICE", "call Kubernetes Services (POD mode bypasses Istio routing)")
        elif lb and line.ribbon and line.sck == "1.1":  # ribbon.mode exists from Spring Cloud Kubernetes 1.1
            cfg.set_value(doc, "spring.cloud.kubernetes.ribbon.mode", "SERVICE", "call Kubernetes Services (POD mode bypasses Istio routing)")
        if trains.boot_at_least(versions.boot, 2, 3):
            if info.actuator:
                cfg.set_value(doc, "management.endpoint.health.probes.enabled", True, "liveness and readiness health groups for Kubernetes probes")
            cfg.set_value(doc, "server.shutdown", "graceful", "finish in-flight requests when Kubernetes stops the pod")
        if not info.actuator:
            ws.finding("no-actuator", "no spring-boot-starter-actuator (--no-actuator or add_actuator = false): liveness, readiness and startup probes are the same TCP check", mod.pom.path)

    PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][\w.-]*)(?::([^}]*))?\}")

    def _point_at_kept_server(self, ws: Workspace, info: ModuleInfo, f: str, doc, config_uri: str) -> None:
        """A kept Config Server is reached at its Service; a client that names it by a placeholder with nothing to set it
        (``${CONFIG_SERVER_URL:http://localhost:8888/}``), or by another address in its default profile, would start
        without its config in a pod (``optional:``) or not at all. The Deployment's environment, which outranks every
        config file, gives it the Service URL; the file stays as it is, for local runs."""
        host = config_uri.split("://", 1)[-1].split("/", 1)[0]
        for v in cfg.values(doc):
            if v.profile is not None:
                continue  # a profile's address is for where that profile is active (docker compose); the pods activate none
            if re.fullmatch(r"spring\.config\.import(\[\d+\])?", v.key):
                addresses = [a.split("configserver:", 1)[1] for a in v.value.split(",") if "configserver:" in a]
            elif v.key == "spring.cloud.config.uri":
                addresses = [v.value]
            else:
                continue
            for a in addresses:
                m = self.PLACEHOLDER.fullmatch(a.strip())
                if m:
                    env = re.sub(r"[.-]", "_", m.group(1)).upper()
                elif not a.strip() or a.strip().split("://", 1)[-1].split("/", 1)[0] == host:
                    continue  # the import's default (spring.cloud.config.uri), or already the Service
                elif v.key == "spring.cloud.config.uri":
                    env = "SPRING_CLOUD_CONFIG_URI"
                else:
                    ws.finding("config-server-address", f"{v.key} names the kept Config Server at {a.strip()}, which is not its Service in a pod; "
                               f"use configserver:${{CONFIG_SERVER_URL:{a.strip()}}} so the Deployment can set {config_uri}", f, v.line)
                    continue
                info.config_env[env] = config_uri
                self._config_env_seen.setdefault((env, config_uri), []).append((f, v.line, f"{v.key}={v.value}"))

    def rewrite_test_config(self, ws: Workspace, info: ModuleInfo, versions: Versions, removed: tuple[str, ...]) -> None:
        """src/test/resources: no Eureka key left; "no registry in tests" becomes "no Kubernetes in tests"."""
        res = info.mod.rel("src", "test", "resources")
        for f in ws.walk(res, (".properties", ".yml", ".yaml")):
            name = f.rsplit("/", 1)[-1]
            if not re.match(r"^(application|bootstrap)([-.].*)?\.(properties|ya?ml)$", name):
                continue
            doc = ws.doc(f)
            off = [v for v in cfg.values(doc) if v.key in ("eureka.client.enabled",) and v.value.lower() == "false"]
            gone = remove_keys(doc, removed, REASON_EUREKA)
            if not gone or not off or versions.mode == "dns":
                continue
            if versions.line.sck[:1] in ("0", "1", "2"):
                cfg.set_value(doc, "spring.cloud.kubernetes.enabled", False, "tests run outside Kubernetes (was eureka.client.enabled=false)")
            else:  # spring.cloud.kubernetes.enabled is gone in 3.0
                cfg.set_value(doc, cfg.styled(doc, "spring.main.cloud-platform"), "NONE", "tests run outside Kubernetes (was eureka.client.enabled=false)")

    def _route_by_dns(self, ws: Workspace, doc, path: str, names: dict[str, str], urls: dict[str, str]) -> None:
        """Mesh-native: lb://x and Zuul serviceId routes call http://x:port, the Service, directly."""
        reason = "no discovery client: call the Kubernetes Service by its DNS name; the Istio sidecar load-balances"
        from ...editors.properties import PropertiesDocument as _Props

        spans = ([(e.value_start, e.value_end) for e in doc.entries if not doc.removed(e.start, e.end)] if isinstance(doc, _Props)
                 else [(n.start_mark.index, n.end_mark.index) for d in range(len(doc.docs)) for _, n in doc.leaves(d)])
        for start, end in spans:
            for m in re.finditer(r"lb://([A-Za-z0-9_-]+)", doc.text[start:end]):
                new = names.get(m.group(1).lower())
                if new in urls and not doc.removed(start + m.start(), start + m.end()):
                    doc.splice(start + m.start(), start + m.end(), urls[new], reason)
                    line = doc.line_of(start)
                    key = next((v.key for v in cfg.values(doc) if v.line == line), "")
                    cfg.refresh_comments(doc, key, line, stale_ids(m.group(1)), DNS_COMMENT, reason)
        routes: dict[str, dict[str, cfg.ConfigValue]] = {}
        for v in cfg.values(doc):
            m = re.fullmatch(r"zuul\.routes\.([^.]+)(?:\.([A-Za-z-]+))?", v.key)
            if m:
                routes.setdefault(m.group(1), {})[(m.group(2) or "").replace("-", "").lower()] = v
        for route, attrs in routes.items():
            if "url" in attrs:
                continue
            if "" in attrs:  # zuul.routes.<service>=/path/**: the short form names the service
                target = names.get(route.lower())
                if target in urls:
                    ws.finding("zuul-route-short", f"Zuul route '{route}' routes by service id in the short form; write it as zuul.routes.{route}.path with url: {urls[target]}", path, attrs[""].line)
                continue
            sid = attrs.get("serviceid")
            target = names.get((sid.value if sid else route).lower())
            if target not in urls:
                ext = self._external_url(sid.value) if sid else None
                if ext:
                    self._rename_key_and_value(doc, sid, "url", ext, "a service outside the repository, at the address meshify.toml gives it ([external.NAME])")
                elif sid:
                    ws.finding("zuul-route-unknown", f"Zuul route '{route}' calls service '{sid.value}', which is not in this repository; give it a url, or {http_hint(dns1035(sid.value))}", path, sid.line)
                continue
            if sid:
                self._rename_key_and_value(doc, sid, "url", urls[target], reason)
            elif "path" in attrs:
                cfg.set_value(doc, f"zuul.routes.{route}.url", urls[target], reason)

    def _rename_key_and_value(self, doc, value: cfg.ConfigValue, new_key: str, new_value: str, reason: str) -> None:
        """zuul.routes.r.serviceId: x -> zuul.routes.r.url: http://x:port, in place."""
        from ...editors.properties import PropertiesDocument as _Props

        if isinstance(doc, _Props):
            for e in doc.entries:
                if e.key == value.key and not doc.removed(e.start, e.end):
                    raw_key = doc.text[e.start:e.value_start]
                    last = value.key.rsplit(".", 1)[-1]
                    i = raw_key.rindex(last)
                    doc.splice(e.start + i, e.start + i + len(last), new_key, reason)
                    doc.splice(e.value_start, e.value_end, new_value, reason)
            return
        for m in doc.find(value.key.split(".")):
            if m.path != value.key.split(".") or doc.profile_of(m.doc) != value.profile:
                continue
            k, v = m.mapping.value[m.index]
            raw = doc.text[k.start_mark.index:k.end_mark.index]
            last = value.key.rsplit(".", 1)[-1]
            i = raw.rindex(last)
            doc.splice(k.start_mark.index + i, k.start_mark.index + i + len(last), new_key, reason)
            doc.splice(v.start_mark.index, v.end_mark.index, new_value, reason)

    def _new_import(self, value: str, line: trains.Line) -> str | None:
        """spring.config.import without configserver: (kubernetes: in its place on 3.x+, optional: kept); None: unchanged."""
        parts = [p.strip() for p in value.split(",") if p.strip()]
        gone = [p for p in parts if "configserver:" in p]
        if not gone:
            return None
        kept = [p for p in parts if p not in gone]
        if not line.bootstrap_config and not any(p.endswith("kubernetes:") for p in kept):
            kept.append("optional:kubernetes:" if all(p.startswith("optional:") for p in gone) else "kubernetes:")
        return ",".join(kept)

    def _fix_config_import(self, ws: Workspace, doc, path: str, line: trains.Line) -> None:
        reason = "the Config Server is retired; ConfigMaps replace it"
        from ...editors.yaml import YamlDocument as _Yaml, scalar

        if isinstance(doc, _Yaml):
            # every document, profile documents too (a docker profile that imports configserver: would fail to start)
            for d in range(len(doc.docs)):
                for key in (["spring", "config", "import"],):
                    m = doc._find_exact(d, key)
                    if m is None:
                        continue
                    v = m.mapping.value[m.index][1]
                    if not hasattr(v, "value") or not isinstance(v.value, str):
                        continue
                    new = self._new_import(v.value, line)
                    if new is None:
                        continue
                    if new:
                        quoted = doc.text[v.start_mark.index] in "\"'"
                        doc.splice(v.start_mark.index, v.end_mark.index, f'"{new}"' if quoted or new.endswith(":") else scalar(new), reason)
                    else:
                        doc.remove([m], reason)
            return
        new = self._new_import(cfg.get(doc, "spring.config.import") or "", line)
        if new is None:
            return
        if new:
            cfg.set_value(doc, "spring.config.import", new, reason)
        else:
            cfg.remove(doc, "spring.config.import", reason)

    # java -------------------------------------------------------------------
    def rewrite_java(self, ws: Workspace, info: ModuleInfo, versions: Versions, names: dict[str, str], urls: dict[str, str] | None = None) -> None:
        if urls:
            self._java_by_dns(ws, info, names, urls)
        for f in info.java:
            doc: JavaDocument = ws.doc(f)
            for old, new, why in REPLACED_ANNOTATIONS if not urls else ():
                replace_annotation(doc, old, new, why)
            for name, start, end in doc.imports():
                # the Eureka package is gone; a wildcard import of it no longer compiles
                if name == "org.springframework.cloud.netflix.eureka.*":
                    doc.splice(start, end, "", "the Eureka client package is gone with Eureka")
            for ann in doc.annotations("RibbonClient", "RibbonClients"):
                ws.finding("ribbon-client", "@RibbonClient has no Kubernetes equivalent; use @LoadBalancerClient (org.springframework.cloud.loadbalancer.annotation) or Istio DestinationRule", f, doc.line_of(ann.start))
            for ann in doc.annotations("FeignClient") if not urls else ():
                args = doc.string_args(ann)
                named = next((v for a, v, _, _ in args if a in (None, "name", "value", "serviceId")), None)
                if named and named.lower() not in names and "${" not in named and not any(a == "url" for a, *_ in args):
                    if not self._feign_external(doc, args):
                        ws.finding("external-missing", f"@FeignClient '{named}' names no service of this repository: {http_hint(dns1035(named))}", f, doc.line_of(ann.start))
                for attr, value, s, e in args:
                    if attr in (None, "name", "value", "serviceId") and value.lower() in names and names[value.lower()] != value:
                        doc.splice(s, e, names[value.lower()], "Feign clients call the Kubernetes Service name")
                    elif attr in (None, "name", "value") and not DNS1035.match(value) and "${" not in value:
                        ws.finding("feign-name", f"@FeignClient name '{value}' is not a Service in this repository nor a valid Kubernetes Service name", f, doc.line_of(s))
            # http://SERVICE-ID/ literals in RestTemplate/WebClient calls
            for m in re.finditer(r'"(https?|lb)://([A-Za-z0-9_.-]+)', doc.text) if not urls else ():
                host = m.group(2)
                if host.lower() in names and names[host.lower()] != host and doc.masked[m.start()] == '"':
                    s = m.start(2)
                    doc.splice(s, s + len(host), names[host.lower()], "service URLs use the Kubernetes Service name")
            arts = {d.artifact for d in self._deps_in_chain(ws, info.mod)}
            for name, start, _ in doc.imports():
                # Hystrix and Zuul classes resolve as long as their starters stay
                if name.startswith("com.netflix.hystrix") and any("hystrix" in a or a in FEIGN for a in arts):
                    continue
                if name.startswith("com.netflix.zuul") and info.zuul:
                    continue
                if name.startswith(("com.netflix.", "org.springframework.cloud.netflix.ribbon")):
                    ws.finding("netflix-class", f"{name} came with the Eureka client and no longer resolves; remove its use or add its library explicitly", f, doc.line_of(start))
            if not versions.line.bootstrap_config:
                for ann in doc.annotations("SpringCloudApplication"):
                    ws.finding("spring-cloud-application", "@SpringCloudApplication was removed in Spring Cloud 2022.0; use @SpringBootApplication", f, doc.line_of(ann.start))

    def _feign_external(self, doc: JavaDocument, args) -> bool:
        """@FeignClient("id") of an [external.ID]: url = its address. False when there is no such entry."""
        for attr, value, st, en in args:
            if attr not in (None, "name", "value", "serviceId"):
                continue
            url = self._external_url(value)
            if url is None:
                return False
            reason = "a service outside the repository, at the address meshify.toml gives it ([external.NAME])"
            if attr is None:
                doc.splice(st - 1, en + 1, f'name = "{value}", url = "{url}"', reason)
            else:
                doc.splice(en + 1, en + 1, f', url = "{url}"', reason)
            return True
        return False

    def _java_by_dns(self, ws: Workspace, info: ModuleInfo, names: dict[str, str], urls: dict[str, str]) -> None:
        """Mesh-native Java: Feign gets url=, service literals get host:port, @EnableEurekaClient goes."""
        reason = "no discovery client: call the Kubernetes Service by its DNS name; the Istio sidecar load-balances"
        unresolved: list[tuple[str, int, str]] = []
        balanced: list[tuple[JavaDocument, str]] = []
        for f in info.java:
            doc: JavaDocument = ws.doc(f)
            for ann in doc.annotations("EnableEurekaClient"):
                if doc.resolves_to(ann, ENABLE_EUREKA_CLIENT) or ann.name == ENABLE_EUREKA_CLIENT:
                    doc.remove_annotation(ann, "no discovery client on Kubernetes DNS")
            doc.remove_import(ENABLE_EUREKA_CLIENT, "no discovery client on Kubernetes DNS")
            for ann in doc.annotations("FeignClient"):
                args = doc.string_args(ann)
                if any(a == "url" for a, *_ in args):
                    continue
                for attr, value, st, en in args:
                    target = names.get(value.lower())
                    if attr in (None, "name", "value", "serviceId") and target in urls:
                        if attr is None:
                            doc.splice(st - 1, en + 1, f'name = "{target}", url = "{urls[target]}"', reason)
                        else:
                            if target != value:
                                doc.splice(st, en, target, reason)
                            doc.splice(en + 1, en + 1, f', url = "{urls[target]}"', reason)
                        break
                else:
                    if not self._feign_external(doc, args):
                        named = next((v for a, v, _, _ in args if a in (None, "name", "value", "serviceId")), "")
                        ws.finding("feign-no-url", "@FeignClient names no service of this repository; give it a url (there is no discovery client)"
                                   + (f", or {http_hint(dns1035(named))}" if named and "${" not in named else ""), f, doc.line_of(ann.start))
            for m in re.finditer(r'"(https?|lb)://([A-Za-z0-9_-]+)(:\d+)?(?![\w.-])', doc.text):
                if doc.masked[m.start()] != '"':
                    continue
                host, port = m.group(2), m.group(3)
                target = names.get(host.lower())
                if target in urls and not port:
                    doc.splice(m.start() + 1, m.end(), urls[target], reason)
                elif target is None and "." not in host and host.lower() not in ("localhost",) and not port:
                    ext = self._external_url(host)
                    if ext:
                        doc.splice(m.start() + 1, m.end(), ext, "a service outside the repository, at the address meshify.toml gives it ([external.NAME])")
                    else:
                        unresolved.append((f, doc.line_of(m.start()), m.group(0)[1:]))
            if doc.annotations("LoadBalanced"):
                balanced.append((doc, f))
        for doc, f in balanced:
            lb = [a for a in doc.annotations("LoadBalanced")]
            if unresolved:
                listed = ", ".join(f"{p}:{n} {u}" for p, n, u in unresolved)
                ws.finding("load-balanced-kept", f"@LoadBalanced kept: these URLs name no service of this repository ({listed}); without a discovery client they need a host:port", f, doc.line_of(lb[0].start))
                continue
            for a in lb:
                doc.remove_annotation(a, "every service URL names the Kubernetes Service and port; the sidecar balances")
            doc.remove_import("org.springframework.cloud.client.loadbalancer.LoadBalanced", "no client-side load balancer on Kubernetes DNS")

    def _external_url(self, name: str) -> str | None:
        """http://host:port of meshify.toml's [external.NAME] for a service id no module has (marked used)."""
        entry = getattr(self, "_externals", {}).get(dns1035(name)) if name and "${" not in name else None
        if entry is None:
            return None
        self._ext_used.add(entry.name)
        return entry.url

    def _external_config(self, ws: Workspace, doc, path: str, names: dict[str, str]) -> None:
        """lb://ID routes naming no module: the [external.ID] address, or a finding naming the key to add."""
        from ...editors.properties import PropertiesDocument as _Props

        reason = "a service outside the repository, at the address meshify.toml gives it ([external.NAME])"
        spans = ([(e.value_start, e.value_end, e.line) for e in doc.entries if not doc.removed(e.start, e.end)] if isinstance(doc, _Props)
                 else [(n.start_mark.index, n.end_mark.index, n.start_mark.line + 1) for d in range(len(doc.docs)) for _, n in doc.leaves(d)])
        for start, end, line in spans:
            for m in re.finditer(r"lb://([A-Za-z0-9_-]+)", doc.text[start:end]):
                if m.group(1).lower() in names or doc.removed(start + m.start(), start + m.end()):
                    continue
                url = self._external_url(m.group(1))
                if url:
                    doc.splice(start + m.start(), start + m.end(), url, reason)
                else:
                    ws.finding("external-missing", f"lb://{m.group(1)} names no service of this repository: {http_hint(dns1035(m.group(1)))}", path, line)

    # services ---------------------------------------------------------------
    def _raw_name(self, ws: Workspace, info: ModuleInfo) -> str:
        got = config_get(ws, info.mod, "spring.application.name")
        return (got[0] if got else info.mod.artifact_id).lower()

    def endpoint(self, ws: Workspace, info: ModuleInfo, versions: Versions, served: dict[str, list]) -> Endpoint:
        """Port, context path and actuator root, read where Spring Boot would read them.

        The Config Server's {application} file beats its application file, and both beat the
        service's own files (a remote property source outranks local ones)."""
        app = self._raw_name(ws, info)
        docs = list(reversed(served.get(app, []))) + list(reversed(served.get("application", [])))

        def get(*keys: str) -> str | None:
            for doc in docs:
                for key in keys:
                    v = cfg.get(doc, key)
                    if v is not None:
                        return v
            for key in keys:
                got = config_get(ws, info.mod, key)
                if got is not None:
                    return got[0]
            return None

        raw_port = get("server.port")
        port = port_value(raw_port, 8080) or 8080
        random = port_value(raw_port, 8080) == 0
        if versions.boot1:
            context = get("server.context-path", "server.contextPath") or ""
            mgmt = port_value(get("management.port"), 0)
            base = get("management.context-path", "management.contextPath") or ""
            prefix = "" if mgmt and mgmt != port else context
        else:
            context = get("server.servlet.context-path", "server.servlet.contextPath") or ""
            mgmt = port_value(get("management.server.port"), 0)
            base = get("management.endpoints.web.base-path") or "/actuator"
            if mgmt and mgmt != port:
                prefix = get("management.server.base-path", "management.server.servlet.context-path") or ""
            else:
                prefix = context
        root = ("/" + "/".join(p.strip("/") for p in (prefix, base) if p and p.strip("/"))).rstrip("/")
        if "${" in root:
            ws.finding("probe-path-placeholder", f"the actuator path '{root}' holds a placeholder; check the probe paths in the overlay", info.mod.pom.path)
        return Endpoint(port, context.rstrip("/"), mgmt if mgmt != port else 0, root, random)

    def mount_served_config(self, services: list[Service], by_module: dict[str, Versions], default: Versions, shared: bool) -> None:
        """Mesh-native: the served files are mounted (the service's at /app/config, the shared ones at
        /app/config-shared) and named as extra config locations, the service's own winning."""
        for svc in services:
            if not svc.config_data and not shared:
                continue
            versions = by_module.get(svc.module, default)
            dirs = (["file:/app/config-shared/"] if shared else []) + (["file:/app/config/"] if svc.config_data else [])
            svc.shared_config_mount = "/app/config-shared" if shared else None
            if versions.boot1:  # Boot 1.x: spring.config.location adds to the defaults and wins over them
                svc.env.setdefault("SPRING_CONFIG_LOCATION", ",".join(dirs))
            elif trains.boot_at_least(versions.boot, 2, 4):
                svc.env.setdefault("SPRING_CONFIG_IMPORT", ",".join("optional:" + d for d in dirs))
            else:  # Boot 2.0-2.3: later locations win, and all of them win over the packaged files
                svc.env.setdefault("SPRING_CONFIG_ADDITIONAL_LOCATION", ",".join(dirs))

    def describe(self, ws: Workspace, info: ModuleInfo, versions: Versions, names: dict[str, str], options: Options,
                 deployable: Deployable | None = None, endpoints: dict[str, Endpoint] | None = None) -> Service:
        mod = info.mod
        got = config_get(ws, mod, "spring.application.name")
        name = deployable.name if deployable and deployable.name else dns1035(got[0]) if got else dns1035(mod.artifact_id)
        on_tomcat = deployable is not None and deployable.shape == "war"
        ep = (endpoints or {}).get(name) or Endpoint()
        if on_tomcat:
            # On Tomcat the connector's port serves the war; server.port and management.server.port are Boot's own server's.
            base = (config_get(ws, mod, "management.endpoints.web.base-path") or ("/actuator",))[0]
            ep = Endpoint(TOMCAT_PORT, deployable.context_path.rstrip("/"), 0,
                          ("/" + "/".join(p.strip("/") for p in (deployable.context_path, base) if p and p.strip("/"))).rstrip("/"))
        elif ep.random_port:
            ws.finding("random-port", f"{name} listens on a random port (server.port=0), which Eureka tolerated and a Kubernetes Service cannot reach; the Deployment sets SERVER_PORT={ep.port}", mod.pom.path)
        port = ep.port
        ports = [PortSpec("http", port)]
        mgmt = ep.management_port
        if mgmt:
            ports.append(PortSpec("http-management", mgmt, expose=False))
        probe_port = mgmt or port
        root = ep.health_root
        if not info.actuator:
            live = ready = start = Probe(probe_port)
        elif versions.boot1:
            p = root + "/health"
            live, ready, start = Probe(probe_port), Probe(probe_port, p), Probe(probe_port, p)
        elif trains.boot_at_least(versions.boot, 2, 3):
            live = Probe(probe_port, f"{root}/health/liveness")
            ready = Probe(probe_port, f"{root}/health/readiness")
            start = Probe(probe_port, f"{root}/health/liveness")
        else:
            live, ready, start = Probe(probe_port), Probe(probe_port, f"{root}/health"), Probe(probe_port, f"{root}/health")
        calls = []
        for f in info.java:
            doc: JavaDocument = ws.doc(f)
            for ann in doc.annotations("FeignClient"):
                for attr, value, _, _ in doc.string_args(ann):
                    if attr in (None, "name", "value", "serviceId") and value.lower() in names:
                        calls.append(names[value.lower()])
                    elif attr in (None, "name", "value", "serviceId") and "${" not in value:
                        info.external.add(value)
        version = ws.resolve(mod, mod.pom.version) or "latest"
        return Service(
            name=name,
            module=mod.dir,
            role="gateway" if info.gateway else "service",
            ports=ports,
            liveness=live,
            readiness=ready,
            startup=start,
            uses_kubernetes_api=versions.mode != "dns",
            calls=sorted(set(calls)),
            env={**info.config_env, **({"SERVER_PORT": str(port)} if ep.random_port else {})},  # the environment outranks every config file
            image_tag=version,
            resilience=self._resilience(info.resilience),
            graceful_shutdown=trains.boot_at_least(versions.boot, 2, 3),
            secrets_as_files=trains.boot_at_least(versions.boot, 2, 4),  # spring.config.import: configtree:
            has_dockerfile=ws.exists(mod.rel("Dockerfile")),
            container_heap_flag=self._heap_flag(ws, mod, name, deployable),
            artifact_id=mod.artifact_id,
            java_version=java_release(ws, mod),
            deployable=deployable,
        )

    def _heap_flag(self, ws: Workspace, mod: Module, name: str, deployable: Deployable | None) -> bool:
        """Whether the Deployment may set -XX:MaxRAMPercentage: always for the Dockerfile meshify writes; for
        the user's own, only when its base image's JVM has the option (Java 10+, 8u191+)."""
        rel = deployable.dockerfile if deployable is not None and deployable.dockerfile else mod.rel("Dockerfile")
        if not ws.exists(rel):
            return True
        image, line = final_image(ws.read(rel).decode("utf-8", "replace"))
        ok, why = supports_max_ram_percentage(image)
        if ok:
            return True
        ws.finding("jvm-option-left-out", f"{name}: the Dockerfile meshify keeps runs {image or 'an image named by a build argument'}; "
                   f"{why}" + (", so" if ok is False else ": unsure whether its JVM knows -XX:MaxRAMPercentage (Java 10+, 8u191+), so")
                   + " the Deployment's JAVA_TOOL_OPTIONS leave it out and the heap follows the JVM's own default. "
                   "Use a Java 8u191+ or 11+ base image, then add -XX:MaxRAMPercentage=75 in the overlay", rel, line)
        return False

    def _resilience(self, values) -> Resilience | None:
        """Map unambiguous global timeouts/retries; anything per-client stays a finding."""
        r = Resilience()
        for f, v in values:
            key = v.key
            if v.profile is not None:
                continue
            if key in ("ribbon.ReadTimeout", "feign.client.config.default.readTimeout", "feign.client.config.default.read-timeout"):
                r.per_try_timeout_ms = max(r.per_try_timeout_ms or 0, duration_ms(v.value) or 0) or None
            elif key == "hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds":
                r.timeout_ms = duration_ms(v.value)
            elif key in ("ribbon.MaxAutoRetries",):
                try:
                    r.retries = int(v.value) + (r.retries or 0)
                except ValueError:
                    continue
            elif key == "ribbon.MaxAutoRetriesNextServer":
                try:
                    r.retries = (r.retries or 0) + int(v.value)
                except ValueError:
                    continue
            else:
                continue
            r.sources.append(f"{f}:{v.line} {key}")
        if not r.sources:
            return None
        if r.retries and r.per_try_timeout_ms and not r.timeout_ms:
            r.timeout_ms = r.per_try_timeout_ms * (r.retries + 1)
        return r
