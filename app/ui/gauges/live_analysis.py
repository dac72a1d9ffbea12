"""Live gauges: keeps a DocumentAnalyzer in step with an editor's document.

One line of the editor (one QTextBlock) is one paragraph. A keystroke re-measures the lines it
touched, in the GUI thread, and the document report comes from running sums, so it is announced
at once. A change that brings many lines (a paste, a file being loaded, setPlainText) leaves
them pending and a worker thread measures them in batches; only plain strings go to it and only
(first line, texts, metrics) come back. The sentiment series walks the whole document, so it is
announced on a short debounce timer, never per keystroke.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMetaObject,
    QObject,
    QThread,
    QTimer,
    Signal,
)
from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from app.core.analysis.incremental import DocumentAnalyzer
from app.memory import freeze_loaded_data
from app.ui.gauges.bulk_measure import BATCH_LINES, BulkJob, BulkWorker, ThreadStopper, batch_runs

# A change bringing more lines or characters than these is measured off the GUI thread. The
# characters matter for long paragraphs (a loader's slices, a pasted chapter): 16,000 of them
# are roughly 20 ms of measuring.
PARAGRAPH_SEPARATOR = "\u2029"  # how QTextCursor.selectedText() ends a block
BULK_LINES = 200
BULK_CHARS = 16_000
SERIES_DELAY_MS = 400
# The word data loads once the editor has first painted (or after this, if it never does): see
# LiveAnalysis._start_warm_up.
WARM_UP_FALLBACK_MS = 1000


class LiveAnalysis(QObject):
    """Reports for the document and the cursor's paragraph, kept current while the writer types.

    Signals:
        report_ready(document DocumentReport, paragraph DocumentReport | None)
        series_ready(compound per non-blank paragraph, index of the cursor's one or -1)
        progress(fraction of pending lines measured while a bulk job runs; 1.0 when done)
        lines_replaced(first line, lines removed, new line texts, bulk): every text change, as
            lines, for others that keep per-line state (bulk: many lines, measured later)
        document_reset(all line texts, bulk): the document was replaced or re-read whole
    """

    report_ready = Signal(object, object)
    series_ready = Signal(list, int)
    progress = Signal(float)
    lines_replaced = Signal(int, int, list, bool)
    document_reset = Signal(list, bool)
    _job_requested = Signal(object)
    _warm_up_requested = Signal()
    warmed_up = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._editor: QPlainTextEdit | None = editor
        self._analyzer = DocumentAnalyzer()
        self._document: QTextDocument | None = None
        self._connection: QMetaObject.Connection | None = None
        self._cursor_line = -1
        self._job_id = 0
        self._active_job: BulkJob | None = None
        self._bulk_total = 0  # pending lines seen since the last time everything was measured
        self._stopped = False

        self._series_timer = QTimer(self)
        self._series_timer.setSingleShot(True)
        self._series_timer.setInterval(SERIES_DELAY_MS)
        self._series_timer.timeout.connect(self._emit_series)

        self._thread = QThread(self)
        self._thread.setObjectName("bulk-analysis")
        self._worker = BulkWorker()
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._job_requested.connect(self._worker.run)
        self._warm_up_requested.connect(self._worker.warm_up)
        self._worker.warmed_up.connect(self._on_warmed_up)
        # Until the worker has loaded the word data, every line is measured there, so the
        # GUI thread never waits seconds for the syllable dictionary on a first keystroke.
        self._warm = False
        self._worker.batch_measured.connect(self._on_batch)
        self._worker.job_finished.connect(self._on_job_finished)
        self._stop_thread = ThreadStopper(self._thread)
        # Whichever goes first, the thread stops: the editor, this object, or the application.
        self.destroyed.connect(self._stop_thread)
        editor.destroyed.connect(self._on_editor_destroyed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._stop_thread)

        # QPlainTextEdit re-wires these to a new document after setDocument(), so they are how
        # a replaced document is noticed.
        editor.textChanged.connect(self._check_document)
        editor.cursorPositionChanged.connect(self._on_cursor_moved)
        self._thread.start()
        self._warm_up_timer = QTimer(self)
        self._warm_up_timer.setSingleShot(True)
        self._warm_up_timer.timeout.connect(self._start_warm_up)
        self._warm_up_timer.start(WARM_UP_FALLBACK_MS)
        editor.viewport().installEventFilter(self)
        self.attach_document()

    # --- public -------------------------------------------------------------------------

    @property
    def analyzer(self) -> DocumentAnalyzer:
        return self._analyzer

    @property
    def ready(self) -> bool:
        """True once the word data is loaded and keystrokes are measured in the GUI thread."""
        return self._warm

    @property
    def measuring(self) -> bool:
        """True while pending lines wait for, or are in, a bulk job."""
        return self._active_job is not None or self._analyzer.pending_count > 0

    def attach_document(self) -> None:
        """Follow the editor's current document, measuring it from the start."""
        if self._editor is None:
            return
        self._detach()
        document = self._editor.document()
        self._document = document
        self._connection = document.contentsChange.connect(self._on_contents_change)
        self._reload()

    def refresh(self) -> None:
        """Announce the current reports, series and progress now (for a newly connected view)."""
        self._emit_report()
        self._emit_series()
        if self.measuring:
            self.progress.emit(self._fraction())

    def shutdown(self) -> None:
        """Stop following the editor and stop the worker thread (waits for it)."""
        self._stopped = True
        self._series_timer.stop()
        self._warm_up_timer.stop()
        self._detach()
        self._active_job = None
        self._stop_thread()

    # --- following the document ---------------------------------------------------------

    def _detach(self) -> None:
        if self._active_job is not None:
            # Its results belong to the old text; the job id makes sure they are dropped.
            self._active_job.cancel.set()
            self._active_job = None
        if self._connection is not None:
            # The old document may already be deleted, taking its connections with it.
            with contextlib.suppress(RuntimeError):
                QObject.disconnect(self._connection)
            self._connection = None
        self._document = None

    def _reload(self) -> None:
        """Reset the analyzer to the whole document; a long one is measured in the background."""
        document = self._document
        if document is None:
            return
        lines = _block_texts(document.firstBlock(), document.blockCount())
        bulk = len(lines) > BULK_LINES or not self._warm or document.characterCount() > BULK_CHARS
        self._analyzer.reset(lines, measured=not bulk)
        self._bulk_total = self._analyzer.pending_count
        self.document_reset.emit(lines, bulk)
        if bulk:
            self._request_bulk()
        self._cursor_line = -1
        self._emit_report()
        self._series_timer.start()

    def _check_document(self) -> bool:
        if self._editor is None or self._stopped:
            return False
        if self._editor.document() is self._document:
            return False
        self.attach_document()
        return True

    def _on_contents_change(self, position: int, _removed: int, added: int) -> None:
        # Qt's removed/added can be odd (the first insert, setPlainText, clear); only the block
        # numbers and the change in the block count are relied on.
        document = self._document
        if document is None or self._stopped:
            return
        analyzer = self._analyzer
        first_block = document.findBlock(position)
        if not first_block.isValid():
            self._reload()
            return
        first = first_block.blockNumber()
        end = min(position + max(added, 0), document.characterCount() - 1)
        last = document.findBlock(end).blockNumber() if end > position else first
        new_count = max(last, first) - first + 1
        removed = new_count + analyzer.line_count - document.blockCount()
        if removed < 0 or first + removed > analyzer.line_count:
            self._reload()
            return
        texts = _block_texts(first_block, new_count)
        if removed == new_count and all(
            analyzer.text(first + i) == text for i, text in enumerate(texts)
        ):
            return  # a format-only change (a highlighter): nothing to measure
        bulk = new_count > BULK_LINES or sum(map(len, texts)) > BULK_CHARS
        if bulk or not self._warm:
            before = analyzer.pending_count
            analyzer.replace_lines(first, removed, texts, pending=True)
            self._bulk_total += max(0, analyzer.pending_count - before)
            self._request_bulk()
        else:
            analyzer.replace_lines(first, removed, texts)
        self.lines_replaced.emit(first, removed, texts, bulk)
        self._emit_report()
        self._series_timer.start()

    def _on_cursor_moved(self) -> None:
        if self._editor is None or self._stopped or self._check_document():
            return
        if self._editor.textCursor().blockNumber() != self._cursor_line:
            self._emit_report()
            self._series_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint and self._warm_up_timer.isActive():
            # Right after the first paint, not during it.
            self._warm_up_timer.start(0)
        return False

    def _start_warm_up(self) -> None:
        """Load the word data in the worker. Loading the syllable dictionary is seconds of
        pure Python there; begun while the window is being built and first painted, it takes
        turns with the GUI thread for the interpreter and the window appeared about half a
        second later. Until the data is loaded, lines are measured in the worker anyway."""
        editor = self._editor
        if editor is not None:
            editor.viewport().removeEventFilter(self)
        if not self._stopped:
            self._warm_up_requested.emit()

    def _on_warmed_up(self) -> None:
        self._warm = True
        freeze_loaded_data()  # the word data just loaded: out of the collector's full passes
        self.warmed_up.emit()

    def _on_editor_destroyed(self) -> None:
        self._editor = None
        self._connection = None
        self._document = None
        self.shutdown()

    # --- announcing ---------------------------------------------------------------------

    def _emit_report(self) -> None:
        if self._editor is None:
            return
        analyzer = self._analyzer
        line = self._editor.textCursor().blockNumber()
        self._cursor_line = line
        known = 0 <= line < analyzer.line_count and analyzer.paragraph(line) is not None
        paragraph = analyzer.paragraph_report(line) if known else None
        self.report_ready.emit(analyzer.report(), paragraph)

    def _emit_series(self) -> None:
        if self._editor is None:
            return
        analyzer = self._analyzer
        line = self._editor.textCursor().blockNumber()
        self.series_ready.emit(analyzer.sentiment_series(), _series_index(analyzer, line))

    # --- bulk measuring -----------------------------------------------------------------

    def _fraction(self) -> float:
        if self._bulk_total <= 0:
            return 1.0
        return max(0.0, min(1.0, 1 - self._analyzer.pending_count / self._bulk_total))

    def _request_bulk(self) -> None:
        """Start a job for the pending lines unless one is running (its end starts the next)."""
        if self._active_job is not None or self._stopped or not self._analyzer.pending_count:
            return
        self._job_id += 1
        job = BulkJob(
            self._job_id,
            tuple(batch_runs(self._analyzer.pending_lines(), BATCH_LINES)),
            threading.Event(),
        )
        self._active_job = job
        self._stop_thread.cancel = job.cancel
        if not self._thread.isRunning():
            self._thread.start()
        self._job_requested.emit(job)
        self.progress.emit(self._fraction())

    def _on_batch(self, job_id: int, first: int, texts: tuple[str, ...], metrics: tuple) -> None:
        if self._active_job is None or job_id != self._active_job.job_id:
            return
        self._analyzer.fill(first, texts, metrics)
        if self._analyzer.pending_count:  # 1.0 is announced once, when the job has ended
            self.progress.emit(self._fraction())
        self._emit_report()
        if not self._series_timer.isActive():
            self._series_timer.start()

    def _on_job_finished(self, job_id: int) -> None:
        if self._active_job is None or job_id != self._active_job.job_id:
            return
        self._active_job = None
        if self._analyzer.pending_count:
            # Lines shifted or were added while the job ran: measure what is still pending.
            self._request_bulk()
            return
        self._bulk_total = 0
        self.progress.emit(1.0)
        self._emit_report()
        self._series_timer.start()


def _block_texts(block: QTextBlock, count: int) -> list[str]:
    if count <= 8:
        texts = []
        for _ in range(count):
            texts.append(block.text())
            block = block.next()
        return texts
    # Many lines (a paste, a file loading) in one call into Qt rather than one per line: each
    # call may wait for the GIL while the measuring thread runs.
    last = block.document().findBlockByNumber(block.blockNumber() + count - 1)
    cursor = QTextCursor(block)
    cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().split(PARAGRAPH_SEPARATOR)


def _series_index(analyzer: DocumentAnalyzer, line: int) -> int:
    """Where line `line` sits in analyzer.sentiment_series(), or -1 if it is not in it."""
    if not 0 <= line < analyzer.line_count:
        return -1
    own = analyzer.paragraph(line)
    if own is None or own.is_blank:
        return -1
    paragraph = analyzer.paragraph
    index = 0
    for i in range(line):
        m = paragraph(i)
        if m is not None and not m.is_blank:
            index += 1
    return index

