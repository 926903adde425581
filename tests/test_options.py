"""Every option and meshify.toml value is checked: bad flags exit 2, bad meshify.toml values exit 3,
both before anything is written; [services.NAME] overrides reach the manifests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from tests.fixtures.hardening.repo import make_repo, snapshot

DEPLOYMENT = "k8s/base/orders/deployment.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def run(*args: str, capsys) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    "flag, value, match",
    [
        ("--namespace", "Bad_Name", "is not a Kubernetes name"),
        ("--namespace", "123", "is not a Kubernetes name"),
        ("--namespace", "a" * 80, "is not a Kubernetes name"),
        ("--debug-port", "99999", "is not a port number"),
        ("--debug-port", "-1", "is not a port number"),
        ("--debug-port", "8080", "8080 is a port of service orders"),
        ("--image-tag", "bad tag:x/y", "is not an image tag"),
        ("--image-tag", "", "is not an image tag"),
        ("--image-registry", "", "is not an image registry"),
        ("--image-registry", "Registry.example.com/Team", "is not an image registry"),
        ("--output", ".git/hooks", "version-control data"),
        ("--output", "/tmp/k8s", "not a folder inside the repository"),
        ("--mtls", "foo", "is not an mTLS mode"),
        ("--config-repo", "/nonexistent/config-repo", "is not a folder"),
    ],
)
def test_bad_flag_values_exit_2_before_anything_is_written(repo, capsys, flag, value, match):
    before = snapshot(repo)
    code, err = run("springcloud", str(repo), f"{flag}={value}", capsys=capsys)
    assert code == 2, err
    assert flag in err and match in err
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    "toml, match",
    [
        ("replicas = 100000", "'replicas': 100000 is not a replica count (1 to 1000)"),
        ("replicas = 0", "is not a replica count"),
        ("skip_modules = [1, 2]", "'skip_modules': [1, 2] is not a list of module folders"),
        ("debug_port = -5", "'debug_port': -5 is not a port number"),
        ("namespace = \"Shop_Prod\"", "'namespace': 'Shop_Prod' is not a Kubernetes name"),
        ("mtls = \"off\"", "'mtls': 'off' is not an mTLS mode"),
        ("[resources]\nlimits = { memory = \"lots\" }", "limits.memory: 'lots' is not a Kubernetes quantity"),
        ("[services.orders]\nport = 70000", "'services.orders.port': 70000 is not a port number"),
        ("[services.orders]\nreplicas = 5000", "'services.orders.replicas': 5000 is not a replica count"),
        ("[services.orders]\nenv = { \"BAD NAME\" = \"x\" }", "is not an environment variable name"),
        ("[services.orders]\nname = \"x\"", "unknown key 'services.orders.name'"),
        ("[services.nobody]\nreplicas = 3", "[services.nobody]: no service is named 'nobody'"),
    ],
)
def test_bad_meshify_toml_values_exit_3_naming_the_file(repo, capsys, toml, match):
    (repo / "meshify.toml").write_text(toml + "\n")
    before = snapshot(repo)
    code, err = run("springcloud", str(repo), capsys=capsys)
    assert code == 3, err
    assert "meshify.toml" in err and match in err, err
    assert snapshot(repo) == before


def test_debug_port_from_meshify_toml_clashing_with_the_app_is_exit_3(repo, capsys):
    (repo / "meshify.toml").write_text("debug_port = 8080\n")
    code, err = run("springcloud", str(repo), capsys=capsys)
    assert code == 3 and "meshify.toml: 'debug_port': 8080 is a port of service orders" in err


def test_good_values_are_accepted_as_written(repo, capsys):
    code, err = run("springcloud", str(repo), "--namespace", "shop-prod", "--image-registry", "registry.example.com:5000/team",
                    "--image-tag", "1.2.3_rc-1", "--debug-port", "5005", "--mtls", "PERMISSIVE", capsys=capsys)
    assert code == 0, err
    d = yaml.safe_load((repo / DEPLOYMENT).read_text())
    assert d["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com:5000/team/orders:1.2.3_rc-1"
    assert "namespace: shop-prod" in (repo / "k8s/base/kustomization.yaml").read_text()


# -- --report ---------------------------------------------------------------------------
def test_report_to_a_directory_is_exit_2_before_anything_is_written(repo, tmp_path, capsys):
    before = snapshot(repo)
    code, err = run("springcloud", str(repo), "--report", str(tmp_path), capsys=capsys)
    assert code == 2 and "--report" in err and "is a folder" in err
    assert snapshot(repo) == before


@pytest.mark.parametrize("flag", [[], ["--check"]])
def test_report_to_an_unwritable_path_is_exit_2(repo, tmp_path, capsys, flag):
    before = snapshot(repo)
    code, err = run("springcloud", str(repo), *flag, "--report", str(tmp_path / "missing" / "r.json"), capsys=capsys)
    assert code == 2 and "does not exist" in err and "Traceback" not in err
    assert snapshot(repo) == before


def test_report_is_written_on_success(repo, tmp_path, capsys):
    code, _ = run("springcloud", str(repo), "--check", "--report", str(tmp_path / "r.json"), capsys=capsys)
    assert code == 1 and json.loads((tmp_path / "r.json").read_text())["exit_code"] == 1


# -- [services.NAME] overrides ------------------------------------------------------------
def test_service_overrides_reach_the_deployment(repo, capsys):
    (repo / "meshify.toml").write_text(
        'replicas = 2\n[services.orders]\nport = 9090\nreplicas = 4\nenv = { JAVA_OPTS = "-Xss512k", RETRIES = 3 }\n'
        'resources = { limits = { memory = "2Gi" } }\n'
    )
    code, err = run("springcloud", str(repo), capsys=capsys)
    assert code == 0, err
    d = yaml.safe_load((repo / DEPLOYMENT).read_text())
    spec = d["spec"]
    c = spec["template"]["spec"]["containers"][0]
    assert spec["replicas"] == 4
    assert {"name": "JAVA_OPTS", "value": "-Xss512k"} in c["env"] and {"name": "RETRIES", "value": "3"} in c["env"]
    assert c["resources"]["limits"]["memory"] == "2Gi"
    assert [p["containerPort"] for p in c["ports"]][0] == 9090
    for probe in ("livenessProbe", "readinessProbe"):
        port = c[probe].get("tcpSocket", c[probe].get("httpGet", {})).get("port")
        assert port in (9090, "http"), (probe, c[probe])
    svc = yaml.safe_load((repo / "k8s/base/orders/service.yaml").read_text())
    assert [p["port"] for p in svc["spec"]["ports"]] == [9090]
    code, _ = run("springcloud", str(repo), "--check", capsys=capsys)
    assert code == 0  # idempotent
