"""llama-cpp-python plumbing shared by the engine and the probe: importing it, forwarding its
log to Python logging, working around a CPU crash, picking a thread count, and loading a file
in a child process first when the app cannot afford to crash.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import multiprocessing
import os
import platform
import sys
import time
from collections import deque
from pathlib import Path

from app.llm.gguf import ModelFileError, read_gguf_metadata

__all__ = [
    "EngineError",
    "clear_native_errors",
    "last_native_error",
    "model_loading",
    "default_threads",
    "import_llama",
    "load_failure",
    "probe_model",
    "probe_once",
]


class EngineError(Exception):
    """The model engine cannot do what was asked; str() is a sentence for the writer."""


def default_threads() -> int:
    """CPU threads for llama.cpp, leaving room for the editor.

    ggml's worker threads spin while they wait for each other, so when every core is busy with
    llama.cpp and anything else wants the CPU (the editor thread, another program), generation
    collapses: measured on 2 cores, 2 threads gave ~45 tokens/s idle but 3-6 tokens/s beside
    one busy process, while 1 thread gave a steady 24-28. So: one core free up to 4 cores,
    about the physical cores above that, never more than 8.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        cores = os.cpu_count() or 2
    return max(1, cores - 1) if cores <= 4 else min(8, cores // 2)


_native_log = logging.getLogger("llama_cpp.native")
_native_errors: deque[tuple[int, str]] = deque(maxlen=8)  # recent (level, warning or error)
_log_callback = None  # kept referenced: llama.cpp holds only a raw pointer to it
# ggml log levels in this llama.cpp: 1 debug, 2 info, 3 warn, 4 error, 5 continuation.
# (llama-cpp-python's own callback still assumes the older numbering and prints warnings
# to stderr as errors even with verbose=False.)
_LEVELS = {1: logging.DEBUG, 2: logging.DEBUG, 3: logging.WARNING, 4: logging.ERROR}
# Warnings llama.cpp gives on every normal load of a supported model: not the writer's concern,
# so they are logged as debug detail instead of printed by `check` and --selftest.
# (The second: an adapter's tensors stay in plain CPU memory where the model's are repacked.)
_ROUTINE_WARNINGS = ("using full-size SWA cache", "cannot use buft")


# The packaged build's llama.cpp is built for the x86-64 AVX2 baseline (GGML_NATIVE=OFF, see
# packaging/README.md); on a processor without these it would die of an illegal instruction.
BUNDLE_CPU_FEATURES = ("avx", "avx2", "fma", "f16c")


MODEL_NICENESS = 5  # how much the model thread (and llama.cpp's threads it starts) yields


def yield_to_the_window() -> bool:
    """Lower the calling thread's scheduling priority (Linux: a thread has its own nice value,
    and the threads it starts, llama.cpp's workers among them, inherit it). On a two-core
    machine the model's threads took both cores and the window's thread waited its turn: GUI
    stalls of 100-150 ms in bench soak while the model read the draft. Returns whether it did."""
    if not sys.platform.startswith("linux"):
        return False
    import threading

    try:
        tid = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, tid)
        os.setpriority(os.PRIO_PROCESS, tid, min(19, current + MODEL_NICENESS))
    except OSError as exc:
        logging.getLogger(__name__).debug("could not lower the model thread's priority: %s",
                                          exc)
        return False
    return True


def missing_cpu_features(cpuinfo: Path = Path("/proc/cpuinfo")) -> tuple[str, ...]:
    """The instruction sets the packaged llama.cpp needs that this processor lacks.

    Only a packaged (frozen) build on x86-64 Linux is checked: a source install builds
    llama.cpp for the machine it runs on. () when unknown, so nothing is refused by mistake.
    """
    if not getattr(sys, "frozen", False) or platform.machine() not in ("x86_64", "AMD64"):
        return ()
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    flags = set(line.partition(":")[2].split())
    return tuple(f for f in BUNDLE_CPU_FEATURES if f not in flags) if flags else ()


def import_llama():
    """The llama_cpp package and its low-level module, with llama.cpp's log sent to logging
    (logger "llama_cpp.native"); EngineError when llama-cpp-python is missing or broken, or
    when this processor cannot run the packaged build's llama.cpp."""
    global _log_callback
    missing = missing_cpu_features()
    if missing:
        raise EngineError(
            "This processor lacks instructions the built-in model engine needs "
            f"({', '.join(m.upper() for m in missing)}; most PCs from 2015 on have them), so "
            "model suggestions are off. The rule-based suggestions and gauges work as usual."
        )
    try:
        import llama_cpp
        import llama_cpp.llama_cpp as low
    except (ImportError, OSError) as exc:
        raise EngineError(
            "The local model engine (llama-cpp-python) is missing or broken, so model "
            f"suggestions are off ({exc}). Reinstall it with: pip install llama-cpp-python"
        ) from None
    if _log_callback is None:

        @low.llama_log_callback
        def forward(level: int, text: bytes, _user_data) -> None:
            message = text.decode("utf-8", "replace").rstrip()
            if level == 3 and any(routine in message for routine in _ROUTINE_WARNINGS):
                level = 1
            if level in (3, 4) and message:
                _native_errors.append((level, message))
            _native_log.log(_LEVELS.get(level, logging.DEBUG), "%s", message)

        _log_callback = forward
        low.llama_log_set(forward, ctypes.c_void_p(0))
    return llama_cpp, low


def clear_native_errors() -> None:
    """Forget llama.cpp's earlier messages, before a call whose failure last_native_error
    should explain."""
    _native_errors.clear()


def last_native_error() -> str:
    """llama.cpp's latest error message since clear_native_errors ("" when none)."""
    errors = [message for level, message in _native_errors if level == 4]
    return errors[-1] if errors else ""


def _load_error_detail() -> str:
    """llama.cpp's own reason for a failed load, e.g. "tensor 'blk.18.attn_norm.weight' not
    found", from the log lines it wrote while loading."""
    for _, message in reversed(_native_errors):
        _, marker, reason = message.partition("error loading model: ")
        if marker:
            return reason.strip()
    return ""


def load_failure(path: Path, architecture: str, size: int, exc: Exception) -> str:
    detail = _load_error_detail()
    if detail:
        return (
            f"llama.cpp could not load {path.name}: {detail}. The file may be damaged, or "
            f"its architecture ({architecture}) needs a newer llama-cpp-python. Download it "
            "again, update llama-cpp-python, or pick another model (Model ▸ Choose model file…)."
        )
    errors = [message for level, message in _native_errors if level == 4]
    last = errors[-1] if errors else str(exc)
    return (
        f"llama.cpp could not load {path.name} ({last}). It may need more memory than is free "
        f"(the file alone is {size / 1e9:.1f} GB). Close other programs or pick a smaller model "
        "(Model ▸ Choose model file…)."
    )


@contextlib.contextmanager
def model_loading(llama_cpp, low):
    """Wrap a Llama(...) construction: collects llama.cpp's messages afresh (load_failure uses
    them) and loads without llama.cpp's extra CPU buffer types when the build uses Intel AMX.

    The AMX matrix-multiply path segfaults on the first evaluation of Q4_K models on some
    Sapphire Rapids machines (ggml-org/llama.cpp#20824, still open); the repacking it skips
    is a speed-up, not a requirement. llama-cpp-python has no argument for this, so the default
    model parameters are wrapped for the duration of the load (the engine thread is the only
    caller).
    """
    _native_errors.clear()
    fields = {name for name, *_ in low.llama_model_params._fields_}
    amx = b"AMX_INT8 = 1" in llama_cpp.llama_print_system_info()
    if not (amx and "use_extra_bufts" in fields):
        yield
        return
    original = low.llama_model_default_params

    def without_extra_buffers():
        params = original()
        params.use_extra_bufts = False
        return params

    low.llama_model_default_params = without_extra_buffers
    try:
        yield
    finally:
        low.llama_model_default_params = original


def _probe_child(path: str, threads: int, reply) -> None:
    try:
        llama_cpp, low = import_llama()
        with model_loading(llama_cpp, low):
            llm = llama_cpp.Llama(path, n_ctx=64, n_batch=16, n_threads=threads, verbose=False)
        llm.eval(llm.tokenize(b"Hello there", add_bos=True))
        llm.close()
        reply.send("")
    except Exception as exc:  # anything the child hits is reported, not raised
        reply.send(_load_error_detail() or str(exc) or type(exc).__name__)


def probe_model(path: Path, n_threads: int = 2, timeout: float = 120.0) -> float:
    """Load a model and evaluate two tokens in a child process; return the seconds it took.

    For files the writer picks (not the checksummed bundled model): if llama.cpp crashes on
    the file, the child dies instead of the app. Costs a process start plus one load: about
    1.2 s for Gemma 3 270M on 2 cores, of which ~0.5 s is starting Python and importing
    llama_cpp. The child is started with "spawn", so the app's entry module must guard its
    start-up with `if __name__ == "__main__"`, and a frozen app must call
    multiprocessing.freeze_support() first thing.
    """
    path = Path(path)
    started = time.perf_counter()
    read_gguf_metadata(path)  # the cheap checks first, without a process
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_probe_child, args=(str(path), n_threads, send), daemon=True)
    child.start()
    send.close()
    timed_out = False
    try:
        timed_out = not receive.poll(timeout)
        answer = None if timed_out else receive.recv()
    except EOFError:  # the child died before answering
        answer = None
    child.join(5 if answer is not None else 1)
    if child.is_alive():
        child.kill()
        child.join()
    if answer == "":
        return time.perf_counter() - started
    if answer is not None:
        raise ModelFileError(f"llama.cpp could not load {path.name}: {answer}")
    code = child.exitcode
    if timed_out or code is None:
        raise ModelFileError(
            f"Loading {path.name} did not finish within {timeout:.0f} s; it is probably too "
            "big for this computer. Pick a smaller model (Model ▸ Choose model file…)."
        )
    if code < 0 or code >= 0xC0000000:  # a signal on POSIX, an NTSTATUS exception on Windows
        raise ModelFileError(
            f"llama.cpp crashed while trying {path.name} (exit code {code}), so Humanize will "
            "not load it. The file may be damaged or need a newer llama-cpp-python."
        )
    raise EngineError(f"The separate process that checks {path.name} failed (exit code {code}).")


PROBED_FILE = "probed.json"  # in the model folder: {resolved path: [size, mtime_ns]}


def probe_once(path: Path, n_threads: int = 2) -> bool:
    """probe_model for a file the writer picked, unless this very file passed before.

    "This very file" is its resolved path with the same size and modification time, recorded
    in the model folder after a probe succeeds, so the ~1 s probe is paid once per file, not
    at every start. Returns True when it probed; raises what probe_model raises.
    """
    from app.llm.model_store import models_dir

    path = Path(path)
    read_gguf_metadata(path)  # a missing or malformed file gets its own message first
    stat = path.stat()
    key, stamp = str(path.resolve()), [stat.st_size, stat.st_mtime_ns]
    record_path = models_dir() / PROBED_FILE
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    if not isinstance(record, dict):
        record = {}
    if record.get(key) == stamp:
        return False
    probe_model(path, n_threads)
    record[key] = stamp
    # Losing the record only costs one more probe, so a plain write is enough.
    with contextlib.suppress(OSError):
        record_path.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return True
