from __future__ import annotations

import os
import contextlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
MESHIFY = [sys.executable, "-m", "generator.cli"]

# Property tests explore new examples on every plain pytest run; the whole suite as CI runs it
# (.ci/test sets MESHIFY_REQUIRE_TOOLS) replays a fixed set, so that a red CI always means a change;
# what a local run finds becomes a listed example.
from hypothesis import settings as _hypothesis  # noqa: E402

_hypothesis.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") or os.environ.get("MESHIFY_REQUIRE_TOOLS"):
    _hypothesis.load_profile("ci")


def copy_sample(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(SAMPLES / name, target, ignore=shutil.ignore_patterns("target"))
    return target


def run_meshify(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """meshify through ``main(argv)`` in this process (fast), from the repository root, output captured.

    With ``cwd`` or ``env`` it runs the real entry point in a subprocess instead (``run_entry_point``).
    """
    if cwd is not None or env is not None:
        return run_entry_point(*args, cwd=cwd, env=env)
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess([*MESHIFY, *args], code, out.getvalue(), err.getvalue())


def run_entry_point(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m generator.cli`` in a subprocess: the real entry point, its exit status and streams."""
    return subprocess.run([*MESHIFY, *args], capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes (to prove what changed and what did not)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts}


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


@pytest.fixture
def sc_sample(tmp_path: Path) -> Path:
    return copy_sample("springcloud-eureka", tmp_path)


def git_init(root: Path) -> None:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), *env_args, "commit", "-qm", "init"], check=True)


# The lint and runtime tiers need tools from .ci/tools.sh and take minutes: they run when
# asked for by marker (-m lint, -m runtime) or in CI (MESHIFY_REQUIRE_TOOLS=1, .ci/test),
# and are otherwise reported as skipped with the way to run them.
_OPT_IN_TIERS = ("lint", "runtime")


def pytest_collection_modifyitems(config, items):
    _skip_slow(config, items)
    if os.environ.get("MESHIFY_REQUIRE_TOOLS"):
        return
    markexpr = config.getoption("markexpr") or ""
    for tier in _OPT_IN_TIERS:
        if tier in markexpr.replace("not " + tier, ""):
            continue
        skip = pytest.mark.skip(reason=f"{tier} tier: run with -m {tier} or .ci/test")
        for item in items:
            if tier in item.keywords:
                item.add_marker(skip)


def _skip_slow(config, items):
    """Tests marked ``slow`` (real signals on a large apply, timing-dependent) run only with ``-m slow``, in CI too."""
    if "slow" in (config.getoption("markexpr") or "").replace("not slow", ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
