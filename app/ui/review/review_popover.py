"""The popover that reviews one suggestion at the text: diff, reason, source, and the keys
Enter (accept), Esc (reject), F8 / Shift+F8 (next / previous). It only announces intent."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.analysis.style import kind_label
from app.core.suggestions import Suggestion
from app.ui.review.kind_style import diff_html, kind_color, source_label


class ReviewPopover(QFrame):
    accept_requested = Signal(str, object)  # suggestion id, chosen replacement or None
    reject_requested = Signal(str)
    next_requested = Signal(int)  # +1 next, -1 previous
    ignore_phrase_requested = Signal(str)
    personal_word_requested = Signal(str)
    rewrite_requested = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("reviewPopover")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.suggestion: Suggestion | None = None
        self._alternative: str | None = None

        self.kind = QLabel()
        self.kind.setObjectName("popoverKind")
        self.source = QLabel()
        self.source.setObjectName("popoverSource")
        self.diff = QLabel()
        self.diff.setTextFormat(Qt.TextFormat.RichText)
        self.diff.setWordWrap(True)
        self.diff.setMinimumWidth(320)
        self.diff.setMaximumWidth(520)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setMaximumWidth(520)
        self.position = QLabel()
        self.position.setObjectName("popoverPosition")

        self.accept = QPushButton("Accept  ⏎")
        self.accept.clicked.connect(self._accept)
        self.reject = QPushButton("Reject  Esc")
        self.reject.clicked.connect(self._reject)
        self.next = QPushButton("Next  F8")
        self.next.clicked.connect(lambda: self.next_requested.emit(+1))
        self.more = QToolButton()
        self.more.setText("⋯")
        self.more.setToolTip("More choices")
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.more)
        self.more.setMenu(self.menu)
        for button in (self.accept, self.reject, self.next):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        head = QHBoxLayout()
        head.addWidget(self.kind)
        head.addStretch(1)
        head.addWidget(self.source)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept)
        buttons.addWidget(self.reject)
        buttons.addWidget(self.next)
        buttons.addStretch(1)
        buttons.addWidget(self.position)
        buttons.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.diff)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)

    def show_for(self, s: Suggestion, at: QPoint, index: int = 0, total: int = 1) -> None:
        """Show the suggestion with the popover's top-left near `at` (global coordinates)."""
        self.suggestion = s
        self._alternative = None
        color = kind_color(s.kind).name()
        self.kind.setText(f'<b style="color:{color}">{kind_label(s.kind)}</b>')
        self.source.setText(source_label(s.source))
        self.diff.setText(diff_html(s.original, s.replacement, self.palette()))
        self.reason.setText(s.reason)
        self.position.setText(f"{index + 1} of {total}" if total > 1 else "")
        has_fix = s.replacement is not None
        self.accept.setVisible(has_fix)
        self.reject.setText("Reject  Esc" if has_fix else "Dismiss  Esc")
        self._build_menu(s)
        self.adjustSize()
        screen = self.screen().availableGeometry() if self.screen() else None
        pos = QPoint(at)
        if screen is not None:
            pos.setX(max(screen.left(), min(pos.x(), screen.right() - self.width())))
            if pos.y() + self.height() > screen.bottom():
                pos.setY(pos.y() - self.height() - 28)
        self.move(pos)
        self.show()
        self.setFocus()

    def _build_menu(self, s: Suggestion) -> None:
        self.menu.clear()
        for i, alternative in enumerate(s.alternatives[1:4] if s.alternatives else (), start=2):
            action = self.menu.addAction(f"Use “{alternative}” instead")
            action.setShortcut(QKeySequence(str(i)))
            action.triggered.connect(lambda _=False, a=alternative: self._accept(a))
        if s.alternatives[1:]:
            self.menu.addSeparator()
        if s.kind in ("hard_sentence", "very_hard_sentence", "passive", "predictable"):
            self.menu.addAction("Rewrite with the model").triggered.connect(
                lambda: self.rewrite_requested.emit(s.id)
            )
        self.menu.addAction(f"Ignore “{_short(s.original)}” everywhere").triggered.connect(
            lambda: self.ignore_phrase_requested.emit(s.original)
        )
        if len(s.original.split()) == 1:
            label = ("Add “{}” to the dictionary" if s.kind == "spelling"
                     else "Add “{}” to my word list").format(s.original)
            self.menu.addAction(label).triggered.connect(
                lambda: self.personal_word_requested.emit(s.original)
            )

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._accept()
        elif key == Qt.Key.Key_Escape:
            self._reject()
        elif key == Qt.Key.Key_F8:
            self.next_requested.emit(-1 if shift else +1)
        elif Qt.Key.Key_2 <= key <= Qt.Key.Key_4 and self.suggestion is not None:
            choice = key - Qt.Key.Key_1
            if choice < len(self.suggestion.alternatives):
                self._accept(self.suggestion.alternatives[choice])
        else:
            super().keyPressEvent(event)

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self.closed.emit()

    def _accept(self, alternative: str | None = None) -> None:
        s = self.suggestion
        if s is None:
            return
        if s.replacement is None:
            return
        self.hide()
        self.accept_requested.emit(s.id, alternative)

    def _reject(self) -> None:
        s = self.suggestion
        if s is None:
            return
        self.hide()
        self.reject_requested.emit(s.id)


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
