"""The --dry-run diff of each bundled sample, byte for byte.

The golden files were read line by line when they were committed. When you change
meshify's output on purpose, regenerate them and read the diff of the golden file
before committing it:

    MESHIFY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py
    git diff tests/golden/
"""
from __future__ import annotations

import os

import pytest

from generator.cli import main

from .conftest import ROOT, copy_sample

GOLDEN = ROOT / "tests" / "golden"
CASES = [("springcloud-eureka", "springcloud"), ("dubbo-zookeeper", "dubbo")]


@pytest.mark.parametrize("sample, migration", CASES)
def test_dry_run_diff_of_bundled_sample_is_unchanged(tmp_path, capsys, sample, migration):
    repo = copy_sample(sample, tmp_path)
    assert main([migration, str(repo), "--dry-run"]) == 0
    out = capsys.readouterr().out
    golden = GOLDEN / f"{sample}.dry-run.diff"
    if os.environ.get("MESHIFY_UPDATE_GOLDEN") == "1":
        golden.write_text(out, "utf-8")
        pytest.skip(f"regenerated {golden.relative_to(ROOT)}; read its diff before committing it")
    assert out == golden.read_text("utf-8"), f"the --dry-run diff of {sample} changed; see this test's docstring"
