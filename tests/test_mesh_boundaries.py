"""Services outside the repository ([external.NAME]), the Kiali addon, and the summary's pointer to the guide."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
import yaml

from generator.cli import main

from .conftest import copy_sample, snapshot, write
from .k8s_validation import validate_all
from .test_dubbo_proxyless import STOCK_REF

SAMPLE = "dubbo-nacos-catalog"
STOCK_CLIENT = "storefront/src/main/java/com/example/catalog/storefront/StockClient.java"
KUBECTL = shutil.which("kubectl")


def run(repo, *flags: str) -> int:
    return main(["dubbo", str(repo), "--allow-dirty", "--quiet", *flags])


def kustomize(folder) -> list[dict]:
    built = subprocess.run(["kubectl", "kustomize", str(folder)], capture_output=True, text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    return [d for d in yaml.safe_load_all(built.stdout) if d]


def with_stock_reference(repo):
    write(repo, {
        "catalog-api/src/main/java/com/example/catalog/api/StockService.java":
            "package com.example.catalog.api;\n\npublic interface StockService {\n    int inStock(String sku);\n}\n",
        STOCK_CLIENT: STOCK_REF,
    })


# ------------------------------------------------------------------ [external.NAME]

def test_without_an_entry_the_finding_names_the_key_to_add(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    with_stock_reference(repo)
    report = tmp_path / "report.json"
    assert run(repo, "--dry-run", "--report", str(report)) == 0
    found = [f for f in json.loads(report.read_text())["findings"] if f["code"] == "reference-external"]
    assert [(f["path"], f["line"]) for f in found] == [(STOCK_CLIENT, 10)]
    assert 'add [external.stock-service] to meshify.toml with address = "host:port" and protocol = "dubbo"' in found[0]["message"]


def test_an_entry_becomes_a_service_entry_and_the_caller_gets_its_url(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    with_stock_reference(repo)
    write(repo, {"meshify.toml": (
        '[external.stock-service]\naddress = "10.20.0.7:20880"\nprotocol = "dubbo"\n\n'
        '[external.payments]\naddress = "payments.legacy.example.com:8443"\nprotocol = "http"\n')})
    report = tmp_path / "report.json"
    assert run(repo, "--report", str(report)) == 0
    java = (repo / STOCK_CLIENT).read_text()
    # an explicit url is the one thing the consumer's mesh mode leaves alone: the call goes to the old provider
    assert '@DubboReference(version = "1.0.0", url = "dubbo://10.20.0.7:20880")' in java
    codes = {f["code"]: f for f in json.loads(report.read_text())["findings"]}
    assert "reference-external" not in codes
    assert codes["external-unused"]["message"].startswith("[external.payments] is declared but no caller")

    k8s = repo / "k8s"
    files = {p.relative_to(k8s).as_posix(): p.read_bytes() for p in k8s.rglob("*.yaml")}
    assert validate_all(files) > 0  # the Istio schema accepts the ServiceEntries (unknown fields rejected)
    stock = yaml.safe_load((k8s / "base/external/stock-service/serviceentry.yaml").read_text())["spec"]
    assert stock == {
        "hosts": ["stock-service.external"], "addresses": ["10.20.0.7"], "location": "MESH_EXTERNAL",
        "ports": [{"number": 20880, "name": "tcp-dubbo", "protocol": "TCP"}],
        "resolution": "STATIC", "endpoints": [{"address": "10.20.0.7"}],
    }
    payments = yaml.safe_load((k8s / "base/external/payments/serviceentry.yaml").read_text())["spec"]
    assert payments["hosts"] == ["payments.legacy.example.com"] and payments["resolution"] == "DNS"
    assert payments["ports"] == [{"number": 8443, "name": "http", "protocol": "HTTP"}]
    rule = yaml.safe_load((k8s / "base/external/stock-service/destinationrule.yaml").read_text())["spec"]
    assert rule == {"host": "stock-service.external", "trafficPolicy": {"tls": {"mode": "DISABLE"}}}
    if KUBECTL:
        kinds = {(d["kind"], d["metadata"]["name"]) for d in kustomize(k8s / "overlays/default")}
        assert {("ServiceEntry", "stock-service"), ("ServiceEntry", "payments"), ("DestinationRule", "stock-service-external")} <= kinds

    before = snapshot(repo)
    assert run(repo) == 0
    assert snapshot(repo) == before


def test_a_bad_entry_stops_the_run_naming_the_key(tmp_path, capsys):
    repo = copy_sample(SAMPLE, tmp_path)
    write(repo, {"meshify.toml": '[external.stock-service]\naddress = "10.20.0.7"\nprotocol = "dubbo"\n'})
    before = snapshot(repo)
    assert run(repo) == 3
    assert "meshify.toml: [external.stock-service] address '10.20.0.7' has no port" in capsys.readouterr().err
    assert snapshot(repo) == before


# ------------------------------------------------------------------ Kiali

@pytest.mark.parametrize("flags, kinds", [
    (["--expose-kiali", "nodeport"], {("Service", "kiali-nodeport")}),
    (["--expose-kiali", "gateway", "--kiali-host", "kiali.catalog.example.com"], {("Gateway", "kiali"), ("VirtualService", "kiali")}),
])
def test_the_kiali_addon_builds_on_its_own_in_both_forms(tmp_path, flags, kinds):
    repo = copy_sample(SAMPLE, tmp_path)
    assert run(repo, *flags) == 0
    addon = repo / "k8s/addons/kiali"
    files = {p.relative_to(addon).as_posix(): p.read_bytes() for p in addon.glob("*.yaml")}
    assert validate_all(files) == len(kinds)
    # outside the base: the overlay does not pull Kiali in
    base = (repo / "k8s/base/kustomization.yaml").read_text()
    assert "kiali" not in base
    if KUBECTL:
        built = kustomize(addon)
        assert {(d["kind"], d["metadata"]["name"]) for d in built} == kinds
        assert all(d["metadata"]["namespace"] == "istio-system" for d in built)
        if ("Service", "kiali-nodeport") in kinds:
            svc = built[0]["spec"]
            assert svc["type"] == "NodePort" and svc["ports"][0]["port"] == 20001
            assert svc["selector"] == {"app.kubernetes.io/name": "kiali", "app.kubernetes.io/instance": "kiali"}
        else:
            route = next(d for d in built if d["kind"] == "VirtualService")["spec"]
            assert route["hosts"] == ["kiali.catalog.example.com"]
            assert route["http"][0]["route"][0]["destination"] == {"host": "kiali.istio-system.svc.cluster.local", "port": {"number": 20001}}


def test_meshify_toml_can_expose_kiali_and_switching_forms_leaves_nothing_stale(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    write(repo, {"meshify.toml": 'expose_kiali = "gateway"\nkiali_host = "kiali.catalog.example.com"\n'})
    assert run(repo) == 0
    assert "kind: Gateway" in (repo / "k8s/addons/kiali/gateway.yaml").read_text()
    assert run(repo, "--expose-kiali", "nodeport") == 0
    assert "kind:" not in (repo / "k8s/addons/kiali/gateway.yaml").read_text()
    assert "kind: Service" in (repo / "k8s/addons/kiali/service-nodeport.yaml").read_text()
    if KUBECTL:
        assert [d["kind"] for d in kustomize(repo / "k8s/addons/kiali")] == ["Service"]


@pytest.mark.parametrize("flags, api", [([], "networking.istio.io/v1"), (["--istio-version", "1.14"], "networking.istio.io/v1beta1")])
def test_the_east_west_addon_exposes_only_this_namespace_on_the_cross_network_gateway(tmp_path, flags, api):
    repo = copy_sample(SAMPLE, tmp_path)
    report = tmp_path / "report.json"
    assert run(repo, "--expose-east-west", "--report", str(report), *flags) == 0
    addon = repo / "k8s/addons/east-west"
    files = {p.relative_to(addon).as_posix(): p.read_bytes() for p in addon.glob("*.yaml")}
    assert validate_all(files) == 1  # the Gateway, against Istio's schema
    assert "east-west" not in (repo / "k8s/base/kustomization.yaml").read_text()
    assert "east-west-exposed" in {f["code"] for f in json.loads(report.read_text())["findings"]}
    if KUBECTL:
        (gw,) = kustomize(addon)
        assert (gw["apiVersion"], gw["kind"], gw["metadata"]["namespace"]) == (api, "Gateway", "istio-system")
        assert gw["spec"]["selector"] == {"istio": "eastwestgateway"}
        (server,) = gw["spec"]["servers"]
        assert server["port"] == {"number": 15443, "name": "tls", "protocol": "TLS"}
        assert server["tls"] == {"mode": "AUTO_PASSTHROUGH"}
        assert server["hosts"] == ["*.catalog.svc.cluster.local"]  # not every *.local service of the cluster
    assert main(["dubbo", str(repo), "--check", "--quiet", "--expose-east-west", *flags]) == 0


def test_meshify_toml_can_expose_east_west(tmp_path):
    repo = copy_sample(SAMPLE, tmp_path)
    write(repo, {"meshify.toml": "expose_east_west = true\n"})
    assert run(repo) == 0
    assert "AUTO_PASSTHROUGH" in (repo / "k8s/addons/east-west/gateway.yaml").read_text()


@pytest.mark.parametrize("flags, words", [
    (["--expose-kiali", "gateway"], "needs the host name Kiali is served on"),
    (["--expose-kiali", "ingress"], "--expose-kiali must be nodeport or gateway"),
    (["--kiali-host", "kiali.example.com"], "--kiali-host is used with --expose-kiali gateway"),
    (["--expose-kiali", "gateway", "--kiali-host", "Kiali_Host"], "is not a DNS name"),
])
def test_kiali_flags_that_do_not_fit_are_usage_errors(tmp_path, capsys, flags, words):
    repo = copy_sample(SAMPLE, tmp_path)
    before = snapshot(repo)
    assert run(repo, *flags) == 2
    assert words in capsys.readouterr().err
    assert snapshot(repo) == before


# ------------------------------------------------------------------ summary

def test_the_summary_points_to_the_troubleshooting_guide(tmp_path, capsys):
    repo = copy_sample(SAMPLE, tmp_path)
    assert main(["dubbo", str(repo), "--dry-run"]) == 0
    assert "once deployed: see meshify's docs/troubleshooting.md" in capsys.readouterr().err
