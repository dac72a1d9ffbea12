"""The export formats that need Qt (PDF, ODT), next to app.core.export's own.

They use QtGui only (QTextDocument, QPdfWriter, QTextDocumentWriter), which needs a
QGuiApplication but no window: the command line makes one with `ensure_gui_application`.
`RENDERERS` holds every format, for callers that may export any of them; `export_notices` says
what a PDF would lose for want of a font (see glyphs.py), for callers to pass on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

from app.core.export import CORE_RENDERERS, Renderer
from app.export_qt.glyphs import export_notices
from app.export_qt.odt import render_odt
from app.export_qt.pdf import render_pdf

__all__ = ["RENDERERS", "ensure_gui_application", "export_notices"]

RENDERERS: Mapping[str, Renderer] = {**CORE_RENDERERS, "pdf": render_pdf, "odt": render_odt}


def ensure_gui_application() -> QCoreApplication:
    """The running Qt application, or a new windowless QGuiApplication; keep the result.

    On Linux and the BSDs a new one uses the "offscreen" platform unless QT_QPA_PLATFORM says
    otherwise: an export shows no window, and must work over SSH or from cron, where a display
    is missing or unreachable (the xcb plugin would abort the process). Fonts still come from
    fontconfig. Windows and macOS always have their native platform, which needs no display.
    """
    app = QGuiApplication.instance()
    if app is not None:
        return app
    if sys.platform not in ("win32", "darwin"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([sys.argv[0] if sys.argv else "humanize-writer"])
