"""The model reading the draft, in the window: which paragraphs to score and when, what their
scores mean (the predictability view, `predictable` findings, human-ness 2.0).

Scoring runs in the model thread at low priority: one paragraph at a time, only while the
model has nothing else to do (a live rewrite always goes first), the paragraphs on screen
first, then the one at the cursor and the rest of the document. An edit cancels the scoring
of its paragraph. Results are cached by paragraph text (the document's texts and a few
hundred edited-away ones, at most CACHE_SIZE: app/core/text_cache.py), so undo, redo and
unchanged paragraphs cost nothing.

It offers the review the same interface as the spelling checks (`findings(text)` and
`ready`), so `predictable` sentences are merged and rechecked like them.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMenu, QTextEdit

from app.core.analysis.predictability import (
    PREDICTABLE_THRESHOLD,
    ParagraphPredictability,
    Reading,
    predictable_findings,
    reading,
    summarize,
)
from app.core.analysis.style_rules import Finding
from app.core.offsets import to_utf16
from app.core.text_cache import forget_stale
from app.ui.editor.writer_editor import WriterEditor
from app.ui.window_parts import WindowParts

CACHE_SIZE = 5_000
CONTEXT_CHARS = 200  # of the paragraph before, as context for the first words
SHADE_LOW, SHADE_HIGH = 1.0, 4.0  # nats: fully shaded at or below LOW, not at all from HIGH
SHADE_ALPHA = 110
PAUSE_MS = 20  # between paragraphs read: the window gets its turn


@dataclass(frozen=True, slots=True)
class Scored:
    """One paragraph as the model read it."""

    text: str
    summary: ParagraphPredictability
    reading: Reading


def shade_colour(surprisal: float, palette: QPalette) -> QColor | None:
    """How a word is shaded: the more predictable, the stronger; None for surprising words."""
    strength = (SHADE_HIGH - surprisal) / (SHADE_HIGH - SHADE_LOW)
    if strength <= 0:
        return None
    dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    colour = QColor("#b07d00" if dark else "#ffc43d")
    colour.setAlpha(round(SHADE_ALPHA * min(1.0, strength)))
    return colour


class PredictabilityReader(QObject):
    ready = Signal(list)  # [(line, text)] whose findings just arrived (for the review)
    readings_changed = Signal()  # the document's or the cursor paragraph's reading changed

    def __init__(self, editor: WriterEditor, live: QObject, service: QObject,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._live = live
        self._service = service
        self._cache: OrderedDict[str, Scored] = OrderedDict()
        self._job = 0
        self._job_line = -1
        self._enabled = True
        self.shading = False
        self._family = "gemma3"
        # Per line: (words, reading or None), and their sums, for the document's figures.
        self._lines: list[tuple[int, Reading | None]] = []
        self._total: Reading | None = None
        self._words = self._read_words = 0
        self._scan = 0  # where the walk over the rest of the document has got to
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(PAUSE_MS)
        self._next.timeout.connect(self._score_next)
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(30)
        self._repaint.timeout.connect(self._paint_shades)
        live.lines_replaced.connect(self._on_edit)
        live.document_reset.connect(self._on_reset)
        editor.verticalScrollBar().valueChanged.connect(lambda _v: self._after_scroll())
        editor.cursorPositionChanged.connect(self.readings_changed)
        service.state_changed.connect(self._on_state)
        service.scored.connect(self._on_scored)

    # --- what others read -------------------------------------------------------------------

    def findings(self, text: str) -> tuple[Finding, ...]:
        scored = self._cache.get(text)
        if scored is None or not self._enabled:
            return ()
        threshold = PREDICTABLE_THRESHOLD.get(self._family, PREDICTABLE_THRESHOLD["gemma3"])
        return tuple(predictable_findings(text, scored.summary, threshold))

    def document_reading(self) -> tuple[Reading | None, float]:
        """The sum over the paragraphs read so far, and the share of words they hold (kept as
        running sums per line, so asking costs nothing)."""
        if self._read_words == 0 or self._total is None:
            return None, 0.0
        return self._total, self._read_words / max(1, self._words)

    def paragraph_reading(self) -> Reading | None:
        line = self._editor.textCursor().blockNumber()
        analyzer = self._live.analyzer
        if line >= analyzer.line_count:
            return None
        scored = self._cache.get(analyzer.text(line))
        return scored.reading if scored is not None else None

    @property
    def family(self) -> str:
        return self._family

    # --- switches ---------------------------------------------------------------------------

    def set_shading(self, on: bool) -> None:
        self.shading = on
        self._paint_shades()

    # --- scheduling -------------------------------------------------------------------------

    def _on_state(self, state: str, _detail: str) -> None:
        if state == "ready":
            name = getattr(self._service, "model_name", "").lower().replace(" ", "")
            self._family = "gemma3" if "gemma3" in name or not name else name.split("-")[0]
            self._schedule()
        elif state in ("failed", "off", "loading", "assembling"):
            self._job = 0

    def _on_reset(self, lines: list, _bulk: bool) -> None:
        self._lines, self._total, self._words, self._read_words = [], None, 0, 0
        self._scan = 0
        self._replace(0, 0, lines)
        self._schedule()

    def _on_edit(self, first: int, removed: int, texts: list, _bulk: bool) -> None:
        if self._job and first <= self._job_line < first + max(1, removed):
            self._service.cancel(self._job)  # its paragraph is changing under it
            self._job = 0
        self._replace(first, removed, texts)
        self._schedule()
        self._repaint.start()

    def _replace(self, first: int, removed: int, texts: list) -> None:
        for words, read in self._lines[first : first + removed]:
            self._count(words, read, -1)
        new = []
        for text in texts:
            scored = self._cache.get(text)
            entry = (len(text.split()), scored.reading if scored is not None else None)
            self._count(*entry, +1)
            new.append(entry)
        self._lines[first : first + removed] = new

    def _count(self, words: int, read: Reading | None, sign: int) -> None:
        self._words += sign * words
        if read is not None:
            self._read_words += sign * words
            if sign > 0:
                self._total = read if self._total is None else self._total + read
            elif self._total is not None:
                self._total = self._total - read

    def _after_scroll(self) -> None:
        self._repaint.start()
        self._schedule()

    def _schedule(self) -> None:
        if not self._job:
            self._next.start()

    def _visible_lines(self) -> range:
        return self._editor.visible_lines()

    def _wanted(self):
        """Lines to read, most wanted first: on screen, around the cursor, then the rest."""
        analyzer = self._live.analyzer
        count = analyzer.line_count
        cursor = self._editor.textCursor().blockNumber()
        yield from self._visible_lines()
        for step in range(1, 40):
            yield from (cursor - step, cursor + step)
        while self._scan < count:
            yield self._scan
            self._scan += 1

    def _score_next(self) -> None:
        service = self._service
        if self._live.measuring:
            self._next.start(500)  # a document being loaded or pasted: read it afterwards
            return
        if self._job or not service.ready or service.busy_with_rewrites():
            if service.ready:
                self._next.start(250)  # look again once the rewrite is done
            return
        analyzer = self._live.analyzer
        seen: set[int] = set()
        for line in self._wanted():
            if line in seen or not 0 <= line < analyzer.line_count:
                continue
            seen.add(line)
            text = analyzer.text(line)
            if len(text.split()) < 4 or text in self._cache:
                continue
            context = analyzer.text(line - 1)[-CONTEXT_CHARS:] if line else ""
            self._job_line = line
            self._job = service.score(text, context)
            return

    def _on_scored(self, job: int, text: str, spans, surprisal, ranks) -> None:
        if job != self._job:
            return
        self._job = 0
        summary = summarize(text, spans, surprisal)
        self._cache[text] = Scored(text, summary, reading(summary, ranks))
        analyzer = self._live.analyzer
        forget_stale(self._cache, analyzer.line_count, analyzer.texts, limit=CACHE_SIZE)
        lines = [i for i in {self._job_line, *self._visible_lines()}
                 if 0 <= i < analyzer.line_count and analyzer.text(i) == text]
        for line in lines:
            if line < len(self._lines) and self._lines[line][1] is None:
                words, _ = self._lines[line]
                self._count(words, None, -1)
                self._lines[line] = (words, self._cache[text].reading)
                self._count(words, self._cache[text].reading, +1)
        self.ready.emit([(line, text) for line in lines])
        self.readings_changed.emit()
        self._repaint.start()
        self._schedule()

    # --- the view ---------------------------------------------------------------------------

    def _paint_shades(self) -> None:
        editor = self._editor
        if not self.shading:
            editor.set_selection_layer("predictability", [])
            return
        palette = editor.palette()
        document = editor.document()
        selections = []
        for line in self._visible_lines():
            block = document.findBlockByNumber(line)
            if not block.isValid():
                break
            scored = self._cache.get(block.text())
            if scored is None:
                continue
            text = block.text()
            for word in scored.summary.words:
                colour = shade_colour(word.surprisal, palette)
                if colour is None:
                    continue
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(block)
                cursor.setPosition(block.position() + to_utf16(text, word.start))
                cursor.setPosition(block.position() + to_utf16(text, word.end),
                                   QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setBackground(colour)
                selection.cursor, selection.format = cursor, fmt
                selections.append(selection)
        editor.set_selection_layer("predictability", selections)


def install_predictability(window: WindowParts, view_menu: QMenu) -> PredictabilityReader:
    """The reader, its `predictable` findings in the review, human-ness 2.0 in the gauges,
    and View ▸ Show Predictability with its twin button under the gauge."""
    reader = PredictabilityReader(window.editor, window.live, window.model.service, window)
    window.review.late.add_source(reader)
    window.gauges.set_reader(reader)
    button = window.gauges.humanness.predictability_button
    action = window.add_action(view_menu, "Show &Predictability", lambda on: show(on),
                               ["Ctrl+Shift+P"], checkable=True)

    def show(on: bool, save: bool = True) -> None:
        reader.set_shading(on)
        for toggle in (action, button):
            toggle.blockSignals(True)
            toggle.setChecked(on)
            toggle.blockSignals(False)
        if on and save:
            window.statusBar().showMessage(
                "Shading: the more strongly a word is shaded, the more likely the model was "
                "to write exactly that word there. Reading uses the model on this computer.",
                8000)
        if save and on != window.settings.show_predictability:
            window.settings.show_predictability = on
            window.save_settings()

    button.toggled.connect(show)
    show(window.settings.show_predictability, save=False)
    return reader
