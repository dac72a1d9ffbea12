"""Start-up: seconds from launching the app to its window on screen and to the model ready.

`python -m bench startup` starts the packaged build (dist/humanize-writer/, from `make
package`) and, as the baseline, the source tree (`python main.py`), each first with a fresh
config folder ("cold": first run, welcome draft, and for the source tree the built-in model
joined from its chunks) and then RUNS more times with the same folder ("warm"). Before a cold
start the page cache is dropped when the machine allows it (root on Linux); the results say
whether it was. Times come from the app's own log lines ("Window shown", "Model ready"), read
from its stderr as they arrive. Set HUMANIZE_BENCH_APP to time another command instead of the
bundle. The window is offscreen unless QT_QPA_PLATFORM says otherwise (e.g. xcb under Xvfb).
"""

from __future__ import annotations

import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import machine_info, write_results

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "humanize-writer" / "humanize-writer"
RESULTS = ROOT / "bench" / "results" / "startup.json"
RUNS = 3
TIMEOUT_S = 180.0
EVENTS = {"window": "Window shown", "model": "Model ready"}


def _drop_page_cache() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def _bundle_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def start_once(command: list[str], config_dir: Path) -> dict[str, float | None]:
    """Start the app, wait for both log lines (or a failure), stop it; seconds since launch."""
    times: dict[str, float | None] = dict.fromkeys(EVENTS)
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--verbose", "--config-dir", str(config_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace",
    )  # fmt: skip
    done = threading.Event()
    failure: list[str] = []

    def read() -> None:
        for line in process.stderr:
            now = time.perf_counter() - started
            for name, text in EVENTS.items():
                if times[name] is None and text in line:
                    times[name] = now
            if "could not be loaded" in line or "CRITICAL" in line:
                failure.append(line.strip())
            if all(times.values()) or failure:
                break
        done.set()

    threading.Thread(target=read, daemon=True).start()
    done.wait(TIMEOUT_S)
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if failure:
        raise RuntimeError(f"{shlex.join(command)}: {failure[0]}")
    return times


def measure(command: list[str]) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="humanize-startup-") as folder:
        config = Path(folder)
        dropped = _drop_page_cache()
        cold = start_once(command, config)
        warm = [start_once(command, config) for _ in range(RUNS)]
    summary: dict[str, object] = {"command": shlex.join(command), "page_cache_dropped": dropped}
    for name in EVENTS:
        summary[f"{name}_cold_s"] = _round(cold[name])
        values = [w[name] for w in warm if w[name] is not None]
        summary[f"{name}_warm_median_s"] = _round(statistics.median(values) if values else None)
        summary[f"{name}_warm_runs_s"] = [_round(v) for v in values]
    return summary


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _line(label: str, r: dict[str, object]) -> str:
    return (f"{label:<8} window {r['window_cold_s']} s cold / {r['window_warm_median_s']} s warm; "
            f"model ready {r['model_cold_s']} s cold / {r['model_warm_median_s']} s warm")


def run(profile: bool = False) -> dict[str, object]:
    del profile  # the time is spent in other processes
    custom = os.environ.get("HUMANIZE_BENCH_APP", "").strip()
    app = shlex.split(custom) if custom else [str(BUNDLE)]
    result: dict[str, object] = {"machine": machine_info(), "runs": RUNS}
    result["source"] = measure([sys.executable, str(ROOT / "main.py")])
    print(_line("source", result["source"]))
    if custom or BUNDLE.is_file():
        result["app"] = measure(app)
        print(_line("bundle" if not custom else "app", result["app"]))
        if not custom:
            size = _bundle_size(BUNDLE.parent)
            result["bundle_size_mb"] = round(size / 1e6, 1)
            print(f"bundle   {size / 1e6:.0f} MB on disk in {BUNDLE.parent.relative_to(ROOT)}")
        for name in EVENTS:
            base, mine = result["source"][f"{name}_warm_median_s"], result["app"][
                f"{name}_warm_median_s"]
            if base and mine:
                result[f"{name}_warm_ratio"] = round(base / mine, 2)
    else:
        print(f"no bundle at {BUNDLE.relative_to(ROOT)}: run `make package` to time it too")
    print(f"results: {write_results(RESULTS, result)}")
    return result
