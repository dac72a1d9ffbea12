"""The Human-ness gauge: a 0–100 score with its label and what drives it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.core.analysis.humanness import MIN_WORDS, Humanness, humanness_label
from app.ui.gauges.gauge_text import restyle

TOOLTIP = (
    "How human the prose sounds, 0–100. With the model loaded: how often each word is the one "
    "the model would have picked, how surprising the words are and how that varies, the "
    "machine habits the rules find and how much sentence length varies. Without it: the "
    "machine habits, sentence-length variation and vocabulary alone."
)


def score_colour(score: int, palette: QPalette) -> QColor:
    dark = palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5
    if score >= 70:
        return QColor("#51cf66" if dark else "#2b8a3e")
    if score >= 45:
        return QColor("#fcc419" if dark else "#e67700")
    return QColor("#ff8787" if dark else "#c92a2a")


class _ScoreBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.score: int | None = None
        self.setMinimumHeight(6)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(120, 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0, 0, -1, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.palette().color(QPalette.ColorRole.Midlight))
        painter.drawRoundedRect(rect, 3, 3)
        if self.score is not None:
            filled = QRectF(rect.left(), rect.top(), rect.width() * self.score / 100, rect.height())
            painter.setBrush(score_colour(self.score, self.palette()))
            painter.drawRoundedRect(filled, 3, 3)


class HumannessGauge(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(TOOLTIP)
        self.value = QLabel("–")
        self.value.setObjectName("humanness_score")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.value.setFont(font)
        self.label = QLabel()
        self.label.setObjectName("humanness_label")
        self.detail = QLabel()
        self.detail.setObjectName("humanness_detail")
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.bar = _ScoreBar()
        self.source = QLabel()
        self.source.setObjectName("humanness_source")
        self.source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.predictability_button = QToolButton()
        self.predictability_button.setText("Show predictability")
        self.predictability_button.setCheckable(True)
        self.predictability_button.setToolTip(
            "Shade the text by how predictable each word is to the model (View ▸ Show "
            "Predictability). Stronger shading: the word a model would have picked.")
        words = QVBoxLayout()
        words.setSpacing(0)
        words.addWidget(self.label)
        words.addWidget(self.detail)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.value)
        row.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.bar)
        under = QHBoxLayout()
        under.addWidget(self.source, 1)
        under.addWidget(self.predictability_button)
        layout.addLayout(under)

    def show_humanness(self, h: Humanness | None, words: int, model_score: int | None = None,
                       coverage: float = 0.0) -> None:
        """The rules-only score, or the model-backed one when the model has read the text
        (`coverage`: the share of its words the model read so far)."""
        if h is not None and words and model_score is not None:
            h = replace(h, score=model_score, label=humanness_label(model_score, words))
            self.source.setText("with the model" + (
                f" (read {coverage:.0%} so far)" if coverage < 0.995 else ""))
        else:
            self.source.setText("rules only (the model has not read this yet)")
        if h is None or not words:
            self.value.setText("–")
            restyle(self.value, "")
            self.label.setText("Nothing to judge yet")
            self.detail.setText("")
            score = None
        else:
            self.value.setText(str(h.score))
            tentative = words < MIN_WORDS  # a score, but too little text to trust its colour
            colour = (
                self.palette().color(QPalette.ColorRole.PlaceholderText)
                if tentative
                else score_colour(h.score, self.palette())
            )
            restyle(self.value, f"color: {colour.name()};")
            self.label.setText(h.label)
            tells = f"{h.ai_tells:,} AI tell{'s' if h.ai_tells != 1 else ''}"
            variety = "varied sentences" if h.sentence_length_cv >= 0.45 else "even sentences"
            self.detail.setText(f"{tells} · {variety}")
            self.detail.setToolTip(
                f"{h.ai_tells_per_1000_words:.1f} AI tells per 1,000 words; sentence-length"
                f" variation {h.sentence_length_cv:.2f}; lexical variety {h.lexical_variety:.2f}"
            )
            score = None if tentative else h.score
        if score != self.bar.score:  # the bar repaints only when its score changes
            self.bar.score = score
            self.bar.update()
