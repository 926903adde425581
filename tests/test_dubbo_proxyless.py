"""`meshify dubbo --mode proxyless`: what changes in the sources and manifests, and what is refused."""
from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from generator.cli import main

from .conftest import copy_sample, snapshot, write
from .k8s_validation import validate_all

SAMPLE = "dubbo-nacos-catalog"
CONTROLLER = "storefront/src/main/java/com/example/catalog/storefront/PriceController.java"


def migrate(repo, *flags: str) -> int:
    return main(["dubbo", str(repo), "--mode", "proxyless", "--allow-dirty", "--quiet", *flags])


def docs(repo, rel: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((repo / "k8s" / rel).read_text()) if d]


def test_sources_get_the_xds_registry_dubbo_xds_and_providedBy(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    assert migrate(repo) == 0
    provider = (repo / "price-service/src/main/resources/application.yml").read_text()
    assert "address: xds://istiod.istio-system.svc:15012?use-agent=true" in provider
    # kebab-case, as the file writes base-packages (Dubbo binds both spellings)
    assert "metadata-service-port: 20885" in provider and "metadata-service-protocol: dubbo" in provider
    assert "name: tri" in provider and "qos-accept-foreign-ip: true" in provider
    consumer = (repo / "storefront/src/main/resources/application.properties").read_text()
    assert "dubbo.registry.address=xds://istiod.istio-system.svc:15012?use-agent=true" in consumer
    assert "meshEnable" not in consumer  # the sidecar mode's DNS shortcut would bypass xDS
    java = (repo / CONTROLLER).read_text()
    assert '@DubboReference(version = "1.0.0", check = false, providedBy = "price-service")' in java
    assert "providerPort" not in java
    for pom in ("price-service/pom.xml", "storefront/pom.xml"):
        text = (repo / pom).read_text()
        xds = text[text.index("<artifactId>dubbo-xds</artifactId>"):]
        xds = xds[: xds.index("</dependency>")]
        # the version where the core's is written, and none of Dubbo's own modules twice
        assert "<version>${dubbo.version}</version>" in xds
        assert "<groupId>org.apache.dubbo</groupId>\n                    <artifactId>*</artifactId>" in xds


def test_manifests_run_the_agent_without_envoy_and_demand_istio_mutual(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    assert migrate(repo) == 0
    files = {p.relative_to(repo / "k8s").as_posix(): p.read_bytes() for p in (repo / "k8s").rglob("*.yaml")}
    assert validate_all(files) > 0
    deploy = docs(repo, "base/price-service/deployment.yaml")[0]["spec"]["template"]
    notes = deploy["metadata"]["annotations"]
    assert notes["inject.istio.io/templates"] == "grpc-agent"
    assert notes["proxy.istio.io/config"] == '{"holdApplicationUntilProxyStarts": true}'
    assert notes["sidecar.istio.io/rewriteAppHTTPProbers"] == "false"  # nothing intercepts the kubelet's probes
    assert deploy["spec"]["automountServiceAccountToken"] is True  # Dubbo's xDS code reads the token
    ports = {p["name"]: p["containerPort"] for p in deploy["spec"]["containers"][0]["ports"]}
    assert ports == {"grpc-tri": 50052, "tcp-metadata": 20885, "http-health": 22222}
    rule = docs(repo, "base/price-service/destinationrule.yaml")[0]
    assert rule["spec"]["trafficPolicy"]["tls"] == {"mode": "ISTIO_MUTUAL"}
    admitted = [p["port"] for rule in docs(repo, "base/price-service/networkpolicy.yaml")[0]["spec"]["ingress"] for p in rule["ports"]]
    assert 20885 in admitted and 50052 in admitted and 22222 not in admitted
    # without Envoy nothing enforces an AuthorizationPolicy: none is written
    assert not (repo / "k8s/base/price-service/authorizationpolicy.yaml").exists()
    assert docs(repo, "base/peer-authentication.yaml")[0]["spec"]["mtls"]["mode"] == "STRICT"
    assert docs(repo, "base/namespace.yaml")[0]["metadata"]["labels"]["istio-injection"] == "enabled"
    if shutil.which("kubectl"):
        built = subprocess.run(["kubectl", "kustomize", str(repo / "k8s/overlays/default")], capture_output=True, text=True, timeout=120)
        assert built.returncode == 0, built.stderr


def test_a_second_run_changes_nothing(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    assert migrate(repo) == 0
    before = snapshot(repo)
    assert main(["dubbo", str(repo), "--mode", "proxyless", "--check", "--quiet"]) == 0
    assert migrate(repo) == 0
    assert snapshot(repo) == before


@pytest.mark.parametrize("flags, words", [
    (["--mtls", "permissive"], "proxyless xDS clients do not support PERMISSIVE"),
    (["--dubbo-version", "3.2.10"], "Dubbo removed its xds registry (dubbo-xds) in 3.2.10 and 3.3.0"),
    (["--dubbo-version", "3.3.2"], "Dubbo removed its xds registry"),
    (["--dubbo-version", "3.1.0"], "the use-agent parameter arrived in 3.1.1"),
])
def test_combinations_proxyless_cannot_serve_are_usage_errors(tmp_path, capsys, flags, words):
    repo = copy_sample(SAMPLE, tmp_path)
    before = snapshot(repo)
    assert migrate(repo, *flags) == 2
    assert words in capsys.readouterr().err
    assert snapshot(repo) == before


def test_the_last_version_with_the_xds_registry_is_accepted(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    assert migrate(repo, "--dubbo-version", "3.2.9", "--dry-run") == 0


def test_an_unknown_mode_is_a_usage_error(tmp_path, capsys):
    repo = copy_sample(SAMPLE, tmp_path)
    assert main(["dubbo", str(repo), "--mode", "ambient", "--dry-run"]) == 2
    assert "--mode must be sidecar or proxyless" in capsys.readouterr().err


STOCK_REF = """package com.example.catalog.storefront;

import com.example.catalog.api.StockService;
import org.apache.dubbo.config.annotation.Reference;
import org.springframework.stereotype.Component;

@Component
public class StockClient {

    @Reference(version = "1.0.0")
    private StockService stockService;
}
"""


def _with_external_reference(repo):
    write(repo, {
        "catalog-api/src/main/java/com/example/catalog/api/StockService.java":
            "package com.example.catalog.api;\n\npublic interface StockService {\n    int inStock(String sku);\n}\n",
        "storefront/src/main/java/com/example/catalog/storefront/StockClient.java": STOCK_REF,
    })


def test_a_reference_no_module_provides_stops_a_proxyless_run(tmp_path, capsys):
    repo = copy_sample(SAMPLE, tmp_path)
    _with_external_reference(repo)
    before = snapshot(repo)
    assert migrate(repo) == 3
    err = capsys.readouterr().err
    assert "storefront/src/main/java/com/example/catalog/storefront/StockClient.java:10:" in err
    assert "com.example.catalog.api.StockService is not provided in this repository" in err
    assert "add [external.stock-service] to meshify.toml" in err
    assert snapshot(repo) == before


def test_the_external_entry_wires_that_reference_to_its_own_url(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    _with_external_reference(repo)
    write(repo, {"meshify.toml": '[external.stock-service]\naddress = "10.20.0.7:20880"\nprotocol = "dubbo"\n'})
    assert migrate(repo) == 0
    java = (repo / "storefront/src/main/java/com/example/catalog/storefront/StockClient.java").read_text()
    assert '@DubboReference(version = "1.0.0", url = "dubbo://10.20.0.7:20880")' in java
    assert "providedBy" not in java
