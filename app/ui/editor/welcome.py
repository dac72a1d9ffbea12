"""The first-run welcome: a short machine-sounding draft that shows the gauges, underlines and a
model rewrite at work, with a few lines about the keys (app/resources/welcome.md).

It opens as an unsaved Untitled document, so the bundled file is never written to and closing
it asks nothing. It appears only on a true first start: no file named on the command line, no
drafts offered for recovery, and no recent files.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QTextCursor

from app import paths
from app.ui.window_parts import WindowParts

log = logging.getLogger(__name__)


def is_first_run(window: WindowParts, file_given: bool, recovery_offered: bool) -> bool:
    return (not file_given and not recovery_offered and not window.state.recent_files
            and window.session.is_blank)


def show_welcome(window: WindowParts) -> bool:
    """Put the welcome text into the window's blank document; False if it cannot be read."""
    try:
        text = paths.resource_path("welcome.md").read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("No welcome page: %s", exc)
        return False
    window.session.new_document(confirmed=True)
    window.editor.setPlainText(text)
    window.editor.document().setModified(False)
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    return True
