"""Differences between a text and a voice, put in plain words for the writer."""

from __future__ import annotations

from typing import NamedTuple


class Term(NamedTuple):
    """One habit compared: z > 0 means the text has more of it than the writer. (A named
    tuple: the gauge makes some 25 of these per paragraph, and tuples are quick to make.)"""

    feature: str
    z: float
    cost: float
    yours: float
    here: float
    unit: str
    label: str = ""  # the habit or opener in words
    never: bool = False  # the writer's samples have none of it


def describe_term(t: Term, scope: str = "paragraph") -> str:
    """"you use contractions about 4× as often as this paragraph does", and the like."""
    this = f"this {scope}"
    if t.feature in _MEAN_PHRASES:
        more, less, noun = _MEAN_PHRASES[t.feature]
        return f"{more if t.z < 0 else less} ({noun} {_num(t.yours)}; here {_num(t.here)})"
    if t.feature == "openers":
        if t.here < t.yours:
            return (f"{_num(t.yours)}% of your sentences open with {t.label}; "
                    f"here {_num(t.here)}%")
        return (f"{_num(t.here)}% of the sentences here open with {t.label}; "
                f"yours do {_num(t.yours)}% of the time")
    if t.here == 0:
        return f"you use {t.label} (about {_num(t.yours)} {t.unit}); {this} has none"
    if t.never:
        return f"your samples have no {t.label}; {this} has {_num(t.here)} {t.unit}"
    ratio = t.yours / t.here
    if 0.8 < ratio < 1.25:
        more = "more" if ratio >= 1 else "less"
        return f"you use {t.label} a little {more} often than {this} does"
    if ratio >= 1:
        return f"you use {t.label} {_times(ratio)} as often as {this} does"
    return f"{this} uses {t.label} {_times(1 / ratio)} as often as you do"


# For the habits that are averages: (when the writer's is larger, when smaller, what it is).
_MEAN_PHRASES = {
    "sentence_length": ("your sentences are usually longer", "your sentences are usually shorter",
                        "words per sentence: yours"),
    "sentence_spread": ("you mix short and long sentences more",
                        "your sentences are more even in length",
                        "spread of sentence lengths: yours"),
    "paragraph_length": ("your paragraphs are usually longer",
                         "your paragraphs are usually shorter", "words per paragraph: yours"),
    "word_length": ("you use longer words", "you use shorter words", "letters per word: yours"),
    "reading_ease": ("your writing is usually harder to read",
                     "your writing is usually easier to read", "reading ease: yours"),
}


def _times(ratio: float) -> str:
    if ratio >= 20:
        return "more than 20×"
    if ratio < 2:
        return f"about {ratio:.1f}×".replace(".0×", "×")
    return f"about {ratio:.0f}×"


def _num(x: float) -> str:
    if abs(x) >= 10:
        return f"{x:.0f}"
    return f"{x:.1f}".replace(".0", "")
