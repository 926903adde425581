"""render_manifests on two processes (many services, a second CPU): the same files, the same errors,
the same progress as on one; the child leaves nothing behind."""
from __future__ import annotations

import dataclasses
import os

import pytest

from generator.manifests import render
from generator.errors import MeshifyError
from generator.manifests import render_manifests
from tests.test_manifests import make_services, make_settings

pytestmark = pytest.mark.skipif(not render._can_fork(), reason="needs Linux, two CPUs and no other thread")


def many(n: int = 30):
    """n distinct services: copies of make_services()' four shapes, renamed."""
    shapes = make_services()
    out = []
    for i in range(n):
        s = shapes[i % len(shapes)]
        out.append(dataclasses.replace(s, name=f"{s.name}-{i:02d}", module=f"{s.module}-{i:02d}"))
    return out


def render_with(limit: int, monkeypatch, services, settings=None, progress=None):
    monkeypatch.setattr(render, "PARALLEL_MIN_UNITS", limit)
    return render_manifests(services, settings or make_settings(), progress=progress)


def test_two_processes_write_exactly_what_one_writes(monkeypatch):
    services = many()
    one = render_with(10**9, monkeypatch, services)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    two = render_with(2, monkeypatch, services)
    assert forks == [1]  # the child really did the first half
    assert list(two[0]) == list(one[0])
    assert two == one
    assert any(p.startswith("base/gateway-00/") for p in two[0]) and any(p.startswith("base/orders-29/") for p in two[0])


def test_progress_counts_every_service_once(monkeypatch):
    calls = []
    render_with(2, monkeypatch, many(), progress=lambda label, total: calls.append((label, total)))
    assert calls[0] == ("rendering manifests", 30)
    assert calls[1:] == [("", 0)] * 30


def broken_at(monkeypatch, name: str):
    """Rendering the service called ``name`` fails, in whichever process renders it."""
    real = render._Renderer.render

    def failing(self, template, unit, ctx):
        if unit == name:
            raise MeshifyError(f"cannot render {unit}", f"templates/{template}")
        return real(self, template, unit, ctx)

    monkeypatch.setattr(render._Renderer, "render", failing)


@pytest.mark.parametrize("name", ["gateway-00", "orders-29"], ids=["in-the-childs-half", "in-this-half"])
def test_an_error_is_raised_here_as_on_one_process(monkeypatch, name):
    services = many()
    broken_at(monkeypatch, name)
    with pytest.raises(MeshifyError) as serial:
        render_with(10**9, monkeypatch, services)
    with pytest.raises(MeshifyError) as forked:
        render_with(2, monkeypatch, services)
    assert (forked.value.message, forked.value.path) == (serial.value.message, serial.value.path) == ("cannot render " + name, "templates/service")
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # the child was reaped, even when this half failed first


def test_a_failure_only_the_child_meets_is_redone_here(monkeypatch):
    """The child's result lost (it died, or its pipe broke): this process renders that half itself."""
    services = many()
    expected = render_with(10**9, monkeypatch, services)
    parent = os.getpid()
    real = render._service_files

    def dies_in_the_child(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "_service_files", dies_in_the_child)
    assert render_with(2, monkeypatch, services) == expected


def test_no_child_is_left_running(monkeypatch):
    render_with(2, monkeypatch, many())
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # nothing left to reap


def test_few_services_stay_on_one_process(monkeypatch):
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked for four services"))
    monkeypatch.setattr(render, "PARALLEL_MIN_UNITS", 24)
    render_manifests(make_services(), make_settings())


@pytest.mark.parametrize("how", ["SIGINT to the process group (Ctrl-C)", "SIGTERM to meshify alone"])
def test_an_interrupt_while_the_child_renders_changes_nothing_and_leaves_no_process(tmp_path, how):
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT, snapshot

    repo = tmp_path / "repo"
    subprocess.run([sys.executable, "bench/run.py", "--generate", "dubbo", "150", str(repo)], cwd=ROOT, check=True, capture_output=True)
    before = snapshot(repo)
    p = subprocess.Popen([sys.executable, "-m", "generator.cli", "dubbo", str(repo), "--allow-dirty", "-q"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    child, deadline = None, time.monotonic() + 120
    while child is None and p.poll() is None and time.monotonic() < deadline:
        child = next((c for c in _children(p.pid) if b"generator.cli" in _cmdline(c)), None)  # not git
        time.sleep(0.002)
    assert child is not None, "the run never forked"
    if how.startswith("SIGINT"):
        os.killpg(p.pid, signal.SIGINT)
    else:
        os.kill(p.pid, signal.SIGTERM)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130 and b"interrupted: nothing was changed" in err
    assert snapshot(repo) == before
    time.sleep(0.2)
    assert _state(child) in (None, "Z")  # gone (or dead, waiting for a reaper): never left rendering


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _cmdline(pid: int) -> bytes:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            return fh.read()
    except OSError:
        return b""


def _state(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


@pytest.mark.parametrize("v2, v1, cpus", [
    ("50000 100000\n", None, 0.5),  # a container limited to half a CPU
    ("max 100000\n", None, None),  # no limit: the CPUs it may run on
    ("400000 100000\n", None, None),  # a limit above what it may run on
    (None, ("150000", "100000"), 1.5),  # cgroup v1
    (None, ("-1", "100000"), None),  # cgroup v1, no limit
    (None, None, None),  # neither (not Linux's cgroups, or not mounted)
])
def test_the_cpus_counted_are_those_the_cgroup_lets_it_use(tmp_path, monkeypatch, v2, v1, cpus):
    def file(name, text):
        p = tmp_path / name
        if text is not None:
            p.write_text(text)
        return str(p)

    monkeypatch.setattr(render, "CPU_MAX", file("cpu.max", v2))
    monkeypatch.setattr(render, "CFS_QUOTA", file("quota", v1 and v1[0]))
    monkeypatch.setattr(render, "CFS_PERIOD", file("period", v1 and v1[1]))
    affinity = len(os.sched_getaffinity(0))
    assert render._cpus() == (min(cpus, affinity) if cpus is not None else affinity)


def test_a_container_limited_to_one_cpu_stays_on_one_process(tmp_path, monkeypatch):
    (tmp_path / "cpu.max").write_text("100000 100000\n")
    monkeypatch.setattr(render, "CPU_MAX", str(tmp_path / "cpu.max"))
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked with one CPU to run on"))
    render_with(2, monkeypatch, many())
