"""Measuring many lines off the GUI thread for LiveAnalysis: the job, the worker that lives in
its own thread, and what stops that thread whichever way the window goes."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from app.core.analysis.incremental import ParagraphMeasurer
from app.ui.threads import ThreadStopper

__all__ = ["BATCH_LINES", "BulkJob", "BulkWorker", "ThreadStopper", "batch_runs"]

BATCH_LINES = 500  # lines per batch a bulk job hands back


@dataclass(frozen=True, slots=True)
class BulkJob:
    """Lines for the worker: runs of consecutive lines as (first line, texts)."""

    job_id: int
    runs: tuple[tuple[int, tuple[str, ...]], ...]
    cancel: threading.Event

    @property
    def line_count(self) -> int:
        return sum(len(texts) for _, texts in self.runs)


def batch_runs(pending: Sequence[tuple[int, str]], size: int) -> list[tuple[int, tuple[str, ...]]]:
    """Consecutive (index, text) pairs grouped into runs of at most `size` lines."""
    runs: list[tuple[int, tuple[str, ...]]] = []
    first = -1
    texts: list[str] = []
    for index, text in pending:
        if texts and (index != first + len(texts) or len(texts) >= size):
            runs.append((first, tuple(texts)))
            texts = []
        if not texts:
            first = index
        texts.append(text)
    if texts:
        runs.append((first, tuple(texts)))
    return runs


class BulkWorker(QObject):
    """Measures lines in its own thread. Owns the measurer it uses (VADER is not shared)."""

    batch_measured = Signal(int, int, object, object)  # job id, first line, texts, metrics
    job_finished = Signal(int)
    warmed_up = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._measurer: ParagraphMeasurer | None = None

    @Slot()
    def warm_up(self) -> None:
        """Load the word data (the syllable dictionary takes seconds) here, not in the GUI."""
        if self._measurer is None:
            self._measurer = ParagraphMeasurer()
        self._measurer.measure("Warm up the readability and sentiment data, please.")
        self.warmed_up.emit()

    @Slot(object)
    def run(self, job: BulkJob) -> None:
        if self._measurer is None:
            self._measurer = ParagraphMeasurer()
        measure = self._measurer.measure
        for first, texts in job.runs:
            metrics = []
            for text in texts:
                # Checked per line, so a shutdown waits for one paragraph, not one batch.
                if job.cancel.is_set():
                    self.job_finished.emit(job.job_id)
                    return
                metrics.append(measure(text))
            self.batch_measured.emit(job.job_id, first, texts, tuple(metrics))
        self.job_finished.emit(job.job_id)
