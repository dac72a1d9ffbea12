"""End to end with the real bundled model: typing a machine-sounding paragraph and pausing
yields a rewrite card in the window."""

from __future__ import annotations

import pytest

from app.ui.main_window import MainWindow

PARAGRAPH = (
    "It is important to note that the quarterly report will be delayed due to unforeseen "
    "circumstances."
)


@pytest.mark.real_model
def test_typing_and_pausing_yields_a_model_rewrite_card(qtbot):
    window = MainWindow()
    window.settings.debounce_ms = 200
    qtbot.addWidget(window, before_close_func=lambda w: w.editor.document().setModified(False))
    window.show()
    qtbot.waitUntil(lambda: window.model.service.state in ("ready", "failed"), timeout=120_000)
    assert window.model.service.state == "ready", window.model.service.detail
    assert "ready" in window.model_status.text()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, PARAGRAPH)

    def rewrite_cards():
        return [s for s in window.review.review.suggestions if s.kind == "rewrite"]

    qtbot.waitUntil(lambda: bool(rewrite_cards()), timeout=120_000)
    card = rewrite_cards()[0]
    assert card.original == PARAGRAPH
    assert card.replacement and card.replacement != PARAGRAPH
    assert window.suggestions.model.row_of(card.id) >= 0
    assert card.source == window.model.service.model_name
    window.editor.document().setModified(False)
    window.close()
