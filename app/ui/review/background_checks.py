"""Spelling and grammar (Harper) for the review, off the GUI thread.

Harper takes a second to build its dictionary and a few milliseconds per paragraph, so it
lives in its own thread: the window asks for the paragraphs whose text it has not seen, the
thread checks them in small batches (BATCH per call) and hands back (line, text, findings).
The review merges the findings it has for a paragraph's text with the rules'
(ReviewController._check); when new ones arrive it checks those lines again. The first paint
never waits: until a paragraph's answer comes, it simply has no spelling findings.

Order: the writer's edits and the paragraphs on screen are asked for as urgent and checked
first, with every rule; a whole document opened or pasted gets a first pass (spelling and
the commonest slips, about a fifth of the cost of all the rules) and then every rule, so
100,000 words have their typos marked in a few seconds and the rarer slips some seconds
later. An edit made meanwhile waits for one batch at most.

The findings are cached by paragraph text: the document's texts and a few hundred others
(app/core/text_cache.py), at most CACHE_SIZE; an edit makes a new text, and texts no longer
in the document go first. Adding a word to the writer's list or changing the dialect
forgets the cache and checks again.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from app.core.analysis.families import shown_in_goal
from app.core.analysis.lexicon import fold
from app.core.analysis.style_rules import Finding
from app.core.text_cache import forget_stale
from app.ui.threads import ThreadStopper

log = logging.getLogger(__name__)

BATCH = 8  # paragraphs per call into Harper
FIRST_PASS_BATCH = 20  # in the first pass, cheaper per paragraph and dearer per call
FIRST_PASS_AFTER = 40  # paragraphs waiting in the background before a first pass pays
CACHE_SIZE = 20_000  # paragraph texts whose findings are remembered


class _CorrectnessWorker(QObject):
    """Lives in the checking thread and alone owns the Harper checker.

    Work waits in three queues, taken a batch at a time (BATCH paragraphs, FIRST_PASS_BATCH in
    the first pass) with the thread's event loop run in between, so a request that comes
    meanwhile is seen before the next batch:
    * urgent: what the writer just typed and what is on screen, checked with every rule;
    * first: the rest of the document, checked first with spelling and the commonest slips
      (CorrectnessChecker's first pass, a fifth of the cost) when more than FIRST_PASS_AFTER
      paragraphs wait, then queued again for
    * full: every rule, after all the rest.
    A paragraph asked for urgently leaves the background queues."""

    checked = Signal(int, object, bool)  # generation, ((line, text, findings), ...), complete
    failed = Signal(str)
    # Posted to this thread's own event queue: the next batch comes after what waits there.
    # (A posted event dies with its object; a timer left pending when the thread stopped
    # crashed the garbage collector in tests.)
    _next_batch = Signal()

    def __init__(self, stop: threading.Event, generation) -> None:
        super().__init__()
        self._checker = None
        self._config: tuple[str, frozenset[str]] = ("", frozenset())
        self._wanted_config: tuple[str, frozenset[str]] = ("", frozenset())
        self._stop = stop  # set when the window closes
        self._generation = generation  # the newest generation; older work is dropped
        self._queued_generation = -1
        self._urgent: OrderedDict[str, int] = OrderedDict()  # text -> line
        self._first: OrderedDict[str, int] = OrderedDict()
        self._full: OrderedDict[str, int] = OrderedDict()
        self._scheduled = False
        self._next_batch.connect(self._step, Qt.ConnectionType.QueuedConnection)

    @Slot(int, object, object, bool)
    def check(self, generation: int, config: tuple[str, frozenset[str]],
              work: tuple[tuple[int, str], ...], urgent: bool) -> None:  # fmt: skip
        if generation != self._queued_generation:
            self._clear()
            self._queued_generation = generation
        self._wanted_config = config
        for line, text in work:
            if urgent:
                self._first.pop(text, None)
                self._full.pop(text, None)
                self._urgent[text] = line
            elif text not in self._urgent and text not in self._full:
                self._first[text] = line
        if not self._scheduled:
            self._scheduled = True
            self._next_batch.emit()

    @property
    def waiting(self) -> int:
        return len(self._urgent) + len(self._first) + len(self._full)

    @Slot()
    def _step(self) -> None:
        self._scheduled = False
        if self._stop.is_set() or self._queued_generation != self._generation():
            self._clear()
            return
        try:
            checker = self._ready(self._wanted_config)
        except Exception as exc:  # noqa: BLE001 - a missing or broken harper-py is reported
            self._clear()
            log.warning("Spelling and grammar checks are off: %s", exc)
            self.failed.emit(f"Spelling and grammar checks are off: {exc}")
            return
        if not self.waiting:
            return  # asked to get ready (warm_up)
        first_pass = False
        if self._urgent:
            piece = _take(self._urgent, BATCH)
        elif self._first:
            first_pass = len(self._first) > FIRST_PASS_AFTER or bool(self._full)
            piece = _take(self._first, FIRST_PASS_BATCH if first_pass else BATCH)
            if first_pass:
                self._full.update((text, line) for line, text in piece)
        else:
            piece = _take(self._full, BATCH)
        results = checker.check_paragraphs([text for _line, text in piece], first_pass)
        self.checked.emit(self._queued_generation, tuple(
            (line, text, found) for (line, text), found in zip(piece, results, strict=True)
        ), not first_pass)  # fmt: skip
        if self.waiting and not self._scheduled:
            self._scheduled = True
            self._next_batch.emit()

    def _clear(self) -> None:
        self._urgent.clear()
        self._first.clear()
        self._full.clear()

    def _ready(self, config: tuple[str, frozenset[str]]):
        if self._checker is None or config != self._config:
            from app.core.analysis.correctness import CorrectnessChecker, default_dialect

            dialect, words = config
            self._checker = CorrectnessChecker(dialect or default_dialect(), words)
            self._config = config
        return self._checker


def _take(queue: OrderedDict[str, int], size: int) -> list[tuple[int, str]]:
    """The first `size` paragraphs of a queue, as (line, text), taken off it."""
    piece = []
    while queue and len(piece) < size:
        text, line = queue.popitem(last=False)
        piece.append((line, text))
    return piece


class BackgroundChecks(QObject):
    """The GUI thread's side: what is known per text, what to ask, what came back."""

    ready = Signal(list)  # [(line, text)] whose findings just arrived
    failed = Signal(str)
    # Of a whole document being checked (more than FIRST_PASS_AFTER paragraphs asked at once),
    # the share done, both passes counted; 1.0 once, when nothing waits any more.
    progress = Signal(float)
    _requested = Signal(int, object, object, bool)

    def __init__(self, dialect: str, words: Iterable[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[str, tuple[Finding, ...]] = OrderedDict()
        # The document (line_count and texts()), when the owner has one: then the cache keeps
        # its texts and a few hundred more (every keystroke makes a text that is checked).
        self.document = None
        self._asked: set[str] = set()  # sent to the thread, not yet checked with every rule
        self._bulk_total = self._bulk_done = 0  # answers a whole-document check waits for
        self._config = (dialect, frozenset(words))
        self._thread = QThread(self)
        self._thread.setObjectName("correctness")
        self._stopped = threading.Event()
        # The thread reads the newest generation from this list, not from self: a worker
        # holding self would make a cycle that the garbage collector may free in the
        # checking thread, deleting this object there while the GUI thread delivers to it.
        self._newest = [0]  # the generation: configure and drop_work start a new one
        self._worker = _CorrectnessWorker(self._stopped, lambda newest=self._newest: newest[0])
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._requested.connect(self._worker.check)
        self._worker.checked.connect(self._on_checked)
        self._worker.failed.connect(self.failed)
        self._stop_thread = ThreadStopper(self._thread)
        self._stop_thread.cancel = self._stopped
        self.destroyed.connect(self._stop_thread)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._stop_thread)
        self._thread.start()

    def findings(self, text: str) -> tuple[Finding, ...]:
        """What is known for this paragraph text (() while it has not been checked)."""
        found = self._cache.get(text)
        if found is None:
            return ()
        self._cache.move_to_end(text)
        return found

    @property
    def waiting(self) -> int:
        """Paragraph texts asked for and not yet checked with every rule."""
        return len(self._asked)

    @property
    def _generation(self) -> int:
        return self._newest[0]

    def warm_up(self) -> None:
        """Build the checker now (about a second the first time), before text is asked for."""
        if not self._stopped.is_set():
            self._requested.emit(self._generation, self._config, (), False)

    def request(self, lines: Sequence[tuple[int, str]], urgent: bool = False) -> None:
        """Check these paragraphs (line, text) unless their text is known or already asked.
        `urgent`: the writer's edit or what is on screen, checked before the rest of the
        document and with every rule (what was asked already is moved ahead)."""
        work = []
        for line, text in lines:
            if not text.strip():
                continue
            if text in self._cache and text not in self._asked:
                continue  # checked with every rule
            if text in self._asked and not urgent:
                continue
            self._asked.add(text)
            work.append((line, text))
        if work and not self._stopped.is_set():
            if not urgent and len(work) > FIRST_PASS_AFTER:
                self._bulk_total += 2 * len(work)  # a first pass and every rule
            self._requested.emit(self._generation, self._config, tuple(work), urgent)

    def configure(self, dialect: str, words: Iterable[str]) -> bool:
        """Another dialect or word list: forget what is known. True if anything changed."""
        config = (dialect, frozenset(words))
        if config == self._config:
            return False
        self._config = config
        self._newest[0] += 1  # answers still on their way were made for the old list
        self._cache.clear()
        self._asked.clear()
        self._bulk_done = self._bulk_total = 0
        self.progress.emit(1.0)
        return True

    def drop_work(self) -> None:
        """Spelling was turned off: what waits is not checked. What is known is kept, save
        the first pass's answers (a paragraph not checked with every rule is asked again)."""
        self._newest[0] += 1  # the thread drops what it has queued
        for text in self._asked:
            self._cache.pop(text, None)
        self._asked.clear()
        if self._bulk_total:
            self._bulk_done = self._bulk_total = 0
            self.progress.emit(1.0)

    def shutdown(self) -> None:
        self._stopped.set()
        self._stop_thread()

    def _on_checked(self, generation: int, results: tuple, complete: bool) -> None:
        if generation != self._generation:
            return
        arrived = []
        for line, text, found in results:
            if complete:
                self._asked.discard(text)
            elif text not in self._asked:
                continue  # checked with every rule since (an urgent request)
            self._cache[text] = tuple(found)
            arrived.append((line, text))
        document = self.document
        if document is None:
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            forget_stale(self._cache, document.line_count, document.texts, limit=CACHE_SIZE)
        if arrived:
            self.ready.emit(arrived)
        if self._bulk_total:
            self._bulk_done += len(arrived)
            if not self._asked:
                self._bulk_done = self._bulk_total = 0
                self.progress.emit(1.0)
            else:
                self.progress.emit(min(0.99, self._bulk_done / self._bulk_total))


class LateFindings(QObject):
    """Findings that arrive after the rules', for the review to merge: spelling and grammar
    (BackgroundChecks, when the writer has them on) and any other source added (the model's
    `predictable` sentences). Each source has findings(text) and a `ready` signal."""

    ready = Signal(list)  # [(line, text)] whose findings just arrived

    def __init__(self, settings, feedback, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._feedback = feedback
        self.spelling = BackgroundChecks(settings.dialect, feedback.personal_words(), self)
        self.spelling.ready.connect(self.ready)
        if settings.spelling:
            self.spelling.warm_up()
        self._sources: list[QObject] = []

    def add_source(self, source: QObject) -> None:
        self._sources.append(source)
        source.ready.connect(self.ready)

    def findings(self, text: str, ignored: frozenset[str]) -> tuple[Finding, ...]:
        settings = self._settings
        sources = ([self.spelling] if settings.spelling else []) + self._sources
        off = frozenset(settings.disabled_kinds)
        return tuple(f for source in sources for f in source.findings(text)
                     if fold(f.original) not in ignored and f.kind not in off
                     and shown_in_goal(settings.goal, f.kind))

    def request(self, lines: Sequence[tuple[int, str]], urgent: bool = False) -> None:
        if self._settings.spelling:
            self.spelling.request(lines, urgent)

    def configure(self) -> None:
        if not self._settings.spelling:
            self.spelling.drop_work()
        self.spelling.configure(self._settings.dialect, self._feedback.personal_words())

    def shutdown(self) -> None:
        self.spelling.shutdown()
