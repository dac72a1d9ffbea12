"""Help ▸ About Humanize."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

APP_TITLE = "Humanize"


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent, f"About {APP_TITLE}",
        f"<h3>{APP_TITLE}</h3><p>An offline writing assistant that helps a draft sound like "
        "a person wrote it: natural, warm, clear, and in your own voice.</p>"
        "<p>Everything runs on this computer. Nothing you write leaves it.</p>",
    )  # fmt: skip
