"""The writing surface: highlighting, zoom, the centred column, file drops, find and replace."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QDropEvent,
    QFont,
    QTextCharFormat,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication

from app.ui.editor.find_bar import FindBar, find_matches
from app.ui.editor.writer_editor import COLUMN_CHARACTERS, WriterEditor
from app.ui.theme import dark_palette, light_palette, markdown_colors


@pytest.fixture
def editor(qtbot) -> WriterEditor:
    widget = WriterEditor()
    widget.resize(1200, 700)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def formats_of(editor: WriterEditor, line: int) -> list[tuple[int, int, object]]:
    block = editor.document().findBlockByNumber(line)
    # Copies: a FormatRange owns its format and takes it along when collected.
    return [(r.start, r.length, QTextCharFormat(r.format)) for r in block.layout().formats()]


def format_at(editor: WriterEditor, line: int, column: int):
    for start, length, fmt in formats_of(editor, line):
        if start <= column < start + length:
            return fmt
    return None


# --- highlighting ---------------------------------------------------------------------------


def test_markdown_elements_are_highlighted(editor, qtbot):
    editor.setPlainText("# Title\nSome *soft* and **loud** words with `code`.\n> quoted\n- item")
    colors = markdown_colors(editor.palette())
    heading = format_at(editor, 0, 3)
    assert heading is not None and heading.fontWeight() == QFont.Weight.Bold
    assert heading.foreground().color() == colors.heading
    text = "Some *soft* and **loud** words with `code`."
    assert format_at(editor, 1, text.index("soft")).fontItalic()
    assert format_at(editor, 1, text.index("loud")).fontWeight() == QFont.Weight.Bold
    assert format_at(editor, 1, text.index("code")).foreground().color() == colors.code
    assert format_at(editor, 1, 0) is None  # plain prose stays plain
    assert format_at(editor, 2, 3).foreground().color() == colors.quote
    assert format_at(editor, 3, 0).foreground().color() == colors.list_marker


def test_highlight_positions_count_utf16_units(editor):
    # The emoji takes two UTF-16 units; the emphasis must still cover exactly "word".
    editor.setPlainText("😀 a *word* here")
    italic = [(s, n) for s, n, f in formats_of(editor, 0) if f.fontItalic()]
    assert italic == [(len("😀 a *".encode("utf-16-le")) // 2, 4)]


def test_fenced_code_spans_lines(editor):
    editor.setPlainText("```\n# not a heading\n```\n# heading")
    colors = markdown_colors(editor.palette())
    assert format_at(editor, 1, 2).foreground().color() == colors.code
    assert format_at(editor, 3, 2).foreground().color() == colors.heading


def test_highlight_colours_follow_the_palette(editor, qtbot):
    editor.setPalette(dark_palette())
    editor.setPlainText("# Dark title")
    qtbot.waitUntil(lambda: not editor.highlighter.pass_running)
    dark = format_at(editor, 0, 3).foreground().color()
    editor.setPalette(light_palette())
    qtbot.waitUntil(lambda: not editor.highlighter.pass_running)
    light = format_at(editor, 0, 3).foreground().color()
    assert dark == markdown_colors(dark_palette()).heading
    assert light == markdown_colors(light_palette()).heading
    assert dark != light
    # Headings stay readable: clearly lighter than a dark page, darker than a light one.
    assert dark.lightness() > QColor(dark_palette().base().color()).lightness() + 80
    assert light.lightness() < QColor(light_palette().base().color()).lightness() - 80


def test_highlighting_can_be_switched_off(editor):
    editor.set_highlighting(False)
    editor.setPlainText("# Title")
    assert not editor.highlighting_enabled
    assert formats_of(editor, 0) == []
    editor.set_highlighting(True)
    assert editor.highlighting_enabled


def test_suspended_highlighting_catches_up_in_the_background(editor, qtbot):
    editor.suspend_highlighting()
    editor.setPlainText("\n".join(f"# heading {i}" for i in range(3000)))
    assert formats_of(editor, 2999) == []
    editor.resume_highlighting()
    qtbot.waitUntil(lambda: not editor.highlighter.pass_running, timeout=10_000)
    assert format_at(editor, 2999, 3) is not None


# --- zoom and layout ------------------------------------------------------------------------


def test_zoom_in_out_and_reset(editor):
    base = editor.font().pointSize()
    editor.zoom_in()
    editor.zoom_in()
    assert editor.font().pointSize() == base + 2
    editor.zoom_out()
    assert editor.font().pointSize() == base + 1
    editor.reset_zoom()
    assert editor.font().pointSize() == base


def test_zoom_never_goes_below_a_readable_size(editor):
    for _ in range(40):
        editor.zoom_out()
    assert editor.font().pointSize() >= 6


def test_ctrl_wheel_zooms(editor):
    base = editor.font().pointSize()
    center = QPointF(editor.viewport().rect().center())
    event = QWheelEvent(center, editor.mapToGlobal(center), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(editor.viewport(), event)
    assert editor.font().pointSize() == base + 1


def test_text_column_is_centred_and_readable(editor, qtbot):
    column = COLUMN_CHARACTERS * editor.fontMetrics().averageCharWidth()
    assert editor.viewport().width() == column
    left_edge = editor.viewport().x()
    # A document long enough for the scrollbar: the column neither moves nor narrows.
    editor.setPlainText("line\n" * 500)
    qtbot.waitUntil(lambda: editor.verticalScrollBar().isVisible())
    assert (editor.viewport().x(), editor.viewport().width()) == (left_edge, column)
    bar = editor.verticalScrollBar().width()
    assert abs(left_edge - (editor.width() - bar - editor.viewport().geometry().right() - 1)) <= 1
    editor.resize(400, 500)  # narrow window: the column shrinks, a small margin stays
    assert editor.viewportMargins().left() >= 24


# --- drops ----------------------------------------------------------------------------------


def drop(editor: WriterEditor, path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    editor.dropEvent(event)
    return event


def test_dropping_a_markdown_file_asks_to_open_it(editor, qtbot, tmp_path):
    with qtbot.waitSignal(editor.file_dropped) as blocker:
        drop(editor, tmp_path / "draft.md")
    assert blocker.args == [str(tmp_path / "draft.md")]
    assert editor.toPlainText() == ""


def test_dropping_another_kind_of_file_does_not_open_it(editor, qtbot, tmp_path):
    with qtbot.assertNotEmitted(editor.file_dropped):
        drop(editor, tmp_path / "photo.png")


# --- find and replace -----------------------------------------------------------------------


def test_find_matches_options():
    text = "Cat cat category cat."
    assert find_matches(text, "cat", match_case=False, whole_word=False) == [
        (0, 3), (4, 7), (8, 11), (17, 20)]
    assert find_matches(text, "cat", match_case=True, whole_word=False) == [
        (4, 7), (8, 11), (17, 20)]
    assert find_matches(text, "cat", match_case=False, whole_word=True) == [
        (0, 3), (4, 7), (17, 20)]
    assert find_matches(text, "", match_case=False, whole_word=False) == []
    assert find_matches("a.b", ".", match_case=True, whole_word=False) == [(1, 2)]


def test_find_matches_in_utf16_positions():
    assert find_matches("😀 cat", "cat", match_case=True, whole_word=True) == [(3, 6)]


@pytest.fixture
def find_bar(editor, qtbot) -> FindBar:
    bar = FindBar(editor)
    qtbot.addWidget(bar)
    return bar


def selection(editor: WriterEditor) -> tuple[int, int]:
    cursor = editor.textCursor()
    return cursor.selectionStart(), cursor.selectionEnd()


def test_find_next_previous_and_counts(editor, find_bar, qtbot):
    editor.setPlainText("one fish two fish red fish")
    find_bar.open_find()
    qtbot.keyClicks(find_bar.query, "fish")
    assert selection(editor) == (4, 8)
    assert find_bar.status.text() == "1 of 3"
    find_bar.find_next()
    assert selection(editor) == (13, 17)
    assert find_bar.status.text() == "2 of 3"
    find_bar.find_next()
    find_bar.find_next()  # wraps to the first
    assert selection(editor) == (4, 8)
    find_bar.find_previous()  # wraps to the last
    assert selection(editor) == (22, 26)


def test_find_reports_not_found(editor, find_bar, qtbot):
    editor.setPlainText("nothing here")
    find_bar.open_find()
    qtbot.keyClicks(find_bar.query, "whale")
    assert find_bar.status.text() == "Not found"
    assert not find_bar.find_next()


def test_find_bar_prefills_the_selection_and_escape_closes(editor, find_bar, qtbot):
    editor.setPlainText("pick this word")
    cursor = editor.textCursor()
    cursor.setPosition(5)
    cursor.setPosition(9, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    find_bar.open_find()
    assert find_bar.query.text() == "this"
    assert not find_bar.replace_visible
    qtbot.keyClick(find_bar.query, Qt.Key.Key_Escape)
    assert find_bar.isHidden()


def test_replace_current_then_moves_on(editor, find_bar, qtbot):
    editor.setPlainText("a cat and a cat")
    find_bar.open_replace()
    assert find_bar.replace_visible
    qtbot.keyClicks(find_bar.query, "cat")
    find_bar.replacement.setText("dog")
    find_bar.replace_current()
    assert editor.toPlainText() == "a dog and a cat"
    assert selection(editor) == (12, 15)


def test_replace_all_is_one_undo_step(editor, find_bar, qtbot):
    editor.setPlainText("red, Red, RED and bored")
    find_bar.open_replace()
    qtbot.keyClicks(find_bar.query, "red")
    find_bar.whole_word.setChecked(True)
    find_bar.replacement.setText("blue")
    assert find_bar.replace_all() == 3
    assert editor.toPlainText() == "blue, blue, blue and bored"
    assert find_bar.status.text() == "Replaced 3"
    editor.undo()
    assert editor.toPlainText() == "red, Red, RED and bored"


def test_counts_follow_edits_while_the_bar_is_open(editor, find_bar, qtbot):
    editor.setPlainText("x x")
    find_bar.open_find()
    qtbot.keyClicks(find_bar.query, "x")
    editor.appendPlainText("x")
    qtbot.waitUntil(lambda: find_bar.status.text().endswith("of 3")
                    or find_bar.status.text() == "3 matches")
