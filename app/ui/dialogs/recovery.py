"""Offers the drafts a crashed session left behind: restore them, discard them, or decide later."""

from __future__ import annotations

import time
from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.fileio import RecoveryEntry


class RecoveryDecision(Enum):
    RESTORE = 1
    DISCARD = 2
    LATER = 0


def describe_entry(entry: RecoveryEntry) -> str:
    name = Path(entry.source_path).name if entry.source_path else "Untitled"
    stamp = time.strftime("%d %b %Y, %H:%M", time.localtime(entry.saved_at))
    first_line = next((line.strip() for line in entry.text[:2000].splitlines() if line.strip()), "")
    if len(first_line) > 60:
        first_line = first_line[:59] + "…"
    preview = f" — “{first_line}”" if first_line else ""
    return f"{name}  ·  saved {stamp}{preview}"


class RecoveryDialog(QDialog):
    def __init__(self, entries: Sequence[RecoveryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self._entries = list(entries)
        intro = QLabel(
            "Humanize did not close properly last time. These drafts had unsaved changes. "
            "Restore the ticked ones, or discard all of them. Drafts you leave unticked are "
            "offered again next time.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        for entry in self._entries:
            item = QListWidgetItem(describe_entry(entry))
            item.setToolTip(entry.source_path or "Never saved")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        buttons = QDialogButtonBox()
        restore = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        discard = buttons.addButton("Discard All", QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton("Decide Later", QDialogButtonBox.ButtonRole.RejectRole)
        restore.clicked.connect(lambda: self.done(RecoveryDecision.RESTORE.value))
        discard.clicked.connect(lambda: self.done(RecoveryDecision.DISCARD.value))
        buttons.rejected.connect(self.reject)
        restore.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def checked_entries(self) -> list[RecoveryEntry]:
        return [entry for row, entry in enumerate(self._entries)
                if self.list.item(row).checkState() == Qt.CheckState.Checked]


def choose_recovery(parent: QWidget | None, entries: Sequence[RecoveryEntry]
                    ) -> tuple[RecoveryDecision, list[RecoveryEntry]]:
    dialog = RecoveryDialog(entries, parent)
    try:
        decision = RecoveryDecision(dialog.exec())
    except ValueError:
        decision = RecoveryDecision.LATER
    chosen = dialog.checked_entries() if decision is RecoveryDecision.RESTORE else []
    dialog.deleteLater()
    return decision, chosen
