"""Find and replace bar shown under the editor (Ctrl+F, Ctrl+H)."""

from __future__ import annotations

import re
from bisect import bisect_left

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QShortcut,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

from app.ui.editor.qt_text import document_text, utf16_converter

# Counting matches rescans the whole text; debounce it while the writer types a query.
_RECOUNT_DELAY_MS = 120
# Past this size the count is not refreshed behind every edit in the document, only on demand.
_LIVE_RECOUNT_LIMIT = 2_000_000


def find_matches(text: str, query: str, *, match_case: bool, whole_word: bool
                 ) -> list[tuple[int, int]]:
    """(start, end) of every match of `query` in `text`, in Qt's UTF-16 positions."""
    if not query:
        return []
    pattern = re.escape(query)
    if whole_word:
        pattern = rf"(?<!\w){pattern}(?!\w)"
    flags = 0 if match_case else re.IGNORECASE
    to16 = utf16_converter(text)
    return [(to16(m.start()), to16(m.end())) for m in re.finditer(pattern, text, flags)]


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._editor = editor
        self._matches: list[tuple[int, int]] = []
        self._matches_key: tuple | None = None  # (revision, query, options) they were found for
        self._listening = False
        self._recount = QTimer(self, singleShot=True, interval=_RECOUNT_DELAY_MS)
        self._recount.timeout.connect(self._refresh_status)

        self.query = QLineEdit(placeholderText="Find")
        self.replacement = QLineEdit(placeholderText="Replace with")
        self.match_case = QCheckBox("Match case")
        self.whole_word = QCheckBox("Whole word")
        self.status = QLabel()
        self.status.setMinimumWidth(90)
        previous_button = self._button("Previous", "Previous match (Shift+Enter)",
                                       self.find_previous)
        next_button = self._button("Next", "Next match (Enter)", self.find_next)
        self._replace_button = self._button("Replace", "Replace this match", self.replace_current)
        self._replace_all_button = self._button(
            "Replace All", "Replace every match (one undo step)", self.replace_all)
        close_button = self._button("✕", "Close (Esc)", self.close_bar)
        close_button.setAutoRaise(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(6)
        grid.addWidget(self.query, 0, 0)
        grid.addWidget(previous_button, 0, 1)
        grid.addWidget(next_button, 0, 2)
        grid.addWidget(self.match_case, 0, 3)
        grid.addWidget(self.whole_word, 0, 4)
        grid.addWidget(self.status, 0, 5)
        grid.addWidget(close_button, 0, 6)
        grid.addWidget(self.replacement, 1, 0)
        grid.addWidget(self._replace_button, 1, 1)
        grid.addWidget(self._replace_all_button, 1, 2, 1, 2)
        grid.setColumnStretch(0, 1)
        self._replace_row = (self.replacement, self._replace_button, self._replace_all_button)

        self.query.textEdited.connect(self._search_as_you_type)
        self.query.returnPressed.connect(self.find_next)
        self.replacement.returnPressed.connect(self.replace_current)
        self.match_case.toggled.connect(self._options_changed)
        self.whole_word.toggled.connect(self._options_changed)
        QShortcut(QKeySequence("Shift+Return"), self.query, self.find_previous,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.hide()

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(text=text, toolTip=tip)
        button.clicked.connect(slot)
        return button

    # --- opening and closing -------------------------------------------------------------------

    def open_find(self) -> None:
        self._open(replace=False)

    def open_replace(self) -> None:
        self._open(replace=True)

    def _open(self, replace: bool) -> None:
        for widget in self._replace_row:
            widget.setVisible(replace)
        selected = self._editor.textCursor().selectedText()
        # A selection inside one paragraph is the likely query; Qt marks paragraph breaks U+2029.
        if selected and "\u2029" not in selected:
            self.query.setText(selected)
        self.show()
        self.query.setFocus()
        self.query.selectAll()
        self._refresh_status()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        painter = QPainter(self)  # a hairline that separates the bar from the page above
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawLine(self.rect().topLeft(), self.rect().topRight())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # The line edits and buttons leave Escape to their parent: here it closes the bar.
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus()
        self.closed.emit()

    @property
    def replace_visible(self) -> bool:
        return not self.replacement.isHidden()

    # --- searching -----------------------------------------------------------------------------

    def matches(self) -> list[tuple[int, int]]:
        """Every match in the document; recomputed only after an edit or a new query."""
        document = self._editor.document()
        key = (document.revision(), self.query.text(), self.match_case.isChecked(),
               self.whole_word.isChecked())
        if key != self._matches_key:
            self._matches = find_matches(document_text(document), key[1],
                                         match_case=key[2], whole_word=key[3])
            self._matches_key = key
        return self._matches

    def find_next(self) -> bool:
        cursor = self._editor.textCursor()
        return self._select_from(cursor.selectionEnd(), forward=True)

    def find_previous(self) -> bool:
        cursor = self._editor.textCursor()
        return self._select_from(cursor.selectionStart(), forward=False)

    def _search_as_you_type(self) -> None:
        # Start at the current match so each typed letter narrows it rather than moving on.
        self._select_from(self._editor.textCursor().selectionStart(), forward=True)

    def _options_changed(self) -> None:
        self._select_from(self._editor.textCursor().selectionStart(), forward=True)

    def _select_from(self, position: int, forward: bool) -> bool:
        matches = self.matches()
        if not matches:
            self._show_status()
            return False
        if forward:
            chosen = next((m for m in matches if m[0] >= position), matches[0])
        else:
            chosen = next((m for m in reversed(matches) if m[1] <= position), matches[-1])
        cursor = self._editor.textCursor()
        cursor.setPosition(chosen[0])
        cursor.setPosition(chosen[1], QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()
        self._show_status()
        return True

    def _current_index(self) -> int | None:
        cursor = self._editor.textCursor()
        if not cursor.hasSelection():
            return None
        selection = (cursor.selectionStart(), cursor.selectionEnd())
        matches = self.matches()
        index = bisect_left(matches, selection)  # sorted and never overlapping
        return index if index < len(matches) and matches[index] == selection else None

    # --- replacing -----------------------------------------------------------------------------

    def replace_current(self) -> bool:
        """Replace the selected match (if the selection is one) and move to the next match."""
        index = self._current_index()
        if index is None:
            return self.find_next()
        self._editor.textCursor().insertText(self.replacement.text())
        self.find_next()
        return True

    def replace_all(self) -> int:
        """Replace every match in a single undo step; returns how many were replaced."""
        matches = self.matches()
        if not matches:
            self._show_status()
            return 0
        replacement = self.replacement.text()
        cursor = QTextCursor(self._editor.document())
        cursor.beginEditBlock()
        # Back to front, so earlier positions stay valid while later text changes length.
        for start, end in reversed(matches):
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(replacement)
        cursor.endEditBlock()
        count = len(matches)
        self._recount.stop()  # keep "Replaced N" in view rather than an immediate "Not found"
        self.status.setText(f"Replaced {count}")
        return count

    # --- feedback ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # Only while the bar is open does an edit need a fresh "n of m"; when closed, no slot
        # runs per edit (or per highlighted block while a big file loads).
        if not self._listening:
            self._editor.document().contentsChanged.connect(self._document_changed)
            self._listening = True

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        super().hideEvent(event)
        if self._listening:
            self._editor.document().contentsChanged.disconnect(self._document_changed)
            self._listening = False

    def _document_changed(self) -> None:
        if self._editor.document().characterCount() < _LIVE_RECOUNT_LIMIT:
            self._recount.start()

    def _refresh_status(self) -> None:
        if self.isVisible():
            self._show_status()

    def _show_status(self) -> None:
        if not self.query.text():
            self.status.setText("")
            return
        matches = self.matches()
        if not matches:
            self.status.setText("Not found")
            return
        index = self._current_index()
        total = len(matches)
        if index is None:
            self.status.setText(f"{total} match" + ("" if total == 1 else "es"))
        else:
            self.status.setText(f"{index + 1} of {total}")
