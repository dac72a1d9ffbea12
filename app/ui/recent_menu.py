"""File ▸ Open Recent, filled each time it opens from the window's recent-files list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


def fill_recent_menu(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    recent = window.recent_files
    for number, path in enumerate(recent, start=1):
        shown = Path(path)
        action = menu.addAction(f"&{number % 10} {shown.name}  —  {shown.parent}")
        action.setToolTip(path)
        action.triggered.connect(lambda _=False, p=path: window.open_recent(p))
    if not recent:
        menu.addAction("No Recent Files").setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction("Clear Menu", window.clear_recent)
    clear.setEnabled(bool(recent))
