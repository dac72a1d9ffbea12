"""The suggestion cards of the side panel: a list model over the open suggestions and the
delegate that paints each one as a card with its diff, reason and Accept / Reject buttons.

Cards are painted, not widgets, so a draft with thousands of suggestions scrolls smoothly.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
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
from app.core.suggestions import Suggestion, SuggestionSet
from app.ui.review.kind_style import diff_html, kind_color, source_label

SuggestionRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
IdRole = Qt.ItemDataRole.UserRole + 3

DIFF_DOCS = 300  # laid-out diffs of cards kept (each ~27 KB; there were up to 2,000)
# Painted cards kept as pixmaps (about 200 KB each at 400 x 120 pixels): the cards on screen
# (seven in a window 850 pixels high, more on a tall screen) and some scrolled past. Any change to
# the list repaints every card in view (Qt), and painting one here is about half a millisecond of
# Python; drawing its pixmap is a blit.
CARD_PIXMAPS = 24
_NEAR = 64  # rows either side of the bisection where a removed suggestion is looked for
# Rows coming or going make QListView lay out every row again: ~9 ms a keystroke with 40,000
# cards (bench gauges, flagged draft), about 1 ms with 2,000. A list longer than this
# takes the changes of a typing burst when the writer pauses, or once a second.
DEFER_ROWS = 2_000
DEFER_IDLE_MS = 150
DEFER_MAX_MS = 1_000
_PAD = 10
_GAP = 6
_BUTTON_H = 24


class SuggestionListModel(QAbstractListModel):
    """Rows are open suggestions: kinds the writer keeps rejecting sink, then document order."""

    def __init__(self, suggestions: SuggestionSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._set = suggestions
        self._ids: list[str] = []
        self._kinds: dict[str, str] = {}  # id -> kind, for the order without a lookup
        self._bucket: dict[str, int] = {}
        self._counts: dict[str, list[int]] = {}  # kind -> [open, with an automatic fix]
        # Changes waiting for a pause (apply_later): a row whose suggestion left the set shows
        # it as it was until then.
        self._later_removed: dict[str, Suggestion] = {}
        self._later_added: dict[str, Suggestion] = {}
        self._idle = self._timer(DEFER_IDLE_MS)
        self._cap = self._timer(DEFER_MAX_MS)

    def _timer(self, ms: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(self.apply_pending)
        return timer

    def set_source(self, suggestions: SuggestionSet) -> None:
        self._drop_pending()
        self.beginResetModel()
        self._set = suggestions
        self._kinds = {s.id: s.kind for s in suggestions}
        self._ids = self._ordered(s.id for s in suggestions)
        self._counts = {}
        for s in suggestions:
            self._count(s, +1)
        self.endResetModel()

    def set_penalties(self, penalties: dict[str, float]) -> None:
        """0..1 per kind; kinds with more rejects than accepts go lower in the list. The
        list is ordered again only when a kind changes place (a reject usually moves none):
        with tens of thousands of cards that is a tenth of a second."""
        bucket = {kind: b for kind, p in penalties.items() if (b := min(2, int(p * 4)))}
        if bucket == self._bucket:
            return
        self._bucket = bucket
        self.set_source(self._set)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        sid = self._ids[index.row()]
        s = self._set.get(sid) or self._later_removed.get(sid)
        if s is None:
            return None
        if role == SuggestionRole:
            return s
        if role == KindRole:
            return s.kind
        if role == IdRole:
            return s.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            target = "delete" if s.replacement == "" else (s.replacement or "rewrite it")
            return f"{kind_label(s.kind)}: {s.original} → {target}. {s.reason}"
        if role == Qt.ItemDataRole.ToolTipRole:
            target = "(delete)" if s.replacement == "" else (s.replacement or "")
            change = f"{s.original} → {target}" if s.replacement is not None else s.original
            return f"{change}\n\n{s.reason}"
        return None

    def row_of(self, suggestion_id: str) -> int:
        self.apply_pending()  # the writer is looking for a card: show every change first
        try:
            return self._ids.index(suggestion_id)
        except ValueError:
            return -1

    def id_at(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    @property
    def waiting(self) -> bool:
        """Changes are held for a pause in the typing (apply_later)."""
        return bool(self._later_removed or self._later_added)

    def apply_later(self, removed: Iterable[Suggestion], added: Iterable[Suggestion]) -> None:
        """As apply, but a long list takes the changes when the writer pauses (or after a
        second of typing without one): a typing burst lays the list out once, not per key."""
        self._hold(removed, added)
        if len(self._ids) < DEFER_ROWS:
            self.apply_pending()
            return
        self._idle.start()
        if not self._cap.isActive():
            self._cap.start()

    def apply_pending(self) -> None:
        """Show the changes apply_later is holding, now."""
        if self.waiting:  # the removed stay readable (data) while their rows go
            self._apply(list(self._later_removed.values()), list(self._later_added.values()))
        self._drop_pending()

    def apply(self, removed: Iterable[Suggestion], added: Iterable[Suggestion]) -> None:
        """Rows for suggestions that left the set and came into it (already applied to it),
        with anything apply_later was holding."""
        self._hold(removed, added)
        self.apply_pending()

    def _hold(self, removed: Iterable[Suggestion], added: Iterable[Suggestion]) -> None:
        for s in removed:
            # One that came and went while held never had a row.
            if self._later_added.pop(s.id, None) is None:
                self._later_removed[s.id] = s
        for s in added:
            self._later_added[s.id] = s

    def _drop_pending(self) -> None:
        self._idle.stop()
        self._cap.stop()
        self._later_removed, self._later_added = {}, {}

    def _apply(self, removed: list[Suggestion], added: list[Suggestion]) -> None:
        """An edit's suggestions sit together in the order (one paragraph's), so rows are
        found by one bisection and a short walk, and go out and in as blocks: an edit costs
        the rows it changes, not a walk over every open suggestion."""
        gone = {s.id: s for s in removed}
        new = sorted((s for s in added if s.id in self._set), key=self._key)
        if gone:
            rows = sorted(r for r in (self._row_near(s, gone) for s in gone.values()) if r >= 0)
            runs = _runs(rows)
            if new:
                runs, new = self._replace_in_place(runs, gone, new)
            for first, last in reversed(runs):
                self.beginRemoveRows(QModelIndex(), first, last)
                for row in range(first, last + 1):
                    self._count(gone[self._ids[row]], -1)
                    self._kinds.pop(self._ids[row], None)
                del self._ids[first : last + 1]
                self.endRemoveRows()
        ids = self._ids
        while new:
            row = bisect.bisect_left(ids, self._key(new[0]), key=self._key_of)
            # As many as fit before the next existing row, in one block.
            limit = self._key_of(ids[row]) if row < len(ids) else None
            count = len(new) if limit is None else next(
                (i for i, s in enumerate(new) if self._key(s) > limit), len(new)) or 1
            block, new = new[:count], new[count:]
            self.beginInsertRows(QModelIndex(), row, row + len(block) - 1)
            for s in block:
                self._kinds[s.id] = s.kind
                self._count(s, +1)
            ids[row:row] = [s.id for s in block]
            self.endInsertRows()

    def _replace_in_place(self, runs: list[tuple[int, int]], gone: dict[str, Suggestion],
                          new: list[Suggestion]) -> tuple[list[tuple[int, int]], list[Suggestion]]:
        """Give the rows of a run of removed suggestions to new ones that sort between the
        run's neighbours (a finding whose reason changed, the word being typed): the rows
        change in place, and the view keeps its layout. Laying out again after rows come or
        go walks every row (QListView), 4 ms a keystroke with 40,000 cards (bench gauges).
        Returns the runs still to remove and the suggestions still to insert."""
        ids = self._ids
        left: list[Suggestion] = []
        remaining: list[tuple[int, int]] = []
        k = 0
        for first, last in runs:
            low = self._key_of(ids[first - 1]) if first > 0 else None
            high = self._key_of(ids[last + 1]) if last + 1 < len(ids) else None
            while k < len(new) and low is not None and self._key(new[k]) < low:
                left.append(new[k])
                k += 1
            row = first
            while row <= last and k < len(new) and (high is None or self._key(new[k]) <= high):
                s = new[k]
                old = ids[row]
                self._count(gone[old], -1)
                self._kinds.pop(old, None)
                ids[row] = s.id
                self._kinds[s.id] = s.kind
                self._count(s, +1)
                row += 1
                k += 1
            if row > first:
                self.dataChanged.emit(self.index(first), self.index(row - 1))
            if row <= last:
                remaining.append((row, last))
        left.extend(new[k:])
        return remaining, left

    def _row_near(self, s: Suggestion, gone: dict[str, Suggestion]) -> int:
        """The row of a suggestion that just left the set, from its last known place."""

        def key_of(sid: str) -> tuple[int, int, int]:
            left = gone.get(sid)
            return self._key(left) if left is not None else self._key_of(sid)

        ids = self._ids
        guess = bisect.bisect_left(ids, self._key(s), key=key_of)
        for row in range(max(0, guess - _NEAR), min(len(ids), guess + _NEAR)):
            if ids[row] == s.id:
                return row
        try:  # the order shifted more than a look around covers: fall back to a search
            return ids.index(s.id)
        except ValueError:
            return -1

    def counts(self) -> dict[str, int]:
        """Open suggestions per kind."""
        return {kind: n for kind, (n, _fixable) in self._counts.items() if n}

    def fixable(self, kind: str) -> int:
        """Open suggestions of a kind that have an automatic replacement."""
        return self._counts.get(kind, [0, 0])[1]

    def _count(self, s: Suggestion, sign: int) -> None:
        entry = self._counts.setdefault(s.kind, [0, 0])
        entry[0] += sign
        if s.replacement is not None:
            entry[1] += sign

    def _key(self, s: Suggestion) -> tuple[int, int, int]:
        return (self._bucket.get(s.kind, 0), s.start, s.end)

    def _key_of(self, sid: str) -> tuple[int, int, int]:
        span = self._set.span_of(sid)
        if span is None:
            return (3, 0, 0)
        return (self._bucket.get(self._kinds.get(sid, ""), 0), *span)

    def _ordered(self, ids: Iterable[str]) -> list[str]:
        return sorted(ids, key=self._key_of)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


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
