"""--istio-version: clusters before Istio 1.22 (KubeSphere's 1.11-1.14, say) get v1beta1 resources."""
from __future__ import annotations

import pytest

from generator.cli import main

from ..conftest import copy_sample, snapshot, write
from ..k8s_validation import load_documents, validate_all

ISTIO_GROUPS = ("networking.istio.io", "security.istio.io")


def migrate(tmp_path, sample, migration, *flags):
    repo = copy_sample(sample, tmp_path / sample)
    assert main([migration, str(repo), "--allow-dirty", "--quiet", *flags]) == 0
    return repo, {p: d for p, d in snapshot(repo / "k8s").items() if p.endswith(".yaml")}


def istio_api_versions(files) -> set[str]:
    return {d["apiVersion"] for data in files.values() for d in load_documents(data) if d["apiVersion"].split("/")[0] in ISTIO_GROUPS}


@pytest.mark.parametrize("sample,migration", [("springcloud-eureka", "springcloud"), ("dubbo-zookeeper", "dubbo")])
def test_an_older_control_plane_gets_v1beta1_and_nothing_else_changes(tmp_path, sample, migration):
    _, current = migrate(tmp_path / "current", sample, migration)
    repo, old = migrate(tmp_path / "old", sample, migration, "--istio-version", "1.14")
    assert istio_api_versions(current) == {"networking.istio.io/v1", "security.istio.io/v1"}
    assert istio_api_versions(old) == {"networking.istio.io/v1beta1", "security.istio.io/v1beta1"}
    validate_all(old)  # Istio's own v1beta1 schemas, no unknown field
    # the same resources, field for field: only the apiVersion lines differ
    assert old.keys() == current.keys()
    changed = {p for p in old if old[p] != current[p]}
    assert changed and all(p.startswith("base/") for p in changed)
    for p in changed:
        a, b = current[p].decode().splitlines(), old[p].decode().splitlines()
        assert [(x, y) for x, y in zip(a, b, strict=True) if x != y] == [
            (x, x.replace("/v1", "/v1beta1")) for x in a if x.startswith("apiVersion: ") and "istio.io/v1" in x], p
    # the next run with the same version changes nothing
    assert main([migration, str(repo), "--check", "--quiet", "--istio-version", "1.14"]) == 0


def test_the_version_from_meshify_toml_and_back_to_current(tmp_path):
    repo = copy_sample("springcloud-eureka", tmp_path / "r")
    write(repo, {"meshify.toml": 'istio_version = "1.20.8"\n'})
    assert main(["springcloud", str(repo), "--allow-dirty", "--quiet"]) == 0
    base = {p: d for p, d in snapshot(repo / "k8s/base").items() if p.endswith(".yaml")}
    assert istio_api_versions(base) == {"networking.istio.io/v1beta1", "security.istio.io/v1beta1"}
    # upgrading the control plane: the flag (or the key) goes, and the next run writes v1 again
    write(repo, {"meshify.toml": 'istio_version = "1.22"\n'})
    assert main(["springcloud", str(repo), "--check", "--quiet"]) == 1
    assert main(["springcloud", str(repo), "--allow-dirty", "--quiet"]) == 0
    base = {p: d for p, d in snapshot(repo / "k8s/base").items() if p.endswith(".yaml")}
    assert istio_api_versions(base) == {"networking.istio.io/v1", "security.istio.io/v1"}


@pytest.mark.parametrize("value,message", [
    ("1.9", "older than meshify supports (1.11)"),
    ("latest", "is not an Istio version"),
    ("2", "is not an Istio version"),
])
def test_an_unusable_version_is_a_usage_error(tmp_path, capsys, value, message):
    repo = copy_sample("springcloud-eureka", tmp_path / "r")
    before = snapshot(repo)
    assert main(["springcloud", str(repo), "--dry-run", "--istio-version", value]) == 2
    assert message in capsys.readouterr().err
    assert snapshot(repo) == before
