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
