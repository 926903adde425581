"""The outcome of one run: its mode, the exit code (decided here and nowhere else), summary, JSON report."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EXIT_CHANGES, EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE
from .plan import Plan

REPORT_SCHEMA_VERSION = 2  # 2: "decisions"; exit codes 123 and 130; "delete" changes
# meshify's own guide (in its documentation, not in the migrated repository)
TROUBLESHOOTING = "see meshify's docs/troubleshooting.md"


@dataclass
class Report:
    """What happened, filled in as the run goes; ``return_code`` reads it (as black's Report does).

    ``check`` and ``dry_run`` may both be set: the diff is shown either way, ``check`` adds exit 1.
    """

    check: bool = False
    dry_run: bool = False
    path: Path | None = None  # --report FILE
    plan: Plan | None = None
    refused: bool = False  # guard rails stopped the apply (dirty files, hand-edited manifests)
    error: str | None = None  # the message of the failure that stopped the run
    error_kind: str | None = None  # "usage" | "input" | "internal" | "interrupted"
    extra: dict = field(default_factory=dict)

    @property
    def mode(self) -> str:
        return "check" if self.check else "dry-run" if self.dry_run else "apply"

    @property
    def writes(self) -> bool:
        return not (self.check or self.dry_run)

    @property
    def return_code(self) -> int:
        if self.error_kind == "interrupted":
            return EXIT_INTERRUPTED
        if self.error_kind == "internal":
            return EXIT_INTERNAL
        if self.error_kind == "input":
            return EXIT_INPUT
        if self.error_kind == "usage":
            return EXIT_USAGE
        if self.refused:
            return EXIT_REFUSED
        if self.check and self.plan is not None and not self.plan.empty:
            return EXIT_CHANGES
        return EXIT_OK

    def failed(self, kind: str, message: str) -> int:
        self.error_kind, self.error = kind, message
        return self.return_code

    # showing ---------------------------------------------------------------
    def summary(self) -> str:
        return summary(self.plan, self.mode) if self.plan is not None else ""

    def data(self) -> dict:
        plan = self.plan
        return {
            "schema": REPORT_SCHEMA_VERSION,
            "mode": self.mode,
            "exit_code": self.return_code,
            "error": self.error,
            "facts": plan.facts if plan else {},
            "decisions": plan.decisions if plan else {},
            "services": [
                {"name": s.name, "module": s.module, "framework": plan.framework, "role": s.role, "ports": [{"name": p.name, "port": p.port} for p in s.ports]}
                for s in (plan.services if plan else [])
            ],
            "changes": [{"path": c.path, "kind": c.kind, "reasons": c.reasons} for c in (plan.sorted_changes() if plan else [])],
            "findings": [
                {"code": f.code, "severity": f.severity, "message": f.message, "path": f.path, "line": f.line} for f in (plan.findings if plan else [])
            ],
        }

    def write(self) -> None:
        """Write the --report JSON, whatever the outcome."""
        if self.path is None:
            return
        self.path.write_text(json.dumps(self.data(), indent=2, sort_keys=True) + "\n", "utf-8")


def summary(plan: Plan, mode: str) -> str:
    lines = []
    verb = {"apply": "changed", "dry-run": "would change", "check": "would change"}[mode]
    svc = ", ".join(f"{s.name} ({s.module}, port {s.ports[0].port})" for s in plan.services) or "none"
    lines.append(f"services: {svc}")
    kinds = [c.kind for c in plan.changes]
    deleted = f", {kinds.count('delete')} deleted" if "delete" in kinds else ""
    lines.append(f"files {verb}: {kinds.count('modify')} modified, {kinds.count('create')} created{deleted}")
    if plan.facts.get("regenerated"):
        lines.append(f"regenerated: {plan.facts['regenerated']}")
    if plan.findings:
        lines.append(f"findings ({len(plan.findings)}):")
        for f in plan.findings:
            loc = f.location()
            lines.append(f"  {f.severity}: {loc + ': ' if loc else ''}{f.message} [{f.code}]")
    if mode != "check" and plan.services:
        lines.append(f"once deployed: {TROUBLESHOOTING} (no sidecar injected, probes failing, the debugger refused, mTLS STRICT)")
    return "\n".join(lines) + "\n"
