"""The model behind a server, beside the local engine: `python -m bench llm --server` measures
both the same way, one after the other, and writes bench/results/llm_server.json.

The server is llama-cpp-python's own OpenAI-compatible server (`python -m llama_cpp.server`,
the `server` extra) started here on 127.0.0.1 with the bundled model and N_THREADS threads,
so both sides run the same model with the same llama.cpp on the same number of threads. Each
side is driven through ModelService exactly as the window drives it (an offscreen
QApplication, the GUI thread idle in its event loop), local first, then the server:

1. Load: ModelService.load to "ready" (for the server: the model list fetched and checked;
   the server's own start, process to /v1/models answering, is reported apart).
2. First token, GenerationStats.first_token_seconds (the stream call to its first piece of
   text, in the model thread): cold (the first request after the load: the whole prompt is
   evaluated), warm (the same paragraph again: the prefix is cached on both sides), new
   paragraph in the same tone (median of REPEATS). The server's own time to its first token
   is read from its log, where llama.cpp prints its timings after each request: the prompt's
   evaluation plus one decoding step (_own_first_token_s says how a misreported first request
   is read). llama_cpp.server sends no "timings" in its answer; llama-server does. The local
   engine's time for the same case stands beside it: the same model and prompt in-process,
   though the server's llama.cpp is set up its own way (batch size, no AMX guard). The
   first token less the server's own time is what the HTTP path adds (target: within
   FIRST_TOKEN_TARGET_S).
3. Decode: tokens per second as streamed (GenerationStats; a server sends a piece a token),
   median over 3-candidate suggestions, DECODE_RUNS per paragraph.
4. UI stalls: a PreciseTimer heartbeat in the GUI thread while 3 candidates stream for a new
   paragraph and for a new tone; a stall is the largest gap between ticks minus the interval
   (target <= 16 ms).

bench/llm.py has the local engine's fuller figures (the bare llama.cpp loop, memory); this
bench is about what a server changes.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import machine_info, write_results
from bench.llm import (
    HEARTBEAT_MS,
    JOB_TIMEOUT_S,
    N_THREADS,
    PARAGRAPHS,
    REPEATS,
    STALL_TARGET_MS,
    TONE,
    _Neighbours,
)

RESULTS = Path(__file__).resolve().parent / "results" / "llm_server.json"
CANDIDATES = 3
DECODE_RUNS = 2  # suggestions per paragraph in the decode step
FIRST_TOKEN_TARGET_S = 0.5


def _cases(own: dict[str, float]) -> str:
    if not own:
        return "not in its log"
    names = {"first_token_cold_s": "cold", "first_token_warm_s": "warm",
             "first_token_new_paragraph_s": "new paragraph"}  # fmt: skip
    return ", ".join(f"{names[case]} {seconds:.3f} s" for case, seconds in own.items())


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(model: Path, folder: Path) -> tuple[subprocess.Popen, str, float]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/v1"
    started = time.perf_counter()
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1",
         "--port", str(port), "--n_threads", str(N_THREADS), "--n_ctx", "2048"],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.close()
    while time.perf_counter() - started < JOB_TIMEOUT_S:
        if process.poll() is not None:
            raise RuntimeError(f"llama_cpp.server exited: {(folder / 'server.log').read_text()}")
        try:
            if httpx.get(f"{url}/models", timeout=2, trust_env=False).is_success:
                return process, url, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("llama_cpp.server did not start")


_PERF = {
    name: re.compile(rf"^llama_perf_context_print:\s+{label} =\s+([\d.]+) ms(?: /\s+(\d+))?", re.M)
    for name, label in (("prompt", "prompt eval time"), ("decode", "eval time"),
                        ("total", "total time"))
}  # fmt: skip
_PLAUSIBLE_PROMPT_RATE = 20_000  # tokens per second; llama.cpp's first request prints ~10^6


def _logged_request(log: Path, mark: int) -> dict[str, float] | None:
    """llama.cpp's timings for the request logged after byte `mark`: prompt (ms), prompt_tokens,
    decode (ms, the tokens after the first), runs, total (ms); None when it printed none."""
    deadline = time.perf_counter() + 2.0
    while True:
        with log.open("rb") as f:
            f.seek(mark)
            text = f.read().decode("utf-8", "replace")
        found = {name: pattern.search(text) for name, pattern in _PERF.items()}
        if all(found.values()) or time.perf_counter() > deadline:
            break
        time.sleep(0.05)  # the server prints its timings as the stream ends
    if not all(found.values()):
        return None
    return {"prompt": float(found["prompt"].group(1)),
            "prompt_tokens": int(found["prompt"].group(2) or 0),
            "decode": float(found["decode"].group(1)), "runs": int(found["decode"].group(2) or 0),
            "total": float(found["total"].group(1))}  # fmt: skip


def _own_first_token_s(requests: dict[str, list[dict]]) -> dict[str, float]:
    """The server's own time to its first token per case (median): its prompt evaluation plus
    one decoding step. llama.cpp misreports the prompt of a server's first request (a million
    tokens a second); there it is the total less the decoding less the per-token overhead
    (sampling, streaming) that the other requests show."""

    def plausible(r: dict) -> bool:
        return r["prompt_tokens"] <= 2 or r["prompt_tokens"] / max(r["prompt"], 1e-3) * 1000 \
            < _PLAUSIBLE_PROMPT_RATE

    every = [r for rs in requests.values() for r in rs]
    overheads = [(r["total"] - r["decode"] - r["prompt"]) / r["runs"]
                 for r in every if plausible(r) and r["runs"]]  # fmt: skip
    overhead = statistics.median(overheads) if overheads else 0.0
    own: dict[str, float] = {}
    for case, rs in requests.items():
        seconds = []
        for r in rs:
            step = r["decode"] / r["runs"] if r["runs"] else 0.0
            prompt = (r["prompt"] if plausible(r)
                      else r["total"] - r["decode"] - overhead * r["runs"])  # fmt: skip
            seconds.append(max(0.0, prompt + step) / 1000)
        if seconds:
            own[case] = round(statistics.median(seconds), 3)
    return own


def _measure(service, config, until, log: Path | None = None) -> dict[str, object]:
    """Steps 1-4 for one side (ModelService with config); returns its figures. `log`: the
    server's log, for its own time to the first token."""
    from PySide6.QtCore import Qt, QTimer

    started = time.perf_counter()
    service.load(config)
    loaded = until((service.state_changed, lambda state, _: state in ("ready", "failed")))
    load_s = time.perf_counter() - started
    if not loaded or loaded[0] != "ready":
        raise RuntimeError(f"the model worker could not load the model: {loaded}")
    engine = getattr(getattr(service, "_worker", None), "_engine", None)
    if engine is None:
        raise RuntimeError("ModelService no longer keeps its engine at _worker._engine")
    seen: list = []
    original = engine.stream

    def recording(*args, **kwargs):
        yield from original(*args, **kwargs)
        seen.append((engine.last_stats, getattr(engine, "last_end", None)))

    engine.stream = recording

    def generate(text: str, tone: str = TONE, candidates: int = CANDIDATES) -> float:
        seen.clear()
        began = time.perf_counter()
        job = service.request(text, tone, candidates=candidates)
        done = until((service.finished, lambda r: r.job_id == job),
                     (service.failed, lambda job_id, _m: job_id == job))  # fmt: skip
        if len(done) != 1 or not hasattr(done[0], "rewrites"):
            raise RuntimeError(f"the job did not finish: {done or 'timed out'}")
        return time.perf_counter() - began

    logged: dict[str, list[dict]] = {"first_token_cold_s": [], "first_token_warm_s": [],
                                     "first_token_new_paragraph_s": []}  # fmt: skip

    def first_token(text: str, case: str = "") -> float:
        mark = log.stat().st_size if log is not None else 0
        generate(text, candidates=1)
        if log is not None and case:
            request = _logged_request(log, mark)
            if request is not None:
                logged[case].append(request)
        return seen[0][0].first_token_seconds

    cold = first_token(PARAGRAPHS[0], "first_token_cold_s")
    warm = statistics.median(first_token(PARAGRAPHS[0], "first_token_warm_s")
                             for _ in range(REPEATS))  # fmt: skip
    other = []
    for text in PARAGRAPHS[1:]:
        first_token(PARAGRAPHS[0])  # the cache holds the first paragraph's prompt again
        other.append(first_token(text, "first_token_new_paragraph_s"))
    timings = next((end.timings for _, end in seen if end is not None and end.timings), None)
    rates = []
    for text in PARAGRAPHS:
        for _ in range(DECODE_RUNS):
            generate(text)
            rates += [stats.tokens_per_second for stats, _ in seen if stats.tokens_per_second]

    ticks: list[float] = []
    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.setInterval(HEARTBEAT_MS)
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    beat.start()
    stalls: list[float] = []
    jobs = []
    for tone, text in ((TONE, PARAGRAPHS[1]), ("Warm", PARAGRAPHS[0])):
        ticks.clear()
        seconds = generate(text, tone)
        gaps = [(b - a) * 1000 - HEARTBEAT_MS for a, b in zip(ticks, ticks[1:], strict=False)]
        stalls += gaps
        jobs.append({"tone": tone, "seconds": round(seconds, 3), "ticks": len(ticks),
                     "max_stall_ms": round(max(gaps, default=0.0), 2)})  # fmt: skip
    beat.stop()
    service.shutdown()
    return {
        "load_s": round(load_s, 3),
        "model": service.model_name,
        "first_token_cold_s": round(cold, 3),
        "first_token_warm_s": round(warm, 3),
        "first_token_new_paragraph_s": round(statistics.median(other), 3),
        "tokens_per_s": round(statistics.median(rates), 2) if rates else 0.0,
        "max_ui_stall_ms": round(max(stalls, default=0.0), 2),
        "ui_stalls_over_16_ms": sum(s > STALL_TARGET_MS for s in stalls),
        "stall_jobs": jobs,
        "server_timings": timings,
        # The server's own time to its first token, from its log (the median of each case).
        "own_first_token_s": _own_first_token_s(logged),
    }


def run(profile: bool = False) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.llm.model_store import bundled_model_ready, ensure_bundled_model
    from app.llm.worker import ModelConfig, ModelService

    def until(*watch) -> list:
        loop, got, slots = QEventLoop(), [], []
        for signal, accept in watch:

            def on_signal(*args, accept=accept) -> None:
                if not got and accept(*args):
                    got.extend(args)
                    loop.quit()

            signal.connect(on_signal)
            slots.append((signal, on_signal))
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(int(JOB_TIMEOUT_S * 1000))
        loop.exec()
        timer.stop()
        for signal, on_signal in slots:
            signal.disconnect(on_signal)
        return got

    neighbours = _Neighbours()
    app = QApplication.instance() or QApplication([])
    scratch = tempfile.TemporaryDirectory(prefix="humanize-bench-server-")
    folder = Path(scratch.name)
    path = bundled_model_ready() or ensure_bundled_model(folder)
    local = _measure(ModelService(), ModelConfig(path=str(path), n_threads=N_THREADS), until)
    local_busy = neighbours.cores()
    process, url, server_start_s = _start_server(path, folder)
    try:
        server = _measure(ModelService(), ModelConfig(server_url=url), until,
                          folder / "server.log")
    finally:
        process.terminate()
        process.wait(30)
        app.processEvents()
        scratch.cleanup()

    cases = ("first_token_cold_s", "first_token_warm_s", "first_token_new_paragraph_s")
    own = server["own_first_token_s"]
    # What the HTTP path adds: beyond the server's own time where its log gave it, else beyond
    # the local engine's time for the same case.
    added = {case: round(server[case] - own.get(case, local[case]), 3) for case in cases}
    result: dict[str, object] = {
        "server": "llama_cpp.server (llama-cpp-python) on 127.0.0.1",
        "model_file": path.name,
        "n_threads": N_THREADS,
        "server_start_s": round(server_start_s, 3),
        "local": local,
        "server_side": server,
        "server_own_time": "read from the server's log (llama.cpp's timings)" if own else
                           "not reported; the local engine's time for the same case stands in",
        "server_own_first_token_s": own,
        "http_path_adds_s": added,
        "first_token_target_s": FIRST_TOKEN_TARGET_S,
        "decode_ratio_server_to_local": round(server["tokens_per_s"] / local["tokens_per_s"], 3)
        if local["tokens_per_s"] else None,
        "stall_target_ms": STALL_TARGET_MS,
        # Other processes' CPU while the local side ran; the whole run counts the server too.
        "other_processes_cpu_cores": local_busy,
        "other_processes_cpu_cores_with_the_server": neighbours.cores(),
        "machine": machine_info(),
    }
    busy = result["other_processes_cpu_cores"]
    noisy = (f" [other processes used {busy:.1f} of {os.cpu_count()} cores: timings skewed]"
             if busy and busy > 0.1 else "")  # fmt: skip
    where = write_results(RESULTS, result)
    print(
        f"llm --server: {path.name}, {N_THREADS} threads each side. First token local / server:"
        f" cold {local['first_token_cold_s']:.3f} / {server['first_token_cold_s']:.3f} s, warm "
        f"{local['first_token_warm_s']:.3f} / {server['first_token_warm_s']:.3f} s, new "
        f"paragraph {local['first_token_new_paragraph_s']:.3f} / "
        f"{server['first_token_new_paragraph_s']:.3f} s, of which the server's own "
        f"{_cases(own)}; the HTTP path adds at most {max(added.values()):+.3f} s "
        f"(target <= {FIRST_TOKEN_TARGET_S}); decode "
        f"{local['tokens_per_s']} / {server['tokens_per_s']} tok/s; max UI stall "
        f"{local['max_ui_stall_ms']} / {server['max_ui_stall_ms']} ms (target <= "
        f"{STALL_TARGET_MS:.0f}) -> {where}{noisy}"
    )
    return result
