"""Sounds like you: the active voice profile against the paragraph at the cursor and the
document, with the two or three biggest differences in words, and quiet `voice` suggestions
for sentences far from the voice (a findings source for the review, like the spelling
checks).

Per paragraph, the voice counts and far sentences are cached by text (at most CACHE_SIZE
each, oldest forgotten first) and the counts summed per line, so the document's match costs
a sum after a pause in typing, not a recount. When a profile comes or goes, the lines are
handed to the review READY_BATCH at a time from the event loop, so a long draft never
stalls the window. With no profile the gauge says how to make one.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.analysis.style_rules import Finding
from app.core.voice import (
    SUGGESTION_KIND,
    VoiceCounts,
    VoiceMatcher,
    VoiceProfile,
    count_paragraph,
    far_sentences,
)
from app.core.voice.match import label_for

TOO_SHORT = label_for(0, 0)
CACHE_SIZE = 5_000
READY_BATCH = 64  # lines per event-loop turn when a profile comes or goes


class VoiceTracker(QObject):
    """Keeps the voice counts of every line; answers the gauge and the review."""

    changed = Signal()  # the profile or the text changed: show the match again
    ready = Signal(list)  # [(line, text)] to check again (a profile came or went)

    def __init__(self, live: QObject, editor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._live = live
        self._editor = editor
        self.profile: VoiceProfile | None = None
        self._matcher: VoiceMatcher | None = None
        self._cache: OrderedDict[str, VoiceCounts] = OrderedDict()
        self._far: OrderedDict[str, tuple[Finding, ...]] = OrderedDict()
        self._lines: list[VoiceCounts | None] = []
        self._pending: list[tuple[int, str]] = []  # lines still to hand to the review
        self._feeder = QTimer(self)
        self._feeder.setInterval(0)
        self._feeder.timeout.connect(self._feed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)  # counting waits for a pause in typing
        self._timer.timeout.connect(self.changed)
        live.lines_replaced.connect(self._on_edit)
        live.document_reset.connect(lambda lines, _bulk: self._reset(lines))
        editor.cursorPositionChanged.connect(self.changed)

    def set_profile(self, profile: VoiceProfile | None) -> None:
        self.profile = profile
        self._matcher = VoiceMatcher(profile) if profile is not None else None
        self._far.clear()
        analyzer = self._live.analyzer
        lines = [analyzer.text(i) for i in range(analyzer.line_count)]
        self._reset(lines)
        self._pending = [(i, t) for i, t in enumerate(lines) if len(t.split()) >= 20]
        self._feeder.start()
        self.changed.emit()

    def _feed(self) -> None:
        batch, self._pending = self._pending[:READY_BATCH], self._pending[READY_BATCH:]
        if not self._pending:
            self._feeder.stop()
        if batch:
            self.ready.emit(batch)

    # --- counts -----------------------------------------------------------------------------

    def _counts(self, text: str) -> VoiceCounts | None:
        if self._matcher is None or not text.strip():
            return None
        found = self._cache.get(text)
        if found is None:
            found = self._cache[text] = count_paragraph(text, phrases=False)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def _reset(self, lines: list[str]) -> None:
        self._lines = [None] * len(lines) if self._matcher is None else [
            self._counts(t) for t in lines]
        self._timer.start()

    def _on_edit(self, first: int, removed: int, texts: list, _bulk: bool) -> None:
        if self._matcher is None:
            self._lines[first : first + removed] = [None] * len(texts)
            return
        self._lines[first : first + removed] = [self._counts(t) for t in texts]
        self._timer.start()

    # --- answers ----------------------------------------------------------------------------

    def document_match(self):
        counts = [c for c in self._lines if c is not None]
        if self._matcher is None or not counts:
            return None
        total = counts[0]
        for c in counts[1:]:
            total = total + c
        return self._matcher.match_counts(total, "document")

    def paragraph_match(self):
        line = self._editor.textCursor().blockNumber()
        if self._matcher is None or line >= len(self._lines) or self._lines[line] is None:
            return None
        return self._matcher.match_counts(self._lines[line], "paragraph")

    def findings(self, text: str) -> tuple[Finding, ...]:
        """Quiet `voice` suggestions: the sentences clearly far from the voice."""
        if self.profile is None or len(text.split()) < 20:
            return ()
        found = self._far.get(text)
        if found is None:
            found = self._far[text] = tuple(
                Finding(f.start, f.end, f.text, None, SUGGESTION_KIND, f.reason,
                        f"voice:{self.profile.name}")
                for f in far_sentences(self.profile, text))
            while len(self._far) > CACHE_SIZE:
                self._far.popitem(last=False)
        return found


class VoiceGauge(QWidget):
    """"Sounds like you: 0–100" and the biggest differences, for the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = QLabel("–")
        self.value.setObjectName("voice_score")
        font = self.value.font()
        font.setBold(True)
        self.value.setFont(font)
        self.differences = QLabel()
        self.differences.setObjectName("voice_differences")
        self.differences.setWordWrap(True)
        self.differences.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.differences)

    def show_match(self, document, paragraph, profile_name: str | None,
                   scope: str = "document") -> None:
        """The document's and the paragraph's match; the differences of `scope`'s."""
        if profile_name is None:
            self.value.setText("No voice profile yet")
            self.value.setToolTip("")
            self.differences.setText("File ▸ Teach My Voice… learns how you write from a few "
                                     "of your own texts.")
            return

        def score(found) -> str:
            return "–" if found is None or found.label == TOO_SHORT else f"{found.score}/100"

        self.value.setText(f"Sounds like you: {score(document)} document · "
                           f"{score(paragraph)} paragraph")
        self.value.setToolTip(f"Against your voice profile “{profile_name}” "
                              "(File ▸ Teach My Voice…)")
        shown = paragraph if scope == "paragraph" else document
        if shown is None:
            self.differences.setText("")
        elif shown.label == TOO_SHORT:
            self.differences.setText(f"The {scope} is too short to judge yet.")
        else:
            lines = [d.text[:1].upper() + d.text[1:] for d in shown.differences[:3]]
            self.differences.setText(f"{shown.label}. " + " ".join(
                line if line.endswith(".") else line + "." for line in lines))
