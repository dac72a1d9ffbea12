"""The open document: which file it is, how it is encoded, whether it has unsaved changes, and
opening, saving, autosave and recovery. The window only displays what this announces.

Moving text into the editor (reading in a thread, inserting big texts in slices) is the
DocumentLoader's job; autosave and recovery files are the Autosaver's."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from app.core.fileio import (
    FileReadError,
    FileWriteError,
    LoadedText,
    RecoveryEntry,
    RecoveryStore,
    encoding_label,
    file_checksum,
    write_text_atomic,
)
from app.ui.dialogs import prompts
from app.ui.editor.autosave import Autosaver
from app.ui.editor.document_loader import DocumentLoader
from app.ui.editor.qt_text import document_text
from app.ui.editor.writer_editor import WriterEditor

log = logging.getLogger(__name__)

# "Save failed" stays up until a save succeeds: more typing does not make the failure go away.
SAVED, UNSAVED, SAVING, SAVE_FAILED = "Saved", "Unsaved changes", "Saving…", "Save failed"
UNTITLED = "Untitled"


@dataclass(frozen=True, slots=True)
class _Load:
    path: Path
    restoring: RecoveryEntry | None  # set when the text comes from an autosave, not the file


class DocumentSession(QObject):
    changed = Signal()  # path, modified flag or loading state changed
    save_state_changed = Signal(str)  # SAVED, UNSAVED, SAVING or SAVE_FAILED
    status_message = Signal(str, int)  # text, timeout in ms (0 = until the next message)
    notice = Signal(str)  # a sentence the writer should read, e.g. how the file was decoded
    file_opened = Signal(str)
    file_saved = Signal(str)
    highlighting_changed = Signal(bool)

    def __init__(self, editor: WriterEditor, recovery: RecoveryStore, autosave_seconds: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor = editor
        self._document = editor.document()
        self._path: Path | None = None
        self._encoding = "utf-8"
        self._newline = "\n"
        self._checksum: str | None = None  # of the bytes on disk when last opened or saved
        self._save_state = SAVED
        self._load: _Load | None = None
        self._pending_notice = ""  # said once the text being loaded is in the editor
        self._loader = DocumentLoader(editor, self)
        self._loader.progressed.connect(lambda text: self.status_message.emit(text, 0))
        self._loader.read.connect(self._read_done)
        self._loader.read_failed.connect(self._read_failed)
        self._loader.installed.connect(self._finish_install)
        self._loader.highlighting_changed.connect(self.highlighting_changed)
        self.autosaver = Autosaver(self._document, recovery, self._source_path,
                                   lambda: self.is_loading, autosave_seconds, self)
        self.autosaver.failed.connect(lambda text: self.status_message.emit(text, 10_000))
        self._document.modificationChanged.connect(self._modification_changed)

    # --- state ----------------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def display_name(self) -> str:
        return self._path.name if self._path else UNTITLED

    @property
    def encoding(self) -> str:
        return self._encoding

    @property
    def newline(self) -> str:
        return self._newline

    @property
    def is_modified(self) -> bool:
        return self._document.isModified()

    @property
    def is_loading(self) -> bool:
        return self._load is not None

    @property
    def is_blank(self) -> bool:
        """An empty Untitled document with nothing to lose (a restored draft may go here)."""
        return self._path is None and not self.is_loading and self._document.isEmpty()

    @property
    def save_state(self) -> str:
        return self._save_state

    def _source_path(self) -> str | None:
        return str(self._path) if self._path else None

    def _parent_widget(self) -> QWidget:
        return self._editor.window()

    def _set_save_state(self, state: str) -> None:
        if state != self._save_state:
            self._save_state = state
            self.save_state_changed.emit(state)

    def _modification_changed(self, modified: bool) -> None:
        if self.is_loading:
            return
        if not modified:
            # Undone back to the saved text: the autosave no longer holds anything unsaved.
            self.autosaver.discard()
        self._set_save_state(UNSAVED if modified else SAVED)
        self.changed.emit()

    # --- asking ---------------------------------------------------------------------------------

    def confirm_discard(self) -> bool:
        """Ask Save / Don't Save / Cancel if there are unsaved changes; True means go ahead."""
        if not self.is_modified or self.is_loading:
            return True
        choice = prompts.ask_unsaved_changes(self._parent_widget(), self.display_name)
        if choice is prompts.UnsavedChoice.SAVE:
            return self.save()
        return choice is prompts.UnsavedChoice.DISCARD

    # --- new, open, close -----------------------------------------------------------------------

    def new_document(self, confirmed: bool = False) -> bool:
        """Replace the document with an empty Untitled one (File ▸ New and File ▸ Close)."""
        if not confirmed and not self.confirm_discard():
            return False
        self._cancel_load()
        self.autosaver.discard()
        self._set_file(None, "utf-8", "\n", None)
        self._loader.set_highlighting(True)
        self._editor.setPlainText("")
        self._document.setModified(False)
        self._set_save_state(SAVED)
        self.changed.emit()
        return True

    def request_open(self) -> bool:
        """File ▸ Open: ask about unsaved changes, then for a file, then start loading it."""
        if not self.confirm_discard():
            return False
        start = str(self._path.parent) if self._path else str(Path.home())
        path = prompts.choose_open_path(self._parent_widget(), start)
        if path is None:
            return False
        return self.open_file(path, confirmed=True)

    def open_file(self, path: str | Path, confirmed: bool = False) -> bool:
        """Start loading `path` in the background; False if the writer cancelled. If the file
        cannot be read the writer is told and the current document stays as it is."""
        if not confirmed and not self.confirm_discard():
            return False
        self._begin_load(Path(path), restoring=None)
        return True

    def restore(self, entry: RecoveryEntry) -> None:
        """Bring back an autosave as an unsaved document bound to its original file."""
        self._cancel_load()
        source = Path(entry.source_path) if entry.source_path else None
        if source is not None and source.is_file():
            # Read the original for its encoding, line endings and checksum; the text itself
            # comes from the autosave.
            self._begin_load(source, restoring=entry)
            return
        self._load = _Load(source or Path(), entry)
        self._set_file(source, "utf-8", "\n", None)
        self._install(entry.text, "")

    def shutdown(self) -> None:
        """The window is closing (after confirm_discard): stop work, drop the autosave."""
        self._cancel_load()
        self._loader.wait()
        self.autosaver.discard()
        self.autosaver.close()

    # --- loading --------------------------------------------------------------------------------

    def _begin_load(self, path: Path, restoring: RecoveryEntry | None) -> None:
        self._cancel_load()
        self._load = _Load(path, restoring)
        self._editor.setReadOnly(True)
        self.status_message.emit(f"Opening {path.name}…", 0)
        self.changed.emit()
        self._loader.read_file(path)

    def _cancel_load(self) -> None:
        self._loader.cancel()
        if self._load is not None:
            self._load = None
            self._editor.setReadOnly(False)
            self.changed.emit()

    def _read_done(self, loaded: LoadedText) -> None:
        load = self._load
        if load is None:
            return
        self._set_file(load.path, loaded.encoding, loaded.newline, loaded.checksum)
        if load.restoring is not None:
            self._install(load.restoring.text, "")
        else:
            self._install(loaded.text, loaded.notice)

    def _read_failed(self, message: str) -> None:
        load = self._load
        if load is None:
            return
        if load.restoring is not None:
            # The autosave matters more than the original: restore it, saved as UTF-8 later.
            self._set_file(load.path, "utf-8", "\n", None)
            self._install(load.restoring.text, "")
            return
        self._load = None
        self._editor.setReadOnly(False)
        self.changed.emit()
        self.status_message.emit(f"Could not open {load.path.name}", 5000)
        prompts.show_error(self._parent_widget(), "Could not open file", message)

    def _install(self, text: str, notice: str) -> None:
        """Put the new text into the editor; _finish_install follows once it is all there."""
        load = self._load
        assert load is not None
        self.autosaver.discard()  # the previous text was saved or let go before loading began
        self._pending_notice = notice
        self._loader.install(text, load.path.name or UNTITLED)

    def _finish_install(self) -> None:
        load, notice = self._load, self._pending_notice
        if load is None:
            return
        self._load = None
        restored = load.restoring is not None
        self._editor.setReadOnly(False)
        self._editor.moveCursor(QTextCursor.MoveOperation.Start)
        self._document.setModified(restored)
        self._set_save_state(UNSAVED if restored else SAVED)
        self.changed.emit()
        if restored:
            self.autosaver.save_now(force=True)  # under this session's key, then drop the old
            self.autosaver.discard_entry(load.restoring.key)
            self.status_message.emit(f"Restored unsaved changes to {self.display_name}", 8000)
        else:
            self.status_message.emit(f"Opened {self.display_name}", 4000)
            self.file_opened.emit(str(load.path))
        if notice:
            self.notice.emit(notice)

    def _set_file(self, path: Path | None, encoding: str, newline: str,
                  checksum: str | None) -> None:
        self._path, self._encoding, self._newline, self._checksum = (
            path, encoding, newline, checksum)

    # --- saving ---------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.is_loading:
            return False
        if self._path is None:
            return self.save_as()
        return self._write(self._path, check_disk=True)

    def save_as(self, path: str | Path | None = None) -> bool:
        if self.is_loading:
            return False
        if path is None:
            suggested = self._path or Path.home() / f"{UNTITLED}.md"
            path = prompts.choose_save_path(self._parent_widget(), str(suggested))
            if path is None:
                return False
        # A new target was confirmed in the file dialog, so no changed-on-disk question.
        return self._write(Path(path), check_disk=Path(path) == self._path)

    def _write(self, path: Path, check_disk: bool) -> bool:
        parent = self._parent_widget()
        if check_disk and self._checksum is not None and self._changed_on_disk(path):
            choice = prompts.ask_overwrite_changed(parent, path)
            if choice is prompts.ChangedOnDiskChoice.SAVE_AS:
                # Keep both: the file stays as the other window or program left it.
                suggested = path.with_name(f"{path.stem} (this window){path.suffix}")
                chosen = prompts.choose_save_path(parent, str(suggested))
                return chosen is not None and self._write(Path(chosen), check_disk=False)
            if choice is not prompts.ChangedOnDiskChoice.OVERWRITE:
                return False
        text = document_text(self._document)
        encoding = self._encoding_for(text, path)
        if encoding is None:
            return False
        self._set_save_state(SAVING)
        try:
            checksum = write_text_atomic(path, text, encoding, self._newline)
        except (FileWriteError, LookupError, ValueError) as exc:
            log.warning("Save failed: %s", exc)
            self._set_save_state(SAVE_FAILED)
            self.autosaver.save_now(force=True)  # the text is safe in recovery meanwhile
            prompts.show_error(parent, "Could not save", str(exc),
                               "Your text is still here and in the recovery folder. Try saving "
                               "to another place with File ▸ Save As…")
            return False
        self._set_file(path, encoding, self._newline, checksum)
        self.autosaver.discard()
        self._document.setModified(False)
        self._set_save_state(SAVED)
        self.changed.emit()
        self.status_message.emit(f"Saved {path.name}", 3000)
        self.file_saved.emit(str(path))
        return True

    def _changed_on_disk(self, path: Path) -> bool:
        try:
            on_disk = file_checksum(path)
        except FileReadError as exc:
            log.info("Could not check %s before saving: %s", path, exc)
            return False  # the save itself will report what is wrong
        # A file deleted behind our back is simply written again.
        return on_disk is not None and on_disk != self._checksum

    def _encoding_for(self, text: str, path: Path) -> str | None:
        """The encoding to save with, or None if the writer cancelled.

        A file that arrived in a legacy encoding (Windows-1252, Latin-1) is usually read by
        tools that expect it, and converting it would change every accented byte behind the
        writer's back. So it keeps its encoding while everything fits, and only when the text
        holds characters that encoding cannot store does the writer get asked to switch to
        UTF-8; it is never converted silently.
        """
        encoding = self._encoding
        if encoding.lower().startswith("utf"):
            return encoding
        try:
            text.encode(encoding)
        except UnicodeEncodeError as exc:
            example = exc.object[exc.start:exc.end][:8]
            if prompts.ask_save_as_utf8(self._parent_widget(), path.name,
                                        encoding_label(encoding), example):
                return "utf-8"
            return None
        return encoding
