"""Targeted fixes: candidate rewrites of one sentence, built from the rules' own findings.

For each machine-family finding in a sentence (a stock phrase, a structural pattern), the rule
knows safe ways to say it plainly: the phrase's plain alternatives or its deletion, the
rule-of-three list cut to one item, "serves as" back to "is", the trailing "-ing" clause
dropped, the negative parallelism stated plainly, a vague "experts say" turned into the
writer's own statement, em dashes as commas, a Title Case heading in sentence case, a closing
summary sentence removed. Several findings in one sentence combine: each candidate applies one
option for every finding it resolves. The model then judges the candidates (app/llm/fixer.py)
and app/core/fix_checks.py decides which may be shown; nothing here needs a model.

Findings are in paragraph offsets; candidates are whole sentences (the span from the first
finding's sentence start to its end), so the writer sees one change per sentence with a word
diff and the reasons of the findings it resolves.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.analysis.families import MACHINE
from app.core.analysis.style_rules import Finding
from app.core.document import split_sentences

MAX_CANDIDATES = 24  # per sentence, before the model judges them
_NO_FIX_KINDS = frozenset({"monotony", "predictable", "voice", "rewrite", "fix", "feeling"})
_CLOSERS = re.compile(r"^\W*(?:overall|in conclusion|in summary|to sum up|to summarize|"
                      r"to summarise|ultimately|in short|all in all|in the end),",
                      re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SentenceFix:
    """Candidate rewrites of one sentence of a paragraph."""

    start: int  # paragraph offsets of the sentence
    end: int
    original: str
    findings: tuple[Finding, ...]  # the machine findings inside it
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str  # the whole sentence rewritten ("" = the sentence removed)
    resolves: tuple[int, ...]  # indices into SentenceFix.findings


def sentence_fixes(paragraph: str, findings: Sequence[Finding]) -> list[SentenceFix]:
    """Candidates for every sentence holding machine-family findings that have a fix."""
    fixable = [f for f in findings if f.family == MACHINE and f.kind not in _NO_FIX_KINDS]
    if not fixable:
        return []
    sentences = split_sentences(paragraph) or []
    found = []
    for index, span in enumerate(sentences):
        inside = tuple(f for f in fixable if span.start <= f.start and f.end <= span.end)
        if not inside:
            continue
        sentence = paragraph[span.start : span.end]
        options = [_options(f, sentence, span.start) for f in inside]
        last = index == len(sentences) - 1 and len(sentences) > 1
        candidates = _combine(sentence, inside, options, closing=last)
        if candidates:
            found.append(SentenceFix(span.start, span.end, sentence, inside, tuple(candidates)))
    return found


# --- options per finding ----------------------------------------------------------------------


def _options(f: Finding, sentence: str, base: int) -> list[tuple[int, int, str]]:
    """Ways to fix one finding, as (start, end, replacement) in sentence offsets."""
    start, end = f.start - base, f.end - base
    original = sentence[start:end]
    found: list[tuple[int, int, str]] = []
    if f.replacement is not None:
        for option in f.alternatives or (f.replacement,):
            found.append((start, end, option))
    build = _BUILDERS.get(f.kind)
    if build is not None:
        found += [(start + a, start + b, text) for a, b, text in build(original, sentence, start)]
    seen, unique = set(), []
    for option in found:
        if option not in seen:
            seen.add(option)
            unique.append(option)
    return unique


def _rule_of_three(original: str, _sentence: str, _at: int) -> list[tuple[int, int, str]]:
    items = [i.strip() for i in re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", original)
             if i.strip()]
    if len(items) != 3:
        return []
    return [(0, len(original), item) for item in items] + [
        (0, len(original), f"{items[0]} and {items[1]}")]


_NOT_JUST = re.compile(r"^not\s+(?:just|only|merely|simply)\s+(?P<x>.+?)[,;—–]\s*(?:but\s+)?"
                       r"(?P<tail>it's|it’s|it is|they're|they’re|they are)?\s*$",
                       re.IGNORECASE | re.DOTALL)
_ISNT_JUST = re.compile(r"^(?P<verb>isn't|isn’t|aren't|aren’t|wasn't|wasn’t|is not|are not|"
                        r"was not)\s+(?:just|only|merely|simply)\s+(?P<x>.+?)[,;—–]\s*"
                        r"(?:it's|it’s|it is|they're|they’re|they are|but|this is)\s*$",
                        re.IGNORECASE | re.DOTALL)
_ITS_NOT = re.compile(r"^(?P<subject>it's|it’s|it is|this is|that's|that’s)\s+not\s+(?P<x>.+?)"
                      r"[,;—–]\s*(?:it's|it’s|it is)\s*$", re.IGNORECASE | re.DOTALL)
_POSITIVE = {"isn't": "is", "isn’t": "is", "aren't": "are", "aren’t": "are", "wasn't": "was",
             "wasn’t": "was", "is not": "is", "are not": "are", "was not": "was"}


def _negative_parallelism(original: str, _sentence: str,
                          _at: int) -> list[tuple[int, int, str]]:
    """State the positive half plainly: "X isn't just A; it's B" -> "X is B", "It's not A,
    it's B" -> "It's B", "not just about A, but about B" -> "about B"."""
    m = _ISNT_JUST.match(original)
    if m:
        return [(0, len(original), _POSITIVE[m.group("verb").lower()])]
    m = _ITS_NOT.match(original)
    if m:
        subject = m.group("subject")
        return [(0, len(original), subject)]
    m = _NOT_JUST.match(original)
    if m:
        tail = m.group("tail")
        return [(0, len(original), tail or "")]
    if original.lower().startswith(("it's not about", "it’s not about", "it is not about")):
        second = re.search(r"[.!?]\s+", original)
        if second:
            return [(0, second.end(), "")]
    return []


_VAGUE_LEAD = re.compile(r"^(?:,?\s+that\s+|,\s*|\s+)", re.IGNORECASE)


def _vague_attribution(original: str, sentence: str, at: int) -> list[tuple[int, int, str]]:
    """Say it as the writer's own view: "Experts say that sleep matters" -> "Sleep matters"
    (only where the attribution opens the sentence)."""
    if sentence[:at].strip():
        return []
    lead = _VAGUE_LEAD.match(sentence[at + len(original):])
    cut = len(original) + (lead.end() if lead else 0)
    first = sentence[at + cut : at + cut + 1]
    if not first.isalpha():
        return []
    return [(0, cut + 1, first.upper())]


def _synonym(original: str, _sentence: str, _at: int) -> list[tuple[int, int, str]]:
    plain = {"metropolis": "city", "urban center": "city", "urban centre": "city",
             "urban hub": "city", "urban jungle": "city", "eatery": "restaurant",
             "canine": "dog", "canine companion": "dog", "furry friend": "dog",
             "feline": "cat", "feline friend": "cat", "automobile": "car", "vehicle": "car",
             "tome": "book", "establishment": "place"}
    word = plain.get(original.lower())
    return [(0, len(original), word)] if word else []


_BUILDERS = {
    "rule_of_three": _rule_of_three,
    "negative_parallelism": _negative_parallelism,
    "vague_attribution": _vague_attribution,
    "synonym_cycling": _synonym,
}


# --- combining ------------------------------------------------------------------------------


def _combine(sentence: str, findings: tuple[Finding, ...],
             options: list[list[tuple[int, int, str]]], closing: bool) -> list[Candidate]:
    """Every finding fixed by one of its options (first options first), then the same with
    one finding left as it is; the closing summary sentence also as removed."""
    indexed = [(i, opts) for i, opts in enumerate(options) if opts]
    if not indexed:
        return []
    found: dict[str, tuple[int, ...]] = {}
    subsets = [tuple(i for i, _ in indexed)]
    if len(indexed) > 1:
        subsets += [tuple(j for j, _ in indexed if j != i) for i, _ in indexed]
    for subset in subsets:
        chosen = [options[i] for i in subset]
        for combo in itertools.islice(itertools.product(*chosen), MAX_CANDIDATES):
            text = _apply(sentence, combo)
            if text is not None and text != sentence and text not in found:
                found[text] = subset
            if len(found) >= MAX_CANDIDATES:
                break
    if closing and _CLOSERS.match(sentence):
        found.setdefault("", tuple(range(len(findings))))
    return [Candidate(text, resolves) for text, resolves in found.items()]


def _apply(sentence: str, edits: Sequence[tuple[int, int, str]]) -> str | None:
    """The sentence with non-overlapping edits applied, tidied; None when edits overlap."""
    ordered = sorted(edits, key=lambda e: e[0])
    for (_a, b, _t), (c, _d, _u) in itertools.pairwise(ordered):
        if c < b:
            return None
    text = sentence
    for start, end, replacement in reversed(ordered):
        text = text[:start] + replacement + text[end:]
    return tidy(text)


_LEAD = re.compile(r"^[\s#>*+\-\d.)\"'“‘(]*")


def tidy(text: str) -> str:
    """Repair what cutting words leaves behind: doubled spaces, a space before punctuation,
    a comma before the full stop, a lowercase sentence start."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*([.!?])", r"\1", text)
    text = re.sub(r"([,;:])\1+", r"\1", text)
    text = text.strip()
    lead = _LEAD.match(text).end()
    if lead < len(text) and text[lead].islower():
        text = text[:lead] + text[lead].upper() + text[lead + 1 :]
    return text
