"""The model reading a draft in the window, for bench/predictability.py: a real MainWindow
(offscreen) with the built-in model, live suggestions off, a 40,000-word draft opened from a
file. Once the draft is loaded and checked, for SECONDS the GUI thread's heartbeat (a
HEARTBEAT_MS timer) is timed while the model reads the draft (`--hold`: with the reading
held off, the baseline). Prints one JSON line: stalls (the heartbeat's lateness), words read
and per second, and peak resident memory (VmHWM).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

SEED = 14
WORDS = 40_000
SECONDS = 60.0
HEARTBEAT_MS = 5
STALL_MS = 16


def _status_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def child(hold: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = tempfile.TemporaryDirectory(prefix="humanize-predictability-")
    os.environ["HUMANIZE_CONFIG_DIR"] = scratch.name
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow
    from bench.gauges import generate_draft

    app = QApplication.instance() or QApplication([])
    draft = Path(scratch.name) / "draft.md"
    draft.write_text("\n\n".join(generate_draft(SEED, WORDS)) + "\n", encoding="utf-8")
    window = MainWindow()
    window.settings.live_suggestions = False
    window.model.set_live(False)
    window.resize(1300, 850)
    window.show()
    reader = window.predictability
    if hold:
        reader._score_next = lambda: None  # the baseline: the same window, nothing read
    window.session.open_file(draft, confirmed=True)

    def wait(condition, limit_s: float) -> None:
        end = time.monotonic() + limit_s
        while not condition() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.002)

    wait(lambda: window.model.service.ready and not window.session.is_loading
         and window.review.settled and window.editor.document().blockCount() > 100, 300)
    _, share_before = reader.document_reading()
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0] - HEARTBEAT_MS)
        last[0] = now

    heart = QTimer()
    heart.setTimerType(Qt.TimerType.PreciseTimer)
    heart.setInterval(HEARTBEAT_MS)
    heart.timeout.connect(beat)
    heart.start()
    started = time.monotonic()
    wait(lambda: False, SECONDS)
    seconds = time.monotonic() - started
    heart.stop()
    _, share_after = reader.document_reading()
    words = sum(len(window.editor.document().findBlockByNumber(i).text().split())
                for i in range(window.editor.document().blockCount()))
    read = round((share_after - share_before) * words)
    stalls = sorted(gaps)
    window.editor.document().setModified(False)
    window.close()
    return {
        "held_off": hold, "seconds": round(seconds, 1), "words": words, "words_read": read,
        "words_per_second": round(read / seconds, 1),
        "max_stall_ms": round(max(stalls, default=0), 1),
        "p99_stall_ms": round(stalls[int(0.99 * (len(stalls) - 1))], 1) if stalls else 0.0,
        "stalls_over_16_ms": sum(g > STALL_MS for g in stalls),
        "rss_peak_mb": round(_status_mb("VmHWM"), 1),
    }


if __name__ == "__main__":
    print(json.dumps(child("--hold" in sys.argv[1:])), flush=True)
    os._exit(0)  # the model thread and Qt are torn down with the process
