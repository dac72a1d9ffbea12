"""Readability: textstat's own counts per paragraph, textstat's formulas over the sums.

Every formula below is a linear function of ratios of counts, so the counts of a document are
the sums of its paragraphs' counts, and a keystroke costs one paragraph. Each formula mirrors
textstat 0.7.x term for term (including its constants and its "0.0 when undefined" rule), so for
a single paragraph the figures equal textstat's own; `tests/core/test_readability.py` holds them
to it.

Where the document figures rightly differ from textstat run over the whole text: textstat finds
sentences with a regex across line breaks, so a heading without a full stop runs into the next
line's first sentence. We count sentences per paragraph, so a heading is a sentence of its own.
"""

from __future__ import annotations

import math
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, fields, replace

import pyphen  # textstat's own dependency: its syllables for words the dictionary lacks
import textstat

from app.core.text_cache import SENTENCE_CACHE

# textstat's default reading speed for reading_time (milliseconds per non-space character).
TEXTSTAT_MS_PER_CHAR = 14.69


@dataclass(frozen=True, slots=True)
class ReadabilityCounts:
    """textstat's counts for a stretch of text. Adds and subtracts like a vector."""

    words: int = 0  # lexicon_count (punctuation removed)
    tokens: int = 0  # lexicon_count with punctuation kept: ARI divides by this
    sentences: int = 0  # sentence_count (fragments of <= 2 words are ignored, minimum 1)
    syllables: int = 0
    polysyllables: int = 0  # words of 3+ syllables (SMOG)
    letters: int = 0  # letters and digits, no spaces or punctuation (Coleman-Liau)
    chars: int = 0  # non-space characters (ARI, reading time)
    difficult_words: int = 0  # not on the Dale-Chall easy list (Dale-Chall)
    complex_words: int = 0  # not easy and 3+ syllables (Gunning fog)

    def __add__(self, other: ReadabilityCounts) -> ReadabilityCounts:
        return ReadabilityCounts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )

    def __sub__(self, other: ReadabilityCounts) -> ReadabilityCounts:
        return ReadabilityCounts(
            *(getattr(self, f.name) - getattr(other, f.name) for f in fields(self))
        )


@dataclass(frozen=True, slots=True)
class Readability:
    flesch_reading_ease: float
    flesch_kincaid_grade: float
    gunning_fog: float
    smog_index: float
    coleman_liau_index: float
    automated_readability_index: float
    dale_chall_readability_score: float
    reading_time_s: float  # textstat's reading_time: 14.69 ms per non-space character
    ease_label: str  # the Flesch band in plain words ("Plain English")
    grade_label: str  # Flesch-Kincaid grade in words ("grade 8")


# Where a paragraph is cut into pieces: whitespace after a sentence's end.
_PIECE_BREAK = re.compile(r"(?<=[.!?…])\s+")
# Pieces (about a sentence each) whose counts are remembered. A keystroke changes one piece of
# one paragraph and the others are found here; the oldest are forgotten first (edited-away text
# is rarely asked again). Bound: app/core/text_cache.py.
PIECE_CACHE_SIZE = SENTENCE_CACHE
# pyphen (textstat's syllables for words its dictionary lacks) remembers every such word for
# good; typing makes new ones (each prefix of a word being typed, typos, names). Its memory is
# emptied once it holds this many, checked every HYPHEN_CHECK new pieces.
HYPHEN_WORDS = 20_000
HYPHEN_CHECK = 256
_pieces: OrderedDict[str, ReadabilityCounts] = OrderedDict()
_pieces_lock = threading.Lock()
_new_pieces = 0


def count_readability(text: str) -> ReadabilityCounts:
    """textstat's counts for one paragraph. Blank text counts as nothing.

    Every count but the sentences is a sum over the words, and textstat finds words between
    whitespace, so the paragraph's counts are the sums of its pieces' (cut at whitespace after
    a sentence's end): a keystroke counts one piece again. Sentences are textstat's count
    over the whole paragraph (it ignores fragments, so that one is not a sum)."""
    if not text.strip():
        return ReadabilityCounts()
    total = ReadabilityCounts()
    for piece in _PIECE_BREAK.split(text):
        total = total + _piece_counts(piece)
    return replace(total, sentences=textstat.sentence_count(text))


def _piece_counts(piece: str) -> ReadabilityCounts:
    global _new_pieces
    with _pieces_lock:
        found = _pieces.get(piece)
        if found is not None:
            _pieces.move_to_end(piece)
            return found
    found = ReadabilityCounts(
        words=textstat.lexicon_count(piece),
        tokens=textstat.lexicon_count(piece, removepunct=False),
        syllables=textstat.syllable_count(piece),
        polysyllables=textstat.polysyllabcount(piece),
        letters=textstat.letter_count(piece),
        chars=textstat.char_count(piece, ignore_spaces=True),
        difficult_words=textstat.difficult_words(piece, syllable_threshold=0, unique=False),
        complex_words=textstat.difficult_words(piece, syllable_threshold=3, unique=False),
    )
    with _pieces_lock:
        _pieces[piece] = found
        if len(_pieces) > PIECE_CACHE_SIZE:
            _pieces.popitem(last=False)
        _new_pieces += 1
        if _new_pieces % HYPHEN_CHECK == 0:
            forget_hyphenations()
    return found


def forget_hyphenations(limit: int = HYPHEN_WORDS) -> int:
    """Empty pyphen's per-word memory where it holds more than `limit` words; how many went."""
    gone = 0
    for dictionary in getattr(pyphen, "hdcache", {}).values():
        memo = getattr(dictionary, "cache", None)
        if isinstance(memo, dict) and len(memo) > limit:
            gone += len(memo)
            memo.clear()
    return gone


def readability(c: ReadabilityCounts) -> Readability:
    """textstat's formulas applied to (summed) counts."""
    wps = c.words / c.sentences if c.sentences else 0.0
    spw = c.syllables / c.words if c.words else 0.0
    fre = 0.0 if wps == 0 or spw == 0 else 206.835 - 1.015 * wps - 84.6 * spw
    fkg = 0.0 if wps == 0 or spw == 0 else (0.39 * wps) + (11.8 * spw) - 15.59
    fog = 0.4 * (wps + 100 * c.complex_words / c.words) if c.words else 0.0
    smog = (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291 if c.sentences else 0.0
    letters = c.letters / c.words * 100 if c.words else 0.0
    sentences = c.sentences / c.words * 100 if c.words else 0.0
    cli = 0.0 if letters == 0 or sentences == 0 else (0.058 * letters) - (0.296 * sentences) - 15.8
    cpw = c.chars / c.tokens if c.tokens else 0.0
    ari = 0.0 if cpw == 0 or wps == 0 else (4.71 * cpw) + (0.5 * wps) - 21.43
    if c.words:
        pct_difficult = 100 * c.difficult_words / c.words
        dale = (0.1579 * pct_difficult) + (0.0496 * wps)
        if pct_difficult > 5:
            dale += 3.6365
    else:
        dale = 0.0
    return Readability(
        flesch_reading_ease=fre,
        flesch_kincaid_grade=fkg,
        gunning_fog=fog,
        smog_index=smog,
        coleman_liau_index=cli,
        automated_readability_index=ari,
        dale_chall_readability_score=dale,
        reading_time_s=TEXTSTAT_MS_PER_CHAR * c.chars / 1000,
        ease_label=ease_label(fre) if c.words else "",
        grade_label=grade_label(fkg) if c.words else "",
    )


# Flesch's own bands for the reading-ease score.
_EASE_BANDS = (
    (90, "Very easy"),
    (80, "Easy"),
    (70, "Fairly easy"),
    (60, "Plain English"),
    (50, "Fairly difficult"),
    (30, "Difficult"),
)


def ease_label(score: float) -> str:
    for floor, label in _EASE_BANDS:
        if score >= floor:
            return label
    return "Very difficult"


def grade_label(grade: float) -> str:
    if grade < 1:
        return "kindergarten"
    if grade >= 17:
        return "postgraduate"
    if grade >= 13:
        return "college"
    return f"grade {math.floor(grade + 0.5)}"
