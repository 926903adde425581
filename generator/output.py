"""What the user sees: diff, summary, report; and the apply guard rails."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .model import MeshifyError
from .plan import Plan

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_INPUT, EXIT_REFUSED = 0, 1, 2, 3, 4
REPORT_SCHEMA_VERSION = 1


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


def summary(plan: Plan, mode: str) -> str:
    lines = []
    verb = {"apply": "changed", "dry-run": "would change", "check": "would change"}[mode]
    svc = ", ".join(f"{s.name} ({s.module}, port {s.ports[0].port})" for s in plan.services) or "none"
    lines.append(f"services: {svc}")
    modified = [c for c in plan.changes if c.old is not None]
    created = [c for c in plan.changes if c.old is None]
    lines.append(f"files {verb}: {len(modified)} modified, {len(created)} created")
    if plan.findings:
        lines.append(f"findings ({len(plan.findings)}):")
        for f in plan.findings:
            loc = f.location()
            lines.append(f"  {f.severity}: {loc + ': ' if loc else ''}{f.message} [{f.code}]")
    return "\n".join(lines) + "\n"


def dirty_files(root: Path, paths: list[str]) -> list[str] | None:
    """Files among ``paths`` with uncommitted changes; None when not in a git work tree."""
    try:
        inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--is-inside-work-tree"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return None
    if not paths:
        return []
    res = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "-z", "--", *paths], capture_output=True, timeout=60)
    out = []
    for entry in res.stdout.decode("utf-8", "replace").split("\0"):
        # untracked files count too: overwriting one loses content that exists nowhere in git
        if len(entry) > 3:
            out.append(entry[3:])
    return sorted(out)


def report_data(plan: Plan, mode: str, exit_code: int, error: str | None = None) -> dict:
    return {
        "schema": REPORT_SCHEMA_VERSION,
        "mode": mode,
        "exit_code": exit_code,
        "error": error,
        "facts": plan.facts if plan else {},
        "services": [
            {"name": s.name, "module": s.module, "framework": s.framework, "role": s.role, "ports": [{"name": p.name, "port": p.port} for p in s.ports]}
            for s in (plan.services if plan else [])
        ],
        "changes": [{"path": c.path, "kind": c.kind, "reasons": c.reasons} for c in (plan.sorted_changes() if plan else [])],
        "findings": [
            {"code": f.code, "severity": f.severity, "message": f.message, "path": f.path, "line": f.line} for f in (plan.findings if plan else [])
        ],
    }


def _write_report(path: Path | None, data: dict) -> None:
    if path is None:
        return
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")


def run(repo: Path, migration: str, *, dry_run: bool, check: bool, allow_dirty: bool, quiet: bool, report: Path | None, cli_options: dict) -> int:
    from .pipeline import build_plan
    from .settings import options_for

    mode = "check" if check else "dry-run" if dry_run else "apply"
    err = sys.stderr
    plan = None
    try:
        if dry_run and check:
            print("meshify: --dry-run and --check are exclusive", file=err)
            return EXIT_USAGE
        if not repo.exists():
            raise MeshifyError("no such directory", str(repo))
        options = options_for(repo, cli_options)
        bar = ProgressBar(enabled=not quiet and _color(err))
        plan = build_plan(repo, migration, options, progress=bar)
        bar.close()
        diff = plan.diff()
        hand_edited = plan.facts.get("hand_edited", [])
        if mode in ("check", "dry-run"):
            print_diff(diff)
            if not quiet:
                err.write(summary(plan, mode))
            code = EXIT_CHANGES if (check and not plan.empty) else EXIT_OK
            _write_report(report, report_data(plan, mode, code))
            return code
        if hand_edited:
            for p in hand_edited:
                print(f"meshify: {p}: edited by hand since meshify generated it; move the change to the overlay or rerun with --force. Nothing was written.", file=err)
            _write_report(report, report_data(plan, mode, EXIT_REFUSED))
            return EXIT_REFUSED
        if not allow_dirty:
            dirty = dirty_files(plan.root, [c.path for c in plan.changes if c.old is not None and (plan.root / c.path).exists()])
            if dirty:
                print("meshify: these files have uncommitted changes that the migration would overwrite:", file=err)
                for p in dirty:
                    print(f"  {p}", file=err)
                print("Commit or stash them first so the migration can be reviewed and reverted, or rerun with --allow-dirty. Nothing was written.", file=err)
                _write_report(report, report_data(plan, mode, EXIT_REFUSED))
                return EXIT_REFUSED
        plan.apply(progress=bar)
        bar.close()
        if not quiet:
            print_diff(diff)
            err.write(summary(plan, mode))
        _write_report(report, report_data(plan, mode, EXIT_OK))
        return EXIT_OK
    except MeshifyError as e:
        print(f"meshify: error: {e}", file=err)
        _write_report(report, report_data(plan, mode, EXIT_INPUT, str(e)))
        return EXIT_INPUT


def inspect(repo: Path, migration: str) -> int:
    from .pipeline import build_plan
    from .settings import options_for

    try:
        plan = build_plan(repo, migration, options_for(repo, {}), manifests=False)
    except MeshifyError as e:
        print(f"meshify: error: {e}", file=sys.stderr)
        return EXIT_INPUT
    print(f"repository: {plan.root}")
    print(f"migration: {plan.migration}")
    for k, v in sorted(plan.facts.items()):
        print(f"{k}: {v}")
    print(f"modules ({len(plan.modules)}):")
    for m in plan.modules:
        print(f"  {m.dir}  {m.pom.group_id}:{m.artifact_id} ({m.pom.packaging})")
    print(f"services ({len(plan.services)}):")
    for s in plan.services:
        ports = ", ".join(f"{p.name}:{p.port}" for p in s.ports)
        print(f"  {s.name}  module {s.module}  role {s.role}  ports {ports}")
    print(f"files a migration would change: {len(plan.changes)}")
    print(f"findings ({len(plan.findings)}):")
    for f in plan.findings:
        loc = f.location()
        print(f"  {f.severity}: {loc + ': ' if loc else ''}{f.message} [{f.code}]")
    return EXIT_OK
