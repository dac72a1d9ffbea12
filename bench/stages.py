"""Where a keystroke's time goes: wrap the functions of each stage of the pipeline, time them
exclusively (a stage's own time, without the stages it calls), and read the totals per
keystroke. The rest of the time, from the key event to the frame painted, is the editor's own
work on the change (Qt inserting the character, laying out the line, signals)."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable


class StageTimer:
    def __init__(self) -> None:
        self._stack: list[float] = []
        self.totals: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self._patched: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, name: str, stage: str) -> None:
        """Time every call of owner.name as `stage` (patch before the objects are made)."""
        original = getattr(owner, name)
        timer = self

        def timed(*args, **kwargs):
            start = time.perf_counter()
            timer._stack.append(0.0)
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                inner = timer._stack.pop()
                timer.totals[stage] += elapsed - inner
                timer.calls[stage] += 1
                if timer._stack:
                    timer._stack[-1] += elapsed

        timed.__name__ = getattr(original, "__name__", name)
        setattr(owner, name, timed)
        self._patched.append((owner, name, original))

    def take(self) -> tuple[dict[str, float], Counter[str]]:
        """Milliseconds and calls per stage since the last take."""
        totals = {stage: seconds * 1000 for stage, seconds in self.totals.items()}
        calls = Counter(self.calls)
        self.totals.clear()
        self.calls.clear()
        return totals, calls

    def restore(self) -> None:
        for owner, name, original in reversed(self._patched):
            setattr(owner, name, original)
        self._patched.clear()


def percentiles(samples: list[dict[str, float]], stages: list[str],
                pick: Callable[[list[float], float], float]) -> dict[str, dict[str, float]]:
    return {stage: {"p50": round(pick([s.get(stage, 0.0) for s in samples], 0.5), 3),
                    "p95": round(pick([s.get(stage, 0.0) for s in samples], 0.95), 3)}
            for stage in stages}
