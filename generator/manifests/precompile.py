"""Templates compiled ahead of time, so that a run does not spend its first ~50 ms compiling Jinja.

``generator/manifests/compiled/`` holds what Jinja's own ``Environment.compile_templates`` writes
for every template a run renders (the cookiecutter layouts rendered without cookiecutter, and the
Dockerfile templates), loaded with Jinja's ``ModuleLoader``, and an index of the source each
module was compiled from and the Jinja version that compiled it. A template is taken from there
only when both match; otherwise (another Jinja, a template edited) it is compiled from its source
as before, so a stale set costs time, never a different file.

After changing a template or upgrading Jinja, write the set again:

    python -m generator.manifests.precompile

``tests/test_precompile.py`` fails while the committed set differs from what this writes.
"""
from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from jinja2 import FileSystemLoader

COMPILED = Path(__file__).parent / "compiled"


def digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _index():
    """(sources by key, Jinja's ModuleLoader on the set), or None when the set is not for this Jinja."""
    import jinja2
    from jinja2 import ModuleLoader

    try:
        from . import compiled
    except ImportError:
        return None
    if getattr(compiled, "JINJA", None) != jinja2.__version__:
        return None
    return compiled.SOURCES, ModuleLoader(os.path.dirname(compiled.__file__))


def load(environment, key: str, source: str, globals=None):
    """The template compiled ahead of time under ``key`` (its path below the templates folder),
    or None when there is none for this very ``source`` and this Jinja."""
    index = _index()
    if index is None or index[0].get(key) != digest(source):
        return None
    return index[1].load(environment, key, environment.make_globals(None) if globals is None else globals)


class Loader(FileSystemLoader):
    """A ``FileSystemLoader`` on ``templates/<prefix>`` that takes a template's precompiled module
    when it was compiled from the same source (includes resolve through it too)."""

    def __init__(self, root: Path, prefix: str):
        super().__init__(str(root / prefix))
        self.prefix = prefix

    def load(self, environment, name, globals=None):
        source, filename, uptodate = self.get_source(environment, name)
        tmpl = load(environment, f"{self.prefix}/{name}", source, globals)
        if tmpl is not None:
            return tmpl
        code = environment.compile(source, name, filename)  # what BaseLoader.load does (no bytecode cache here)
        return environment.template_class.from_code(environment, code, {} if globals is None else globals, uptodate)


def _sources() -> list[tuple[str, str, str, object]]:
    """[(key, name the environment knows it by, source, environment)] of every template to compile."""
    from jinja2 import meta

    from . import dockerfile, render

    root = render.templates_dir()
    out = []
    env = render._jinja_env()
    for kind in sorted(p.parent.name for p in root.glob("*/cookiecutter.json")):
        layout = render.layout_sources(kind) or []
        if any(list(meta.find_referenced_templates(env.parse(source))) for _, _, source in layout):
            continue  # rendered by cookiecutter itself (render._layout)
        out.extend((name, name, source, env) for _, name, source in layout)
    for path in sorted((root / "dockerfile").iterdir()):
        if path.is_file() and path.suffix == ".j2":
            out.append((f"dockerfile/{path.name}", path.name, path.read_text(encoding="utf-8"), dockerfile._env()))
    return out


def write(target: Path) -> list[str]:
    """Write the compiled set into ``target`` (its old modules removed); the file names written."""
    import jinja2
    from jinja2 import ModuleLoader

    target.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    sources: dict[str, str] = {}
    for key, name, source, env in _sources():
        files[ModuleLoader.get_module_filename(key)] = env.compile(source, name, None, raw=True, defer_init=True)
        sources[key] = digest(source)
    lines = [
        '"""Templates compiled by Jinja ahead of time: written by ``python -m generator.manifests.precompile``, not by hand."""',
        "",
        f"JINJA = {jinja2.__version__!r}",
        "SOURCES = {",
        *(f"    {k!r}: {v!r}," for k, v in sorted(sources.items())),
        "}",
        "",
    ]
    files["__init__.py"] = "\n".join(lines)
    for old in target.glob("tmpl_*.py"):
        if old.name not in files:
            old.unlink()
    for fname, text in sorted(files.items()):
        path = target / fname
        data = text if text.endswith("\n") else text + "\n"
        if not path.is_file() or path.read_text(encoding="utf-8") != data:
            path.write_text(data, encoding="utf-8", newline="\n")
    return sorted(files)


def main() -> int:
    names = write(COMPILED)
    print(f"{len(names) - 1} templates compiled into {COMPILED}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
