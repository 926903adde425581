"""Strict, offline validation of rendered manifests, for any test that renders them.

    from tests.k8s_validation import validate_all
    validate_all(files)   # files: {"base/orders/deployment.yaml": b"...", ...}

* Kubernetes kinds: ``kubernetes_validate.validate(doc, "1.32", strict=True)``; strict
  rejects misspelled (unknown) fields, not only wrong types.
* Istio kinds: the cloudcoil pydantic models with ``extra="forbid"`` per call; by default
  pydantic silently drops unknown fields (``timeot``), so the flag matters (tooling.md §3).
* Kustomization files are skipped (not an API object).

Raises ``AssertionError`` naming the file, the document and the problem. Returns the
number of documents checked, so a caller can assert that something was checked at all.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

KUBERNETES_VERSION = "1.32"

_ISTIO_MODELS = {
    ("networking.istio.io/v1", "VirtualService"): ("cloudcoil.models.istio.networking.v1", "VirtualService"),
    ("networking.istio.io/v1", "DestinationRule"): ("cloudcoil.models.istio.networking.v1", "DestinationRule"),
    ("networking.istio.io/v1", "Gateway"): ("cloudcoil.models.istio.networking.v1", "Gateway"),
    ("networking.istio.io/v1", "ServiceEntry"): ("cloudcoil.models.istio.networking.v1", "ServiceEntry"),
    ("networking.istio.io/v1", "Sidecar"): ("cloudcoil.models.istio.networking.v1", "Sidecar"),
    ("security.istio.io/v1", "PeerAuthentication"): ("cloudcoil.models.istio.security.v1", "PeerAuthentication"),
    ("security.istio.io/v1", "AuthorizationPolicy"): ("cloudcoil.models.istio.security.v1", "AuthorizationPolicy"),
    ("security.istio.io/v1", "RequestAuthentication"): ("cloudcoil.models.istio.security.v1", "RequestAuthentication"),
}
# the same kinds as Istio before 1.22 serves them (--istio-version)
_ISTIO_MODELS.update({(a.replace("/v1", "/v1beta1"), k): (m.replace(".v1", ".v1beta1"), c) for (a, k), (m, c) in list(_ISTIO_MODELS.items())})


@lru_cache(maxsize=None)
def _istio_model(api_version: str, kind: str):
    import importlib

    target = _ISTIO_MODELS.get((api_version, kind))
    if target is None:
        return None
    return getattr(importlib.import_module(target[0]), target[1])


def validate_istio(doc: dict[str, Any]) -> None:
    """Raise ``AssertionError`` unless ``doc`` is a valid Istio resource with no unknown field."""
    model = _istio_model(doc.get("apiVersion"), doc.get("kind"))
    if model is None:
        raise AssertionError(f"no schema for Istio {doc.get('apiVersion')} {doc.get('kind')}")
    from pydantic import ValidationError

    try:
        model.model_validate(doc, extra="forbid")
    except ValidationError as err:
        raise AssertionError(str(err)) from None


def validate_kubernetes(doc: dict[str, Any]) -> None:
    """Raise ``AssertionError`` unless ``doc`` validates strictly against Kubernetes 1.32."""
    import kubernetes_validate

    try:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as err:
        where = ".".join(str(p) for p in err.path)
        raise AssertionError(f"{where}: {err.message}") from None
    except kubernetes_validate.SchemaNotFoundError as err:
        raise AssertionError(f"no schema: {err}") from None


def validate_document(doc: dict[str, Any]) -> None:
    api_version = str(doc.get("apiVersion", ""))
    if api_version.split("/")[0].endswith("istio.io"):
        validate_istio(doc)
    else:
        validate_kubernetes(doc)


def load_documents(data: bytes | str) -> list[dict[str, Any]]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [d for d in yaml.safe_load_all(text) if d]


def validate_all(files: dict[str, bytes]) -> int:
    """Validate every YAML document of every ``*.yaml``/``*.yml`` file; return how many were checked."""
    problems: list[str] = []
    checked = 0
    for path in sorted(files):
        if not path.endswith((".yaml", ".yml")):
            continue
        try:
            docs = load_documents(files[path])
        except yaml.YAMLError as err:
            problems.append(f"{path}: not YAML: {err}")
            continue
        for i, doc in enumerate(docs):
            if doc.get("kind") in ("Kustomization", "Component"):
                continue
            label = f"{path}[{i}] {doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
            try:
                validate_document(doc)
            except AssertionError as err:
                problems.append(f"{label}: {err}")
            checked += 1
    if problems:
        raise AssertionError("invalid manifests:\n" + "\n".join(problems))
    return checked
