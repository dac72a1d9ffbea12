"""The rule checks of the style checker that need no phrase list: passive voice, adverbs,
repeated words, hard sentences and monotonous rhythm, plus the values they share with
style.py (a paragraph cut up once, a finding, a candidate finding).

Hard sentences follow the Hemingway Editor: a sentence of 14 words or more is graded with the
Automated Readability Index on that sentence alone, 4.71 * letters/words + 0.5 * words - 21.43
(letters: the letters and digits of its words), rounded half up; 10 or more is hard, 14 or more
very hard.

Passive voice is a form of "to be" followed, with at most a few adverbs or "not" between, by a
past participle (-ed, or one of the irregular ones in wordlists.toml); -ed adjectives such as
"tired" or "married" are not counted. Adverbs are words in -ly that prop up a verb; adjectives
in -ly ("friendly") and adverbs of time and degree ("usually", "nearly") are listed as
exceptions in wordlists.toml.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.core.analysis.families import family_of
from app.core.analysis.lexicon import WORD, WordLists, fold
from app.core.document import split_sentences

HARD_MIN_WORDS = 14
HARD_GRADE = 10
VERY_HARD_GRADE = 14
REPEAT_WINDOW = 30  # words
REPEAT_COUNT = 3
MONOTONY_RUN = 4  # sentences
MONOTONY_SPREAD = 0.15  # the shortest is within 15% of the longest
MONOTONY_MIN_WORDS = 4  # runs of short fragments are a deliberate rhythm, not monotony
_DETERMINERS = frozenset("a an the my our your their his her its this that these those".split())


@dataclass(frozen=True, slots=True)
class Finding:
    """One suggestion for one paragraph; plain data, safe to cache and to pass between threads."""

    start: int  # Python offsets inside the paragraph text
    end: int
    original: str  # == paragraph[start:end]
    replacement: str | None  # "" = delete; None = no automatic fix
    kind: str
    reason: str  # one plain sentence a writer understands
    source: str  # rule id: "lexicon:ai_tells:delve-into", "rule:passive"
    alternatives: tuple[str, ...] = ()  # every replacement offered, first = replacement
    typical: bool = False  # an editing finding that is itself typical of generated prose

    @property
    def family(self) -> str:
        return family_of(self.kind)


@dataclass(slots=True)
class Candidate:
    """A finding before overlaps are settled (see style.py)."""

    finding: Finding
    keys: tuple[str, ...]  # folded texts that `ignored` can name
    fallback: Finding | None = None  # a narrower span to use when `finding` does not fit
    length: int = 0  # of the matched phrase, for ranking; 0: the finding's own length


class Paragraph:
    """A paragraph cut into words and sentences once, for all the rules."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in WORD.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        folded = fold(text)
        if len(folded) != len(text):  # lowercasing changed a length ("İ"): fold word by word
            folded = "".join(fold(ch)[:1] or ch for ch in text)
        self.words = [folded[a:b] for a, b in spans]
        self.sentences = split_sentences(text)
        # Each sentence as a range of word indices.
        self.ranges: list[tuple[int, int]] = []
        i, count = 0, len(self.starts)
        for span in self.sentences:
            while i < count and self.starts[i] < span.start:
                i += 1
            first = i
            while i < count and self.ends[i] <= span.end:
                i += 1
            self.ranges.append((first, i))
        self.sentence_starts = {s.start for s in self.sentences}
        self.sentence_starts.add(content_start(text))

    def plain_gap(self, i: int) -> bool:
        """Only spaces between word i and word i + 1."""
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        return gap == " " or gap.isspace()

    def separator(self, i: int) -> str:
        gap = self.text[self.ends[i] : self.starts[i + 1]]
        return "" if gap == " " else "".join(gap.split())

    def initial(self, pos: int) -> bool:
        """Whether pos starts a sentence (opening quotes and brackets skipped)."""
        while pos > 0 and self.text[pos - 1] in "\"'“‘([*_":
            pos -= 1
        return pos in self.sentence_starts


def content_start(text: str) -> int:
    """Where the words of a paragraph start, after Markdown heading, list or quote markers."""
    pos = len(text) - len(text.lstrip())
    while True:
        rest = text[pos:]
        marker = len(rest) - len(rest.lstrip("#>-*+0123456789.)"))
        if marker and rest[marker : marker + 1].isspace():
            pos += marker
            pos += len(text[pos:]) - len(text[pos:].lstrip())
        else:
            return pos


class GrammarRules:
    """The word-level rules, with the word lists they read."""

    def __init__(self, words: WordLists) -> None:
        self._words = words

    def passives(self, para: Paragraph) -> list[Candidate]:
        lists, words, n = self._words, para.words, len(para.words)
        found = []
        i = 0
        while i < n:
            if words[i] not in lists.be_forms:
                i += 1
                continue
            j = i + 1
            while (
                j < n
                and j - i <= 4
                and para.plain_gap(j - 1)
                and (
                    words[j] in lists.be_forms
                    or words[j] in lists.passive_gap_words
                    or self.is_adverb(words[j])
                )
            ):
                j += 1
            if j < n and para.plain_gap(j - 1) and self.is_participle(words[j]):
                found.append(passive_candidate(para, i, j))
                i = j + 1
            else:
                i += 1
        return found

    def is_participle(self, word: str) -> bool:
        if word in self._words.irregular_participles:
            return True
        return (
            len(word) > 3
            and word.endswith("ed")
            and word.isalpha()
            and word not in self._words.not_participles
        )

    def is_adverb(self, word: str) -> bool:
        return (
            word.endswith("ly")
            and len(word) > 4
            and word.isalpha()
            and word not in self._words.not_adverbs
        )

    def adverbs(self, para: Paragraph) -> list[Candidate]:
        if len(para.words) < 2:
            return []  # a sign-off ("Sincerely,") is not prose
        found = []
        for i, word in enumerate(para.words):
            if not word.endswith("ly") or not self.is_adverb(word):
                continue
            start, end = para.starts[i], para.ends[i]
            original = para.text[start:end]
            if original[0].isupper() and not para.initial(start):
                continue  # a capitalised word mid-sentence is a name: "Kelly", "Beverly"
            reason = (
                f"“{original}” is an adverb; cut it, or find a stronger verb that carries "
                "the meaning on its own."
            )
            finding = Finding(start, end, original, None, "adverb", reason, "rule:adverb")
            found.append(Candidate(finding, (word,)))
        return found

    def repetitions(self, para: Paragraph) -> list[Candidate]:
        stop, words = self._words.stop_words, para.words
        found = []
        recent: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            if word in stop or len(word) < 3 or not word[0].isalpha() or _in_key_chord(para, i):
                continue
            key = word[:-2] if word.endswith("'s") else word
            seen = recent.get(key)
            if seen is None:
                recent[key] = [i]
                continue
            while seen and i - seen[0] >= REPEAT_WINDOW:
                seen.pop(0)
            if len(seen) >= REPEAT_COUNT - 1:
                reason = (
                    f"“{para.text[para.starts[i] : para.ends[i]]}” comes {len(seen) + 1} times "
                    f"within {REPEAT_WINDOW} words; try a pronoun or another word, or cut one."
                )
                found.append(word_candidate(para, i, "repetition", reason, "rule:repetition"))
            seen.append(i)
        run = 0
        opener = ""
        for first, stop_index in para.ranges:
            if first == stop_index:
                continue
            word = words[first]
            run = run + 1 if word == opener else 1
            opener = word
            if run >= 3:
                original = para.text[para.starts[first] : para.ends[first]]
                reason = f"{run} sentences in a row start with “{original}”; vary how they open."
                found.append(
                    word_candidate(para, first, "repetition", reason, "rule:repeated_opening")
                )
        return found


def _in_key_chord(para: Paragraph, i: int) -> bool:
    """Whether word i is part of a shortcut like Ctrl+S or Shift+F8: a list of shortcuts
    repeats "Ctrl" by nature, and no other word would do."""
    start, end, text = para.starts[i], para.ends[i], para.text
    return text[end : end + 1] == "+" or (start > 0 and text[start - 1] == "+")


# --- building findings ----------------------------------------------------------------------


def word_candidate(para: Paragraph, i: int, kind: str, reason: str, source: str) -> Candidate:
    start, end = para.starts[i], para.ends[i]
    finding = Finding(start, end, para.text[start:end], None, kind, reason, source)
    return Candidate(finding, (para.words[i],))


def passive_candidate(para: Paragraph, i: int, j: int) -> Candidate:
    text = para.text
    start, end = para.starts[i], para.ends[j]
    agent = ""
    k = j + 1
    if k < len(para.words) and para.plain_gap(j) and para.words[k] == "by":
        # "by", any determiners, then up to two more words: "by the design team".
        last, taken = k, 0
        while last + 1 < len(para.words) and taken < 2 and para.plain_gap(last):
            last += 1
            taken += para.words[last] not in _DETERMINERS
        agent = text[para.starts[k] : para.ends[last]]
    if agent:
        reason = (
            f"Passive voice: the doer comes last (“{agent}”); putting them first, as the "
            "subject, is usually shorter and clearer."
        )
    else:
        reason = (
            "Passive voice hides who acts; saying who does it, as the subject, is usually "
            "clearer and shorter."
        )
    finding = Finding(start, end, text[start:end], None, "passive", reason, "rule:passive")
    p_start, p_end = para.starts[j], para.ends[j]
    fallback = Finding(p_start, p_end, text[p_start:p_end], None, "passive", reason, "rule:passive")
    return Candidate(finding, (fold(" ".join(finding.original.split())),), fallback)


def hard_sentences(para: Paragraph, wanted: frozenset[str]) -> list[Candidate]:
    found = []
    for span, (first, stop) in zip(para.sentences, para.ranges, strict=True):
        count = stop - first
        if count < HARD_MIN_WORDS:
            continue
        chosen = para.words[first:stop]
        letters = sum(len(w) for w in chosen) - sum(w.count("'") + w.count("-") for w in chosen)
        grade = math.floor(4.71 * letters / count + 0.5 * count - 21.43 + 0.5)
        if grade >= VERY_HARD_GRADE:
            kind, how = "very_hard_sentence", "very hard"
        elif grade >= HARD_GRADE:
            kind, how = "hard_sentence", "hard"
        else:
            continue
        if kind not in wanted:
            continue
        reason = (
            f"This sentence is {how} to read ({count} words, about grade {grade}); "
            "split it, or cut what it can do without."
        )
        found.append(span_candidate(para.text, span.start, span.end, kind, reason))
    return found


def monotony(para: Paragraph) -> list[Candidate]:
    spoken = [
        (span, stop - first)
        for span, (first, stop) in zip(para.sentences, para.ranges, strict=True)
        if stop > first
    ]
    found = []
    i = 0
    while i < len(spoken):
        low = high = spoken[i][1]
        j = i + 1
        while j < len(spoken):
            n = spoken[j][1]
            if min(low, n) < (1 - MONOTONY_SPREAD) * max(high, n):
                break
            low, high = min(low, n), max(high, n)
            j += 1
        if j - i >= MONOTONY_RUN and low >= MONOTONY_MIN_WORDS:
            reason = (
                f"{j - i} sentences in a row of {low}–{high} words each; mix short and long "
                "ones so the rhythm sounds like a person talking."
            )
            start, end = spoken[i][0].start, spoken[j - 1][0].end
            found.append(span_candidate(para.text, start, end, "monotony", reason))
            i = j
        else:
            i += 1
    return found


def span_candidate(text: str, start: int, end: int, kind: str, reason: str) -> Candidate:
    original = text[start:end]
    finding = Finding(start, end, original, None, kind, reason, f"rule:{kind}")
    return Candidate(finding, (fold(" ".join(original.split())),))
