"""Inline review in the real window: underlines, the popover's keyboard flow, the panel, undo,
staleness and the writer's memory across a restart."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from app.core.offsets import to_utf16
from app.ui.main_window import MainWindow
from app.ui.review import suggestion_list
from tests.ui.conftest import discard_changes

DRAFT = (
    "In today's fast-paced world, we leverage data in order to win.\n"
    "\n"
    "The chairman gave a ballpark figure. We utilize the tools daily."
)


def type_draft(qtbot, w: MainWindow, text: str = DRAFT, goal: str = "all") -> None:
    """Type `text` with the goal showing every family (these tests are about the review
    itself; the goals have tests of their own at the end)."""
    w.review.set_goal(goal)
    w.editor.setPlainText(text)
    qtbot.waitUntil(
        lambda: w.review.review.pending_count == 0 and len(w.review.review.suggestions) > 0
    )
    qtbot.waitUntil(lambda: not w.review._flush_timer.isActive())


def originals(w: MainWindow) -> list[str]:
    return [s.original for s in w.review.review.suggestions]


def panel_ids(w: MainWindow) -> set[str]:
    model = w.suggestions.model
    return {model.id_at(row) for row in range(model.rowCount())}


def underlined(w: MainWindow) -> list[str]:
    text = w.editor.toPlainText()
    found = []
    for start, end, _colour in w.editor.underline_spans():
        cursor = QTextCursor(w.editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        found.append(cursor.selectedText())
    assert text  # the selection texts come from the live document
    return found


def place_cursor_in(w: MainWindow, phrase: str) -> None:
    text = w.editor.toPlainText()
    cursor = w.editor.textCursor()
    cursor.setPosition(to_utf16(text, text.index(phrase) + 1))
    w.editor.setTextCursor(cursor)


def test_rules_find_the_machine_phrases_and_panel_and_underlines_agree(window, qtbot):
    w = window()
    type_draft(qtbot, w)
    found = originals(w)
    assert any("fast-paced world" in o for o in found)
    assert "chairman" in found and "ballpark figure" in found
    assert panel_ids(w) == {s.id for s in w.review.review.suggestions}
    w.review.underlines.refresh()
    assert sorted(underlined(w)) == sorted(found)


def test_keyboard_flow_accept_undo_reject_next(window, qtbot):
    w = window()
    type_draft(qtbot, w)
    w.editor.setFocus()
    place_cursor_in(w, "chairman")
    qtbot.keyClick(w.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(w.review.popover.isVisible)
    assert w.review.popover.suggestion.original == "chairman"
    qtbot.keyClick(w.review.popover, Qt.Key.Key_Return)
    assert "The chair gave" in w.editor.toPlainText()
    assert "chairman" not in originals(w)
    # One undo step brings back the original text and its suggestion.
    w.editor.undo()
    assert "The chairman gave" in w.editor.toPlainText()
    assert "chairman" in originals(w)
    assert w.feedback.accepted_changes(w.document_key()) == []
    # F8 walks forward in document order; Esc rejects.
    place_cursor_in(w, "chairman")
    qtbot.keyClick(w.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(w.review.popover.isVisible)
    qtbot.keyClick(w.review.popover, Qt.Key.Key_F8)
    assert w.review.popover.suggestion.original == "ballpark figure"
    qtbot.keyClick(w.review.popover, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert w.review.popover.suggestion.original == "chairman"
    qtbot.keyClick(w.review.popover, Qt.Key.Key_Escape)
    assert not w.review.popover.isVisible()
    assert "chairman" not in originals(w)
    assert "The chairman gave" in w.editor.toPlainText()


def test_accepting_keeps_the_writers_capitals_and_logs_provenance(window, qtbot):
    w = window()
    type_draft(qtbot, w, "Utilize the tools.\n")
    s = next(s for s in w.review.review.suggestions if s.original == "Utilize")
    assert w.review.accept(s.id)
    assert w.editor.toPlainText().startswith("Use the tools.")
    log = w.feedback.accepted_changes(w.document_key())
    assert [(c.before, c.after, c.kind) for c in log] == [("Utilize", "Use", "wordy")]
    assert log[0].source.startswith("lexicon:")


def test_an_edit_inside_a_span_makes_it_stale_at_once(window, qtbot):
    w = window()
    type_draft(qtbot, w)
    place_cursor_in(w, "ballpark")
    w.editor.textCursor().insertText("X")
    assert "ballpark figure" not in originals(w)
    assert panel_ids(w) == {s.id for s in w.review.review.suggestions}
    text = w.editor.toPlainText()
    for s in w.review.review.suggestions:
        assert text[s.start : s.end] == s.original


def test_typing_that_changes_no_finding_moves_the_underlines_and_keeps_the_cards(window,
                                                                                   qtbot):
    w = window()
    type_draft(qtbot, w)
    before = {s.original: s.id for s in w.review.review.suggestions}
    underlined_before = sorted(underlined(w))
    place_cursor_in(w, "to win.")  # after the first paragraph's findings, before the rest
    cursor = w.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    w.editor.setTextCursor(cursor)
    w.editor.textCursor().insertText(" Fine")
    # No timer, no background check: the edit itself redrew them where the words went.
    assert sorted(underlined(w)) == underlined_before
    after = {s.original: s.id for s in w.review.review.suggestions}
    assert after == before  # the same suggestions, so the same cards
    assert panel_ids(w) == set(after.values())


def test_typing_in_one_paragraph_leaves_the_others_underlines_as_they_were(window, qtbot):
    """Underlines are kept in each paragraph's own positions: the edited paragraph is the only
    one whose underlines change (and so the only one repainted)."""
    w = window()
    type_draft(qtbot, w)
    w.review.underlines.refresh()
    before = dict(w.editor._underlines)
    assert set(before) == {0, 2}  # the two paragraphs with findings; the blank line has none
    third = w.editor.document().findBlockByNumber(2).position()
    later = [span for span in w.editor.underline_spans() if span[0] >= third]
    cursor = w.editor.textCursor()
    cursor.setPosition(0)
    w.editor.setTextCursor(cursor)
    w.editor.textCursor().insertText("Well, ")
    after = w.editor._underlines
    assert after[2] == before[2]  # the same underlines, though each moved 6 characters on
    assert after[0] != before[0]
    assert [span for span in w.editor.underline_spans() if span[0] >= third + 6] == [
        (a + 6, b + 6, rgba) for a, b, rgba in later]


def test_a_long_card_list_takes_a_typing_bursts_changes_in_its_pause(window, qtbot,
                                                                    monkeypatch):
    """Rows coming or going lay a QListView out again whole: a long list of cards waits for a
    pause in the typing. The underlines never wait, and an accepted card goes at once."""
    monkeypatch.setattr(suggestion_list, "DEFER_ROWS", 1)  # every list is long
    w = window()
    type_draft(qtbot, w)
    qtbot.waitUntil(lambda: w.review.settled)
    place_cursor_in(w, "to win.")
    cursor = w.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    w.editor.setTextCursor(cursor)
    w.editor.textCursor().insertText(" We utilize it.")
    ids = {s.id for s in w.review.review.suggestions}
    assert w.suggestions.model.waiting and not w.review.settled
    assert panel_ids(w) != ids
    assert underlined(w).count("utilize") == 2  # the new one is underlined already
    qtbot.waitUntil(lambda: w.review.settled)
    assert panel_ids(w) == {s.id for s in w.review.review.suggestions}
    s = next(s for s in w.review.review.suggestions if s.original == "ballpark figure")
    assert w.review.accept(s.id)
    assert not w.suggestions.model.waiting
    assert panel_ids(w) == {s.id for s in w.review.review.suggestions}
    other = next(s for s in w.review.review.suggestions if s.original == "chairman")
    w.review.reject(other.id)
    assert other.id not in panel_ids(w) and not w.suggestions.model.waiting


def test_emoji_before_a_phrase_never_shifts_its_underline(window, qtbot):
    w = window()
    type_draft(qtbot, w, "🎉🎉 Party 🎈 time: we leverage data.\n")
    w.editor.moveCursor(QTextCursor.MoveOperation.Start)
    # Typed as a key event carrying the emoji (QTest.keyClicks cannot send astral characters).
    for text in ("😀", " "):
        QApplication.sendEvent(
            w.editor, QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, text)
        )
    assert w.editor.toPlainText().startswith("😀 🎉🎉")
    qtbot.waitUntil(lambda: "leverage" in originals(w))
    w.review.underlines.refresh()
    assert "leverage" in underlined(w)
    s = next(s for s in w.review.review.suggestions if s.original == "leverage")
    assert w.review._cursor_for(s).selectedText() == "leverage"


def test_clicking_a_card_selects_its_span_and_its_buttons_act(window, qtbot):
    w = window()
    type_draft(qtbot, w)
    s = next(s for s in w.review.review.suggestions if s.original == "ballpark figure")
    w.suggestions.suggestion_selected.emit(s.id)
    assert w.editor.textCursor().selectedText() == "ballpark figure"
    w.suggestions.accept_requested.emit(s.id)
    assert "rough estimate" in w.editor.toPlainText()


def test_accept_all_of_a_kind_is_one_undo_step(window, qtbot):
    w = window()
    type_draft(qtbot, w, "We utilize it in order to win, and utilize it again in order to grow.")
    wordy = [s for s in w.review.review.suggestions if s.kind == "wordy"]
    assert len(wordy) >= 3
    assert w.review.accept_all("wordy") == len(wordy)
    assert w.editor.toPlainText() == "We use it to win, and use it again to grow."
    w.editor.undo()
    assert w.editor.toPlainText().startswith("We utilize it in order to win")


def test_rejections_and_ignored_phrases_survive_a_restart(window, qtbot):
    first = window()
    type_draft(qtbot, first)
    s = next(s for s in first.review.review.suggestions if s.original == "chairman")
    first.review.reject(s.id)
    first.review.ignore_phrase("ballpark figure")
    assert "ballpark figure" not in originals(first)
    discard_changes(first)
    first.close()
    second = window()
    type_draft(qtbot, second)
    found = originals(second)
    assert "chairman" not in found and "ballpark figure" not in found
    assert "utilize" in [o.lower() for o in found]


def test_kinds_turned_off_in_settings_are_not_shown(window, qtbot):
    w = window()
    type_draft(qtbot, w)
    w.settings.disabled_kinds = ["inclusive", "idiom"]
    w.review.apply_preferences()
    qtbot.waitUntil(lambda: w.review.review.pending_count == 0)
    kinds = {s.kind for s in w.review.review.suggestions}
    assert "inclusive" not in kinds and "idiom" not in kinds and "ai_tell" in kinds
    QApplication.processEvents()


# --- goals ----------------------------------------------------------------------------------

VOICE = ("I think it's really just fine, honestly. Wow! Who knew? Not me.\n"
         "\n"
         "In today's fast-paced world, we delve into the data.")


def families(w: MainWindow) -> set[str]:
    """The families shown, leaving out spelling and grammar (every goal has those)."""
    return {s.family for s in w.review.review.suggestions} - {"correctness"}


def test_the_humanize_goal_flags_machine_habits_and_leaves_a_voice_alone(window, qtbot):
    w = window()
    assert w.settings.goal == "humanize" and w.suggestions.goal.currentData() == "humanize"
    type_draft(qtbot, w, VOICE, goal="humanize")
    found = originals(w)
    assert any("fast-paced world" in o for o in found) and "delve into" in found
    assert families(w) == {"machine"}
    voice_line = VOICE.split("\n")[0]
    assert not any(o in voice_line for o in found)  # "I think", "really", "just", "honestly"


def test_the_goal_box_switches_families_and_is_remembered(window, qtbot):
    w = window()
    type_draft(qtbot, w, VOICE, goal="humanize")
    w.suggestions.goal.setCurrentIndex(w.suggestions.goal.findData("edit"))
    qtbot.waitUntil(lambda: w.review.settled and any(
        s.kind == "filler" for s in w.review.review.suggestions))
    assert families(w) == {"editing"}
    assert w.store.load_settings().goal == "edit"
    w.suggestions.goal.setCurrentIndex(w.suggestions.goal.findData("all"))
    qtbot.waitUntil(lambda: w.review.settled and families(w) == {"editing", "machine"})
