"""LiveAnalysis follows the real editor: keystrokes, pastes, undo/redo, bulk loads."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout, QWidget

from app.core.analysis.incremental import DocumentAnalyzer
from app.ui.editor.writer_editor import WriterEditor
from app.ui.gauges.bulk_measure import batch_runs
from app.ui.gauges.live_analysis import BULK_CHARS, BULK_LINES, LiveAnalysis

WORDS = (
    "the quiet river runs past a small town where people love long walks and hate noise "
    "it was a terrible storm but the morning after felt calm bright and wonderful we argued "
    "about nothing laughed at everything and wrote letters nobody answered"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 14))]
    return " ".join(words).capitalize() + rng.choice(".!?")


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(1, 4)))


@pytest.fixture
def editor(qtbot) -> WriterEditor:
    widget = WriterEditor()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def live(editor, qtbot) -> LiveAnalysis:
    analysis = LiveAnalysis(editor, editor)
    qtbot.waitUntil(lambda: analysis.ready, timeout=30_000)
    return analysis


def test_keystrokes_before_the_word_data_is_loaded_are_measured_in_the_worker(qtbot):
    editor = WriterEditor()
    qtbot.addWidget(editor)
    analysis = LiveAnalysis(editor, editor)
    if analysis.ready:
        pytest.skip("the worker was faster than this test")
    editor.setPlainText("I love this wonderful morning.")
    # Not measured in this thread yet (that could freeze the window for seconds)...
    assert analysis.analyzer.pending_count == 1 or analysis.ready
    # ...but by the worker, after which the figures are all there.
    qtbot.waitUntil(lambda: analysis.ready and not analysis.measuring, timeout=30_000)
    assert analysis.analyzer.report().counts.words == 5
    assert analysis.analyzer.report().sentiment.label == "positive"


def test_the_word_data_loads_after_the_first_paint_not_while_the_window_is_built(qtbot):
    # Loading it is seconds of Python in the worker, which would slow building the window.
    editor = WriterEditor()
    qtbot.addWidget(editor)
    analysis = LiveAnalysis(editor, editor)
    asked: list[bool] = []
    analysis._warm_up_requested.connect(lambda: asked.append(True))
    qtbot.wait(100)
    assert asked == [] and not analysis.ready  # nothing on screen yet: it waits
    editor.show()
    qtbot.waitUntil(lambda: asked == [True], timeout=2_000)
    qtbot.waitUntil(lambda: analysis.ready, timeout=30_000)
    editor.update()
    qtbot.wait(50)
    assert asked == [True]  # once


def test_an_editor_never_shown_still_gets_the_word_data(editor, qtbot):
    analysis = LiveAnalysis(editor, editor)
    qtbot.waitUntil(lambda: analysis.ready, timeout=30_000)


def lines_of(live: LiveAnalysis) -> list[str]:
    return [live.analyzer.text(i) for i in range(live.analyzer.line_count)]


def assert_matches_fresh(live: LiveAnalysis, editor: WriterEditor) -> None:
    """The incremental state equals a full recomputation of the editor's text."""
    expected_lines = editor.toPlainText().split("\n")
    assert lines_of(live) == expected_lines
    assert live.analyzer.pending_count == 0
    fresh = DocumentAnalyzer()
    fresh.reset(expected_lines)
    ours, theirs = live.analyzer.report(), fresh.report()
    assert ours.counts == theirs.counts
    assert ours.readability.flesch_reading_ease == pytest.approx(
        theirs.readability.flesch_reading_ease, abs=1e-6)
    assert ours.readability.dale_chall_readability_score == pytest.approx(
        theirs.readability.dale_chall_readability_score, abs=1e-6)
    assert ours.sentiment.compound == pytest.approx(theirs.sentiment.compound, abs=1e-9)
    assert ours.sentiment.label == theirs.sentiment.label
    assert live.analyzer.sentiment_series() == pytest.approx(fresh.sentiment_series(), abs=1e-9)


def test_typing_updates_the_report(qtbot, editor, live):
    with qtbot.waitSignal(
        live.report_ready, check_params_cb=lambda doc, _para: doc.counts.words == 5
    ) as blocker:
        qtbot.keyClicks(editor, "I love this wonderful day.")
    document, paragraph = blocker.args
    assert document.sentiment.label == "positive"
    assert document.sentiment.compound > 0.5
    assert paragraph is not None and paragraph.counts.words == 5
    with qtbot.waitSignal(
        live.report_ready, check_params_cb=lambda doc, _para: doc.counts.words == 7
    ):
        qtbot.keyClicks(editor, " Truly great.")
    assert_matches_fresh(live, editor)


def test_the_cursor_paragraph_is_reported(qtbot, editor, live):
    editor.setPlainText("One two three.\n\nI hate this awful, horrible mess.")
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.setTextCursor(cursor)
    with qtbot.waitSignal(
        live.report_ready,
        check_params_cb=lambda _doc, para: para is not None and para.counts.words == 6,
    ) as blocker:
        cursor.movePosition(QTextCursor.MoveOperation.End)
        editor.setTextCursor(cursor)
    document, paragraph = blocker.args
    assert document.counts.words == 9
    assert document.counts.paragraphs == 2
    assert paragraph.sentiment.label == "negative"


class LineMirror:
    """Per-line state kept only from lines_replaced / document_reset, as other views keep it."""

    def __init__(self, live: LiveAnalysis) -> None:
        self.lines = lines_of(live)
        live.lines_replaced.connect(self.replace)
        live.document_reset.connect(self.reset)

    def replace(self, first: int, removed: int, texts: list[str], _bulk: bool) -> None:
        self.lines[first : first + removed] = texts

    def reset(self, lines: list[str], _bulk: bool) -> None:
        self.lines = list(lines)


def test_random_edits_through_the_editor_match_a_full_recount(qtbot, editor, live):
    rng = random.Random(20261121)
    mirror = LineMirror(live)
    editor.setPlainText("\n".join(paragraph(rng) for _ in range(30)))
    clipboard = QGuiApplication.clipboard()
    for step in range(120):
        doc_len = editor.document().characterCount() - 1
        cursor = editor.textCursor()
        cursor.setPosition(rng.randint(0, doc_len))
        action = rng.choice(("type", "enter", "backspace", "delete", "insert", "paste",
                             "undo", "redo"))
        if action == "delete":
            cursor.setPosition(
                min(doc_len, cursor.position() + rng.randint(1, 300)),
                QTextCursor.MoveMode.KeepAnchor,
            )
            editor.setTextCursor(cursor)
            qtbot.keyClick(editor, Qt.Key.Key_Delete)
        elif action == "type":
            editor.setTextCursor(cursor)
            qtbot.keyClicks(editor, " " + sentence(rng))
        elif action == "enter":
            editor.setTextCursor(cursor)
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        elif action == "backspace":
            editor.setTextCursor(cursor)
            for _ in range(rng.randint(1, 5)):
                qtbot.keyClick(editor, Qt.Key.Key_Backspace)
        elif action == "insert":
            cursor.insertText("\n".join(paragraph(rng) for _ in range(rng.randint(1, 4))))
        elif action == "paste":
            clipboard.setText("\n\n".join(paragraph(rng) for _ in range(rng.randint(2, 20))))
            editor.setTextCursor(cursor)
            editor.paste()
        elif action == "undo":
            editor.undo()
        else:
            editor.redo()
        assert live.analyzer.line_count == editor.document().blockCount(), (step, action)
    assert_matches_fresh(live, editor)
    assert mirror.lines == editor.toPlainText().split("\n")
    while editor.document().isUndoAvailable():
        editor.undo()
    assert_matches_fresh(live, editor)


def test_a_big_paste_is_measured_in_the_background(qtbot, editor, live):
    rng = random.Random(7)
    qtbot.keyClicks(editor, "A first line that stays.")
    big = "\n".join(paragraph(rng) for _ in range(1000))
    fractions: list[float] = []
    live.progress.connect(fractions.append)
    bulk_changes: list[tuple[int, int]] = []
    live.lines_replaced.connect(
        lambda first, _removed, texts, bulk: bulk and bulk_changes.append((first, len(texts)))
    )
    QGuiApplication.clipboard().setText(big)
    with qtbot.waitSignal(live.progress, check_params_cb=lambda f: f == 1.0, timeout=20_000):
        editor.paste()
        # The paste returned before the lines were measured: they went to the worker.
        assert live.measuring
        assert live.analyzer.pending_count > BULK_LINES
    assert fractions[0] < 1.0
    assert not live.measuring
    assert bulk_changes == [(0, 1000)]  # the first pasted line joins the typed one
    assert_matches_fresh(live, editor)


def test_a_few_long_paragraphs_also_go_to_the_background(qtbot, editor, live):
    rng = random.Random(9)
    chapter = "\n\n".join(" ".join(paragraph(rng) for _ in range(8)) for _ in range(30))
    assert chapter.count("\n") < BULK_LINES and len(chapter) > BULK_CHARS
    with qtbot.waitSignal(live.progress, check_params_cb=lambda f: f == 1.0, timeout=20_000):
        editor.textCursor().insertText(chapter)
        assert live.analyzer.pending_count == 30
    assert_matches_fresh(live, editor)


def test_setplaintext_twice_drops_the_first_jobs_results(qtbot, editor, live):
    rng = random.Random(3)
    editor.setPlainText("\n".join(paragraph(rng) for _ in range(2000)))
    with qtbot.waitSignal(live.progress, check_params_cb=lambda f: f == 1.0, timeout=20_000):
        editor.setPlainText("\n".join(paragraph(rng) for _ in range(600)))
    assert_matches_fresh(live, editor)


def test_typing_while_a_bulk_job_runs(qtbot, editor, live):
    rng = random.Random(11)
    with qtbot.waitSignal(live.progress, check_params_cb=lambda f: f == 1.0, timeout=20_000):
        editor.setPlainText("\n".join(paragraph(rng) for _ in range(3000)))
        cursor = editor.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)
        editor.setTextCursor(cursor)
        for _ in range(3):
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, "Brand new words at the top.")
    assert_matches_fresh(live, editor)


def plain_document(parent, text: str) -> QTextDocument:
    document = QTextDocument(parent)
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    document.setPlainText(text)
    return document


def test_a_replaced_document_is_followed(qtbot, editor, live):
    qtbot.keyClicks(editor, "Words in the first document.")
    first = plain_document(editor, "Happy.\nSad and gloomy.")
    second = plain_document(editor, "Another one entirely.")
    with qtbot.waitSignal(
        live.report_ready, check_params_cb=lambda doc, _para: doc.counts.words == 4
    ):
        editor.setDocument(first)
    assert lines_of(live) == ["Happy.", "Sad and gloomy."]
    with qtbot.waitSignal(
        live.document_reset, check_params_cb=lambda lines, bulk: not bulk and len(lines) == 1
    ):
        editor.setDocument(second)
    assert lines_of(live) == ["Another one entirely."]
    # The document that was replaced no longer drives the analyzer.
    QTextCursor(first).insertText("ignored words here\n")
    assert lines_of(live) == ["Another one entirely."]
    qtbot.keyClicks(editor, "Very ")
    assert_matches_fresh(live, editor)


def test_series_is_debounced_and_marks_the_cursor(qtbot, editor, live):
    editor.setPlainText("I love it.\n\nI hate it.\nIt is fine and good.")
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    with qtbot.waitSignal(
        live.series_ready, check_params_cb=lambda values, index: len(values) == 3 and index == 2
    ) as blocker:
        pass
    values, _index = blocker.args
    assert values[0] > 0 > values[1]


def test_the_worker_thread_stops_with_the_window(qtbot):
    window = QWidget()
    editor = WriterEditor(window)
    live = LiveAnalysis(editor, window)
    rng = random.Random(5)
    editor.setPlainText("\n".join(paragraph(rng) for _ in range(5000)))
    thread = live.findChild(QThread)
    assert thread is not None and thread.isRunning()
    stopped: list[bool] = []
    thread.finished.connect(lambda: stopped.append(True), Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(window.destroyed):
        window.deleteLater()
    assert stopped == [True]


def test_batch_runs_groups_consecutive_lines():
    pending = [(0, "a"), (1, "b"), (2, "c"), (5, "d"), (6, "e"), (9, "f")]
    assert batch_runs(pending, 2) == [
        (0, ("a", "b")), (2, ("c",)), (5, ("d", "e")), (9, ("f",))
    ]
    assert batch_runs([], 500) == []
