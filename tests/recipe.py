"""``assert_migrates``: a rule test as before/after text, run twice (the second run must change nothing).

    from .recipe import assert_migrates

    def test_eureka_keys_go(tmp_path):
        assert_migrates("springcloud", {
            "pom.xml": POM,                                    # context: must stay byte-identical
            "src/main/java/com/example/App.java": APP,
            "src/main/resources/application.properties": (    # (before, after)
                "spring.application.name=orders\\neureka.client.enabled=true\\n",
                "spring.application.name=orders\\n...",
            ),
        }, findings=["no-actuator"], options={"add_actuator": False})

- ``files``: every file of the repository. A ``str``/``bytes`` value is context that must not
  change; a ``(before, after)`` pair must end as ``after`` (``before=None``: a file the migration
  creates; both equal: "no change" is a case too; ``after=...``: changed by rules this test is not
  about, so not compared, e.g. the pom in a config-rule test).
- Files the migration creates and that you did not list make the test fail (name them with
  ``(None, after)``), so a rule never writes anything unseen. Manifests are not rendered unless
  ``manifests=True`` (then files under the output folder and Dockerfiles are not compared).
- ``findings``: the codes of every finding, in any order (None: not checked).
- ``options``: the migration's Options, or keyword arguments for them.
- The migration is applied, then planned again on the result: that second plan must be empty,
  as black's ``assert_stable``. The first plan is returned for further checks.
"""
from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from generator.migrations import MIGRATIONS
from generator.pipeline import build_plan
from generator.plan import Plan

Content = str | bytes
FileSpec = Content | tuple[Content | None, Content | None]


def _bytes(c):
    return c.encode("utf-8") if isinstance(c, str) else c


def _show(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", "replace").splitlines(keepends=True)


def _diff(path: str, want: bytes | None, got: bytes | None) -> str:
    return "".join(difflib.unified_diff(_show(want), _show(got), f"expected/{path}", f"actual/{path}"))


def assert_migrates(migration: str, files: dict[str, FileSpec], findings: list[str] | None = None, *,
                    options=None, manifests: bool = False, root: Path | None = None) -> Plan:
    mig = MIGRATIONS[migration]
    if options is None or isinstance(options, dict):
        options = mig.Options(**(options or {}))
    with tempfile.TemporaryDirectory(prefix="meshify-recipe-") as tmp:
        repo = Path(root or tmp)
        expected: dict[str, bytes | None] = {}
        for rel, spec in files.items():
            before, after = spec if isinstance(spec, tuple) else (spec, spec)
            expected[rel] = _bytes(after)
            if before is not None:
                p = repo / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_bytes(_bytes(before))
        plan = build_plan(repo, migration, options, manifests=manifests)
        out = options.output.rstrip("/") + "/"
        changed = {c.path: c.new for c in plan.changes}
        problems = []
        for rel, want in expected.items():
            got = changed.get(rel, (repo / rel).read_bytes() if (repo / rel).is_file() else None)
            if want is not ... and got != want:
                problems.append(_diff(rel, want, got) or f"{rel}: expected {want!r}, got {got!r}")
        unseen = sorted(p for p in changed if p not in expected and not (manifests and (p.startswith(out) or p.endswith("/Dockerfile") or p == "Dockerfile")))
        if unseen:
            problems.append("changed but not listed in files: " + ", ".join(unseen))
        assert not problems, "\n".join(problems)
        if findings is not None:
            got_codes = sorted(f.code for f in plan.findings)
            assert got_codes == sorted(findings), "findings:\n" + "\n".join(f"  {f.code}: {f.location()}: {f.message}" for f in plan.findings)
        plan.apply()
        again = build_plan(repo, migration, options, manifests=manifests)
        assert again.empty, "a second run changed:\n" + again.diff()
        return plan
