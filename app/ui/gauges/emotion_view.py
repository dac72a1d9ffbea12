"""Feeling in the editor: the words behind an emotion, highlighted when the writer clicks its
bar, and View ▸ Emotional Arc, the document's feeling from start to end.

The arc is the valence (positive minus negative feeling) of each paragraph plus the emotions
the writer ticks, each smoothed over a window of SMOOTH paragraphs, drawn with QPainter; a
marker shows the cursor's paragraph and a click jumps to the paragraph under it. It is fed
from the analyzer's per-paragraph counts on a short timer (they are kept up to date as the
writer types), so drawing it costs one pass over the paragraphs, never the model.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.analysis.emotion import LABELS, EmotionModel
from app.core.offsets import to_utf16
from app.ui.gauges.emotion_bars import EMOTION_COLORS

SMOOTH = 3  # paragraphs each point of the arc averages


class EmotionCues:
    """Highlights, in the cursor's paragraph, the words that carry one emotion."""

    def __init__(self, editor, live) -> None:
        self._editor = editor
        self._live = live
        self.emotion = ""
        live.lines_replaced.connect(lambda *_: self.refresh())
        editor.cursorPositionChanged.connect(self.refresh)

    def show(self, emotion: str) -> None:
        self.emotion = emotion
        self.refresh()

    def refresh(self) -> None:
        editor = self._editor
        if not self.emotion:
            editor.set_selection_layer("emotion", [])
            return
        block = editor.textCursor().block()
        text = block.text()
        feeling = EmotionModel.load().score_paragraph(text)
        colour = QColor(EMOTION_COLORS[self.emotion])
        colour.setAlpha(90)
        selections = []
        for cue in feeling.cues:
            if cue.emotion != self.emotion:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + to_utf16(text, cue.start))
            cursor.setPosition(block.position() + to_utf16(text, cue.end),
                               QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(colour)
            fmt.setToolTip(f"{self.emotion}: {cue.weight:.0%} of its score here")
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        editor.set_selection_layer("emotion", selections)


def smooth(values: list[float], window: int = SMOOTH) -> list[float]:
    half = window // 2
    spans = [values[max(0, i - half) : i + half + 1] for i in range(len(values))]
    return [sum(span) / len(span) for span in spans]


class ArcPlot(QWidget):
    """The arc itself. Lines are (line number, valence, {emotion: score})."""

    paragraph_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[int, float, dict[str, float]]] = []
        self.shown: set[str] = set()
        self.cursor_line = -1
        self.setMinimumSize(420, 220)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(640, 280)

    def set_points(self, points, cursor_line: int) -> None:
        self.points, self.cursor_line = points, cursor_line
        self.update()

    def _area(self) -> QRectF:
        return QRectF(self.rect()).adjusted(40, 14, -12, -26)

    def _x(self, index: int) -> float:
        area = self._area()
        return area.left() + (area.width() * index / max(1, len(self.points) - 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.points:
            return
        area = self._area()
        share = (event.position().x() - area.left()) / max(1.0, area.width())
        index = round(min(1.0, max(0.0, share)) * (len(self.points) - 1))
        self.paragraph_clicked.emit(self.points[index][0])

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        area = self._area()
        grid = palette.color(QPalette.ColorRole.Mid)
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        middle = area.center().y()
        painter.drawLine(QPointF(area.left(), middle), QPointF(area.right(), middle))
        painter.setPen(text)
        painter.drawText(QRectF(0, area.top() - 8, 36, 16), Qt.AlignmentFlag.AlignRight,
                         "+")
        painter.drawText(QRectF(0, area.bottom() - 8, 36, 16), Qt.AlignmentFlag.AlignRight,
                         "−")
        painter.drawText(QRectF(area.left(), area.bottom() + 6, area.width(), 18),
                         Qt.AlignmentFlag.AlignLeft, "start")
        painter.drawText(QRectF(area.left(), area.bottom() + 6, area.width(), 18),
                         Qt.AlignmentFlag.AlignRight, "end")
        if not self.points:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "No paragraphs to show yet.")
            return
        series = [("valence", [p[1] for p in self.points], text, -1.0, 1.0)]
        for emotion in sorted(self.shown):
            series.append((emotion, [p[2].get(emotion, 0.0) for p in self.points],
                           QColor(EMOTION_COLORS[emotion]), 0.0, 0.5))
        for name, values, colour, low, high in series:
            path = QPainterPath()
            for index, value in enumerate(smooth(values)):
                level = (min(high, max(low, value)) - low) / (high - low)
                y = area.bottom() - level * area.height()
                point = QPointF(self._x(index), y)
                path.moveTo(point) if index == 0 else path.lineTo(point)
            painter.setPen(QPen(colour, 2.4 if name == "valence" else 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        marker = next((i for i, p in enumerate(self.points) if p[0] >= self.cursor_line), None)
        if marker is not None:
            accent = palette.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(accent, 1.5))
            x = self._x(marker)
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))


class ArcWindow(QDialog):
    """View ▸ Emotional Arc: the plot, the emotions to draw, Save as PNG."""

    def __init__(self, editor, live, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Emotional arc")
        self._editor, self._live = editor, live
        self.plot = ArcPlot()
        self.plot.paragraph_clicked.connect(self._jump)
        choices = QHBoxLayout()
        choices.addWidget(QLabel("Also draw:"))
        self.boxes = {}
        for emotion in LABELS:
            box = QCheckBox(emotion)
            box.toggled.connect(self._choose)
            choices.addWidget(box)
            self.boxes[emotion] = box
        choices.addStretch(1)
        save = QPushButton("Save as PNG…")
        save.clicked.connect(self.save_png)
        note = QLabel("The black line is valence: how positive the feeling is, from start to "
                      f"end, each point the mean of {SMOOTH} paragraphs. Click to go there.")
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout = QVBoxLayout(self)
        layout.addWidget(self.plot, 1)
        layout.addLayout(choices)
        bottom = QHBoxLayout()
        bottom.addWidget(note, 1)
        bottom.addWidget(save)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.refresh)
        live.lines_replaced.connect(lambda *_: self._timer.start())
        live.document_reset.connect(lambda *_: self._timer.start())
        editor.cursorPositionChanged.connect(self._move_marker)
        self.refresh()

    def refresh(self) -> None:
        points = []
        for line, counts in self._live.analyzer.emotion_series():
            score = counts.score()
            points.append((line, score.valence, dict(score.scores)))
        self.plot.set_points(points, self._editor.textCursor().blockNumber())

    def _move_marker(self) -> None:
        self.plot.cursor_line = self._editor.textCursor().blockNumber()
        self.plot.update()

    def _choose(self, _checked: bool) -> None:
        self.plot.shown = {e for e, box in self.boxes.items() if box.isChecked()}
        self.plot.update()

    def _jump(self, line: int) -> None:
        block = self._editor.document().findBlockByNumber(line)
        if block.isValid():
            self._editor.setTextCursor(QTextCursor(block))
            self._editor.centerCursor()
            self._editor.setFocus()

    def image(self) -> QImage:
        image = QImage(self.plot.size() * 2, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(2)
        image.fill(self.plot.palette().color(QPalette.ColorRole.Base))
        self.plot.render(image)
        return image

    def save_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the arc", "emotional-arc.png",
                                              "PNG images (*.png)")
        if path:
            self.image().save(path, "PNG")


def install_feeling(window, view_menu) -> EmotionCues:
    """The words behind a clicked emotion, and View ▸ Emotional Arc."""
    cues = EmotionCues(window.editor, window.live)
    window.gauges.feeling.bars.emotion_clicked.connect(cues.show)
    arc: list[ArcWindow] = []

    def show_arc() -> None:
        if not arc:
            arc.append(ArcWindow(window.editor, window.live, window))
        arc[0].refresh()
        arc[0].show()
        arc[0].raise_()

    window.add_action(view_menu, "Emotional &Arc", show_arc, ["Ctrl+Shift+A"])
    return cues
