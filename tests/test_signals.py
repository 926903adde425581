"""Real signals sent to a real `meshify` process while it applies a 300-module repository.

Slow (a few minutes) and timing-dependent in where the signal lands, so it runs only with
``pytest -m slow``. Wherever the signal lands, the promise is the same:
SIGINT -> exit 130, one line, the tree byte-identical to the original;
SIGKILL -> the next apply recovers and the tree is byte-identical to an uninterrupted migration.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import synth
from tests.conftest import ROOT
from tests.test_journal import strays, tree

pytestmark = pytest.mark.slow
MODULES = 300


def meshify(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "springcloud", str(root), "-q"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def signal_when(proc: subprocess.Popen, root: Path, phase: str, delay: float, sig: int) -> str:
    """Send ``sig`` ``delay`` seconds after the journal reaches ``phase``; return the phase it landed in."""
    j = root / ".meshify" / "journal.json"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            seen = json.loads(j.read_text())["phase"]
        except (OSError, ValueError):
            seen = None
        if seen == phase or (phase == "prepare" and seen):
            time.sleep(delay)
            try:
                landed = json.loads(j.read_text())["phase"]
            except (OSError, ValueError):
                landed = "finished"
            proc.send_signal(sig)
            return landed
        time.sleep(0.002)
    pytest.fail("the apply finished before the signal could be sent")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synth") / "repo"
    synth.generate("springcloud", root, MODULES)
    return root


@pytest.fixture(scope="module")
def migrated(pristine, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("ref") / "repo"
    shutil.copytree(pristine, root, symlinks=True)
    assert meshify(root).wait() == 0
    return tree(root)


@pytest.mark.parametrize("phase, delay", [("prepare", 0.0), ("prepare", 0.5), ("rename", 0.0), ("rename", 0.02)])
def test_sigint(pristine, tmp_path, phase, delay):
    root = tmp_path / "repo"
    shutil.copytree(pristine, root, symlinks=True)
    before = tree(root)
    proc = meshify(root)
    landed = signal_when(proc, root, phase, delay, signal.SIGINT)
    _, err = proc.communicate(timeout=600)
    if landed == "finished":
        pytest.skip("the apply had finished")
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["meshify: interrupted: nothing was changed"]
    assert tree(root) == before


@pytest.mark.parametrize("phase, delay", [("prepare", 0.0), ("prepare", 0.5), ("rename", 0.0), ("rename", 0.02)])
def test_sigkill_then_rerun(pristine, migrated, tmp_path, phase, delay):
    root = tmp_path / "repo"
    shutil.copytree(pristine, root, symlinks=True)
    proc = meshify(root)
    landed = signal_when(proc, root, phase, delay, signal.SIGKILL)
    proc.wait(timeout=600)
    if landed == "finished":
        pytest.skip("the apply had finished")
    again = subprocess.run([sys.executable, "-m", "generator.cli", "springcloud", str(root), "-q"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "recovered an interrupted apply" in again.stderr
    assert tree(root) == migrated
    assert strays(root) == []
