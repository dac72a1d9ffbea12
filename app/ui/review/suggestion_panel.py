"""The suggestions half of the side panel: the goal (humanize, edit, all), counts per kind, a
kind filter, "Accept all of this kind", and the cards. It only displays and announces intent;
the ReviewController decides."""

from __future__ import annotations

import re

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.analysis.families import GOAL_LABELS, GOALS
from app.core.analysis.style import kind_label
from app.core.suggestions import SuggestionSet
from app.ui.review.suggestion_card import SuggestionCardDelegate
from app.ui.review.suggestion_list import IdRole, KindRole, SuggestionListModel

ALL_KINDS = ""
_EMPTY = "No suggestions here. It reads like a person wrote it."
_EMPTY_CHECKING = "No suggestions here yet: spelling and grammar are still being checked."


class _CardList(QListView):
    """Enter accepts the selected card, Delete rejects it."""

    key_action = Signal(str, str)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        index = self.currentIndex()
        sid = index.data(IdRole) if index.isValid() else None
        if sid and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.key_action.emit(sid, "accept")
            return
        if sid and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.key_action.emit(sid, "reject")
            return
        super().keyPressEvent(event)


class SuggestionPanel(QWidget):
    accept_requested = Signal(str)
    reject_requested = Signal(str)
    suggestion_selected = Signal(str)
    accept_all_requested = Signal(str)  # kind
    goal_requested = Signal(str)  # humanize, edit or all

    def __init__(self, suggestions: SuggestionSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SuggestionListModel(suggestions, self)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setFilterRole(KindRole)
        self._proxy.setDynamicSortFilter(False)

        title = QLabel("Suggestions")
        title.setObjectName("panelTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.count_label = QLabel()
        self.count_label.setObjectName("suggestionCount")
        # While a whole document's spelling and grammar are being checked: the count grows.
        self.checking_label = QLabel()
        self.checking_label.setObjectName("checkingStatus")
        self.checking_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.checking_label.setToolTip(
            "Spelling and grammar are being checked in the background, what is on screen "
            "first; more suggestions may come.")
        self.checking_label.hide()
        self.goal = QComboBox()
        self.goal.setObjectName("goalBox")
        for goal in GOALS:
            self.goal.addItem(GOAL_LABELS[goal], goal)
        self.goal.setToolTip(
            "Humanize: what sounds machine-made (your own voice is left alone).\n"
            "Edit: tighter, clearer prose (filler, adverbs, passive voice, wordiness).\n"
            "All: both. Spelling and grammar show in every goal.")
        self.goal.setAccessibleName("Goal")
        self.goal.currentIndexChanged.connect(
            lambda _i: self.goal_requested.emit(self.goal.currentData()))
        self.filter = QComboBox()
        self.filter.setToolTip("Show one kind of suggestion")
        self.filter.currentIndexChanged.connect(self._on_filter)
        self.accept_all = QPushButton()
        self.accept_all.setToolTip("Accept every suggestion of this kind that has a fix")
        self.accept_all.clicked.connect(self._on_accept_all)
        self.accept_all.hide()

        self.view = _CardList()
        self.view.setModel(self._proxy)
        self.delegate = SuggestionCardDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)  # fixed-height cards: fast with thousands
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setAccessibleName("Suggestions")
        self.view.clicked.connect(self._on_clicked)
        self.view.key_action.connect(self._on_action)
        self.delegate.clicked_button.connect(self._on_action)

        self.empty = QLabel(_EMPTY)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptySuggestions")

        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.checking_label)
        header.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._top = QVBoxLayout()
        self._top.setContentsMargins(0, 0, 0, 4)
        layout.addLayout(self._top)
        layout.addLayout(header)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Goal"))
        filters.addWidget(self.goal)
        filters.addWidget(self.filter, 1)
        layout.addLayout(filters)
        layout.addWidget(self.accept_all)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)

        # Many rows change at once (a paste, opening a file): recount once they have.
        self._recount = QTimer(self)
        self._recount.setSingleShot(True)
        self._recount.setInterval(0)
        self._recount.timeout.connect(self._refresh_counts)
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._recount.start)
        self._refresh_counts()

    def set_goal(self, goal: str) -> None:
        """Show `goal` as chosen (without announcing it back)."""
        self.goal.blockSignals(True)
        self.goal.setCurrentIndex(max(0, self.goal.findData(goal)))
        self.goal.blockSignals(False)

    def set_checking(self, fraction: float) -> None:
        """How far the background check of the whole document has got (1.0: done)."""
        checking = fraction < 1.0
        self.checking_label.setText(f"Checking spelling… {fraction:.0%}" if checking else "")
        self.checking_label.setVisible(checking)
        self.empty.setText(_EMPTY_CHECKING if checking else _EMPTY)

    def add_top(self, widget: QWidget) -> None:
        """A widget above the list (the model's tone selector and live card)."""
        self._top.addWidget(widget)

    # --- showing ------------------------------------------------------------------------

    def select(self, suggestion_id: str) -> None:
        row = self.model.row_of(suggestion_id)
        if row < 0:
            return
        index = self._proxy.mapFromSource(self.model.index(row))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def current_kind(self) -> str:
        return self.filter.currentData() or ALL_KINDS

    def _refresh_counts(self, *_args: object) -> None:
        counts = self.model.counts()
        total = sum(counts.values())
        self.count_label.setText(f"{total:,}" if total else "")
        wanted = self.current_kind()
        items = [(f"All kinds · {total:,}", ALL_KINDS)] + [
            (f"{kind_label(kind)} · {n:,}", kind)
            for kind, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        self.filter.blockSignals(True)
        if [self.filter.itemData(i) for i in range(self.filter.count())] == [
                kind for _text, kind in items]:
            # The same kinds in the same order (typing moves a count or two): new texts only,
            # rather than the box emptied and filled again on every keystroke.
            for i, (text, _kind) in enumerate(items):
                if self.filter.itemText(i) != text:
                    self.filter.setItemText(i, text)
        else:
            self.filter.clear()
            for text, kind in items:
                self.filter.addItem(text, kind)
        position = self.filter.findData(wanted)
        self.filter.setCurrentIndex(max(0, position))
        self.filter.blockSignals(False)
        if position < 0 and wanted:
            self._on_filter()
        self._update_accept_all()
        shown = self._proxy.rowCount()
        self.empty.setVisible(shown == 0)
        self.view.setVisible(shown > 0)

    def _update_accept_all(self) -> None:
        kind = self.current_kind()
        fixable = self.model.fixable(kind) if kind else 0
        self.accept_all.setVisible(fixable > 0)
        self.accept_all.setText(f"Accept all {kind_label(kind).lower()} ({fixable:,})")

    # --- intents ------------------------------------------------------------------------

    def _on_filter(self, *_args: object) -> None:
        kind = self.current_kind()
        # Whole-value match: "hard_sentence" must not also show "very_hard_sentence".
        self._proxy.setFilterRegularExpression(f"^{re.escape(kind)}$" if kind else "")
        self._update_accept_all()
        shown = self._proxy.rowCount()
        self.empty.setVisible(shown == 0)
        self.view.setVisible(shown > 0)

    def _on_accept_all(self) -> None:
        kind = self.current_kind()
        if kind:
            self.accept_all_requested.emit(kind)

    def _on_clicked(self, index) -> None:
        sid = index.data(IdRole)
        if sid:
            self.suggestion_selected.emit(sid)

    def _on_action(self, suggestion_id: str, action: str) -> None:
        if action == "accept":
            self.accept_requested.emit(suggestion_id)
        else:
            self.reject_requested.emit(suggestion_id)
