"""The arrows point one way: editors know nothing above them, migrations know only themselves,
and the generic layers (cli, pipeline, settings, model, manifests) know no framework."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "generator"
MIGRATION_PACKAGES = sorted(p.name for p in (PKG / "migrations").iterdir() if (p / "__init__.py").is_file())
GENERIC = ["cli.py", "pipeline.py", "settings.py", "model.py", "options.py", "report.py", "output.py", "plan.py", "workspace.py", "manifests", "rules", "editors"]
FRAMEWORK_WORDS = {"springcloud", "spring", "spring-cloud", "dubbo", "eureka"}


def _modules(rel: str) -> list[Path]:
    p = PKG / rel
    return sorted(p.rglob("*.py")) if p.is_dir() else [p]


def _dotted(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> set[str]:
    """Absolute names of every generator module imported by ``path`` (function-level imports included)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = _dotted(path) if path.name == "__init__.py" else _dotted(path).rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            out.add(base)
            out |= {f"{base}.{a.name}" for a in node.names}
    return {n for n in out if n.startswith("generator")}


def test_the_registry_lists_every_migration_package():
    from generator.migrations import MIGRATIONS

    assert sorted(MIGRATIONS) == MIGRATION_PACKAGES
    for name, m in MIGRATIONS.items():
        assert m.name == name and m.Options and m.help and callable(m.detects) and callable(m.migrate)


@pytest.mark.parametrize("path", _modules("editors"), ids=lambda p: p.name)
def test_editors_import_nothing_above_them(path):
    assert not {n for n in imports(path) if not n.startswith(("generator.editors", "generator.errors"))}


@pytest.mark.parametrize("name", MIGRATION_PACKAGES)
def test_no_migration_package_imports_another(name):
    others = tuple(f"generator.migrations.{o}" for o in MIGRATION_PACKAGES if o != name)
    for path in _modules(f"migrations/{name}"):
        assert not {n for n in imports(path) if n.startswith(others)}, path


@pytest.mark.parametrize("path", [p for rel in GENERIC for p in _modules(rel)], ids=lambda p: str(p.relative_to(PKG)))
def test_generic_layers_import_no_migration_package(path):
    packages = tuple(f"generator.migrations.{o}" for o in MIGRATION_PACKAGES)
    assert not {n for n in imports(path) if n.startswith(packages)}


def _string_constants_compared(tree: ast.AST) -> set[str]:
    """String constants in comparisons, ``in`` tests and match cases: what code branches on."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for sub in [node.left, *node.comparators]:
                for c in ast.walk(sub):
                    if isinstance(c, ast.Constant) and isinstance(c.value, str):
                        out.add(c.value.lower())
        elif isinstance(node, ast.MatchValue) and isinstance(node.value, ast.Constant):
            out.add(str(node.value.value).lower())
    return out


@pytest.mark.parametrize("path", [p for rel in ["cli.py", "pipeline.py", "settings.py", "model.py", "options.py", "report.py", "output.py", "manifests"] for p in _modules(rel)], ids=lambda p: str(p.relative_to(PKG)))
def test_generic_layers_branch_on_no_framework_name(path):
    tree = ast.parse(path.read_text("utf-8"))
    assert not (_string_constants_compared(tree) & FRAMEWORK_WORDS)
    attrs = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert "framework" not in attrs or path.name in ("report.py", "pipeline.py"), "only the report names a migration's framework"
