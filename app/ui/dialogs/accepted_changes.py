"""Suggestions ▸ Review accepted changes: what was changed in this document, when, and by
which rule or model — the record that a person approved every change."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.analysis.style import kind_label
from app.core.feedback import ChangeRecord
from app.ui.review.kind_style import source_label

COLUMNS = ("When", "Kind", "Source", "Before", "After")


class AcceptedChangesDialog(QDialog):
    def __init__(
        self, document_name: str, changes: list[ChangeRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Accepted changes — {document_name}")
        self.resize(820, 420)
        summary = QLabel(
            f"{len(changes):,} change{'s' if len(changes) != 1 else ''} accepted in "
            f"{document_name}."
            if changes
            else f"No suggestions have been accepted in {document_name} yet."
        )
        self.table = QTableWidget(len(changes), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for row, change in enumerate(changes):
            values = (
                time.strftime("%Y-%m-%d %H:%M", time.localtime(change.at)),
                kind_label(change.kind),
                source_label(change.source),
                change.before,
                change.after or "(deleted)",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
