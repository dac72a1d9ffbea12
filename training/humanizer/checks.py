"""Checks on the rewriter's training pairs: every target must pass the app's own checks.

    python training/humanizer/checks.py        # every failing pair, with its reasons

A pair (pairs.py) passes when
* its fields are all there and valid (a known tone and type, non-empty texts), its id unique;
* its target has no machine-family finding by the app's own rules (the checker the gauges use,
  every kind of the machine family);
* a humanize pair keeps the content: every number and every capitalised name of the source
  outside its machine findings is in the target (a possessive counts as the name; Title Case
  headings and "Subject:" lines are not searched for names), no number is added, no negation
  is lost, and the target is not the source. Negations ("not", "never", "no", "n't"... as
  app/core/fix_checks.py counts them) are counted in the source's sentences that live on in
  the target (at least KEPT_SENTENCE of their content words are there): a stock line dropped
  whole ("Don't miss it!") takes its negation with it, a kept one must keep it;
* a keep pair (a person's paragraph, left alone) has a target equal to the source, or a tiny
  change (at most KEEP_MAX_EDITS characters: a word the rules flag even in a person's text);
* the target has no more spelling or grammar findings than the source, by the app's
  correctness checker (app/core/analysis/correctness.py, Harper), when it imports and runs;
  when it does not, that part is skipped and `correctness_checker` says why.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.core.analysis.families import MACHINE_KINDS  # noqa: E402
from app.core.analysis.incremental import shared_style_checker  # noqa: E402
from app.core.analysis.lexicon import fold  # noqa: E402
from app.core.analysis.style_rules import Finding  # noqa: E402
from app.core.document import split_sentences  # noqa: E402
from app.core.fix_checks import _NEGATIONS, _NUMBER, _WORD  # noqa: E402
from app.core.gate import STOPWORDS, _content  # noqa: E402
from app.core.gate import _words as _gate_words  # noqa: E402
from training.humanizer.pairs import Pair, duplicate_ids, load_pairs, split  # noqa: E402

KEEP_MAX_EDITS = 12
KEPT_SENTENCE = 1 / 3
MACHINE = frozenset(MACHINE_KINDS)
_HEADING = re.compile(r"\s*#{1,6}\s")
_LINE_MARKER = re.compile(r"\s*(?:[-*+]\s+|\d+[.)]\s+|>\s*)?")
_SUBJECT = re.compile(r"subject:", re.IGNORECASE)

Checker = Callable[[str], Sequence[Finding]]


def machine_findings(text: str) -> tuple[Finding, ...]:
    """The app's machine-family findings for one paragraph."""
    return shared_style_checker().check_paragraph(text, MACHINE)


def correctness_checker() -> tuple[Checker | None, str]:
    """The app's spelling and grammar checker, or None and why it cannot be used."""
    try:
        from app.core.analysis.correctness import CorrectnessChecker
        checker = CorrectnessChecker()
        checker.check_paragraph("A first sentence to try it on.")
    except Exception as error:  # not written yet, Harper missing, or broken: skip the part
        return None, f"spelling and grammar not checked: the correctness checker fails ({error})"
    return checker.check_paragraph, ""


def problems(pair: Pair, correctness: Checker | None = None) -> list[str]:
    """Why this pair fails the checks; [] when it passes."""
    found = [f"target has a machine finding: {f.kind} “{f.original}”"
             for f in machine_findings(pair.target)]
    if pair.type == "humanize":
        found += content_lost(pair.source, pair.target)
        if pair.target.strip() == pair.source.strip():
            found.append("humanize target is the source")
    else:
        edits = edit_count(pair.source, pair.target)
        if edits > KEEP_MAX_EDITS:
            found.append(f"keep target changes {edits} characters of the source")
    if correctness is not None and pair.target != pair.source:
        after = correctness(pair.target)  # Harper is the slow part: the source only if needed
        before = correctness(pair.source) if after else ()
        if len(after) > len(before):
            new = Counter(f.original for f in after) - Counter(f.original for f in before)
            words = new or Counter(f.original for f in after)
            found.append("target adds a spelling or grammar problem: "
                         + ", ".join(f"“{w}”" for w in words))
    return found


def content_lost(source: str, target: str) -> list[str]:
    """Numbers, names and negations of the source (outside its machine findings) that the
    target loses, and numbers it adds."""
    spans = [(f.start, f.end) for f in machine_findings(source)]
    reasons = []
    target_numbers = _NUMBER.findall(target)
    lost = [n for n in _kept_numbers(source, spans) if n not in target_numbers]
    if lost:
        reasons.append("drops the number " + ", ".join(lost))
    added = sorted(set(target_numbers) - set(_NUMBER.findall(source)))
    if added:
        reasons.append("adds the number " + ", ".join(added))
    target_words = {_base(w) for w in _WORD.findall(target)}
    names = [n for n in dict.fromkeys(_names(source, spans)) if _base(n) not in target_words]
    if names:
        reasons.append("drops the name " + ", ".join(names))
    if _negations(target) < _kept_negations(_blank(source, spans), target):
        reasons.append("loses a negation")
    return reasons


def _kept_negations(source: str, target: str) -> int:
    """The negations of the source's sentences that live on in the target: a sentence counts
    when at least KEPT_SENTENCE of its content words are in the target. A sentence dropped
    whole ("Don't miss it!") takes its negation with it; its numbers and names are checked
    anyway."""
    have = _content(_gate_words(target))
    count = 0
    for span in split_sentences(source):
        sentence = source[span.start : span.end]
        wanted = _content(_gate_words(sentence))
        if wanted and len(wanted & have) >= KEPT_SENTENCE * len(wanted):
            count += _negations(sentence)
    return count


def _kept_numbers(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    return [m.group() for m in _NUMBER.finditer(text) if not _inside(m.start(), m.end(), spans)]


def _names(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """Capitalised words that do not open a sentence or list item (names, places, days,
    brands), outside the spans; "I" and capitalised stopwords are not names, and titles (a
    Markdown heading, a "Subject:" line) are left out: Title Case makes every word look like one.
    """
    found = []
    offset = 0
    for line in text.split("\n"):
        body = offset + len(_LINE_MARKER.match(line).group())
        if not _HEADING.match(line):
            for sentence in split_sentences(text[body : offset + len(line)]):
                start, end = body + sentence.start, body + sentence.end
                if _SUBJECT.match(text, start):
                    continue
                for m in list(_WORD.finditer(text, start, end))[1:]:
                    word = m.group()
                    if (word[0].isupper() and fold(word) not in STOPWORDS and word != "I"
                            and not _inside(m.start(), m.end(), spans)):
                        found.append(word)
        offset += len(line) + 1
    return found


def _base(word: str) -> str:
    word = fold(word)
    return word[:-2] if word.endswith("'s") else word


def _negations(text: str) -> int:
    """"not", "never", "n't"...; not "no" in a compound such as "no-frills"."""
    return sum((w in _NEGATIONS or w.endswith("n't")) and text[m.end() : m.end() + 1] != "-"
               for m in _WORD.finditer(text) for w in (fold(m.group()),))


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def edit_count(a: str, b: str) -> int:
    """Characters inserted, deleted or replaced between a and b (difflib's opcodes)."""
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")


def main() -> int:
    pairs = load_pairs()
    correctness, why_not = correctness_checker()
    if why_not:
        print(why_not)
    failing = 0
    for pair in pairs:
        reasons = problems(pair, correctness)
        if reasons:
            failing += 1
            print(f"{pair.id} ({pair.where}, {pair.type}, {pair.tone}): " + "; ".join(reasons))
    for pair_id in duplicate_ids(pairs):
        print(f"duplicate id {pair_id}")
    train, held_out = split(pairs)
    topics = {p.topic for p in held_out}
    print(f"{len(pairs)} pairs, {failing} failing; held out: {len(held_out)} pairs in "
          f"{len(topics)} of {len({p.topic for p in pairs})} topics")
    return 1 if failing or duplicate_ids(pairs) else 0


if __name__ == "__main__":
    sys.exit(main())
