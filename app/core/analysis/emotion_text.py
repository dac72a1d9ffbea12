"""The features the emotion model reads, with the characters each one comes from.

Training (training/emotion/train.py) and scoring (emotion.py) both go through `features`, so
what the shipped weights were fitted on is exactly what the app computes.

A text becomes tokens: words (folded to lowercase, anything with a digit as "<num>"), emoji
(one per picture, skin tones and variation selectors dropped), emoticons (":)", ":'(", "<3"),
and runs of "!" / "?". Each token gives a unigram feature; adjacent words give a bigram
("can't wait", "thank you"). Three rules shape the values:

- **Negation.** After "not", "never", "no", a "-n't" word and the like, up to NEGATION_SCOPE
  words (stopping at punctuation and at "but") become "~word": "not happy" is "not ~happy",
  a feature of its own whose weight the model learns. An emphatic "never" is no negation but
  an intensifier: "never been so scared" is "scared" made stronger.
- **Intensifiers and hedges.** "very", "so", "absolutely"... multiply the next content word by
  BOOST; "a bit", "kind of", "slightly"... by DAMP. The modifier itself is no feature (it would
  only dilute the sentence) and phrases skip it: "so very sad" gives "sad" (x1.5), not "so".
- **Shouting.** A word in capitals (two letters or more) also counts as "<caps>".

Each feature carries the (start, end) of the characters it comes from, so the model's cues
point at the words behind a score. A negated word's span starts at its negator ("not happy").
"""

from __future__ import annotations

import re
from typing import NamedTuple

NEGATION_SCOPE = 3
BOOST = 1.5
DAMP = 0.6
PICTURE_WEIGHT = 2.0  # an emoji or emoticon counts as much as two words: a sentence has one
NUMBER = "<num>"
CAPS = "<caps>"
NEGATED = "~"

_EMOTICON = (
    r"(?<![^\s(\[])(?:"
    r"[:;=][-'^o]?[()\[\]DPpOo/\\|*3@$]+"
    r"|<3+|</3|\^_*\^|T_T|;_;|xD|XD"
    r")(?![^\s.,!?;:)\]])"
)
# Emoji: the pictographic blocks plus the older symbol blocks that carry feelings (☺ ♥ ✨ ✈).
_EMOJI = "[\U0001f300-\U0001faff\U0001f000-\U0001f2ff\u2600-\u27bf\u2b50\u2b55\u2764\u2763]"
_MODIFIERS = "[\U0001f3fb-\U0001f3ff\ufe0f]*"  # skin tones, emoji presentation
_TOKEN = re.compile(
    rf"(?P<emoticon>{_EMOTICON})"
    rf"|(?P<emoji>{_EMOJI}{_MODIFIERS}(?:\u200d{_EMOJI}{_MODIFIERS})*)"
    r"|(?P<word>[^\W_]+(?:['’\-][^\W_]+)*)"
    r"|(?P<mark>[!?]+|\.\.\.+|…)"
    r"|(?P<stop>[.,;:()\"“”—–])"
)
_DROPPED_IN_EMOJI = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f]")

NEGATORS = frozenset(
    """not no never nothing nobody none nowhere neither nor without hardly barely scarcely
    cannot nope noone""".split()
)
_NT_WORDS = frozenset(
    """dont doesnt didnt isnt wasnt arent werent cant couldnt wouldnt shouldnt wont havent
    hasnt hadnt aint mustnt neednt""".split()
)
_SCOPE_BREAKERS = frozenset("but however although though yet except".split())
# "never been so", "never felt better": the negator stresses what follows instead of denying it.
_EMPHATIC_VERBS = frozenset("been be felt feel seen heard had looked sounded".split())
_EMPHATIC_NEXT = frozenset("so such more as this that happier better worse".split())

INTENSIFIERS = frozenset(
    """very so really extremely absolutely totally completely utterly incredibly truly
    genuinely deeply terribly awfully too super highly hugely enormously thoroughly
    seriously insanely massively desperately bitterly profoundly immensely exceptionally
    particularly especially remarkably most""".split()
)
HEDGES = frozenset(
    """slightly somewhat fairly mildly kinda sorta barely partly rather moderately""".split()
)
_HEDGE_PAIRS = frozenset(
    {("a", "bit"), ("a", "little"), ("kind", "of"), ("sort", "of"), ("a", "tad")}
)
# Words a modifier looks past to find the word it modifies ("so very much", "a bit of a").
_PASS_THROUGH = frozenset("a an the of much very so really more".split())


class Feature(NamedTuple):
    name: str
    value: float
    start: int
    end: int
    first_end: int = -1  # for a two-word phrase: where its first word ends ...
    second_start: int = -1  # ... and where its second word starts


class Token(NamedTuple):
    kind: str  # "word", "emoji", "emoticon", "mark", "stop"
    norm: str
    start: int
    end: int


def fold(word: str) -> str:
    """Lowercase with straight apostrophes: the form features use."""
    return word.lower().replace("’", "'").replace("‘", "'")


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "stop"
        raw = match.group()
        if kind == "word":
            norm = NUMBER if any(c.isdigit() for c in raw) else fold(raw)
        elif kind == "emoji":
            norm = _DROPPED_IN_EMOJI.sub("", raw)
        elif kind == "mark":
            norm = "..." if raw[0] in ".…" else _mark(raw)
        elif kind == "emoticon":
            norm = _emoticon(raw)
        else:
            norm = raw
        found.append(Token(kind, norm, match.start(), match.end()))
    return found


def _emoticon(raw: str) -> str:
    """One spelling per face: the nose dropped (":-)" is ":)"), letters upper-case (":d")."""
    if len(raw) >= 3 and raw[0] in ":;=" and raw[1] in "-^o":
        raw = raw[0] + raw[2:]
    return raw.upper() if raw[-1] in "dDpPoO" else raw


def _mark(raw: str) -> str:
    has_bang, has_question = "!" in raw, "?" in raw
    if has_bang and has_question:
        return "?!"
    if has_bang:
        return "!!" if len(raw) > 1 else "!"
    return "??" if len(raw) > 1 else "?"


def is_negator(norm: str) -> bool:
    return norm in NEGATORS or norm in _NT_WORDS or norm.endswith("n't")


def _emphatic(words: list[Token], i: int) -> bool:
    """True for "never been so ...", "never happier", "not more ... than ever"."""
    if words[i].norm not in ("never", "not"):
        return False
    nxt = words[i + 1].norm if i + 1 < len(words) else ""
    after = words[i + 2].norm if i + 2 < len(words) else ""
    if nxt in _EMPHATIC_NEXT and words[i].norm == "never":
        return True
    return nxt in _EMPHATIC_VERBS and after in _EMPHATIC_NEXT


def features(text: str, bigrams: bool = True) -> list[Feature]:
    """Every feature of `text` with its value and the characters it comes from."""
    toks = tokens(text)
    out: list[Feature] = []
    scale = [1.0] * len(toks)
    negated_from = [-1] * len(toks)  # start offset of the negator, or -1
    words = [t for t in toks if t.kind == "word"]
    word_index = {id(t): k for k, t in enumerate(words)}

    # Negation scopes and modifiers, walking the tokens in order.
    modifier = [False] * len(toks)
    word_at = [i for i, t in enumerate(toks) if t.kind == "word"]  # word k -> token index
    scope_left, scope_start, pending, pending_hops = 0, -1, 1.0, 0
    for i, tok in enumerate(toks):
        if tok.kind != "word":
            if tok.kind in ("stop", "mark"):
                scope_left, pending = 0, 1.0
            continue
        norm = tok.norm
        k = word_index[id(tok)]
        prev = words[k - 1].norm if k else ""
        emphatic = _emphatic(words, k)
        if norm in INTENSIFIERS or norm in HEDGES or emphatic:
            modifier[i] = True
        elif (prev, norm) in _HEDGE_PAIRS:
            modifier[i] = modifier[word_at[k - 1]] = True
        if norm in _SCOPE_BREAKERS:
            scope_left = 0
        if scope_left and not is_negator(norm) and not modifier[i]:
            negated_from[i] = scope_start
            scope_left -= 1
        if pending != 1.0:
            scale[i] = pending
            if (norm in _PASS_THROUGH or modifier[i]) and pending_hops < 3:
                pending_hops += 1
            else:
                pending = 1.0
        if is_negator(norm) and not emphatic:
            scope_left, scope_start = NEGATION_SCOPE, tok.start
        if norm in INTENSIFIERS or emphatic:
            pending, pending_hops = BOOST, 0
        elif modifier[i]:
            pending, pending_hops = DAMP, 0

    previous: Token | None = None
    for i, tok in enumerate(toks):
        if tok.kind == "stop":
            previous = None
            continue
        if modifier[i]:  # it acts through the word it modifies; phrases skip it
            continue
        if negated_from[i] >= 0:
            out.append(Feature(NEGATED + tok.norm, scale[i], negated_from[i], tok.end))
        elif tok.kind in ("emoji", "emoticon"):
            out.append(Feature(tok.norm, PICTURE_WEIGHT, tok.start, tok.end))
        else:
            out.append(Feature(tok.norm, scale[i], tok.start, tok.end))
        if tok.kind == "word":
            raw = text[tok.start : tok.end]
            if len(raw) > 1 and raw.isupper() and raw.isalpha():
                out.append(Feature(CAPS, 1.0, tok.start, tok.end))
            if bigrams and previous is not None:
                out.append(Feature(f"{previous.norm} {tok.norm}", 1.0, previous.start, tok.end,
                                   previous.end, tok.start))
            previous = tok
        else:
            previous = None
    return out
