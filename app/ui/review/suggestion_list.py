"""The suggestion cards of the side panel: a list model over the open suggestions, in the
order the writer reads them (the delegate that paints each one: suggestion_card.py).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QWidget

from app.core.analysis.style import kind_label
from app.core.suggestions import Suggestion, SuggestionSet

SuggestionRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
IdRole = Qt.ItemDataRole.UserRole + 3

_NEAR = 64  # rows either side of the bisection where a removed suggestion is looked for
# Rows coming or going make QListView lay out every row again: ~9 ms a keystroke with 40,000
# cards (bench gauges, flagged draft), about 1 ms with 2,000. A list longer than this
# takes the changes of a typing burst when the writer pauses, or once a second.
DEFER_ROWS = 2_000
DEFER_IDLE_MS = 150
DEFER_MAX_MS = 1_000


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
