"""The model's thread: one worker object, moved to its own QThread, creates, owns and closes
the Engine. Requests arrive by queued signals; text, results and errors leave by signals tagged
with the job id. Cancelling is a threading.Event per job that the GUI thread sets directly (a
queued "cancel" would wait behind the generation it means to stop).
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from app.llm.engine import Engine, EngineError
from app.llm.gguf import ModelFileError
from app.llm.model_store import ensure_bundled_model
from app.llm.rewriter import Rewriter, Rewrites
from app.llm.runtime import default_threads, probe_once

log = logging.getLogger(__name__)

PIECE_INTERVAL_S = 0.05  # streamed text reaches the GUI in batches at most this often
RATE_INTERVAL_S = 0.5  # how often the status bar hears the generation speed


@dataclass(frozen=True, slots=True)
class ModelConfig:
    path: str = ""  # "" = the bundled default model
    n_threads: int = 0  # 0 = chosen for this CPU
    n_ctx: int = 2048
    n_gpu_layers: int = 0


@dataclass(frozen=True, slots=True)
class RewriteJob:
    job_id: int
    text: str
    tone: str
    candidates: int = 3
    examples: tuple[tuple[str, str], ...] = ()
    context: str = ""
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)


@dataclass(frozen=True, slots=True)
class JobResult:
    job_id: int
    rewrites: Rewrites
    model_name: str
    seconds: float


class ModelWorker(QObject):
    """Lives in the model thread; nothing else touches its Engine."""

    state_changed = Signal(str, str)  # state, detail: see ModelService.state
    progress = Signal(float)
    pieces = Signal(int, int, str)  # job id, candidate, text since the last batch
    finished = Signal(object)  # JobResult
    failed = Signal(int, str)  # job id, message for the writer

    def __init__(self) -> None:
        super().__init__()
        self._engine = Engine()
        self._rewriter: Rewriter | None = None

    @Slot(object)
    def load(self, config: ModelConfig) -> None:
        try:
            if config.path:
                path = Path(config.path)
                # A file the writer picked loads in a child process first (once per file), so
                # one that crashes llama.cpp takes the child down, not the app.
                self.state_changed.emit("loading", path.name)
                probe_once(path, config.n_threads or default_threads())
            else:
                self.state_changed.emit("assembling", "")
                path = ensure_bundled_model(progress=self.progress.emit)
            self.state_changed.emit("loading", path.name)
            started = time.perf_counter()
            model = self._engine.load(
                path, config.n_threads or None, config.n_ctx, config.n_gpu_layers
            )
        except (ModelFileError, EngineError, OSError) as exc:
            self._rewriter = None
            log.warning("The model could not be loaded: %s", exc)
            self.state_changed.emit("failed", str(exc))
            return
        log.info("Model ready: %s from %s in %.2f s (%d threads)", model.name, path,
                 time.perf_counter() - started, model.n_threads)
        self._rewriter = Rewriter(self._engine)
        self.state_changed.emit("ready", model.name)

    @Slot(object)
    def rewrite(self, job: RewriteJob) -> None:
        if job.cancel.is_set():
            return
        if self._rewriter is None:
            self.failed.emit(job.job_id, "No model is loaded.")
            return
        started = time.perf_counter()
        buffer: list[str] = []
        last = [time.perf_counter(), 0]
        rate = [0, time.perf_counter(), time.perf_counter()]  # pieces, since, last shown

        def on_piece(candidate: int, text: str) -> None:
            if candidate != last[1]:
                flush()
                last[1] = candidate
            buffer.append(text)
            rate[0] += 1  # the engine yields about one piece per token
            if time.perf_counter() - last[0] >= PIECE_INTERVAL_S:
                flush()

        def flush() -> None:
            if buffer:
                self.pieces.emit(job.job_id, last[1], "".join(buffer))
                buffer.clear()
            now = time.perf_counter()
            last[0] = now
            if now - rate[2] >= RATE_INTERVAL_S and now > rate[1]:
                self.state_changed.emit("generating", f"{rate[0] / (now - rate[1]):.0f} tok/s")
                rate[2] = now

        self.state_changed.emit("generating", "")
        try:
            rewrites = self._rewriter.rewrite(
                job.text, job.tone, candidates=job.candidates, examples=job.examples,
                context=job.context, cancel=job.cancel, on_piece=on_piece,
            )  # fmt: skip
        except (EngineError, ValueError, RuntimeError) as exc:
            self.failed.emit(job.job_id, str(exc))
            self.state_changed.emit("ready", self._engine.model.name if self._engine.model else "")
            return
        flush()
        model = self._engine.model
        name = model.name if model else ""
        detail = f"{rewrites.tokens_per_second:.0f} tok/s" if rewrites.tokens_per_second else ""
        self.state_changed.emit("ready", detail)  # first, so a result finds the model idle
        if not rewrites.cancelled:
            self.finished.emit(
                JobResult(job.job_id, rewrites, name, time.perf_counter() - started)
            )

    @Slot()
    def close(self) -> None:
        self._rewriter = None
        self._engine.close()


def _thread_stopper(thread: QThread, jobs: dict[int, RewriteJob]):
    def stop(*_args: object) -> None:
        for job in jobs.values():
            job.cancel.set()
        if thread.isRunning():
            thread.quit()
            thread.wait()

    return stop


class ModelService(QObject):
    """The GUI thread's handle on the model thread.

    state: "off" (not started), "assembling" (first run: building the bundled file), "loading",
    "ready", "generating", "failed" (detail says why, naming the file and the fix).
    """

    state_changed = Signal(str, str)
    progress = Signal(float)
    pieces = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(int, str)
    _load_requested = Signal(object)
    _rewrite_requested = Signal(object)
    _close_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "off"
        self.detail = ""
        self.model_name = ""
        self._ids = itertools.count(1)
        self._jobs: dict[int, RewriteJob] = {}
        self._thread = QThread(self)
        self._thread.setObjectName("model")
        self._worker = ModelWorker()
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._load_requested.connect(self._worker.load)
        self._rewrite_requested.connect(self._worker.rewrite)
        self._close_requested.connect(
            self._worker.close, Qt.ConnectionType.BlockingQueuedConnection
        )
        self._worker.state_changed.connect(self._on_state)
        self._worker.progress.connect(self.progress)
        self._worker.pieces.connect(self._on_pieces)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        app = QCoreApplication.instance()
        if app is not None:  # no thread outlives the application, whatever closes it
            app.aboutToQuit.connect(self.shutdown)
        # A window deleted without being closed still stops the thread (Qt aborts otherwise).
        self.destroyed.connect(_thread_stopper(self._thread, self._jobs))

    @property
    def ready(self) -> bool:
        return self.state in ("ready", "generating")

    def load(self, config: ModelConfig) -> None:
        """Load (or switch to) a model; pending requests are cancelled first."""
        self.cancel_all()
        if not self._thread.isRunning():
            self._thread.start()
        self._load_requested.emit(config)

    def request(
        self, text: str, tone: str, candidates: int = 3,
        examples: tuple[tuple[str, str], ...] = (), context: str = "",
    ) -> int:  # fmt: skip
        job = RewriteJob(next(self._ids), text, tone, candidates, examples, context)
        self._jobs[job.job_id] = job
        self._rewrite_requested.emit(job)
        return job.job_id

    def cancel(self, job_id: int) -> None:
        job = self._jobs.pop(job_id, None)
        if job is not None:
            job.cancel.set()

    def cancel_all(self) -> None:
        for job_id in list(self._jobs):
            self.cancel(job_id)

    def is_pending(self, job_id: int) -> bool:
        return job_id in self._jobs

    def shutdown(self) -> None:
        """Cancel, close the model in its own thread, stop the thread, wait for it."""
        self.cancel_all()
        if self._thread.isRunning():
            self._close_requested.emit()
            self._thread.quit()
            self._thread.wait()

    def _on_state(self, state: str, detail: str) -> None:
        if state == "ready" and not self.model_name:
            self.model_name = detail
        if state == "loading":
            self.model_name = ""
        self.state, self.detail = state, detail
        self.state_changed.emit(state, detail)

    def _on_pieces(self, job_id: int, candidate: int, text: str) -> None:
        if job_id in self._jobs:
            self.pieces.emit(job_id, candidate, text)

    def _on_finished(self, result: JobResult) -> None:
        if self._jobs.pop(result.job_id, None) is not None:
            self.finished.emit(result)

    def _on_failed(self, job_id: int, message: str) -> None:
        if self._jobs.pop(job_id, None) is not None:
            self.failed.emit(job_id, message)
