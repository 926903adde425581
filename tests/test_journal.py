"""A recoverable apply: Ctrl-C, SIGTERM and hard stops at every rename, and one run at a time.

Fault points come from the plan's hook: ``_fault(point, i)`` runs before and after the i-th rename.
A ``KeyboardInterrupt`` there is Ctrl-C; ``SimulatedCrash`` stops the apply dead, as SIGKILL or a
power cut would (no rollback, no cleanup), and the next apply must recover.
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from generator import journal, output
from generator.migrations.springcloud.options import SpringCloudOptions as Options
from generator.pipeline import build_plan
from generator.plan import TMP_PREFIX, Plan, SimulatedCrash
from tests.fixtures.hardening.repo import make_repo

EXIT_OK, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 4, 130


def tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder (links not followed) with its mode and bytes; folders have None."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for d in dirnames:
            p = Path(dirpath) / d
            out[p.relative_to(root).as_posix() + "/"] = (stat.S_IMODE(p.lstat().st_mode), None)
        for f in filenames:
            p = Path(dirpath) / f
            out[p.relative_to(root).as_posix()] = (stat.S_IMODE(p.lstat().st_mode), p.read_bytes())
    return out


def strays(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.name.startswith(TMP_PREFIX) or p.name == ".meshify")


def run(root: Path, *flags: str, capsys=None) -> tuple[int, str]:
    """The apply the CLI runs, in-process."""
    code = output.run(
        root, "springcloud", dry_run="--dry-run" in flags, check="--check" in flags, allow_dirty=True, quiet=True, report=None, cli_options={}
    )
    err = capsys.readouterr().err if capsys else ""
    return code, err


def plan_of(root: Path):
    return build_plan(root, "springcloud", Options())


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> dict:
    """The tree an uninterrupted migration leaves."""
    root = make_repo(tmp_path_factory.mktemp("ref") / "repo")
    assert output.run(root, "springcloud", dry_run=False, check=False, allow_dirty=True, quiet=True, report=None, cli_options={}) == 0
    return tree(root)


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    """The plan of the repository (a plan is plain data: the same changes apply to any copy)."""
    root = make_repo(tmp_path_factory.mktemp("count") / "repo")
    plan = plan_of(root)
    assert len(plan.changes) >= 10  # edits and new files in new folders: enough to interrupt in many places
    assert any(c.old is None for c in plan.changes) and any(c.old is not None for c in plan.changes)
    return plan


def copy_plan(plan, root: Path):
    return Plan(root, changes=list(plan.changes))


def fault_points(n: int) -> list[tuple[str, int]]:
    return [(point, i) for i in range(n) for point in ("before-rename", "after-rename")]


def at(point: str, index: int, exc: type[BaseException]):
    def hook(p, i):
        if (p, i) == (point, index):
            raise exc()

    return hook


def test_ctrl_c_at_every_rename_leaves_the_tree_byte_identical(tmp_path, planned):
    for k, (point, i) in enumerate(fault_points(len(planned.changes))):
        root = make_repo(tmp_path / f"r{k}")
        (root / "orders/pom.xml").chmod(0o640)  # modes come back too
        before = tree(root)
        with pytest.raises(KeyboardInterrupt):
            copy_plan(planned, root).apply(_fault=at(point, i, KeyboardInterrupt))
        assert tree(root) == before, (point, i)
        assert not journal.pending(root)


def test_hard_stop_at_every_rename_then_the_next_apply_recovers(tmp_path, planned, migrated, capsys):
    points = fault_points(len(planned.changes))
    for k, (point, i) in enumerate(points):
        root = make_repo(tmp_path / f"r{k}")
        before = tree(root)
        with pytest.raises(SimulatedCrash):
            copy_plan(planned, root).apply(_fault=at(point, i, SimulatedCrash))
        assert journal.pending(root)
        assert strays(root)  # the crash really left temp files behind
        if k in (0, len(points) // 2, len(points) - 1):  # the whole next run, as the CLI does it
            code, err = run(root, capsys=capsys)
            assert code == EXIT_OK, err
            assert "recovered an interrupted apply" in err
        else:  # recovery, then the same plan (the recovered tree is the original, so the plan is too)
            with journal.locked(root):
                outcome = journal.recover(root)
            assert "the repository is as it was before that run" in outcome.message()
            assert tree(root) == before, (point, i)
            copy_plan(planned, root).apply()
        assert tree(root) == migrated, (point, i)
        assert strays(root) == []


def test_hard_stop_while_preparing_is_cleaned_up(tmp_path, migrated, capsys):
    """Killed while the temp files are still being written: none of them may stay."""
    root = make_repo(tmp_path / "repo")
    plan = plan_of(root)
    sixth = [i for i, c in enumerate(plan.sorted_changes()) if c.new is not None][5]
    with pytest.raises(SimulatedCrash):
        plan.apply(_fault=at("writing", sixth, SimulatedCrash))  # the sixth temp file exists, empty
    temp_files = [s for s in strays(root) if TMP_PREFIX in s and not s.endswith(".orig")]
    assert len(temp_files) == 6, temp_files
    assert json.loads((root / ".meshify/journal.json").read_text())["phase"] == "prepare"
    code, err = run(root, capsys=capsys)
    assert code == EXIT_OK and "recovered" in err
    assert tree(root) == migrated and strays(root) == []


def test_hard_stop_after_the_last_rename_rolls_forward(tmp_path, migrated, capsys, monkeypatch):
    """Every file was written; only the backups were left: recovery keeps the new files."""
    root = make_repo(tmp_path / "repo")
    real = journal.Journal.roll_forward

    def crash(self):
        raise SimulatedCrash

    monkeypatch.setattr(journal.Journal, "roll_forward", crash)
    with pytest.raises(SimulatedCrash):
        plan_of(root).apply()
    monkeypatch.setattr(journal.Journal, "roll_forward", real)
    code, err = run(root, capsys=capsys)
    assert code == EXIT_OK and "had written every file" in err
    assert tree(root) == migrated and strays(root) == []


@pytest.mark.parametrize("flag", ["--check", "--dry-run"])
def test_check_and_dry_run_report_a_pending_journal_and_write_nothing(tmp_path, flag, capsys):
    root = make_repo(tmp_path / "repo")
    with pytest.raises(SimulatedCrash):
        plan_of(root).apply(_fault=at("after-rename", 3, SimulatedCrash))
    crashed = tree(root)
    code, err = run(root, flag, capsys=capsys)
    assert code == EXIT_REFUSED
    assert "an interrupted apply is pending; run meshify without --check" in err
    assert tree(root) == crashed


def test_inspect_warns_of_a_pending_journal_and_writes_nothing(tmp_path, capsys):
    from generator.cli import main

    root = make_repo(tmp_path / "repo")
    with pytest.raises(SimulatedCrash):
        plan_of(root).apply(_fault=at("after-rename", 3, SimulatedCrash))
    crashed = tree(root)
    assert main(["inspect", str(root), "--as", "springcloud"]) == EXIT_OK
    err = capsys.readouterr().err
    assert f"meshify: warning: {root}: {journal.PENDING}" in err
    assert tree(root) == crashed and journal.pending(root)


def test_ctrl_c_through_the_cli_prints_one_line_and_exits_130(tmp_path, monkeypatch, capsys):
    """The real entry point (typer's own handler would print "Aborted!" and exit 1)."""
    from generator import cli

    root = make_repo(tmp_path / "repo")
    before = tree(root)
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        if TMP_PREFIX in str(src):
            calls["n"] += 1
            if calls["n"] == 5:
                raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    assert cli.main(["springcloud", str(root), "--quiet"]) == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["meshify: interrupted: nothing was changed"]
    assert calls["n"] == 5 and tree(root) == before


def test_sigterm_rolls_back_like_ctrl_c(tmp_path, capsys, monkeypatch):
    import signal

    root = make_repo(tmp_path / "repo")
    before = tree(root)
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        if TMP_PREFIX in str(src):
            calls["n"] += 1
            if calls["n"] == 3:
                os.kill(os.getpid(), signal.SIGTERM)
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, err = run(root, capsys=capsys)
    assert code == EXIT_INTERRUPTED and "interrupted: nothing was changed" in err
    assert tree(root) == before
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handler restored


def test_journal_goes_in_dot_git_when_there_is_one(tmp_path):
    root = make_repo(tmp_path / "repo")
    (root / ".git").mkdir()
    with pytest.raises(SimulatedCrash):
        plan_of(root).apply(_fault=at("before-rename", 0, SimulatedCrash))
    assert (root / ".git/meshify/journal.json").is_file() and not (root / ".meshify").exists()


def test_a_journal_naming_files_outside_the_repository_is_refused(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (root / ".meshify").mkdir()
    (root / ".meshify/journal.json").write_text(json.dumps({"format": 1, "pid": 1, "phase": "rename", "files": [{"target": "../victim.txt", "tmp": "../.meshify-tmp-x", "backup": None}], "dirs": []}))
    code, err = run(root, capsys=capsys)
    assert code == EXIT_REFUSED and "cannot read the journal" in err
    assert victim.read_text() == "keep"


# -- one run at a time ----------------------------------------------------------
def test_a_second_run_waits_then_refuses(tmp_path, capsys, monkeypatch):
    root = make_repo(tmp_path / "repo")
    before = tree(root)
    monkeypatch.setattr(journal, "LOCK_WAIT", 0.3)
    with journal.locked(root.resolve()):
        code, err = run(root, capsys=capsys)
    assert code == EXIT_REFUSED
    assert f"another meshify run (process {os.getpid()}) is changing this repository" in err
    assert {k: v for k, v in tree(root).items() if not k.startswith(".meshify")} == before
    assert not (root / ".meshify").exists()  # the lock went with its holder


def test_check_while_an_apply_runs_says_so(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    with journal.locked(root.resolve()):
        with pytest.raises(SimulatedCrash):
            plan_of(root).apply(_fault=at("before-rename", 1, SimulatedCrash))
        code, err = run(root, "--check", capsys=capsys)
    assert code == EXIT_REFUSED and "another meshify run is applying changes" in err


def test_a_lock_left_by_a_dead_process_is_stale(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    (root / ".meshify").mkdir()
    (root / ".meshify/lock").write_text("999999\n")  # no process holds it
    code, err = run(root, capsys=capsys)
    assert code == EXIT_OK, err
    assert not (root / ".meshify").exists()


def test_lock_is_released_after_a_failed_run(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    (root / "orders/pom.xml").write_text("<project>")
    code, _ = run(root, capsys=capsys)
    assert code == 3
    assert not journal.lock_is_held(root.resolve()) and not (root / ".meshify").exists()


def test_ctrl_c_around_a_deletion_restores_it_and_leaves_no_backup(tmp_path):
    from generator.plan import FileChange

    root = tmp_path / "repo"
    (root / "gone").mkdir(parents=True)
    (root / "gone/old.yaml").write_bytes(b"old\n")
    (root / "keep.txt").write_bytes(b"k\n")
    before = tree(root)
    for point in ("before-rename", "after-rename"):
        for i in range(2):
            p = Plan(root)
            p.add(FileChange("gone/old.yaml", b"old\n", None))
            p.add(FileChange("keep.txt", b"k\n", b"K\n"))
            with pytest.raises(KeyboardInterrupt):
                p.apply(_fault=at(point, i, KeyboardInterrupt))
            assert tree(root) == before, (point, i)


def test_temp_files_no_journal_lists_go_when_redundant_and_are_named_otherwise(tmp_path, planned, migrated, capsys):
    """Left by a meshify from before the journal (tempfile names) or by one stopped before it wrote the
    journal: the next apply removes those that hold nothing a file does not hold, and names the others."""
    root = make_repo(tmp_path / "repo")
    pom = (root / "orders/pom.xml").read_bytes()
    new_props = next(c.new for c in planned.changes if c.path == "orders/src/main/resources/application.properties")
    redundant = {
        "orders/.meshify-tmp-k2x_9q0a": pom,  # an old backup of a file never replaced
        "orders/src/main/resources/.meshify-tmp-ab12cd34": new_props,  # an old temp file never renamed
        "orders/.meshify-tmp-0123456789abcdef-3.orig": pom,  # the journal's name, no journal
    }
    orphan = {"orders/.meshify-tmp-zz99yy88": b"<project>the original of a file replaced by that apply</project>\n"}
    # lookalikes: not meshify's exact names, and a link; never touched
    others = {"orders/.meshify-tmp-notes.txt": b"mine\n", "orders/meshify-tmp-ab12cd34": b"mine\n", "orders/.meshify-tmp-ABCDEFGH": b"mine\n"}
    for rel, data in {**redundant, **orphan, **others}.items():
        (root / rel).write_bytes(data)
    (root / "orders/.meshify-tmp-11112222").symlink_to("pom.xml")
    code, err = run(root, capsys=capsys)
    assert code == EXIT_OK, err
    after = tree(root)
    for rel in redundant:
        assert rel not in after, rel
    for rel, data in {**orphan, **others}.items():
        assert after[rel][1] == data, rel
    assert (root / "orders/.meshify-tmp-11112222").is_symlink()
    rest = {k: v for k, v in after.items() if k not in orphan and k not in others and k != "orders/.meshify-tmp-11112222"}
    assert rest == {k: v for k, v in migrated.items() if k in rest} and set(rest) == set(migrated)
    plan = build_plan(root, "springcloud", Options())
    assert plan.strays == ["orders/.meshify-tmp-zz99yy88"]  # what the next run would still see


def test_the_stray_findings_name_every_file(tmp_path, capsys):
    root = make_repo(tmp_path / "repo")
    pom = (root / "orders/pom.xml").read_bytes()
    (root / "orders/.meshify-tmp-k2x_9q0a").write_bytes(pom)
    (root / "orders/.meshify-tmp-zz99yy88").write_bytes(b"an original\n")
    code = output.run(root, "springcloud", dry_run=False, check=False, allow_dirty=True, quiet=True,
                      report=tmp_path / "report.json", cli_options={})
    assert code == EXIT_OK, capsys.readouterr().err
    found = {f["code"]: f for f in json.loads((tmp_path / "report.json").read_text())["findings"] if f["code"].startswith("temp-files")}
    assert found["temp-files-removed"]["path"] == "orders/.meshify-tmp-k2x_9q0a" and found["temp-files-removed"]["severity"] == "info"
    assert "orders/.meshify-tmp-k2x_9q0a" in found["temp-files-removed"]["message"]
    kept = found["temp-files-kept"]
    assert kept["path"] == "orders/.meshify-tmp-zz99yy88" and kept["severity"] == "warning"
    assert "orders/.meshify-tmp-zz99yy88" in kept["message"] and "compare" in kept["message"]


def test_a_large_journal_reads_back_whole(tmp_path):
    """The journal is written a chunk of files at a time: across chunk edges it is still one JSON document
    that lists every file once, in order, and recovery reads back what was written."""
    root = tmp_path / "repo"
    root.mkdir()
    n = 2 * journal.JOURNAL_CHUNK + 1
    files = [journal.Entry(f"m{i}/k8s/a \"b\" ü.yaml", f"m{i}/k8s/{TMP_PREFIX}0123456789abcdef-{i}",
                           None if i % 3 else f"m{i}/k8s/{TMP_PREFIX}0123456789abcdef-{i}.orig") for i in range(n)]
    j = journal.Journal(root, files, [f"m{i}" for i in range(n)])
    j.write("rename")
    data = json.loads(j.path.read_text("utf-8"))
    assert data["phase"] == "rename" and len(data["files"]) == n
    assert [f["target"] for f in data["files"]] == [e.target for e in files]
    back = journal.Journal.load(root)
    assert back.files == files and back.dirs == j.dirs and back.phase == "rename"
