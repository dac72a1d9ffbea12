"""Decides what happens to suggestions: keeps them in step with the editor, opens the review
popover, and carries out accept / reject with the feedback memory. Their underlines are drawn
by SuggestionUnderlines (underlines.py).

The editor only shows text; the panel and the popover only announce intent; this object holds
the document's DocumentReview and is the one place that changes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QTextCursor

from app.core.analysis.families import kinds_for_goal, shown_in_goal
from app.core.analysis.style import KINDS, StyleChecker
from app.core.feedback import FeedbackStore
from app.core.offsets import from_utf16, to_utf16
from app.core.review import DocumentReview, SuggestionChange
from app.core.suggestions import Suggestion
from app.settings import Settings
from app.ui.editor.writer_editor import WriterEditor
from app.ui.review.background_checks import LateFindings
from app.ui.review.review_popover import ReviewPopover
from app.ui.review.suggestion_panel import SuggestionPanel
from app.ui.review.underlines import SuggestionUnderlines
from app.ui.review.undo_memory import AcceptMemory

SLICE_SECONDS = 0.008  # rule checks of a newly opened document run in slices this long
FLUSH_MS = 150  # background results reach the panel at most this often
SCROLLED_MS = 120  # after scrolling stops this long, the paragraphs on screen are checked next
_RESET_AFTER = 200  # a change this big rebuilds the list once instead of row by row


class ReviewController(QObject):
    suggestions_changed = Signal(int)  # open suggestions
    rewrite_requested = Signal(object)  # Suggestion (a hard sentence) for the model
    goal_changed = Signal(str)  # the writer chose another goal (the window saves settings)

    def __init__(
        self,
        editor: WriterEditor,
        live: QObject,
        feedback: FeedbackStore,
        checker: StyleChecker,
        settings: Settings,
        document_key: Callable[[], str],
        parent: QObject | None = None,
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        """`busy` says when to hold back background checking (a file is being loaded)."""
        super().__init__(parent)
        self._busy = busy
        self.editor = editor
        self.feedback = feedback
        self.settings = settings
        self._checker = checker
        self._document_key = document_key
        self._kinds: frozenset[str] = frozenset()
        self._ignored: frozenset[str] = frozenset()
        self.late = LateFindings(settings, feedback, self)
        self.late.ready.connect(self._on_background_ready)
        self._load_preferences()
        self.review = DocumentReview(self._check, wanted=lambda s: not feedback.is_rejected(s))
        self.late.spelling.document = self.review
        self.panel: SuggestionPanel | None = None
        self._accepted = AcceptMemory(self.review, feedback)

        self.popover = ReviewPopover(editor)
        self.popover.accept_requested.connect(self.accept)
        self.popover.reject_requested.connect(self.reject)
        self.popover.next_requested.connect(self.step)
        self.popover.ignore_phrase_requested.connect(self.ignore_phrase)
        self.popover.personal_word_requested.connect(self.add_personal_word)
        self.popover.rewrite_requested.connect(self._on_rewrite_requested)

        self._pending_timer = QTimer(self)
        self._pending_timer.setInterval(0)
        self._pending_timer.timeout.connect(self._check_pending_slice)
        self._unpublished = SuggestionChange()
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush)
        self.underlines = SuggestionUnderlines(editor, self.review, self)

        live.lines_replaced.connect(self._on_lines_replaced)
        live.document_reset.connect(self._on_document_reset)
        editor.viewport().installEventFilter(self)
        # Scrolling to paragraphs the background check has not reached checks them next.
        self._scrolled_timer = QTimer(self)
        self._scrolled_timer.setSingleShot(True)
        self._scrolled_timer.setInterval(SCROLLED_MS)
        self._scrolled_timer.timeout.connect(self._request_on_screen)
        editor.verticalScrollBar().valueChanged.connect(self._scrolled_timer.start)
        if live.analyzer.line_count:  # the editor may hold text already
            self._on_document_reset(
                [live.analyzer.text(i) for i in range(live.analyzer.line_count)], bulk=True
            )

    # --- what to check ------------------------------------------------------------------

    def _load_preferences(self) -> None:
        goal = self.settings.goal
        wanted = frozenset(KINDS) - frozenset(self.settings.disabled_kinds)
        self._kinds = kinds_for_goal(goal, wanted)
        self._ignored = self.feedback.ignored_phrases() | self.feedback.personal_words()

    def _check(self, text: str):
        goal = self.settings.goal
        found = tuple(f for f in self._checker.check_paragraph(text, self._kinds, self._ignored)
                      if shown_in_goal(goal, f.kind, f.typical))
        extra = self.late.findings(text, self._ignored)
        if extra:
            found = tuple(sorted(found + extra, key=lambda f: (f.start, f.end)))
        return found

    def _on_background_ready(self, arrived: list[tuple[int, str]]) -> None:
        change = SuggestionChange()
        for line, text in arrived:
            if line < self.review.line_count and self.review.text(line) == text:
                change.merge(self.review.recheck_line(line))
        self._publish(change, now=False)

    def set_goal(self, goal: str) -> None:
        """Show what the goal asks for (humanize, edit or all): check everything again."""
        if goal == self.settings.goal:
            return
        self.settings.goal = goal
        self.goal_changed.emit(goal)
        self.apply_preferences()

    def apply_preferences(self) -> None:
        """Kinds turned on or off, or the writer's lists changed: check everything again."""
        self._load_preferences()
        self.late.configure()
        self.recheck_all()
        self._request_document([self.review.text(i) for i in range(self.review.line_count)])

    # --- wiring -------------------------------------------------------------------------

    def connect_panel(self, panel: SuggestionPanel) -> None:
        self.panel = panel
        panel.model.set_source(self.review.suggestions)
        panel.model.set_penalties(self.feedback.kind_penalties())
        panel.accept_requested.connect(self.accept)
        panel.reject_requested.connect(self.reject)
        panel.suggestion_selected.connect(self.select)
        panel.accept_all_requested.connect(self.accept_all)
        panel.set_goal(self.settings.goal)
        panel.goal_requested.connect(self.set_goal)
        self.goal_changed.connect(panel.set_goal)
        self.late.spelling.progress.connect(panel.set_checking)

    # --- following the editor -----------------------------------------------------------

    def _on_document_reset(self, lines: list[str], bulk: bool) -> None:
        self._accepted.clear()
        self.popover.hide()
        self._request_document(lines)
        self._publish(self.review.reset(lines, pending=True), now=False)
        if bulk:
            self._pending_timer.start()
        else:
            self._check_pending_slice(budget=None)

    def _on_lines_replaced(self, first: int, removed: int, texts: list[str], bulk: bool) -> None:
        change = self.review.replace_lines(first, removed, texts, pending=bulk)
        self.late.request(list(enumerate(texts, start=first)), urgent=not bulk)
        shown = self.popover.suggestion if self.popover.isVisible() else None
        if shown is not None and shown.id not in self.review.suggestions:
            self.popover.hide()
        self._accepted.restore_undone(change)
        self._publish(change, now=not bulk)
        if bulk:
            self._pending_timer.start()

    def _request_document(self, lines: list[str]) -> None:
        """Background checks for a whole document, what is on screen first."""
        on_screen = self._on_screen()
        self.late.request([(i, lines[i]) for i in on_screen if i < len(lines)], urgent=True)
        self.late.request(list(enumerate(lines)))

    def _request_on_screen(self) -> None:
        if self.review.line_count == self.editor.document().blockCount():
            self.late.request([(i, self.review.text(i)) for i in self._on_screen()], urgent=True)

    def _on_screen(self) -> range:
        lines = self.editor.visible_lines()
        return range(lines.start, min(lines.stop, self.editor.document().blockCount()))

    def _check_pending_slice(self, budget: float | None = SLICE_SECONDS) -> None:
        if budget is not None and self._busy():
            return  # the timer comes back; loading the text first gets the writer going sooner
        change = SuggestionChange()
        deadline = None if budget is None else time.perf_counter() + budget
        while self.review.pending_count:
            change.merge(self.review.check_pending(max_lines=20))
            if deadline is not None and time.perf_counter() > deadline:
                break
        if not self.review.pending_count:
            self._pending_timer.stop()
        self._publish(change, now=not self.review.pending_count)

    def recheck_all(self) -> None:
        """Settings or the writer's lists changed: check the document again, in slices."""
        self._publish(self.review.recheck_all(), now=False)
        self._pending_timer.start()

    def _publish(self, change: SuggestionChange, now: bool = True) -> None:
        """Show a change in the panel and the underlines: at once for the writer's own edits,
        gathered for background checking (one list update for many lines). The writer's own
        edit redraws the underlines even when no suggestion came or went (those after it
        moved), and shows what background checks had gathered meanwhile."""
        if change:
            self._unpublished.merge(change)
        elif not now:
            return
        if now:
            self._flush(redraw_now=True)
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def publish_added(self, added: list[Suggestion]) -> None:
        """Suggestions another part (the model) added to the review: show them now."""
        self._publish(SuggestionChange(added=list(added)))

    def _flush(self, redraw_now: bool = False) -> None:
        change, self._unpublished = self._unpublished, SuggestionChange()
        self._flush_timer.stop()
        if self.panel is not None and change:
            size = len(change.added) + len(change.removed)
            if size > max(_RESET_AFTER, self.panel.model.rowCount()):
                self.panel.model.set_source(self.review.suggestions)
            else:  # a long list takes a typing burst's changes in its pause
                self.panel.model.apply_later(change.removed, change.added)
        if redraw_now:  # the writer's own edit: underlines agree with the text at once
            self.underlines.refresh()
        else:
            self.underlines.schedule()
        if change:
            self.suggestions_changed.emit(len(self.review.suggestions))

    @property
    def settled(self) -> bool:
        """Nothing waits: every line checked, the panel and the underlines up to date."""
        return not (
            self.review.pending_count
            or self._flush_timer.isActive()
            or self.underlines.pending
            or (self.panel is not None and self.panel.model.waiting)
        )

    def _show_in_panel_now(self) -> None:
        """The writer acted on a suggestion (accept, reject): the cards show it at once, not
        after a pause."""
        if self.panel is not None:
            self.panel.model.apply_pending()

    # --- positions ----------------------------------------------------------------------

    def to_qt(self, offset: int) -> int:
        line = self.review.line_of(offset)
        block = self.editor.document().findBlockByNumber(line)
        return block.position() + to_utf16(block.text(), offset - self.review.offsets.start(line))

    def to_python(self, position: int) -> int:
        block = self.editor.document().findBlock(position)
        line = block.blockNumber()
        return self.review.offsets.start(line) + from_utf16(
            block.text(), position - block.position()
        )

    def _cursor_for(self, s: Suggestion) -> QTextCursor:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(self.to_qt(s.start))
        cursor.setPosition(self.to_qt(s.end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # --- reviewing ----------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not shiboken6.isValid(self.editor):
            return False  # the window is being torn down; its viewport may still send events
        if (
            watched is self.editor.viewport()
            and event.type() == QEvent.Type.MouseButtonRelease
            and event.button() == Qt.MouseButton.LeftButton
            and not self.editor.textCursor().hasSelection()
        ):
            position = self.editor.cursorForPosition(event.position().toPoint()).position()
            hits = self.review.suggestions.at(self.to_python(position))
            if hits:
                QTimer.singleShot(0, lambda s=hits[0]: self.open(s))
        return False

    def open_at_cursor(self) -> None:
        hits = self.review.suggestions.at(self.to_python(self.editor.textCursor().position()))
        if hits:
            self.open(hits[0])
        else:
            self.step(+1)

    def open(self, s: Suggestion) -> None:
        current = self.review.suggestions.get(s.id)
        if current is None:
            return
        cursor = self._cursor_for(current)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        anchor = QTextCursor(cursor)
        anchor.setPosition(cursor.selectionStart())
        rect = self.editor.cursorRect(anchor)
        at = self.editor.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 6))
        ordered = self.review.suggestions
        index = sum(1 for _ in _before(ordered, current))
        self.popover.show_for(current, at, index, len(ordered))
        if self.panel is not None:
            self.panel.select(current.id)

    def step(self, direction: int) -> None:
        """Open the next (+1) or previous (-1) suggestion in document order."""
        shown = self.popover.suggestion if self.popover.isVisible() else None
        if shown is not None and shown.id in self.review.suggestions:
            here = self.review.suggestions.get(shown.id).start
        else:
            here = self.to_python(self.editor.textCursor().selectionStart())
            here -= 1 if direction > 0 else 0
        found = (
            self.review.suggestions.next_after(here)
            if direction > 0
            else self.review.suggestions.previous_before(here)
        )
        if found is None and len(self.review.suggestions):
            # Wrap around, as F8 does in most editors.
            found = (
                self.review.suggestions.next_after(-1)
                if direction > 0
                else self.review.suggestions.previous_before(10**12)
            )
        if found is not None:
            self.open(found)

    def select(self, suggestion_id: str) -> None:
        s = self.review.suggestions.get(suggestion_id)
        if s is not None:
            self.editor.setTextCursor(self._cursor_for(s))
            self.editor.ensureCursorVisible()
            self.editor.setFocus()

    def accept(self, suggestion_id: str, alternative: str | None = None) -> bool:
        """Replace exactly the span, as one undo step, and log the change with its source."""
        s = self.review.suggestions.get(suggestion_id)
        if s is None or s.replacement is None:
            return False
        replacement = s.replacement if alternative is None else alternative
        cursor = self._cursor_for(s)
        if cursor.selectedText() != s.original:
            return False  # never apply a suggestion to text it was not made for
        record = self.feedback.record("accept", s, self._document_key(), after=replacement)
        self._accepted.remember(s, record)
        cursor.beginEditBlock()
        cursor.insertText(replacement)
        cursor.endEditBlock()
        self._show_in_panel_now()
        return True

    def accept_all(self, kind: str) -> int:
        """Accept every suggestion of a kind that has a fix, as a single undo step."""
        chosen = [s for s in self.review.suggestions.of_kind(kind) if s.replacement is not None]
        chosen = _without_nested(chosen)
        if not chosen:
            return 0
        key = self._document_key()
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for s in reversed(chosen):  # from the end, so earlier offsets stay valid
            span = self._cursor_for(s)
            if span.selectedText() != s.original:
                continue
            self.feedback.record("accept", s, key)
            cursor.setPosition(span.selectionStart())
            cursor.setPosition(span.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(s.replacement)
        cursor.endEditBlock()
        self._show_in_panel_now()
        return len(chosen)

    def reject(self, suggestion_id: str) -> None:
        s = self.review.remove(suggestion_id)
        if s is None:
            return
        self.feedback.record("reject", s, self._document_key())
        self._publish(SuggestionChange(removed=[s]))
        self._show_in_panel_now()
        if self.panel is not None:
            self.panel.model.set_penalties(self.feedback.kind_penalties())

    def ignore_phrase(self, phrase: str) -> None:
        self.feedback.ignore_phrase(phrase)
        self.apply_preferences()

    def add_personal_word(self, word: str) -> None:
        self.feedback.add_personal_word(word)
        self.apply_preferences()

    def _on_rewrite_requested(self, suggestion_id: str) -> None:
        s = self.review.suggestions.get(suggestion_id)
        if s is not None:
            self.rewrite_requested.emit(s)

def _before(suggestions, current: Suggestion):
    for s in suggestions:
        if s.start >= current.start:
            return
        yield s


def _without_nested(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Drop spans that overlap an earlier one (they cannot both be applied)."""
    kept: list[Suggestion] = []
    for s in sorted(suggestions, key=lambda x: (x.start, -x.end)):
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    return kept
