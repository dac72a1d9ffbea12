"""A quiet, non-blocking message strip above the editor (e.g. how a file was decoded)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class NoticeBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        dismiss = QToolButton(text="Dismiss", autoRaise=True)
        dismiss.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(dismiss)
        self.hide()

    def show_notice(self, text: str) -> None:
        self.label.setText(text)
        self.show()

    @property
    def text(self) -> str:
        return self.label.text()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        # A tint of the theme's highlight colour over the page colour: visible in light and
        # dark themes without shouting.
        base = self.palette().color(QPalette.ColorRole.Base)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        tint = QColor(
            (base.red() * 4 + accent.red()) // 5,
            (base.green() * 4 + accent.green()) // 5,
            (base.blue() * 4 + accent.blue()) // 5,
        )
        painter = QPainter(self)
        painter.fillRect(self.rect(), tint)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawLine(self.rect().bottomLeft(), self.rect().bottomRight())
