"""Hours of editing in minutes: does memory stay bounded, does the window stay responsive?

    python -m bench soak [--minutes N]        (default 10 minutes per run, two runs)

A real MainWindow (offscreen), the built-in model live, a 40,000-word draft opened from a
file. A sentence is typed, key by key, at a random place (the end of a random paragraph), then
the window is left alone for PAUSE_S seconds so live suggestions and the model's reading can
run; with live suggestions on, the pause lasts until the model has answered (at most ANSWER_S
more), as a writer who stops to read the suggestion would. Each run is a fresh process, so its
memory is its own: first with live suggestions on, then the same kind of edits for the same
time with them off (more of them: nothing is awaited).

Printed every minute: resident memory (VmRSS), edits so far, suggestions the model produced.
At the end: rss_start_mb (when the draft is loaded and checked), rss_end_mb, the growth per
hour extrapolated from a least-squares line over the second half of the run, the largest GUI
stall (the longest gap of a HEARTBEAT_MS timer in the GUI thread) and the 99th percentile, and
the edits made. Writes bench/results/soak.json.

    python -m bench soak --stall-dump FILE

also writes to FILE the Python stack of every thread whenever the GUI thread has not beaten
for STALL_DUMP_MS (faulthandler's watchdog, a C thread: it sees a thread that holds the
interpreter in C code, where a Python sampler would wait with it), a line for each stall with
its time, and every garbage-collection pass over GC_NOTE_MS with its thread and time. Armed
only once the draft is loaded.

    python -m bench soak --memory-trace FILE

traces Python's allocations (tracemalloc) from the fifth minute of each run to its end and
writes to FILE what grew most, by the line that allocated it, beside the growth of resident
memory over the same time (what Python does not account for is native: Qt, llama.cpp,
Harper). Tracing slows the run; its stall figures are not comparable.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

from bench import machine_info, write_results
from bench.window import Heartbeat, resident_mb

RESULTS = Path(__file__).resolve().parent / "results" / "soak.json"
WORDS = 40_000
PAUSE_S = 2.5  # after each typed sentence
ANSWER_S = 15.0  # then, while the model works on the paragraph, its answer is awaited this long
KEY_MS = 25  # between keys while typing
HEARTBEAT_MS = 20
STALL_DUMP_MS = 100
GC_NOTE_MS = 10
TRACE_FROM_S = 300  # --memory-trace: from the fifth minute
TRACE_FRAMES = 4
TRACE_TOP = 25
SEED = 18
SENTENCES = (
    " It is important to note that the schedule has changed again.",
    " I think we should call them tomorrow.",
    " The report, which nobody read, is on my desk.",
    " Furthermore, the team delivered a robust and seamless solution.",
    " We went anyway, of course.",
    " In today's fast-paced world, planning plays a crucial role.",
)


def child(minutes: float, live_on: bool, stall_dump: str | None = None,
          memory_trace: str | None = None) -> dict:
    """One run, in this process: prints a line a minute, returns the figures."""
    import app.ui.idle_collect as idle_collect
    from bench.gauges import generate_draft
    from bench.window import DraftWindow

    trims: list[float] = []  # the pauses' hand-backs of free memory (app.memory), their ms
    hand_back = idle_collect.return_free_memory

    def counted_hand_back() -> float | None:
        took = hand_back()
        if took is not None:
            trims.append(took)
        return took

    idle_collect.return_free_memory = counted_hand_back
    drafted = DraftWindow(generate_draft(SEED, WORDS), live_on, "humanize-soak-")
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor

    app, window = drafted.app, drafted.window
    drafted.open()

    def wait(condition, limit_s: float) -> None:
        drafted.pump(condition, limit_s, nap_s=0.005)

    drafted.wait_until_ready()
    wait(lambda: False, 5)  # the first reading and checks start
    produced = [0]
    window.model.service.finished.connect(lambda *_: produced.__setitem__(0, produced[0] + 1))
    window.model.service.fixed.connect(lambda *_: produced.__setitem__(0, produced[0] + 1))


    dump = open(stall_dump, "a", encoding="utf-8") if stall_dump else None  # noqa: SIM115
    began = time.monotonic()
    if dump:
        dump.write(f"--- {'live on' if live_on else 'live off'}, {time.ctime()}\n")
        dump.flush()

        starts: dict[str, float] = {}

        def collected(phase: str, info: dict) -> None:
            # Garbage-collection passes over GC_NOTE_MS, in whichever thread ran them.
            thread = threading.current_thread().name
            if phase == "start":
                starts[thread] = time.perf_counter()
            elif thread in starts:
                ms = (time.perf_counter() - starts.pop(thread)) * 1000
                if ms > GC_NOTE_MS:
                    dump.write(f"gc generation {info['generation']} in {thread}: {ms:.0f} ms "
                               f"at {time.monotonic() - began:.1f} s\n")

        gc.callbacks.append(collected)

    def beat(gap: float) -> None:
        if dump:
            if gap > STALL_DUMP_MS:
                dump.write(f"stall of {gap:.0f} ms ending at {time.monotonic() - began:.1f} s\n")
            faulthandler.dump_traceback_later((HEARTBEAT_MS + STALL_DUMP_MS) / 1000, file=dump)

    heart = Heartbeat(HEARTBEAT_MS, beat)

    rng = random.Random(SEED)
    editor = window.editor
    document = editor.document()
    samples: list[tuple[float, float]] = []
    rss_start = resident_mb()
    start = time.monotonic()
    samples.append((0.0, rss_start))
    edits = 0
    traced = None  # (snapshot, rss) when tracing began
    next_minute = 60.0
    print(f"  {'live on' if live_on else 'live off'}: {rss_start:.0f} MB after loading "
          f"{WORDS:,} words", flush=True)
    while time.monotonic() - start < minutes * 60:
        lines = [i for i in range(document.blockCount())
                 if len(document.findBlockByNumber(i).text()) > 40]
        block = document.findBlockByNumber(rng.choice(lines))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + block.length() - 1)
        editor.setTextCursor(cursor)
        for ch in rng.choice(SENTENCES):
            key = Qt.Key.Key_Space if ch == " " else Qt.Key.Key_A
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                app.postEvent(editor, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
            wait(lambda: False, KEY_MS / 1000)
        edits += 1
        wait(lambda: False, PAUSE_S)
        wait(lambda: not window.model.working, ANSWER_S)
        elapsed = time.monotonic() - start
        if memory_trace and traced is None and elapsed >= TRACE_FROM_S:
            tracemalloc.start(TRACE_FRAMES)
            traced = (tracemalloc.take_snapshot(), resident_mb())
        if elapsed >= next_minute:
            rss = resident_mb()
            samples.append((elapsed, rss))
            print(f"    {elapsed / 60:4.0f} min  {rss:6.0f} MB  {edits:4} edits  "
                  f"{produced[0]:4} model answers  stall max {max(heart.gaps, default=0):.0f} ms",
                  flush=True)
            next_minute += 60
    rss_end = resident_mb()
    samples.append((time.monotonic() - start, rss_end))
    if traced is not None:
        _write_memory_trace(memory_trace, live_on, traced, rss_end)
    heart.stop()
    if dump:
        faulthandler.cancel_dump_traceback_later()
        gc.callbacks.remove(collected)
        dump.close()
    half = [s for s in samples if s[0] >= samples[-1][0] / 2]
    growth = _slope(half) * 3600 if len(half) >= 2 else 0.0
    drafted.close()
    stalls = heart.stalls(100)
    return {
        "live_suggestions": live_on, "minutes": minutes, "words": WORDS,
        "rss_start_mb": round(rss_start, 1), "rss_end_mb": round(rss_end, 1),
        "growth_mb_per_hour": round(growth, 1),
        "growth_after_5_min_mb": round(rss_end - _at(samples, 300), 1),
        "max_stall_ms": stalls["max_stall_ms"], "p99_stall_ms": stalls["p99_stall_ms"],
        "stalls_over_100_ms": stalls["over"],
        "edits": edits, "model_answers": produced[0],
        "memory_hand_backs": len(trims), "hand_back_max_ms": round(max(trims, default=0.0), 1),
        "answers_per_minute": round(produced[0] / max(minutes, 1e-9), 1),
        "rss_samples": [(round(t), round(r, 1)) for t, r in samples],
    }


def _write_memory_trace(path: str, live_on: bool, traced, rss_end: float) -> None:
    before, rss_before = traced
    after = tracemalloc.take_snapshot()
    overhead = tracemalloc.get_tracemalloc_memory()  # tracing's own, inside the resident figure
    tracemalloc.stop()
    skip = [tracemalloc.Filter(False, tracemalloc.__file__)]
    after, before = after.filter_traces(skip), before.filter_traces(skip)
    by_line = after.compare_to(before, "lineno")
    grown = sum(d.size_diff for d in by_line)
    with open(path, "a", encoding="utf-8") as out:
        out.write(f"--- {'live on' if live_on else 'live off'}, {time.ctime()}: resident "
                  f"{rss_before:.0f} -> {rss_end:.0f} MB ({rss_end - rss_before:+.1f}); "
                  f"Python's allocations {grown / 1e6:+.1f} MB; tracing's own memory "
                  f"{overhead / 1e6:.1f} MB\nby the line that allocated:\n")
        for d in by_line[:TRACE_TOP]:
            if d.size_diff > 0:
                out.write(f"{d.size_diff / 1e6:+8.2f} MB {d.count_diff:+8d} blocks  "
                          f"{d.traceback.format()[-2].strip()}\n")
        out.write("by where it was called from:\n")
        for d in after.compare_to(before, "traceback")[:TRACE_TOP // 2]:
            if d.size_diff > 0:
                out.write(f"{d.size_diff / 1e6:+8.2f} MB {d.count_diff:+8d} blocks\n")
                out.write("".join(f"    {line}\n" for line in d.traceback.format()))


def _slope(points: list[tuple[float, float]]) -> float:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


def _at(samples: list[tuple[float, float]], seconds: float) -> float:
    """Memory at the first sample from `seconds` on (the start when the run was shorter)."""
    return next((r for t, r in samples if t >= seconds), samples[0][1])


def _run_child(minutes: float, live_on: bool, stall_dump: str | None,
               memory_trace: str | None = None) -> dict:  # fmt: skip
    command = [sys.executable, "-m", "bench.soak", "--child", "--minutes", str(minutes)]
    if not live_on:
        command.append("--live-off")
    if stall_dump:
        command += ["--stall-dump", stall_dump]
    if memory_trace:
        command += ["--memory-trace", memory_trace]
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    return json.loads(lines[-1])


def run(profile: bool = False, minutes: float = 10.0, stall_dump: str | None = None,
        memory_trace: str | None = None, only: str | None = None) -> dict:
    print(f"Soak: {WORDS:,}-word draft, a sentence typed at a random place, then a "
          f"{PAUSE_S:.1f} s pause (and the model's answer); {minutes:g} minutes with live "
          "suggestions on, then off")
    runs = {}
    for name, live_on in (("live on", True), ("live off", False)):
        if only in (None, name.split()[1]):
            runs[name] = _run_child(minutes, live_on, stall_dump, memory_trace)
    for name, r in runs.items():
        print(f"  {name:8}: {r['rss_start_mb']:.0f} → {r['rss_end_mb']:.0f} MB, "
              f"{r['growth_mb_per_hour']:+.0f} MB/hour (second half), "
              f"{r['growth_after_5_min_mb']:+.1f} MB after the first 5 min; stall max "
              f"{r['max_stall_ms']:.0f} ms, p99 {r['p99_stall_ms']:.0f} ms, "
              f"{r['stalls_over_100_ms']} over 100 ms; {r['edits']} edits, "
              f"{r['answers_per_minute']:.1f} model answers a minute; free memory handed back "
              f"{r['memory_hand_backs']} times, longest {r['hand_back_max_ms']:.1f} ms")
    first = next(iter(runs.values()))
    result = {"machine": machine_info(), **{k: first[k] for k in (
        "rss_start_mb", "rss_end_mb", "growth_mb_per_hour", "max_stall_ms", "edits")},
        **{name.replace(" ", "_"): r for name, r in runs.items()}}
    print(f"\nwrote {write_results(RESULTS, result)}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.soak")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--stall-dump", metavar="FILE",
                        help="write every thread's stack to FILE at each stall over "
                             f"{STALL_DUMP_MS} ms")
    parser.add_argument("--memory-trace", metavar="FILE",
                        help="from the fifth minute, trace Python's allocations and write to "
                             "FILE what grew most")
    parser.add_argument("--only", choices=("on", "off"),
                        help="one run: live suggestions on or off")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--live-off", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figures = child(args.minutes, not args.live_off, args.stall_dump, args.memory_trace)
        print(json.dumps(figures), flush=True)
        os._exit(0)  # the model thread and Qt are torn down with the process
    run(minutes=args.minutes, stall_dump=args.stall_dump, memory_trace=args.memory_trace,
        only=args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
