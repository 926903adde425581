"""The pipeline reuses unchanged manifests (the commit-hook case) and renders when anything changed."""
from __future__ import annotations

import pytest

from generator import manifests
from generator.migrations.springcloud.options import SpringCloudOptions as Options
from generator.pipeline import build_plan


@pytest.fixture
def migrated(sc_sample):
    build_plan(sc_sample, "springcloud", Options()).apply()
    return sc_sample


def forbid_rendering(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("rendered although nothing changed")

    monkeypatch.setattr(manifests, "render_manifests", boom)


def test_unchanged_repository_is_checked_without_rendering(migrated, monkeypatch):
    forbid_rendering(monkeypatch)
    plan = build_plan(migrated, "springcloud", Options())
    assert plan.empty
    # the findings of the manifests are still reported
    assert any(f.code == "image-tag-unpinned" for f in plan.findings)


def test_a_changed_setting_renders_again(migrated):
    plan = build_plan(migrated, "springcloud", Options(replicas=3))
    changed = {c.path for c in plan.changes}
    assert "k8s/base/visits-service/deployment.yaml" in changed
    assert "replicas: 3" in next(c for c in plan.changes if c.path == "k8s/base/visits-service/deployment.yaml").new.decode()


def test_a_changed_source_renders_again(migrated):
    props = migrated / "visits-service/src/main/resources/application.properties"
    props.write_bytes(props.read_bytes().replace(b"server.port=8082", b"server.port=8090"))
    plan = build_plan(migrated, "springcloud", Options())
    svc = next(c for c in plan.changes if c.path == "k8s/base/visits-service/service.yaml").new.decode()
    assert "port: 8090" in svc


def test_a_base_file_edited_by_hand_is_not_reused(migrated, monkeypatch):
    dep = migrated / "k8s/base/customers-service/deployment.yaml"
    dep.write_text(dep.read_text().replace("replicas: 2", "replicas: 4"))
    plan = build_plan(migrated, "springcloud", Options())
    assert "k8s/base/customers-service/deployment.yaml" in plan.facts.get("hand_edited", [])


def test_progress_is_reported_per_service_and_per_file(sc_sample):
    calls = []
    plan = build_plan(sc_sample, "springcloud", Options(), progress=lambda label, total: calls.append((label, total)))
    assert calls[0] == ("rendering manifests", 3) and calls[1:] == [("", 0)] * 3
    calls.clear()
    plan.apply(progress=lambda label, total: calls.append((label, total)))
    assert calls[0] == ("writing files", len(plan.changes)) and len(calls) == len(plan.changes) + 1


def test_progress_bar_on_a_terminal_only_for_large_repositories(tmp_path):
    """On a terminal, a 60-module repository shows a bar on stderr; piped output never does."""
    import os
    import pty
    import subprocess
    import sys

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synth
    finally:
        sys.path.pop(0)
    repo = tmp_path / "big"
    synth.generate("springcloud", repo, 60)
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["TERM"] = "xterm"
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "springcloud", str(repo), "--dry-run"], stdout=subprocess.DEVNULL, stderr=slave, env=env, cwd=ROOT)
    os.close(slave)
    out = b""
    while True:  # read while it runs: a full terminal buffer would block the child
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    proc.wait(timeout=300)
    assert proc.returncode == 0
    assert b"rendering manifests" in out
    piped = subprocess.run([sys.executable, "-m", "generator.cli", "springcloud", str(repo), "--dry-run"], capture_output=True, cwd=ROOT, timeout=300)
    assert b"rendering manifests" not in piped.stderr
