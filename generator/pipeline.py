"""Workspace -> Migration -> manifests -> Plan. The CLI calls ``build_plan`` and nothing else."""
from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import journal
from .errors import MeshifyError
from .migrations import MIGRATIONS, Migration, MigrationResult
from .model import dns1035
from .options import CommonOptions
from .plan import FileChange, Plan
from .workspace import Workspace

CHECKSUMS = ".meshify-checksums"


def detect_migration(ws: Workspace) -> Migration:
    """The registered migration most sure it fits; the first registered when none is."""
    scores = [(m.detects(ws), -i, m) for i, m in enumerate(MIGRATIONS.values())]
    return max(scores, key=lambda t: t[:2])[2]


_KIALI_HOST = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def check_addons(options: CommonOptions) -> None:
    """--expose-kiali nodeport|gateway (gateway needs --kiali-host); usage errors (exit 2) otherwise."""
    from .errors import UsageError

    mode, host = options.expose_kiali, options.kiali_host
    if mode is None:
        if host:
            raise UsageError("--kiali-host is used with --expose-kiali gateway")
        return
    if mode not in ("nodeport", "gateway"):
        raise UsageError(f"--expose-kiali must be nodeport or gateway, got '{mode}'")
    if mode == "gateway" and not host:
        raise UsageError("--expose-kiali gateway needs the host name Kiali is served on: --kiali-host kiali.example.com")
    if host and not _KIALI_HOST.match(host):
        raise UsageError(f"--kiali-host {host!r} is not a DNS name")


def build_plan(root: Path, migration: str, options: CommonOptions | None = None, manifests: bool = True, progress=None, cli: dict | None = None) -> Plan:
    """``migration``: a name in MIGRATIONS, or auto (detected from the dependencies).

    ``options``: the migration's Options; None reads meshify.toml and ``cli`` (flags given) for it.
    """
    from .settings import options_for

    known = [m.Options for m in MIGRATIONS.values()]
    skip = options.skip_modules if options is not None else options_for(root, cli or {}, CommonOptions, known).skip_modules
    ws = Workspace(root, skip_modules=skip)
    mig = detect_migration(ws) if migration == "auto" else MIGRATIONS[migration]
    if options is None:
        options = options_for(root, cli or {}, mig.Options, known)
    elif not isinstance(options, mig.Options):  # shared options given, the migration's own at their defaults
        options = mig.Options(**{f.name: getattr(options, f.name) for f in dataclasses.fields(CommonOptions)})
    check_addons(options)
    modules = list(ws.modules)
    result: MigrationResult = mig.migrate(ws, options)
    plan = Plan(ws.root, services=result.services, facts=result.facts, migration=mig.name, modules=modules, framework=mig.framework,
                decisions=result.decisions.as_dict())
    for doc in ws.docs():
        new = doc.render()
        is_new = ws.is_created(doc.path)
        if is_new and new == b"":
            continue
        if new != doc.on_disk or is_new:
            plan.add(FileChange(doc.path, None if is_new else doc.on_disk, new, list(doc.reasons), doc.encoding))
    if manifests and result.services and not result.facts.get("manifests_skipped"):
        _add_manifests(ws, plan, result, options, progress)
    elif not manifests and result.services:  # inspect: what the manifests would say about versions, without rendering them
        _application_versions(ws, plan, result, options)
    plan.strays = ws.named(journal.STRAY)
    plan.findings = ws.findings
    return plan


def output_dir(root: Path, options: CommonOptions) -> str:
    from . import validation
    from .settings import invalid

    problem = validation.output(options.output)
    if problem:
        raise invalid(options, "output", problem)
    return str(PurePosixPath(options.output.replace("\\", "/")))


def _application_versions(ws: Workspace, plan: Plan, result: MigrationResult, options: CommonOptions, out: str | None = None) -> dict:
    """The applications deployed in several versions (docs/versions.md), into the plan's facts and findings."""
    from .manifests.versions import applications

    apps, findings = applications(ws, result.services, out or output_dir(ws.root, options), options.overrides)
    if apps:
        plan.facts["application_versions"] = {name: app.describe() for name, app in sorted(apps.items())}
    for f in findings:
        ws.finding(f.code, f.message, f.path, f.line, f.severity)
    return apps


def _add_manifests(ws: Workspace, plan: Plan, result: MigrationResult, options: CommonOptions, progress=None) -> None:
    from .manifests import ManifestSettings, fingerprints, istio_api, render_manifests

    out = output_dir(ws.root, options)
    _no_link_on_the_way(ws, out)
    apply_overrides(result.services, options)
    _debug_port_is_free(result.services, options)
    namespace = dns1035(options.namespace or ws.project_name)
    _recall_resilience(ws, out, result)
    settings = ManifestSettings(
        namespace=namespace,
        image_registry=options.image_registry,
        image_tag=options.image_tag,
        replicas=options.replicas,
        mtls=options.mtls.upper(),
        debug_port=options.debug_port,
        istio_api=istio_api(options.istio_version),
        discovery_rbac=result.rbac.discovery,
        config_rbac=result.rbac.config,
        secrets_rbac=result.rbac.secrets,
        endpoint_slices=result.rbac.endpoint_slices,
        all_namespaces=result.rbac.all_namespaces,
        shared_config=result.shared_config,
        resources=options.resources,
        externals=_externals(ws, namespace, options, result),
    )
    settings.versions = _application_versions(ws, plan, result, options, out)
    overlays_exist = (ws.root / out / "overlays").exists()
    inputs, sources, findings = fingerprints(result.services, settings, result.extra_manifests)
    record = _record(ws, out)
    files = _unchanged_base(ws, out, record, inputs) if overlays_exist else None
    if files is None:
        files, _ = render_manifests(result.services, settings, extra_base=result.extra_manifests, progress=progress)
    # else: same inputs and base files as meshify wrote them; rendering again would give the same bytes
    for f in findings:
        ws.finding(f.code, f.message, f.path, f.line, f.severity)
    # render_manifests already normalized the extras under base/; add the rest (e.g. secrets/)
    files = {**result.extra_manifests, **files}
    base_files = {}
    for rel, data in sorted(files.items()):
        if rel.startswith("overlays/") and overlays_exist:
            continue
        path = f"{out}/{rel}"
        if rel.startswith("base/"):
            base_files[rel] = data
        _add_generated(ws, plan, path, data, options)
    _remove_stale(ws, plan, out, record.files, base_files, options)
    if record.sources == sources and record.inputs != inputs and any(c.path.startswith(f"{out}/base/") for c in plan.changes):
        plan.facts["regenerated"] = "meshify's templates changed"  # the repository's sources did not
    dockerfiles, dockerfile_inputs = _dockerfiles(ws, plan, result, settings, record, options)
    others = {rel: data for rel, data in files.items() if not rel.startswith(("base/", "overlays/"))}  # secrets/ examples
    others.update(_addons(ws, plan, out, namespace, options))
    _remove_stale(ws, plan, out, record.others, others, options)
    # a record of what meshify wrote, to tell a hand-edited file from a stale one
    sums = (f"# inputs {inputs}\n# sources {sources}\n"
            + "".join(f"{hashlib.sha256(d).hexdigest()}  {r}\n" for r, d in sorted(base_files.items()))
            + "".join(f"# dockerfile {hashlib.sha256(d).hexdigest()} {r}\n" for r, d in sorted(dockerfiles.items()))
            + "".join(f"# dockerfile-inputs {dockerfile_inputs[r]} {r}\n" for r in sorted(dockerfiles))
            + "".join(f"# generated {hashlib.sha256(d).hexdigest()} {r}\n" for r, d in sorted(others.items())))
    _add_generated(ws, plan, f"{out}/base/{CHECKSUMS}", sums.encode(), options, record=False)


def _addons(ws: Workspace, plan: Plan, out: str, namespace: str, options: CommonOptions) -> dict[str, bytes]:
    """The optional addons the options ask for (``addons/...`` under the output folder)."""
    from .manifests import istio_api

    produced: dict[str, bytes] = {}
    if options.expose_east_west:
        from .manifests import render_east_west_addon

        ws.finding("east-west-exposed", f"the east-west addon exposes namespace {namespace}'s services on the east-west gateway "
                   "(port 15443, mTLS passed through): it needs Istio's multi-network install (shared root CA, "
                   "istio-eastwestgateway, remote secrets) on every cluster", f"{out}/addons/east-west/gateway.yaml", severity="info")
        for rel, data in render_east_west_addon(namespace, namespace, istio_api(options.istio_version)).items():
            _add_generated(ws, plan, f"{out}/{rel}", data, options)
            produced[rel] = data
    if options.expose_kiali:
        from .manifests import render_kiali_addon

        ws.finding("kiali-exposed", f"Kiali is exposed ({options.expose_kiali}): check its auth.strategy first "
                   "(kubectl -n istio-system get configmap kiali -o yaml); with the anonymous strategy anyone who "
                   "reaches it sees, and may change, the mesh configuration"
                   + (". The gateway serves plain HTTP on port 80: add TLS in a Gateway of your own" if options.expose_kiali == "gateway" else ""),
                   f"{out}/addons/kiali/kustomization.yaml")

        for rel, data in render_kiali_addon(options.expose_kiali, options.kiali_host, namespace, istio_api(options.istio_version)).items():
            _add_generated(ws, plan, f"{out}/{rel}", data, options)
            produced[rel] = data
    return produced


def _dockerfiles(ws: Workspace, plan: Plan, result: MigrationResult, settings, record: "Record",
                 options: CommonOptions) -> tuple[dict[str, bytes], dict[str, str]]:
    """A Dockerfile for every service that has none. One meshify wrote (recorded, unedited since) is
    meshify's: rewritten when its template changes, deleted when its module is no longer deployed.
    Any other, the project's own or one edited since, is the user's and never touched."""
    from .manifests import dockerfile_inputs, workload_name

    def ours(rel: str) -> bool:
        digest = record.dockerfiles.get(rel)
        return digest is not None and ws.exists(rel) and hashlib.sha256(ws.read(rel)).hexdigest() == digest

    produced: dict[str, bytes] = {}
    inputs: dict[str, str] = {}  # what each was rendered from (its fingerprint)
    for svc in result.services:
        rel = svc.deployable.dockerfile if svc.deployable else str(PurePosixPath(svc.module) / "Dockerfile")
        if (ws.exists(rel) if svc.deployable else svc.has_dockerfile) and not ours(rel):
            continue
        fingerprint, render, finding = dockerfile_inputs(svc, workload_name(svc, settings))
        if finding:
            ws.finding(finding.code, finding.message, finding.path, finding.line, finding.severity)
        if render is not None:
            # rendered from the same templates and values as the one on disk, unedited since: the same bytes
            data = ws.read(rel) if record.dockerfile_inputs.get(rel) == fingerprint and ours(rel) else render()
            _add_generated(ws, plan, rel, data, options, record=False)
            produced[rel] = data
            inputs[rel] = fingerprint
    changed = {c.path for c in plan.changes}
    for rel in sorted(record.dockerfiles):
        if rel not in produced and rel not in changed and ours(rel):
            plan.add(FileChange(rel, ws.read(rel), None, ["no longer generated by meshify: its module is not deployed"]))
    return produced, inputs


def apply_overrides(services: list, options: CommonOptions) -> None:
    """[services.NAME] of meshify.toml: port, replicas, env and resources of one service."""
    from .settings import FILE

    by_name: dict[str, list] = {}
    for s in services:
        by_name.setdefault(s.name, []).append(s)  # an application in several versions: one entry each
    for name, o in sorted((options.overrides or {}).items()):
        if name not in by_name:
            raise MeshifyError(f"[services.{name}]: no service is named {name!r}", FILE, hint="services: " + (", ".join(sorted(by_name)) or "none"))
        for svc in by_name[name]:
            _override(svc, o)


def _override(svc, o: dict) -> None:
    if "port" in o and svc.ports and svc.ports[0].port != o["port"]:
        old = svc.ports[0].port
        svc.ports[0].port = o["port"]  # the port the application listens on: container, Service and probes
        for probe in (svc.liveness, svc.readiness, svc.startup):
            if probe is not None and probe.port == old:
                probe.port = o["port"]
    if "replicas" in o:
        svc.replicas = o["replicas"]
    if "env" in o:
        svc.env = {**svc.env, **{k: str(v) for k, v in o["env"].items()}}
    if "resources" in o:
        svc.resources = o["resources"]


def _debug_port_is_free(services: list, options: CommonOptions) -> None:
    from .settings import invalid

    if options.debug_port is None:
        return
    for svc in services:
        used = {p.port for p in svc.ports} | {pr.port for pr in (svc.liveness, svc.readiness, svc.startup) if pr} | ({svc.probe_only_port} - {None})
        if options.debug_port in used:
            raise invalid(options, "debug_port", f"{options.debug_port} is a port of service {svc.name}; choose a free port for the debugger")


def _no_link_on_the_way(ws: Workspace, out: str) -> None:
    """The manifests folder (and every folder above it) must be a real folder of the repository."""
    p = ws.root
    for part in PurePosixPath(out).parts:
        p = p / part
        if p.is_symlink():
            raise MeshifyError("the manifests folder is a symbolic link; meshify neither reads nor writes through it", ws.relpath(p), hint="replace the link with a real folder, or choose another with --output")


@dataclass
class Record:
    """What the last run wrote under base/ (the checksums file): fingerprints and file digests."""

    inputs: str | None = None
    sources: str | None = None
    files: dict[str, str] = field(default_factory=dict)  # "base/..." -> sha256
    dockerfiles: dict[str, str] = field(default_factory=dict)  # Dockerfiles meshify wrote: repository path -> sha256
    dockerfile_inputs: dict[str, str] = field(default_factory=dict)  # ... and the fingerprint of what each was rendered from
    others: dict[str, str] = field(default_factory=dict)  # other files meshify wrote under the output folder (secrets/, addons/)


def _record(ws: Workspace, out: str) -> Record:
    p = ws.root / out / "base" / CHECKSUMS
    rec = Record()
    if not p.is_file() or p.is_symlink():
        return rec
    for line in ws.read(f"{out}/base/{CHECKSUMS}").decode("utf-8", "replace").splitlines():
        if line.startswith("# inputs "):
            rec.inputs = line[len("# inputs "):]
        elif line.startswith("# sources "):
            rec.sources = line[len("# sources "):]
        elif line.startswith("# dockerfile "):
            digest, _, rel = line[len("# dockerfile "):].partition(" ")
            p = PurePosixPath(rel)
            if rel and not p.is_absolute() and ".." not in p.parts and (p.name == "Dockerfile" or p.name.startswith("Dockerfile.")):
                rec.dockerfiles[rel] = digest
        elif line.startswith("# dockerfile-inputs "):
            fingerprint, _, rel = line[len("# dockerfile-inputs "):].partition(" ")
            rec.dockerfile_inputs[rel] = fingerprint
        elif line.startswith("# generated "):
            digest, _, rel = line[len("# generated "):].partition(" ")
            p = PurePosixPath(rel)
            if rel and not p.is_absolute() and ".." not in p.parts and p.parts[0] in ("secrets", "addons"):
                rec.others[rel] = digest
        else:
            digest, sep, rel = line.partition("  ")
            if sep and rel.startswith("base/"):
                rec.files[rel] = digest
    return rec


def _externals(ws: Workspace, namespace: str, options: CommonOptions, result: MigrationResult) -> list[dict]:
    """ServiceEntry contexts for meshify.toml's [external.NAME] entries; an entry no caller uses is reported."""
    from .externals import manifest_context, parse

    entries = parse(options.externals)
    used = set(result.facts.get("externals_used", []))
    labels = {"app.kubernetes.io/part-of": namespace, "app.kubernetes.io/managed-by": "meshify"}
    for name in sorted(set(entries) - used):
        ws.finding("external-unused", f"[external.{name}] is declared but no caller in the repository was wired to it; "
                   "its ServiceEntry is generated anyway", "meshify.toml", severity="info")
    return [manifest_context(entries[n], namespace, labels) for n in sorted(entries)]


def _unchanged_base(ws: Workspace, out: str, rec: "Record", inputs: str) -> dict[str, bytes] | None:
    """The base files on disk, when the last run rendered them from these same inputs and nobody edited them."""
    if rec.inputs != inputs:
        return None
    files: dict[str, bytes] = {}
    for rel, digest in rec.files.items():
        f = ws.root / out / rel
        if f.is_symlink() or not f.is_file():
            return None
        data = ws.read(f"{out}/{rel}")
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        files[rel] = data
    return files


def _recorded(ws: Workspace, out: str) -> dict[str, str]:
    """The recorded digests by repository path, read once per run (asked for every file meshify regenerates)."""
    key = ("pipeline.recorded", out)
    got = ws.memo.get(key)
    if got is None:
        rec = _record(ws, out)
        got = ws.memo[key] = {f"{out}/{rel}": digest for rel, digest in {**rec.files, **rec.others}.items()}
    return got


def _remove_stale(ws: Workspace, plan: Plan, out: str, recorded: dict[str, str], produced: dict[str, bytes], options: CommonOptions) -> None:
    """Delete the files an earlier run generated and this one no longer produces.

    Only files in the record, as meshify wrote them; one edited since is a hand edit (refused without --force).
    """
    for rel, digest in sorted(recorded.items()):
        if rel in produced:
            continue
        path = f"{out}/{rel}"
        target = ws.root / path
        if target.is_symlink() or not target.is_file():
            continue
        old = ws.read(path)
        if hashlib.sha256(old).hexdigest() != digest and not options.force:
            ws.finding("manifest-edited", "edited by hand since meshify generated it, and no longer generated; move what you need to the overlay and delete it, or run with --force to delete it", path)
            plan.facts.setdefault("hand_edited", []).append(path)
        plan.add(FileChange(path, old, None, ["no longer generated by meshify"]))


def _add_generated(ws: Workspace, plan: Plan, path: str, data: bytes, options: CommonOptions, record: bool = True) -> None:
    try:
        mode = os.lstat(os.path.join(ws.root, path)).st_mode
    except OSError:  # not there (a first run), or not reachable: as Path.is_symlink() and is_file() say
        mode = 0
    if stat.S_ISLNK(mode):
        raise MeshifyError("refusing to write a generated file through a symbolic link", path)
    old = ws.read(path) if stat.S_ISREG(mode) else None
    if old == data:
        return
    if old is not None and record and not options.force:
        rec = _recorded(ws, output_dir(ws.root, options))
        if path in rec and hashlib.sha256(old).hexdigest() != rec[path]:
            ws.finding("manifest-edited", "edited by hand since meshify generated it; put customizations in the overlay (k8s/overlays) or run with --force to regenerate", path)
            plan.facts.setdefault("hand_edited", []).append(path)
    plan.add(FileChange(path, old, data, ["generated by meshify"]))


def _recall_resilience(ws: Workspace, out: str, result: MigrationResult) -> None:
    """Keep timeouts/retries that an earlier run read from config that is gone now (idempotence)."""
    from .model import Resilience

    def ms(text: str | None) -> int | None:
        if text is None:
            return None
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", text.strip().strip("'\""))
        if not m:
            return None
        return int(float(m.group(1)) * {"ms": 1, "s": 1000, "m": 60000}[m.group(2)])

    for svc in result.services:
        vs = ws.root / out / "base" / svc.name / "virtualservice.yaml"
        if not vs.is_file():
            continue
        text = ws.read(f"{out}/base/{svc.name}/virtualservice.yaml").decode("utf-8", "replace")
        default = re.search(r"^\s+- name: default\s*$", text, re.M)
        if default:  # the service's own policy is on its default route; routes before it are callers' or versions'
            text = text[default.start():]
        grab = lambda key, text=text: (re.search(rf"^\s+{key}: (\S+)", text, re.M) or [None, None])[1]  # noqa: E731
        old = Resilience(
            timeout_ms=ms(grab("timeout")),
            retries=int(grab("attempts")) if (grab("attempts") or "").isdigit() else None,
            per_try_timeout_ms=ms(grab("perTryTimeout")),
            outlier_consecutive_errors=int(grab("consecutive5xxErrors")) if (grab("consecutive5xxErrors") or "").isdigit() else None,
        )
        if not (old.timeout_ms or old.retries or old.per_try_timeout_ms or old.outlier_consecutive_errors):
            continue
        new = svc.resilience or Resilience()
        # values read from the source win; what the source no longer says is kept from the last run
        for f in ("timeout_ms", "retries", "per_try_timeout_ms", "outlier_consecutive_errors"):
            if getattr(new, f) is None:
                setattr(new, f, getattr(old, f))
        new.sources.append(f"{out}/base/{svc.name}/virtualservice.yaml")
        svc.resilience = new
