"""What the benches that drive a real window share: resident memory, a MainWindow (offscreen)
set up with a draft written to a scratch folder, and running its event loop until something
holds. Each such bench runs in a child process, so its memory and Harper's and the model's
warm caches are its own."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def resident_mb(field: str = "VmRSS") -> float:
    """This process's resident memory (VmRSS), or its peak (VmHWM), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


class DraftWindow:
    """A MainWindow with its own settings folder and a draft file of `paragraphs`, shown but
    not yet opened (`open()` does that, so a bench can time it)."""

    def __init__(self, paragraphs: Sequence[str], live_on: bool, prefix: str) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        self._scratch = tempfile.TemporaryDirectory(prefix=prefix)
        os.environ["HUMANIZE_CONFIG_DIR"] = self._scratch.name
        from PySide6.QtWidgets import QApplication

        from app.ui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication([])
        self.draft = Path(self._scratch.name) / "draft.md"
        self.draft.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        window = MainWindow()
        window.settings.live_suggestions = live_on
        window.model.set_live(live_on)
        window.resize(1300, 850)
        window.show()
        self.window = window

    def open(self) -> None:
        self.window.session.open_file(self.draft, confirmed=True)

    def pump(self, condition: Callable[[], bool], limit_s: float, nap_s: float = 0.002) -> None:
        """Run the event loop until `condition()` holds or `limit_s` seconds have passed."""
        end = time.monotonic() + limit_s
        while not condition() and time.monotonic() < end:
            self.app.processEvents()
            time.sleep(nap_s)

    def wait_until_ready(self, limit_s: float = 300) -> None:
        """The model is loaded and the draft is loaded and checked."""
        window = self.window
        self.pump(lambda: window.model.service.ready and not window.session.is_loading
                  and window.review.settled and window.editor.document().blockCount() > 100,
                  limit_s)  # fmt: skip

    def close(self) -> None:
        self.window.editor.document().setModified(False)
        self.window.close()


class Heartbeat:
    """A precise timer in the GUI thread, started at once: `gaps` holds how late each beat
    came (ms), which is how long the GUI thread was kept from its events. `on_gap(gap)` is
    called after each beat."""

    def __init__(self, interval_ms: int, on_gap: Callable[[float], None] | None = None) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.interval_ms = interval_ms
        self.gaps: list[float] = []
        self._on_gap = on_gap
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = self._clock.elapsed()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._beat)
        self._timer.start()

    def _beat(self) -> None:
        now = self._clock.elapsed()
        gap = now - self._last - self.interval_ms
        self.gaps.append(gap)
        self._last = now
        if self._on_gap is not None:
            self._on_gap(gap)

    def stop(self) -> None:
        self._timer.stop()

    def stalls(self, over_ms: float) -> dict[str, float]:
        """The largest gap, the 99th percentile, and how many gaps were over `over_ms`."""
        gaps = sorted(self.gaps)
        return {
            "max_stall_ms": round(max(gaps, default=0), 1),
            "p99_stall_ms": round(gaps[int(0.99 * (len(gaps) - 1))], 1) if gaps else 0.0,
            "over": sum(g > over_ms for g in gaps),
        }
