"""Autosave of unsaved work into the recovery folder, and finding drafts a crash left behind.

Each editing session owns one recovery key. While the session is alive it holds a lock file for
that key, so another running Humanize (or another window) never mistakes a live autosave for one
a crash left behind: only entries whose lock is free are offered for recovery.

The text snapshot is taken in the GUI thread (a QTextDocument may only be read there); writing
and deleting happen on one background thread, in order, so a big draft never stalls typing and a
discard can never be overtaken by an older write that would resurrect the entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtGui import QTextDocument

from app.core.fileio import FileWriteError, RecoveryEntry, RecoveryStore
from app.ui.editor.qt_text import document_text

log = logging.getLogger(__name__)

_LOCKS_FOLDER = "locks"


def _lock_for(folder: Path, key: str) -> QLockFile:
    locks = folder / _LOCKS_FOLDER
    try:
        locks.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # tryLock() will fail too; autosave itself may still work
        log.warning("Cannot create %s: %s", locks, exc)
    lock = QLockFile(str(locks / f"{key}.lock"))
    # Age alone never makes a lock stale: only a lock whose process has gone is free.
    lock.setStaleLockTime(0)
    return lock


def _is_free(folder: Path, key: str) -> bool:
    """True if no running session holds `key` (a crashed one's lock counts as free)."""
    probe = _lock_for(folder, key)
    if not probe.tryLock(0):
        return False
    probe.unlock()  # also deletes the lock file, stale or not
    return True


def orphaned_entries(store: RecoveryStore) -> list[RecoveryEntry]:
    """Recovery entries that no running session owns, i.e. left behind by a crash."""
    entries = store.entries()
    orphans = [entry for entry in entries if _is_free(store.folder, entry.key)]
    # Crashed sessions that had nothing unsaved leave just a lock file: sweep those away.
    known = {entry.key for entry in entries}
    for lock_file in (store.folder / _LOCKS_FOLDER).glob("*.lock"):
        if lock_file.stem not in known:
            _is_free(store.folder, lock_file.stem)
    return orphans


class Autosaver(QObject):
    """Writes the document's text to the recovery store every `interval_s` seconds while it
    has changes that are not saved."""

    failed = Signal(str)  # a sentence for the status bar

    def __init__(self, document: QTextDocument, store: RecoveryStore,
                 source_path: Callable[[], str | None], busy: Callable[[], bool],
                 interval_s: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._store = store
        self._source_path = source_path
        self._busy = busy  # e.g. a file being loaded: its half-inserted text is not worth keeping
        self.key = store.new_key()
        self._lock = _lock_for(store.folder, self.key)
        if not self._lock.tryLock(0):
            log.warning("Could not lock recovery key %s", self.key)
        self._autosaved_revision = document.revision()
        self._stored = False  # an entry for self.key may exist on disk
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._last: Future | None = None
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, interval_s) * 1000)
        self._timer.timeout.connect(self.save_now)
        self._timer.start()

    def set_interval(self, seconds: int) -> None:
        self._timer.setInterval(max(1, seconds) * 1000)

    def save_now(self, force: bool = False) -> None:
        """Snapshot the text now if it has unsaved changes not yet autosaved (or if `force`)."""
        # revision() moves with every edit (typing, undo) but not with highlighting.
        unsaved = self._document.revision() != self._autosaved_revision
        if self._closed or self._busy() or not self._document.isModified() or not (
                unsaved or force):
            return
        self._autosaved_revision = self._document.revision()
        self._stored = True
        text = document_text(self._document)
        self._submit(self._write, self.key, text, self._source_path())

    def _write(self, key: str, text: str, source: str | None) -> None:
        try:
            self._store.save(key, text, source)
        except (FileWriteError, OSError) as exc:
            log.warning("Autosave failed: %s", exc)
            self.failed.emit(f"Autosave failed: {exc}")

    def discard(self) -> None:
        """Forget the autosave (the text was saved, or the writer chose to drop it)."""
        self._autosaved_revision = self._document.revision()
        if self._stored:
            self._stored = False
            self._submit(self._store.discard, self.key)

    def discard_entry(self, key: str) -> None:
        """Delete another session's entry (one restored or declined by the writer)."""
        self._submit(self._store.discard, key)

    def flush(self) -> None:
        """Wait until every queued write or delete has reached the disk."""
        if self._last is not None:
            self._last.result()

    def _submit(self, *call: object) -> None:
        if not self._closed:
            self._last = self._writer.submit(*call)

    def close(self) -> None:
        """Stop autosaving, wait for queued writes and release the session's lock."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        self._writer.shutdown(wait=True)
        self._lock.unlock()
