"""Plan: diff, and an all-or-nothing apply that survives faults."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from generator import plan as plan_mod
from generator.errors import MeshifyError
from generator.plan import TMP_PREFIX, FileChange, Plan, safe_target
from tests.fixtures.hardening.repo import snapshot


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for rel, data in {"a.txt": b"a\n", "b/b.txt": b"b\r\n", "c/c.txt": b"c", "d.txt": b"d\n"}.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return root


def four_changes(root: Path) -> Plan:
    p = Plan(root)
    p.add(FileChange("a.txt", b"a\n", b"A\n"))
    p.add(FileChange("b/b.txt", b"b\r\n", b"B\r\n"))
    p.add(FileChange("c/c.txt", b"c", b"C"))
    p.add(FileChange("new/deep/n.txt", None, b"n\n"))
    return p


def no_tmp_files(root: Path) -> bool:
    return not [p for p in root.rglob("*") if p.name.startswith(TMP_PREFIX)]


def test_apply_writes_everything(repo):
    four_changes(repo).apply()
    assert snapshot(repo) == {"a.txt": b"A\n", "b/b.txt": b"B\r\n", "c/c.txt": b"C", "d.txt": b"d\n", "new/deep/n.txt": b"n\n"}
    assert no_tmp_files(repo)


def test_unchanged_content_is_not_a_change(repo):
    p = Plan(repo)
    p.add(FileChange("a.txt", b"a\n", b"a\n"))
    assert p.empty


@pytest.mark.parametrize("fault_after", [0, 1, 2, 3])
def test_injected_fault_leaves_the_repository_as_it_was(repo, fault_after):
    before = snapshot(repo)
    with pytest.raises(MeshifyError, match="nothing was changed"):
        four_changes(repo).apply(_fault_after=fault_after)
    assert snapshot(repo) == before
    assert no_tmp_files(repo)
    assert not (repo / "new").exists()  # folders made for new files go too


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_disk_full_on_rename_rolls_back(repo, monkeypatch, k):
    """os.replace fails with ENOSPC after k calls, and keeps failing (the rollback cannot rename either)."""
    before = snapshot(repo)
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] > k:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(plan_mod.os, "replace", replace)
    with pytest.raises(MeshifyError) as e:
        four_changes(repo).apply()
    assert "No space left" in str(e.value)
    assert e.value.path  # names the file it was writing
    assert snapshot(repo) == before
    assert no_tmp_files(repo)


def test_disk_full_while_writing_temp_files(repo, monkeypatch):
    before = snapshot(repo)
    real_write = os.write
    calls = {"n": 0}

    def write(fd, data):
        calls["n"] += 1
        if calls["n"] == 3:  # the third file's temp file: two are complete, one is half-made
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(plan_mod.os, "write", write)
    with pytest.raises(MeshifyError, match="No space left") as e:
        four_changes(repo).apply()
    assert calls["n"] == 3
    assert e.value.path  # names the file it was writing
    assert snapshot(repo) == before
    assert no_tmp_files(repo)


@pytest.mark.parametrize("k", [0, 2])
def test_keyboard_interrupt_mid_apply(repo, monkeypatch, k):
    before = snapshot(repo)
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] == k + 1:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(plan_mod.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        four_changes(repo).apply()
    assert snapshot(repo) == before
    assert no_tmp_files(repo)


def test_failed_restore_keeps_the_backup(repo, monkeypatch):
    """When even the restore fails, the original bytes stay on disk and the error says where."""
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        if "journal" in str(dst):  # the journal itself is written fine
            return real(src, dst)
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError(errno.EIO, "I/O error", str(dst))
        return real(src, dst)

    real_open = open

    def bad_open(file, mode="r", *a, **kw):
        if "w" in mode and str(file).endswith("a.txt"):
            raise OSError(errno.EIO, "I/O error")
        return real_open(file, mode, *a, **kw)

    monkeypatch.setattr(plan_mod.os, "replace", replace)
    monkeypatch.setattr("builtins.open", bad_open)
    with pytest.raises(MeshifyError, match="could not restore") as e:
        four_changes(repo).apply()
    kept = [p for p in repo.rglob(TMP_PREFIX + "*")]
    assert [p.read_bytes() for p in kept] == [b"a\n"]
    assert str(kept[0]) in str(e.value)


def test_read_only_file_is_edited_and_stays_read_only(repo):
    (repo / "a.txt").chmod(0o444)
    four_changes(repo).apply()
    assert (repo / "a.txt").read_bytes() == b"A\n"
    assert stat.S_IMODE((repo / "a.txt").stat().st_mode) == 0o444


def test_permission_denied_folder_writes_nothing(repo, monkeypatch):
    before = snapshot(repo)
    real = os.open

    def os_open(path, flags, *a, **kw):
        if flags & os.O_CREAT and Path(path).parent.name == "c":  # no file may be created in c/ (root ignores chmod)
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *a, **kw)

    monkeypatch.setattr(plan_mod.os, "open", os_open)
    with pytest.raises(MeshifyError, match="Permission denied") as e:
        four_changes(repo).apply()
    assert e.value.path == "c/c.txt"
    assert snapshot(repo) == before and no_tmp_files(repo)


@pytest.mark.parametrize("rel", ["../x.txt", "/etc/passwd", "a/../../x"])
def test_safe_target_refuses_escapes(repo, rel):
    with pytest.raises(MeshifyError, match="outside the repository"):
        safe_target(repo, rel)


def test_plan_refuses_to_write_through_links(repo, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_bytes(b"x")
    os.symlink(outside, repo / "link-dir")
    os.symlink(repo / "a.txt", repo / "link-file")
    p = Plan(repo)
    for rel in ("link-dir/x.txt", "link-file"):
        with pytest.raises(MeshifyError, match="symbolic link"):
            p.add(FileChange(rel, b"x", b"y"))
    assert p.empty and (outside / "x.txt").read_bytes() == b"x"


def test_diff_is_a_unified_diff_with_no_newline_marker(repo):
    p = Plan(repo)
    p.add(FileChange("c/c.txt", b"c", b"C"))
    p.add(FileChange("new.txt", None, b"n\n"))
    assert p.diff() == (
        "--- a/c/c.txt\n+++ b/c/c.txt\n@@ -1 +1 @@\n-c\n\\ No newline at end of file\n+C\n\\ No newline at end of file\n"
        "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+n\n"
    )


_LINE = st.text(st.sampled_from(list("ab-+@ \r\n\x0c\u2028")), max_size=6)


def _lines(data: bytes | None, encoding: str) -> list[str]:
    """What difflib is given: the decoded text's lines with their endings."""
    return plan_mod._text(data, encoding).splitlines(keepends=True)


def _difflib_diff(old: list[str], new: list[str], a: str, b: str) -> str:
    """difflib's unified diff, every line ended as meshify prints it: the two file headers and the hunk
    headers get a newline, any other line without one (a file's last) the 'No newline' marker."""
    import difflib

    out = []
    for i, line in enumerate(difflib.unified_diff(old, new, a, b, n=3)):
        if line.endswith("\n"):
            out.append(line.replace("\r\n", "\n"))
        elif i < 2 or line.startswith("@@"):
            out.append(line + "\n")
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=6), st.booleans())
def test_a_created_or_deleted_file_diffs_as_difflib_writes_it(lines, created):
    # the diff of a new (or deleted) file is written without matching lines: byte for byte difflib's,
    # ends of lines, missing final newlines and lines that look like diff headers included
    text = "".join(lines).encode()
    c = FileChange("k8s/x.yaml", None, text) if created else FileChange("k8s/x.yaml", text, None)
    old = _lines(c.old, c.encoding)
    new = _lines(c.new, c.encoding)
    a = "/dev/null" if created else "a/k8s/x.yaml"
    b = "b/k8s/x.yaml" if created else "/dev/null"
    assert Plan(Path("/nonexistent"), [c]).diff() == _difflib_diff(old, new, a, b)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=6), st.lists(_LINE, max_size=6))
def test_a_changed_file_diffs_as_difflib_writes_it(old_lines, new_lines):
    old, new = "".join(old_lines).encode(), "".join(new_lines).encode()
    c = FileChange("src/a.properties", old, new)
    expected = _difflib_diff(_lines(old, "utf-8"), _lines(new, "utf-8"), "a/src/a.properties", "b/src/a.properties")
    assert Plan(Path("/nonexistent"), [c]).diff() == expected


@pytest.mark.parametrize("old, new, expected", [
    (None, b"x\n++y", "--- /dev/null\n+++ b/f\n@@ -0,0 +1,2 @@\n+x\n+++y\n\\ No newline at end of file\n"),
    (b"x\n--y", None, "--- a/f\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x\n---y\n\\ No newline at end of file\n"),
    (b"a\n--y", b"b\n--y", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n-a\n+b\n --y\n\\ No newline at end of file\n"),
    (b"a\n--y", b"a\n-z", "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n---y\n\\ No newline at end of file\n+-z\n\\ No newline at end of file\n"),
])
def test_a_last_line_that_looks_like_a_diff_header_is_still_marked(old, new, expected):
    # "--y" deleted is "---y", "++y" added is "+++y": content, not file headers; without the marker,
    # the patch would add a newline the file does not have
    assert Plan(Path("/nonexistent"), [FileChange("f", old, new)]).diff() == expected


def test_new_files_in_new_folders_are_world_readable_and_roll_back(repo):
    """A new file in a folder the apply creates (most of a first run: k8s/base/<service>/) is written
    0644 like any new file, beside a modified file that keeps its mode; a failed rename removes both
    the new files and the folders made for them."""
    (repo / "a.txt").chmod(0o600)
    p = Plan(repo)
    p.add(FileChange("a.txt", b"a\n", b"A\n"))
    p.add(FileChange("k8s/base/svc/deployment.yaml", None, b"kind: Deployment\n"))
    p.add(FileChange("k8s/base/svc/service.yaml", None, b"kind: Service\n"))
    p.add(FileChange("b/new.txt", None, b"new in an existing folder\n"))
    p.apply()
    for rel in ("k8s/base/svc/deployment.yaml", "k8s/base/svc/service.yaml", "b/new.txt"):
        assert stat.S_IMODE((repo / rel).stat().st_mode) == 0o644, rel
    assert stat.S_IMODE((repo / "a.txt").stat().st_mode) == 0o600
    assert (repo / "k8s/base/svc/service.yaml").read_bytes() == b"kind: Service\n"

    other = repo.parent / "other"
    other.mkdir()
    (other / "a.txt").write_bytes(b"a\n")
    before = snapshot(other)
    q = Plan(other)
    q.add(FileChange("a.txt", b"a\n", b"A\n"))
    q.add(FileChange("k8s/base/svc/deployment.yaml", None, b"kind: Deployment\n"))
    with pytest.raises(MeshifyError, match="nothing was changed"):
        q.apply(_fault_after=1)
    assert snapshot(other) == before
    assert not (other / "k8s").exists()
