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
import time

SEED = 14
WORDS = 40_000
SECONDS = 60.0
HEARTBEAT_MS = 5
STALL_MS = 16


def child(hold: bool) -> dict:
    from bench.gauges import generate_draft
    from bench.window import DraftWindow, Heartbeat, resident_mb

    drafted = DraftWindow(generate_draft(SEED, WORDS), False, "humanize-predictability-")
    window = drafted.window
    reader = window.predictability
    if hold:
        reader._score_next = lambda: None  # the baseline: the same window, nothing read
    drafted.open()
    drafted.wait_until_ready()
    _, share_before = reader.document_reading()
    heart = Heartbeat(HEARTBEAT_MS)
    started = time.monotonic()
    drafted.pump(lambda: False, SECONDS)
    seconds = time.monotonic() - started
    heart.stop()
    _, share_after = reader.document_reading()
    words = sum(len(window.editor.document().findBlockByNumber(i).text().split())
                for i in range(window.editor.document().blockCount()))
    read = round((share_after - share_before) * words)
    stalls = heart.stalls(STALL_MS)
    drafted.close()
    return {
        "held_off": hold, "seconds": round(seconds, 1), "words": words, "words_read": read,
        "words_per_second": round(read / seconds, 1),
        "max_stall_ms": stalls["max_stall_ms"], "p99_stall_ms": stalls["p99_stall_ms"],
        "stalls_over_16_ms": stalls["over"],
        "rss_peak_mb": round(resident_mb("VmHWM"), 1),
    }


if __name__ == "__main__":
    print(json.dumps(child("--hold" in sys.argv[1:])), flush=True)
    os._exit(0)  # the model thread and Qt are torn down with the process
