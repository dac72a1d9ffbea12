"""The writing surface: a plain-text editor with a centred column of readable width, a calm
default font, zoom, light Markdown highlighting and file drops."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QWidget

from app.ui.editor.highlighter import MarkdownHighlighter
from app.ui.theme import markdown_colors

# Extensions a drop opens as a document; anything else is left to the default drop handling.
DROPPABLE_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})

# Fonts chosen for long reading, first available wins; the platform default is the fallback.
_PREFERRED_FAMILIES = (
    "Charter", "Iowan Old Style", "Source Serif 4", "Source Serif Pro", "Literata",
    "Noto Serif", "Georgia", "DejaVu Serif",
)

COLUMN_CHARACTERS = 76  # a comfortable line length for prose
_MIN_SIDE_MARGIN = 24
_TOP_MARGIN = 28
ZOOM_RANGE = (-6, 24)  # point-size steps relative to the base size


def _wave_tile(colour: QColor, size: float) -> QPixmap:
    """One period of the wavy underline, drawn once per colour and zoom and then tiled."""
    period = max(4, round(6 * size))
    height = max(4, round(4 * size))
    tile = QPixmap(period, height)
    tile.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, 1.2 * size))
    middle, amplitude = height / 2, height / 2 - 0.8 * size
    path = QPainterPath(QPointF(0, middle))
    path.quadTo(QPointF(period / 4, middle - 2 * amplitude), QPointF(period / 2, middle))
    path.quadTo(QPointF(3 * period / 4, middle + 2 * amplitude), QPointF(period, middle))
    painter.drawPath(path)
    painter.end()
    return tile


def default_font_family() -> str:
    available = set(QFontDatabase.families())
    for family in _PREFERRED_FAMILIES:
        if family in available:
            return family
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


class WriterEditor(QPlainTextEdit):
    file_dropped = Signal(str)
    zoom_changed = Signal(int)  # zoom step, 0 = the base size

    def __init__(self, parent: QWidget | None = None, font_family: str = "",
                 font_size: int = 13) -> None:
        super().__init__(parent)
        # First, so palette changes from the set-up below already find it.
        self.highlighter = MarkdownHighlighter(self.document(), self.palette())
        self._base_size = max(6, font_size)
        self._zoom = 0
        self._family = font_family or default_font_family()
        # Block number -> [(start, end, rgba)] inside the block, for the blocks on screen.
        self._underlines: dict[int, list[tuple[int, int, int]]] = {}
        self._layers: dict[str, list] = {}  # background selections by layer
        self._wave_tiles: dict[tuple[int, int], QPixmap] = {}
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setAcceptDrops(True)
        # The margins around the centred column are part of the page, not the window chrome.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setPlaceholderText("Start writing, or drop a Markdown or text file here.")
        self.verticalScrollBar().installEventFilter(self)
        self._apply_font()

    # --- highlighting -------------------------------------------------------------------------

    @property
    def highlighting_enabled(self) -> bool:
        return self.highlighter.document() is not None

    def set_highlighting(self, enabled: bool) -> None:
        """Switch Markdown highlighting on or off (it is switched off for very large documents,
        where re-highlighting on every edit would make typing lag)."""
        if enabled == self.highlighting_enabled:
            return
        self.highlighter.setDocument(self.document() if enabled else None)

    def suspend_highlighting(self) -> None:
        """Leave text plain while a big file streams in (see resume_highlighting)."""
        self.highlighter.suspend()

    def resume_highlighting(self) -> None:
        """Highlight edits again and catch up on the rest of the text in the background."""
        self.highlighter.resume()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_colors(markdown_colors(self.palette()))

    # --- zoom -----------------------------------------------------------------------------------

    @property
    def zoom_step(self) -> int:
        return self._zoom

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def reset_zoom(self) -> None:
        self.set_zoom(0)

    def set_zoom(self, step: int) -> None:
        low, high = ZOOM_RANGE
        step = max(low, min(high, step), 6 - self._base_size)
        if step == self._zoom:
            return
        self._zoom = step
        self._apply_font()
        self.zoom_changed.emit(step)

    def set_base_font(self, family: str, size: int) -> None:
        self._family = family or default_font_family()
        self._base_size = max(6, size)
        self._apply_font()

    # --- suggestion underlines ---------------------------------------------------------------

    def set_selection_layer(self, name: str, selections: list) -> None:
        """Coloured backgrounds under the text (QTextEdit.ExtraSelection), kept per layer so
        the predictability shading and the words behind an emotion can show together."""
        self._layers[name] = selections
        self.setExtraSelections([s for layer in self._layers.values() for s in layer])

    def set_underlines(self, underlines: dict[int, list[tuple[int, int, int]]]) -> None:
        """Wavy underlines of the paragraphs on screen, drawn over the text: block number ->
        [(start, end, rgba)], positions inside the block in Qt's units, drawn in that order.

        Painted here rather than through ExtraSelections: Qt's own wave is a hairline that
        reads as a plain underline, and a writer must see the colour at a glance. In the
        block's own positions, a keystroke changes only the edited paragraph's underlines,
        and only the paragraphs whose underlines changed are repainted."""
        old = self._underlines
        self._underlines = underlines
        changed = [n for n in old.keys() | underlines.keys() if old.get(n) != underlines.get(n)]
        if not changed:
            return
        if len(changed) > 32:
            self.viewport().update()
            return
        document = self.document()
        offset = self.contentOffset()
        width = self.viewport().width()
        for number in changed:
            block = document.findBlockByNumber(number)
            if block.isValid():
                box = self.blockBoundingGeometry(block).translated(offset)
                self.viewport().update(0, int(box.top()) - 2, width, int(box.height()) + 8)

    def underline_spans(self) -> list[tuple[int, int, int]]:
        """The underlines drawn now, as (start, end, rgba) in document positions."""
        document = self.document()
        spans = []
        for number, found in sorted(self._underlines.items()):
            position = document.findBlockByNumber(number).position()
            spans.extend((position + a, position + b, rgba) for a, b, rgba in found)
        return spans

    def visible_lines(self) -> range:
        """The paragraphs (block numbers) on screen, wholly or in part."""
        first = self.firstVisibleBlock().blockNumber()
        viewport = self.viewport()
        last = self.cursorForPosition(
            QPoint(viewport.width() - 1, viewport.height() - 1)).blockNumber()
        return range(max(0, first), max(first, last) + 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        if not self._underlines:
            return
        painter = QPainter(self.viewport())
        offset = self.contentOffset()
        area = event.rect()
        size = max(1.0, self.font().pointSizeF() / 9)  # the wave grows with zoom
        underlines = self._underlines
        # Only the paragraphs in the area being painted (after a keystroke, the edited one):
        # each one's geometry is asked once, and the others' underlines are not looked at.
        block = self.firstVisibleBlock()
        while block.isValid():
            box = self.blockBoundingGeometry(block).translated(offset)
            if box.top() > area.bottom():
                break
            if block.isVisible() and box.bottom() >= area.top():
                here = underlines.get(block.blockNumber())
                if here:
                    self._paint_block_underlines(painter, block, box, here, size)
            block = block.next()
        painter.end()

    def _paint_block_underlines(self, painter: QPainter, block, box: QRectF,
                                underlines: list[tuple[int, int, int]], size: float) -> None:
        layout = block.layout()
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        line_starts = [line.textStart() for line in lines]
        line_ends = [start + line.textLength() for start, line in zip(line_starts, lines,
                                                                       strict=True)]
        for first, last, rgba in underlines:
            key = (rgba, round(size * 4))
            tile = self._wave_tiles.get(key)
            if tile is None:
                tile = self._wave_tiles[key] = _wave_tile(QColor.fromRgba(rgba), size)
            # From the line the underline starts on, to the one it ends on.
            for i in range(max(0, bisect_right(line_starts, first) - 1), len(lines)):
                if line_starts[i] >= last:
                    break
                line = lines[i]
                a = max(first, line_starts[i])
                b = min(last, line_ends[i])
                if a >= b:
                    continue
                x1 = box.left() + line.cursorToX(a)[0]
                x2 = box.left() + line.cursorToX(b)[0]
                y = box.top() + line.y() + line.ascent() + 0.8 * size
                painter.drawTiledPixmap(
                    QRectF(x1, y, x2 - x1, tile.height()), tile, QPointF(x1 % tile.width(), 0)
                )

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.set_zoom(self._zoom + (1 if delta > 0 else -1))
            event.accept()
            return
        super().wheelEvent(event)

    def _apply_font(self) -> None:
        font = QFont(self._family)
        font.setPointSize(self._base_size + self._zoom)
        font.setStyleHint(QFont.StyleHint.Serif)
        self.setFont(font)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self._update_margins()

    # --- centred column -----------------------------------------------------------------------

    def column_width(self) -> int:
        """Width of the text column in pixels at the current font size."""
        return COLUMN_CHARACTERS * self.fontMetrics().averageCharWidth()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        self._update_margins()
        super().resizeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.verticalScrollBar() and event.type() in (QEvent.Type.Show,
                                                                     QEvent.Type.Hide):
            self._update_margins()
        return super().eventFilter(watched, event)

    def _update_margins(self) -> None:
        # The column's place is worked out as if the scrollbar were always there, and the right
        # margin takes up its width while it is hidden: the text never jumps sideways when a
        # growing document brings the scrollbar in.
        bar = self.verticalScrollBar()
        bar_width = bar.sizeHint().width()
        spare = self.width() - bar_width - self.column_width()
        side = max(_MIN_SIDE_MARGIN, spare // 2)
        right = side if bar.isVisibleTo(self) else side + bar_width
        self.setViewportMargins(side, _TOP_MARGIN, right, 0)

    # --- drops --------------------------------------------------------------------------------

    @staticmethod
    def _dropped_file(mime: QMimeData) -> str | None:
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in DROPPABLE_SUFFIXES:
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if self._dropped_file(event.mimeData()):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 (Qt override)
        if self._dropped_file(event.mimeData()):
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        path = self._dropped_file(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.file_dropped.emit(path)
            return
        super().dropEvent(event)
