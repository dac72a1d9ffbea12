"""The one dependency rule: app/core is pure Python (no Qt, no llama_cpp, no app.llm/app.ui)."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import app.core

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "llama_cpp", "app.llm", "app.ui")
CORE = Path(app.core.__file__).parent


def imported_names(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_core_sources_import_nothing_forbidden():
    offenders = [
        f"{path.relative_to(CORE.parent.parent)}: {name}"
        for path in CORE.rglob("*.py")
        for name in imported_names(path)
        if name.split(".")[0] in FORBIDDEN or name.startswith(("app.llm", "app.ui"))
    ]
    assert offenders == []


def test_importing_all_of_core_loads_no_qt_or_model():
    modules = [m.name for m in pkgutil.walk_packages([str(CORE)], "app.core.")]
    assert "app.core.analysis.incremental" in modules
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
