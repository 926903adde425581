"""The manifest renderer, checked the way a reviewer reads the YAML it writes."""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.manifests import ManifestSettings, render_dockerfile, render_manifests
from generator.errors import MeshifyError
from generator.model import PortSpec, Probe, Resilience, Service

try:
    from tests.k8s_validation import validate_all, validate_document
except ImportError:  # tests/ on sys.path instead of the repository root
    from k8s_validation import validate_all, validate_document

REPO = Path(__file__).resolve().parent.parent
ISTIO_PORT_PREFIXES = ("http", "http2", "https", "grpc", "tcp", "tls")


def make_services() -> list[Service]:
    return [
        Service(
            name="gateway",
            module="gateway",
            role="gateway",
            ports=[PortSpec("http", 8080)],
            liveness=Probe(8080, "/actuator/health/liveness"),
            readiness=Probe(8080, "/actuator/health/readiness"),
            uses_kubernetes_api=True,
            image_tag="1.4.2",
        ),
        Service(
            name="orders",
            module="services/orders",
            ports=[PortSpec("http", 8081), PortSpec("http-management", 9081, expose=False)],
            liveness=Probe(9081, "/actuator/health/liveness"),
            readiness=Probe(9081, "/actuator/health/readiness"),
            startup=Probe(9081, "/actuator/health/liveness"),
            config_data={"application.yml": "orders:\n  limit: 10\n", "feature.flag": "on"},
            env={"SPRING_PROFILES_ACTIVE": "k8s", "GREETING": "{{ not jinja }}"},
            resilience=Resilience(timeout_ms=1500, retries=2, per_try_timeout_ms=500, outlier_consecutive_errors=5),
            image_tag="1.4.2",
        ),
        Service(
            name="greeter-provider",
            module="greeter-provider",
            ports=[PortSpec("grpc-tri", 50052), PortSpec("http-health", 22222, expose=False), PortSpec("tcp-dubbo", 20880)],
            liveness=Probe(22222, "/live"), readiness=Probe(22222, "/ready"), startup=Probe(22222, "/startup"),
            probe_only_port=22222,
            resilience=Resilience(timeout_ms=3000, retries=0),
            image_tag="2.0.0",
        ),
        Service(
            name="greeter-consumer",
            module="greeter-consumer",
            ports=[PortSpec("grpc-tri", 50052), PortSpec("http-health", 22222, expose=False)],
            liveness=Probe(22222, "/live"), readiness=Probe(22222, "/ready"), startup=Probe(22222, "/startup"),
            probe_only_port=22222,
            field_env={"POD_NAMESPACE": "metadata.namespace"},
            image_tag="2.0.0",
        ),
    ]


def make_settings(**kw) -> ManifestSettings:
    base = dict(namespace="shop", discovery_rbac=True, config_rbac=True)
    base.update(kw)
    return ManifestSettings(**base)


@pytest.fixture(scope="module")
def rendered():
    return render_manifests(make_services(), make_settings())


@pytest.fixture(scope="module")
def files(rendered):
    return rendered[0]


@pytest.fixture(scope="module")
def findings(rendered):
    return rendered[1]


def docs(files, path):
    return [d for d in yaml.safe_load_all(files[path].decode()) if d]


def doc(files, path):
    (only,) = docs(files, path)
    return only


def container(deployment):
    (c,) = deployment["spec"]["template"]["spec"]["containers"]
    return c


def env_of(c):
    return {e["name"]: e for e in c["env"]}


# --------------------------------------------------------------------------- layout


def test_layout(files):
    per_service = {"deployment", "service", "serviceaccount", "poddisruptionbudget", "destinationrule", "virtualservice",
                   "networkpolicy"}
    for name in ("gateway", "orders", "greeter-provider", "greeter-consumer"):
        assert {f"base/{name}/{k}.yaml" for k in per_service} <= set(files)
    assert "base/gateway/gateway.yaml" in files
    assert "base/orders/configmap.yaml" in files
    assert "base/gateway/configmap.yaml" not in files  # no config_data, no ConfigMap
    assert "base/greeter-provider/authorizationpolicy.yaml" in files
    assert "base/orders/authorizationpolicy.yaml" not in files
    for f in ("base/namespace.yaml", "base/rbac.yaml", "base/peer-authentication.yaml",
              "base/kustomization.yaml", "overlays/default/kustomization.yaml"):
        assert f in files
    assert "base/configmap-application.yaml" not in files
    assert list(files) == sorted(files)


def test_base_kustomization_lists_every_resource(files):
    k = doc(files, "base/kustomization.yaml")
    assert k["namespace"] == "shop"
    expected = sorted(p[len("base/"):] for p in files if p.startswith("base/") and p != "base/kustomization.yaml")
    assert k["resources"] == expected
    overlay = doc(files, "overlays/default/kustomization.yaml")
    assert overlay["resources"] == ["../../base"]
    assert {"name": "registry.example.com/orders", "newTag": "1.4.2"} in overlay["images"]


# --------------------------------------------------------------------------- wiring


@pytest.mark.parametrize("name", ["gateway", "orders", "greeter-provider", "greeter-consumer"])
def test_names_labels_selectors_match(files, name):
    dep = doc(files, f"base/{name}/deployment.yaml")
    svc = doc(files, f"base/{name}/service.yaml")
    sa = doc(files, f"base/{name}/serviceaccount.yaml")
    pdb = doc(files, f"base/{name}/poddisruptionbudget.yaml")
    for obj in (dep, svc, sa, pdb):
        assert obj["metadata"]["name"] == name
        assert obj["metadata"]["namespace"] == "shop"
        labels = obj["metadata"]["labels"]
        assert labels["app"] == name and labels["version"] == "v1"
        assert labels["app.kubernetes.io/name"] == name
        assert labels["app.kubernetes.io/instance"] == name
        assert labels["app.kubernetes.io/part-of"] == "shop"
    pod_labels = dep["spec"]["template"]["metadata"]["labels"]
    assert dep["spec"]["selector"]["matchLabels"] == {"app": name, "version": "v1"}
    assert pod_labels["sidecar.istio.io/inject"] == "true"
    assert dep["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    assert svc["spec"]["selector"] == {"app": name}  # v2 canaries share the Service
    assert pdb["spec"]["selector"]["matchLabels"] == {"app": name, "version": "v1"}
    assert pdb["spec"]["maxUnavailable"] == 1
    spec = dep["spec"]["template"]["spec"]
    assert spec["serviceAccountName"] == name
    spread = spec["topologySpreadConstraints"][0]
    assert spread["topologyKey"] == "kubernetes.io/hostname"
    assert spread["whenUnsatisfiable"] == "ScheduleAnyway"
    assert container(dep)["name"] == name
    # Every Service port targets a named container port; every port name carries an Istio protocol.
    container_ports = {p["name"]: p["containerPort"] for p in container(dep)["ports"]}
    for p in svc["spec"]["ports"]:
        assert container_ports[p["targetPort"]] == p["port"]
    for port_name in list(container_ports) + [p["name"] for p in svc["spec"]["ports"]]:
        assert port_name.split("-")[0] in ISTIO_PORT_PREFIXES


def test_spring_ports_and_probes(files):
    gw = container(doc(files, "base/gateway/deployment.yaml"))
    assert gw["ports"] == [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]
    assert gw["livenessProbe"]["httpGet"] == {"path": "/actuator/health/liveness", "port": "http"}
    assert gw["readinessProbe"]["httpGet"] == {"path": "/actuator/health/readiness", "port": "http"}
    # no startup probe given: the liveness endpoint with a JVM-sized startup budget
    assert gw["startupProbe"]["httpGet"] == {"path": "/actuator/health/liveness", "port": "http"}
    assert gw["startupProbe"]["periodSeconds"] * gw["startupProbe"]["failureThreshold"] >= 180

    orders = container(doc(files, "base/orders/deployment.yaml"))
    assert {"name": "http-management", "containerPort": 9081, "protocol": "TCP"} in orders["ports"]
    assert orders["livenessProbe"]["httpGet"]["port"] == "http-management"
    assert orders["readinessProbe"]["httpGet"]["port"] == "http-management"
    assert orders["livenessProbe"]["httpGet"] != orders["readinessProbe"]["httpGet"]
    svc = doc(files, "base/orders/service.yaml")
    # Service port = container port, named http; the management port stays private.
    assert svc["spec"]["ports"] == [{"name": "http", "port": 8081, "targetPort": "http", "protocol": "TCP"}]


def test_tcp_probe_when_no_path():
    s = Service("legacy", "legacy", "spring", ports=[PortSpec("http", 8080)],
                liveness=Probe(8080), readiness=Probe(8080, "/ready"), image_tag="1")
    files, _ = render_manifests([s], make_settings())
    c = container(doc(files, "base/legacy/deployment.yaml"))
    assert c["livenessProbe"]["tcpSocket"] == {"port": "http"}
    assert "httpGet" not in c["livenessProbe"]


# --------------------------------------------------------------------------- hardening


@pytest.mark.parametrize("name", ["gateway", "orders", "greeter-provider", "greeter-consumer"])
def test_hardened_pod(files, name):
    dep = doc(files, f"base/{name}/deployment.yaml")
    spec = dep["spec"]["template"]["spec"]
    assert dep["spec"]["replicas"] == 2
    assert spec["securityContext"] == {
        "runAsNonRoot": True, "runAsUser": 10001, "runAsGroup": 10001, "fsGroup": 10001,
        "seccompProfile": {"type": "RuntimeDefault"},
    }
    c = container(dep)
    sc = c["securityContext"]
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["privileged"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert {"name": "tmp", "mountPath": "/tmp"} in c["volumeMounts"]
    assert {"name": "tmp", "emptyDir": {"sizeLimit": "256Mi"}} in spec["volumes"]
    for section in ("requests", "limits"):
        assert set(c["resources"][section]) == {"cpu", "memory", "ephemeral-storage"}
    assert c["imagePullPolicy"] == "Always"
    repo, tag = c["image"].rsplit(":", 1)
    assert repo == f"registry.example.com/{name}" and tag not in ("", "latest")
    assert "-XX:MaxRAMPercentage=75" in env_of(c)["JAVA_TOOL_OPTIONS"]["value"]
    assert "-Djava.io.tmpdir=/tmp" in env_of(c)["JAVA_TOOL_OPTIONS"]["value"]
    assert spec["terminationGracePeriodSeconds"] == 45
    assert c["lifecycle"]["preStop"]["exec"]["command"] == ["sh", "-c", "sleep 10"]
    annotations = dep["spec"]["template"]["metadata"]["annotations"]
    assert json.loads(annotations["proxy.istio.io/config"]) == {"holdApplicationUntilProxyStarts": True}
    assert spec["enableServiceLinks"] is False


def test_token_mounted_only_for_api_callers(files):
    for name, expected in [("gateway", True), ("orders", False), ("greeter-provider", False), ("greeter-consumer", False)]:
        spec = doc(files, f"base/{name}/deployment.yaml")["spec"]["template"]["spec"]
        assert spec["automountServiceAccountToken"] is expected
        assert doc(files, f"base/{name}/serviceaccount.yaml")["automountServiceAccountToken"] is expected


def test_image_tags_and_findings():
    services = make_services()
    services[0].image_tag = "latest"
    services[1].image_tag = "1.5.0-SNAPSHOT"
    files, findings = render_manifests(services, make_settings())
    assert container(doc(files, "base/gateway/deployment.yaml"))["image"] == "registry.example.com/gateway:unpinned"
    assert container(doc(files, "base/orders/deployment.yaml"))["image"].endswith(":1.5.0-SNAPSHOT")
    unpinned = {f.path for f in findings if f.code == "image-tag-unpinned"}
    assert unpinned == {"gateway/pom.xml", "services/orders/pom.xml"}

    files, findings = render_manifests(services, make_settings(image_tag="2024.1", image_registry="ghcr.io/acme"))
    assert container(doc(files, "base/gateway/deployment.yaml"))["image"] == "ghcr.io/acme/gateway:2024.1"
    assert not [f for f in findings if f.code == "image-tag-unpinned"]


def test_resources_override():
    files, _ = render_manifests(make_services()[:1], make_settings(resources={"limits": {"memory": "2Gi"}}))
    res = container(doc(files, "base/gateway/deployment.yaml"))["resources"]
    assert res["limits"]["memory"] == "2Gi"
    assert res["requests"]["cpu"] == "250m"  # the rest keeps its defaults


def test_debug_port():
    files, _ = render_manifests(make_services(), make_settings(debug_port=5005))
    dep = doc(files, "base/orders/deployment.yaml")
    c = container(dep)
    assert {"name": "tcp-debug", "containerPort": 5005, "protocol": "TCP"} in c["ports"]
    assert dep["spec"]["template"]["metadata"]["annotations"]["traffic.sidecar.istio.io/excludeInboundPorts"] == "5005"
    env = env_of(c)
    assert "address=*:5005" in env["JAVA_DEBUG_OPTS"]["value"]
    assert env["JAVA_TOOL_OPTIONS"]["value"].startswith("$(JAVA_DEBUG_OPTS) ")
    names = [e["name"] for e in c["env"]]
    assert names.index("JAVA_DEBUG_OPTS") < names.index("JAVA_TOOL_OPTIONS")  # $(VAR) needs it first
    svc = doc(files, "base/orders/service.yaml")
    assert all(p["name"] != "tcp-debug" for p in svc["spec"]["ports"])


def test_env_and_config(files):
    c = container(doc(files, "base/orders/deployment.yaml"))
    env = env_of(c)
    assert env["SPRING_PROFILES_ACTIVE"]["value"] == "k8s"
    assert env["GREETING"]["value"] == "{{ not jinja }}"  # user strings are data, never templates
    cm = doc(files, "base/orders/configmap.yaml")
    assert cm["metadata"]["name"] == "orders"
    assert cm["data"] == {"application.yml": "orders:\n  limit: 10\n", "feature.flag": "on"}
    assert 'feature.flag: "on"' in files["base/orders/configmap.yaml"].decode()  # YAML 1.1 would read a bool
    assert {"name": "config", "mountPath": "/app/config", "readOnly": True} in c["volumeMounts"]


@pytest.mark.parametrize("as_files", [True, False])
def test_secrets_as_files_or_env(as_files):
    """Boot 2.4+ reads a config tree (files under /app/secrets); older Boot gets environment variables."""
    svc = dataclasses.replace(make_services()[1], secrets_as_files=as_files, config_data={"feature.flag": "on"},
                              secret_env={"ORDERS_DB_PASSWORD": ("orders-secret", "db.password"),
                                          "ORDERS_API_TOKEN": ("shared-secret", "api.token")})
    files, _ = render_manifests([svc], make_settings(config_rbac=False))
    dep = doc(files, "base/orders/deployment.yaml")
    pod, c = dep["spec"]["template"]["spec"], container(dep)
    env = env_of(c)
    if as_files:
        assert "ORDERS_DB_PASSWORD" not in env and "ORDERS_API_TOKEN" not in env
        # the mounted ConfigMap has plain keys, so it is a config tree too: both are imported
        assert env["SPRING_CONFIG_IMPORT"]["value"] == "optional:configtree:/app/config/,optional:configtree:/app/secrets/"
        assert {"name": "secrets", "mountPath": "/app/secrets", "readOnly": True} in c["volumeMounts"]
        vol = next(v for v in pod["volumes"] if v["name"] == "secrets")
        assert vol["projected"]["sources"] == [
            {"secret": {"name": "orders-secret", "items": [{"key": "db.password", "path": "ORDERS_DB_PASSWORD"}]}},
            {"secret": {"name": "shared-secret", "items": [{"key": "api.token", "path": "ORDERS_API_TOKEN"}]}},
        ]
    else:
        assert env["ORDERS_DB_PASSWORD"]["valueFrom"] == {"secretKeyRef": {"name": "orders-secret", "key": "db.password"}}
        assert env["SPRING_CONFIG_IMPORT"]["value"] == "optional:configtree:/app/config/"
        assert all(v["name"] != "secrets" for v in pod["volumes"])
    assert validate_all(files) > 0  # strict Kubernetes schema: the projected volume is well-formed


def test_shared_config():
    files, _ = render_manifests(make_services(), make_settings(shared_config={"logging.level.root": "INFO"}))
    cm = doc(files, "base/configmap-application.yaml")
    assert cm["metadata"]["name"] == "application"
    assert cm["data"] == {"logging.level.root": "INFO"}
    assert "configmap-application.yaml" in doc(files, "base/kustomization.yaml")["resources"]


# --------------------------------------------------------------------------- Istio


def test_destination_rule_and_virtual_service(files):
    dr = doc(files, "base/orders/destinationrule.yaml")
    assert dr["apiVersion"] == "networking.istio.io/v1"
    assert dr["spec"]["host"] == "orders"
    assert dr["spec"]["subsets"] == [{"name": "v1", "labels": {"version": "v1"}}]
    assert dr["spec"]["trafficPolicy"]["outlierDetection"]["consecutive5xxErrors"] == 5
    assert "trafficPolicy" not in doc(files, "base/gateway/destinationrule.yaml")["spec"]

    vs = doc(files, "base/orders/virtualservice.yaml")
    assert vs["spec"]["hosts"] == ["orders"]
    (route,) = vs["spec"]["http"]
    assert route["route"] == [{"destination": {"host": "orders", "subset": "v1"}}]
    assert route["timeout"] == "1.5s"
    assert route["retries"]["attempts"] == 2
    assert route["retries"]["perTryTimeout"] == "0.5s"
    assert "connect-failure" in route["retries"]["retryOn"]
    plain = doc(files, "base/gateway/virtualservice.yaml")["spec"]["http"][0]
    assert "timeout" not in plain and "retries" not in plain


def test_dubbo_retries_zero_and_tcp_route(files):
    vs = doc(files, "base/greeter-provider/virtualservice.yaml")
    http = vs["spec"]["http"][0]
    assert http["timeout"] == "3s"
    assert http["retries"] == {"attempts": 0}  # Dubbo retries=0 must switch Istio's default 2 retries off
    (tcp,) = vs["spec"]["tcp"]
    assert tcp["match"] == [{"port": 20880}]
    assert tcp["route"][0]["destination"] == {"host": "greeter-provider", "subset": "v1", "port": {"number": 20880}}


def test_gateway(files):
    gw, vs = docs(files, "base/gateway/gateway.yaml")
    assert gw["kind"] == "Gateway" and gw["apiVersion"] == "networking.istio.io/v1"
    assert gw["spec"]["selector"] == {"istio": "ingressgateway"}
    (server,) = gw["spec"]["servers"]
    assert server["port"] == {"number": 80, "name": "http", "protocol": "HTTP"}
    assert server["hosts"] == ["*"]
    assert vs["kind"] == "VirtualService"
    assert vs["spec"]["gateways"] == [gw["metadata"]["name"]]
    assert vs["metadata"]["name"] != "gateway"  # not the mesh-internal VirtualService
    assert vs["spec"]["http"][0]["route"][0]["destination"]["host"] == "gateway"
    assert vs["spec"]["http"][0]["route"][0]["destination"]["port"] == {"number": 8080}
    assert "base/orders/gateway.yaml" not in files


def test_peer_authentication(files, findings):
    pa = doc(files, "base/peer-authentication.yaml")
    assert pa["apiVersion"] == "security.istio.io/v1"
    assert pa["metadata"] == {**pa["metadata"], "name": "default", "namespace": "shop"}
    assert "selector" not in pa["spec"]
    assert pa["spec"]["mtls"] == {"mode": "STRICT"}
    assert not [f for f in findings if f.code == "mtls-permissive"]

    files2, findings2 = render_manifests(make_services(), make_settings(mtls="PERMISSIVE"))
    assert doc(files2, "base/peer-authentication.yaml")["spec"]["mtls"] == {"mode": "PERMISSIVE"}
    (f,) = [f for f in findings2 if f.code == "mtls-permissive"]
    assert "STRICT" in f.message and "plain-text" in f.message


def test_namespace(files):
    ns = doc(files, "base/namespace.yaml")
    assert ns["kind"] == "Namespace" and ns["metadata"]["name"] == "shop"
    assert ns["metadata"]["labels"]["istio-injection"] == "enabled"


# --------------------------------------------------------------------------- Dubbo


def test_dubbo_provider_qos(files):
    dep = doc(files, "base/greeter-provider/deployment.yaml")
    c = container(dep)
    assert [p["name"] for p in c["ports"]] == ["grpc-tri", "http-health", "tcp-dubbo"]
    assert c["livenessProbe"]["httpGet"] == {"path": "/live", "port": "http-health"}
    assert c["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http-health"}
    assert c["startupProbe"]["httpGet"] == {"path": "/startup", "port": "http-health"}
    # probe rewriting stays on: the kubelet's probes go via pilot-agent (:15020), not Envoy's inbound
    assert dep["spec"]["template"]["metadata"]["annotations"]["sidecar.istio.io/rewriteAppHTTPProbers"] == "true"
    svc = doc(files, "base/greeter-provider/service.yaml")
    assert [p["name"] for p in svc["spec"]["ports"]] == ["grpc-tri", "tcp-dubbo"]  # never the QoS port

    ap = doc(files, "base/greeter-provider/authorizationpolicy.yaml")
    assert ap["apiVersion"] == "security.istio.io/v1"
    assert ap["spec"] == {
        "selector": {"matchLabels": {"app": "greeter-provider"}},
        "action": "DENY",
        "rules": [{"to": [{"operation": {"ports": ["22222"]}}]}],
    }
    np = doc(files, "base/greeter-provider/networkpolicy.yaml")
    assert np["spec"]["podSelector"] == {"matchLabels": {"app": "greeter-provider"}}
    assert np["spec"]["policyTypes"] == ["Ingress"]
    allowed = {p["port"] for rule in np["spec"]["ingress"] for p in rule["ports"]}
    assert 22222 not in allowed
    assert {50052, 20880, 15020} <= allowed



def test_every_service_has_a_network_policy_for_its_service_ports(files):
    for name, app_ports in [("gateway", {8080}), ("orders", {8081}), ("greeter-consumer", {50052})]:
        np = doc(files, f"base/{name}/networkpolicy.yaml")
        assert np["spec"]["podSelector"] == {"matchLabels": {"app": name}}
        assert np["spec"]["policyTypes"] == ["Ingress"]
        allowed = {p["port"] for rule in np["spec"]["ingress"] for p in rule["ports"]}
        # the Service ports and the sidecar's (15020 carries the kubelet's rewritten probes)
        assert allowed == app_ports | {15020, 15021, 15090}, name
    # the orders management port (probes only) is not opened to other pods
    assert 9081 not in {p["port"] for r in doc(files, "base/orders/networkpolicy.yaml")["spec"]["ingress"] for p in r["ports"]}


def test_dubbo_consumer_namespace_from_downward_api(files):
    c = container(doc(files, "base/greeter-consumer/deployment.yaml"))
    assert env_of(c)["POD_NAMESPACE"] == {
        "name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}},
    }
    assert "POD_NAMESPACE" not in env_of(container(doc(files, "base/greeter-provider/deployment.yaml")))


def test_dubbo_with_api_access_mounts_token():
    s = make_services()[2]
    s.uses_kubernetes_api = True
    files, _ = render_manifests([s], make_settings())
    assert doc(files, "base/greeter-provider/deployment.yaml")["spec"]["template"]["spec"]["automountServiceAccountToken"] is True


# --------------------------------------------------------------------------- RBAC


def test_rbac_exact(files):
    role, binding = docs(files, "base/rbac.yaml")
    assert role["kind"] == "Role" and role["metadata"]["namespace"] == "shop"
    assert role["rules"] == [
        {"apiGroups": [""], "resources": ["configmaps", "endpoints", "pods", "services"], "verbs": ["get", "list", "watch"]},
    ]
    assert binding["kind"] == "RoleBinding"
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "gateway", "namespace": "shop"}]
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": role["metadata"]["name"]}


def test_rbac_flags():
    files, _ = render_manifests(make_services(), make_settings(
        discovery_rbac=False, config_rbac=False, secrets_rbac=True, endpoint_slices=True))
    role, _ = docs(files, "base/rbac.yaml")
    assert role["rules"] == [
        {"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch"]},
        {"apiGroups": ["discovery.k8s.io"], "resources": ["endpointslices"], "verbs": ["get", "list", "watch"]},
    ]


def test_cluster_role_only_for_all_namespaces():
    files, _ = render_manifests(make_services(), make_settings(all_namespaces=True))
    role, binding = docs(files, "base/rbac.yaml")
    assert role["kind"] == "ClusterRole" and "namespace" not in role["metadata"]
    assert binding["kind"] == "ClusterRoleBinding"
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "gateway", "namespace": "shop"}]
    assert binding["roleRef"]["kind"] == "ClusterRole"
    assert "Role" not in [d["kind"] for p in files for d in docs(files, p) if p.endswith(".yaml")]


def test_no_role_when_nothing_needs_it():
    services = make_services()
    files, _ = render_manifests(services, make_settings(discovery_rbac=False, config_rbac=False))
    assert "base/rbac.yaml" not in files
    assert "rbac.yaml" not in doc(files, "base/kustomization.yaml")["resources"]
    for s in services:
        s.uses_kubernetes_api = False
    files, findings = render_manifests(services, make_settings())
    assert "base/rbac.yaml" not in files
    assert any(f.code == "rbac-unused" for f in findings)


# --------------------------------------------------------------------------- output quality


def test_deterministic(files):
    again, _ = render_manifests(list(reversed(make_services())), make_settings())
    assert again == files


def test_normalized_output(files):
    for path, data in files.items():
        text = data.decode("utf-8")
        assert text.startswith("# "), path  # a header that says who owns the file
        assert "creationTimestamp" not in text and "\nstatus:" not in text, path
        assert "\t" not in text and text.endswith("\n"), path
        assert "{{" not in text.replace("{{ not jinja }}", ""), path
        for line in text.splitlines():
            indent = len(line) - len(line.lstrip(" "))
            assert indent % 2 == 0, (path, line)


def test_everything_validates_strictly(files):
    assert validate_all(files) >= 30
    files2, _ = render_manifests(make_services(), make_settings(all_namespaces=True, debug_port=5005,
                                                                shared_config={"a": "b"}, mtls="PERMISSIVE"))
    assert validate_all(files2) >= 30


def test_validator_rejects_misspelled_fields(files):
    vs = doc(files, "base/orders/virtualservice.yaml")
    vs["spec"]["http"][0]["timeot"] = vs["spec"]["http"][0].pop("timeout")
    with pytest.raises(AssertionError, match="timeot"):
        validate_document(vs)
    pa = doc(files, "base/peer-authentication.yaml")
    pa["spec"]["mtls"]["mode"] = "STRCT"
    with pytest.raises(AssertionError):
        validate_document(pa)
    dep = doc(files, "base/orders/deployment.yaml")
    dep["spec"]["template"]["spec"]["serviceAcountName"] = "orders"
    with pytest.raises(AssertionError, match="serviceAcountName"):
        validate_document(dep)
    bad = dict(files)
    bad["base/orders/virtualservice.yaml"] = yaml.safe_dump(vs).encode()
    with pytest.raises(AssertionError, match="base/orders/virtualservice.yaml"):
        validate_all(bad)


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl not installed")
def test_kustomize_builds_base_and_overlay(files, tmp_path):
    for rel, data in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    env = {**os.environ, "HOME": str(tmp_path / "home"), "KUBECONFIG": str(tmp_path / "none")}
    outputs = {}
    for layer in ("base", "overlays/default"):
        proc = subprocess.run(["kubectl", "kustomize", str(tmp_path / layer)], capture_output=True, text=True,
                              env=env, timeout=60)
        assert proc.returncode == 0, proc.stderr
        outputs[layer] = [d for d in yaml.safe_load_all(proc.stdout) if d]
    base_docs = outputs["base"]
    expected = sum(len(docs(files, p)) for p in files if p.startswith("base/") and not p.endswith("kustomization.yaml"))
    assert len(base_docs) == expected
    assert all(d["metadata"].get("namespace", "shop") == "shop" for d in base_docs)
    images = {c["image"] for d in outputs["overlays/default"] if d["kind"] == "Deployment"
              for c in d["spec"]["template"]["spec"]["containers"]}
    assert "registry.example.com/orders:1.4.2" in images


def test_cookiecutter_leaves_home_alone(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    script = (
        "from tests.test_manifests import make_services, make_settings\n"
        "from generator.manifests import render_manifests\n"
        "files, _ = render_manifests(make_services(), make_settings())\n"
        "assert 'base/orders/deployment.yaml' in files\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "COOKIECUTTER_CONFIG": str(tmp_path / "does-not-exist.yaml"), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert list(home.iterdir()) == []


# --------------------------------------------------------------------------- inputs


def test_rejects_duplicate_and_invalid_names():
    s = make_services()
    with pytest.raises(MeshifyError, match="orders"):
        render_manifests([s[1], dataclasses.replace(s[1], module="other")], make_settings())
    with pytest.raises(MeshifyError):
        render_manifests([dataclasses.replace(s[1], name="Orders_Service")], make_settings())
    with pytest.raises(MeshifyError):
        render_manifests(s, make_settings(namespace="Shop"))
    with pytest.raises(MeshifyError):
        render_manifests(s, make_settings(mtls="strict-ish"))


# --------------------------------------------------------------------------- Dockerfile


def test_dockerfile():
    s = make_services()[1]
    text = render_dockerfile(s)[0].decode()
    assert "docker build -f services/orders/Dockerfile -t orders:<tag> ." in text
    assert "FROM maven:3.9-eclipse-temurin-17 AS build" in text
    assert "mvn -q -B -DskipTests -pl services/orders -am package" in text
    assert "FROM eclipse-temurin:17-jre" in text
    assert "USER 10001:10001" in text
    assert 'ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp -Duser.home=/tmp"' in text
    assert "EXPOSE 8081 9081" in text
    assert text.rstrip().endswith('ENTRYPOINT ["java", "-jar", "/app/app.jar"]')
    assert render_dockerfile(s) == render_dockerfile(s)

    root = dataclasses.replace(s, module=".", java_version="21")
    text = render_dockerfile(root)[0].decode()
    assert " -pl " not in text and "docker build -f Dockerfile -t orders:<tag> ." in text
    assert "eclipse-temurin:21-jre" in text


def test_rejects_colliding_resources():
    s = make_services()
    ingress = Service("gateway-ingress", "edge", "spring", ports=[PortSpec("http", 8080)], image_tag="1")
    with pytest.raises(MeshifyError, match="gateway-ingress"):
        render_manifests([s[0], ingress], make_settings())


def test_missing_probes_reported():
    s = Service("bare", "bare", "spring", ports=[PortSpec("http", 8080)], image_tag="1")
    files, findings = render_manifests([s], make_settings())
    assert [f.code for f in findings if f.path == "bare/pom.xml"] == ["probes-missing"]
    assert "livenessProbe" not in container(doc(files, "base/bare/deployment.yaml"))
    validate_all(files)


def test_config_read_through_api_is_not_mounted():
    s = make_services()[1]
    s.uses_kubernetes_api = True
    files, _ = render_manifests([s], make_settings(config_rbac=True))
    c = container(doc(files, "base/orders/deployment.yaml"))
    assert [m["name"] for m in c["volumeMounts"]] == ["tmp"]
    assert "SPRING_CONFIG_IMPORT" not in env_of(c)
    assert "base/orders/configmap.yaml" in files
