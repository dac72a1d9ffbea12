"""The local model on two threads: load time, time to first token, decode speed inside the app's
model worker against a bare llama-cpp-python loop, GUI stalls while a suggestion is generated,
and peak memory. Writes bench/results/llm.json.

Everything runs the way the app runs it: the bundled Gemma 3 270M in ModelService's model
thread (an offscreen QApplication, the GUI thread idle in its event loop unless said otherwise),
one model loaded, n_threads=N_THREADS. The worker Engine's load and stream are wrapped (in the
model thread) to time the load and to record every candidate's GenerationStats. The model file
is assembled first, outside every timing (the per-user copy when it is ready, else into a
temporary folder), and llama_cpp is imported before the load is timed. In this order:

1. Cold load: Engine.load, the first model this process loads. The file is in the page cache
   after assembly, so this is a cold start of the engine, not of the disk.
2. Time to first token, GenerationStats.first_token_seconds (the stream call to its first piece
   of text) of one-candidate suggestions for a machine-sounding paragraph: cold is the first
   request after the load; fresh cache the same after dropping the cache (median of REPEATS);
   warm the same paragraph again (every prompt token but the last is reused); new paragraph the
   other paragraphs in the same tone (the instruction and examples are reused).
3. Decode: 3-candidate suggestions, DECODE_RUNS per paragraph; right after the worker draws a
   candidate, the wrapper draws it again with a bare llama-cpp-python loop, Llama.generate() on
   the same Llama (created by Engine.load inside runtime.model_loading): the same cached
   prompt, seed, sampler settings and token count; no detokenizing, no stop checks, no
   callbacks, no signals. Rate = (tokens - 1) / seconds from the first token to the last, as
   GenerationStats defines it, summed over the candidates; each candidate's fastest draw counts
   on each side, since a busy neighbour process slows two threads on two cores several times
   over (every run's rates, the median of the adjacent worker/bare ratios and the other
   processes' CPU use are in the JSON).
4. UI stalls: a PreciseTimer heartbeat ticks every HEARTBEAT_MS in the GUI thread, first idle
   (the timer's own jitter), then while the worker generates 3 candidates for a new paragraph
   and for a new tone (the whole prompt evaluated). A stall is the largest gap between ticks
   minus the interval.

Peak memory is /proc/self/status VmHWM, reset (clear_refs) when this bench starts; ru_maxrss
(the whole process, so any bench run before this one too) is reported beside it.
"""

from __future__ import annotations

import cProfile
import inspect
import os
import pstats
import re
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import machine_info, write_results

RESULTS = Path(__file__).resolve().parent / "results" / "llm.json"
N_THREADS = 2
TONE = "Natural"
CANDIDATES = 3
REPEATS = 3  # first-token samples per case
DECODE_RUNS = 3  # suggestions per paragraph; each candidate's fastest draw counts
HEARTBEAT_MS = 5
IDLE_HEARTBEAT_S = 0.5
JOB_TIMEOUT_S = 120.0
STALL_TARGET_MS = 16.0

PARAGRAPHS = (
    "It is important to note that the implementation of the new scheduling system plays a "
    "crucial role in the optimization of team workflows. In order to leverage its full "
    "potential, stakeholders are required to ensure that all relevant information is submitted "
    "in a timely manner.",
    "The utilization of the updated reporting framework facilitates a more comprehensive "
    "understanding of quarterly performance metrics. It should be noted that all departments "
    "are expected to adhere to the revised guidelines going forward.",
    "Due to the fact that the server migration was not able to be completed within the "
    "designated timeframe, it has been decided that the launch will be postponed. Further "
    "updates will be communicated in due course.",
)


def _proc_status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            match = re.search(rf"^{field}:\s+(\d+) kB", status.read(), re.MULTILINE)
    except OSError:
        return None
    return round(int(match.group(1)) / 1024, 1) if match else None


def _reset_peak_rss() -> bool:
    """Make VmHWM start again from the current RSS (Linux 4.0 and later)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def _ru_maxrss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if os.uname().sysname == "Darwin" else 1024), 1)


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


class _Neighbours:
    """CPU used by other processes since start, in cores: contention that skews the timings
    (2 llama.cpp threads on 2 cores slow down several times beside one busy process)."""

    def __init__(self) -> None:
        self.start = self._sample()

    @staticmethod
    def _sample() -> tuple[float, float, float] | None:
        try:
            with open("/proc/stat", encoding="ascii") as stat:
                fields = [int(v) for v in stat.readline().split()[1:9]]
        except (OSError, ValueError):
            return None
        busy = sum(fields) - fields[3] - fields[4]  # all but idle and iowait
        own = os.times()
        return busy / os.sysconf("SC_CLK_TCK"), own.user + own.system, time.monotonic()

    def cores(self) -> float | None:
        end = self._sample()
        if self.start is None or end is None or end[2] <= self.start[2]:
            return None
        busy, own, wall = (b - a for a, b in zip(self.start, end, strict=True))
        return round(max(0.0, busy - own) / wall, 2)


def _rate(pairs: list[tuple[int, float]]) -> float:
    """Tokens per second over (tokens, seconds from the first token to the last) pairs."""
    tokens = sum(n - 1 for n, s in pairs if n > 1 and s > 0)
    seconds = sum(s for n, s in pairs if n > 1 and s > 0)
    return tokens / seconds if seconds else 0.0


def _one_rate(pair: tuple[int, float]) -> float:
    return _rate([pair])


def _worker_pair(draw) -> tuple[int, float]:
    return draw.stats.generated_tokens, draw.stats.generation_seconds


def _bare_pair(draw) -> tuple[int, float]:
    return draw.stats.generated_tokens, draw.bare_seconds or 0.0


@dataclass(frozen=True, slots=True)
class _Draw:
    seed: int
    stats: object  # GenerationStats
    text: str  # what the worker's stream yielded
    bare_seconds: float | None  # the bare loop's seconds for as many tokens (None: no replay)
    bare_text: str


class _Recorder:
    """Wraps the worker Engine's stream, which runs in the model thread: each candidate drawn
    leaves a _Draw. With replay on, the same candidate is drawn again at once by a bare
    generate() loop on the same Llama: the same cached prompt, seed, sampler and token count."""

    def __init__(self, engine, sampling: dict, profiler: cProfile.Profile | None) -> None:
        self.engine, self.sampling, self.profiler = engine, sampling, profiler
        self.draws: list[_Draw] = []
        self.replay = False  # draw each candidate again with the bare loop (and profile)
        self.drop_cache = False  # before the next candidate: its whole prompt is evaluated
        self.load_seconds = 0.0
        self._stream, self._load = engine.stream, engine.load
        engine.stream, engine.load = self._recording, self._timed_load

    def _timed_load(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self._load(*args, **kwargs)
        finally:
            self.load_seconds = time.perf_counter() - started

    def _recording(self, prompt, **kwargs):
        if self.drop_cache:
            self.drop_cache = False
            self.engine._llm.reset()
        pieces: list[str] = []
        inner = self._stream(prompt, **kwargs)
        profiler = self.profiler if self.replay else None
        if profiler is not None:
            profiler.enable()
        try:
            for piece in inner:
                pieces.append(piece)
                yield piece
        finally:
            if profiler is not None:
                profiler.disable()
            inner.close()
        stats, seed = self.engine.last_stats, kwargs.get("seed") or 0
        bare_seconds, bare_text = None, ""
        if self.replay and stats.finish != "cancelled" and stats.generated_tokens > 1:
            llm = self.engine._llm
            bare_seconds, tokens = _bare_draw(
                llm, self.engine.tokenize(prompt), seed, stats, self.sampling
            )
            bare_text = llm.detokenize(tokens).decode("utf-8", "replace").split("\n")[0]
        self.draws.append(_Draw(seed, stats, "".join(pieces), bare_seconds, bare_text))


def _bare_draw(llm, tokens: list[int], seed: int, stats, sampling: dict):
    """Draw a candidate again with a bare generate() loop, straight after the engine drew it
    (so the prompt is cached); returns the seconds from its first token to its last, and the
    tokens."""
    llm.n_tokens = len(tokens) - 1  # as Engine does: keep all but the last prompt token
    llm.eval(tokens[-1:])
    want = stats.generated_tokens + (stats.finish == "eos")  # the engine samples EOS too
    llm.set_seed(seed)
    produced: list[int] = []
    first = 0.0
    sampler = llm.generate(tokens, **sampling)
    for token in sampler:
        produced.append(token)
        first = first or time.perf_counter()
        if len(produced) >= want:
            break
    sampler.close()
    return time.perf_counter() - first, produced[: stats.generated_tokens]


def run(profile: bool = False) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.llm.engine import Engine
    from app.llm.model_store import bundled_model_ready, ensure_bundled_model
    from app.llm.runtime import import_llama
    from app.llm.worker import ModelConfig, ModelService

    load_before = _loadavg()
    run_neighbours = _Neighbours()
    rss_start = _proc_status_mb("VmRSS")
    peak_reset = _reset_peak_rss()

    # The model file, outside every timing.
    scratch = None
    started = time.perf_counter()
    path = bundled_model_ready()
    if path is not None:
        source = "per-user models folder"
    else:
        scratch = tempfile.TemporaryDirectory(prefix="humanize-bench-")
        path = ensure_bundled_model(Path(scratch.name))
        source = "assembled into a temporary folder"
    assemble_s = time.perf_counter() - started

    llama_was_imported = "llama_cpp" in sys.modules
    started = time.perf_counter()
    import_llama()
    import_s = time.perf_counter() - started

    app = QApplication.instance() or QApplication([])
    service = ModelService()
    engine = getattr(getattr(service, "_worker", None), "_engine", None)
    if not isinstance(engine, Engine):
        raise RuntimeError("ModelService no longer keeps its Engine at _worker._engine")
    stream_defaults = inspect.signature(Engine.stream).parameters
    sampling = {  # what Engine.stream passes to generate(); top_k and min_p are fixed there
        "temp": stream_defaults["temperature"].default,
        "top_p": stream_defaults["top_p"].default,
        "repeat_penalty": stream_defaults["repeat_penalty"].default,
        "top_k": 40,
        "min_p": 0.05,
    }
    profiler = cProfile.Profile() if profile else None
    recorder = _Recorder(engine, sampling, profiler)
    first_piece_at: dict[int, float] = {}
    service.pieces.connect(
        lambda job_id, *_: first_piece_at.setdefault(job_id, time.perf_counter())
    )

    def until(*watch) -> list:
        """Run the GUI event loop until one of the (signal, accept) pairs in watch carries
        arguments its accept() takes; returns them ([] on time-out)."""
        loop = QEventLoop()
        got: list = []
        slots = []
        for signal, accept in watch:

            def on_signal(*args, accept=accept) -> None:
                if not got and accept(*args):
                    got.extend(args)
                    loop.quit()

            signal.connect(on_signal)
            slots.append((signal, on_signal))
        timeout = QTimer()
        timeout.setSingleShot(True)
        timeout.timeout.connect(loop.quit)
        timeout.start(int(JOB_TIMEOUT_S * 1000))
        loop.exec()
        timeout.stop()
        for signal, on_signal in slots:
            signal.disconnect(on_signal)
        return got

    def generate(text: str, tone: str = TONE, candidates: int = CANDIDATES) -> tuple[float, float]:
        """One suggestion; returns the seconds to its result and to its first text in the GUI
        thread. The candidates' draws are in recorder.draws."""
        recorder.draws.clear()
        began = time.perf_counter()
        job = service.request(text, tone, candidates=candidates)
        done = until(
            (service.finished, lambda result: result.job_id == job),
            (service.failed, lambda job_id, _: job_id == job),
        )
        if len(done) != 1:
            raise RuntimeError(f"the model worker did not finish the job: {done or 'timed out'}")
        return time.perf_counter() - began, first_piece_at.get(job, began) - began

    def first_token(text: str) -> tuple[float, int]:
        generate(text, candidates=1)
        stats = recorder.draws[0].stats
        return stats.first_token_seconds, stats.reused_tokens

    # 1. Cold load.
    started = time.perf_counter()
    service.load(ModelConfig(path=str(path), n_threads=N_THREADS))
    loaded = until((service.state_changed, lambda state, _: state in ("ready", "failed")))
    worker_load_s = time.perf_counter() - started
    if not loaded or loaded[0] != "ready":
        raise RuntimeError(f"the model worker did not load the model: {loaded or 'timed out'}")
    model = engine.model
    cold_load_s = recorder.load_seconds

    # 2. Time to first token.
    first_token_neighbours = _Neighbours()
    cold_s, _ = first_token(PARAGRAPHS[0])
    prompt_tokens = recorder.draws[0].stats.prompt_tokens
    fresh = []
    for _ in range(REPEATS):
        recorder.drop_cache = True
        fresh.append(first_token(PARAGRAPHS[0])[0])
    warm = [first_token(PARAGRAPHS[0]) for _ in range(REPEATS)]
    other = []
    for text in PARAGRAPHS[1:]:
        first_token(PARAGRAPHS[0])  # the cache holds the first paragraph's prompt again
        other.append(first_token(text))
    shared_prefix = min(reused for _, reused in other)
    first_token_busy = first_token_neighbours.cores()

    # 3. Decode: the worker's candidates, each drawn again at once by the bare loop.
    decode_neighbours = _Neighbours()
    recorder.replay = True
    by_candidate: dict[tuple[int, int], list[_Draw]] = {}
    decode_runs = []
    for paragraph, text in enumerate(PARAGRAPHS):
        for _ in range(DECODE_RUNS):
            generate(text)
            for draw in recorder.draws:
                by_candidate.setdefault((paragraph, draw.seed), []).append(draw)
            decode_runs.append({
                "worker": round(_rate([_worker_pair(d) for d in recorder.draws]), 1),
                "bare": round(_rate([_bare_pair(d) for d in recorder.draws]), 1),
            })  # fmt: skip
    recorder.replay = False
    decode_busy = decode_neighbours.cores()
    all_draws = [d for draws in by_candidate.values() for d in draws]
    # Each candidate's fastest draw on each side: a neighbour's burst hits one draw, not all.
    worker_best = [max(map(_worker_pair, draws), key=_one_rate) for draws in by_candidate.values()]
    bare_best = [max(map(_bare_pair, draws), key=_one_rate) for draws in by_candidate.values()]
    worker_tps, bare_tps = _rate(worker_best), _rate(bare_best)
    ratio = worker_tps / bare_tps if bare_tps else 0.0
    pair_ratios = [
        _one_rate(_worker_pair(d)) / _one_rate(_bare_pair(d))
        for d in all_draws
        if _one_rate(_bare_pair(d))
    ]
    generated = [draws[0].stats.generated_tokens for draws in by_candidate.values()]
    same_text = sum(d.bare_text.strip() == d.text.strip() for d in all_draws)

    # 4. GUI stalls.
    ticks: list[float] = []
    beat = QTimer()
    beat.setTimerType(Qt.TimerType.PreciseTimer)
    beat.setInterval(HEARTBEAT_MS)
    beat.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def stalls_ms() -> list[float]:
        return [(b - a) * 1000 - HEARTBEAT_MS for a, b in zip(ticks, ticks[1:], strict=False)]

    stall_neighbours = _Neighbours()
    beat.start()
    idle_loop = QEventLoop()
    QTimer.singleShot(int(IDLE_HEARTBEAT_S * 1000), idle_loop.quit)
    idle_loop.exec()
    idle = stalls_ms()
    stall_jobs = []
    busy: list[float] = []
    stall_pairs = []
    # A new paragraph in the same tone (its instruction and examples are cached), then a new
    # tone (the whole prompt is evaluated).
    for tone, text in ((TONE, PARAGRAPHS[1]), ("Warm", PARAGRAPHS[0])):
        ticks.clear()
        seconds, first_text_s = generate(text, tone)
        job_stalls = stalls_ms()
        busy += job_stalls
        stall_pairs += [_worker_pair(d) for d in recorder.draws]
        stall_jobs.append({
            "tone": tone,
            "seconds": round(seconds, 3),
            "first_text_in_gui_s": round(first_text_s, 3),
            "ticks": len(ticks),
            "max_stall_ms": round(max(job_stalls, default=0.0), 2),
        })  # fmt: skip
    beat.stop()
    stall_busy = stall_neighbours.cores()
    peak_rss = _proc_status_mb("VmHWM")
    service.shutdown()
    app.processEvents()
    if scratch is not None:
        scratch.cleanup()

    max_stall = max(busy, default=0.0)
    sorted_busy = sorted(busy)
    p99_stall = sorted_busy[min(len(busy) - 1, round(0.99 * (len(busy) - 1)))] if busy else 0.0
    result: dict[str, object] = {
        "cold_load_s": round(cold_load_s, 3),
        "first_token_cold_s": round(cold_s, 3),
        "first_token_warm_s": round(statistics.median(s for s, _ in warm), 4),
        "worker_tokens_per_s": round(worker_tps, 2),
        "bare_tokens_per_s": round(bare_tps, 2),
        "decode_ratio": round(ratio, 3),
        "max_ui_stall_ms": round(max_stall, 2),
        "peak_rss_mb": peak_rss if peak_reset else _ru_maxrss_mb(),
        "model": model.name,
        "model_file": path.name,
        "model_source": source,
        "n_threads": N_THREADS,
        "prompt_tokens": prompt_tokens,
        "prompt_shared_prefix_tokens": shared_prefix,
        "paragraph_tokens": prompt_tokens - shared_prefix,
        "generated_tokens": sum(generated),
        "generated_per_candidate": generated,
        "decode_measured_from": "worker GenerationStats per candidate (wrapped Engine.stream)",
        "decode_ratio_pair_median": round(statistics.median(pair_ratios), 3) if pair_ratios else 0,
        "decode_runs": decode_runs,
        "bare_same_text": f"{same_text}/{len(all_draws)}",
        "first_token_fresh_cache_s": round(statistics.median(fresh), 3),
        "first_token_warm_reused_tokens": warm[0][1],
        "first_token_new_paragraph_s": round(statistics.median(s for s, _ in other), 3),
        "worker_tokens_per_s_with_heartbeat": round(_rate(stall_pairs), 2),
        "ui_stall_p99_ms": round(p99_stall, 2),
        "ui_stalls_over_16_ms": sum(s > STALL_TARGET_MS for s in busy),
        "ui_ticks": sum(job["ticks"] for job in stall_jobs),
        "idle_max_ui_stall_ms": round(max(idle, default=0.0), 2),
        "stall_jobs": stall_jobs,
        "heartbeat_ms": HEARTBEAT_MS,
        "engine_load_s": round(model.load_seconds, 3),  # Engine's own figure: Llama() only
        "worker_load_s": round(worker_load_s, 3),
        "llama_import_s": round(import_s, 3),
        "llama_imported_before": llama_was_imported,
        "assemble_s": round(assemble_s, 3),
        "peak_rss_source": "VmHWM over this bench" if peak_reset else "ru_maxrss",
        "rss_at_start_mb": rss_start,  # more when another bench ran first in this process
        "peak_rss_above_start_mb": round(peak_rss - rss_start, 1) if peak_reset else None,
        "process_ru_maxrss_mb": _ru_maxrss_mb(),
        "other_processes_cpu_cores": {
            "whole_run": run_neighbours.cores(),
            "first_token": first_token_busy,
            "decode": decode_busy,
            "ui_stalls": stall_busy,
        },
        "loadavg_1m_before": load_before,
        "loadavg_1m_after": _loadavg(),
        "machine": machine_info(),
    }

    busy_cores = result["other_processes_cpu_cores"]["whole_run"]
    noisy = (
        f" [other processes used {busy_cores:.1f} of {os.cpu_count()} cores: timings skewed]"
        if busy_cores and busy_cores > 0.1
        else ""
    )
    where = write_results(RESULTS, result)
    print(
        f"llm: {model.name} on {N_THREADS} threads, cold load {cold_load_s:.2f} s, first token"
        f" cold {cold_s:.2f} s / warm {result['first_token_warm_s']:.3f} s"
        f" ({prompt_tokens}-token prompt), decode worker {worker_tps:.1f} vs bare"
        f" {bare_tps:.1f} tok/s = {ratio:.2f} (target >= 0.95), max UI stall {max_stall:.1f} ms"
        f" (target <= 16), peak RSS {result['peak_rss_mb']:.0f} MB -> {where}{noisy}"
    )
    if profiler:
        print("model thread, decode rounds:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return result
