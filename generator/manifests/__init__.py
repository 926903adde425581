"""Kubernetes and Istio manifests from Services: render (cookiecutter templates), normalise, validate.

Knows no framework: a migration says what it needs through the Service fields and its MigrationResult.
"""
from __future__ import annotations

from .normalize import normalize
from .render import (
    BASE_HEADER,
    OVERLAY_HEADER,
    ManifestSettings,
    fingerprints,
    istio_api,
    labels,
    dockerfile_inputs,
    render_dockerfile,
    render_east_west_addon,
    render_kiali_addon,
    render_inputs,
    render_manifests,
    templates_dir,
    workload_name,
)

__all__ = [
    "BASE_HEADER", "OVERLAY_HEADER", "ManifestSettings", "fingerprints", "istio_api", "labels", "normalize", "dockerfile_inputs", "render_dockerfile", "render_east_west_addon", "render_kiali_addon",
    "render_inputs", "render_manifests", "templates_dir", "workload_name",
]
