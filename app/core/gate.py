"""Quality gate for model rewrites: better no suggestion than a wrong one.

A small model drifts: it drops facts, answers in another language, repeats itself, stops
mid-sentence or talks about the task instead of doing it. judge() first strips harmless
wrappers (surrounding whitespace and quotes the original did not have), then rejects a
candidate for any of these, each with a plain reason:

* empty, or the same as the original apart from case, spacing and punctuation;
* meta talk: "Here is a rewritten…", "Sure!", "As an AI", "Rewrite:", "Original:";
* another language: English stopword share, or the dominant script, differs from the original;
* length outside MIN_RATIO..MAX_RATIO (0.5-1.6) of the original, in characters (Concise:
  0.3-1.0, shortening is its point);
* repetition: a sentence twice, or a 4-word run repeated that the original does not repeat;
* cut off: the original ends a sentence and the candidate does not, or it ends on "the", "and"…;
* facts changed: a number or a capitalised name of the original is missing, or a number
  appears that the original does not have; a stray list marker ("5. A.") opens the text;
* barely changed: the words are at least BARELY_CHANGED (0.85) alike in order
  (difflib's ratio), not one inflated word is gone and the text is not even a tenth shorter
  (Concise: not a word shorter). Such a near-copy passes every other rule but gives the writer
  nothing;
* content lost: under MIN_KEPT (0.6) of the original's content words are kept. Content words
  are the original's words minus stopwords and minus inflated words a humaniser is meant to
  replace ("leverage", "utilize", "seamless"…), lowercased and crudely stemmed, so "reviewing"
  keeps "review". Tuned on about 300 Gemma 3 270M rewrites: below 0.4 nearly all had drifted
  (the model copying its examples or writing a new sentence); at 0.5 half had changed the
  meaning ("Monday for maintenance is a day off for staff"); from 0.6 up most were faithful.
  An invented extra clause can still slip through; the length limit bounds it. Concise
  accepts 0.4, since dropping filler is its job.

Passing candidates get a score in 0..1 (content kept 0.6, closeness of length 0.25, fewer
inflated words than the original 0.15); best() returns the highest-scoring one's text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = [
    "BARELY_CHANGED", "MAX_RATIO", "MIN_KEPT", "MIN_RATIO", "GateResult", "best", "judge",
]

MIN_KEPT = 0.6
BARELY_CHANGED = 0.85
BARELY_SHORTER = 0.9
MIN_RATIO, MAX_RATIO = 0.5, 1.6
# "Concise" exists to shorten: it may drop to 0.3 of the length, must not grow, and may lose
# filler the word lists cannot foresee.
CONCISE_MIN_RATIO, CONCISE_MAX_RATIO, CONCISE_MIN_KEPT = 0.3, 1.0, 0.4

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SENTENCES = re.compile(r"[^.!?…]+[.!?…]*")
_LIST_MARKER = re.compile(r"^\s*(?:\d+[.)]|[A-Za-z][.)]|[-*•#>])\s")

STOPWORDS = frozenset(
    "a about above after again against all also am an and any are aren't as at be because been "
    "before being below between both but by can can't cannot could couldn't did didn't do does "
    "doesn't doing don't down during each few for from further had hadn't has hasn't have "
    "haven't having he he'd he'll he's her here here's hers herself him himself his how how's i "
    "i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most much "
    "mustn't my myself no nor not now of off on once only or other ought our ours ourselves out "
    "over own same shan't she she'd she'll she's should shouldn't so some such than that that's "
    "the their theirs them themselves then there there's these they they'd they'll they're "
    "they've this those through to too under until up upon us very was wasn't we we'd we'll "
    "we're we've were weren't what what's when when's where where's which while who who's whom "
    "why why's will with won't would wouldn't you you'd you'll you're you've your yours "
    "yourself yourselves get got make made may might must shall still yet really quite due".split()
)

# Inflated or stock words a human rewrite is expected to drop or replace. They do not count as
# content that must be kept, and fewer of them is a (small) plus in the score.
INFLATED = frozenset(
    "additionally advised align aligned amazing approach comprehensive crucial currently "
    "cutting-edge delve "
    "delves dive ensure enhance enhanced essential exceptional facilitate facilitates foster "
    "furthermore game-changing groundbreaking holistic important implementation innovative "
    "journey landscape leverage leverages leveraging meticulous moreover notably note noted "
    "optimal optimize paramount pivotal plays please pleased process purposes realm "
    "revolutionize revolutionizes robust role seamless seamlessly significant significantly "
    "sincerely solution solutions stakeholders streamline subsequent thrilled transformative "
    "tapestry unlock unparalleled utilization utilize utilizes utilizing valuable valued vibrant "
    "vital worth".split()
)

# A rewrite that stops on one of these was cut off mid-sentence.
_DANGLING = frozenset(
    "a an the and or but of to in on at for with by from as that which who your our their "
    "my his her its this these those is are was were be".split()
)

_META = re.compile(
    r"^\W*(?:here(?:'s| is| are)\b|sure\b|certainly\b|of course\b|okay\b|ok\b|absolutely\b|"
    r"as an ai\b|i(?:'m| am) an ai\b|i can(?:not|'t)\b|i'd be happy\b|i would be happy\b|"
    r"rewrite\b|rewritten\b|revised\b|original\b|note:|answer:|output:|response:|"
    r"the rewritten\b|the revised\b|this (?:rewrite|version|text)\b)",
    re.IGNORECASE,
)
_META_ANYWHERE = re.compile(
    r"\b(?:as an ai|language model|rewritten (?:text|version|sentence)|revised version|"
    r"original:|rewrite \(|i hope this helps|let me know if you)",
    re.IGNORECASE,
)
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "„": "“"}


@dataclass(frozen=True, slots=True)
class GateResult:
    ok: bool
    score: float  # 0..1 for passing candidates, 0 for rejected ones
    reasons: tuple[str, ...]  # why it was rejected; () when ok
    text: str = ""  # the candidate with harmless wrappers removed: what to show the writer
    kept: float = 0.0  # share of the original's content words found in the candidate


def _words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _stem(word: str) -> str:
    # Crude suffix stripping is enough to match "reviewing"/"reviewed"/"review"; it need not
    # produce real words, only the same key for the forms a rewrite tends to switch between.
    for suffix in ("ations", "ation", "ingly", "ings", "ing", "edly", "ed", "ies", "es", "ly",
                   "ment", "ness", "s"):  # fmt: skip
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def _content(words: Iterable[str]) -> set[str]:
    return {
        _stem(w)
        for w in words
        if w not in STOPWORDS and w not in INFLATED and not w.isdigit() and len(w) > 1
    }


def _language(words: list[str]) -> str:
    """ "english", "other" or "unsure" from the share of English stopwords (English prose has
    30-55 %, other languages under 8 %); too short to tell is "unsure"."""
    if len(words) < 6:
        return "unsure"
    share = sum(w in STOPWORDS for w in words) / len(words)
    return "english" if share >= 0.2 else "other" if share < 0.08 else "unsure"


def _script(text: str) -> str:
    counts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            counts[name.split(" ")[0] if name else "OTHER"] += 1
    return counts.most_common(1)[0][0] if counts else ""


def _strip_wrappers(original: str, candidate: str) -> str:
    text = candidate.strip()
    while len(text) >= 2 and _QUOTES.get(text[0]) == text[-1]:
        if original.strip()[:1] == text[0]:
            break  # the original was quoted too
        text = text[1:-1].strip()
    if text.startswith("**") and text.endswith("**") and len(text) > 4:
        text = text[2:-2].strip()
    return text


def _normal(text: str) -> str:
    return " ".join(_words(text))


def _repeats(original: str, candidate: str) -> bool:
    sentences = [_normal(s) for s in _SENTENCES.findall(candidate)]
    sentences = [s for s in sentences if len(s.split()) >= 3]
    if len(sentences) != len(set(sentences)):
        return True
    words = _words(candidate)
    grams = Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))
    known = Counter(tuple(w) for w in _grams(_words(original), 4))
    if any(n >= 2 and known[g] < n for g, n in grams.items()):
        return True
    return any(words[i] == words[i + 1] == words[i + 2] for i in range(len(words) - 2))


def _grams(words: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]


def _names(text: str) -> set[str]:
    """Capitalised words not at a sentence start (names, places, days): they carry facts."""
    found = set()
    for sentence in _SENTENCES.findall(text):
        for word in _WORD.findall(sentence)[1:]:
            if word[0].isupper() and word.lower() not in STOPWORDS and word != "I":
                found.add(word.lower())
    return found


def judge(original: str, candidate: str, tone: str = "Natural") -> GateResult:
    """Accept or reject one rewrite of original; see the module docstring for the rules."""
    text = _strip_wrappers(original, candidate)
    if not text:
        return GateResult(False, 0.0, ("empty",), text)
    if _normal(text) == _normal(original):
        return GateResult(False, 0.0, ("same as the original",), text)
    reasons: list[str] = []
    if (_META.search(text) and not _META.search(original)) or (
        _META_ANYWHERE.search(text) and not _META_ANYWHERE.search(original)
    ):
        reasons.append("talks about the task instead of rewriting")

    words, source = _words(text), _words(original)
    if _script(text) != _script(original) or {_language(source), _language(words)} == {
        "english",
        "other",
    }:
        reasons.append("different language")

    ratio = len(text) / max(1, len(original.strip()))
    low, high = (
        (CONCISE_MIN_RATIO, CONCISE_MAX_RATIO) if tone == "Concise" else (MIN_RATIO, MAX_RATIO)
    )
    if not low <= ratio <= high:
        reasons.append(f"length {ratio:.1f}× the original")
    if _repeats(original, text):
        reasons.append("repeats itself")
    ends_sentence = _SENTENCE_END.search(original.strip()) is not None
    if (ends_sentence and not _SENTENCE_END.search(text)) or (words and words[-1] in _DANGLING):
        reasons.append("cut off")

    if _LIST_MARKER.match(text) and not _LIST_MARKER.match(original):
        reasons.append("starts with a stray list marker")
    numbers_before, numbers_after = _NUMBER.findall(original), _NUMBER.findall(text)
    missing = [n for n in numbers_before if n not in numbers_after]
    missing += sorted(_names(original) - set(words))
    if missing:
        reasons.append("drops " + ", ".join(missing[:3]))
    added = [n for n in numbers_after if n not in numbers_before]
    if added:  # a small model invents figures ("by up to 30%"): never offer those
        reasons.append("adds " + ", ".join(added[:3]))
    wanted = _content(source)
    kept = len(wanted & _content(words)) / len(wanted) if wanted else 1.0
    if kept < (CONCISE_MIN_KEPT if tone == "Concise" else MIN_KEPT):
        reasons.append(f"keeps only {kept:.0%} of the original's content words")
    inflated_before = sum(w in INFLATED for w in source)
    inflated_after = sum(w in INFLATED for w in words)
    alike = SequenceMatcher(None, source, words, autojunk=False).ratio()
    # Cutting words is a change worth offering by itself; for Concise, any word cut.
    shorter = len(words) < len(source) if tone == "Concise" else ratio <= BARELY_SHORTER
    near_copy = alike >= BARELY_CHANGED and inflated_after >= inflated_before and not shorter
    if near_copy and not reasons:
        reasons.append("barely changes the original")
    if reasons:
        return GateResult(False, 0.0, tuple(reasons), text, kept)

    closeness = max(0.0, 1.0 - abs(math.log(ratio)))
    fewer = (inflated_before - inflated_after) / inflated_before if inflated_before else 0.5
    score = 0.6 * kept + 0.25 * closeness + 0.15 * max(0.0, fewer)
    return GateResult(True, round(score, 4), (), text, kept)


def best(original: str, candidates: Iterable[str], tone: str = "Natural") -> str | None:
    """The passing candidate with the highest score (cleaned), or None when none passes."""
    results = [judge(original, c, tone) for c in candidates]
    passing = [r for r in results if r.ok]
    if not passing:
        return None
    return max(passing, key=lambda r: r.score).text
