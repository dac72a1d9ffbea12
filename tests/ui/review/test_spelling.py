"""Spelling and grammar in the window, with the real Harper checker in its own thread: the
findings arrive after the first paint, show in every goal, and the writer's dictionary and
dialect choices are honoured."""

from __future__ import annotations

import pytest

from app.ui.review.review_menu import show_preferences

TEXT = "We recieve teh parcels on Monday.\n\nThe colour of the van is grey."


def spelling(w):
    return {s.original: s for s in w.review.review.suggestions if s.family == "correctness"}


@pytest.mark.parametrize("goal", ["humanize", "edit", "all"])
def test_misspellings_are_found_in_every_goal(window, qtbot, goal):
    w = window()
    w.review.set_goal(goal)
    w.settings.dialect = "us"
    w.review.apply_preferences()
    w.editor.setPlainText(TEXT)
    qtbot.waitUntil(lambda: {"recieve", "teh"} <= set(spelling(w)), timeout=30_000)
    found = spelling(w)
    assert found["recieve"].replacement == "receive" and found["recieve"].kind == "spelling"
    assert found["recieve"].source.startswith(("harper:", "rule:"))


def test_the_dictionary_and_the_dialect(window, qtbot):
    w = window()
    w.settings.dialect = "us"
    w.review.apply_preferences()
    w.editor.setPlainText(TEXT)
    qtbot.waitUntil(lambda: "recieve" in spelling(w) and "colour" in spelling(w),
                    timeout=30_000)
    w.review.add_personal_word("recieve")  # the popover's "Add to the dictionary"
    qtbot.waitUntil(lambda: "recieve" not in spelling(w) and "teh" in spelling(w),
                    timeout=30_000)
    w.settings.dialect = "uk"
    w.review.apply_preferences()
    qtbot.waitUntil(lambda: "teh" in spelling(w) and "colour" not in spelling(w),
                    timeout=30_000)


def test_typing_a_slip_brings_a_suggestion_and_accepting_fixes_it(window, qtbot):
    w = window()
    w.editor.setPlainText("Thanks for coming.")
    qtbot.waitUntil(lambda: w.review.settled, timeout=20_000)
    cursor = w.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    w.editor.setTextCursor(cursor)
    qtbot.keyClicks(w.editor, " Your welcome.")
    qtbot.waitUntil(lambda: any("welcome" in o.lower() for o in spelling(w)), timeout=30_000)
    s = next(s for o, s in spelling(w).items() if "welcome" in o.lower())
    assert w.review.accept(s.id)
    assert "You're welcome." in w.editor.toPlainText()
    w.editor.undo()
    assert "Your welcome." in w.editor.toPlainText()


def test_spelling_can_be_turned_off(window, qtbot, monkeypatch):
    w = window()
    w.editor.setPlainText(TEXT)
    qtbot.waitUntil(lambda: "recieve" in spelling(w), timeout=30_000)

    def uncheck(dialog):
        dialog.spelling.setChecked(False)
        return 1

    monkeypatch.setattr("app.ui.dialogs.preferences.PreferencesDialog.exec", uncheck)
    show_preferences(w)
    qtbot.waitUntil(lambda: not spelling(w), timeout=20_000)
    assert w.store.load_settings().spelling is False


def test_what_is_on_screen_is_checked_before_the_rest_of_a_long_document(window, qtbot):
    w = window()
    w.settings.dialect = "us"
    w.review.apply_preferences()
    # Every sentence its own (Harper remembers sentences it has read, in the whole process).
    lines = [f"Paragraph {i}: please bare with me while I fix teh sink number {i}."
             for i in range(1500)]  # fmt: skip
    arrived: list[tuple[int, str]] = []
    w.review.late.spelling.ready.connect(arrived.extend)
    w.editor.setPlainText("\n".join(lines))
    qtbot.waitUntil(lambda: len(arrived) >= 8, timeout=30_000)
    assert arrived[0][0] == 0  # the top of the document, on screen when it opens
    w.editor.verticalScrollBar().setValue(w.editor.verticalScrollBar().maximum())
    bottom = w.editor.visible_lines()
    assert bottom.stop == len(lines)
    qtbot.waitUntil(lambda: "harper:BareWithMe" in {
        f.source for f in w.review.late.spelling.findings(lines[-1])}, timeout=30_000)
    assert w.review.late.spelling.waiting > len(lines) // 2  # long before the rest is done
    last = w.review.review.offsets.start(len(lines) - 1)
    qtbot.waitUntil(lambda: {"bare", "teh"} <= {
        s.original for s in w.review.review.suggestions if s.start >= last}, timeout=10_000)


def test_the_panel_says_while_a_long_document_is_still_being_checked(window, qtbot):
    w = window()
    panel = w.review.panel
    assert panel.checking_label.isHidden()
    lines = [f"Paragraph {i}: I recieve teh parcels on Monday." for i in range(300)]
    shown: list[str] = []
    w.review.late.spelling.progress.connect(
        lambda _f: shown.append(panel.checking_label.text()) if not panel.checking_label.isHidden()
        else None)  # fmt: skip
    w.editor.setPlainText("\n".join(lines))
    qtbot.waitUntil(lambda: w.review.late.spelling.waiting == 0, timeout=60_000)
    assert shown and all(text.startswith("Checking spelling… ") for text in shown)
    assert panel.checking_label.isHidden()
    assert "still being checked" not in panel.empty.text()
