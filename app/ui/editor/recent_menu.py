"""File ▸ Open Recent, filled each time it opens from the window's recent-files list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QMenu


def fill_recent_menu(menu: QMenu, recent: Sequence[str], open_recent: Callable[[str], None],
                     clear_recent: Callable[[], None]) -> None:
    menu.clear()
    for number, path in enumerate(recent, start=1):
        shown = Path(path)
        action = menu.addAction(f"&{number % 10} {shown.name}  —  {shown.parent}")
        action.setToolTip(path)
        action.triggered.connect(lambda _=False, p=path: open_recent(p))
    if not recent:
        menu.addAction("No Recent Files").setEnabled(False)
    menu.addSeparator()
    clear = menu.addAction("Clear Menu", clear_recent)
    clear.setEnabled(bool(recent))
