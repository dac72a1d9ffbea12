"""The model reading the draft, in the window (with the stand-in model of tests/fake_model.py,
which finds a word predictable when the paragraph used it before): `predictable` findings,
the shading view and the model-backed human-ness gauge."""

from __future__ import annotations

FRESH = ("Marta counted hulls at dawn while gulls argued over nets, tar, rope and the odd "
         "sardine tin near the old customs shed by the harbour wall.")
SAME = ("The boat came in and the boat went out and the boat came in and the boat went out "
        "and the boat came in again.")
DRAFT = f"{FRESH} {SAME}"


def test_the_model_reads_the_draft_and_flags_its_predictable_sentence(window, qtbot):
    w = window()
    w.editor.setPlainText(DRAFT)
    qtbot.waitUntil(lambda: any(s.kind == "predictable" for s in w.review.review.suggestions),
                    timeout=20_000)
    flagged = [s for s in w.review.review.suggestions if s.kind == "predictable"]
    assert [s.original for s in flagged] == [SAME]
    assert flagged[0].family == "machine" and "A model would have written" in flagged[0].reason
    assert DRAFT in w.model.service.reads


def test_the_gauge_says_the_model_read_it_and_the_view_shades_words(window, qtbot):
    w = window()
    w.editor.setPlainText(DRAFT + "\n\n" + FRESH)
    qtbot.waitUntil(lambda: "with the model" in w.gauges.humanness.source.text(),
                    timeout=20_000)
    assert w.editor.extraSelections() == []
    w.gauges.humanness.predictability_button.click()
    assert w.predictability.shading and w.settings.show_predictability
    qtbot.waitUntil(lambda: len(w.editor.extraSelections()) > 5, timeout=5_000)
    shaded = {s.cursor.selectedText() for s in w.editor.extraSelections()}
    assert "boat" in shaded and "Marta" not in shaded  # repeated words are the predictable ones
    w.gauges.humanness.predictability_button.click()
    assert w.editor.extraSelections() == []


def test_short_paragraphs_headings_and_lists_are_left_alone(window, qtbot):
    w = window()
    w.editor.setPlainText(f"# {SAME}\n\n- {SAME}\n\nThe boat came in. The boat came in.")
    qtbot.waitUntil(lambda: len(w.model.service.reads) >= 3, timeout=20_000)
    qtbot.waitUntil(lambda: w.review.settled, timeout=10_000)
    assert not any(s.kind == "predictable" for s in w.review.review.suggestions)
