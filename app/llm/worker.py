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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from app.llm import humanizer
from app.llm.engine import Engine, EngineError
from app.llm.gguf import ModelFileError
from app.llm.model_store import ensure_bundled_model
from app.llm.reading import Reader, ReadJob
from app.llm.rewriter import Rewriter, Rewrites, can_write
from app.llm.runtime import default_threads, probe_once, yield_to_the_window

if TYPE_CHECKING:
    from app.llm.server_engine import ServerEngine

log = logging.getLogger(__name__)

PIECE_INTERVAL_S = 0.05  # streamed text reaches the GUI in batches at most this often
RATE_INTERVAL_S = 0.5  # how often the status bar hears the generation speed


@dataclass(frozen=True, slots=True)
class ModelConfig:
    path: str = ""  # "" = the bundled default model
    n_threads: int = 0  # 0 = chosen for this CPU
    n_ctx: int = 2048
    n_gpu_layers: int = 0
    use_adapter: bool = True  # Humanize's rewriter adapter, with the built-in model
    # A model server instead of a local file (Preferences ▸ Model ▸ Use a model server).
    server_url: str = ""  # "" = the local model above
    server_model: str = ""  # "" = the first model the server lists
    server_prompt_style: str = "chat"  # "chat": /v1/chat/completions; "base": /v1/completions
    server_key_store: str = ""  # where its API key is saved: "keyring", "file" or "" (none)


@dataclass(frozen=True, slots=True)
class RewriteJob:
    job_id: int
    text: str
    tone: str
    candidates: int = 3
    examples: tuple[tuple[str, str], ...] = ()
    context: str = ""
    must_resolve: bool = False  # a live rewrite nobody asked for: it must fix a machine habit
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)
    # (tone, text) -> the guide and voice for a tone beyond the presets (rewriter.Resolve);
    # called in the model thread, as it reads the writer's samples.
    resolve: Callable | None = field(default=None, compare=False)


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
    scored = Signal(int, str, object, object, object)  # job, text, spans, surprisal, ranks
    fixed = Signal(int, object)  # job id, tuple of Fix (or of Feeling, for "feel" jobs)
    writes = Signal(bool)  # whether the model can write whole rewrites (sent before "ready")
    # After each load: the adapter's name when it is in use ("" when not), and why it is not
    # when it should be ("" when all is well).
    adapter_changed = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self._engine: Engine | ServerEngine = Engine()
        self._rewriter: Rewriter | None = None
        self._reader = Reader()
        self._yielding = False  # whether this thread has lowered its priority

    @Slot(object)
    def load(self, config: ModelConfig) -> None:
        if not self._yielding:  # once, in this thread, before llama.cpp starts its own
            self._yielding = True
            yield_to_the_window()
        if config.server_url:
            self._connect(config)
            return
        if not isinstance(self._engine, Engine):  # back from a model server
            self._engine.close()
            self._engine = Engine()
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
            self.adapter_changed.emit("", "")
            log.warning("The model could not be loaded: %s", exc)
            self.state_changed.emit("failed", str(exc))
            return
        log.info("Model ready: %s from %s in %.2f s (%d threads)", model.name, path,
                 time.perf_counter() - started, model.n_threads)
        problem = self._load_adapter(config)
        in_use = humanizer.ADAPTER_NAME if self._engine.adapter_path is not None else ""
        self.adapter_changed.emit(in_use, problem)
        self._rewriter = Rewriter(self._engine)
        self._reader.attach(self._engine)
        self.writes.emit(can_write(model))
        self.state_changed.emit("ready", model.name)

    def _load_adapter(self, config: ModelConfig) -> str:
        """Humanize's rewriter adapter onto the built-in model (it was trained for its
        weights alone); a sentence for the writer when it should be there and is not."""
        if config.path or not config.use_adapter:
            return ""
        return humanizer.attach_adapter(self._engine)

    def _connect(self, config: ModelConfig) -> None:
        """Use a model server: the same Rewriter, behind a ServerEngine."""
        # Imported here, so that with the server off no network code is even loaded.
        from app.llm.server_client import server_host
        from app.llm.server_engine import ServerEngine
        from app.llm.server_key import read_api_key

        self._rewriter = None
        self._engine.close()
        self._engine = engine = ServerEngine()
        what = config.server_model or "the model"
        self.state_changed.emit("loading", f"{what} from {server_host(config.server_url)}")
        try:
            key = read_api_key(config.server_url, config.server_key_store)
            model = engine.connect(
                config.server_url, config.server_model, config.server_prompt_style, key
            )
        except (EngineError, OSError) as exc:
            log.warning("The model server could not be used: %s", exc)
            self.state_changed.emit("failed", str(exc))
            return
        log.info("Model server ready: %s at %s in %.2f s", model.model_id, model.base_url,
                 model.load_seconds)  # fmt: skip
        self._rewriter = Rewriter(engine)
        self._reader.attach(None)  # reading stays on this computer, with the built-in model
        self.adapter_changed.emit("", "")  # the server writes; no adapter for it
        self.writes.emit(True)
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
                must_resolve=job.must_resolve, resolve=job.resolve,
            )  # fmt: skip
        except (EngineError, ValueError, RuntimeError) as exc:
            self.failed.emit(job.job_id, str(exc))
            if getattr(exc, "lasting", False):  # a server that is gone or refuses: say so
                self._rewriter = None
                self.state_changed.emit("failed", str(exc))
            else:
                model = self._engine.model
                self.state_changed.emit("ready", model.name if model else "")
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

    @Slot(object)
    def read(self, job: ReadJob) -> None:
        """Score a paragraph or judge its fixes (low priority: the service sends these only
        while no rewrite waits, and cancels them when one comes)."""
        if job.cancel.is_set() or self._rewriter is None:
            return
        try:
            if job.kind == "score":
                scores = self._reader.score(job)
                if scores is not None and not job.cancel.is_set():
                    self.scored.emit(job.job_id, job.text, scores.spans, scores.surprisal,
                                     scores.ranks)
            elif job.kind == "feel":
                felt = self._reader.feel(job, self._rewriter)
                if not job.cancel.is_set():
                    self.fixed.emit(job.job_id, tuple(felt))
            else:
                fixes = self._reader.fix(job)
                if fixes is not None and not job.cancel.is_set():
                    self.fixed.emit(job.job_id, tuple(fixes))
        except (EngineError, ModelFileError, OSError, ValueError) as exc:
            log.info("Reading a paragraph failed: %s", exc)
            self.failed.emit(job.job_id, str(exc))

    @Slot()
    def close(self) -> None:
        self._rewriter = None
        self._reader.close()
        self._engine.close()


def _thread_stopper(thread: QThread, *jobs: dict):
    def stop(*_args: object) -> None:
        for job in [j for pending in jobs for j in pending.values()]:
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
    scored = Signal(int, str, object, object, object)
    fixed = Signal(int, object)
    adapter_notice = Signal(str)  # the rewriter adapter should be in use and is not: why
    _load_requested = Signal(object)
    _rewrite_requested = Signal(object)
    _read_requested = Signal(object)
    _close_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = "off"
        self.detail = ""
        self.model_name = ""
        self.can_write = False  # whole rewrites on the live card; else targeted fixes
        self.adapter = ""  # the rewriter adapter's name while it is in use
        self.adapter_problem = ""  # why it is not, when it should be
        self._ids = itertools.count(1)
        self._jobs: dict[int, RewriteJob] = {}
        self._reads: dict[int, ReadJob] = {}  # scoring and fixing, low priority
        self._thread = QThread(self)
        self._thread.setObjectName("model")
        self._worker = ModelWorker()
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._load_requested.connect(self._worker.load)
        self._rewrite_requested.connect(self._worker.rewrite)
        self._read_requested.connect(self._worker.read)
        self._close_requested.connect(
            self._worker.close, Qt.ConnectionType.BlockingQueuedConnection
        )
        self._worker.state_changed.connect(self._on_state)
        self._worker.progress.connect(self.progress)
        self._worker.pieces.connect(self._on_pieces)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.scored.connect(self._on_scored)
        self._worker.fixed.connect(self._on_fixed)
        self._worker.writes.connect(lambda on: setattr(self, "can_write", on))
        self._worker.adapter_changed.connect(self._on_adapter)
        app = QCoreApplication.instance()
        if app is not None:  # no thread outlives the application, whatever closes it
            app.aboutToQuit.connect(self.shutdown)
        # A window deleted without being closed still stops the thread (Qt aborts otherwise).
        self.destroyed.connect(_thread_stopper(self._thread, self._jobs, self._reads))

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
        must_resolve: bool = False, resolve: Callable | None = None,
    ) -> int:  # fmt: skip
        job = RewriteJob(next(self._ids), text, tone, candidates, examples, context,
                         must_resolve, resolve=resolve)
        for reading in [j for j in self._reads.values() if j.kind == "score"]:
            self.cancel(reading.job_id)  # a rewrite goes first; reading starts again after
        self._jobs[job.job_id] = job
        self._rewrite_requested.emit(job)
        return job.job_id

    def score(self, text: str, context: str = "") -> int:
        """Read a paragraph in the background (surprisal per token); `scored` answers."""
        return self._read("score", text, context)

    def fix(self, text: str, context: str = "") -> int:
        """Judge the targeted fixes of a paragraph's machine findings; `fixed` answers."""
        return self._read("fix", text, context)

    def make_it_feel(self, text: str, target: str) -> int:
        """Wordings of a paragraph moved toward a feeling; `fixed` answers with Feelings."""
        job = ReadJob(next(self._ids), "feel", text, "", target)
        self._reads[job.job_id] = job
        self._read_requested.emit(job)
        return job.job_id

    def busy_with_rewrites(self) -> bool:
        return bool(self._jobs)

    def _read(self, kind: str, text: str, context: str) -> int:
        job = ReadJob(next(self._ids), kind, text, context)
        self._reads[job.job_id] = job
        self._read_requested.emit(job)
        return job.job_id

    def cancel(self, job_id: int) -> None:
        job = self._jobs.pop(job_id, None) or self._reads.pop(job_id, None)
        if job is not None:
            job.cancel.set()

    def cancel_all(self) -> None:
        for job_id in [*self._jobs, *self._reads]:
            self.cancel(job_id)

    def is_pending(self, job_id: int) -> bool:
        return job_id in self._jobs or job_id in self._reads

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

    def _on_adapter(self, name: str, problem: str) -> None:
        self.adapter, self.adapter_problem = name, problem
        if problem:
            self.adapter_notice.emit(problem)

    def _on_pieces(self, job_id: int, candidate: int, text: str) -> None:
        if job_id in self._jobs:
            self.pieces.emit(job_id, candidate, text)

    def _on_finished(self, result: JobResult) -> None:
        if self._jobs.pop(result.job_id, None) is not None:
            self.finished.emit(result)

    def _on_failed(self, job_id: int, message: str) -> None:
        if (self._jobs.pop(job_id, None) or self._reads.pop(job_id, None)) is not None:
            self.failed.emit(job_id, message)

    def _on_scored(self, job_id: int, text: str, spans, surprisal, ranks) -> None:
        if self._reads.pop(job_id, None) is not None:
            self.scored.emit(job_id, text, spans, surprisal, ranks)

    def _on_fixed(self, job_id: int, fixes) -> None:
        if self._reads.pop(job_id, None) is not None:
            self.fixed.emit(job_id, fixes)
