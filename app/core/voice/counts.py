"""What the voice profile counts in a stretch of text, paragraph by paragraph.

`count_paragraph` measures one paragraph (one line of the document, as app.core.document
cuts it) into `VoiceCounts`, and counts add up: a document's counts are the sum of its
paragraphs', and a profile's are the sum of its samples'. So the Voice gauge re-measures only
the paragraph being typed in, as the other gauges do (compare HumannessCounts), and a profile
can be updated with new samples without the old ones.

Words are app.core.analysis.lexicon.WORD (letters and digits, inner apostrophes and hyphens
kept), folded to lowercase with straight apostrophes; sentences are
app.core.document.split_sentences. Markdown list markers, heading marks and emphasis are
stripped before counting (a list item still counts as a list item). Readability uses
textstat's own counts, as the Readability gauge does (app.core.analysis.readability).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType

import textstat

import app.core.voice.wordlists as wl
from app.core.analysis.lexicon import WORD, fold
from app.core.document import split_sentences

# Flesch reading ease of a paragraph falls into one of these bins (edges), so the profile's
# readability range is a histogram that adds up like the other counts.
EASE_EDGES: tuple[int, ...] = (0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
MIN_EASE_WORDS = 20  # shorter paragraphs give no meaningful reading-ease figure
SHORT_SENTENCE, LONG_SENTENCE = 5, 30  # word counts: up to 5 is short, 30 and over is long

_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_DASH = re.compile(r"—|–|(?<=\s)-(?=\s)|--")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_DOUBLE_QUOTES = re.compile(r'["“”]')
_OPENING_QUOTE = re.compile(r"""^[\s"'“‘(\[*_]+""")
EMPTY: Mapping[str, int] = MappingProxyType({})


def _frozen(counts: dict[str, int]) -> Mapping[str, int]:
    return MappingProxyType(counts)


def _add_maps(a: Mapping[str, int], b: Mapping[str, int], sign: int = 1) -> Mapping[str, int]:
    if not b:
        return a
    out = dict(a)
    for key, n in b.items():
        left = out.get(key, 0) + sign * n
        if left:
            out[key] = left
        else:
            out.pop(key, None)
    return _frozen(out)


@dataclass(frozen=True, slots=True)
class VoiceCounts:
    """The counts behind a voice for a stretch of text. Adds and subtracts like a vector."""

    paragraphs: int = 0  # non-blank lines
    prose_paragraphs: int = 0  # of those, the ones that are not headings or bold labels
    paragraph_words: int = 0  # words in prose paragraphs
    paragraph_words_sq: int = 0  # sum of the squares of their word counts
    list_items: int = 0
    words: int = 0
    letters: int = 0  # letters and digits in words
    long_words: int = 0  # words of 7+ letters
    sentences: int = 0  # sentences with at least one word (in prose paragraphs)
    sentence_words: int = 0
    sentence_words_sq: int = 0
    short_sentences: int = 0  # of up to SHORT_SENTENCE words
    long_sentences: int = 0  # of LONG_SENTENCE words or more
    contractions: int = 0
    first_singular: int = 0  # I, me, my, mine, myself, I'm...
    first_plural: int = 0  # we, us, our...
    second_person: int = 0  # you, your...
    questions: int = 0  # sentences ending in ?
    exclamations: int = 0  # sentences ending in !
    dashes: int = 0  # em and en dashes, spaced hyphens, double hyphens
    semicolons: int = 0
    colons: int = 0
    parentheses: int = 0  # opening brackets
    commas: int = 0
    quotations: int = 0  # pairs of double quotes
    numbers: int = 0  # words with a digit
    capitals: int = 0  # words in capitals (2+ letters), "I" excepted
    lowercase_starts: int = 0  # sentences that begin with a lowercase letter
    lowercase_i: int = 0  # "i" on its own as a word
    emoji: int = 0
    formal_words: int = 0  # wordlists.FORMAL_WORDS
    informal_words: int = 0  # wordlists.INFORMAL_WORDS
    nominal_words: int = 0  # -tion, -ment, -ity... words of 7+ letters
    ease_words: int = 0  # textstat's words in paragraphs of MIN_EASE_WORDS+ words
    ease_sentences: int = 0  # textstat's sentences there
    ease_syllables: int = 0  # textstat's syllables there
    openers: tuple[int, ...] = (0,) * len(wl.OPENERS)  # sentences by how they open
    ease_bins: tuple[int, ...] = (0,) * (len(EASE_EDGES) + 1)  # paragraphs by reading ease
    vocabulary: Mapping[str, int] = field(default_factory=lambda: EMPTY)  # folded word -> count
    pairs: Mapping[str, int] = field(default_factory=lambda: EMPTY)  # "a bit" -> count

    def __add__(self, other: VoiceCounts) -> VoiceCounts:
        return self._combine(other, 1)

    def __sub__(self, other: VoiceCounts) -> VoiceCounts:
        return self._combine(other, -1)

    def _combine(self, other: VoiceCounts, sign: int) -> VoiceCounts:
        values = []
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if isinstance(a, int):
                values.append(a + sign * b)
            elif isinstance(a, tuple):
                values.append(tuple(x + sign * y for x, y in zip(a, b, strict=True)))
            else:
                values.append(_add_maps(a, b, sign))
        return VoiceCounts(*values)

    def without_words(self) -> VoiceCounts:
        """The same counts without the word and phrase tables: what a document's running
        total needs when its word choice is kept as match.WordSums."""
        return replace(self, vocabulary=EMPTY, pairs=EMPTY)

    def to_dict(self) -> dict:
        """Plain JSON-ready data; `from_dict` reads it back."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = dict(value) if isinstance(value, Mapping) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping) -> VoiceCounts:
        """Counts from `to_dict` data; unknown keys are ignored, missing ones count as zero
        (a profile written by an older version still loads)."""
        values = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            if f.name == "openers":
                values[f.name] = _fixed(raw, len(wl.OPENERS))
            elif f.name == "ease_bins":
                values[f.name] = _fixed(raw, len(EASE_EDGES) + 1)
            elif f.name in ("vocabulary", "pairs"):
                values[f.name] = _frozen({str(k): int(v) for k, v in dict(raw).items()})
            else:
                values[f.name] = int(raw)
        return cls(**values)


def _fixed(raw: Iterable, size: int) -> tuple[int, ...]:
    items = [int(x) for x in raw][:size]
    return tuple(items + [0] * (size - len(items)))


def sum_counts(counts: Iterable[VoiceCounts]) -> VoiceCounts:
    """The sum of many counts, merging the word tables once rather than pair by pair."""
    scalars: dict[str, int] = {}
    openers = [0] * len(wl.OPENERS)
    bins = [0] * (len(EASE_EDGES) + 1)
    vocabulary: dict[str, int] = {}
    pairs: dict[str, int] = {}
    names = [f.name for f in fields(VoiceCounts) if f.type == "int"]
    for c in counts:
        for name in names:
            scalars[name] = scalars.get(name, 0) + getattr(c, name)
        for i, n in enumerate(c.openers):
            openers[i] += n
        for i, n in enumerate(c.ease_bins):
            bins[i] += n
        for word, n in c.vocabulary.items():
            vocabulary[word] = vocabulary.get(word, 0) + n
        for pair, n in c.pairs.items():
            pairs[pair] = pairs.get(pair, 0) + n
    return VoiceCounts(**scalars, openers=tuple(openers), ease_bins=tuple(bins),
                       vocabulary=_frozen(vocabulary), pairs=_frozen(pairs))


def strip_markdown(paragraph: str) -> tuple[str, bool, bool]:
    """The paragraph's text without Markdown marks, whether it is a list item, and whether it
    is a heading or a bold label ("**Next up**"), which are not prose."""
    text = _QUOTE.sub("", paragraph)
    heading = bool(_HEADING.match(text))
    text = _HEADING.sub("", text)
    item = bool(_LIST_ITEM.match(text))
    text = _LIST_ITEM.sub("", text)
    stripped = text.strip()
    label = stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2
    return _EMPHASIS.sub("", text).strip(), item, heading or label


def count_paragraph(paragraph: str, phrases: bool = True) -> VoiceCounts:
    """The voice counts of one paragraph (one line); a blank line counts as nothing.
    `phrases=False` leaves out the two-word phrases, which only learning needs: matching
    never reads them, and a document's running total stays small without them."""
    text, item, not_prose = strip_markdown(paragraph)
    spans = [m.span() for m in WORD.finditer(text)]
    if not spans:
        return VoiceCounts()
    raw = [text[a:b] for a, b in spans]
    words = [fold(w) for w in raw]
    n = len(words)
    vocabulary: dict[str, int] = {}
    for w in words:
        vocabulary[w] = vocabulary.get(w, 0) + 1
    pairs: dict[str, int] = {}
    if phrases:
        for a, b in zip(words, words[1:], strict=False):
            key = f"{a} {b}"
            pairs[key] = pairs.get(key, 0) + 1
    letters = sum(b - a for a, b in spans)
    long_words = contractions = fs = fp = sp = formal = informal = nominal = 0
    numbers = capitals = lower_i = 0
    for w, r in zip(words, raw, strict=True):
        size = len(w)
        if size >= 7:
            long_words += 1
            if w.endswith(wl.NOMINAL_SUFFIXES):
                nominal += 1
        contractions += wl.is_contraction(w)
        if w in wl.FIRST_SINGULAR:
            fs += 1
            lower_i += r == "i"
        elif w in wl.FIRST_PLURAL:
            fp += 1
        elif w in wl.SECOND_PERSON:
            sp += 1
        if w in wl.FORMAL_WORDS:
            formal += 1
        elif w in wl.INFORMAL_WORDS:
            informal += 1
        if r[0].isdigit() or r[-1].isdigit():
            numbers += 1
        elif size >= 2 and r.isupper():
            capitals += 1
    sentences = total = total_sq = short = long_ = questions = exclamations = lower = 0
    openers = [0] * len(wl.OPENERS)
    if not not_prose:
        i = 0
        for s in split_sentences(text):
            first = i
            while i < n and spans[i][0] < s.end:
                i += 1
            k = i - first
            if not k:
                continue
            sentences += 1
            total += k
            total_sq += k * k
            short += k <= SHORT_SENTENCE
            long_ += k >= LONG_SENTENCE
            end = text[s.start : s.end].rstrip("\"'”’)]*_ ")
            questions += end.endswith("?")
            exclamations += end.endswith("!")
            opening = _OPENING_QUOTE.sub("", text[s.start : s.end])
            lower += opening[:1].islower()
            openers[wl.opener_index(words[first])] += 1
    ease_bins = [0] * (len(EASE_EDGES) + 1)
    ease_words = ease_sentences = ease_syllables = 0
    if not not_prose and n >= MIN_EASE_WORDS:
        ease_words = textstat.lexicon_count(text)
        ease_sentences = textstat.sentence_count(text)
        ease_syllables = textstat.syllable_count(text)
        ease_bins[_ease_bin(reading_ease(ease_words, ease_sentences, ease_syllables))] += 1
    return VoiceCounts(
        paragraphs=1,
        prose_paragraphs=0 if not_prose else 1,
        paragraph_words=0 if not_prose else n,
        paragraph_words_sq=0 if not_prose else n * n,
        list_items=int(item),
        words=n,
        letters=letters,
        long_words=long_words,
        sentences=sentences,
        sentence_words=total,
        sentence_words_sq=total_sq,
        short_sentences=short,
        long_sentences=long_,
        contractions=contractions,
        first_singular=fs,
        first_plural=fp,
        second_person=sp,
        questions=questions,
        exclamations=exclamations,
        dashes=len(_DASH.findall(text)),
        semicolons=text.count(";"),
        colons=len(re.findall(r":(?!\d)", text)),
        parentheses=text.count("(") + text.count("["),
        commas=text.count(","),
        quotations=len(_DOUBLE_QUOTES.findall(text)) // 2,
        numbers=numbers,
        capitals=capitals,
        lowercase_starts=lower,
        lowercase_i=lower_i,
        emoji=len(_EMOJI.findall(paragraph)),
        formal_words=formal,
        informal_words=informal,
        nominal_words=nominal,
        ease_words=ease_words,
        ease_sentences=ease_sentences,
        ease_syllables=ease_syllables,
        openers=tuple(openers),
        ease_bins=tuple(ease_bins),
        vocabulary=_frozen(vocabulary),
        pairs=_frozen(pairs),
    )


def count_text(text: str, phrases: bool = True) -> VoiceCounts:
    """The counts of a whole text: the sum of its lines'."""
    return sum_counts(count_paragraph(line, phrases) for line in text.split("\n")
                      if line.strip())


def reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Flesch reading ease from textstat's counts, as the Readability gauge computes it."""
    if not words or not sentences or not syllables:
        return 0.0
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


def _ease_bin(ease: float) -> int:
    for i, edge in enumerate(EASE_EDGES):
        if ease < edge:
            return i
    return len(EASE_EDGES)
