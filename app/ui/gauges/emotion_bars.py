"""What a reader will feel: the eight emotions of the paragraph at the cursor (or of the
document) as labelled bars, the strongest named in words, and a click on a bar to see the
words behind that emotion in the editor."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.analysis.emotion import LABELS, NEUTRAL, EmotionScore

# How the reader would put it; the model's label in brackets.
FEELING_WORDS = {
    "anger": "angry", "anticipation": "eager", "disgust": "put off", "fear": "anxious",
    "joy": "happy", "sadness": "sad", "surprise": "surprised", "trust": "reassured",
}
EMOTION_COLORS = {
    "anger": "#e03131", "anticipation": "#f08c00", "disgust": "#66a80f", "fear": "#7048e8",
    "joy": "#fab005", "sadness": "#1c7ed6", "surprise": "#0ca678", "trust": "#37b24d",
}
ROW = 17


def reads_as(score: EmotionScore) -> str:
    """"reads as: anxious (fear), some anticipation" or "reads as: neutral"."""
    if score.label == NEUTRAL or score.intensity < 0.2:
        return "reads as: neutral, informational"
    first, second = score.top(2)
    text = f"reads as: {FEELING_WORDS[first]} ({first})"
    if score.scores[second] >= 0.6 * score.scores[first]:
        text += f", some {second}"
    return text


class EmotionBars(QWidget):
    """Eight bars, one per emotion; a click asks to see the words behind one."""

    emotion_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score: EmotionScore | None = None
        self.selected = ""
        self.setMinimumHeight(ROW * len(LABELS))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("How strongly each emotion comes through. Click one to see the words "
                        "behind it in the text.")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(220, ROW * len(LABELS))

    def set_score(self, score: EmotionScore | None) -> None:
        if _shown(score) != _shown(self.score):  # a change too small to see is not repainted
            self.score = score
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        row = int(event.position().y() // ROW)
        if 0 <= row < len(LABELS):
            emotion = LABELS[row]
            self.selected = "" if emotion == self.selected else emotion
            self.update()
            self.emotion_clicked.emit(self.selected)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        label_width = 92
        track = palette.color(QPalette.ColorRole.Midlight)
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        top_score = max((self.score.scores[e] for e in LABELS), default=0.0) if self.score else 0
        for row, emotion in enumerate(LABELS):
            y = row * ROW
            font = painter.font()
            font.setBold(emotion == self.selected)
            painter.setFont(font)
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, y, label_width - 6, ROW),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, emotion)
            bar = QRectF(label_width, y + 5, self.width() - label_width - 2, ROW - 10)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(track)
            painter.drawRoundedRect(bar, 3, 3)
            if self.score is not None and top_score > 0:
                share = self.score.scores[emotion] / top_score * max(0.15, self.score.intensity)
                filled = QRectF(bar.left(), bar.top(), bar.width() * min(1.0, share), bar.height())
                painter.setBrush(QColor(EMOTION_COLORS[emotion]))
                painter.drawRoundedRect(filled, 3, 3)


class FeelingGauge(QWidget):
    """The bars with their sentence: what the reader will feel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("–")
        self.summary.setObjectName("feeling_summary")
        self.summary.setWordWrap(True)
        self.bars = EmotionBars()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.bars)

    def show_emotion(self, score: EmotionScore | None, words: int) -> None:
        if score is None or not words:
            self.summary.setText("–")
            self.bars.set_score(None)
            return
        text = reads_as(score)
        if self.summary.text() != text:
            self.summary.setText(text)
        self.bars.set_score(score)


def _shown(score: EmotionScore | None) -> tuple | None:
    """What the bars show of a score, to a thousandth of a bar."""
    if score is None:
        return None
    return score.label, round(score.intensity, 3), tuple(
        (label, round(value, 3)) for label, value in sorted(score.scores.items()))
