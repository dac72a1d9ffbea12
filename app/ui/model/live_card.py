"""The top of the suggestions panel: the tone selector, the live-suggestions switch and the
"live" card that shows the model's text while it is being written."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.prompts import TONE_DESCRIPTIONS, TONES


class ModelBar(QWidget):
    tone_changed = Signal(str)
    live_toggled = Signal(bool)

    def __init__(self, tone: str, live: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tone = QComboBox()
        self.tone.setAccessibleName("Tone")
        self.tone.setToolTip("The tone the model rewrites in")
        self.set_tones(list(TONES), tone)
        self.tone.currentIndexChanged.connect(lambda _i: self.tone_changed.emit(self.tone_name))
        self.live = QCheckBox("Live")
        self.live.setChecked(live)
        self.live.setToolTip("Rewrite the paragraph at the cursor whenever you pause typing")
        self.live.toggled.connect(self.live_toggled)
        label = QLabel("Tone")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.tone, 1)
        row.addWidget(self.live)

    def set_tones(self, names: list[str], current: str | None = None,
                  descriptions: dict[str, str] | None = None) -> None:
        """Offer `names` (presets, "My voice", the writer's tones), keeping the choice when it
        is still there; a tone that is gone falls back to Natural (tone_changed says so)."""
        wanted = current if current is not None else self.tone_name
        described = {**TONE_DESCRIPTIONS, **(descriptions or {})}
        before = self.tone_name if self.tone.count() else None
        self.tone.blockSignals(True)
        self.tone.clear()
        for name in names:
            self.tone.addItem(name, name)
            self.tone.setItemData(self.tone.count() - 1, described.get(name, ""),
                                  Qt.ItemDataRole.ToolTipRole)
        self.tone.setCurrentIndex(max(0, self.tone.findData(wanted)))
        self.tone.blockSignals(False)
        if before is not None and self.tone_name != before:
            self.tone_changed.emit(self.tone_name)

    @property
    def tone_name(self) -> str:
        return self.tone.currentData() or "Natural"


class LiveCard(QFrame):
    """Shows what the model is writing, candidate by candidate; hidden when idle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("liveCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("liveTitle")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setObjectName("liveText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self._candidate = -1
        self.hide()

    def start(self, what: str, candidates: int) -> None:
        self._candidates = candidates
        self._candidate = -1
        self._what = what
        self.title.setText(f"● live: rewriting {what} …")
        self.text.setText("")
        self.show()

    def add(self, candidate: int, text: str) -> None:
        if candidate != self._candidate:
            self._candidate = candidate
            self.title.setText(
                f"● live: rewriting {self._what} · draft {candidate + 1} of {self._candidates}"
            )
            self.text.setText("")
            text = text.lstrip()
        self.text.setText(self.text.text() + text)

    def finish(self, message: str = "") -> None:
        if message:
            self.title.setText(message)
            self.text.setText("")
        else:
            self.hide()
