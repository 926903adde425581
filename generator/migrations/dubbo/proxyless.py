"""``meshify dubbo --mode proxyless``: Dubbo reads xDS from istiod itself, the Istio agent runs beside it.

What differs from the sidecar mode (see the README, "meshify dubbo --mode proxyless"):
* the dependency ``org.apache.dubbo:dubbo-xds`` at the Dubbo version, beside the target set;
* ``dubbo.registry.address=xds://istiod...?use-agent=true``: Dubbo (3.1.1+) dials the Istio agent's
  xDS socket named by ``GRPC_XDS_BOOTSTRAP``, which the ``grpc-agent`` injection template sets;
* a fixed metadata service port, the same on every pod, as Dubbo's proxyless sample requires;
* every reference needs ``providedBy``: xDS cannot map an interface to an application, so a
  reference meshify cannot wire stops the run;
* pods: the ``grpc-agent`` template instead of Envoy, the service-account token mounted (Dubbo's
  xDS code reads it), an ``ISTIO_MUTUAL`` DestinationRule; PERMISSIVE mTLS is not supported.

Versions (apache/dubbo tags): the xds registry is in ``dubbo-xds`` from 3.1.0 to 3.2.9; ``use-agent``
arrived in 3.1.1; 3.2.10 and 3.3.0 removed it ("Remove Kubernetes and xDS implementations", #13469).
"""
from __future__ import annotations

from ...editors.pom import Exclusion, property_refs
from ...errors import UsageError
from ...workspace import Workspace
from . import data

MODES = ("sidecar", "proxyless")
REGISTRY = "xds://istiod.istio-system.svc:15012?use-agent=true"
REGISTRY_COMMENT = "no registry (meshify): xDS from istiod, through the Istio agent, finds the providers"
METADATA_PORT = 20885
METADATA_PROTOCOL = "dubbo"
XDS = (data.DUBBO, "dubbo-xds")
# The `dubbo` jar already holds Dubbo's own modules; dubbo-xds would add second copies of them
# (Dubbo logs "Duplicate class") and, through dubbo-common, log4j 1.x. What it must bring is the
# xDS stack the `dubbo` jar leaves optional: the Envoy API, BouncyCastle, protobuf-java-util.
XDS_EXCLUSIONS = ((data.DUBBO, "*"),)
FIRST, LAST = (3, 1, 1), (3, 2, 9)
REMOVED_IN = "3.2.10 and 3.3.0"
COMMENT = "Dubbo 3 proxyless mesh (meshify): xDS from istiod through the Istio agent, triple, QoS probes reachable by the kubelet"


def check(mode: str, mtls: str, target: str) -> None:
    """Usage errors (exit 2): an unknown mode, PERMISSIVE mTLS, a Dubbo version without the agent-capable xds registry."""
    if mode not in MODES:
        raise UsageError(f"--mode must be sidecar or proxyless, got '{mode}'")
    if mode != "proxyless":
        return
    if mtls.lower() == "permissive":
        raise UsageError("--mtls permissive cannot be combined with --mode proxyless: proxyless xDS clients do not "
                         "support PERMISSIVE, and STRICT servers need ISTIO_MUTUAL clients; use --mtls strict, or the sidecar mode")
    v = data.version_tuple(target)
    if v is None or v < FIRST:
        raise UsageError(f"--mode proxyless needs Dubbo 3.1.1 to 3.2.9, not {target}: before 3.1.1 Dubbo's xds registry "
                         "cannot use the Istio agent (the use-agent parameter arrived in 3.1.1)")
    if v[:3] > LAST:
        raise UsageError(f"--mode proxyless needs Dubbo 3.1.1 to 3.2.9, not {target}: Dubbo removed its xds registry "
                         f"(dubbo-xds) in {REMOVED_IN} (apache/dubbo#13469); use --dubbo-version 3.2.9 or the sidecar mode")


def add_xds(ws: Workspace, migration, infos, target: str) -> None:
    """Add dubbo-xds to every pom that declares the core ``org.apache.dubbo:dubbo`` (after alignment)."""
    reason = "proxyless mesh: the xds registry and its xDS client (dubbo-xds)"
    by_dir = {i.mod.dir: i for i in infos}
    for mod in ws.modules:
        pom = mod.pom
        core = pom.find_dependency(data.DUBBO, "dubbo")
        if core is None or pom.find_dependency(*XDS) is not None:
            continue
        info = by_dir.get(mod.dir)
        if info is not None and info.newer:
            ws.finding("dubbo-newer-proxyless", f"this pom keeps a Dubbo newer than {target}, which has no xds registry; "
                       "dubbo-xds was not added: align its version first", pom.path, pom.line(core.el))
            continue
        expr = migration._version_expr(ws, mod, target, XDS)
        if expr == target:  # the core's version is managed: write the managed version's ${property}
            entry = migration._managed_entry(ws, mod, data.DUBBO, "dubbo")
            if entry and entry[0].version and property_refs(entry[0].version):
                expr = entry[0].version
        lines = pom.dependency_lines(*XDS, expr, None, [Exclusion(g, a) for g, a in XDS_EXCLUSIONS])
        anchor = pom.find_dependency(*data.GRPC[:2]) or pom.find_dependency(*data.CURATOR5) or core
        pom.add_dependency(lines, reason, after=anchor)


def config_adds(has, info) -> list[tuple[str, object]]:
    """Keys a deployable needs in proxyless mode, beside the registry and tri (``has``: is any spelling set?)."""
    adds: list[tuple[str, object]] = []
    if not has("dubbo.application.metadataServicePort", "dubbo.application.metadata-service-port"):
        adds.append(("dubbo.application.metadataServicePort", METADATA_PORT))
    if not has("dubbo.application.metadataServiceProtocol", "dubbo.application.metadata-service-protocol"):
        adds.append(("dubbo.application.metadataServiceProtocol", METADATA_PROTOCOL))
    return adds


def unwired(iface: str | None, hint: str | None = None, ambiguous: bool = False) -> str:
    """The message of the error for a reference without providedBy."""
    what = (f"{iface} has no single provider in this repository" if ambiguous else f"{iface} is not provided in this repository") if iface \
        else "cannot tell which interface this reference calls"
    return (f"{what}, and proxyless mode needs providedBy on every reference (xDS cannot map an interface "
            "to an application)" + (f"; {hint}" if hint else "; add providedBy = \"<provider Service>\""))
