"""How predictable a paragraph is to the language model: the numbers behind the
predictability view, `predictable` findings and human-ness 2.0. Pure Python: the surprisal of
each token comes from app/llm/scorer.py (the model thread), plain numbers cross to here.

Language models write the words they find most likely; people don't. Surprisal is −ln p of a
token given what came before it (nats). Per paragraph this keeps
* the mean surprisal of its tokens, and how it spreads: the standard deviation of the means of
  CHUNK-token stretches ("burstiness": people mix flat and surprising passages);
* each sentence's mean, for the view and for findings;
* each word's surprisal (the mean of its tokens), for shading word by word.

`PredictabilityCounts` adds up over paragraphs like the other gauges' counts, so the
document's figures cost nothing per keystroke.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

from app.core.analysis.lexicon import WORD
from app.core.analysis.style_rules import Finding, content_start
from app.core.document import split_sentences

CHUNK = 20  # tokens per stretch for the spread
MIN_PARAGRAPH_WORDS = 25  # shorter paragraphs get no `predictable` finding
MIN_SENTENCE_TOKENS = 10
# A sentence reads as "a model would have written this" below this mean surprisal (nats). On
# the development corpus, for the built-in model: 1.6 marks about 1% of human sentences and
# 10% of machine ones (2.0: 4% and 25%). Other families start from the same until measured.
PREDICTABLE_THRESHOLD = {"gemma3": 1.6}
PREDICTABLE_REASON = ("A model would have written almost exactly this. Say it your way, or add "
                      "a concrete detail.")


@dataclass(frozen=True, slots=True)
class SentenceScore:
    start: int  # paragraph offsets
    end: int
    mean_surprisal: float
    tokens: int


@dataclass(frozen=True, slots=True)
class WordScore:
    start: int
    end: int
    surprisal: float  # mean over the word's tokens


@dataclass(frozen=True, slots=True)
class PredictabilityCounts:
    """Sums over tokens and CHUNK-token stretches; adds and subtracts like a vector."""

    tokens: int = 0
    surprisal: float = 0.0
    chunks: int = 0
    chunk_means: float = 0.0
    chunk_means_sq: float = 0.0

    def __add__(self, other: PredictabilityCounts) -> PredictabilityCounts:
        return PredictabilityCounts(*(getattr(self, f.name) + getattr(other, f.name)
                                      for f in fields(self)))

    def __sub__(self, other: PredictabilityCounts) -> PredictabilityCounts:
        return PredictabilityCounts(*(getattr(self, f.name) - getattr(other, f.name)
                                      for f in fields(self)))

    @property
    def mean_surprisal(self) -> float:
        return self.surprisal / self.tokens if self.tokens else 0.0

    @property
    def spread(self) -> float:
        if self.chunks < 2:
            return 0.0
        mean = self.chunk_means / self.chunks
        return math.sqrt(max(0.0, self.chunk_means_sq / self.chunks - mean * mean))


@dataclass(frozen=True, slots=True)
class ParagraphPredictability:
    counts: PredictabilityCounts
    sentences: tuple[SentenceScore, ...]
    words: tuple[WordScore, ...]

    @property
    def mean_surprisal(self) -> float:
        return self.counts.mean_surprisal

    @property
    def spread(self) -> float:
        return self.counts.spread


def summarize(text: str, spans: Sequence[tuple[int, int]],
              surprisal: Sequence[float]) -> ParagraphPredictability:
    """The paragraph's figures from its tokens' spans (paragraph offsets) and surprisal."""
    values = list(surprisal)
    pieces = [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]
    chunk_means = [sum(piece) / len(piece) for piece in pieces if len(piece) >= CHUNK // 2]
    counts = PredictabilityCounts(len(values), sum(values), len(chunk_means), sum(chunk_means),
                                  sum(m * m for m in chunk_means))
    scored = [(a, b, v) for (a, b), v in zip(spans, values, strict=True) if b > a]
    sentences = tuple(
        SentenceScore(start, end, sum(inside) / len(inside), len(inside))
        for (start, end), inside in _group([(s.start, s.end) for s in split_sentences(text)],
                                           scored, within=True) if inside)
    words = tuple(
        WordScore(start, end, sum(inside) / len(inside))
        for (start, end), inside in _group([m.span() for m in WORD.finditer(text)], scored,
                                           within=False) if inside)
    return ParagraphPredictability(counts, sentences, words)


def _group(ranges: list[tuple[int, int]], scored: list[tuple[int, int, float]],
           within: bool) -> list[tuple[tuple[int, int], list[float]]]:
    """For each range (in order), the surprisal of the tokens inside it (`within`) or meeting
    it: one sweep, since ranges and tokens are both in text order."""
    grouped, first = [], 0
    for start, end in ranges:
        while first < len(scored) and scored[first][1] <= start:
            first += 1
        inside, k = [], first
        while k < len(scored) and scored[k][0] < end:
            a, b, value = scored[k]
            if not within or (a >= start and b <= end):
                inside.append(value)
            k += 1
        grouped.append(((start, end), inside))
    return grouped


def predictable_findings(text: str, scored: ParagraphPredictability,
                         threshold: float) -> list[Finding]:
    """Sentences a model finds most predictable (mean surprisal below `threshold`), as
    `predictable` findings; none for short paragraphs, headings, list items and quotes."""
    stripped = text.lstrip()
    if (len(text.split()) < MIN_PARAGRAPH_WORDS or stripped.startswith(("#", ">"))
            or content_start(text) != len(text) - len(stripped)):
        return []
    found = []
    for sentence in scored.sentences:
        if sentence.tokens >= MIN_SENTENCE_TOKENS and sentence.mean_surprisal < threshold:
            original = text[sentence.start : sentence.end]
            found.append(Finding(sentence.start, sentence.end, original, None, "predictable",
                                 PREDICTABLE_REASON, "model:predictability"))
    return found


# --- human-ness 2.0 -------------------------------------------------------------------------

# Per model family: the weights of the logistic model below, fitted on the development corpus
# of real texts (../shared/corpus: 63 human, 36 machine, hard cases included) with the
# built-in model reading each paragraph after the one before it; leave-one-out AUC 0.90 there
# (0.96 without the hard cases) against 0.85 for the rules-only gauge; 0.99 on our own samples
# (tests/data), which it was not fitted on. Features: the share of tokens that were the
# model's first choice (top1), the mean surprisal (nats), its spread over 20-token stretches,
# ln(1 + machine-family findings per 1,000 words) and the sentence-length variation (cv).
# Other model families get the built-in model's weights until measured (README says so).
MODEL_WEIGHTS: dict[str, dict[str, float]] = {
    "gemma3": {"bias": 13.249, "top1": -22.68, "mean": -0.975, "spread": 0.444,
               "tells": -1.201, "cv": 0.06},
}


@dataclass(frozen=True, slots=True)
class Reading:
    """What the model read of a stretch of text: the sums the human-ness 2.0 score needs."""

    counts: PredictabilityCounts
    top1: int = 0  # tokens that were the model's first choice

    def __add__(self, other: Reading) -> Reading:
        return Reading(self.counts + other.counts, self.top1 + other.top1)

    def __sub__(self, other: Reading) -> Reading:
        return Reading(self.counts - other.counts, self.top1 - other.top1)


def reading(scored: ParagraphPredictability, ranks: Sequence[int]) -> Reading:
    return Reading(scored.counts, sum(1 for r in ranks if r == 0))


def model_humanness(read: Reading, tells_per_1000: float, sentence_cv: float,
                    family: str = "gemma3") -> int | None:
    """0-100 from what the model read and the rules' counts; None when too little was read
    (the caller falls back to the rules-only score and says so).

    score = 100 / (1 + exp(-z)), z = bias + top1·share_first_choice + mean·mean_surprisal
            + spread·spread + tells·ln(1 + findings per 1,000 words) + cv·sentence_cv."""
    tokens = read.counts.tokens
    if tokens < 40:
        return None
    w = MODEL_WEIGHTS.get(family, MODEL_WEIGHTS["gemma3"])
    z = (w["bias"] + w["top1"] * read.top1 / tokens + w["mean"] * read.counts.mean_surprisal
         + w["spread"] * read.counts.spread + w["tells"] * math.log1p(tells_per_1000)
         + w["cv"] * sentence_cv)
    return round(100 / (1 + math.exp(-max(-30.0, min(30.0, z)))))
