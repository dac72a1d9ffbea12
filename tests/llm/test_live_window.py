"""End to end with the real bundled model: typing a machine-sounding paragraph and pausing
yields a targeted fix in the window (the built-in model judges the rules' own fixes; it does
not write whole rewrites unasked), and the model reads the paragraph for predictability."""

from __future__ import annotations

import pytest

from app.core.analysis.families import MACHINE_KINDS
from app.core.analysis.incremental import shared_style_checker
from app.core.fix_checks import check_candidate
from app.ui.main_window import MainWindow

PARAGRAPH = (
    "In today's fast-paced world, the library serves as a hub for the village, highlighting "
    "its commitment to reading."
)


@pytest.mark.real_model
def test_typing_and_pausing_yields_a_checked_fix_card(qtbot):
    window = MainWindow()
    window.settings.debounce_ms = 200
    qtbot.addWidget(window, before_close_func=lambda w: w.editor.document().setModified(False))
    window.show()
    qtbot.waitUntil(lambda: window.model.service.state in ("ready", "failed"), timeout=120_000)
    assert window.model.service.state == "ready", window.model.service.detail
    assert "ready" in window.model_status.text()
    assert not window.model.service.can_write  # the built-in model: fixes, not rewrites
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, PARAGRAPH)

    def fix_cards():
        return [s for s in window.review.review.suggestions if s.kind == "fix"]

    qtbot.waitUntil(lambda: bool(fix_cards()), timeout=120_000)
    card = fix_cards()[0]
    assert PARAGRAPH[card.start : card.end] == card.original
    assert card.replacement and card.replacement != card.original
    assert window.suggestions.model.row_of(card.id) >= 0
    assert card.source.startswith(window.model.service.model_name)
    reader = window.predictability
    def machine(text):
        return shared_style_checker().check_paragraph(text, frozenset(MACHINE_KINDS))

    verdict = check_candidate(PARAGRAPH, card.start, card.end, card.replacement,
                              machine(PARAGRAPH), machine)
    assert verdict.ok, verdict.reasons
    assert not any(s.kind == "rewrite" for s in window.review.review.suggestions)
    qtbot.waitUntil(lambda: reader.paragraph_reading() is not None, timeout=120_000)
    window.editor.document().setModified(False)
    window.close()
