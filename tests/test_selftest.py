"""`humanize-writer --selftest` in a fresh process: the real model, gauges, rules and exports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from app import paths
from app.selftest import SelfTest, StepFailed

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("model", "load", "adapter", "rewrite", "gauges", "rules", "docx", "pdf")


def test_selftest_passes_and_reports_each_step_with_its_time(tmp_path):
    env = {**os.environ, paths.CONFIG_DIR_ENV: str(tmp_path / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--selftest"], env=env,
                            capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    for step in STEPS:
        assert re.search(rf"^\[ ok \] {step} +\d+\.\d\d s  \S", result.stdout, re.M), result.stdout
    assert "All 8 steps passed" in result.stdout
    # The model was assembled in the folder the test chose, not in the real data folder.
    assert (tmp_path / "config" / "data" / "models").is_dir()


def test_a_failing_step_is_reported_and_the_others_still_run(tmp_path, monkeypatch):
    lines: list[str] = []
    check = SelfTest(lines.append)

    def no_model() -> str:
        raise StepFailed("the built-in model is not installed")

    monkeypatch.setattr(check, "prepare_model", no_model)
    assert check.run(tmp_path) == 1
    assert any(line.startswith("[FAIL] model") and "not installed" in line for line in lines)
    assert any(line.startswith("[FAIL] load") and "skipped" in line for line in lines)
    assert any(line.startswith("[FAIL] rewrite") for line in lines)
    assert any(line.startswith("[ ok ] gauges") for line in lines)
    assert any(line.startswith("[ ok ] docx") for line in lines)
    assert lines[-1].startswith("FAILED") and "model, load, adapter, rewrite" in lines[-1]
