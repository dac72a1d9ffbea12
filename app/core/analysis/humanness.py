"""Human-ness: a 0-100 gauge of how much a text sounds like a person wrote it.

Three signals, each computed from counts that add up paragraph by paragraph, so the document's
figure comes from running sums (`HumannessCounts` adds and subtracts like a vector) and a
keystroke costs one paragraph:

1. AI tells per 1,000 words: t = 1000 * ai_tells / words, where ai_tells counts the
   machine-family findings of `StyleChecker.check_paragraph` (stock phrases of every machine
   kind and the structural patterns; families.py). Component T = exp(-t / 20): no tells gives 1,
   one tell in 250 words (t = 4) about 0.82, the 35+ per 1,000 of typical generated prose
   below 0.2.
2. Sentence-length variation: the coefficient of variation (standard deviation / mean) of the
   word counts of sentences, from n, the sum of lengths S1 and of squared lengths S2:
   cv = sqrt(S2/n - (S1/n)^2) / (S1/n). People mix long and short sentences (cv 0.47-0.78 in
   our samples); generated prose is even (0.22-0.38). With few sentences cv is noisy, so it is
   pulled towards a neutral 0.45 as if two extra sentences had that spread:
   cv' = (n * cv + 2 * 0.45) / (n + 2). Component V = clamp((cv' - 0.25) / 0.35, 0, 1).
   Paragraphs that are not prose (no closing punctuation and under 8 words: headings,
   "Dear Sam,", "Best regards,") are left out of this signal.
3. Lexical variety: moving-average type-token ratio (MATTR) over windows of 25 words inside each
   paragraph (a shorter paragraph adds no window), which unlike a plain type-token ratio does
   not fall as a text gets longer:
   m = (sum over windows of distinct words) / (25 * windows), pulled towards 0.9 as if five
   windows had it. Component L = clamp((m - 0.80) / 0.10, 0, 1). Generated prose is lexically
   varied too, so this only catches text that keeps reusing the same words; it weighs least.

score = round(100 * (0.55 * T + 0.35 * V + 0.10 * L))

Labels: 80+ "Sounds human", 60+ "Mostly natural", 40+ "Somewhat mechanical", below that
"Sounds machine-written"; under 40 words "Too short to judge" (the score is still given).

On the samples in tests/data, every human text scores 87-100 and every machine-sounding one
11-59; tests/core/test_humanness.py keeps them at least 15 points apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

from app.core.analysis.families import MACHINE
from app.core.analysis.lexicon import WORD, fold
from app.core.analysis.style import Finding
from app.core.document import split_sentences

WINDOW = 25  # words per MATTR window
TELL_SCALE = 20.0  # tells per 1,000 words at which T falls to 1/e
CV_PRIOR, CV_PRIOR_WEIGHT, CV_LOW, CV_HIGH = 0.45, 2, 0.25, 0.60
MATTR_PRIOR, MATTR_PRIOR_WEIGHT, MATTR_LOW, MATTR_HIGH = 0.90, 5, 0.80, 0.90
WEIGHTS = (0.55, 0.35, 0.10)  # tells, sentence variation, lexical variety
MIN_WORDS = 40  # below this the label says the text is too short to judge
_PROSE_END = re.compile(r"""[.!?…]['"’”)\]]*\s*$""")
_NOT_PROSE_WORDS = 8


@dataclass(frozen=True, slots=True)
class HumannessCounts:
    """The counts behind the gauge for a stretch of text. Adds and subtracts like a vector."""

    words: int = 0
    ai_tells: int = 0
    sentences: int = 0  # prose sentences with at least one word
    sentence_words: int = 0  # sum of their word counts
    sentence_words_sq: int = 0  # sum of the squares of their word counts
    windows: int = 0  # MATTR windows of WINDOW words
    window_types: int = 0  # distinct words, summed over the windows

    def __add__(self, other: HumannessCounts) -> HumannessCounts:
        return HumannessCounts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )

    def __sub__(self, other: HumannessCounts) -> HumannessCounts:
        return HumannessCounts(
            *(getattr(self, f.name) - getattr(other, f.name) for f in fields(self))
        )


@dataclass(frozen=True, slots=True)
class Humanness:
    score: int  # 0-100
    ai_tells: int
    ai_tells_per_1000_words: float
    sentence_length_cv: float  # raw, before the pull towards the prior
    lexical_variety: float  # MATTR, 0-1 (the prior when no paragraph has a full window)
    label: str


def count_humanness(text: str, findings: Sequence[Finding]) -> HumannessCounts:
    """Counts for one paragraph. `findings` should come from check_paragraph with the machine
    phrase and pattern kinds among its kinds (only those are counted)."""
    spans = [m.span() for m in WORD.finditer(text)]
    if not spans:
        return HumannessCounts()
    sentences = lengths_sq = total = 0
    if _PROSE_END.search(text) or len(spans) >= _NOT_PROSE_WORDS:
        i = 0
        for sentence in split_sentences(text):
            first = i
            while i < len(spans) and spans[i][0] < sentence.end:
                i += 1
            n = i - first
            if n:
                sentences += 1
                total += n
                lengths_sq += n * n
    folded = fold(text)
    if len(folded) == len(text):
        words = [folded[a:b] for a, b in spans]
    else:  # lowercasing changed a length ("İ"): fold word by word
        words = [fold(text[a:b]) for a, b in spans]
    windows = max(0, len(words) - WINDOW + 1)
    types = 0
    if windows:
        counts: dict[str, int] = {}
        for word in words[:WINDOW]:
            counts[word] = counts.get(word, 0) + 1
        types = len(counts)
        for k in range(WINDOW, len(words)):
            gone = words[k - WINDOW]
            left = counts[gone] - 1
            if left:
                counts[gone] = left
            else:
                del counts[gone]
            counts[words[k]] = counts.get(words[k], 0) + 1
            types += len(counts)
    return HumannessCounts(
        words=len(words),
        ai_tells=sum(1 for f in findings if f.family == MACHINE and f.kind != "monotony"),
        sentences=sentences,
        sentence_words=total,
        sentence_words_sq=lengths_sq,
        windows=windows,
        window_types=types,
    )


def humanness(counts: HumannessCounts) -> Humanness:
    """The gauge from (summed) counts; the formula is in the module docstring."""
    c = counts
    per_1000 = 1000 * c.ai_tells / c.words if c.words else 0.0
    tells = math.exp(-per_1000 / TELL_SCALE)
    cv = 0.0
    if c.sentences and c.sentence_words:
        mean = c.sentence_words / c.sentences
        variance = max(0.0, c.sentence_words_sq / c.sentences - mean * mean)
        cv = math.sqrt(variance) / mean
    cv_pulled = (c.sentences * cv + CV_PRIOR_WEIGHT * CV_PRIOR) / (c.sentences + CV_PRIOR_WEIGHT)
    variation = _clamp((cv_pulled - CV_LOW) / (CV_HIGH - CV_LOW))
    mattr = c.window_types / (WINDOW * c.windows) if c.windows else MATTR_PRIOR
    mattr_pulled = (c.window_types / WINDOW + MATTR_PRIOR_WEIGHT * MATTR_PRIOR) / (
        c.windows + MATTR_PRIOR_WEIGHT
    )
    variety = _clamp((mattr_pulled - MATTR_LOW) / (MATTR_HIGH - MATTR_LOW))
    w_tells, w_variation, w_variety = WEIGHTS
    score = round(100 * (w_tells * tells + w_variation * variation + w_variety * variety))
    return Humanness(
        score=score,
        ai_tells=c.ai_tells,
        ai_tells_per_1000_words=per_1000,
        sentence_length_cv=cv,
        lexical_variety=mattr,
        label=humanness_label(score, c.words),
    )


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def humanness_label(score: int, words: int) -> str:
    if words == 0:
        return "No text yet"
    if words < MIN_WORDS:
        return "Too short to judge"
    if score >= 80:
        return "Sounds human"
    if score >= 60:
        return "Mostly natural"
    if score >= 40:
        return "Somewhat mechanical"
    return "Sounds machine-written"
