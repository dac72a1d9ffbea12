"""Sentiment from VADER, one sentence at a time.

VADER is built for short texts: its score saturates and its cost grows on long strings, so it
never sees more than a sentence. Aggregation: a paragraph's (and the document's) compound score
is the mean of its sentences' compound scores weighted by their word counts, so a long sentence
counts for more than "Yes." and the document figure is a plain sum ratio that updates
incrementally. The same weighting gives the positive / negative / neutral shares.
Labels follow VADER's own thresholds: compound >= 0.05 positive, <= -0.05 negative.
"""

from __future__ import annotations

import heapq
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from app.core.document import split_sentences, words
from app.core.text_cache import SENTENCE_CACHE

POSITIVE_THRESHOLD = 0.05


@dataclass(frozen=True, slots=True)
class SentimentCounts:
    """Word-weighted sums over sentences; the drivers are the lexicon words found."""

    weight: int = 0  # words in scored sentences
    compound_sum: float = 0.0  # sum of compound * words
    positive_sum: float = 0.0
    negative_sum: float = 0.0
    neutral_sum: float = 0.0
    drivers: tuple[tuple[str, float, int], ...] = ()  # (word, valence, occurrences)

    @property
    def compound(self) -> float:
        return self.compound_sum / self.weight if self.weight else 0.0


@dataclass(frozen=True, slots=True)
class Sentiment:
    compound: float  # -1 .. +1
    label: str  # "negative" | "neutral" | "positive"
    positive: float  # shares of the text, 0 .. 1
    negative: float
    neutral: float
    drivers: tuple[tuple[str, float], ...]  # strongest words first: (word, VADER valence)


# Per sentence: (words, VADER's scores, (word, valence) of its lexicon words), shared by every
# thread's scorer: the bulk worker scores a loaded draft's sentences, and the first keystroke in
# any paragraph then re-scores only the sentence it changed (with a cache per thread, the window's
# thread scored every sentence of each paragraph it first touched again: bench gauges). The
# oldest are forgotten first, so edited-away sentences go. Bound: app/core/text_cache.py.
_sentences: OrderedDict[str, tuple] = OrderedDict()
_sentences_lock = threading.Lock()


class SentimentScorer:
    """VADER with a cache per sentence: editing one sentence re-scores only that sentence.

    The sentence cache is shared by all scorers; VADER itself only reads its word lists, so a
    scorer may be used from any thread.
    """

    def __init__(self) -> None:
        self._vader = SentimentIntensityAnalyzer()
        self._lexicon = self._vader.lexicon

    def count(self, text: str) -> SentimentCounts:
        weight = 0
        sums = [0.0, 0.0, 0.0, 0.0]
        found: dict[str, list] = {}
        for span in split_sentences(text):
            n, scores, lexical = self._sentence(text[span.start : span.end])
            if not n:
                continue
            weight += n
            sums[0] += scores["compound"] * n
            sums[1] += scores["pos"] * n
            sums[2] += scores["neg"] * n
            sums[3] += scores["neu"] * n
            for lower, valence in lexical:
                entry = found.setdefault(lower, [valence, 0])
                entry[1] += 1
        return SentimentCounts(
            weight=weight,
            compound_sum=sums[0],
            positive_sum=sums[1],
            negative_sum=sums[2],
            neutral_sum=sums[3],
            drivers=tuple((w, v, n) for w, (v, n) in found.items()),
        )

    def _sentence(self, sentence: str) -> tuple[int, dict[str, float], tuple]:
        """A sentence's word count, scores and lexicon words: a keystroke changes one
        sentence, and the paragraph's others are found here."""
        with _sentences_lock:
            hit = _sentences.get(sentence)
            if hit is not None:
                _sentences.move_to_end(sentence)
                return hit
        sentence_words = words(sentence)
        if not sentence_words:
            entry: tuple = (0, {}, ())
        else:
            lexicon = self._lexicon
            lexical = []
            for word in sentence_words:
                lower = word.lower()
                valence = lexicon.get(lower)
                if valence is not None:
                    lexical.append((lower, valence))
            entry = (len(sentence_words), self._vader.polarity_scores(sentence), tuple(lexical))
        with _sentences_lock:
            _sentences[sentence] = entry
            if len(_sentences) > SENTENCE_CACHE:
                _sentences.popitem(last=False)
        return entry


def label_for(compound: float) -> str:
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= -POSITIVE_THRESHOLD:
        return "negative"
    return "neutral"


def summarize(
    weight: int,
    compound_sum: float,
    positive_sum: float,
    negative_sum: float,
    neutral_sum: float,
    drivers: Mapping[str, Sequence[float]],
    top: int = 5,
) -> Sentiment:
    """The Sentiment of a scope from its sums and its driver words (word -> (valence, count)),
    the strongest chosen without sorting them all (it runs on every keystroke)."""
    compound = compound_sum / weight if weight else 0.0
    strongest = heapq.nlargest(top, drivers.items(), key=lambda item: abs(item[1][0]) * item[1][1])
    return Sentiment(
        compound=compound,
        label=label_for(compound),
        positive=positive_sum / weight if weight else 0.0,
        negative=negative_sum / weight if weight else 0.0,
        neutral=neutral_sum / weight if weight else 1.0,
        drivers=tuple((word, valence) for word, (valence, _count) in strongest),
    )
