"""Humanize's long-lived data and the interpreter's cycle collector.

The word data loaded at start-up (the syllable dictionary alone is ~130,000 entries of lists
of lists, then the lexicons, VADER's and the rules' word lists) are millions of objects the
cycle collector walks on every full collection: one such pass, in the middle of typing, held
the interpreter for ~260 ms (bench gauges, measured with gc.callbacks). None of it ever
becomes garbage, so once it is loaded it is frozen: moved to the collector's permanent
generation, which full passes skip. Frozen objects are still freed by reference counting
when the last reference goes; only a reference cycle among them would never be collected.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import sys
import time

log = logging.getLogger(__name__)


_frozen = False


def freeze_loaded_data() -> None:
    """Leave everything alive now out of future collections, once per process (call it when
    the word data is loaded; later, a window's objects would be frozen with it, and a cycle
    among them would outlive the window)."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    start = time.perf_counter()
    gc.freeze()
    log.debug("froze %d objects for the cycle collector in %.1f ms", gc.get_freeze_count(),
              (time.perf_counter() - start) * 1000)


# While typing, the full pass is left to the writer's pauses (app/ui/idle_collect.py): the
# collector starts one on its own only after this many middle-generation passes (Python's
# default is 10, about every 600 keystrokes in bench gauges; 100 is ten times rarer, and the
# refcounts free everything that is not a reference cycle in the meantime).
FULL_PASS_AFTER = 100


def leave_full_passes_to_pauses() -> None:
    young, middle, _old = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_PASS_AFTER)


# A pause runs a full pass once this many middle-generation passes happened since the last:
# Python's own default schedule, moved out of the typing (a pass is tens of milliseconds with
# the model's readings of a long draft in memory; on every pause it was a stall in bench soak).
DUE_AFTER = 10


def collect_if_due(due_after: int = DUE_AFTER) -> float | None:
    """A full pass if `due_after` middle-generation passes happened since the last; its ms.

    What survives the pass is frozen like the word data, so the next pass walks only what was
    made since. Without that, each pass walked everything the document had built up (its
    readings, measurements, findings and caches): in a 30-minute bench soak the passes took
    20-60 ms of their own, and up to 170 ms on two busy cores, and they were every GUI stall
    over 100 ms. Measured there with gc.callbacks, a pass finds 25-40 objects in reference
    cycles, and they are young ones, which this pass still collects. The price: an object that
    outlived a pass and later becomes part of a garbage cycle is never collected (reference
    counting frees everything else as usual); the soak's memory says that is rare."""
    if gc.get_count()[2] < due_after:
        return None
    start = time.perf_counter()
    gc.collect()
    gc.freeze()
    return (time.perf_counter() - start) * 1000


# Memory that native code (Harper, Qt, llama.cpp's small allocations) freed stays with glibc's
# allocator: each thread that allocates gets an arena of its own, and the free space inside an
# arena goes back to the system only when it happens to be at the top. malloc_trim(0) hands
# back every free page of every arena (madvise), without moving anything. A pause runs it at
# most once per TRIM_EVERY_S. Elsewhere (macOS, Windows, musl) there is nothing to call.
TRIM_EVERY_S = 30.0

_trim = None
_last_trim = float("-inf")


def _malloc_trim():
    global _trim
    if _trim is None:
        _trim = False
        if sys.platform.startswith("linux"):
            try:
                function = ctypes.CDLL(None).malloc_trim
            except (OSError, AttributeError):
                pass
            else:
                function.argtypes = [ctypes.c_size_t]
                function.restype = ctypes.c_int
                _trim = function
    return _trim or None


def return_free_memory(every_s: float = TRIM_EVERY_S) -> float | None:
    """Give the allocator's free pages back to the system, if the last time was at least
    `every_s` ago and the platform can; its ms, or None when it did not run."""
    global _last_trim
    trim = _malloc_trim()
    now = time.monotonic()
    if trim is None or now - _last_trim < every_s:
        return None
    _last_trim = now
    start = time.perf_counter()
    trim(0)  # ctypes lets go of the interpreter during the call
    return (time.perf_counter() - start) * 1000
