"""Full garbage-collection passes when the writer pauses, not while they type.

A full pass walks every object the collector tracks and holds the interpreter while it does
(tens of milliseconds with a long draft open); the collector would start one in the middle of
a word. With `app.memory.leave_full_passes_to_pauses` it rarely does on its own, and this
runs one IDLE_MS after the last change to the document, when one is due. The same pause hands
the allocator's free pages back to the system (`app.memory.return_free_memory`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPlainTextEdit

from app.memory import collect_if_due, leave_full_passes_to_pauses, return_free_memory

log = logging.getLogger(__name__)

IDLE_MS = 2_000


class IdleCollector(QObject):
    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        leave_full_passes_to_pauses()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(IDLE_MS)
        self._timer.timeout.connect(self._collect)
        editor.textChanged.connect(self._timer.start)  # follows the editor's document
        self._timer.start()

    def _collect(self) -> None:
        took = collect_if_due()
        if took is not None:
            log.debug("full collection in a pause: %.1f ms", took)
        trimmed = return_free_memory()
        if trimmed is not None:
            log.debug("free memory handed back in a pause: %.1f ms", trimmed)
