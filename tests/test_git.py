"""Git guard rails: when git cannot answer, meshify refuses (exit 4) instead of overwriting work; ignored files are never edited."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.hardening.repo import PROPS, edit, make_repo, snapshot

ROOT = Path(__file__).resolve().parent.parent
LOCAL = "orders/src/main/resources/application-local.properties"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


def cli(*args: str, env: dict | None = None) -> tuple[int, str]:
    res = subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    return res.returncode, res.stdout + res.stderr


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    return root


def refuses(root: Path, match: str, env: dict | None = None) -> None:
    edit(root, PROPS, "server.port=8080", "server.port=8081")  # uncommitted work git would have protected
    before = snapshot(root)
    code, out = cli("springcloud", str(root), env=env)
    assert code == 4, out
    assert match in out and "--allow-dirty" in out, out
    assert snapshot(root) == before
    code, out = cli("springcloud", str(root), "--allow-dirty", env=env)
    assert code == 0, out
    assert b"server.port=8081" in (root / PROPS).read_bytes()


def test_corrupt_index_refuses(git_repo):
    (git_repo / ".git/index").write_bytes(b"DIRC garbage")
    refuses(git_repo, "index file smaller than expected")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the repository to another user")
def test_dubious_ownership_refuses(git_repo):
    for dirpath, dirnames, filenames in os.walk(git_repo):
        for n in [*dirnames, *filenames]:
            os.lchown(os.path.join(dirpath, n), 12345, 12345)
    os.lchown(git_repo, 12345, 12345)
    env = {**os.environ, "HOME": str(git_repo.parent), "GIT_CONFIG_NOSYSTEM": "1"}  # no safe.directory from the machine
    refuses(git_repo, "dubious ownership", env=env)


def test_no_git_binary_inside_a_work_tree_refuses(git_repo, tmp_path):
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    refuses(git_repo, "git is not installed", env=env)


def test_no_git_binary_and_no_work_tree_proceeds(tmp_path):
    root = make_repo(tmp_path / "plain")
    code, out = cli("springcloud", str(root), env={**os.environ, "PATH": str(tmp_path / "empty-bin")})
    assert code == 0, out


def test_git_ignored_files_are_never_edited(git_repo):
    (git_repo / ".gitignore").write_text("application-local.properties\n")
    git(git_repo, "add", ".gitignore")
    git(git_repo, "commit", "-qm", "ignore")
    (git_repo / LOCAL).write_text("eureka.client.enabled=false\nlocal.db=dev\n")
    local = (git_repo / LOCAL).read_bytes()
    code, out = cli("springcloud", str(git_repo), "--check")
    assert code == 1 and LOCAL not in out.split("findings")[0]  # not in the diff
    assert f"meshify left them unchanged (migrate them by hand): {LOCAL} [git-ignored]" in out
    code, out = cli("springcloud", str(git_repo))
    assert code == 0, out
    assert (git_repo / LOCAL).read_bytes() == local
    assert b"eureka" not in (git_repo / PROPS).read_bytes()
    assert out.count("[git-ignored]") == 1
