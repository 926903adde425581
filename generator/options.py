"""Options as dataclasses: the CLI flags and the meshify.toml keys are built from these fields.

``CommonOptions`` holds what every migration shares (manifests, images, guard rails);
each migration's options class extends it with its own fields (``migrations/<name>/options.py``).
A field declares itself with ``option(...)``:

    keep_registry: bool = option(False, flag="--keep-registry", toml=bool, help="Keep the Eureka server module.")

``flag``: the command-line flag (None: meshify.toml only); ``toml``: the type meshify.toml
accepts for the key (None: command line only); ``key``: the meshify.toml key when it is not
the field name; ``cli_type``: how the flag parses when not as the field's type (a Path for a folder).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from . import validation


def option(default: Any = None, *, flag: str | None = None, toml: type | None = None, key: str | None = None,
           help: str = "", factory: Any = None, cli_type: type | None = None, check: Any = None) -> Any:
    meta = {"flag": flag, "toml": toml, "key": key, "help": help, "cli_type": cli_type, "check": check}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class CommonOptions:
    force: bool = option(False, flag="--force", help="Regenerate manifests under k8s/base even if edited by hand.")
    namespace: str | None = option(None, flag="--namespace", toml=str, check=validation.kubernetes_name, help="Kubernetes namespace (default: root artifactId).")
    output: str = option("k8s", flag="--output", toml=str, check=validation.output, help="Folder for manifests, inside the repository (default k8s).")
    image_registry: str = option("registry.example.com", flag="--image-registry", toml=str, check=validation.image_registry, help="Image registry prefix.")
    image_tag: str | None = option(None, flag="--image-tag", toml=str, check=validation.image_tag, help="Image tag (default: the project version).")
    debug_port: int | None = option(None, flag="--debug-port", toml=int, check=validation.port, help="JDWP port kept reachable behind the sidecar.")
    mtls: str = option("strict", flag="--mtls", toml=str, check=validation.mtls, help="PeerAuthentication mode: strict (default) or permissive.")
    istio_version: str | None = option(None, flag="--istio-version", toml=str, check=validation.istio_version,
                                       help="The cluster's Istio release (default 1.22 or newer): before 1.22, Istio resources are written as v1beta1.")
    replicas: int = option(2, toml=int, check=validation.replicas)
    skip_modules: tuple[str, ...] = option((), toml=list, check=validation.modules)
    overrides: dict = option(toml=dict, key="services", factory=dict)  # per-service overrides, by Service name (settings.SERVICE_KEYS)
    resources: dict | None = option(None, toml=dict, check=validation.resources)
    externals: dict = option(toml=dict, key="external", factory=dict)  # [external.NAME]: services outside the repository
    expose_kiali: str | None = option(None, flag="--expose-kiali", toml=str, help="Write the Kiali addon (<output>/addons/kiali): nodeport or gateway.")
    expose_east_west: bool = option(False, flag="--expose-east-west", toml=bool, help="Write the east-west addon (<output>/addons/east-west): this namespace's services reachable from the mesh's other networks.")
    kiali_host: str | None = option(None, flag="--kiali-host", toml=str, help="Host name Kiali is served on with --expose-kiali gateway.")

def cli_fields(options_type: type, shared: bool) -> list[dataclasses.Field]:
    """Fields with a flag: the shared ones (``shared``) or only those the migration adds."""
    common = {f.name for f in dataclasses.fields(CommonOptions)}
    return [f for f in dataclasses.fields(options_type) if f.metadata.get("flag") and (f.name in common) == shared]


def toml_keys(options_type: type) -> dict[str, tuple[type, str]]:
    """meshify.toml key -> (type, field name)."""
    out = {}
    for f in dataclasses.fields(options_type):
        if f.metadata.get("toml") is not None:
            out[f.metadata.get("key") or f.name] = (f.metadata["toml"], f.name)
    return out
