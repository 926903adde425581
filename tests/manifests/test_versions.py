"""Manifests of an application in several versions, rendered directly from Services."""
from __future__ import annotations

import yaml

from generator.manifests import ManifestSettings, render_manifests
from generator.model import PortSpec, Probe, Service
from generator.rules.versions import Candidate, group

from ..k8s_validation import validate_all


def orders(module: str, config: dict[str, str], *, api: bool = False, tcp: bool = False) -> Service:
    ports = [PortSpec("http", 8080)] + ([PortSpec("tcp-dubbo", 20880)] if tcp else [])
    return Service(name="orders", module=module, ports=ports, liveness=Probe(8080, "/live"), readiness=Probe(8080, "/ready"),
                   config_data=config, uses_kubernetes_api=api, image_tag="1.0.0")


def render(services, conf=None, **kw):
    apps, _ = group([Candidate(s.name, s.module) for s in services], conf or {})
    return render_manifests(services, ManifestSettings(namespace="shop", versions=apps, **kw))


def load(files, path):
    return [d for d in yaml.safe_load_all(files[path].decode()) if d]


def test_mounted_config_is_one_configmap_per_version():
    files, _ = render([orders("orders-v1", {"a": "1"}), orders("orders-v2", {"a": "2"})])
    validate_all(files)
    (cm1,), (cm2,) = load(files, "base/orders/configmap-v1.yaml"), load(files, "base/orders/configmap-v2.yaml")
    assert (cm1["metadata"]["name"], cm1["data"]) == ("orders-v1", {"a": "1"})
    assert (cm2["metadata"]["name"], cm2["data"]) == ("orders-v2", {"a": "2"})
    (dep,) = load(files, "base/orders/deployment-v2.yaml")
    volumes = {v["name"]: v for v in dep["spec"]["template"]["spec"]["volumes"]}
    assert volumes["config"]["configMap"]["name"] == "orders-v2"


def test_config_read_through_the_api_is_the_applications_one_configmap():
    files, findings = render([orders("orders-v1", {"a": "1"}, api=True), orders("orders-v2", {"a": "2"}, api=True)],
                             config_rbac=True, discovery_rbac=True)
    validate_all(files)
    assert [p for p in files if "configmap" in p and "/orders/" in p] == ["base/orders/configmap-v1.yaml"]
    (cm,) = load(files, "base/orders/configmap-v1.yaml")
    assert (cm["metadata"]["name"], cm["data"]) == ("orders", {"a": "1"})  # the name Spring Cloud Kubernetes looks up
    assert [(f.code, f.path) for f in findings if f.code == "version-config-shared"] == [("version-config-shared", "orders-v2/pom.xml")]


def test_weighted_tcp_routes_follow_the_default_route():
    files, _ = render([orders("orders-v1", {}, tcp=True), orders("orders-v2", {}, tcp=True)],
                      {"orders": {"weights": {"v1": 80, "v2": 20}}})
    validate_all(files)
    (vs,) = load(files, "base/orders/virtualservice.yaml")
    assert vs["spec"]["tcp"] == [{"match": [{"port": 20880}], "route": [
        {"destination": {"host": "orders", "subset": "v1", "port": {"number": 20880}}, "weight": 80},
        {"destination": {"host": "orders", "subset": "v2", "port": {"number": 20880}}, "weight": 20}]}]
    assert vs["spec"]["http"][-1]["route"] == [
        {"destination": {"host": "orders", "subset": "v1"}, "weight": 80},
        {"destination": {"host": "orders", "subset": "v2"}, "weight": 20}]
