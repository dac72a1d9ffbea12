"""What a reader will feel: Plutchik's eight emotions plus neutral, per sentence and paragraph.

The model is a nine-class logistic regression trained on XED (Helsinki-NLP, CC BY 4.0) by
training/emotion/train.py; its README has the method and the figures. It ships as one weight
row per feature in app/resources/emotion/weights.json. Scoring a sentence:

1. features (emotion_text.features): words, two-word phrases, emoji, emoticons, "!"/"?",
   with negation marked ("not ~happy"), intensifiers and hedges scaling the next word;
2. logits z = bias + sum over features of (value / norm) * row, where norm is the L2 norm of
   all the sentence's feature values (known or not), and p = softmax(z): nine numbers that add
   up to 1; these are `scores`;
3. intensity = clamp((1 - p_neutral - INTENSITY_FLOOR) / (INTENSITY_SPAN)), so a sentence the
   model finds plainly informational comes out near 0, a clearly emotional one near 1;
4. label = the strongest of the eight emotions, or "neutral" when intensity < LABEL_FROM.

A paragraph is the word-weighted mean of its sentences' scores and intensities, and so is a
document: `EmotionCounts` holds the sums and adds up like a vector, so a keystroke re-scores
one paragraph. Valence, for the arc, is joy + trust + anticipation minus anger + disgust +
fear + sadness (surprise counts for neither), from the same scores: -1 .. +1.

Cues are the words behind each emotion's score: a feature's cue weight for emotion e is its
first-order share of p_e, p_e * (w_e - sum_k p_k w_k) * value / norm (what p_e would lose if
the word were deleted), split evenly between the words of a phrase; in a paragraph it is
scaled by the sentence's share of the words. Negated words carry their negator ("not happy").
"""

from __future__ import annotations

import json
import math
import re
import threading
from array import array
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.core.analysis.emotion_text import features
from app.core.document import split_sentences, words
from app.core.text_cache import SENTENCE_CACHE

LABELS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")
NEUTRAL = "neutral"
ALL_LABELS = (*LABELS, NEUTRAL)
POSITIVE = ("joy", "trust", "anticipation")
NEGATIVE = ("anger", "disgust", "fear", "sadness")
WEIGHTS_FILE = ("emotion", "weights.json")

INTENSITY_FLOOR = 0.45  # emotion mass (1 - p_neutral) at and below which intensity is 0
INTENSITY_SPAN = 0.45  # emotion mass above the floor at which intensity reaches 1
LABEL_FROM = 0.2  # below this intensity the label is "neutral"
CUES_PER_EMOTION = 6
CUE_EMOTIONS = 3  # cues are given for this many of the strongest emotions
_N = len(ALL_LABELS)
_NEUTRAL_INDEX = ALL_LABELS.index(NEUTRAL)
_POSITIVE_INDEX = tuple(ALL_LABELS.index(e) for e in POSITIVE)
_NEGATIVE_INDEX = tuple(ALL_LABELS.index(e) for e in NEGATIVE)


@dataclass(frozen=True, slots=True)
class Cue:
    start: int  # Python string offsets into the text that was scored
    end: int
    text: str
    emotion: str
    weight: float  # share of the emotion's score (0..1) carried by these characters


@dataclass(frozen=True, slots=True)
class EmotionScore:
    label: str  # one of LABELS, or NEUTRAL
    intensity: float  # 0..1
    scores: dict[str, float]  # all nine labels, adding up to 1 (treat as read-only)
    cues: tuple[Cue, ...] = ()  # strongest first within each emotion

    @property
    def valence(self) -> float:
        return valence_of(self.scores)

    def top(self, n: int = 2) -> list[str]:
        """The n strongest of the eight emotions."""
        return sorted(LABELS, key=lambda e: -self.scores[e])[:n]


@dataclass(frozen=True, slots=True)
class EmotionCounts:
    """Word-weighted sums over sentences. Adds and subtracts like a vector, so a document's
    figure is the sum of its paragraphs' counts."""

    words: int = 0
    sums: tuple[float, ...] = (0.0,) * _N  # sum of score * words, in ALL_LABELS order
    intensity_sum: float = 0.0

    def __add__(self, other: EmotionCounts) -> EmotionCounts:
        return EmotionCounts(self.words + other.words,
                             tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
                             self.intensity_sum + other.intensity_sum)

    def __sub__(self, other: EmotionCounts) -> EmotionCounts:
        return EmotionCounts(self.words - other.words,
                             tuple(a - b for a, b in zip(self.sums, other.sums, strict=True)),
                             self.intensity_sum - other.intensity_sum)

    def score(self) -> EmotionScore:
        """The aggregate (no cues): mean scores and intensity per word."""
        if not self.words:
            return _neutral_score()
        scores = {label: max(0.0, s / self.words) for label, s in zip(ALL_LABELS, self.sums,
                                                                       strict=True)}
        return _score(scores, min(1.0, max(0.0, self.intensity_sum / self.words)))

    @property
    def valence(self) -> float:
        return self.score().valence


@dataclass(frozen=True, slots=True)
class SentenceEmotion:
    start: int  # the sentence's span in the paragraph
    end: int
    emotion: EmotionScore  # cues in paragraph offsets


@dataclass(frozen=True, slots=True)
class ParagraphEmotion:
    emotion: EmotionScore  # the aggregate, with cues in paragraph offsets
    sentences: tuple[SentenceEmotion, ...]
    counts: EmotionCounts

    @property
    def label(self) -> str:
        return self.emotion.label

    @property
    def intensity(self) -> float:
        return self.emotion.intensity

    @property
    def scores(self) -> dict[str, float]:
        return self.emotion.scores

    @property
    def cues(self) -> tuple[Cue, ...]:
        return self.emotion.cues

    @property
    def valence(self) -> float:
        return self.emotion.valence


def valence_of(scores: dict[str, float]) -> float:
    return sum(scores[e] for e in POSITIVE) - sum(scores[e] for e in NEGATIVE)


def intensity_of(neutral: float) -> float:
    return min(1.0, max(0.0, (1.0 - neutral - INTENSITY_FLOOR) / INTENSITY_SPAN))


def _score(scores: dict[str, float], intensity: float, cues: tuple[Cue, ...] = ()):
    label = max(LABELS, key=scores.__getitem__) if intensity >= LABEL_FROM else NEUTRAL
    return EmotionScore(label, round(intensity, 4), scores, cues)


def _neutral_score() -> EmotionScore:
    return EmotionScore(NEUTRAL, 0.0, {label: float(label == NEUTRAL) for label in ALL_LABELS})


_NEUTRAL_PROBS = tuple(float(k == _NEUTRAL_INDEX) for k in range(_N))


_SPACE = re.compile(r"[ \t\n\r]*")


class WeightRows(Mapping):
    """Feature name -> its row of weights, all rows in one flat array of floats. 41,000 rows
    as tuples were 41,000 objects for the garbage collector to walk: made in a worker thread,
    they set off full collections that held the interpreter (and froze the window) for tens
    of milliseconds, and they took four times the memory."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._values = array("d")
        self.width = 0

    @classmethod
    def of(cls, rows: Mapping) -> WeightRows:
        made = cls()
        for name, row in rows.items():
            made.add(name, row)
        return made

    def add(self, name: str, row) -> None:
        if not isinstance(name, str) or not isinstance(row, list | tuple | array):
            raise ValueError(f"emotion weights: feature {name!r} is not a row of numbers")
        if not self._index:
            self.width = len(row)
        if len(row) != self.width or name in self._index:
            raise ValueError(f"emotion weights: feature {name!r} has {len(row)} weights "
                             f"or comes twice (rows have {self.width})")  # fmt: skip
        try:
            self._values.extend(float(w) for w in row)
        except (TypeError, ValueError):
            raise ValueError(f"emotion weights: feature {name!r} is not a row of numbers") from None
        self._index[name] = len(self._index)

    def __getitem__(self, name: str) -> array:
        start = self._index[name] * self.width
        return self._values[start : start + self.width]

    def __contains__(self, name: object) -> bool:
        return name in self._index

    def __iter__(self):
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)


def read_weights(text: str) -> dict:
    """The weights file parsed as json.loads would (its feature rows as WeightRows), but one
    top-level value or feature row at a time. The model loads in a worker thread, and one
    json.loads of the 2.5 MB file is a single C call that holds the interpreter for ~170 ms:
    the window froze that long (seen with bench llm)."""
    decode = json.JSONDecoder().raw_decode

    def skip(at: int, expected: str = "") -> int:
        at = _SPACE.match(text, at).end()
        if expected:
            if text[at : at + 1] != expected:
                raise ValueError(f"emotion weights: expected {expected!r} at character {at}")
            at = _SPACE.match(text, at + 1).end()
        return at

    data: dict = {}
    at = skip(0, "{")
    while text[at : at + 1] != "}":
        key, at = decode(text, at)
        at = skip(at, ":")
        if key == "features" and text[at : at + 1] == "{":
            rows = WeightRows()
            at = skip(at, "{")
            while text[at : at + 1] != "}":
                name, at = decode(text, at)
                row, at = decode(text, skip(at, ":"))
                rows.add(name, row)
                at = _next_member(text, skip(at), skip)
            data[key] = rows
            at = skip(at, "}")
        else:
            data[key], at = decode(text, at)
        at = _next_member(text, skip(at), skip)
    if text[skip(at, "}") :].strip():
        raise ValueError("emotion weights: text after the end of the object")
    return data


def _next_member(text: str, at: int, skip) -> int:
    """Past the comma before the next member of an object, or at its closing brace."""
    if text[at : at + 1] == ",":
        at = skip(at, ",")
        if text[at : at + 1] == "}":
            raise ValueError(f"emotion weights: a comma before '}}' at character {at}")
    elif text[at : at + 1] != "}":
        raise ValueError(f"emotion weights: expected ',' or '}}' at character {at}")
    return at


class EmotionModel:
    """The trained weights. Immutable once built; share one across threads (load() caches)."""

    _loaded: EmotionModel | None = None
    _lock = threading.Lock()

    def __init__(self, data: dict) -> None:
        if tuple(data["classes"]) != ALL_LABELS:
            raise ValueError(f"emotion weights have classes {data['classes']}, not {ALL_LABELS}")
        self.bias = tuple(float(b) for b in data["bias"])
        rows = data["features"]
        self.rows = rows if isinstance(rows, WeightRows) else WeightRows.of(rows)
        if self.rows and self.rows.width != len(ALL_LABELS):
            raise ValueError(
                f"emotion weights have rows of {self.rows.width}, not {len(ALL_LABELS)}")
        self.training = data.get("training", {})
        # Per sentence: its word count and probabilities (a keystroke's paragraph finds its
        # other sentences here). Bound: app/core/text_cache.py.
        self._sentence = lru_cache(maxsize=SENTENCE_CACHE)(self._measure_sentence)

    @staticmethod
    def weights_path() -> Path:
        from app.paths import resource_path

        return resource_path(*WEIGHTS_FILE)

    @classmethod
    def load(cls, path: Path | None = None) -> EmotionModel:
        """The shipped model (cached after the first call), or the one in `path`."""
        if path is not None:
            return cls(read_weights(Path(path).read_text(encoding="utf-8")))
        with cls._lock:
            if cls._loaded is None:
                weights = cls.weights_path()
                cls._loaded = cls(read_weights(weights.read_text(encoding="utf-8")))
            return cls._loaded

    # --- scoring -------------------------------------------------------------------------

    def score_sentence(self, text: str) -> EmotionScore:
        """One sentence (or any short text scored as one), cues in `text`'s offsets."""
        probs = self._sentence(text)[1]
        scores = dict(zip(ALL_LABELS, probs, strict=True))
        return _score(scores, intensity_of(probs[_NEUTRAL_INDEX]),
                      _cues(text, [(probs, self._shares(text, probs), 0, 1.0)]))

    def score_paragraph(self, text: str) -> ParagraphEmotion:
        """Each sentence scored on its own, then averaged with their word counts as weights."""
        parts = self._sentences(text)
        counts = self._counts(parts)
        if not counts.words:
            return ParagraphEmotion(_neutral_score(), (), counts)
        sentences = []
        weighted = []
        for start, end, n, probs in parts:
            sentence = text[start:end]
            shares = self._shares(sentence, probs)
            scores = dict(zip(ALL_LABELS, probs, strict=True))
            cues = _cues(text, [(probs, shares, start, 1.0)])
            sentences.append(SentenceEmotion(
                start, end, _score(scores, intensity_of(probs[_NEUTRAL_INDEX]), cues)))
            weighted.append((probs, shares, start, n / counts.words))
        mean = counts.score()
        return ParagraphEmotion(_score(mean.scores, mean.intensity, _cues(text, weighted)),
                                tuple(sentences), counts)

    def count(self, text: str) -> EmotionCounts:
        """Just the counts of a paragraph, for the gauges' running sums (no cues: faster)."""
        return self._counts(self._sentences(text))

    def _sentences(self, text: str) -> list[tuple[int, int, int, tuple[float, ...]]]:
        parts = []
        for span in split_sentences(text):
            n, probs = self._sentence(text[span.start : span.end])
            if n:
                parts.append((span.start, span.end, n, probs))
        return parts

    @staticmethod
    def _counts(parts: list[tuple[int, int, int, tuple[float, ...]]]) -> EmotionCounts:
        if not parts:
            return EmotionCounts()
        sums = [0.0] * _N
        intensity_sum = 0.0
        total = 0
        for _, _, n, probs in parts:
            total += n
            for k in range(_N):
                sums[k] += probs[k] * n
            intensity_sum += intensity_of(probs[_NEUTRAL_INDEX]) * n
        return EmotionCounts(total, tuple(sums), intensity_sum)

    def _measure_sentence(self, sentence: str) -> tuple[int, tuple[float, ...]]:
        n = len(words(sentence))
        return n, self._score_probs(sentence)

    def _score_probs(self, text: str) -> tuple[float, ...]:
        bag: dict[str, float] = {}
        for f in features(text):
            bag[f.name] = bag.get(f.name, 0.0) + f.value
        if not bag:
            return _NEUTRAL_PROBS
        norm = math.sqrt(sum(v * v for v in bag.values()))
        rows = self.rows
        known = [(rows[name], value / norm) for name, value in bag.items() if name in rows]
        z = [b + sum(row[k] * scale for row, scale in known)
             for k, b in enumerate(self.bias)]
        top = max(z)
        exp = [math.exp(a - top) for a in z]
        total = sum(exp)
        return tuple(e / total for e in exp)

    def _shares(self, text: str, probs: tuple[float, ...]) -> tuple[tuple, ...]:
        """(start, end, emotion index, share of p_e) for each word or phrase behind a score."""
        found = features(text)
        bag: dict[str, float] = {}
        for f in found:
            bag[f.name] = bag.get(f.name, 0.0) + f.value
        norm = math.sqrt(sum(v * v for v in bag.values())) or 1.0
        rows = self.rows
        shares = []
        for f in found:
            row = rows.get(f.name)
            if row is None:
                continue
            mean = sum(p * w for p, w in zip(probs, row, strict=True))
            scale = f.value / norm
            for k in range(len(LABELS)):
                share = probs[k] * (row[k] - mean) * scale
                if share <= 0:
                    continue
                if f.first_end < 0:
                    shares.append((f.start, f.end, k, share))
                else:  # a two-word phrase: half to each word
                    shares.append((f.start, f.first_end, k, share / 2))
                    shares.append((f.second_start, f.end, k, share / 2))
        return tuple(shares)


def _cues(text: str, parts: list[tuple[tuple[float, ...], tuple, int, float]]) -> tuple[Cue, ...]:
    """Cues for the strongest emotions from the sentences' feature shares.

    parts: (probs, shares, offset of the sentence in `text`, its weight in the aggregate).
    A negated word's span starts at its negator, so "not happy" can overlap the cue "not".
    """
    strength = [0.0] * len(LABELS)
    for probs, _, _, weight in parts:
        for k in range(len(LABELS)):
            strength[k] += probs[k] * weight
    wanted = sorted(range(len(LABELS)), key=lambda k: -strength[k])[:CUE_EMOTIONS]
    by_span: dict[tuple[int, int, int], float] = {}
    for _, shares, offset, weight in parts:
        for start, end, k, share in shares:
            if k in wanted:
                key = (start + offset, end + offset, k)
                by_span[key] = by_span.get(key, 0.0) + share * weight
    cues: list[Cue] = []
    for k in wanted:
        spans = sorted(((a, b, w) for (a, b, kk), w in by_span.items() if kk == k),
                       key=lambda item: -item[2])[:CUES_PER_EMOTION]
        cues.extend(Cue(a, b, text[a:b], LABELS[k], round(w, 4)) for a, b, w in spans)
    return tuple(cues)
