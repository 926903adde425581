"""Templates compiled ahead of time (generator/manifests/precompile.py): the committed set is the
one the templates give, a run compiles nothing, and an edited template still takes effect."""
from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest
from jinja2.environment import Environment

from generator.manifests import dockerfile, precompile, render
from generator.pipeline import build_plan

REPO = Path(__file__).resolve().parent.parent
SAMPLES = ["dubbo-zookeeper", "springcloud-eureka", "springcloud-war", "dubbo-xml-war"]


def _clear():
    for f in (render._layout, render._jinja_env, render._dockerfile_template, dockerfile._env, precompile._index):
        f.cache_clear()


@pytest.fixture
def fresh_caches():
    _clear()
    yield
    _clear()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_the_committed_set_is_what_precompile_writes(tmp_path):
    from generator.manifests import compiled

    assert compiled.JINJA == jinja2.__version__, (
        f"the precompiled templates are for Jinja {compiled.JINJA}, Jinja {jinja2.__version__} is installed: "
        "run python -m generator.manifests.precompile and commit generator/manifests/compiled")
    written = precompile.write(tmp_path / "compiled")
    committed = _files(precompile.COMPILED)
    assert sorted(committed) == written, "run python -m generator.manifests.precompile"
    assert committed == _files(tmp_path / "compiled"), "run python -m generator.manifests.precompile"
    # every template a run renders without cookiecutter is in the set, under its path below templates/
    names = set(compiled.SOURCES)
    assert "service/{{cookiecutter.name}}/deployment.yaml" in names
    assert {f"dockerfile/{p.name}" for p in (render.templates_dir() / "dockerfile").glob("*.j2")} <= names


def _plans(monkeypatch, use_precompiled: bool) -> tuple[dict, list]:
    """{sample: {path: bytes}} of a dry run of every sample, and the templates Jinja compiled meanwhile."""
    _clear()
    compiled_names: list = []
    real_compile = Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled_names.append(name)
        return real_compile(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(Environment, "compile", counting)
    if not use_precompiled:
        monkeypatch.setattr(precompile, "_index", lambda: None)
    out = {}
    for sample in SAMPLES:
        plan = build_plan(REPO / "samples" / sample, "auto")
        out[sample] = {c.path: c.new for c in plan.changes}
    monkeypatch.undo()
    _clear()
    return out, compiled_names


def test_a_run_compiles_no_template_and_writes_what_compiling_writes(monkeypatch, fresh_caches):
    ahead, compiled_ahead = _plans(monkeypatch, True)
    fresh, compiled_fresh = _plans(monkeypatch, False)
    assert compiled_ahead == []
    assert "service/{{cookiecutter.name}}/deployment.yaml" in compiled_fresh  # the counter does count
    assert any(n == "jar.j2" for n in compiled_fresh) and any(n == "war.j2" for n in compiled_fresh)
    for sample in SAMPLES:
        assert ahead[sample].keys() == fresh[sample].keys(), sample
        for path, data in fresh[sample].items():
            assert ahead[sample][path] == data, f"{sample}: {path}"
        assert any(p.endswith("deployment.yaml") for p in ahead[sample]), sample
        assert any(p.endswith("Dockerfile") for p in ahead[sample]), sample


def test_an_edited_template_is_compiled_from_its_source(tmp_path, monkeypatch, fresh_caches):
    templates = tmp_path / "templates"
    shutil.copytree(render.templates_dir(), templates)
    deployment = templates / "service" / "{{cookiecutter.name}}" / "deployment.yaml"
    text = deployment.read_text(encoding="utf-8")
    assert "\n  name: {{ c.name }}\n" in text
    deployment.write_text(text.replace("\n  name: {{ c.name }}\n", "\n  name: edited-{{ c.name }}\n", 1), encoding="utf-8")
    jar = templates / "dockerfile" / "jar.j2"
    jar.write_text(jar.read_text(encoding="utf-8").replace("ENTRYPOINT", "# edited jar\nENTRYPOINT", 1), encoding="utf-8")
    monkeypatch.setattr(render, "templates_dir", lambda: templates)
    _clear()
    plan = build_plan(REPO / "samples" / "dubbo-zookeeper", "dubbo")
    changes = {c.path: c.new for c in plan.changes}
    deployments = [p for p in changes if p.endswith("/deployment.yaml")]
    dockerfiles = [p for p in changes if p.endswith("Dockerfile")]
    assert deployments and dockerfiles
    assert all(b"\nkind: Deployment\nmetadata:\n  name: edited-" in changes[p] for p in deployments)
    assert all(b"# edited jar\nENTRYPOINT" in changes[p] for p in dockerfiles)
    # the templates left alone still come from the compiled set
    service = (templates / "service" / "{{cookiecutter.name}}" / "service.yaml").read_text(encoding="utf-8")
    assert precompile._index()[0]["service/{{cookiecutter.name}}/service.yaml"] == precompile.digest(service)
