"""Live model suggestions in the window, with the model stand-in (tests/fake_model.py); the
real model's window test is tests/llm/test_live_window.py."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from app.llm.rewriter import rewrite_reason
from app.ui.main_window import MainWindow
from tests.fake_model import FAKE_NAME, fake_rewrite

PARAGRAPH = (
    "It is important to note that our team delivers value to every customer we serve."
)


def rewrites(w: MainWindow):
    return [s for s in w.review.review.suggestions if s.kind == "rewrite"]


def type_paragraph(qtbot, w: MainWindow, text: str = PARAGRAPH) -> None:
    w.editor.setFocus()
    qtbot.keyClicks(w.editor, text)


def test_pausing_after_typing_yields_a_rewrite_card(window, qtbot):
    w = window()
    type_paragraph(qtbot, w)
    qtbot.waitUntil(lambda: len(rewrites(w)) == 1, timeout=5_000)
    s = rewrites(w)[0]
    assert s.original == PARAGRAPH and s.replacement == fake_rewrite(PARAGRAPH)
    assert s.source == FAKE_NAME and s.reason == rewrite_reason("Natural")
    assert w.editor.toPlainText()[s.start : s.end] == s.original
    assert w.suggestions.model.row_of(s.id) >= 0
    assert "ready" in w.model_status.text()
    assert not w.model.card.isVisible()


def test_typing_again_cancels_the_running_request(window, qtbot):
    w = window()
    w.model.service.hold = True
    type_paragraph(qtbot, w)
    qtbot.waitUntil(lambda: w.model._live_job != 0, timeout=5_000)
    job = w.model._live_job
    assert w.model.card.isVisible()  # the live card shows the request
    qtbot.keyClicks(w.editor, " More")  # before the model answers
    assert not w.model.service.is_pending(job)
    qtbot.waitUntil(lambda: len(w.model.service.requests) == 2, timeout=5_000)
    w.model.service.hold = False
    w.model.service.release()
    qtbot.waitUntil(lambda: len(rewrites(w)) == 1, timeout=5_000)
    assert rewrites(w)[0].original == PARAGRAPH + " More"


def test_a_running_rewrite_is_not_restarted_for_the_same_text(window, qtbot):
    # The real model thread reports "ready" as each job ends, cancelled ones included, and
    # "ready" schedules an ask for the paragraph at the cursor. Asking again for the text
    # already being rewritten used to cancel it and start over, which ended in another
    # "ready": the requests kept replacing each other and no rewrite ever arrived.
    w = window()
    w.settings.debounce_ms = 100
    w.model.service.hold = True
    type_paragraph(qtbot, w)
    qtbot.waitUntil(lambda: w.model._live_job != 0, timeout=5_000)
    job = w.model._live_job
    w.model.suggest_at_cursor()  # e.g. Ctrl+Shift+Return while it runs
    w.model.service.state_changed.emit("ready", "")  # an earlier, cancelled job ending
    qtbot.wait(400)  # past the debounce
    assert w.model._live_job == job and w.model.service.is_pending(job)
    assert len(w.model.service.requests) == 1
    w.model.service.hold = False
    w.model.service.release()
    qtbot.waitUntil(lambda: len(rewrites(w)) == 1, timeout=5_000)
    # Another tone is another request: that one does replace the running job.
    w.model.service.hold = True
    w.model.bar.tone.setCurrentIndex(w.model.bar.tone.findData("Warm"))
    cursor = w.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    w.editor.setTextCursor(cursor)
    qtbot.keyClicks(w.editor, " Thanks.")
    qtbot.waitUntil(lambda: len(w.model.service.requests) == 2, timeout=5_000)


def test_the_tone_selector_steers_the_request(window, qtbot):
    w = window()
    w.model.bar.tone.setCurrentIndex(w.model.bar.tone.findData("Warm"))
    type_paragraph(qtbot, w)
    qtbot.waitUntil(lambda: len(rewrites(w)) == 1, timeout=5_000)
    assert w.model.service.requests[-1] == (PARAGRAPH, "Warm")
    assert w.settings.tone == "Warm"


def test_live_suggestions_can_be_paused(window, qtbot):
    w = window()
    w.model.set_live(False)
    type_paragraph(qtbot, w)
    qtbot.wait(300)
    assert rewrites(w) == [] and w.model.service.requests == []


def test_a_result_for_moved_text_is_reanchored_and_never_misplaced(window, qtbot):
    w = window()
    w.model.set_live(False)
    w.editor.setPlainText(f"Intro line.\n{PARAGRAPH}")
    cursor = w.editor.textCursor()
    start = len("Intro line.\n")
    cursor.setPosition(start)
    cursor.setPosition(start + len(PARAGRAPH), QTextCursor.MoveMode.KeepAnchor)
    w.editor.setTextCursor(cursor)
    assert w.model.rewrite_selection("Formal")
    # A line is added above before the answer arrives: the card lands on the same words.
    top = QTextCursor(w.editor.document())
    top.insertText("A new first line.\n")
    qtbot.waitUntil(lambda: len(rewrites(w)) == 1, timeout=5_000)
    s = rewrites(w)[0]
    assert w.editor.toPlainText()[s.start : s.end] == PARAGRAPH


def test_rejected_rewrites_are_not_offered_again_and_accepted_ones_teach(window, qtbot):
    w = window()
    type_paragraph(qtbot, w)
    qtbot.waitUntil(lambda: len(rewrites(w)) == 1, timeout=5_000)
    w.review.reject(rewrites(w)[0].id)
    w.model.suggest_at_cursor()
    qtbot.wait(100)
    assert rewrites(w) == []
    w.editor.selectAll()
    w.editor.textCursor().insertText("Moreover, the results were reviewed by the whole team today.")
    qtbot.waitUntil(lambda: len(rewrites(w)) == 1, timeout=5_000)
    s = rewrites(w)[0]
    assert w.review.accept(s.id)
    examples = w.feedback.accepted_examples("rewrite", rewrite_reason("Natural"), 2)
    assert examples == [(s.original, s.replacement)]


def test_hard_sentence_cards_offer_the_model(window, qtbot):
    w = window()
    w.model.set_live(False)
    sentence = (
        "The old man who lived at the end of the road behind the church walked down to the "
        "river every morning before the sun came up to look at the boats and the birds."
    )
    w.editor.setPlainText(sentence)
    qtbot.waitUntil(lambda: any(
        s.kind in ("hard_sentence", "very_hard_sentence") for s in w.review.review.suggestions
    ) or w.review.review.pending_count == 0)
    hard = [s for s in w.review.review.suggestions if s.kind.endswith("hard_sentence")]
    if not hard:
        pytest.skip("a word-level finding hides the sentence card (see style.py)")
    w.review.rewrite_requested.emit(hard[0])
    qtbot.waitUntil(lambda: len(rewrites(w)) >= 1, timeout=5_000)
    assert rewrites(w)[0].original == hard[0].original
