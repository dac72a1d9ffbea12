"""The habits a voice profile measures, each one a writer can read and check.

Every figure comes from VoiceCounts, so it is the same for a profile (the sum of its samples),
a document and a paragraph:

* sentence length: mean words per sentence, and the spread (standard deviation) around it;
  the shares of very short (up to 5 words) and long (30+ words) sentences;
* paragraph length: mean words per paragraph (headings and bold labels left out);
* word length: mean letters per word;
* per 1,000 words: contractions; "I/me/my"; "we/us/our"; "you/your"; dashes; semicolons;
  colons; brackets; commas; figures; words in capitals; emoji; formal words; casual words;
* per 100 sentences: questions, exclamations, sentences that start in lowercase;
* how sentences open: the share of sentences whose first word is "I", "the/a", "and/but/so",
  a question word, ... (wordlists.OPENERS);
* readability: Flesch reading ease (textstat's counts, as the Readability gauge), its mean and
  its range (10th to 90th percentile of the paragraphs);
* formality, our own measure: formal marks (abstract -tion/-ment/-ity words of 7+ letters and
  formal words such as "therefore", "please", "regarding") minus casual marks (contractions,
  casual words such as "okay", "kinda", "honestly", exclamation marks), per 1,000 words, put
  on 0-100 by formality = 100 / (1 + exp(-marks / 40)). Our human samples score about 30,
  our machine-written ones about 77; chatty blogging is under 10 and council notices over 85.
* favourite words and phrases, and words a text uses that the writer never does: profile.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import app.core.voice.wordlists as wordlists
from app.core.voice.counts import EASE_EDGES, VoiceCounts, reading_ease

FORMALITY_SCALE = 40.0


@dataclass(frozen=True, slots=True)
class Habit:
    """A habit counted as a rate: `field` of VoiceCounts per 1,000 words or per 100 sentences."""

    name: str  # the feature name in JSON and in differences
    field: str
    per: str  # "words" or "sentences"
    label: str  # a noun phrase for sentences: "contractions", "questions"

    @property
    def scale(self) -> int:
        return 1000 if self.per == "words" else 100

    @property
    def unit(self) -> str:
        return "per 1,000 words" if self.per == "words" else "per 100 sentences"

    def rate(self, counts: VoiceCounts) -> float:
        exposure = counts.words if self.per == "words" else counts.sentences
        return self.scale * getattr(counts, self.field) / exposure if exposure else 0.0


RATE_HABITS: tuple[Habit, ...] = (
    Habit("contractions", "contractions", "words", "contractions"),
    Habit("first_person", "first_singular", "words", '"I", "me" and "my"'),
    Habit("we", "first_plural", "words", '"we", "us" and "our"'),
    Habit("second_person", "second_person", "words", '"you" and "your"'),
    Habit("dashes", "dashes", "words", "dashes"),
    Habit("semicolons", "semicolons", "words", "semicolons"),
    Habit("colons", "colons", "words", "colons"),
    Habit("parentheses", "parentheses", "words", "brackets"),
    Habit("commas", "commas", "words", "commas"),
    Habit("numbers", "numbers", "words", "figures"),
    Habit("capitals", "capitals", "words", "words in capitals"),
    Habit("emoji", "emoji", "words", "emoji"),
    Habit("formal_words", "formal_words", "words", 'formal words ("therefore", "please")'),
    Habit("abstract_words", "nominal_words", "words", "abstract -tion and -ment words"),
    Habit("casual_words", "informal_words", "words", 'casual words ("okay", "honestly")'),
    Habit("questions", "questions", "sentences", "questions"),
    Habit("exclamations", "exclamations", "sentences", "exclamation marks"),
    Habit("lowercase_starts", "lowercase_starts", "sentences", "sentences that start in lowercase"),
    Habit("short_sentences", "short_sentences", "sentences", "very short sentences"),
    Habit("long_sentences", "long_sentences", "sentences", "long sentences"),
)
HABITS_BY_NAME = {h.name: h for h in RATE_HABITS}


def sentence_length(c: VoiceCounts) -> tuple[float, float]:
    """Mean and standard deviation of the words per sentence."""
    if not c.sentences:
        return 0.0, 0.0
    mean = c.sentence_words / c.sentences
    return mean, math.sqrt(max(0.0, c.sentence_words_sq / c.sentences - mean * mean))


def paragraph_length(c: VoiceCounts) -> tuple[float, float]:
    """Mean and standard deviation of the words per prose paragraph."""
    if not c.prose_paragraphs:
        return 0.0, 0.0
    mean = c.paragraph_words / c.prose_paragraphs
    return mean, math.sqrt(max(0.0, c.paragraph_words_sq / c.prose_paragraphs - mean * mean))


def word_length(c: VoiceCounts) -> float:
    return c.letters / c.words if c.words else 0.0


def ease(c: VoiceCounts) -> float:
    """Flesch reading ease over the paragraphs long enough to have one (0.0 if none)."""
    return reading_ease(c.ease_words, c.ease_sentences, c.ease_syllables)


def ease_range(c: VoiceCounts) -> tuple[float, float] | None:
    """The 10th and 90th percentiles of the paragraphs' reading ease, from the histogram
    (interpolated inside a bin); None without paragraphs long enough to measure."""
    total = sum(c.ease_bins)
    if not total:
        return None
    return _percentile(c.ease_bins, total, 0.1), _percentile(c.ease_bins, total, 0.9)


def _percentile(bins: tuple[int, ...], total: int, q: float) -> float:
    target = q * total
    seen = 0
    edges = (EASE_EDGES[0] - 10, *EASE_EDGES, EASE_EDGES[-1] + 10)
    for i, n in enumerate(bins):
        if n and seen + n >= target:
            low, high = edges[i], edges[i + 1]
            return low + (high - low) * (target - seen) / n
        seen += n
    return float(edges[-1])


def formality_marks(c: VoiceCounts) -> float:
    """Formal minus casual marks per 1,000 words (the module docstring lists them)."""
    if not c.words:
        return 0.0
    formal = c.nominal_words + c.formal_words
    casual = c.informal_words + c.contractions + c.exclamations
    return 1000 * (formal - casual) / c.words


def formality(c: VoiceCounts) -> float:
    """0 (very casual) to 100 (very formal); 50 for no words."""
    return 100 / (1 + math.exp(-formality_marks(c) / FORMALITY_SCALE))


def opener_shares(c: VoiceCounts) -> dict[str, float]:
    """Share of sentences by how they open, largest first (openings that never occur left
    out)."""
    total = sum(c.openers)
    if not total:
        return {}
    shares = {label: n / total for label, n in zip(wordlists.OPENERS, c.openers, strict=True)
              if n}
    return dict(sorted(shares.items(), key=lambda kv: -kv[1]))


def summary(c: VoiceCounts) -> dict[str, float | dict | list | None]:
    """Every measured habit of a stretch of text, by feature name (JSON-ready)."""
    mean, spread = sentence_length(c)
    para_mean, _ = paragraph_length(c)
    span = ease_range(c)
    out: dict[str, float | dict | list | None] = {
        "words": c.words,
        "sentences": c.sentences,
        "paragraphs": c.paragraphs,
        "sentence_length": round(mean, 1),
        "sentence_spread": round(spread, 1),
        "paragraph_length": round(para_mean, 1),
        "word_length": round(word_length(c), 2),
        "reading_ease": round(ease(c), 1) if c.ease_words else None,
        "reading_ease_range": [round(x, 1) for x in span] if span else None,
        "formality": round(formality(c), 1),
    }
    for habit in RATE_HABITS:
        out[habit.name] = round(habit.rate(c), 2)
    out["openers"] = {k: round(v, 3) for k, v in opener_shares(c).items()}
    return out
