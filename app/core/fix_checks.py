"""The checks every model-backed suggestion passes before a writer sees it: better no
suggestion than a wrong one. They apply to targeted fixes (fixes.py) and to whole rewrites.

A candidate for a span of a paragraph passes when it
* resolves at least one machine-family finding and adds none (the rules run again on the
  paragraph with the candidate in place: no machine finding that was not there before);
* keeps the content: every number, every capitalised name, every negation ("not", "never",
  "no", "n't"...) and every content word of the original outside the findings it fixes;
* keeps the Markdown: a heading stays a heading (and gains no full stop), a list item keeps its
  marker, links, inline code and emphasis markers survive in the same number;
* adds no spelling or grammar problem (when a correctness checker is given: the candidate has
  no more correctness findings than the original).
The model's own checks (the candidate is not more predictable than the original, and reads
fluently) are made where the model is, in app/llm/fixer.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.analysis.families import MACHINE
from app.core.analysis.lexicon import fold
from app.core.analysis.style_rules import Finding
from app.core.gate import INFLATED, STOPWORDS

Checker = Callable[[str], Sequence[Finding]]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_NEGATIONS = frozenset("not no never nothing nobody none nor neither cannot without".split())
_HEADING = re.compile(r"^\s*(#{1,6})\s")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_MARKUP = (re.compile(r"\]\("), re.compile(r"`"), re.compile(r"\*\*"),
           re.compile(r"(?<!\*)\*(?!\*)"), re.compile(r"(?<!_)_(?!_)"))


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    reasons: tuple[str, ...]  # why not; () when ok
    resolved: tuple[Finding, ...] = ()  # the findings the candidate makes go away


def check_candidate(paragraph: str, start: int, end: int, candidate: str,
                    findings: Sequence[Finding], checker: Checker,
                    correctness: Checker | None = None) -> Verdict:
    """Whether `candidate` may replace paragraph[start:end]; `findings` are the machine
    findings the rules found in the paragraph (checker: the same rules, run again)."""
    original = paragraph[start:end]
    after = paragraph[:start] + candidate + paragraph[end:]
    reasons: list[str] = []
    before_machine = _machine(findings)
    after_machine = _machine(checker(after))
    gone = before_machine - after_machine
    new = after_machine - before_machine
    if not gone:
        reasons.append("resolves no finding")
    if new:
        kind, text = sorted(new)[0]
        reasons.append(f"adds a {kind.replace('_', ' ')} (“{text}”)")
    fixed = [f for f in findings if start <= f.start and f.end <= end
             and (f.kind, fold(f.original)) in gone]
    reasons += _content_lost(original, candidate, after,
                             [(f.start - start, f.end - start) for f in fixed])
    reasons += _markdown_broken(paragraph, after, original, candidate, fixed)
    if correctness is not None and len(correctness(after)) > len(correctness(paragraph)):
        reasons.append("adds a spelling or grammar problem")
    resolved = tuple(f for f in findings if (f.kind, fold(f.original)) in gone)
    return Verdict(not reasons, tuple(reasons), resolved)


def _machine(findings: Sequence[Finding]) -> Counter:
    return Counter((f.kind, fold(f.original)) for f in findings if f.family == MACHINE)


def _words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def _outside(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with the given spans blanked out (what the fixes may change)."""
    chars = list(text)
    for a, b in spans:
        for i in range(max(0, a), min(len(chars), b)):
            chars[i] = " "
    return "".join(chars)


def _content_lost(original: str, candidate: str, after: str,
                  fixed: Sequence[tuple[int, int]]) -> list[str]:
    """What of the original's content is missing from the paragraph once the candidate is in
    (a word may live on elsewhere in it: a summary sentence repeats what came before)."""
    kept = _outside(original, fixed)
    have = Counter(_words(after))
    reasons = []
    numbers = [n for n in _NUMBER.findall(original) if n not in _NUMBER.findall(after)]
    if numbers:
        reasons.append("drops " + ", ".join(numbers[:3]))
    names = [w for w in _WORD.findall(kept)[1:] if w[:1].isupper() and fold(w) not in have
             and fold(w) not in STOPWORDS]
    if names:
        reasons.append("drops " + ", ".join(names[:3]))
    negations_before = sum(w in _NEGATIONS or w.endswith("n't") for w in _words(original))
    negations_after = sum(w in _NEGATIONS or w.endswith("n't") for w in _words(candidate))
    removed_by_fixes = sum(w in _NEGATIONS or w.endswith("n't")
                           for w in _words(original) if w not in _words(kept))
    if negations_after < negations_before - removed_by_fixes:
        reasons.append("loses a negation")
    content = [w for w in _words(kept) if w not in STOPWORDS and w not in INFLATED
               and len(w) > 2 and not w.isdigit()]
    missing = [w for w in content if w not in have]
    if missing:
        reasons.append("drops “" + "”, “".join(dict.fromkeys(missing[:3])) + "”")
    return reasons


def _markdown_broken(paragraph: str, after: str, original: str, candidate: str,
                     fixed: Sequence[Finding]) -> list[str]:
    reasons = []
    heading = _HEADING.match(paragraph)
    if heading and not (_HEADING.match(after) and _HEADING.match(after).group(1)
                        == heading.group(1)):
        reasons.append("breaks the heading")
    if heading and after.rstrip().endswith(".") and not paragraph.rstrip().endswith("."):
        reasons.append("adds a full stop to a heading")
    if _LIST.match(paragraph) and not _LIST.match(after):
        reasons.append("breaks the list item")
    bold_fixed = any(f.kind == "bold_lead_in" for f in fixed)
    for marker in _MARKUP:
        if bold_fixed and marker.pattern == r"\*\*":
            continue
        if len(marker.findall(candidate)) < len(marker.findall(original)):
            reasons.append("loses formatting")
            break
    return reasons
