"""Targeted fixes with the model as judge: for each sentence of a paragraph that holds
machine-family findings, the rules' candidate rewrites (app/core/fixes.py) pass the checks
(app/core/fix_checks.py), then the model reads each in place and the most fluent one that does
not make the text more predictable wins. No Qt here; the worker thread and `check` use it.

Fluency is the mean log-probability per token of the candidate sentence after the text before
it (the scorer's continuations, which evaluate that prefix once). Predictability is the same
number seen from the other side: a candidate whose mean surprisal is more than
PREDICTABLE_SLACK nats below the original's would make the text read more like a model's, so
it is dropped. Fluency is not compared with the original's (taking a stock phrase out always
costs fluency: stock phrases are what a model predicts best), only among the candidates: one
more than BREAK_MARGIN below the most fluent reads as broken and is dropped. The rest are
ranked by how many findings they resolve, then by fluency. A sentence removed altogether (a
closing summary) counts as neutral.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.analysis.families import MACHINE_KINDS
from app.core.analysis.style import StyleChecker
from app.core.analysis.style_rules import Finding
from app.core.fix_checks import Checker, check_candidate
from app.core.fixes import SentenceFix, sentence_fixes
from app.llm.scorer import Scorer

PREDICTABLE_SLACK = 0.15  # nats per token a candidate may be more predictable than the original
BREAK_MARGIN = 2.5  # nats per token below the most fluent candidate: a broken sentence
MAX_JUDGED = 8  # candidates per sentence the model reads (those the checks passed, in order)
ALTERNATIVES = 3

_MACHINE = frozenset(MACHINE_KINDS)


@dataclass(frozen=True, slots=True)
class Fix:
    """One sentence-level suggestion: paragraph offsets, the best wording, the others."""

    start: int
    end: int
    original: str
    replacement: str
    alternatives: tuple[str, ...]  # best first, the replacement included
    reasons: tuple[str, ...]  # of the findings it resolves
    kinds: tuple[str, ...]
    fluency: float  # mean ln p per token of the replacement in place
    original_fluency: float
    drafted: bool = False  # the replacement is the model's own wording, not a rule's

    def source(self, model_name: str) -> str:
        """Where the suggestion came from, for its card and the change log."""
        if self.drafted:
            return f"{model_name} with Humanize Rewriter (fix)"
        return f"{model_name} (fix)"


class Fixer:
    def __init__(self, scorer: Scorer, checker: StyleChecker,
                 correctness: Checker | None = None) -> None:
        self._scorer = scorer
        self._checker = checker
        self._correctness = correctness

    def rules(self, text: str) -> tuple[Finding, ...]:
        return self._checker.check_paragraph(text, _MACHINE)

    def fix_paragraph(self, paragraph: str, context: str = "",
                      cancel: threading.Event | None = None,
                      extra: Callable[[SentenceFix], Sequence[str]] | None = None,
                      ) -> list[Fix] | None:
        """Fixes for the paragraph's sentences, in order; None when cancelled. `extra` may add
        wordings of a sentence of its own (the model's drafts) where the rules have none,
        judged the same way."""
        findings = self.rules(paragraph)
        fixes: list[Fix] = []
        for sentence in sentence_fixes(paragraph, findings):
            if cancel is not None and cancel.is_set():
                return None
            wordings = [c.text for c in sentence.candidates]
            drafted: set[str] = set()
            # The model's own wording only where the rules have none: measured with the
            # adapter (python -m bench rewrites), its wording won over the rules' passing
            # candidates in 2 of 44 machine paragraphs and made a third of them miss 3 s.
            if extra is not None and not wordings:
                drafted = {w for w in extra(sentence) if w not in wordings}
                wordings += sorted(drafted)
            fix = self._judge(paragraph, context, sentence, wordings, findings, cancel, drafted)
            if fix is None and cancel is not None and cancel.is_set():
                return None
            if fix is not None:
                fixes.append(fix)
        return fixes

    def _judge(self, paragraph: str, context: str, sentence: SentenceFix,
               wordings: Sequence[str], findings: Sequence[Finding],
               cancel: threading.Event | None, drafted: set[str] = frozenset()) -> Fix | None:
        passing: list[tuple[str, tuple[Finding, ...]]] = []
        for text in wordings:
            verdict = check_candidate(paragraph, sentence.start, sentence.end, text, findings,
                                      self.rules, self._correctness)
            if verdict.ok:
                passing.append((text, verdict.resolved))
            if len(passing) >= MAX_JUDGED:
                break
        if not passing:
            return None
        prefix = (context + "\n" if context else "") + paragraph[: sentence.start]
        spoken = [text for text, _ in passing if text]
        scores = self._scorer.continuations(prefix, [sentence.original, *spoken], cancel)
        if scores is None:
            return None
        fluency = {text: (total / count if count else 0.0)
                   for text, (total, count) in zip([sentence.original, *spoken], scores,
                                                   strict=True)}
        baseline = fluency[sentence.original]
        fluency[""] = baseline  # a removed sentence: neutral
        kept = [(text, resolved) for text, resolved in passing
                if fluency[text] <= baseline + PREDICTABLE_SLACK]
        if not kept:
            return None
        floor = max(fluency[text] for text, _ in kept) - BREAK_MARGIN
        kept = [(text, resolved) for text, resolved in kept if fluency[text] >= floor]
        kept.sort(key=lambda item: (-len(item[1]), -fluency[item[0]]))
        best, resolved = kept[0]
        # Alternatives fix as much as the best does: a wording that fixes less is no option.
        alternatives = [text for text, r in kept if len(r) == len(resolved)][:ALTERNATIVES]
        return Fix(
            start=sentence.start, end=sentence.end, original=sentence.original,
            replacement=best,
            alternatives=tuple(alternatives),
            reasons=tuple(dict.fromkeys(f.reason for f in resolved)),
            kinds=tuple(dict.fromkeys(f.kind for f in resolved)),
            fluency=fluency[best], original_fluency=baseline, drafted=best in drafted,
        )
