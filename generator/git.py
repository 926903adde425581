"""What git says about the files an apply would write: uncommitted changes, ignored files.

A folder outside any git work tree proceeds (there is nothing to ask). A folder inside one,
where git cannot answer (not installed, "dubious ownership", a corrupt index), is refused:
proceeding would overwrite uncommitted work that meshify was asked to protect.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import Refused

HINT = "fix git, or rerun with --allow-dirty to apply without asking it"


def _work_tree_marker(root: Path) -> Path | None:
    """The nearest .git (folder or file) at or above root."""
    for d in [root, *root.parents]:
        if (d / ".git").exists():
            return d / ".git"
    return None


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=120)


def _reason(res: subprocess.CompletedProcess) -> str:
    lines = [line.strip() for line in res.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (fatal or lines or [f"exit {res.returncode}"])[0]


def work_tree(root: Path) -> bool:
    """True inside a git work tree git can read; False outside any; Refused when git cannot answer."""
    marker = _work_tree_marker(root)
    try:
        res = _git(root, "rev-parse", "--is-inside-work-tree")
    except FileNotFoundError:
        if marker is None:
            return False
        raise Refused(f"this folder is in a git work tree ({marker}) but git is not installed, so uncommitted changes cannot be checked", str(root), hint=HINT) from None
    except (OSError, subprocess.TimeoutExpired) as e:
        if marker is None:
            return False
        raise Refused(f"git did not answer: {e}", str(root), hint=HINT) from None
    if res.returncode == 0:
        return res.stdout.strip() == b"true"
    if marker is None and b"not a git repository" in res.stderr:
        return False
    raise Refused(f"git cannot tell whether files have uncommitted changes: {_reason(res)}", str(root), hint=HINT)


def dirty(root: Path, paths: list[str]) -> list[str]:
    """Files among ``paths`` with uncommitted changes (untracked ones too); Refused when git fails."""
    if not paths:
        return []
    res = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *paths)
    if res.returncode != 0:
        raise Refused(f"git cannot tell whether files have uncommitted changes: {_reason(res)}", str(root), hint=HINT)
    out = []
    for entry in res.stdout.decode("utf-8", "replace").split("\0"):
        # untracked files count too: overwriting one loses content that exists nowhere in git
        if len(entry) > 3:
            out.append(entry[3:])
    return sorted(out)


def ignored(root: Path, paths: list[str]) -> list[str]:
    """Files among ``paths`` that git ignores (and does not track); [] outside a work tree."""
    if not paths:
        return []
    try:
        res = _git(root, "check-ignore", "-z", "--stdin", stdin=b"\0".join(p.encode() for p in paths) + b"\0")
    except (OSError, subprocess.TimeoutExpired):
        return []
    if res.returncode not in (0, 1):
        raise Refused(f"git cannot tell which files it ignores: {_reason(res)}", str(root), hint=HINT)
    return sorted(p for p in res.stdout.decode("utf-8", "replace").split("\0") if p)
