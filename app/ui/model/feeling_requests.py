"""Make it feel… in the window: the selection, or the paragraph at the cursor, moved toward a
feeling (warmer, calmer, more confident, more excited, more reassuring, less angry). The
model thread proposes and checks the wordings (app/llm/feeling.py); what comes back becomes
cards of kind `feeling` whose reason shows how the emotions moved."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu

from app.core.suggestions import Suggestion

TARGETS = ("warmer", "calmer", "more confident", "more excited", "more reassuring",
           "less angry")


class FeelingRequests(QObject):
    status = Signal(str)  # a line for the status bar

    def __init__(self, editor, review, service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor, self._review, self._service = editor, review, service
        self._pending: dict[int, tuple[int, int, str, str]] = {}  # job: line, offset, text, target
        service.fixed.connect(self._on_answer)

    def fill_menu(self, menu: QMenu) -> None:
        for target in TARGETS:
            menu.addAction(f"Make it feel {target}").triggered.connect(
                lambda _=False, t=target: self.ask(t))

    def ask(self, target: str) -> bool:
        if not self._service.ready:
            self.status.emit("The model is not ready yet.")
            return False
        review = self._review.review
        cursor = self._editor.textCursor()
        if cursor.hasSelection():
            start = self._review.to_python(cursor.selectionStart())
            end = self._review.to_python(cursor.selectionEnd())
        else:
            line = cursor.blockNumber()
            start = review.offsets.start(line)
            end = start + len(review.text(line))
        line = review.line_of(start)
        if review.line_of(end) != line:
            self.status.emit("Select text within one paragraph to change how it feels.")
            return False
        base = review.offsets.start(line)
        text = review.text(line)[start - base : end - base]
        stripped = text.strip()
        if len(stripped.split()) < 4:
            self.status.emit("Select a sentence or more to change how it feels.")
            return False
        offset = start - base + (len(text) - len(text.lstrip()))
        job = self._service.make_it_feel(stripped, target)
        self._pending[job] = (line, offset, stripped, target)
        self.status.emit(f"Looking for a {target} wording…")
        return True

    def _on_answer(self, job: int, found: tuple) -> None:
        asked = self._pending.pop(job, None)
        if asked is None:
            return
        line, offset, original, target = asked
        review = self._review.review
        if line >= review.line_count or review.text(line)[offset:].find(original) != 0:
            self.status.emit("The text changed meanwhile; the new wordings were dropped.")
            return
        if not found:
            self.status.emit(f"No {target} wording passed the checks.")
            return
        start = review.offsets.start(line) + offset
        added = []
        for feeling in found[:1]:
            s = Suggestion(
                start=start, end=start + len(original), original=original,
                replacement=feeling.text, kind="feeling",
                reason=f"Reads {target}: {feeling.change()}.",
                source=f"{self._service.model_name or 'local model'} (make it feel {target})",
                revision=review.suggestions.revision,
                alternatives=tuple(f.text for f in found),
            )  # fmt: skip
            if review.add(s):
                added.append(s)
        self._review.publish_added(added)
        self.status.emit(f"A {target} wording is in the suggestions." if added else "")
