"""Make it feel… in the window: the paragraph at the cursor becomes a card whose wording moves
the feeling toward the target, checked by our emotion model."""

from __future__ import annotations

from app.core.analysis.emotion import EmotionModel
from app.core.analysis.emotion_swaps import load_swaps

COLD = "This is unacceptable. I am furious that the parcel is late again and nobody called."


def test_less_angry_gives_a_card_that_really_reads_less_angry(window, qtbot):
    w = window()
    w.editor.setPlainText(COLD)
    qtbot.waitUntil(lambda: w.review.settled, timeout=20_000)
    from app.ui.model.feeling_requests import FeelingRequests

    feelings = w.findChild(FeelingRequests)
    assert feelings.ask("less angry")
    qtbot.waitUntil(lambda: any(s.kind == "feeling" for s in w.review.review.suggestions),
                    timeout=20_000)
    card = next(s for s in w.review.review.suggestions if s.kind == "feeling")
    assert card.original == COLD and card.replacement != COLD
    assert "Reads less angry" in card.reason and "anger" in card.reason
    goal = load_swaps().targets["less angry"]
    model = EmotionModel.load()
    before = goal.score(model.score_paragraph(COLD).emotion.scores)
    after = goal.score(model.score_paragraph(card.replacement).emotion.scores)
    assert after > before
    assert w.review.accept(card.id)
    assert w.editor.toPlainText() == card.replacement


def test_a_paragraph_nothing_can_warm_says_so(window, qtbot):
    w = window()
    w.editor.setPlainText("The bus leaves at nine from stop 4 on Mondays and Thursdays.")
    from app.ui.model.feeling_requests import FeelingRequests

    feelings = w.findChild(FeelingRequests)
    said = []
    feelings.status.connect(said.append)
    assert feelings.ask("more excited")
    qtbot.waitUntil(lambda: any("No more excited wording" in s for s in said), timeout=20_000)
