"""File ▸ Export… (Ctrl+E): ask with the export dialog, then export in a worker thread.

The worker gets plain data only (the text as it is in the editor, the options, the accepted
changes); it builds its own QTextDocument or QPdfWriter where a format needs one, so the window
keeps painting and taking input while a long document is written. A progress dialog shows how
far it got and can cancel; nothing is written until the whole file is ready, and then
atomically, so a failure or a cancel leaves the destination as it was.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QDialog, QMenu, QProgressDialog

from app.core.export import ExportCancelled, ExportError, export_document
from app.core.export.markdown import suggested_title
from app.core.feedback import ChangeRecord
from app.core.fileio import FileWriteError
from app.export_qt import RENDERERS, export_notices
from app.ui.dialogs import prompts
from app.ui.export.export_dialog import ExportContext, ExportDialog, ExportRequest
from app.ui.window_parts import WindowParts

log = logging.getLogger(__name__)

PROGRESS_STEPS = 100
SHOW_PROGRESS_AFTER_MS = 300  # quick exports finish without a dialog flashing up

# Exports still running; the application waits for them before it exits.
_running: set[ExportJob] = set()


def install_export(window: WindowParts, file_menu: QMenu) -> None:
    """Add File ▸ Export… (Ctrl+E) after Save As."""
    exporter = DocumentExporter(window)
    action = window.add_action(file_menu, "&Export…", exporter.start, ["Ctrl+E"])
    action.setObjectName("exportAction")
    actions = file_menu.actions()
    save_as = next((a for a in actions if a.text().replace("&", "") == "Save As…"), None)
    if save_as is not None and actions.index(save_as) + 1 < len(actions) - 1:
        file_menu.removeAction(action)
        file_menu.insertAction(actions[actions.index(save_as) + 1], action)


class ExportJob(QThread):
    """One export, in its own thread. Signals carry results; the GUI never waits on it."""

    progressed = Signal(int)  # 0..PROGRESS_STEPS
    succeeded = Signal(str, int)  # destination, bytes written
    failed = Signal(str)  # a sentence for the writer
    cancelled = Signal()
    noticed = Signal(str)  # what the export could not keep (a missing font), before it is written

    def __init__(self, text: str, request: ExportRequest, changes: tuple[ChangeRecord, ...],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = text
        self.request = request
        self.changes = changes
        self._cancel = threading.Event()
        self._last = -1

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, done: float) -> None:
        if self._cancel.is_set():
            raise ExportCancelled
        step = int(done * PROGRESS_STEPS)
        if step != self._last:  # one signal per percent, not per block
            self._last = step
            self.progressed.emit(step)

    def run(self) -> None:
        request = self.request
        try:
            for notice in export_notices(self.text, request.fmt, request.options, self.changes):
                self.noticed.emit(notice)
            written = export_document(self.text, request.fmt, request.destination,
                                      request.options, self.changes, renderers=RENDERERS,
                                      progress=self._progress)
        except ExportCancelled:
            self.cancelled.emit()
        except (ExportError, FileWriteError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a thread must report, never die silently
            log.exception("Export to %s failed", request.destination)
            self.failed.emit(f"Could not export to “{request.destination}”: {exc}. "
                             "Nothing was written.")
        else:
            self.succeeded.emit(str(request.destination), written)


class DocumentExporter(QObject):
    """Runs File ▸ Export… for one window."""

    progressed = Signal(int)  # 0..PROGRESS_STEPS, while an export runs
    exported = Signal(str)  # the file written
    export_failed = Signal(str)
    export_cancelled = Signal()

    def __init__(self, window: WindowParts) -> None:
        super().__init__(window)
        self.window = window
        self.job: ExportJob | None = None
        self.progress: QProgressDialog | None = None
        self.notices: list[str] = []  # of the running export: shown once it is written

    def start(self) -> None:
        window = self.window
        if self.job is not None:
            return  # one export at a time; its progress dialog is showing
        if window.session.is_loading:
            window.statusBar().showMessage(
                "The document is still loading; export it once it has loaded.", 8000)
            return
        text = window.editor.toPlainText()  # the document as the writer has it
        changes = tuple(window.feedback.accepted_changes(window.document_key()))
        dialog = ExportDialog(self._context(text, len(changes)), window.settings, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        dialog.remember(window.settings)
        window.save_settings()
        request = dialog.request()
        self._remember_folder(request.destination.parent)
        self.run(text, request, changes)

    def _context(self, text: str, accepted: int) -> ExportContext:
        window = self.window
        path = window.session.path
        folder = Path(window.state.export_folder) if window.state.export_folder else None
        if folder is None or not folder.is_dir():
            folder = path.parent if path else Path.home()
        name = window.session.display_name
        title = suggested_title(text) or (Path(name).stem if path else "")
        return ExportContext(name, path, title, folder,
                             len(window.review.review.suggestions), accepted)

    def _remember_folder(self, folder: Path) -> None:
        window = self.window
        window.state.export_folder = str(folder)
        stored = window.store.load_state()  # other windows may have written it meanwhile
        stored.export_folder = str(folder)
        try:
            window.store.save_state(stored)
        except (FileWriteError, ValueError) as exc:
            log.warning("Could not remember the export folder: %s", exc)

    def run(self, text: str, request: ExportRequest,
            changes: tuple[ChangeRecord, ...] = ()) -> None:
        """Export without asking (the dialog has been answered); results come as signals."""
        job = ExportJob(text, request, changes)
        self.job = job
        self.notices = []
        _running.add(job)
        _wait_for_exports_on_quit()
        progress = QProgressDialog(f"Exporting to “{request.destination.name}”…", "Cancel",
                                   0, PROGRESS_STEPS, self.window)
        progress.setWindowTitle("Export")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(job.cancel)
        self.progress = progress
        job.progressed.connect(progress.setValue)
        job.progressed.connect(self.progressed)
        job.succeeded.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.cancelled.connect(self._cancelled)
        job.noticed.connect(self._noticed)
        job.finished.connect(self._finished)
        progress.setValue(0)
        job.start()

    def _noticed(self, notice: str) -> None:
        self.notices.append(notice)

    def _succeeded(self, destination: str, written: int) -> None:
        self.window.statusBar().showMessage(
            f"Exported to {destination} ({_size(written)})", 10_000)
        if self.notices:
            self._close_progress()
            prompts.show_warning(
                self.window, "Some characters could not be drawn",
                f"“{Path(destination).name}” was exported, but some of its text shows as empty "
                "boxes because no font on this computer can draw it.", "\n\n".join(self.notices))
        self.exported.emit(destination)

    def _failed(self, message: str) -> None:
        self._close_progress()
        prompts.show_error(self.window, "Export failed", message)
        self.export_failed.emit(message)

    def _cancelled(self) -> None:
        self.window.statusBar().showMessage("Export cancelled; nothing was written.", 8000)
        self.export_cancelled.emit()

    def _finished(self) -> None:
        job = self.job
        self._close_progress()
        self.job = None
        if job is not None:
            _running.discard(job)
            job.deleteLater()

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect()
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:,.0f} KB"
    return f"{count / 1024 / 1024:,.1f} MB"


_quit_hook_installed = False


def _wait_for_exports_on_quit() -> None:
    """No export thread outlives the application: on quit, cancel them and wait."""
    global _quit_hook_installed
    app = QCoreApplication.instance()
    if _quit_hook_installed or app is None:
        return
    _quit_hook_installed = True
    app.aboutToQuit.connect(finish_exports)


def finish_exports() -> None:
    for job in list(_running):
        job.cancel()
        job.wait()
    _running.clear()
