"""Item 11 of the real-world Dubbo issue: a repository already in mesh shape, with its own manifests, is left
alone (no k8s/ set of ours, no false warnings, one finding naming its manifests); a reference whose provider
the user already named is not reported as unknown."""
from __future__ import annotations

from ...recipe import assert_migrates
from .helpers import API_DEP, GREETER, app, greeter_client, greeter_impl, meshed_properties, module, root

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
        - name: server
          image: example/{name}:1.0.0
"""


def mesh_repo(with_manifests: bool) -> dict:
    files = {
        "pom.xml": root("api", "provider", "consumer"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "provider/pom.xml": module("provider", 1, extra=API_DEP),
        "provider/src/main/java/com/example/provider/App.java": app("com.example.provider"),
        "provider/src/main/java/com/example/provider/GreeterImpl.java": greeter_impl("com.example.provider"),
        "provider/src/main/resources/application.properties": meshed_properties("greeter"),
        "consumer/pom.xml": module("consumer", 1, extra=API_DEP),
        "consumer/src/main/java/com/example/consumer/App.java": app("com.example.consumer"),
        # the provider lives in another repository: the user named it
        "consumer/src/main/java/com/example/consumer/Client.java": greeter_client("com.example.consumer", '(providedBy = "greeter-v2", providerPort = 50052)'),
        "consumer/src/main/resources/application.properties": meshed_properties("web", consumer=True),
    }
    if with_manifests:
        files["deploy/provider.yaml"] = DEPLOYMENT.format(name="greeter")
        files["deploy/consumer.yaml"] = DEPLOYMENT.format(name="web")
    return files


def test_a_repository_in_mesh_shape_with_its_own_manifests_is_left_alone():
    plan = assert_migrates("dubbo", mesh_repo(True), findings=["already-meshed"], manifests=True)
    assert plan.changes == [] and plan.services == []
    assert "deploy/consumer.yaml, deploy/provider.yaml" in plan.findings[0].message


def test_a_reference_whose_provider_is_named_gets_no_warning_and_is_routed_there():
    plan = assert_migrates("dubbo", mesh_repo(False), findings=["dubbo-qos-exposed", "dubbo-qos-exposed"])
    assert {s.name: s.calls for s in plan.services} == {"greeter": [], "web": ["greeter-v2"]}
