"""A stand-in for the model thread in widget tests that need no model: it answers at once with
a predictable rewrite (the first two words dropped, the rest kept)."""

from __future__ import annotations

import itertools
import re

from PySide6.QtCore import QObject, QTimer, Signal

from app.llm.rewriter import Rewrites
from app.llm.worker import JobResult, ModelConfig

FAKE_NAME = "Fake model"


def fake_rewrite(text: str) -> str:
    words = text.split()
    rest = " ".join(words[2:]) if len(words) > 4 else text
    return rest[:1].upper() + rest[1:]


class FakeModelService(QObject):
    state_changed = Signal(str, str)
    progress = Signal(float)
    pieces = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(int, str)
    scored = Signal(int, str, object, object, object)
    fixed = Signal(int, object)
    adapter_notice = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state, self.detail, self.model_name = "off", "", ""
        self.adapter, self.adapter_problem = "", ""
        self.requests: list[tuple[str, str]] = []
        self.resolvers: list = []  # the tone resolver each request came with
        self.hold = False  # True: answers wait for release(), as a slow model's would
        self._held: list[tuple[int, str, str]] = []
        self._ids = itertools.count(1)
        self._pending: set[int] = set()
        self.reads: list[str] = []  # paragraphs it was asked to score

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    def load(self, config: ModelConfig) -> None:
        self.model_name = FAKE_NAME
        self.state, self.detail = "ready", FAKE_NAME
        QTimer.singleShot(0, self, lambda: self.state_changed.emit("ready", FAKE_NAME))

    def request(self, text, tone, candidates=3, examples=(), context="", must_resolve=False,
                resolve=None):
        job = next(self._ids)
        self.resolvers.append(resolve)
        self._pending.add(job)
        self.requests.append((text, tone))
        if self.hold:
            self._held.append((job, text, tone))
        else:
            QTimer.singleShot(0, self, lambda: self._answer(job, text, tone))
        return job

    def release(self) -> None:
        held, self._held = self._held, []
        for job, text, tone in held:
            self._answer(job, text, tone)

    def _answer(self, job: int, text: str, tone: str) -> None:
        if job not in self._pending:
            return
        self._pending.discard(job)
        rewrite = fake_rewrite(text)
        self.pieces.emit(job, 0, rewrite)
        rewrites = Rewrites(text, tone, (rewrite,), 1, 50.0, False)
        self.finished.emit(JobResult(job, rewrites, FAKE_NAME, 0.01))

    def score(self, text: str, context: str = "") -> int:
        """Reads a paragraph at once: each word a token, a word seen before in it is
        predictable (0.5 nats, the model's first choice), any other surprising (5 nats)."""
        job = next(self._ids)
        self._pending.add(job)
        self.reads.append(text)
        QTimer.singleShot(0, self, lambda: self._answer_score(job, text))
        return job

    def fix(self, text: str, context: str = "") -> int:
        job = next(self._ids)
        self._pending.add(job)
        QTimer.singleShot(0, self, lambda: job in self._pending and (
            self._pending.discard(job), self.fixed.emit(job, ())))
        return job

    def make_it_feel(self, text: str, target: str) -> int:
        """The real swaps and checks, without a model (app/llm/feeling.py)."""
        from app.llm.feeling import feel

        job = next(self._ids)
        self._pending.add(job)
        QTimer.singleShot(0, self, lambda: job in self._pending and (
            self._pending.discard(job), self.fixed.emit(job, tuple(feel(text, target)))))
        return job

    def busy_with_rewrites(self) -> bool:
        return bool(self._held)

    def _answer_score(self, job: int, text: str) -> None:
        if job not in self._pending:
            return
        self._pending.discard(job)
        spans, surprisal, ranks, seen = [], [], [], set()
        for m in re.finditer(r"\S+", text):
            word = m.group().lower().strip(".,!?")
            spans.append(m.span())
            surprisal.append(0.5 if word in seen else 5.0)
            ranks.append(0 if word in seen else 50)
            seen.add(word)
        self.scored.emit(job, text, tuple(spans), tuple(surprisal), tuple(ranks))

    def cancel(self, job_id: int) -> None:
        self._pending.discard(job_id)

    def cancel_all(self) -> None:
        self._pending.clear()

    def is_pending(self, job_id: int) -> bool:
        return job_id in self._pending

    def shutdown(self) -> None:
        self.cancel_all()
