"""No network, ever: the analysis and the check command run with sockets blocked.

Run in a fresh interpreter so that lazily loaded data (textstat's syllable dictionary,
VADER's lexicon) is loaded under the block too, as on a writer's first start.
"""

import json
import subprocess
import sys

BLOCK_SOCKETS = """
import socket
def _refuse(*args, **kwargs):
    raise OSError("network access attempted")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""


def run_blocked(body: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_SOCKETS + body], capture_output=True, text=True, timeout=120
    )


def test_block_is_real():
    result = run_blocked("import urllib.request; urllib.request.urlopen('http://127.0.0.1:9')")
    assert result.returncode != 0 and "network access attempted" in result.stderr


def test_analysis_and_check_command_offline(tmp_path):
    """The whole check, the built-in model's first assembly and its rewrites included."""
    draft = tmp_path / "draft.md"
    draft.write_text(
        "# Plan\n\nIn today's fast-paced world, we are thrilled to deliver outstanding value.\n"
        "Unfortunately, the launch was a painful, frustrating mess.\n",
        encoding="utf-8",
    )
    body = (
        "import sys\nfrom app.cli import main\n"
        f"sys.exit(main([{str(draft)!r}, '--json', '--candidates', '1']))\n"
    )
    result = run_blocked(body)
    assert result.returncode == 0, result.stderr
    gauges = json.loads(result.stdout)["gauges"]
    assert gauges["counts"]["words"] > 15
    assert gauges["readability"]["flesch_reading_ease"] != 0
    assert "network" not in result.stderr
    # The model came from the installed package into the (test) data folder, not a download.
    assert list((tmp_path / "humanize-config" / "data" / "models").glob("*.gguf"))


def test_only_the_server_client_can_open_a_connection():
    """One module holds the model server's client; nothing else in app/ imports a network
    library (the server is the one exception to "nothing leaves the machine")."""
    import ast
    from pathlib import Path

    import app

    network = ("socket", "http.client", "urllib.request", "requests", "httpx", "httpcore",
               "aiohttp", "urllib3")
    root = Path(app.__file__).parent
    users = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == lib or n.startswith(lib + ".") for n in names for lib in network):
                users.add(path.relative_to(root).as_posix())
    assert users == {"llm/server_client.py"}


def test_with_the_server_off_no_network_code_is_loaded(tmp_path):
    """The Model page, the model's configuration and the models list, under the block: the
    HTTP client and the keychain are not even imported."""
    body = (
        "import os, sys, json\n"
        "os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.settings import Settings\n"
        "from app.ui.model.live_suggestions import model_config\n"
        "from app.ui.dialogs.preferences import PreferencesDialog\n"
        "from app.core.feedback import FeedbackStore\n"
        "from app.cli_models import main as models_main\n"
        "assert model_config(Settings()).server_url == ''\n"
        "from pathlib import Path\n"
        f"dialog = PreferencesDialog(Settings(), FeedbackStore(Path({str(tmp_path)!r}) / 'f'))\n"
        "dialog.apply_model(Settings())\n"
        "assert models_main(['--json']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'keyring'))\n"
        "print(json.dumps(loaded), file=sys.stderr)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    result = run_blocked(body)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["source"] == "built-in"
