"""The dependency rules: app/core is pure Python (no Qt, no llama_cpp, no app.llm/app.ui), and
no module of app/ imports itself back through others (no cycles)."""

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


def app_imports() -> dict[str, set[str]]:
    """Each module of app/ and the modules of app/ it imports (type-only imports included:
    a cycle through them still means two modules that cannot be understood apart)."""
    root = CORE.parent
    modules: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module.startswith("app"):
                    deps |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("app")}
        modules[name] = deps
    return {m: {d for d in deps if d in modules and d != m} for m, deps in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                return path[path.index(dep):] + [dep]
            if dep not in state and (found := visit(dep)):
                return found
        state[module] = 2
        path.pop()
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_import_cycles_anywhere_in_app():
    graph = app_imports()
    assert "app.ui.main_window" in graph and "app.ui.model.model_setup" in graph
    assert find_cycle(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
