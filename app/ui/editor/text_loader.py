"""Getting a file's text into the editor without freezing the window.

FileReadThread reads and decodes off the GUI thread and hands back a LoadedText (plain data).
ChunkedTextInserter then feeds a big text into the QTextDocument in pieces, as many per
event-loop turn as fit in a small time budget, so painting and input keep flowing meanwhile.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtGui import QTextCursor, QTextDocument

from app.core.fileio import FileReadError, read_text_file

PIECE_CHARS = 64 * 1024
PIECE_MIN_LINES = 256
PIECE_MAX_CHARS = 1024 * 1024  # a file of very long lines still goes in bounded pieces
TICK_BUDGET_S = 0.04  # well under the ~100 ms at which a window starts to feel stuck


class _Cancelled(Exception):
    pass


class FileReadThread(QThread):
    """Reads one file in its own thread. Signals carry the job id so stale results are dropped."""

    progressed = Signal(int, float)
    loaded = Signal(int, object)  # job id, LoadedText
    failed = Signal(int, str)  # job id, a sentence for the writer

    def __init__(self, job_id: int, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job_id = job_id
        self.path = path
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, fraction: float) -> None:
        if self._cancel.is_set():
            raise _Cancelled
        self.progressed.emit(self.job_id, fraction)

    def run(self) -> None:
        try:
            loaded = read_text_file(self.path, progress=self._progress)
        except _Cancelled:
            return
        except FileReadError as exc:
            if not self._cancel.is_set():
                self.failed.emit(self.job_id, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a thread must report, never die silently
            if not self._cancel.is_set():
                self.failed.emit(self.job_id, f"Could not open “{self.path}”: {exc}")
            return
        if not self._cancel.is_set():
            self.loaded.emit(self.job_id, loaded)


class ChunkedTextInserter(QObject):
    """Replaces a document's text with `text`, a few pieces per event-loop turn.

    Each turn inserts pieces until TICK_BUDGET_S has passed, then lets the event loop paint and
    handle input. Undo is off while it runs (a 50 MB undo record is useless and slow) and the
    undo history is empty afterwards, as after setPlainText.
    """

    progressed = Signal(float)
    finished = Signal()

    def __init__(self, document: QTextDocument, text: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._text = text
        self._done = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._insert_pieces)
        self.running = False

    def start(self) -> None:
        self.running = True
        self._document.setUndoRedoEnabled(False)
        self._document.clear()
        self._timer.start()

    def cancel(self) -> None:
        if self.running:
            self._timer.stop()
            self._finish_undo()
            self.running = False

    def _piece_end(self) -> int:
        text, start = self._text, self._done
        end = min(len(text), start + PIECE_CHARS)
        limit = min(len(text), start + PIECE_MAX_CHARS)
        # Listeners (the live gauges) measure a change of a few lines at once, in this thread,
        # and hand bigger ones to a worker; a piece of many lines is always one of the latter.
        missing = PIECE_MIN_LINES - text.count("\n", start, end)
        while missing > 0 and end < limit:
            newline = text.find("\n", end, limit)
            if newline < 0:
                return limit
            end = newline + 1
            missing -= 1
        return end

    def _insert_pieces(self) -> None:
        deadline = time.perf_counter() + TICK_BUDGET_S
        cursor = QTextCursor(self._document)
        while self._done < len(self._text):
            end = self._piece_end()
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.beginEditBlock()
            cursor.insertText(self._text[self._done:end])
            cursor.endEditBlock()
            self._done = end
            if time.perf_counter() >= deadline:
                break
        if self._done < len(self._text):
            self.progressed.emit(self._done / len(self._text))
            self._timer.start()
            return
        self._finish_undo()
        self.running = False
        self._text = ""
        self.progressed.emit(1.0)
        self.finished.emit()

    def _finish_undo(self) -> None:
        self._document.setUndoRedoEnabled(True)
        self._document.clearUndoRedoStacks()
