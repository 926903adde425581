"""The command-line contract: exit codes, messages, guard rails, config file, inspect, report."""
from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from .conftest import ROOT, git_init, run_entry_point, run_meshify, snapshot, write


def test_version_and_help():
    r = run_entry_point("--version")  # the real entry point: sys.exit(main())
    assert r.returncode == 0 and r.stdout.strip() == "meshify 0.1.0"
    r = run_meshify("--help")
    assert r.returncode == 0
    for cmd in ("springcloud", "dubbo", "inspect", "init"):
        assert cmd in r.stdout


def test_usage_errors_exit_2(sc_sample):
    assert run_meshify("springcloud").returncode == 2
    r = run_entry_point("springcloud", str(sc_sample), "--no-such-option")
    assert r.returncode == 2 and "no-such-option" in r.stderr
    r = run_meshify("springcloud", str(sc_sample), "--dry-run", "--check")  # they combine (exit 1: would change)
    assert r.returncode == 1 and "+++ b/k8s/base/kustomization.yaml" in r.stdout


def test_broken_pom_names_file_and_line_and_writes_nothing(sc_sample):
    pom = sc_sample / "visits-service" / "pom.xml"
    pom.write_text(pom.read_text().replace("</dependencies>", "</dependency>", 1))
    before = snapshot(sc_sample)
    r = run_meshify("springcloud", str(sc_sample), "--allow-dirty")
    assert r.returncode == 3
    assert "visits-service/pom.xml:" in r.stderr and "XML syntax error" in r.stderr
    assert snapshot(sc_sample) == before


def test_broken_yaml_names_file_and_line(sc_sample):
    yml = sc_sample / "customers-service/src/main/resources/application.yml"
    yml.write_text(yml.read_text() + "\nbroken: [unclosed\n")
    r = run_meshify("springcloud", str(sc_sample), "--dry-run")
    assert r.returncode == 3
    assert "customers-service/src/main/resources/application.yml:" in r.stderr


@pytest.mark.parametrize(
    "files, message",
    [
        ({}, "no pom.xml found"),
        ({"build.gradle": "plugins { id 'java' }\n", "settings.gradle": ""}, "Gradle build"),
        ({"pom.xml": "<?xml version='1.0'?>\n<settings><x/></settings>\n"}, "not a Maven project"),
    ],
)
def test_repositories_meshify_cannot_migrate(tmp_path, files, message):
    root = write(tmp_path / "repo", files)
    root.mkdir(exist_ok=True)
    r = run_meshify("springcloud", str(root))
    assert r.returncode == 3
    assert message in r.stderr


def test_dirty_files_refuse_apply_with_exit_4(sc_sample):
    git_init(sc_sample)
    pom = sc_sample / "customers-service" / "pom.xml"
    pom.write_text(pom.read_text().replace("<name>customers-service</name>", "<name>customers</name>"))
    before = snapshot(sc_sample)
    r = run_meshify("springcloud", str(sc_sample))
    assert r.returncode == 4
    assert "customers-service/pom.xml" in r.stderr and "--allow-dirty" in r.stderr
    assert snapshot(sc_sample) == before
    # a dry run and a check never ask
    assert run_meshify("springcloud", str(sc_sample), "--dry-run").returncode == 0
    assert run_meshify("springcloud", str(sc_sample), "--check").returncode == 1
    r = run_meshify("springcloud", str(sc_sample), "--allow-dirty")
    assert r.returncode == 0, r.stderr
    assert "<name>customers</name>" in pom.read_text()


def test_hand_edited_manifest_is_never_overwritten_silently(sc_sample):
    assert run_meshify("springcloud", str(sc_sample)).returncode == 0
    dep = sc_sample / "k8s/base/visits-service/deployment.yaml"
    edited = dep.read_text().replace("replicas: 2", "replicas: 5")
    dep.write_text(edited)
    r = run_meshify("springcloud", str(sc_sample), "--check")
    assert r.returncode == 1 and "k8s/base/visits-service/deployment.yaml" in r.stdout
    r = run_meshify("springcloud", str(sc_sample))
    assert r.returncode == 4 and "overlay" in r.stderr
    assert dep.read_text() == edited
    r = run_meshify("springcloud", str(sc_sample), "--force")
    assert r.returncode == 0
    assert "replicas: 2" in dep.read_text()


def test_overlay_is_created_once_and_never_touched(sc_sample):
    assert run_meshify("springcloud", str(sc_sample)).returncode == 0
    kust = sc_sample / "k8s/overlays/default/kustomization.yaml"
    mine = kust.read_text() + "\n# my overlay\n"
    kust.write_text(mine)
    assert run_meshify("springcloud", str(sc_sample), "--check").returncode == 0
    assert run_meshify("springcloud", str(sc_sample)).returncode == 0
    assert kust.read_text() == mine


def test_report_json_follows_its_documented_schema(sc_sample, tmp_path):
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text())
    report = tmp_path / "report.json"
    r = run_meshify("springcloud", str(sc_sample), "--check", "--report", str(report))
    assert r.returncode == 1
    data = json.loads(report.read_text())
    jsonschema.validate(data, schema)
    assert data["exit_code"] == 1 and data["mode"] == "check"
    assert {"path": "pom.xml", "kind": "modify"}.items() <= next(c for c in data["changes"] if c["path"] == "pom.xml").items()
    assert any(f["code"] == "module-retired" for f in data["findings"])
    assert {s["name"] for s in data["services"]} == {"api-gateway", "customers-service", "visits-service"}
    assert data["facts"]["spring_cloud_train"] == "2021.0.8"
    # an input error is reported too
    (sc_sample / "pom.xml").write_text("<project>")
    r = run_meshify("springcloud", str(sc_sample), "--dry-run", "--report", str(report))
    data = json.loads(report.read_text())
    jsonschema.validate(data, schema)
    assert r.returncode == 3 and data["exit_code"] == 3 and "pom.xml" in data["error"]


def test_meshify_toml_configures_and_cli_overrides(sc_sample):
    (sc_sample / "meshify.toml").write_text('namespace = "shop"\nreplicas = 3\nimage_registry = "reg.local/pets"\n')
    r = run_meshify("springcloud", str(sc_sample), "--namespace", "pets")
    assert r.returncode == 0, r.stderr
    dep = (sc_sample / "k8s/base/visits-service/deployment.yaml").read_text()
    assert "namespace: pets" in dep and "replicas: 3" in dep and "image: reg.local/pets/visits-service:" in dep


def test_meshify_toml_unknown_key_is_an_error(sc_sample):
    (sc_sample / "meshify.toml").write_text('namespace = "shop"\nreplica = 3\n')
    r = run_meshify("springcloud", str(sc_sample), "--dry-run")
    assert r.returncode == 3
    assert "meshify.toml" in r.stderr and "unknown key 'replica'" in r.stderr
    (sc_sample / "meshify.toml").write_text('[services.visits-service]\nprot = 1\n')
    r = run_meshify("springcloud", str(sc_sample), "--dry-run")
    assert r.returncode == 3 and "services.visits-service.prot" in r.stderr


def test_init_writes_a_commented_example_once(tmp_path):
    r = run_meshify("init", str(tmp_path))
    assert r.returncode == 0
    text = (tmp_path / "meshify.toml").read_text()
    assert text.startswith("# meshify.toml")
    # uncommented, the example is a valid configuration that meshify accepts
    import re

    from generator.migrations import MIGRATIONS
    from generator.settings import options_for

    active = "\n".join(line[2:] for line in text.splitlines() if re.match(r"# (\[|[a-z_]+ = )", line))
    (tmp_path / "meshify.toml").write_text(active)
    known = [m.Options for m in MIGRATIONS.values()]
    for m in MIGRATIONS.values():  # every key of the example is a key of some migration
        options_for(tmp_path, {}, m.Options, known)
    opts = options_for(tmp_path, {}, MIGRATIONS["springcloud"].Options, known)
    assert opts.namespace == "petstore" and opts.debug_port == 5005 and opts.skip_modules == ("legacy-batch",)
    assert opts.resources["limits"]["memory"] == "1Gi"
    (tmp_path / "meshify.toml").write_text("namespace = 'x'\n")
    assert run_meshify("init", str(tmp_path)).returncode == 0
    assert (tmp_path / "meshify.toml").read_text() == "namespace = 'x'\n"


def test_inspect_shows_what_meshify_sees_and_changes_nothing(sc_sample):
    before = snapshot(sc_sample)
    r = run_meshify("inspect", str(sc_sample))
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "migration: springcloud" in out
    assert "spring_cloud_train: 2021.0.8" in out and "spring_boot: 2.6.15" in out
    assert "customers-service  module customers-service  role service  ports http:8081" in out
    assert "api-gateway  module api-gateway  role gateway  ports http:8080" in out
    assert "discovery-server  com.example.petstore:discovery-server" in out
    assert "[module-retired]" in out
    assert snapshot(sc_sample) == before


def test_diff_is_plain_when_piped_and_summary_on_stderr(sc_sample):
    r = run_meshify("springcloud", str(sc_sample), "--dry-run")
    assert "\x1b[" not in r.stdout
    assert r.stdout.startswith("--- ") and "\n+++ b/pom.xml\n" in r.stdout
    assert "files would change:" in r.stderr
    q = run_meshify("springcloud", str(sc_sample), "--dry-run", "--quiet")
    assert q.stderr == "" and q.stdout == r.stdout


def test_readme_quickstart_command_runs(tmp_path):
    """The README's first command, minus the install: migrate a copy of the sample as a dry run."""
    readme = (ROOT / "README.md").read_text()
    assert "meshify springcloud /tmp/petstore --dry-run" in readme
    # the README's whole-suite command ends in the script CI runs, and CI runs exactly that
    suite = readme.split("Run the whole test suite", 1)[1].split("```sh\n", 1)[1].split("\n", 1)[0]
    assert suite.endswith("&& .ci/test"), suite
    assert ".ci/test" in (ROOT / ".ci/run").read_text().splitlines()
    assert "-m pytest" in (ROOT / ".ci/test").read_text()
    copy = tmp_path / "petstore"
    subprocess.run(["cp", "-r", str(ROOT / "samples/springcloud-eureka"), str(copy)], check=True)
    r = run_meshify("springcloud", str(copy), "--dry-run")
    assert r.returncode == 0 and "+++ b/k8s/base/kustomization.yaml" in r.stdout


@pytest.mark.parametrize("args", [
    ["springcloud", "REPO", "--check"],
    ["springcloud", "REPO", "--check", "-q"],
    ["dubbo", "--dry-run", "REPO", "--quiet"],
    ["dubbo", "REPO", "--allow-dirty", "--dry-run", "--check"],
    ["springcloud", "REPO"],
])
def test_plain_runs_skip_typer_and_call_the_run_as_typer_would(monkeypatch, tmp_path, args):
    # a commit hook's `meshify springcloud . --check` is parsed without importing typer (start-up),
    # and must reach the run with exactly what the typer command passes
    from generator import cli, output

    calls = []
    monkeypatch.setattr(output, "run", lambda *a, **kw: calls.append((a, kw)) or 7)
    args = [str(tmp_path) if a == "REPO" else a for a in args]
    assert cli._fast_path(args) == 7
    assert cli.typer_main(args) == 7
    assert len(calls) == 2 and calls[0] == calls[1]
    assert calls[0][1]["cli_options"]  # every option flag, at its "not given" value
    assert cli.main(args) == 7


@pytest.mark.parametrize("args", [
    ["--help"], ["springcloud", "REPO", "--namespace", "x"], ["springcloud", "REPO", "--check", "--check"],
    ["springcloud", "REPO", "OTHER"], ["springcloud"], ["springcloud", "REPO", "--help"], ["nosuch", "REPO"],
    ["springcloud", "REPO", "--debug"], ["inspect", "REPO"],
])
def test_everything_else_goes_through_typer(args):
    from generator import cli

    assert cli._fast_path(args) is None


def test_version_and_check_do_not_import_typer(sc_sample):
    code = ("import sys; from generator.cli import main; rc = main(sys.argv[1:]); "
            "print('typer' in sys.modules, 'click' in sys.modules, 'cookiecutter' in sys.modules, rc)")
    for args, rc in ((["--version"], 0), (["springcloud", str(sc_sample), "--check", "-q"], 1)):
        r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert r.stdout.split()[-4:] == ["False", "False", "False", str(rc)], r.stdout + r.stderr


def test_a_check_of_a_migrated_repository_imports_no_template_engine(sc_sample):
    """The commit-hook case renders nothing: manifests and Dockerfiles match their recorded inputs."""
    from generator.cli import main

    assert main(["springcloud", str(sc_sample), "--allow-dirty", "-q"]) == 0
    code = ("import sys; from generator.cli import main; rc = main(sys.argv[1:]); "
            "print('jinja2' in sys.modules, 'cookiecutter' in sys.modules, rc)")
    r = subprocess.run([sys.executable, "-c", code, "springcloud", str(sc_sample), "--check", "-q"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.stdout.split()[-3:] == ["False", "False", "0"], r.stdout + r.stderr


def test_a_run_tunes_the_collector_for_itself_only(sc_sample, monkeypatch):
    """A run collects young objects less often (tens of thousands of parsed nodes live to the end), and a
    program that calls ``main`` gets its own collector settings back, after a run and after a failure."""
    import gc

    from generator import cli, output

    seen = []
    real_run = output.run

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real_run(*args, **kwargs)

    monkeypatch.setattr(output, "run", spy)
    mine = (1234, 7, 8)
    old = gc.get_threshold()
    gc.set_threshold(*mine)
    try:
        assert cli.main(["springcloud", str(sc_sample), "--dry-run", "-q"]) == 0
        assert seen == [(cli.GC_THRESHOLD, 7, 8)]
        assert gc.get_threshold() == mine
        assert cli.main(["springcloud", str(sc_sample / "no-such-folder"), "--dry-run", "-q"]) != 0
        assert gc.get_threshold() == mine
    finally:
        gc.set_threshold(*old)


def _through(function: str, *args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    code = f"import sys; from generator.cli import {function}; sys.argv[1:] = {list(args)!r}; " + (
        "sys.exit(main())" if function == "main" else "entry()")
    return subprocess.run([sys.executable, "-c", code], stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, timeout=300)


@pytest.mark.parametrize("flag, code", [("--dry-run", 0), ("--check", 1)])
def test_the_command_ends_without_teardown_yet_says_everything(sc_sample, flag, code):
    # entry() leaves by os._exit: every byte of the (buffered, piped) diff and summary still comes out,
    # with main()'s exit code
    by_main = _through("main", "springcloud", str(sc_sample), flag)
    by_entry = _through("entry", "springcloud", str(sc_sample), flag)
    assert by_main.returncode == code and by_entry.returncode == code
    assert len(by_entry.stdout) > 20_000 and b"+++ b/k8s/base/kustomization.yaml" in by_entry.stdout
    assert (by_entry.stdout, by_entry.stderr) == (by_main.stdout, by_main.stderr)


def test_the_command_keeps_its_exit_code_when_the_reader_leaves(sc_sample):
    # `meshify ... --dry-run | head -1`: the reader closes the pipe; no traceback, the run's own code
    import os

    r, w = os.pipe()
    os.close(r)  # nobody reads
    try:
        done = _through("entry", "springcloud", str(sc_sample), "--dry-run", stdout=w)
    finally:
        os.close(w)
    assert done.returncode == 0
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr
