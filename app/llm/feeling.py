"""Make it feel…: a paragraph moved toward the feeling the writer intends (warmer, calmer,
more confident, more excited, more reassuring, less angry). No Qt here.

Candidates come from the emotion-aware swaps of app/core/analysis/emotion_swaps.py and, when
a rewriter is given, from the model's drafts in the tone closest to the target. Each passes
the checks every model suggestion passes (app/core/fix_checks.py: no new machine habit, the
names, numbers and negations kept, Markdown intact, no new spelling or grammar problem;
the words themselves may change, that is the point) and one more: by our
emotion model the target's emotions rise (by at least MIN_RISE) and the opposite ones fall,
and, for targets about how positive it feels, VADER's compound does not fall. The rest are
ranked by the model's fluency (every one of them moves the feeling enough), or by the rise
when no model is at hand.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from app.core.analysis.emotion import EmotionModel, EmotionScore
from app.core.analysis.emotion_swaps import load_swaps, swap_candidates
from app.core.analysis.families import MACHINE_KINDS
from app.core.analysis.incremental import shared_style_checker
from app.core.fix_checks import Checker, check_candidate

MIN_RISE = 0.05  # the target's score (raised minus lowered emotions) must grow at least this
TONE_FOR = {"warmer": "Warm", "calmer": "Empathetic", "more confident": "Confident",
            "more excited": "Casual", "more reassuring": "Empathetic", "less angry": "Empathetic"}
VALENCE_TARGETS = frozenset({"warmer", "more reassuring", "less angry", "more excited"})
_MACHINE = frozenset(MACHINE_KINDS)


@dataclass(frozen=True, slots=True)
class Feeling:
    text: str
    target: str
    before: EmotionScore
    after: EmotionScore
    rise: float

    def change(self) -> str:
        """The emotions that moved most, in words: "joy 12% → 31%, anger 20% → 8%"."""
        moved = sorted(self.before.scores, key=lambda e: -abs(self.after.scores[e]
                                                              - self.before.scores[e]))
        return ", ".join(f"{e} {self.before.scores[e]:.0%} → {self.after.scores[e]:.0%}"
                         for e in moved[:2] if e != "neutral")


def feel(paragraph: str, target: str, rewriter=None, scorer=None,
         correctness: Checker | None = None, cancel: threading.Event | None = None,
         ) -> list[Feeling]:
    """Wordings of `paragraph` that move it toward `target`, best first (at most three)."""
    model = EmotionModel.load()
    goal = load_swaps().targets[target]
    before = model.score_paragraph(paragraph).emotion
    texts = [c.text for c in swap_candidates(paragraph, target, model, limit=6,
                                             only_improving=True)]
    if rewriter is not None and (cancel is None or not cancel.is_set()):
        drafts = rewriter.rewrite(paragraph, TONE_FOR.get(target, "Natural"), candidates=2,
                                  cancel=cancel)
        texts += [t for t in drafts.texts if t not in texts]
    rules = shared_style_checker()

    def machine(text: str):
        return rules.check_paragraph(text, _MACHINE)

    found = []
    original_findings = machine(paragraph)
    for text in texts:
        verdict = check_candidate(paragraph, 0, len(paragraph), text, original_findings,
                                  machine, correctness)
        # Swapping words is the point here: content words may change, facts may not.
        if [r for r in verdict.reasons
                if r != "resolves no finding" and not r.startswith("drops “")]:
            continue
        after = model.score_paragraph(text).emotion
        rise = goal.score(after.scores) - goal.score(before.scores)
        lowered = sum(after.scores[e] - before.scores[e] for e in goal.lowers)
        if rise < MIN_RISE or lowered > 0.01:
            continue
        if target in VALENCE_TARGETS and _vader(text) < _vader(paragraph) - 0.02:
            continue
        found.append(Feeling(text, target, before, after, rise))
    if scorer is not None and len(found) > 1:
        scores = scorer.continuations("", [f.text for f in found], cancel) or []
        fluency = {f.text: (t / n if n else 0.0) for f, (t, n) in zip(found, scores,
                                                                       strict=False)}
        found.sort(key=lambda f: -fluency.get(f.text, 0.0))
    else:
        found.sort(key=lambda f: -f.rise)
    return found[:3]


def feeling_rises(original: str, candidate: str, tone: str) -> bool:
    """For the tones that promise a feeling (Warm, Empathetic, Confident): the same
    measurement as Make it feel…; other tones always pass."""
    target = {"Warm": "warmer", "Empathetic": "more reassuring",
              "Confident": "more confident"}.get(tone)
    if target is None:
        return True
    model = EmotionModel.load()
    goal = load_swaps().targets[target]
    rise = (goal.score(model.score_paragraph(candidate).emotion.scores)
            - goal.score(model.score_paragraph(original).emotion.scores))
    return rise > 0


def _vader(text: str) -> float:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    global _analyzer
    if _analyzer is None:
        _analyzer = SentimentIntensityAnalyzer()
    return _analyzer.polarity_scores(text)["compound"]


_analyzer = None
