"""meshify as a real pre-commit hook (pre-commit from PyPI) on a git repository holding the sample."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, copy_sample, git_init, run_meshify

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This project as pre-commit sees it: a git repository (committed, since pre-commit clones it)."""
    if shutil.which("git") is None:
        pytest.fail("git is required")
    dest = tmp_path_factory.mktemp("hookrepo") / "meshify"
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "target", "*.egg-info")
    shutil.copytree(ROOT, dest, ignore=ignore)
    git_init(dest)
    return dest


def run_hook(repo: Path, hook_repo: Path, home: Path, *extra: str) -> subprocess.CompletedProcess:
    rev = subprocess.run(["git", "-C", str(hook_repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: meshify-springcloud\n"
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([*PRE_COMMIT, "run", "--all-files", "--color", "never", *extra], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def commit_all(repo: Path, message: str) -> None:
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run([*GIT, "-C", str(repo), "commit", "-qm", message, "--no-verify"], check=True)


def test_hook_fails_before_passes_after_and_catches_drift(tmp_path, hook_repo):
    repo = copy_sample("springcloud-eureka", tmp_path)
    git_init(repo)
    home = tmp_path / "pre-commit-home"

    # before migration: the hook fails and shows what would change as a unified diff
    r = run_hook(repo, hook_repo, home)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "meshify springcloud (check)" in r.stdout and "Failed" in r.stdout
    assert "-            <artifactId>spring-cloud-starter-netflix-eureka-client</artifactId>" in r.stdout
    assert "+            <artifactId>spring-cloud-starter-kubernetes-client</artifactId>" in r.stdout

    # migrate, commit: the hook passes
    assert run_meshify("springcloud", str(repo), "--allow-dirty").returncode == 0
    commit_all(repo, "migrate")
    r = run_hook(repo, hook_repo, home)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Passed" in r.stdout

    # someone re-adds the Eureka client: the hook fails with the diff that undoes it
    pom = repo / "visits-service" / "pom.xml"
    good = pom.read_text()
    pom.write_text(good.replace("spring-cloud-starter-kubernetes-client</artifactId>", "spring-cloud-starter-netflix-eureka-client</artifactId>", 1))
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    r = run_hook(repo, hook_repo, home)
    assert r.returncode == 1
    assert "visits-service/pom.xml" in r.stdout and "spring-cloud-starter-kubernetes-client" in r.stdout
    pom.write_text(good)

    # a generated manifest drifts: the hook fails on it
    svc = repo / "k8s" / "base" / "visits-service" / "service.yaml"
    svc.write_text(svc.read_text().replace("name: http", "name: web"))
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    r = run_hook(repo, hook_repo, home)
    assert r.returncode == 1
    assert "k8s/base/visits-service/service.yaml" in r.stdout


def test_hook_definitions_match_the_documented_contract():
    from ruamel.yaml import YAML

    hooks = {h["id"]: h for h in YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"meshify-springcloud", "meshify-dubbo", "meshify-springcloud-fix", "meshify-dubbo-fix"}
    for hid, h in hooks.items():
        assert h["language"] == "python" and h["pass_filenames"] is False
        assert ("--check" in h["entry"]) == (not hid.endswith("-fix"))
        assert hid.endswith("-fix") == ("--allow-dirty" in h["entry"])
    import re

    files = re.compile(hooks["meshify-springcloud"]["files"])
    for path in ("pom.xml", "a/pom.xml", "src/main/resources/application.yml", "x/bootstrap.yaml", "a.properties", "A.java", "spring/dubbo.xml", "meshify.toml"):
        assert files.search(path), path
    assert not files.search("README.md")
