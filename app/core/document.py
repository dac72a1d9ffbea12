"""How the text of a document is cut into paragraphs and sentences, with character offsets.

A paragraph is one line of the document (one QTextBlock in the editor): it is what the editor
can re-measure on its own after a keystroke. Offsets are Python string indices (code points);
the UI converts them to Qt's UTF-16 positions where it needs to.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

# Abbreviations whose full stop does not end a sentence ("Dr. Smith", "e.g. this").
_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof sr jr st vs etc e.g i.e cf al approx dept est fig inc ltd co corp no "
        "vol pp ca jan feb mar apr jun jul aug sep sept oct nov dec mt ft"
    ).split()
)

# End of a sentence: terminal punctuation, optional closing quotes/brackets, then whitespace.
_SENTENCE_END = re.compile(r"""[.!?…]+['"’”)\]]*(?=\s|$)""")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def split_lines(text: str) -> list[str]:
    """The paragraphs of a document: one per line, blank ones included (they keep indices)."""
    return text.split("\n")


def line_starts(lines: list[str]) -> list[int]:
    """Offset of each line's first character in the joined text."""
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


# The last few paragraphs each thread cut into sentences: a keystroke's paragraph is cut by the
# sentiment, emotion, rule and human-ness counts in turn (four times, bench gauges).
_SPLIT_MEMO = 8
_split_memo = threading.local()


def split_sentences(text: str) -> list[Span]:
    """Sentences of one paragraph as spans, leading/trailing whitespace excluded.

    A full stop after a known abbreviation or a single initial ("J. Smith"), or a mark followed
    by a lowercase word, does not end a sentence. Text after the last terminal mark is a
    sentence of its own (a heading, a fragment).
    """
    memo: dict[str, tuple[Span, ...]] | None = getattr(_split_memo, "texts", None)
    if memo is None:
        memo = _split_memo.texts = {}
    hit = memo.get(text)
    if hit is not None:
        return list(hit)
    spans = _split(text)
    if len(memo) >= _SPLIT_MEMO:
        del memo[next(iter(memo))]
    memo[text] = tuple(spans)
    return spans


def _split(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        if _continues_lowercase(text, end):
            continue  # 'She said "Stop!" and went.' is one sentence
        _append_trimmed(spans, text, start, end)
        start = end
    _append_trimmed(spans, text, start, len(text))
    return spans


def words(text: str) -> list[str]:
    """Words of a text: letters and digits, with inner apostrophes and hyphens kept."""
    return _WORD.findall(text)


def _is_abbreviation(text: str, dot: int) -> bool:
    begin = dot
    while begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    token = text[begin:dot].lower()
    if not token:
        return False
    if len(token) == 1 and token.isalpha() and text[begin].isupper():
        return True  # an initial: "J. R. R. Tolkien"
    return token in _ABBREVIATIONS


def _continues_lowercase(text: str, pos: int) -> bool:
    rest = text[pos : pos + 8].lstrip()
    return bool(rest) and rest[0].islower()


def _append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))
