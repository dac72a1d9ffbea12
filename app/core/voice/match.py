"""How much a text sounds like the writer: the 0-100 "Sounds like you" score.

Two things are compared, both from VoiceCounts (so a document's score comes from the summed
counts of its paragraphs, and a keystroke re-measures one paragraph):

1. Habits (features.py). Each habit gives a z: how many standard deviations the text is from
   what the profile expects of a text this long.
   * A rate (contractions per 1,000 words, questions per 100 sentences...): the profile's rate
     p is shrunk towards general writing (reference.py) as if it had A_WORDS more words (or
     A_SENTENCES more sentences) at the general rate, so a short profile claims little; a
     text with n words (sentences) and k occurrences gives z = (k - e) / sqrt(e + PHI e^2 +
     1/4) with e = n p. PHI is overdispersion: a writer's rates vary from text to text, so a
     long text far from the profile counts a lot but not without limit.
   * Sentence length: z = (m - mu) / sqrt(sd^2 / n + (TAU mu)^2) for the text's mean m over
     n sentences against the profile's mean mu and spread sd (both pulled towards general
     writing as if it had SENTENCE_PRIOR more sentences); the spread by the log of the ratio
     of the spreads; paragraph length on a log scale; word length (letters per word) and
     reading ease like sentence length.
   * Openers: Pearson's chi-square of the text's sentence openers against the profile's
     shares, as z = (chi2 - df) / sqrt(2 df), counted only when positive.
   A habit costs weight * min(z^2, CAP): weight 1 for RELIABLE_HABITS, OTHER_HABIT_WEIGHT for
   the rest (and half that again for reading ease). H is the sum of the costs.
2. Word choice. W = sum of log(p_writer(w) / p_general(w)) over the text's words that the
   writer has used, divided by (their number + W_PRIOR_WORDS): a mean pulled towards 0 for
   short texts, positive where the text leans on the writer's own words. p_writer is smoothed
   towards p_general as if the samples had BETA more words; p_general is reference.py's.
   C is the share of the text's less common words (not on the common-word lists) that the
   writer has used at all, pulled towards C_NEUTRAL as if C_PRIOR_WORDS more were half known.
   Both are sums over words, kept per paragraph as WordSums when the gauge wants them cheap.

x = BIAS + W_WEIGHT * W + C_WEIGHT * (C - C_NEUTRAL) - H_WEIGHT * H
score = round(100 / (1 + exp(-x * words / (words + LENGTH_PRIOR))))

The last factor pulls a text of a few words towards the middle. The ratio of the weights was
chosen on tests/data/voices and the real writers of ../shared/corpus/voices together (the
habits that are near chance on the real writers count half; a larger H_WEIGHT helps our
writers and costs the real ones); BIAS and the overall scale come from a logistic fit of
own-writer against other-writer units on both, so a score reads roughly as the chance, at
even odds, that the text is the writer's rather than another writer's. bench/voice.py
reports the AUC on both sets. The differences shown to the writer are the habits with the
largest cost (at least 1), in words, with the writer's figure and the text's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import app.core.voice.features as features
import app.core.voice.reference as reference
import app.core.voice.wordlists as wordlists
from app.core.voice.counts import VoiceCounts, count_text
from app.core.voice.explain import Term, describe_term
from app.core.voice.profile import VoiceProfile

A_WORDS, A_SENTENCES = 300.0, 30.0
PHI = 0.15
TAU = 0.15
CAP = 9.0
BETA = 1000.0
SENTENCE_PRIOR = 20  # sentences of general writing a profile's mean length is pulled towards
W_PRIOR_WORDS = 20  # known words it takes to trust W halfway
C_PRIOR_WORDS, C_NEUTRAL = 10, 0.5
BIAS, W_WEIGHT, C_WEIGHT, H_WEIGHT = 2.2, 7.5, 7.5, 0.1
LENGTH_PRIOR = 15  # words: the logit is scaled by words / (words + LENGTH_PRIOR)
# The habits that tell writers apart on both our writers and the real ones; the others (figures,
# formal and casual words, punctuation marks, emoji...) separate our fictional writers but are
# near chance on real writers with a few hundred words of samples, so they count half.
RELIABLE_HABITS = frozenset({
    "sentence_length", "sentence_spread", "short_sentences", "long_sentences",
    "paragraph_length", "word_length", "first_person", "contractions",
})
OTHER_HABIT_WEIGHT = 0.5
MIN_WORDS = 25  # below this the label says the text is too short to judge
EASE_WEIGHT = 0.5  # reading ease mostly repeats sentence and word length
MAX_DIFFERENCES = 3
_MAX_CACHED_WORDS = 200_000
# A word is unfamiliar when the samples would hold it this many times at the general rate (and
# hold it never): by chance alone that happens about 5% of the time.
UNFAMILIAR_EXPECTED = 3.0


@dataclass(frozen=True, slots=True)
class WordSums:
    """The word-choice sums of a stretch of text against one profile. They add up, so the
    gauge can keep one per paragraph and a running total for the document."""

    llr: float = 0.0  # sum of log(p_writer / p_general) over the words the writer uses
    known: int = 0  # how many of the text's words the writer uses
    uncommon: int = 0  # words not on the common-word lists
    uncommon_known: int = 0  # of those, the ones the writer uses

    def __add__(self, other: WordSums) -> WordSums:
        return WordSums(self.llr + other.llr, self.known + other.known,
                        self.uncommon + other.uncommon,
                        self.uncommon_known + other.uncommon_known)

    def __sub__(self, other: WordSums) -> WordSums:
        return WordSums(self.llr - other.llr, self.known - other.known,
                        self.uncommon - other.uncommon,
                        self.uncommon_known - other.uncommon_known)


@dataclass(frozen=True, slots=True)
class Difference:
    """One way the text differs from the writer, in words and in numbers."""

    feature: str  # "contractions", "sentence_length", "openers"...
    text: str  # "you use contractions about 4× as often as this paragraph does"
    yours: float
    here: float
    unit: str  # "per 1,000 words", "words per sentence"...
    cost: float  # what it took off the habits score (z squared, capped)

    def to_dict(self) -> dict:
        return {"feature": self.feature, "text": self.text, "yours": round(self.yours, 2),
                "here": round(self.here, 2), "unit": self.unit, "cost": round(self.cost, 2)}


@dataclass(frozen=True, slots=True)
class VoiceMatch:
    score: int  # 0-100
    label: str
    words: int
    habits: float  # H: the summed cost of the habits (0 = every habit as expected)
    word_choice: float  # W
    known_words: float  # C
    differences: tuple[Difference, ...]  # the biggest first, at most MAX_DIFFERENCES
    unfamiliar_words: tuple[str, ...]  # words here the writer would have used by now, and never has

    def to_dict(self) -> dict:
        return {
            "score": self.score, "label": self.label, "words": self.words,
            "habits": round(self.habits, 2), "word_choice": round(self.word_choice, 3),
            "known_words": round(self.known_words, 3),
            "differences": [d.to_dict() for d in self.differences],
            "unfamiliar_words": list(self.unfamiliar_words),
        }


def label_for(score: int, words: int) -> str:
    if words < MIN_WORDS:
        return "Too short to judge"
    if score >= 75:
        return "Sounds like you"
    if score >= 55:
        return "Mostly like you"
    if score >= 35:
        return "Somewhat like you"
    return "Not much like you"


class VoiceMatcher:
    """A profile made ready for matching: what it expects, computed once."""

    def __init__(self, profile: VoiceProfile) -> None:
        self.profile = profile
        p, ref = profile.counts, reference.reference()
        self._p, self._ref = p, ref
        self._words: dict[str, tuple[float | None, bool, float]] = {}
        self._rates = []
        for habit in features.RATE_HABITS:
            exposure, a = (p.words, A_WORDS) if habit.per == "words" else (p.sentences,
                                                                           A_SENTENCES)
            ref_exposure = ref.words if habit.per == "words" else ref.sentences
            general = (getattr(ref, habit.field) + 0.5) / ref_exposure
            rate = (getattr(p, habit.field) + a * general) / (exposure + a)
            self._rates.append((habit, rate, habit.rate(p), getattr(p, habit.field) == 0))
        shrink = p.sentences / (p.sentences + SENTENCE_PRIOR)
        (pm, psd), (rm, rsd) = features.sentence_length(p), features.sentence_length(ref)
        self._sentence = (shrink * pm + (1 - shrink) * rm,
                          max(2.0, shrink * psd + (1 - shrink) * rsd))
        pl, pls = features.paragraph_length(p if p.prose_paragraphs else ref)
        cv = pls / pl if pl else 1.0
        self._paragraph = (max(1.0, pl), math.log(1 + cv * cv))
        self._word_length = features.word_length(p) or features.word_length(ref)
        self._ease = features.ease(p) if p.ease_words else features.ease(ref)
        span = features.ease_range(p)
        self._ease_sd = max(8.0, (span[1] - span[0]) / 2.56) if span else 15.0
        total, ref_total = sum(p.openers), sum(ref.openers)
        self._openers = [(o + 10 * (r + 0.5) / (ref_total + 8)) / (total + 10)
                         for o, r in zip(p.openers, ref.openers, strict=True)]

    def terms(self, c: VoiceCounts) -> list[Term]:
        """What each habit costs for text with counts `c`."""
        out = []
        for habit, rate, shown, never in self._rates:
            n = c.words if habit.per == "words" else c.sentences
            if not n:
                continue
            k = getattr(c, habit.field)
            e = n * rate
            z = (k - e) / math.sqrt(e + PHI * e * e + 0.25)
            # The z uses the smoothed rate; the writer is shown their own.
            out.append(Term(habit.name, z, _cost(habit.name, z), shown, habit.scale * k / n,
                            habit.unit, habit.label, never))
        if c.sentences:
            mu, sd = self._sentence
            m, spread = features.sentence_length(c)
            z = (m - mu) / math.sqrt(sd * sd / c.sentences + (TAU * mu) ** 2)
            out.append(Term("sentence_length", z, _cost("sentence_length", z), mu, m,
                            "words per sentence"))
            if c.sentences >= 3:
                df = 2 * (c.sentences - 1)
                z = math.log(max(spread, 1.0) / sd) * math.sqrt(df / (1 + df * 0.04))
                out.append(Term("sentence_spread", z, _cost("sentence_spread", z), sd, spread,
                                "words (standard deviation)"))
            out.append(self._opener_term(c))
        if c.prose_paragraphs:
            mean, s2 = self._paragraph
            here = c.paragraph_words / c.prose_paragraphs
            z = math.log(max(here, 1.0) / mean) / math.sqrt(s2 / c.prose_paragraphs + TAU ** 2)
            out.append(Term("paragraph_length", z, _cost("paragraph_length", z), mean, here,
                            "words"))
        if c.words:
            mu = self._word_length
            here = features.word_length(c)
            z = (here - mu) / math.sqrt(6.5 / c.words + (0.04 * mu) ** 2)
            out.append(Term("word_length", z, _cost("word_length", z), mu, here,
                            "letters per word"))
        if c.ease_words:
            k = sum(c.ease_bins)
            here = features.ease(c)
            z = (here - self._ease) / math.sqrt(self._ease_sd ** 2 / k + 16)
            out.append(Term("reading_ease", z, _cost("reading_ease", z), self._ease, here,
                            "reading ease"))
        return out

    def _opener_term(self, c: VoiceCounts) -> Term:
        chi, worst, worst_i = 0.0, -1.0, 0
        for i, (o, q) in enumerate(zip(c.openers, self._openers, strict=True)):
            e = c.sentences * q
            part = (o - e) ** 2 / (e + 0.5)
            chi += part
            if part > worst:
                worst, worst_i = part, i
        df = len(self._openers) - 1
        z = (chi - df) / math.sqrt(2 * df)
        cost = _cost("openers", max(z, 0.0))
        label = wordlists.OPENERS[worst_i]
        return Term("openers", z, cost, 100 * self._openers[worst_i],
                    100 * c.openers[worst_i] / c.sentences, "% of sentences", label)

    def _word(self, word: str) -> tuple[float | None, bool, float]:
        """(the word's log ratio, or None if the writer never used it; whether it is common;
        how often the samples would hold it at the general rate), kept per word."""
        info = self._words.get(word)
        if info is None:
            mine, total = self._p.vocabulary.get(word, 0), self._p.words
            general = reference.word_frequency(word)
            ratio = math.log((mine + BETA * general) / (total + BETA) / general) if mine else None
            common = wordlists.is_common(word) or word in wordlists.FUNCTION_WORDS
            info = (ratio, common, total * general)
            if len(self._words) < _MAX_CACHED_WORDS:
                self._words[word] = info
        return info

    def word_sums(self, c: VoiceCounts) -> WordSums:
        """The word-choice sums of text with counts `c`: they add up over paragraphs."""
        llr = 0.0
        known = uncommon = uncommon_known = 0
        for word, k in c.vocabulary.items():
            ratio, common, _ = self._word(word)
            if not common:
                uncommon += k
                uncommon_known += k if ratio is not None else 0
            if ratio is not None:
                llr += k * ratio
                known += k
        return WordSums(llr, known, uncommon, uncommon_known)

    def unfamiliar_words(self, c: VoiceCounts, n: int = 8) -> tuple[str, ...]:
        """Words of `c` the writer never used though their samples would hold each about
        UNFAMILIAR_EXPECTED times at the general rate; the most expected first."""
        found = []
        for word in c.vocabulary:
            ratio, _, expected = self._word(word)
            if ratio is None and expected >= UNFAMILIAR_EXPECTED and not word[:1].isdigit():
                found.append((expected, word))
        found.sort(reverse=True)
        return tuple(word for _, word in found[:n])

    def word_choice(self, c: VoiceCounts, sums: WordSums | None = None
                    ) -> tuple[float, float, tuple[str, ...]]:
        """W, C and the unfamiliar words of text with counts `c` (module docstring)."""
        s = self.word_sums(c) if sums is None else sums
        w = s.llr / (s.known + W_PRIOR_WORDS)  # the mean, pulled towards 0 for few words
        share = (s.uncommon_known + C_NEUTRAL * C_PRIOR_WORDS) / (s.uncommon + C_PRIOR_WORDS)
        return w, share, self.unfamiliar_words(c)

    def logit(self, c: VoiceCounts) -> float:
        w, share, _ = self.word_choice(c)
        return combined_logit(w, share, sum(t.cost for t in self.terms(c)), c.words)

    def match_counts(self, c: VoiceCounts, scope: str = "paragraph",
                     words: WordSums | None = None) -> VoiceMatch:
        """The match of text with counts `c`; `scope` names it in the differences
        ("paragraph" or "document"). `words`: the text's WordSums when the caller keeps
        them (summed per paragraph, as the gauge does); then `c` needs no vocabulary
        (VoiceCounts.without_words) and the unfamiliar words come from what it has."""
        w, share, unfamiliar = self.word_choice(c, words)
        terms = self.terms(c)
        h = sum(t.cost for t in terms)
        score = round(100 / (1 + math.exp(-combined_logit(w, share, h, c.words))))
        biggest = sorted((t for t in terms if t.cost >= 1.0), key=lambda t: -t.cost)
        differences = tuple(
            Difference(t.feature, describe_term(t, scope), t.yours, t.here, t.unit, t.cost)
            for t in biggest[:MAX_DIFFERENCES]
        )
        return VoiceMatch(score, label_for(score, c.words), c.words, h, w, share, differences,
                          unfamiliar)

    def match(self, text: str, scope: str = "paragraph") -> VoiceMatch:
        return self.match_counts(count_text(text, phrases=False), scope)


def combined_logit(w: float, share: float, h: float, words: int) -> float:
    x = BIAS + W_WEIGHT * w + C_WEIGHT * (share - C_NEUTRAL) - H_WEIGHT * h
    return x * words / (words + LENGTH_PRIOR)


def _cost(feature: str, z: float) -> float:
    weight = 1.0 if feature in RELIABLE_HABITS else OTHER_HABIT_WEIGHT
    if feature == "reading_ease":
        weight *= EASE_WEIGHT
    return weight * min(z * z, CAP)


_cache: list[VoiceMatcher] = []


def matcher(profile: VoiceProfile) -> VoiceMatcher:
    """The matcher of `profile`, reused while the same profile object is asked for."""
    for m in _cache:
        if m.profile is profile:
            return m
    m = VoiceMatcher(profile)
    _cache[:] = [m, *_cache[:3]]
    return m


def match(profile: VoiceProfile, text: str, scope: str = "document") -> VoiceMatch:
    """How much `text` (a paragraph or a whole document) sounds like the profile's writer."""
    return matcher(profile).match(text, scope)


def match_counts(profile: VoiceProfile, counts: VoiceCounts,
                 scope: str = "paragraph") -> VoiceMatch:
    """The same from counts: for the gauge, which keeps each paragraph's counts and sums them
    (VoiceCounts adds up) for the document."""
    return matcher(profile).match_counts(counts, scope)


def voice_distance(profile: VoiceProfile, candidate: str) -> float:
    """How far a candidate text (a model's rewrite) is from the writer's voice, for ranking:
    lower is closer. It is -logit of the score, so it keeps ranking where scores round to
    the same number."""
    return -matcher(profile).logit(count_text(candidate, phrases=False))


def rank_candidates(profile: VoiceProfile, candidates: Sequence[str]) -> list[int]:
    """Indices of `candidates`, closest to the voice first."""
    m = matcher(profile)
    distances = [-m.logit(count_text(c, phrases=False)) for c in candidates]
    return sorted(range(len(candidates)), key=lambda i: distances[i])
