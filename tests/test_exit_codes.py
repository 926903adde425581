"""Exit codes decided in one place: internal errors (123), interrupts (130), --check with --dry-run."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest
import typer

from generator import errors
from generator.cli import main
from generator.editors.text import TextDocument

from .conftest import ROOT, snapshot

LINE = re.compile(r"^meshify: internal error while processing (\S+): RuntimeError: boom; please report it with that file")


def _crash_on_first_edit(monkeypatch):
    def boom(self, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(TextDocument, "splice", boom)


@pytest.mark.parametrize("flags", [["--check"], ["--dry-run"], []])
def test_internal_error_exits_123_with_one_line_naming_the_file_and_writes_the_report(sc_sample, tmp_path, capsys, monkeypatch, flags):
    monkeypatch.delenv(errors.DEBUG_ENV, raising=False)
    _crash_on_first_edit(monkeypatch)
    report = tmp_path / "report.json"
    before = snapshot(sc_sample)
    code = main(["springcloud", str(sc_sample), "--allow-dirty", "--report", str(report), *flags])
    err = capsys.readouterr().err
    assert code == 123  # never 1, which --check means "would change"
    lines = err.splitlines()
    assert len(lines) == 1, err
    m = LINE.match(lines[0])
    assert m, lines[0]
    assert (sc_sample / m.group(1)).is_file()  # a file of the repository, named relative to it
    assert "Traceback" not in err and "MESHIFY_DEBUG=1" in err
    data = json.loads(report.read_text())
    jsonschema.validate(data, json.loads((ROOT / "docs" / "report.schema.json").read_text()))
    assert data["exit_code"] == 123 and data["error"].startswith("meshify: internal error while processing ")
    assert snapshot(sc_sample) == before


def test_debug_flag_and_environment_show_the_traceback(sc_sample, capsys, monkeypatch):
    _crash_on_first_edit(monkeypatch)
    monkeypatch.delenv(errors.DEBUG_ENV, raising=False)
    assert main(["springcloud", str(sc_sample), "--dry-run", "--debug"]) == 123
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: boom" in err and LINE.search(err.splitlines()[-1])
    monkeypatch.setenv(errors.DEBUG_ENV, "1")
    assert main(["springcloud", str(sc_sample), "--dry-run"]) == 123
    assert "Traceback" in capsys.readouterr().err


def test_interrupt_exits_130_with_one_line_and_writes_the_report(sc_sample, tmp_path, capsys, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("generator.pipeline.build_plan", interrupt)
    report = tmp_path / "report.json"
    assert main(["springcloud", str(sc_sample), "--check", "--report", str(report)]) == 130
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["meshify: interrupted"]
    assert json.loads(report.read_text())["exit_code"] == 130


def test_click_abort_is_an_interrupt_not_would_change(capsys, monkeypatch):
    """click's own "Aborted!" path exits 1 in standalone mode; meshify maps it to 130."""
    def abort(*args, **kwargs):
        raise typer.Abort()

    monkeypatch.setattr("generator.settings.write_example", abort)
    assert main(["init", "."]) == 130
    assert "Aborted!" not in capsys.readouterr().err


def test_internal_error_outside_a_run_is_123(tmp_path, capsys, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("generator.settings.write_example", boom)
    assert main(["init", str(tmp_path)]) == 123
    assert capsys.readouterr().err.startswith("meshify: internal error: RuntimeError: boom")


def test_check_and_dry_run_combine(sc_sample, capsys):
    assert main(["springcloud", str(sc_sample), "--check", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "+++ b/k8s/base/kustomization.yaml" in out  # the diff is shown
    assert main(["springcloud", str(sc_sample), "--dry-run"]) == 0


def test_usage_error_is_2(capsys):
    assert main(["springcloud", "--no-such-option"]) == 2
    assert "no-such-option" in capsys.readouterr().err
