"""Loading text into the editor without freezing it: a file is read and decoded in a background
thread, and a big text goes into the editor in slices, with highlighting paused meanwhile (and
left off for very large documents). One load at a time; starting one cancels the last.

The DocumentSession decides what is loaded and what it means (which file, an autosave being
restored); this only moves text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.fileio import LoadedText
from app.ui.editor.text_loader import ChunkedTextInserter, FileReadThread
from app.ui.editor.writer_editor import WriterEditor

SMALL_TEXT_CHARS = 128 * 1024  # up to here setPlainText is quick; beyond, load in pieces
HIGHLIGHT_LIMIT_CHARS = 5_000_000  # beyond this, highlighting would make typing lag


class DocumentLoader(QObject):
    progressed = Signal(str)  # a status line: "Opening notes.md… 40%"
    read = Signal(object)  # LoadedText of the file last asked for
    read_failed = Signal(str)  # why it could not be read, a sentence for the writer
    installed = Signal()  # the text last given to install() is in the editor
    highlighting_changed = Signal(bool)

    def __init__(self, editor: WriterEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._job_id = 0  # results of readers started before the newest are dropped
        self._readers: set[FileReadThread] = set()
        self._inserter: ChunkedTextInserter | None = None

    def read_file(self, path: Path) -> None:
        """Read `path` in the background; `read` or `read_failed` follows (unless cancelled)."""
        self.cancel()
        self._job_id += 1
        reader = FileReadThread(self._job_id, path, self)
        reader.progressed.connect(
            lambda job, fraction: self._say(job, f"Opening {path.name}… {fraction:.0%}"))
        reader.loaded.connect(self._read_done)
        reader.failed.connect(self._read_failed)
        reader.finished.connect(lambda: self._reader_finished(reader))
        self._readers.add(reader)
        reader.start()

    def install(self, text: str, name: str) -> None:
        """Put `text` into the editor (at once when small, in slices when big); `installed`
        follows when it is all there. `name` is for the progress line."""
        if len(text) <= SMALL_TEXT_CHARS:
            self.set_highlighting(True)
            self._editor.setPlainText(text)
            self.installed.emit()
            return
        inserter = ChunkedTextInserter(self._editor.document(), text, self)
        inserter.progressed.connect(
            lambda fraction: self.progressed.emit(f"Loading {name}… {fraction:.0%}"))
        inserter.finished.connect(self._inserted)
        self._inserter = inserter
        # Highlighting while the pieces stream in would double the load time; it catches up
        # in the background afterwards (and stays off for very large documents).
        self._editor.suspend_highlighting()
        self._keep_cursor_in_place(True)  # else it rides along at the end of the growing text
        inserter.start()
        self.set_highlighting(len(text) <= HIGHLIGHT_LIMIT_CHARS)

    def cancel(self) -> None:
        """Stop reading and inserting; what was inserted so far stays."""
        for reader in self._readers:
            reader.cancel()
        self._job_id += 1
        if self._inserter is not None:
            self._inserter.cancel()
            self._inserter.deleteLater()
            self._inserter = None
            self._editor.resume_highlighting()
            self._keep_cursor_in_place(False)

    def wait(self) -> None:
        """Block until every reader thread has stopped (on closing, after cancel)."""
        for reader in list(self._readers):
            reader.wait()

    def set_highlighting(self, enabled: bool) -> None:
        if enabled != self._editor.highlighting_enabled:
            self._editor.set_highlighting(enabled)
        self.highlighting_changed.emit(enabled)

    def _say(self, job_id: int, text: str) -> None:
        if job_id == self._job_id:
            self.progressed.emit(text)

    def _read_done(self, job_id: int, loaded: LoadedText) -> None:
        if job_id == self._job_id:
            self.read.emit(loaded)

    def _read_failed(self, job_id: int, message: str) -> None:
        if job_id == self._job_id:
            self.read_failed.emit(message)

    def _reader_finished(self, reader: FileReadThread) -> None:
        self._readers.discard(reader)
        reader.deleteLater()

    def _inserted(self) -> None:
        if self._inserter is not None:
            self._inserter.deleteLater()
            self._inserter = None
        self._editor.resume_highlighting()
        self._keep_cursor_in_place(False)
        self.installed.emit()

    def _keep_cursor_in_place(self, keep: bool) -> None:
        cursor = self._editor.textCursor()
        cursor.setKeepPositionOnInsert(keep)
        self._editor.setTextCursor(cursor)
