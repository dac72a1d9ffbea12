"""A suggestion card of the side panel, painted: its diff, reason and Accept / Reject buttons.

Cards are painted, not widgets, so a draft with thousands of suggestions scrolls smoothly.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEvent, QModelIndex, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core.analysis.style import kind_label
from app.core.suggestions import Suggestion
from app.ui.review.kind_style import diff_html, kind_color, source_label
from app.ui.review.suggestion_list import SuggestionRole

DIFF_DOCS = 300  # laid-out diffs of cards kept (each ~27 KB; there were up to 2,000)
# Painted cards kept as pixmaps (about 200 KB each at 400 x 120 pixels): the cards on screen
# (seven in a window 850 pixels high, more on a tall screen) and some scrolled past. Any change to
# the list repaints every card in view (Qt), and painting one here is about half a millisecond of
# Python; drawing its pixmap is a blit.
CARD_PIXMAPS = 24
_PAD = 10
_GAP = 6
_BUTTON_H = 24


class SuggestionCardDelegate(QStyledItemDelegate):
    """Paints a card; clicks on its buttons call accept/reject with the suggestion's id."""

    clicked_button = Signal(str, str)  # suggestion id, "accept" | "reject"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc_cache: OrderedDict[tuple[str, str, int, str], QTextDocument] = OrderedDict()
        self._pixmaps: OrderedDict[tuple, QPixmap] = OrderedDict()

    # --- geometry -----------------------------------------------------------------------

    def _diff_doc(self, s: Suggestion, width: int, palette: QPalette, font: QFont) -> QTextDocument:
        key = (
            s.original,
            s.replacement or "\0",
            width,
            palette.color(QPalette.ColorRole.Base).name(),
        )
        doc = self._doc_cache.get(key)
        if doc is not None:
            self._doc_cache.move_to_end(key)
        else:
            # ~27 KB each with its layout: the cards on screen and those scrolled past lately.
            while len(self._doc_cache) >= DIFF_DOCS:
                self._doc_cache.popitem(last=False)
            doc = QTextDocument()
            doc.setDefaultFont(font)
            doc.setDocumentMargin(0)
            doc.setHtml(diff_html(s.original, s.replacement, palette))
            doc.setTextWidth(width)
            self._doc_cache[key] = doc
        return doc

    def _layout(
        self, option: QStyleOptionViewItem, s: Suggestion | None
    ) -> dict[str, QRect | QTextDocument | None]:
        """Every card has the same height (two lines of diff, one of reason), so the list can
        use uniform item sizes and stay quick with thousands of cards; the popover and the
        tooltip show a long suggestion whole."""
        card = option.rect.adjusted(4, 3, -4, -3)
        inner = card.adjusted(_PAD + 4, _PAD, -_PAD, -_PAD)
        head_h = QFontMetrics(_small_bold(option.font)).height()
        line_h = QFontMetrics(option.font).lineSpacing()
        reason_h = QFontMetrics(_small(option.font)).height()
        doc = None
        if s is not None:
            doc = self._diff_doc(s, max(80, inner.width()), option.palette, option.font)
        top = inner.top()
        head = QRect(inner.left(), top, inner.width(), head_h)
        top += head_h + _GAP
        diff = QRect(inner.left(), top, inner.width(), 2 * line_h)
        top += diff.height() + _GAP
        reason = QRect(inner.left(), top, inner.width(), reason_h)
        top += reason_h + _GAP
        accept = QRect(inner.left(), top, 76, _BUTTON_H)
        reject = QRect(accept.right() + 8, top, 70, _BUTTON_H)
        card.setBottom(top + _BUTTON_H + _PAD)
        return {
            "card": card,
            "head": head,
            "diff": diff,
            "doc": doc,
            "reason": reason,
            "accept": accept,
            "reject": reject,
        }

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = opt.widget.viewport().width() if opt.widget is not None else 300
        opt.rect = QRect(0, 0, width, 10_000)
        geometry = self._layout(opt, None)
        return QSize(width, geometry["card"].bottom() + 4)

    # --- painting -----------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        s = index.data(SuggestionRole)
        if s is None:
            return
        size = option.rect.size()
        ratio = painter.device().devicePixelRatioF()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        # Everything a card's look depends on: the suggestion (its id changes with its
        # content), the size, selection, the theme and the font.
        key = (s.id, size.width(), size.height(), selected, option.palette.cacheKey(),
               option.font.key(), ratio)
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
        else:
            pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            card = QStyleOptionViewItem(option)
            card.rect = QRect(QPoint(0, 0), size)
            card_painter = QPainter(pixmap)
            try:
                self._paint_card(card_painter, card, s)
            finally:
                card_painter.end()
            self._pixmaps[key] = pixmap
            while len(self._pixmaps) > CARD_PIXMAPS:
                self._pixmaps.popitem(last=False)
        painter.drawPixmap(option.rect.topLeft(), pixmap)

    def _paint_card(self, painter: QPainter, option: QStyleOptionViewItem, s: Suggestion) -> None:
        g = self._layout(option, s)
        palette = option.palette
        base = palette.color(QPalette.ColorRole.Base)
        color = kind_color(s.kind)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        card: QRect = g["card"]
        fill = (
            palette.color(QPalette.ColorRole.AlternateBase)
            if not selected
            else _mix(color, base, 0.14)
        )
        painter.setPen(
            _mix(color, base, 0.55) if selected else palette.color(QPalette.ColorRole.Mid)
        )
        painter.setBrush(fill)
        painter.drawRoundedRect(card, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawRoundedRect(QRect(card.left(), card.top(), 4, card.height()), 2, 2)

        head: QRect = g["head"]
        painter.setFont(_small_bold(option.font))
        painter.setPen(color)
        painter.drawText(
            head, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, kind_label(s.kind)
        )
        painter.setFont(_small(option.font))
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        source = QFontMetrics(_small(option.font)).elidedText(
            source_label(s.source), Qt.TextElideMode.ElideRight, head.width() // 2
        )
        painter.drawText(head, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, source)

        diff: QRect = g["diff"]
        painter.translate(diff.topLeft())
        g["doc"].drawContents(painter, QRectF(0, 0, diff.width(), diff.height()))
        painter.translate(-diff.topLeft())

        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        painter.setFont(_small(option.font))
        reason: QRect = g["reason"]
        painter.drawText(
            reason,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(_small(option.font)).elidedText(
                s.reason, Qt.TextElideMode.ElideRight, reason.width()
            ),
        )
        painter.setFont(option.font)

        if s.replacement is not None:
            _button(painter, g["accept"], "Accept", palette, primary=True, accent=color)
        _button(
            painter,
            g["reject"] if s.replacement is not None else g["accept"],
            "Reject" if s.replacement is not None else "Dismiss",
            palette,
        )
        painter.restore()

    def editorEvent(
        self, event: QEvent, model, option: QStyleOptionViewItem, index: QModelIndex
    ) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.MouseButtonRelease or not isinstance(event, QMouseEvent):
            return False
        s = index.data(SuggestionRole)
        if s is None:
            return False
        g = self._layout(option, s)
        pos = event.position().toPoint()
        has_fix = s.replacement is not None
        if has_fix and g["accept"].contains(pos):
            self.clicked_button.emit(s.id, "accept")
            return True
        if (g["reject"] if has_fix else g["accept"]).contains(pos):
            self.clicked_button.emit(s.id, "reject")
            return True
        return False


def _small(font: QFont) -> QFont:
    f = QFont(font)
    f.setPointSizeF(max(7.0, font.pointSizeF() * 0.88))
    return f


def _small_bold(font: QFont) -> QFont:
    f = _small(font)
    f.setBold(True)
    return f


def _mix(color: QColor, base: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        color.redF() * amount + base.redF() * (1 - amount),
        color.greenF() * amount + base.greenF() * (1 - amount),
        color.blueF() * amount + base.blueF() * (1 - amount),
    )


def _button(
    painter: QPainter,
    rect: QRect,
    text: str,
    palette: QPalette,
    primary: bool = False,
    accent: QColor | None = None,
) -> None:
    painter.setPen(palette.color(QPalette.ColorRole.Mid))
    if primary and accent is not None:
        painter.setBrush(accent)
        painter.setPen(accent.darker(115))
    else:
        painter.setBrush(palette.color(QPalette.ColorRole.Button))
    painter.drawRoundedRect(rect, 4, 4)
    painter.setPen(QColor("white") if primary else palette.color(QPalette.ColorRole.ButtonText))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
