"""meshify.toml: per-repository defaults. Command-line options override the file."""
from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Iterable

from . import validation as v
from .errors import MeshifyError, UsageError
from .options import CommonOptions, toml_keys
from .reading import read_inside

FILE = "meshify.toml"

# [services.NAME]: per-service overrides (key -> check); port, replicas, env and resources are applied
# by pipeline.apply_overrides, versions, stable and weights by manifests/versions.py, main by rules/deployables.py
SERVICE_KEYS = {"port": v.port, "replicas": v.replicas, "env": v.env, "resources": v.resources,
                "versions": v.table, "stable": v.text, "weights": v.table, "main": v.text}

EXAMPLE = '''# meshify.toml: defaults for `meshify springcloud|dubbo` in this repository.
# Command-line options override these values. Unknown keys are an error.

# namespace = "petstore"            # Kubernetes namespace (default: root artifactId)
# output = "k8s"                    # manifests folder inside the repository
# image_registry = "registry.example.com/petstore"
# image_tag = "1.0.0"               # default: the project version
# replicas = 2
# debug_port = 5005                 # JDWP kept reachable behind the Istio sidecar
# mtls = "strict"                   # or "permissive" during a gradual rollout
# istio_version = "1.14"            # the cluster's Istio, when older than 1.22: resources as v1beta1
# skip_modules = ["legacy-batch"]   # module folders or artifactIds meshify leaves alone
# keep_registry = false
# keep_config_server = false
# add_actuator = true               # add spring-boot-starter-actuator where missing (false: TCP probes)
# dubbo_version = "3.1.5"
# dual_protocol = false
# mode = "sidecar"                  # dubbo: or "proxyless" (Dubbo reads xDS from istiod; Dubbo 3.1.1-3.2.9)
# expose_kiali = "nodeport"         # or "gateway" (with kiali_host): writes <output>/addons/kiali
# kiali_host = "kiali.example.com"

# [resources]                       # per-container requests and limits
# requests = { cpu = "250m", memory = "512Mi", ephemeral-storage = "256Mi" }
# limits = { cpu = "1", memory = "1Gi", ephemeral-storage = "1Gi" }

# [services.customers-service]      # per-service overrides, by Service name
# port = 8081                       # the port the application listens on (container, Service, probes)
# replicas = 3
# env = { JAVA_OPTS = "-Xss512k" }
# resources = { limits = { memory = "2Gi" } }
# main = "com.example.customers.CustomersMain"  # the main class it runs, when its module has several

# [services.shop-order]             # one application deployed in several versions (docs/versions.md)
# versions = { "order-next" = "v2" }  # module folder or artifactId = version, when nothing else says
# stable = "v1"                     # the default route's version (default: the lowest vN)
# weights = { v1 = 90, v2 = 10 }    # split the default route instead; must add up to 100

# [external.stock-service]          # a provider the repository calls but does not contain
# address = "10.20.0.7:20880"       # or a DNS name
# protocol = "dubbo"                # dubbo, tri, http or tcp
'''


def _keys(types: Iterable[type]) -> dict[str, tuple[type, str]]:
    keys: dict[str, tuple[type, str]] = {}
    for t in types:
        keys.update(toml_keys(t))
    return keys


def load(root: Path, known: Iterable[type] = (CommonOptions,)) -> dict:
    """meshify.toml as a dict, checked against the keys of the options types ``known``."""
    keys = _keys(known)
    path = root / FILE
    if not os.path.lexists(path):
        return {}
    try:
        data = tomllib.loads(read_inside(root.resolve(), path, FILE).decode("utf-8"))  # a link out of the repository is refused
    except tomllib.TOMLDecodeError as e:
        raise MeshifyError(f"invalid TOML: {e}", FILE) from None
    except UnicodeDecodeError:
        raise MeshifyError("not UTF-8 text", FILE) from None
    for key, value in data.items():
        if key not in keys:
            raise MeshifyError(f"unknown key '{key}'", FILE, hint="known keys: " + ", ".join(sorted(keys)))
        typ = keys[key][0]
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            raise MeshifyError(f"'{key}' must be a {typ.__name__}", FILE)
    checks = {key: _check_of(known, field) for key, (_, field) in keys.items()}
    for key, value in data.items():
        problem = checks[key](value) if checks.get(key) else None
        if problem:
            raise MeshifyError(f"'{key}': {problem}", FILE)
    for name, svc in data.get("services", {}).items():
        if not isinstance(svc, dict):
            raise MeshifyError(f"[services.{name}] must be a table", FILE)
        for k, value in svc.items():
            if k not in SERVICE_KEYS:
                raise MeshifyError(f"unknown key 'services.{name}.{k}'", FILE, hint="known keys: " + ", ".join(sorted(SERVICE_KEYS)))
            problem = SERVICE_KEYS[k](value)
            if problem:
                raise MeshifyError(f"'services.{name}.{k}': {problem}", FILE)
    return data


def _check_of(types: Iterable[type], name: str):
    for t in types:
        for f in dataclasses.fields(t):
            if f.name == name and f.metadata.get("check"):
                return f.metadata["check"]
    return None


def options_for(root: Path, cli: dict, options_type: type = CommonOptions, known: Iterable[type] = ()) -> CommonOptions:
    """``options_type`` from its defaults, then meshify.toml, then the flags given on the command line.

    ``known``: every options type whose keys meshify.toml may hold (another migration's keys are accepted and unused).
    """
    opts = options_type()
    fields = {f.name for f in dataclasses.fields(options_type)}
    own = toml_keys(options_type)
    for key, value in load(root, (options_type, *known)).items():
        if key not in own:
            continue
        field = own[key][1]
        setattr(opts, field, tuple(value) if isinstance(value, list) else value)
    flags = {f.name: f for f in dataclasses.fields(options_type)}
    for key, value in cli.items():
        if value is None or value is False and key not in ("force",):
            continue
        if key in fields:
            check = flags[key].metadata.get("check")
            problem = check(value) if check else None
            if problem:
                raise UsageError(f"{flags[key].metadata.get('flag') or key}: {problem}")
            setattr(opts, key, value)
    if getattr(opts, "config_repo", None):  # read outside the repository when the user says so: it must exist
        p = Path(str(opts.config_repo)).expanduser()
        if not any(c.is_dir() for c in ([p] if p.is_absolute() else [Path.cwd() / p, root / p])):
            raise UsageError(f"--config-repo: {opts.config_repo} is not a folder")
    opts._from_cli = {k for k, value in cli.items() if value is not None and value is not False}  # type: ignore[attr-defined]
    return opts


def invalid(opts, field: str, problem: str) -> MeshifyError:
    """The error for a value that only the repository shows to be wrong: exit 2 from a flag, 3 from meshify.toml."""
    if field in getattr(opts, "_from_cli", ()):
        flag = next((f.metadata.get("flag") for f in dataclasses.fields(opts) if f.name == field), field)
        return UsageError(f"{flag}: {problem}")
    return MeshifyError(f"'{field}': {problem}", FILE)


def write_example(root: Path) -> int:
    path = root / FILE
    if path.exists():
        print(f"{path}: already exists; left unchanged")
        return 0
    if not root.is_dir():
        print(f"{root}: not a directory")
        return 3
    path.write_text(EXAMPLE, "utf-8")
    print(f"wrote {path}")
    return 0
