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
from ...model import DNS1035, Decisions, Deployable, Probe, PortSpec, Resilience, Service, dns1035
from ...rules.deployables import TOMCAT_PORT, java_release, main_class, module_deployables
from ...workspace import Module, Workspace
from ...rules.dependency import change_artifact, declared
from ...rules.java import replace_annotation
from ...rules.config import config_get, duration_ms, port_value, primary_config, remove_keys
from ..base import MigrationResult, RbacNeeds
from . import configserver
from . import versions as trains
from .data import (
    BOMS, BOOT_BOMS, CONFIG_CLIENT, CONFIG_SERVER, EUREKA_CLIENTS,
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


@dataclass
class ModuleInfo:
    mod: Module
    deployable: bool = False
    registry: bool = False
    config_server: bool = False
    gateway: bool = False
    eureka_client: bool = False
    feign: bool = False
    load_balanced: bool = False
    config_client: bool = False
    actuator: bool = False
    main_class: str | None = None
    java: list[str] = field(default_factory=list)
    resilience: list = field(default_factory=list)  # (file, ConfigValue) of client timeouts/retries
    external: set[str] = field(default_factory=set)  # Feign clients of services not in the repository


class SpringCloudMigration:
    """The rules of the springcloud migration (registered in ``__init__.py``)."""

    def detects(self, ws: Workspace) -> int:
        """1 when any pom declares or manages a Spring Cloud artifact."""
        return 1 if declared(ws, lambda d: d.group == G) else 0

    def migrate(self, ws: Workspace, options: Options) -> MigrationResult:
        versions = self.detect_versions(ws)
        infos = {m.dir: self.classify(ws, m) for m in ws.modules}
        retired = self.retire_modules(ws, infos, options)
        active = [i for i in infos.values() if i.mod.dir not in retired]
        names = self.service_names(ws, active)  # old id (lowercase) -> new DNS name
        for info in active:
            self.swap_dependencies(ws, info, infos, versions, options, retired)
        config_retired = any(infos[r].config_server for r in retired)
        for info in active:
            self.rewrite_config(ws, info, versions, names, options, config_retired)
            self.rewrite_java(ws, info, versions, names)
        services = [self.describe(ws, i, versions, names, options, d)
                    for i in active if i.deployable for d in module_deployables(ws, i.mod, options.overrides)]
        config_starters = {versions.line.config, "spring-cloud-starter-kubernetes-client-config", "spring-cloud-starter-kubernetes-fabric8-config"}
        uses_config = any(d.artifact in config_starters for i in active if i.deployable for d in self._deps_in_chain(ws, i.mod))
        rbac = RbacNeeds(discovery=any(s.uses_kubernetes_api for s in services), config=uses_config)
        servers = {d: d in retired for d, i in infos.items() if i.config_server}
        converted = configserver.convert(ws, options, servers, active, services, versions.line, names)
        rbac.config = rbac.config or converted.config_rbac
        facts = {
            "framework": "spring-cloud",
            "spring_cloud_train": versions.train_version or versions.train,
            "train_source": versions.train_source,
            "spring_boot": versions.boot,
            "spring_cloud_kubernetes": versions.explicit if not versions.managed else f"{versions.line.sck}.x (managed by {versions.train_source})",
            "retired_modules": sorted(retired),
        }
        line = versions.line
        lb = line.loadbalancer or line.ribbon
        decisions = Decisions(
            versions={"spring-cloud": versions.train_version or versions.train, "spring-boot": versions.boot,
                      "spring-cloud-kubernetes": facts["spring_cloud_kubernetes"]},
            discovery=f"Kubernetes Services through {line.discovery}" + (f"; client load balancing by {lb} in SERVICE mode (Istio routes)" if lb else ""),
            packaging={i.mod.dir: i.mod.pom.packaging for i in active if i.deployable},
            external_services=sorted(name for i in active for name in i.external),
        )
        return MigrationResult(services, rbac, facts, shared_config=converted.shared_config, extra_manifests=converted.extra_manifests, decisions=decisions)

    # versions -----------------------------------------------------------
    def detect_versions(self, ws: Workspace) -> Versions:
        train_version, source, managed = None, "", False
        boot = None
        for mod in ws.modules:
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
        arts = {d.artifact for d in self._deps_in_chain(ws, mod)}
        info.registry = bool(arts & set(EUREKA_SERVERS))
        info.config_server = CONFIG_SERVER in arts
        info.gateway = bool(arts & set(GATEWAYS))
        info.eureka_client = bool(arts & set(EUREKA_CLIENTS))
        info.feign = bool(arts & set(FEIGN))
        info.config_client = CONFIG_CLIENT in arts
        info.actuator = "spring-boot-starter-actuator" in arts
        if mod.pom.packaging == "pom":
            return info
        info.java = ws.java_files(mod)
        for f in info.java:
            if "/src/test/" in f:
                continue
            doc: JavaDocument = ws.doc(f)
            if doc.annotations("EnableEurekaServer"):
                info.registry = True
            if doc.annotations("LoadBalanced"):
                info.load_balanced = True
        info.main_class = main_class(ws, mod, ("SpringBootApplication", "SpringCloudApplication"))
        info.deployable = info.main_class is not None
        for f in ws.config_files(mod):
            if any("lb://" in v.value for v in cfg.values(ws.doc(f))):
                info.load_balanced = True
        return info

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
            if not what:
                continue
            mod = info.mod
            retired.add(mod.dir)
            agg = mod.aggregator
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
        for other in infos.values():
            if other.mod.dir in retired:
                continue
            if info.mod in other.mod.chain() and getattr(other, attr):
                return True
        return False

    def swap_dependencies(self, ws: Workspace, info: ModuleInfo, infos, versions: Versions, options: Options, retired: set[str]) -> None:
        pom: PomDocument = info.mod.pom
        line = versions.line
        deps = pom.dependencies()
        lb_needed = self._subtree_needs(ws, info, infos, retired, "feign") or self._subtree_needs(ws, info, infos, retired, "load_balanced") or any(d.artifact in RIBBON for d in deps)
        reason = "Eureka client -> Spring Cloud Kubernetes discovery"
        explicit = None if versions.managed else versions.explicit
        for dep in deps:
            if dep.group != G and dep.group != "org.springframework.cloud":
                continue
            if dep.artifact in EUREKA_CLIENTS:
                self._replace(ws, info.mod, dep, line.discovery, explicit, reason)
                lb_artifact = line.loadbalancer or line.ribbon
                if lb_needed and lb_artifact and not pom.find_dependency(G, lb_artifact):
                    lines = pom.dependency_lines(G, lb_artifact, explicit)
                    pom.add_dependency(lines, "load balancing through Kubernetes Services", after=dep)
                    if not line.loadbalancer:
                        ws.finding("ribbon-kept", f"Spring Cloud {versions.train} has no Kubernetes loadbalancer starter; Ribbon stays through {lb_artifact}", pom.path, pom.line(dep.el))
            elif dep.artifact in RIBBON and line.loadbalancer:
                pom.remove(dep.el, "Ribbon is replaced by the Kubernetes loadbalancer")
            elif dep.artifact == CONFIG_CLIENT and any(infos[r].config_server for r in retired):
                self._replace(ws, info.mod, dep, line.config, explicit, "Config Server client -> Kubernetes ConfigMaps")
            elif dep.artifact == "spring-cloud-kubernetes-discovery" and not line.sck.startswith(("0.", "1.")):
                ws.finding("discovery-server-client", "spring-cloud-kubernetes-discovery is the DiscoveryServer HTTP client in 2.x+, not discovery; replace it with " + line.discovery, pom.path, pom.line(dep.el))
        if options.add_actuator and not options.no_actuator and info.deployable and not info.actuator:
            pom.add_dependency(pom.dependency_lines("org.springframework.boot", "spring-boot-starter-actuator"), "actuator for Kubernetes probes")
            info.actuator = True
            ws.finding("actuator-added", "spring-boot-starter-actuator added: Kubernetes probes its health endpoints, so liveness and readiness differ (--no-actuator leaves it out)", pom.path, severity="info")

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

    def rewrite_config(self, ws: Workspace, info: ModuleInfo, versions: Versions, names: dict[str, str], options: Options, config_retired: bool) -> None:
        mod = info.mod
        line = versions.line
        files = ws.config_files(mod)
        resilience: list[cfg.ConfigValue] = []
        for f in files:
            doc = ws.doc(f)
            for v in cfg.values(doc):
                if is_resilience_key(v.key):
                    resilience.append((f, v))
            remove_keys(doc, REMOVED_PREFIXES, REASON_EUREKA)
            if config_retired:
                if cfg.get(doc, "spring.config.import") is not None:
                    self._fix_config_import(ws, doc, f, line)
                cfg.remove(doc, "spring.cloud.config", "the Config Server is retired; ConfigMaps replace it")
            # service ids follow the Kubernetes Service names
            for old, new in names.items() if "lb://" in doc.text else ():
                for variant in {old, old.upper()}:
                    if variant != new:
                        cfg.replace_in_values(doc, f"lb://{variant}", f"lb://{new}", "Kubernetes Service names are lowercase DNS labels")
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
        lb = info.feign or info.load_balanced
        if lb and line.loadbalancer:
            cfg.set_value(doc, "spring.cloud.kubernetes.loadbalancer.mode", "SERVICE", "call Kubernetes Services (POD mode bypasses Istio routing)")
        elif lb and line.ribbon:
            cfg.set_value(doc, "spring.cloud.kubernetes.ribbon.mode", "SERVICE", "call Kubernetes Services (POD mode bypasses Istio routing)")
        if trains.boot_at_least(versions.boot, 2, 3):
            if info.actuator:
                cfg.set_value(doc, "management.endpoint.health.probes.enabled", True, "liveness and readiness health groups for Kubernetes probes")
            cfg.set_value(doc, "server.shutdown", "graceful", "finish in-flight requests when Kubernetes stops the pod")
        if not info.actuator:
            ws.finding("no-actuator", "no spring-boot-starter-actuator (--no-actuator or add_actuator = false): liveness, readiness and startup probes are the same TCP check", mod.pom.path)

    def _fix_config_import(self, ws: Workspace, doc, path: str, line: trains.Line) -> None:
        value = cfg.get(doc, "spring.config.import") or ""
        parts = [p.strip() for p in value.split(",") if p.strip()]
        kept = [p for p in parts if "configserver:" not in p]
        if kept == parts:
            return
        if not line.bootstrap_config and "kubernetes:" not in kept:
            kept.append("kubernetes:")
        if kept:
            cfg.set_value(doc, "spring.config.import", ",".join(kept), "the Config Server is retired; ConfigMaps replace it")
        else:
            cfg.remove(doc, "spring.config.import", "the Config Server is retired; ConfigMaps replace it")

    # java -------------------------------------------------------------------
    def rewrite_java(self, ws: Workspace, info: ModuleInfo, versions: Versions, names: dict[str, str]) -> None:
        for f in info.java:
            doc: JavaDocument = ws.doc(f)
            for old, new, why in REPLACED_ANNOTATIONS:
                replace_annotation(doc, old, new, why)
            for name, start, end in doc.imports():
                # the Eureka package is gone; a wildcard import of it no longer compiles
                if name == "org.springframework.cloud.netflix.eureka.*":
                    doc.splice(start, end, "", "the Eureka client package is gone with Eureka")
            for ann in doc.annotations("RibbonClient", "RibbonClients"):
                ws.finding("ribbon-client", "@RibbonClient has no Kubernetes equivalent; use @LoadBalancerClient (org.springframework.cloud.loadbalancer.annotation) or Istio DestinationRule", f, doc.line_of(ann.start))
            for ann in doc.annotations("FeignClient"):
                for attr, value, s, e in doc.string_args(ann):
                    if attr in (None, "name", "value", "serviceId") and value.lower() in names and names[value.lower()] != value:
                        doc.splice(s, e, names[value.lower()], "Feign clients call the Kubernetes Service name")
                    elif attr in (None, "name", "value") and not DNS1035.match(value) and "${" not in value:
                        ws.finding("feign-name", f"@FeignClient name '{value}' is not a Service in this repository nor a valid Kubernetes Service name", f, doc.line_of(s))
            # http://SERVICE-ID/ literals in RestTemplate/WebClient calls
            for m in re.finditer(r'"(https?|lb)://([A-Za-z0-9_.-]+)', doc.text):
                host = m.group(2)
                if host.lower() in names and names[host.lower()] != host and doc.masked[m.start()] == '"':
                    s = m.start(2)
                    doc.splice(s, s + len(host), names[host.lower()], "service URLs use the Kubernetes Service name")
            for name, start, _ in doc.imports():
                if name.startswith(("com.netflix.", "org.springframework.cloud.netflix.ribbon")):
                    ws.finding("netflix-class", f"{name} came with the Eureka client and no longer resolves; remove its use or add its library explicitly", f, doc.line_of(start))
            if not versions.line.bootstrap_config:
                for ann in doc.annotations("SpringCloudApplication"):
                    ws.finding("spring-cloud-application", "@SpringCloudApplication was removed in Spring Cloud 2022.0; use @SpringBootApplication", f, doc.line_of(ann.start))

    # services ---------------------------------------------------------------
    def describe(self, ws: Workspace, info: ModuleInfo, versions: Versions, names: dict[str, str], options: Options,
                 deployable: Deployable | None = None) -> Service:
        mod = info.mod
        got = config_get(ws, mod, "spring.application.name")
        name = deployable.name if deployable and deployable.name else dns1035(got[0]) if got else dns1035(mod.artifact_id)
        on_tomcat = deployable is not None and deployable.shape == "war"
        # On Tomcat the connector's port serves the war; server.port and management.server.port are Boot's own server's.
        port = TOMCAT_PORT if on_tomcat else port_value((config_get(ws, mod, "server.port") or (None,))[0], 8080)
        ports = [PortSpec("http", port)]
        mgmt_raw = None if on_tomcat else config_get(ws, mod, "management.server.port")
        mgmt = port_value(mgmt_raw[0], 0) if mgmt_raw else 0
        if mgmt and mgmt != port:
            ports.append(PortSpec("http-management", mgmt, expose=False))
        probe_port = mgmt if mgmt and mgmt != port else port
        if mgmt and mgmt != port:
            prefix = (config_get(ws, mod, "management.server.base-path") or config_get(ws, mod, "management.server.servlet.context-path") or ("",))[0]
        elif on_tomcat:
            prefix = deployable.context_path.rstrip("/")
        else:
            prefix = (config_get(ws, mod, "server.servlet.context-path") or ("",))[0]
        base = (config_get(ws, mod, "management.endpoints.web.base-path") or ("/actuator",))[0]
        root = "/" + "/".join(p.strip("/") for p in (prefix, base) if p and p.strip("/"))
        root = root.rstrip("/")
        if not info.actuator:
            live = ready = start = Probe(probe_port)
        elif versions.boot and not trains.boot_at_least(versions.boot, 2, 0):
            p = (prefix.rstrip("/") + "/health") or "/health"
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
            uses_kubernetes_api=True,
            calls=sorted(set(calls)),
            image_tag=version,
            resilience=self._resilience(info.resilience),
            graceful_shutdown=trains.boot_at_least(versions.boot, 2, 3),
            secrets_as_files=trains.boot_at_least(versions.boot, 2, 4),  # spring.config.import: configtree:
            has_dockerfile=ws.exists(mod.rel("Dockerfile")),
            artifact_id=mod.artifact_id,
            java_version=java_release(ws, mod),
            deployable=deployable,
        )

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
