"""The wavy underlines of a document's open suggestions, one colour per kind.

Only the lines on screen get underlines (cheap on long drafts): they are drawn again when the
view scrolls and after every change the review publishes, at once for the writer's own edits
(`refresh`) or on the next turn of the event loop for background results (`schedule`).
"""

from __future__ import annotations

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
        """Draw the underlines of the suggestions on screen now."""
        self._timer.stop()
        editor, review = self._editor, self._review
        if review.line_count != editor.document().blockCount():
            return  # the lines are being brought up to date; a later change redraws
        viewport = editor.viewport()
        block = editor.firstVisibleBlock()
        last = editor.cursorForPosition(QPoint(viewport.width() - 1, viewport.height() - 1))
        last_line = last.blockNumber()
        spans = []
        while block.isValid() and block.blockNumber() <= last_line:
            line = block.blockNumber()
            text = block.text()
            start = review.offsets.start(line)
            for s in review.suggestions.overlapping(start, start + len(text)):
                a = max(s.start, start) - start
                b = min(s.end, start + len(text)) - start
                spans.append((
                    -(s.end - s.start),  # whole-paragraph rewrites first, finer ones on top
                    block.position() + to_utf16(text, a),
                    block.position() + to_utf16(text, b),
                    kind_color(s.kind),
                ))  # fmt: skip
            block = block.next()
        spans.sort(key=lambda item: item[0])
        editor.set_underlines([(a, b, colour) for _, a, b, colour in spans])
