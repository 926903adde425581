"""Hostile input: bombs, odd file types, unreadable folders, and paths that lead out of the repository.

Every case is listed in docs/hardening.md. The rule: the right thing, or a clear error naming the
file (exit 3) with nothing written; never a hang, a traceback, a corrupted file, or a read outside.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.migrations.springcloud.options import SpringCloudOptions as Options
from generator.errors import MeshifyError
from generator.pipeline import build_plan
from tests.conftest import SAMPLES
from tests.fixtures.hardening.repo import APP, POM, PROPS, edit, make_repo, migrate, plan_for, snapshot

ROOT = Path(__file__).resolve().parent.parent
YML = "orders/src/main/resources/application.yml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def cli(*args: str, timeout: float = 120) -> tuple[int, str]:
    res = subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)
    return res.returncode, res.stdout + res.stderr


def fails_cleanly(root: Path, path: str, match: str, timeout: float = 60) -> str:
    """The CLI exits 3 naming ``path``, without a traceback, and writes nothing."""
    before = snapshot(root)
    code, out = cli("springcloud", str(root), timeout=timeout)
    assert code == 3, out
    assert f"{path}" in out and match in out, out
    assert "Traceback" not in out
    assert snapshot(root) == before
    return out


def yaml_repo(root: Path, text: str) -> Path:
    (root / PROPS).unlink()
    (root / YML).write_text(text)
    return root


# -- YAML -----------------------------------------------------------------------------
def test_yaml_alias_bomb(repo):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "spring:\n  application:\n    name: orders\n" + "\n".join(lines) + "\n"
    assert len(bomb) < 700
    yaml_repo(repo, bomb)
    fails_cleanly(repo, YML, "YAML aliases", timeout=60)


def test_recursive_yaml_alias(repo):
    yaml_repo(repo, "spring:\n  application:\n    name: orders\nl: &l {self: *l}\n")
    fails_cleanly(repo, f"{YML}:4", "recursive YAML alias")


def test_a_few_aliases_and_merge_keys_are_fine(repo):
    yaml_repo(repo, "base: &base {timeout: 5}\nspring:\n  application:\n    name: orders\nfeign:\n  a:\n    <<: *base\n  b:\n    <<: *base\neureka:\n  client:\n    enabled: true\n")
    new = changed_file(repo, YML)
    assert b"eureka" not in new and b"<<: *base" in new


@pytest.mark.parametrize("text, kind", [("- a\n- b\n", "a list"), ("just text\n", "a single value")])
def test_yaml_whose_root_is_not_a_map_is_never_appended_to(repo, text, kind):
    yaml_repo(repo, text)
    fails_cleanly(repo, f"{YML}:1", f"the YAML document is {kind}, not a map of keys")


def changed_file(root: Path, rel: str) -> bytes:
    return next(c.new for c in plan_for(root).changes if c.path == rel)


# -- file types and sizes -------------------------------------------------------------
def test_fifo_named_java_does_not_hang(repo):
    os.mkfifo(repo / "orders/src/main/java/com/example/orders/Pipe.java")
    code, out = cli("springcloud", str(repo), "--dry-run", timeout=60)
    assert code == 0, out
    assert "Pipe.java: not a regular file" in out and "[not-a-file]" in out


def test_size_is_checked_before_reading(repo):
    """A 3 GB (sparse) file is refused by its size, unread: the run has 1.5 GB of address space."""
    with open(repo / PROPS, "r+b") as fh:
        fh.truncate(3 * 1024**3)
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20)); "
    res = subprocess.run(
        [sys.executable, "-c", limit + "import sys; from generator.cli import main; sys.exit(main(['springcloud', sys.argv[1]]))", str(repo)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    out = res.stdout + res.stderr
    assert res.returncode == 3, out
    assert f"{PROPS}: file is 3221225472 bytes, larger than the 8388608 byte limit" in out


def test_unreadable_source_folder_is_an_error_naming_it(repo, monkeypatch):
    real = os.scandir
    locked = repo / "orders/src/main/java/com/example"

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    before = snapshot(repo)
    with pytest.raises(MeshifyError, match="cannot read the folder") as e:
        migrate(repo)
    assert e.value.path == "orders/src/main/java/com/example"
    assert snapshot(repo) == before


def test_java_with_an_unterminated_comment(repo):
    edit(repo, APP, "@SpringBootApplication", "/* unfinished\n@SpringBootApplication")
    line = (repo / APP).read_text().splitlines().index("/* unfinished") + 1
    fails_cleanly(repo, f"{APP}:{line}", "unterminated comment")


# -- Config Server ----------------------------------------------------------------------
def test_config_server_yaml_that_is_not_utf8_is_reported(tmp_path):
    root = tmp_path / "sc"
    shutil.copytree(SAMPLES / "springcloud-eureka", root, ignore=shutil.ignore_patterns("target"))
    served = root / "config-server/src/main/resources/shared/customers-service.yml"
    served.write_bytes(served.read_bytes() + "petstore:\n  motd: 欢迎光临\n".encode("gbk").replace(b"petstore:\n", b"extra:\n"))
    fails_cleanly(root, "config-server/src/main/resources/shared/customers-service.yml", "not UTF-8")


# -- nothing read from outside the repository -------------------------------------------
def outside_pom(path: Path, artifact: str, body: str = "") -> None:
    path.mkdir(parents=True, exist_ok=True)
    (path / "pom.xml").write_text(
        '<?xml version="1.0"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n<modelVersion>4.0.0</modelVersion>\n'
        f"<groupId>com.example</groupId><artifactId>{artifact}</artifactId><version>6.6.6</version>{body}\n</project>\n"
    )


def never_read(monkeypatch, outside: Path) -> list[str]:
    """Record every file under ``outside`` opened for reading (os.open and io.open, which pathlib uses)."""
    import io

    hits: list[str] = []

    def hit(path) -> bool:
        try:
            return Path(os.path.abspath(os.fspath(path))).resolve().is_relative_to(outside.resolve())
        except TypeError:  # a file descriptor
            return False

    real_os_open, real_io_open = os.open, io.open

    def os_open(path, flags, *a, **kw):
        if not flags & os.O_CREAT and hit(path):
            hits.append(str(path))
        return real_os_open(path, flags, *a, **kw)

    def io_open(file, mode="r", *a, **kw):
        if "r" in mode and hit(file):
            hits.append(str(file))
        return real_io_open(file, mode, *a, **kw)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    return hits


def test_module_through_an_intermediate_symlink(repo, tmp_path, monkeypatch):
    ext = tmp_path / "ext"
    shutil.copytree(repo / "orders", ext / "svc")
    os.symlink(ext, repo / "ext")
    edit(repo, "pom.xml", "<module>orders</module>", "<module>orders</module>\n        <module>ext/svc</module>")
    hits = never_read(monkeypatch, ext)
    plan = build_plan(repo, "springcloud", Options())
    assert hits == []
    assert [s.module for s in plan.services] == ["orders"]
    assert not any(c.path.startswith("ext/") for c in plan.changes)
    assert "symlink-outside" in {f.code for f in plan.findings}


def test_absolute_relative_path_to_a_parent_outside(repo, tmp_path, monkeypatch):
    outside = tmp_path / "corp-parent"
    outside_pom(outside, "corp-parent", "<packaging>pom</packaging><properties><project.version>6.6.6</project.version></properties>")
    text = (repo / POM).read_text()
    start, end = text.index("<parent>"), text.index("</parent>") + len("</parent>")
    (repo / POM).write_text(text[:start] + f"<parent><groupId>com.example</groupId><artifactId>corp-parent</artifactId><version>6.6.6</version><relativePath>{outside}/pom.xml</relativePath></parent>" + text[end:])
    hits = never_read(monkeypatch, outside)
    plan = build_plan(repo, "springcloud", Options())
    assert hits == []
    assert [s.module for s in plan.services] == ["orders"]


def test_absolute_module_path(repo, tmp_path, monkeypatch):
    outside = tmp_path / "abs-module"
    shutil.copytree(repo / "orders", outside)
    edit(repo, "pom.xml", "<module>orders</module>", f"<module>orders</module>\n        <module>{outside}</module>")
    hits = never_read(monkeypatch, outside)
    plan = build_plan(repo, "springcloud", Options())
    assert hits == []
    assert [s.module for s in plan.services] == ["orders"]
    assert "module-outside" in {f.code for f in plan.findings}


def test_manifests_folder_symlinked_outside(repo, tmp_path, monkeypatch):
    outside = tmp_path / "k8s-outside"
    (outside / "base").mkdir(parents=True)
    (outside / "overlays").mkdir()
    (outside / "base/.meshify-checksums").write_text("# inputs x\n")
    os.symlink(outside, repo / "k8s")
    hits = never_read(monkeypatch, outside)
    with pytest.raises(MeshifyError, match="symbolic link") as e:
        build_plan(repo, "springcloud", Options())
    assert e.value.path == "k8s"
    assert hits == []


def test_meshify_toml_symlinked_outside(repo, tmp_path):
    outside = tmp_path / "meshify.toml"
    outside.write_text('namespace = "from-outside"\n')
    os.symlink(outside, repo / "meshify.toml")
    fails_cleanly(repo, "meshify.toml", "outside the repository")


def test_yaml_nested_deeper_than_spring_reads(repo):
    yaml_repo(repo, "spring:\n  application:\n    name: orders\ndeep: " + "[" * 60 + "]" * 60 + "\n")
    fails_cleanly(repo, YML, "YAML nested deeper than 50 levels")
