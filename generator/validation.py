"""Checks for option values, shared by the command line (exit 2) and meshify.toml (exit 3).

Each check takes a value and returns None when it is fine, or what is wrong with it.
The options dataclasses name their check with ``option(..., check=...)``.
"""
from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

DNS1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
# the Docker reference grammar (distribution/reference): a tag, and a registry with its path
TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*(?::[0-9]+)?"
_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
REGISTRY = re.compile(rf"^{_DOMAIN}(?:/{_PATH_COMPONENT})*$")
QUANTITY = re.compile(r"^[+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")  # Kubernetes: a C identifier, or with - and .
VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")
MAX_REPLICAS = 1000


def kubernetes_name(value) -> str | None:
    if not isinstance(value, str) or not DNS1035.match(value) or len(value) > 63:
        return (f"{value!r} is not a Kubernetes name: lowercase letters, digits and '-', starting with a letter "
                "and ending with a letter or digit, at most 63 characters")
    return None


def port(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        return f"{value!r} is not a port number (1 to 65535)"
    return None


def replicas(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_REPLICAS:
        return f"{value!r} is not a replica count (1 to {MAX_REPLICAS})"
    return None


def image_tag(value) -> str | None:
    if not isinstance(value, str) or not TAG.match(value):
        return f"{value!r} is not an image tag: letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128 characters"
    return None


def image_registry(value) -> str | None:
    if not isinstance(value, str) or not REGISTRY.match(value):
        return f"{value!r} is not an image registry: a host (with an optional :port) and optional lowercase path, e.g. registry.example.com/team"
    return None


def mtls(value) -> str | None:
    if not isinstance(value, str) or value.lower() not in ("strict", "permissive"):
        return f"{value!r} is not an mTLS mode: strict or permissive"
    return None


ISTIO_VERSION = re.compile(r"^1\.(\d+)(\.\d+)?$")
OLDEST_ISTIO = 11  # 1.11: the oldest line meshify generates for (grpc-agent injection for proxyless Dubbo arrived in it)


def istio_version(value) -> str | None:
    m = ISTIO_VERSION.match(value) if isinstance(value, str) else None
    if not m:
        return f"{value!r} is not an Istio version: the control plane's release, e.g. 1.20 or 1.22.3"
    if int(m.group(1)) < OLDEST_ISTIO:
        return (f"Istio {value} is older than meshify supports (1.{OLDEST_ISTIO}): the generated policies use fields "
                "older control planes reject; upgrade the control plane first")
    return None


def output(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "the manifests folder must not be empty"
    p = PurePosixPath(value.replace("\\", "/"))
    if p.is_absolute() or ".." in p.parts or os.path.isabs(value):
        return f"{value!r} is not a folder inside the repository"
    if p.parts and p.parts[0] in (".git", ".meshify", ".hg", ".svn") or ".git" in p.parts:
        return f"{value!r} lies inside version-control data; choose a folder of the repository (default k8s)"
    if p.as_posix() == ".":
        return "the manifests folder must not be the repository root (default k8s)"
    return None


def modules(value) -> str | None:
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        return f"{value!r} is not a list of module folders or artifactIds (strings)"
    return None


def version(value) -> str | None:
    if not isinstance(value, str) or not VERSION.match(value):
        return f"{value!r} is not a version (major.minor.patch, e.g. 3.1.5)"
    return None


def resources(value) -> str | None:
    if not isinstance(value, dict):
        return "must be a table with requests and/or limits"
    for section, values in value.items():
        if section not in ("requests", "limits") or not isinstance(values, dict):
            return f"unknown section {section!r} (use requests and limits)"
        for k, v in values.items():
            if k not in ("cpu", "memory", "ephemeral-storage"):
                return f"{section}.{k}: unknown resource (use cpu, memory, ephemeral-storage)"
            if isinstance(v, bool) or not QUANTITY.match(str(v)):
                return f"{section}.{k}: {v!r} is not a Kubernetes quantity (e.g. 250m, 512Mi, 1)"
    return None


def env(value) -> str | None:
    if not isinstance(value, dict):
        return "must be a table of NAME = \"value\""
    for k, v in value.items():
        if not ENV_NAME.match(k):
            return f"{k!r} is not an environment variable name"
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            return f"{k}: the value must be a string or a number"
    return None


def table(value) -> str | None:
    return None if isinstance(value, dict) else "must be a table"


def text(value) -> str | None:
    return None if isinstance(value, str) and value else "must be a non-empty string"


def report_file(value) -> str | None:
    """--report: a file that can be written (checked before anything else is)."""
    if value is None:
        return None
    p = Path(value)
    if p.is_dir():
        return f"{value} is a folder; give a file name, e.g. {Path(value) / 'meshify-report.json'}"
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        return f"the folder {parent} does not exist"
    if p.exists() and not os.access(p, os.W_OK) or not p.exists() and not os.access(parent, os.W_OK):
        return f"{value} cannot be written"
    return None
