"""What the user sees: diff, summary, report; and the apply guard rails."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import EXIT_INPUT, EXIT_OK, INTERRUPTED_MESSAGE, MeshifyError, UsageError, processing, report_internal_error
from . import journal
from .report import Report


def _color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def print_diff(diff: str, stream=None) -> None:
    stream = stream or sys.stdout
    if not _color(stream):
        stream.write(diff)
        return
    for line in diff.splitlines(keepends=True):
        if line.startswith(("+++", "---")):
            stream.write(f"\x1b[1m{line.rstrip(chr(10))}\x1b[0m\n")
        elif line.startswith("+"):
            stream.write(f"\x1b[32m{line.rstrip(chr(10))}\x1b[0m\n")
        elif line.startswith("-"):
            stream.write(f"\x1b[31m{line.rstrip(chr(10))}\x1b[0m\n")
        elif line.startswith("@@"):
            stream.write(f"\x1b[36m{line.rstrip(chr(10))}\x1b[0m\n")
        else:
            stream.write(line)


class ProgressBar:
    """A progress bar on stderr for work large enough to wait on; nothing when piped or --quiet.

    Called as ``bar(label, total)`` to start a stage and ``bar("", 0)`` to advance it.
    """

    MIN_TOTAL = 20

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self._progress = None
        self._task = None

    def __call__(self, label: str, total: int) -> None:
        if not self.enabled:
            return
        if label:
            self.close()
            if total >= self.MIN_TOTAL:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=Console(stderr=True), transient=True)
                self._progress.start()
                self._task = self._progress.add_task(label, total=total)
        elif self._progress is not None:
            self._progress.advance(self._task)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def dirty_files(root: Path, paths: list[str]) -> list[str] | None:
    """Files among ``paths`` with uncommitted changes; None when not in a git work tree.

    Raises Refused (exit 4) when the folder is in a work tree but git cannot answer.
    """
    from . import git

    if not git.work_tree(root):
        return None
    return git.dirty(root, paths)


def _leave_ignored_files(plan, refuse: bool) -> None:
    """Never edit a file git ignores: its original exists nowhere else. One finding lists them."""
    from . import git
    from .errors import Refused
    from .model import Finding

    existing = [c.path for c in plan.changes if c.old is not None]
    try:
        if not existing or not git.work_tree(plan.root):
            return
        skipped = set(git.ignored(plan.root, existing))
    except Refused:
        if refuse:
            raise
        return  # --dry-run/--check/--allow-dirty go on without git; the apply would stop here
    if not skipped:
        return
    plan.changes = [c for c in plan.changes if c.path not in skipped]
    names = ", ".join(sorted(skipped))
    plan.findings.append(Finding("git-ignored", f"git ignores these files, so their originals exist nowhere else; meshify left them unchanged (migrate them by hand): {names}", None, None, "warning"))


def run(repo: Path, migration: str, *, dry_run: bool, check: bool, allow_dirty: bool, quiet: bool, report: Path | None, cli_options: dict, debug: bool = False) -> int:
    """One migration run; every outcome, failures included, goes through ``Report.return_code``."""
    from . import validation

    err = sys.stderr
    problem = validation.report_file(report)
    if problem:  # before anything is read or written: a report that cannot be written is a usage error
        print(f"meshify: error: --report: {problem}", file=err)
        return Report(check=check, dry_run=dry_run).failed("usage", problem)
    rep = Report(check=check, dry_run=dry_run, path=report)
    bar = ProgressBar(enabled=not quiet and _color(err))
    try:
        with journal.sigterm_interrupts():  # SIGTERM rolls back like Ctrl-C
            _locked_run(rep, repo, migration, allow_dirty=allow_dirty, quiet=quiet, cli_options=cli_options, bar=bar)
    except UsageError as e:
        print(f"meshify: error: {e}", file=err)
        rep.failed("usage", str(e))
    except journal.Refused as e:
        print(f"meshify: {e}", file=err)
        rep.refused, rep.error = True, str(e)
    except MeshifyError as e:
        print(f"meshify: error: {e}", file=err)
        rep.failed("input", str(e))
    except KeyboardInterrupt:
        bar.close()
        # an apply in progress was rolled back before the interrupt reached here
        print(f"{INTERRUPTED_MESSAGE}: nothing was changed" if rep.writes else INTERRUPTED_MESSAGE, file=err)
        rep.failed("interrupted", INTERRUPTED_MESSAGE)
    except BrokenPipeError:  # the reader of the diff went away (| head): not an error of ours
        sys.stdout = open(os.devnull, "w")
    except Exception as e:  # a bug in meshify: never exit 1, which --check means "would change"
        bar.close()
        rep.failed("internal", report_internal_error(e, debug))
    finally:
        bar.close()
    try:
        rep.write()
    except OSError as e:  # checked up front; the disk may still fill
        print(f"meshify: error: {report}: cannot write the report: {e.strerror or e}", file=err)
        if rep.error_kind is None:
            rep.failed("input", f"cannot write the report: {e.strerror or e}")
    return rep.return_code


def _locked_run(rep: Report, repo: Path, migration: str, **kw) -> None:
    """An apply holds the repository's lock and first recovers an interrupted apply; --check/--dry-run never write."""
    if not repo.is_dir():
        return _run(rep, repo, migration, **kw)
    root = repo.resolve()
    if not rep.writes:
        journal.refuse_if_pending(root)
        return _run(rep, repo, migration, **kw)
    with journal.locked(root):
        outcome = journal.recover(root)
        if outcome:
            print(f"meshify: {outcome.message()}", file=sys.stderr)
        return _run(rep, repo, migration, **kw)


def _clean_strays(plan) -> None:
    """Temp files of an earlier apply that no journal listed: the redundant ones go, the others are named."""
    from .model import Finding

    if not plan.strays:
        return
    removed, kept = journal.clean_strays(plan.root, plan.strays, {c.path: c.new for c in plan.changes})
    if removed:
        plan.findings.append(Finding("temp-files-removed", f"removed {len(removed)} temp files an interrupted meshify apply left and no "
                                     f"journal listed (each held what a file beside it holds, or what this run writes): {', '.join(removed)}",
                                     removed[0], severity="info"))
    if kept:
        plan.findings.append(Finding("temp-files-kept", f"kept {len(kept)} temp files an interrupted meshify apply left and no journal "
                                     f"listed: {', '.join(kept)}. Each may be the only copy of the original of a file beside it that "
                                     "the apply replaced (a meshify from before the journal kept its backups so): compare, then delete it", kept[0]))


def _run(rep: Report, repo: Path, migration: str, *, allow_dirty: bool, quiet: bool, cli_options: dict, bar: ProgressBar) -> None:
    from .pipeline import build_plan

    err = sys.stderr
    processing(None)
    if not repo.exists():
        raise MeshifyError("no such directory", str(repo))
    plan = build_plan(repo, migration, cli=cli_options, progress=bar)
    bar.close()
    processing(None)
    _leave_ignored_files(plan, refuse=rep.writes and not allow_dirty)
    rep.plan = plan
    if not rep.writes:
        for chunk in plan.diff_files():
            print_diff(chunk)
        if not quiet:
            err.write(rep.summary())
        return
    hand_edited = plan.facts.get("hand_edited", [])
    if hand_edited:
        for p in hand_edited:
            print(f"meshify: {p}: edited by hand since meshify generated it; move the change to the overlay or rerun with --force. Nothing was written.", file=err)
        rep.refused = True
        return
    if not allow_dirty:
        dirty = dirty_files(plan.root, [c.path for c in plan.changes if c.old is not None and (plan.root / c.path).exists()])
        if dirty:
            print("meshify: these files have uncommitted changes that the migration would overwrite:", file=err)
            for p in dirty:
                print(f"  {p}", file=err)
            print("Commit or stash them first so the migration can be reviewed and reverted, or rerun with --allow-dirty. Nothing was written.", file=err)
            rep.refused = True
            return
    _clean_strays(plan)
    plan.apply(progress=bar)
    bar.close()
    if not quiet:
        for chunk in plan.diff_files():  # the plan's old and new contents, as before the apply
            print_diff(chunk)
        err.write(rep.summary())


def inspect(repo: Path, migration: str) -> int:
    from .pipeline import build_plan

    if repo.is_dir() and journal.pending(repo.resolve()):
        # what inspect reads is half-migrated: say so first (inspect itself writes nothing)
        print(f"meshify: warning: {repo}: {journal.PENDING}", file=sys.stderr)
    try:
        plan = build_plan(repo, migration, manifests=False)
    except MeshifyError as e:
        print(f"meshify: error: {e}", file=sys.stderr)
        return EXIT_INPUT
    print(f"repository: {plan.root}")
    print(f"migration: {plan.migration}")
    for k, v in sorted(plan.facts.items()):
        if k != "application_versions":
            print(f"{k}: {v}")
    d = plan.decisions
    if d:
        print("decisions:")
        for k, v in d.get("versions", {}).items():
            print(f"  version {k}: {v if v is not None else 'unknown'}")
        print(f"  discovery: {d.get('discovery', '')}")
        for module, packaging in d.get("packaging", {}).items():
            print(f"  packaging {module}: {packaging}")
        print(f"  services outside the repository: {', '.join(d.get('external_services', [])) or 'none'}")
    print(f"modules ({len(plan.modules)}):")
    for m in plan.modules:
        print(f"  {m.dir}  {m.pom.group_id}:{m.artifact_id} ({m.pom.packaging})")
    print(f"services ({len(plan.services)}):")
    for s in plan.services:
        ports = ", ".join(f"{p.name}:{p.port}" for p in s.ports)
        print(f"  {s.name}  module {s.module}  role {s.role}  ports {ports}")
    apps = plan.facts.get("application_versions") or {}
    if apps:
        print(f"applications in several versions ({len(apps)}):")
        for name, app in apps.items():
            print(f"  {name}  stable {app['stable']}")
            for version, module in app["versions"].items():
                weight = f"  weight {app['weights'][version]}" if app["weights"] and version in app["weights"] else ""
                print(f"    {version}  module {module}{weight}")
            for version, matches in app["header_routes"].items():
                for m in matches:
                    print(f"    route to {version} when " + " and ".join(f"{h} {k} {v!r}" for h, sm in m.items() for k, v in sm.items()))
    print(f"files a migration would change: {len(plan.changes)}")
    print(f"findings ({len(plan.findings)}):")
    for f in plan.findings:
        loc = f.location()
        print(f"  {f.severity}: {loc + ': ' if loc else ''}{f.message} [{f.code}]")
    return EXIT_OK
