"""Manifests for an application deployed in several versions (see generator/rules/versions.py).

The application's resources (Service, ServiceAccount, DestinationRule, VirtualService and the
policies) are rendered once from its stable version; each version adds its own Deployment,
PodDisruptionBudget and ConfigMap, named ``<app>-<version>``. Everything else stays as the
``service`` template renders it.
"""
from __future__ import annotations

from copy import deepcopy
from pathlib import PurePosixPath
from typing import Any

from ..rules.versions import Application, Version

# files of the service template that belong to one version (the rest to the application)
WORKLOAD_FILES = ("deployment.yaml", "poddisruptionbudget.yaml", "configmap.yaml")
MODULE_ANNOTATION = "meshify.io/module"
SINGLE_VERSION = "v1"


def single(name: str, module: str = ".") -> Application:
    """The traffic policy of an application deployed in one version."""
    return Application(name, [Version(SINGLE_VERSION, module)], SINGLE_VERSION)


def traffic(ctx: dict[str, Any], app: Application) -> dict[str, Any]:
    """The DestinationRule subsets and VirtualService routes of ``app`` for a service context."""
    routes = app.http_routes()
    sources = ctx.get("source_routes", [])
    # A caller whose own timeout/retries differ from the default route's has a route of its own
    # (sourceLabels); a header route gets the same per-caller copies just before it (the match
    # and the caller's labels, both required), so a tagged call keeps the timeout its caller set.
    headed = []
    for r in routes[:-1]:
        for c in sources:
            headed.append({"name": f"{r['name']}-{c['name']}", "route": r["route"], "policy": c["policy"],
                           "match": [{**m, **c["match"][0]} for m in r["match"]]})
        headed.append(r)
    # per-caller routes after the header routes, before the default route
    callers = [{**r, "route": app.default_destinations()} for r in sources]
    return {
        "subsets": app.subsets(),
        "http_routes": headed + callers + routes[-1:],
        "tcp_routes": [{"port": p["port"], "route": app.default_destinations(p["port"])} for p in ctx["tcp_ports"]],
    }


def application_context(ctx: dict[str, Any], app: Application) -> dict[str, Any]:
    """The stable version's context, made the application's: no version label, every subset and route."""
    c = deepcopy(ctx)
    c["labels"] = {k: v for k, v in c["labels"].items() if k != "version"}
    c.update(traffic(c, app))
    return c


def workload_context(ctx: dict[str, Any], app: Application, version: Version, image_registry: str) -> dict[str, Any]:
    """One version's context: its Deployment, PodDisruptionBudget and ConfigMap are ``<app>-<version>``."""
    c = deepcopy(ctx)
    name = app.workload(version.name)
    c["name"] = name
    for key in ("labels", "pod_labels"):
        c[key] = {**c[key], "version": version.name, "app.kubernetes.io/instance": name}
    c["selector"] = {**c["selector"], "version": version.name}
    c["image"] = f"{image_registry}/{name}:" + c["image"].rsplit(":", 1)[1]
    if c["config_mount"]:
        c["config_name"] = name  # mounted: each version its own ConfigMap
    # else read through the Kubernetes API by application name: one ConfigMap, the stable version's
    # which module this Deployment runs: read back on the next run when its version hint is gone
    c["workload_annotations"] = {MODULE_ANNOTATION: PurePosixPath(version.module).as_posix()}
    return c


def shared_config_findings(app: Application, contexts: dict[str, dict[str, Any]]) -> list:
    """Versions whose configuration is read through the Kubernetes API share the application's
    one ConfigMap (Spring Cloud Kubernetes looks it up by application name): the stable
    version's. Drops the others' and reports those that differed."""
    from ..model import Finding

    stable = contexts[app.stable]
    out = []
    for v in app.versions:
        c = contexts[v.name]
        if v.name == app.stable or c["config_mount"] or not c["config_data"]:
            continue
        if c["config_data"] != stable["config_data"]:
            out.append(Finding(
                "version-config-shared",
                f"{app.name} {v.name} reads its configuration through the Kubernetes API by application name, "
                f"so it gets the ConfigMap {app.name} of {app.stable}, whose data differs from what its sources say; "
                "give the versions distinct application names, or put the difference in the overlay",
                path=f"{v.module}/pom.xml" if v.module not in ("", ".") else "pom.xml"))
        c["config_data"] = {}
    return out


def workload_file(rel: str, version: str) -> str:
    """``deployment.yaml`` -> ``deployment-v2.yaml``."""
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}-{version}{dot}{ext}"


def previous_versions(manifests_dir) -> dict[str, str]:
    """module -> version, from the Deployments an earlier run generated (their module annotation)."""
    from ruamel.yaml import YAML

    out: dict[str, str] = {}
    base = manifests_dir / "base"
    if not base.is_dir():
        return out
    loader = YAML(typ="safe", pure=True)
    for f in sorted(base.glob("*/deployment-*.yaml")):
        if not _own_file(f, manifests_dir):
            continue
        try:
            doc = loader.load(f.read_text("utf-8", "replace"))
        except Exception:  # a file someone broke: the run regenerates it (or reports the edit)
            continue
        meta = doc.get("metadata") if isinstance(doc, dict) else None
        if not isinstance(meta, dict):
            continue
        module = (meta.get("annotations") or {}).get(MODULE_ANNOTATION)
        version = (meta.get("labels") or {}).get("version")
        if isinstance(module, str) and isinstance(version, str):
            out[module] = version
    return out


def _own_file(f, manifests_dir) -> bool:
    """A regular file that really lives in the manifests folder (no link out of it on the way)."""
    return f.is_file() and not f.is_symlink() and f.resolve().is_relative_to(manifests_dir.resolve())


def previous_headers(manifests_dir, app: str) -> dict[str, list[dict[str, dict[str, str]]]]:
    """version -> the header matches of the route an earlier run generated for it in ``app``'s
    VirtualService (other than the Dubbo tag, which the sources still say)."""
    from ruamel.yaml import YAML

    from ..rules.versions import DEFAULT_ROUTE, DUBBO_TAG_HEADER

    f = manifests_dir / "base" / app / "virtualservice.yaml"
    if not _own_file(f, manifests_dir):
        return {}
    try:
        doc = YAML(typ="safe", pure=True).load(f.read_text("utf-8", "replace"))
        out: dict[str, list] = {}
        for route in doc["spec"].get("http") or []:
            name = route.get("name")
            if not isinstance(name, str) or name == DEFAULT_ROUTE:
                continue
            for m in route.get("match") or []:
                headers = m.get("headers") if isinstance(m, dict) and set(m) == {"headers"} else None
                if not isinstance(headers, dict) or not headers or DUBBO_TAG_HEADER in headers:
                    continue
                if all(isinstance(v, dict) and len(v) == 1 and isinstance(next(iter(v.values())), str) for v in headers.values()):
                    out.setdefault(name, []).append({k: dict(v) for k, v in headers.items()})
        return out
    except Exception:  # a file someone broke: regenerated (or reported as edited) by this run
        return {}


def applications(ws, services, out: str, conf: dict[str, dict]) -> tuple[dict[str, Application], list]:
    """The applications among ``services`` deployed in several versions, with their findings.

    ``out``: the manifests folder (its Deployments remember versions; never read for hints).
    ``conf``: the ``[services.NAME]`` tables of meshify.toml.
    """
    from ..rules.versions import Candidate, Constants, gateway_routes, group, header_for, header_rules, read_hints

    counts: dict[str, int] = {}
    for s in services:
        counts[s.name] = counts.get(s.name, 0) + 1
    shared = {n for n, c in counts.items() if c > 1 or (conf.get(n) or {}).get("versions")}
    if not shared and not any(("stable" in (c or {}) or "weights" in (c or {})) for c in conf.values()):
        return {}, []
    modules = {m.dir: m for m in ws.modules}
    previous = previous_versions(ws.root / out)
    earlier = {n: previous_headers(ws.root / out, n) for n in sorted(shared)}
    candidates, findings = [], []
    rules: list = []
    routes: list = []
    if shared:
        java = [f for m in ws.modules for f in ws.java_files(m, test=False)]
        constants = Constants(ws, java)
        rules, findings = header_rules(ws, java, constants)
        routes = gateway_routes(ws, ws.modules, constants)
    rule_headers = {r.header.lower() for r in rules}
    for s in services:
        mod = modules.get(s.module)
        if s.name not in shared or mod is None:
            candidates.append(Candidate(s.name, s.module, _project(mod), s.artifact_id))
            continue
        h = read_hints(ws, mod, skip_dirs=(out,))
        before = previous.get(PurePosixPath(s.module).as_posix())
        header = header_for(h.metadata, rules)
        if header is None and before:
            # the instance metadata is gone (the migration removed it); the route remembers it
            header = next(((n, m["exact"]) for e in earlier[s.name].get(before, []) if len(e) == 1
                           for n, m in e.items() if n in rule_headers and "exact" in m), None)
        candidates.append(Candidate(
            s.name, s.module, _project(mod), mod.artifact_id,
            hint=h.version, hint_source=h.version_source, previous=before,
            tag=h.tag, tag_source=h.tag_source, header=header, metadata=h.metadata,
        ))
    apps, more = group(candidates, conf, routes, earlier)
    if any(v.tag for a in apps.values() for v in a.versions):
        findings += _consumer_tag_findings(ws, services)
    return apps, findings + more


def _consumer_tag_findings(ws, services) -> list:
    from ..model import Finding
    from ..rules.versions import DUBBO_TAG_HEADER, consumer_tags

    modules = {m.dir: m for m in ws.modules}
    out = []
    for s in services:
        if s.module not in modules:
            continue
        for f, line, key in consumer_tags(ws, modules[s.module]):
            out.append(Finding(
                "consumer-tag-not-sent",
                f"{key} asks Dubbo's own tag router for tagged providers; over triple in mesh mode the tag is "
                f"not sent as the {DUBBO_TAG_HEADER} header, so the VirtualService cannot route these calls to "
                f"the tagged version. Set the {DUBBO_TAG_HEADER} attachment on the calls "
                f"(RpcContext.getClientAttachment().setAttachment(\"{DUBBO_TAG_HEADER}\", ...)), "
                "or route by the caller's labels (sourceLabels) in the overlay.",
                path=f, line=line))
    return out


def _project(mod) -> str:
    """The independent project a module belongs to: the top of its <modules> chain."""
    if mod is None:
        return ""
    seen = set()
    while mod.aggregator is not None and id(mod) not in seen:
        seen.add(id(mod))
        mod = mod.aggregator
    return mod.dir
