"""Humanize installs like any Python app: a wheel built from the sources, installed into a fresh
virtual environment outside the checkout, gives a `humanize-writer` that works (the data it
reads, lexicons, catalog, welcome draft, ship inside the package).

The new environment gets only the wheel; the dependencies (llama-cpp-python takes minutes to
compile) are borrowed from the environment running the tests through a .pth line, which adds
their folder to sys.path without running the editable install's hooks there, so `app` can only
come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from app import paths

ROOT = Path(__file__).resolve().parent.parent
DRAFT = "# Notes\n\nIn today's fast-paced world, we delve into the data to unlock insights.\n"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh environment holding the wheel built from the sources."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"  # a copy: building in the checkout would leave build/ there
    source.mkdir()
    shutil.copytree(ROOT / "app", source / "app",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(work / "dist"), str(source)],
        capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel = next((work / "dist").glob("humanize_writer-*.whl"))
    target = work / "env"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    purelib = subprocess.run([str(python), "-c", "import sysconfig; "
                              "print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    Path(purelib, "borrowed-dependencies.pth").write_text(
        "\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return python.parent


def _run(bin_dir: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env |= {paths.CONFIG_DIR_ENV: str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(bin_dir / "humanize-writer"), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=600)


def test_the_wheel_carries_the_package_data(installed, tmp_path):
    where = subprocess.run(
        [str(installed / "python"), "-c",
         "import app, app.paths as p; print(app.__file__); "
         "print(p.resource_path('models', 'catalog.toml').is_file())"],
        cwd=tmp_path, capture_output=True, text=True, check=True).stdout.split()
    assert Path(where[0]).is_relative_to(installed.parent)  # not the checkout
    assert where[1] == "True"


def test_check_works_from_the_installed_wheel(installed, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT, encoding="utf-8")
    done = _run(installed, tmp_path, "check", str(draft), "--json", "--no-llm")
    assert done.returncode == 0, done.stderr
    kinds = {s["kind"] for s in json.loads(done.stdout)["suggestions"]}
    assert "ai_tell" in kinds  # the lexicons were found inside the installed package


def test_selftest_passes_from_the_installed_wheel(installed, tmp_path):
    done = _run(installed, tmp_path, "--selftest")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All 8 steps passed" in done.stdout
