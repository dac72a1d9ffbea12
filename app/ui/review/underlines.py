"""The wavy underlines of a document's open suggestions, one colour per kind.

Only the lines on screen get underlines (cheap on long drafts): they are drawn again when the
view scrolls and after every change the review publishes, at once for the writer's own edits
(`refresh`) or on the next turn of the event loop for background results (`schedule`).
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QObject, QPoint, QTimer

from app.core.offsets import to_utf16
from app.core.review import DocumentReview
from app.ui.editor.writer_editor import WriterEditor
from app.ui.review.kind_style import kind_color


class SuggestionUnderlines(QObject):
    def __init__(self, editor: WriterEditor, review: DocumentReview,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._review = review
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        editor.verticalScrollBar().valueChanged.connect(lambda _value: self.refresh())

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def schedule(self) -> None:
        """Draw again soon (several background results in a row draw once)."""
        self._timer.start()

    def refresh(self) -> None:
        """Draw the underlines of the suggestions on screen now.

        One query of the suggestion set for the whole screen (one per paragraph walks back
        over the longest suggestion's length each time), spans cut to each paragraph and kept
        in its own positions: a keystroke leaves the other paragraphs' underlines as they
        were, and the editor repaints only the edited one."""
        self._timer.stop()
        editor, review = self._editor, self._review
        if review.line_count != editor.document().blockCount():
            return  # the lines are being brought up to date; a later change redraws
        viewport = editor.viewport()
        block = editor.firstVisibleBlock()
        last = editor.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1))
        last_line = last.blockNumber()
        first_line = block.blockNumber()
        texts: list[str] = []
        while block.isValid() and block.blockNumber() <= last_line:
            texts.append(block.text())
            block = block.next()
        if not texts:
            editor.set_underlines({})
            return
        offsets = review.offsets
        starts = [offsets.start(first_line + i) for i in range(len(texts))]
        spans = review.suggestions.spans_meeting(starts[0], starts[-1] + len(texts[-1]))
        per_line: dict[int, list[tuple[int, int, int, int]]] = {}
        colours: dict[str, int] = {}
        for s_start, s_end, kind in spans:
            rgba = colours.get(kind)
            if rgba is None:
                rgba = colours[kind] = kind_color(kind).rgba()
            i = max(0, bisect_right(starts, s_start) - 1)
            while i < len(texts) and starts[i] <= s_end:
                line_start, text = starts[i], texts[i]
                a = max(s_start, line_start) - line_start
                b = min(s_end, line_start + len(text)) - line_start
                if a < b:
                    per_line.setdefault(first_line + i, []).append(
                        (s_end - s_start, to_utf16(text, a), to_utf16(text, b), rgba))
                i += 1
        # Whole-paragraph rewrites first, finer ones on top.
        editor.set_underlines({
            line: [(a, b, rgba) for _, a, b, rgba in sorted(found, key=lambda u: -u[0])]
            for line, found in per_line.items()})
