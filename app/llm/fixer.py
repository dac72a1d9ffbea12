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

Predictable sentences (the model would have written almost exactly them; no rule knows
another wording) are redrafted by the rewriter adapter where one is loaded (`extra`): at most
MAX_REDRAFTS per paragraph, the most predictable first, and only sentences no rule fix has
taken. A draft must pass the rewrite gate on the sentence (content words, names, numbers,
length, not cut off: app/core/gate.py) and the fix checks (no machine habit added, no spelling
or grammar problem), and the model must find it no longer predictable (mean surprisal at or
above the threshold the finding used) yet not broken (at most BREAK_MARGIN nats a token less
likely than the original).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core import gate
from app.core.analysis.families import MACHINE_KINDS
from app.core.analysis.predictability import (
    MIN_PARAGRAPH_WORDS,
    PREDICTABLE_THRESHOLD,
    predictable_findings,
    summarize,
)
from app.core.analysis.style import StyleChecker
from app.core.analysis.style_rules import Finding
from app.core.fix_checks import Checker, check_candidate
from app.core.fixes import SentenceFix, sentence_fixes
from app.llm.engine import EngineError
from app.llm.scorer import Scorer

PREDICTABLE_SLACK = 0.15  # nats per token a candidate may be more predictable than the original
BREAK_MARGIN = 2.5  # nats per token below the most fluent candidate: a broken sentence
MAX_JUDGED = 8  # candidates per sentence the model reads (those the checks passed, in order)
ALTERNATIVES = 3
MAX_REDRAFTS = 2  # predictable sentences per paragraph the adapter redrafts (about 0.5 s each)
CONTEXT_CHARS = 200  # of the text before the paragraph, when scoring it (as the reading does)

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
                 correctness: Checker | None = None,
                 threshold: float = PREDICTABLE_THRESHOLD["gemma3"]) -> None:
        """`threshold`: mean surprisal below which a sentence is `predictable` (every model
        family uses the built-in model's until measured, as the predictability view does)."""
        self._scorer = scorer
        self._checker = checker
        self._correctness = correctness
        self._threshold = threshold

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
        if extra is not None:
            redrafted = self._redraft_predictable(paragraph, context, findings, fixes, extra,
                                                  cancel)
            if redrafted is None:
                return None
            fixes = sorted(fixes + redrafted, key=lambda f: f.start)
        return fixes

    def _redraft_predictable(self, paragraph: str, context: str, findings: Sequence[Finding],
                             taken: Sequence[Fix],
                             extra: Callable[[SentenceFix], Sequence[str]],
                             cancel: threading.Event | None) -> list[Fix] | None:
        """The adapter's wordings of the paragraph's most predictable sentences, where they
        pass (see the module docstring); None when cancelled."""
        if len(paragraph.split()) < MIN_PARAGRAPH_WORDS:
            return []  # too short for `predictable` findings: no need to read it
        context = context[-CONTEXT_CHARS:]
        try:
            scores = self._scorer.score(paragraph, context, cancel)
        except EngineError:
            return []  # too long to read in one go: no predictable findings either
        if scores is None:
            return None
        summary = summarize(paragraph, scores.spans, scores.surprisal)
        means = {(s.start, s.end): s.mean_surprisal for s in summary.sentences}
        found = [f for f in predictable_findings(paragraph, summary, self._threshold)
                 if not any(f.start < t.end and t.start < f.end for t in taken)]
        found.sort(key=lambda f: means.get((f.start, f.end), 0.0))
        fixes = []
        for finding in found[:MAX_REDRAFTS]:
            if cancel is not None and cancel.is_set():
                return None
            before = means.get((finding.start, finding.end), 0.0)
            fix = self._redraft(paragraph, context, finding, before, findings, extra, cancel)
            if fix is None and cancel is not None and cancel.is_set():
                return None
            if fix is not None:
                fixes.append(fix)
        return fixes

    def _redraft(self, paragraph: str, context: str, finding: Finding, before: float,
                 findings: Sequence[Finding], extra: Callable[[SentenceFix], Sequence[str]],
                 cancel: threading.Event | None) -> Fix | None:
        """`before`: the sentence's mean surprisal as the paragraph was read. Each wording is
        read in its place the same way (the whole paragraph again), so its figure compares
        with the threshold the finding used."""
        original = finding.original
        sentence = SentenceFix(finding.start, finding.end, original, (finding,), ())
        kept: list[tuple[str, float]] = []
        for wording in dict.fromkeys(extra(sentence)):
            if not wording.strip() or not gate.judge(original.strip(), wording.strip()).ok:
                continue
            verdict = check_candidate(paragraph, finding.start, finding.end, wording,
                                      [*findings, finding], self.rules, self._correctness)
            if not verdict.ok:
                continue
            after = paragraph[: finding.start] + wording + paragraph[finding.end :]
            try:
                scores = self._scorer.score(after, context, cancel)
            except EngineError:
                continue
            if scores is None:
                return None
            inside = [v for (a, b), v in zip(scores.spans, scores.surprisal, strict=True)
                      if finding.start <= a and b <= finding.start + len(wording) and b > a]
            mean = sum(inside) / len(inside) if inside else 0.0
            # No longer predictable, and not broken.
            if self._threshold <= mean <= before + BREAK_MARGIN:
                kept.append((wording, mean))
        if not kept:
            return None
        kept.sort(key=lambda item: item[1])  # the most fluent of those that pass first
        best, mean = kept[0]
        return Fix(
            start=finding.start, end=finding.end, original=original, replacement=best,
            alternatives=tuple(text for text, _ in kept[:ALTERNATIVES]),
            reasons=(finding.reason,), kinds=("predictable",), fluency=-mean,
            original_fluency=-before, drafted=True,
        )

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
