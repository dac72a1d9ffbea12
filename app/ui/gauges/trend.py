"""Sentiment drawn: the bar for one score and the trend of one score per paragraph.

Both are painted with QPainter so the side panel needs no plotting library. A long document has
more paragraphs than the trend has pixels, so the series is averaged into one bucket per pixel
column; the shape stays honest and painting costs the widget's width, not the document's length.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.ui.theme import is_dark

EMPTY_TEXT = "Write a few paragraphs to see the trend"
MIN_POINTS = 2  # one paragraph is a point, not a trend
SCALE_STEPS = (0.25, 0.5, 1.0)  # the compound score at the top (and bottom) edge


def sentiment_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """(positive, negative) accents: mid-tones that keep contrast on light and dark windows."""
    if is_dark(palette):
        return QColor("#4cc38a"), QColor("#f07167")
    return QColor("#1f8a5b"), QColor("#c8443a")


def bucket_means(values: Sequence[float], buckets: int) -> list[float]:
    """The mean of each of `buckets` consecutive, near-equal slices of values."""
    n = len(values)
    if buckets <= 0 or n == 0:
        return []
    if n <= buckets:
        return list(values)
    means = []
    for b in range(buckets):
        start = b * n // buckets
        end = (b + 1) * n // buckets
        chunk = values[start:end]
        means.append(sum(chunk) / len(chunk))
    return means


class SentimentBar(QWidget):
    """A track from −1 to +1 with the score filled from the centre and a marker on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(16)

    def sizeHint(self) -> QSize:
        return QSize(240, 16)

    @property
    def value(self) -> float | None:
        return self._value

    def set_value(self, value: float | None) -> None:
        value = None if value is None else max(-1.0, min(1.0, value))
        if value is None or self._value is None or abs(value - self._value) >= 5e-4:
            self._value = value  # a smaller change moves no pixel: no repaint
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        track = QRectF(6, self.height() / 2 - 3, self.width() - 12, 6)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(track, 3, 3)
        centre = track.center().x()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.PlaceholderText), 1))
        painter.drawLine(QPointF(centre, 1), QPointF(centre, self.height() - 1))
        if self._value is None:
            return
        positive, negative = sentiment_colours(palette)
        colour = positive if self._value >= 0 else negative
        x = centre + self._value * track.width() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(min(centre, x), track.top(), abs(x - centre), 6), 3, 3)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Base), 2))
        painter.drawEllipse(QPointF(x, track.center().y()), 6, 6)


class SentimentTrend(QWidget):
    """Compound sentiment per paragraph; the cursor's paragraph is marked."""

    _MARGIN = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: list[float] = []
        self._current = -1
        self.setMinimumHeight(56)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setToolTip(
            "How positive or negative each paragraph sounds, from the start of the document"
            " to the end; the line marks the paragraph with the cursor."
        )

    def sizeHint(self) -> QSize:
        return QSize(300, 72)

    def set_series(self, values: Sequence[float], current: int = -1) -> None:
        """values: compound per paragraph (-1..1); current: index of the cursor's one or -1."""
        self._values = list(values)
        self._current = current if 0 <= current < len(self._values) else -1
        self.update()

    @property
    def values(self) -> list[float]:
        return list(self._values)

    @property
    def current(self) -> int:
        return self._current

    def _plot_rect(self) -> QRectF:
        m = self._MARGIN
        return QRectF(m, m, max(1, self.width() - 2 * m), max(1, self.height() - 2 * m))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        rect = self._plot_rect()
        frame = QColor(palette.color(QPalette.ColorRole.Mid))
        painter.setPen(QPen(frame, 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(rect, 4, 4)
        if len(self._values) < MIN_POINTS:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             EMPTY_TEXT)
            return
        inner = rect.adjusted(2, 3, -2, -3)
        means = bucket_means(self._values, max(1, int(inner.width())))
        zero_y = inner.center().y()
        # Paragraph scores are word-weighted means and rarely pass ±0.5; the scale steps up
        # (0.25, 0.5, 1) to fit the strongest bucket so the shape stays readable.
        peak = max(abs(v) for v in means)
        scale = next(step for step in SCALE_STEPS if peak <= step or step == SCALE_STEPS[-1])
        half = inner.height() / 2
        step = inner.width() / len(means)

        def point(i: int, v: float) -> QPointF:
            clamped = max(-scale, min(scale, v))
            return QPointF(inner.left() + (i + 0.5) * step, zero_y - clamped / scale * half)

        curve = [point(i, v) for i, v in enumerate(means)]
        # Stretch the ends to the frame so a short series still spans the full width.
        curve.insert(0, QPointF(inner.left(), curve[0].y()))
        curve.append(QPointF(inner.right(), curve[-1].y()))
        area = QPolygonF(
            [QPointF(inner.left(), zero_y), *curve, QPointF(inner.right(), zero_y)]
        )
        positive, negative = sentiment_colours(palette)
        # One polygon between the curve and the zero line, filled twice: clipped above the
        # line in the positive colour and below it in the negative one.
        for colour, clip in (
            (positive, QRectF(inner.left(), inner.top(), inner.width(), half)),
            (negative, QRectF(inner.left(), zero_y, inner.width(), half)),
        ):
            painter.save()
            painter.setClipRect(clip)
            fill = QColor(colour)
            fill.setAlpha(110)
            painter.setPen(QPen(colour, 1.2))
            painter.setBrush(fill)
            painter.drawPolygon(area)
            painter.restore()
        painter.setPen(QPen(frame, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(inner.left(), zero_y), QPointF(inner.right(), zero_y))
        if self._current >= 0:
            bucket = self._current * len(means) // len(self._values)
            x = inner.left() + (bucket + 0.5) * step
            marker = palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(marker, 2))
            painter.drawLine(QPointF(x, inner.top()), QPointF(x, inner.bottom()))
            painter.setBrush(marker)
            painter.drawEllipse(point(bucket, means[bucket]), 3, 3)

    def event(self, event: QEvent) -> bool:
        # The tooltip names the paragraph under the mouse, then explains the gauge.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._show_tooltip(event.pos().x(), event.globalPos())
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if QToolTip.isVisible():
            self._show_tooltip(event.position().x(), event.globalPosition().toPoint())
        super().mouseMoveEvent(event)

    def paragraph_at(self, x: float) -> int:
        """Index in the series of the paragraph drawn at x, or -1 when there is no trend."""
        n = len(self._values)
        if n < MIN_POINTS:
            return -1
        inner = self._plot_rect().adjusted(2, 3, -2, -3)
        fraction = (x - inner.left()) / inner.width()
        return max(0, min(n - 1, int(fraction * n)))

    def _show_tooltip(self, x: float, global_pos: QPoint) -> None:
        index = self.paragraph_at(x)
        text = self.toolTip()
        if index >= 0:
            text = (
                f"Paragraph {index + 1} of {len(self._values)}: {self._values[index]:+.2f}\n{text}"
            )
        QToolTip.showText(global_pos, text, self)
