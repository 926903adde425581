"""The --report JSON and inspect carry what the migration decided (schema 2)."""
from __future__ import annotations

import json

import jsonschema

from generator.cli import main

from .conftest import ROOT, copy_sample
from .fixtures.hardening.repo import make_repo

SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())


def report_of(tmp_path, *argv) -> dict:
    out = tmp_path / "report.json"
    main([*argv, "--dry-run", "--report", str(out)])
    data = json.loads(out.read_text())
    jsonschema.validate(data, SCHEMA)
    return data


def test_springcloud_decisions(sc_sample, tmp_path):
    d = report_of(tmp_path, "springcloud", str(sc_sample))["decisions"]
    assert d["versions"] == {"spring-cloud": "2021.0.8", "spring-boot": "2.6.15",
                             "spring-cloud-kubernetes": "2.1.x (managed by pom.xml (spring-cloud-dependencies BOM))"}
    assert d["discovery"].startswith("Kubernetes Services through spring-cloud-starter-kubernetes-client;")
    # what is deployed, not the pom's <packaging>: each runs as a Spring Boot executable jar
    assert d["packaging"] == {"api-gateway": "boot", "customers-service": "boot", "visits-service": "boot"}
    assert d["external_services"] == []


def test_a_feign_client_of_a_service_outside_the_repository_is_named(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    (root / "orders/src/main/java/com/example/orders/Payments.java").write_text(
        "package com.example.orders;\n\nimport org.springframework.cloud.openfeign.FeignClient;\n\n"
        "@FeignClient(name = \"payments\")\ninterface Payments {}\n")
    assert report_of(tmp_path, "springcloud", str(root))["decisions"]["external_services"] == ["payments"]
    capsys.readouterr()
    assert main(["inspect", str(root)]) == 0
    assert "  services outside the repository: payments\n" in capsys.readouterr().out


def test_dubbo_decisions(tmp_path, capsys):
    repo = copy_sample("dubbo-zookeeper", tmp_path)
    d = report_of(tmp_path, "dubbo", str(repo))["decisions"]
    assert d["versions"] == {"dubbo-before": "2.7.23", "dubbo": "3.1.5"}
    assert "no registry" in d["discovery"] and "triple on 50052" in d["discovery"]
    assert d["packaging"] == {"order-consumer": "boot", "order-provider": "boot", "user-provider": "boot"}
    capsys.readouterr()
    assert main(["inspect", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "decisions:\n  version dubbo-before: 2.7.23\n  version dubbo: 3.1.5\n" in out


def test_a_failed_run_still_reports_with_empty_decisions(tmp_path):
    data = report_of(tmp_path, "springcloud", str(tmp_path / "missing"))
    assert data["exit_code"] == 3 and data["decisions"] == {} and data["schema"] == 2
