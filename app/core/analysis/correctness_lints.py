"""Harper's lints as findings: which to keep, how to merge them, and our rules added.

Harper names a kind for each lint; the module docstring of correctness.py says how they map
to ours. On top of Harper's own judgement (see `_keep`):
* An unknown word is not a misspelling when it is in the writer's dictionary (its possessive
  too), capitalised inside a sentence (a name), written in capitals (an acronym), joined to a
  number ("£2bn", "3s", "fx-83"), an initial ("A."), in mixed case ("iPad"), a short or
  capitalised part of a hyphenated compound ("sci-fi", "Smart-tek"), part of an address or
  identifier ("example.org/abc", "snake_case"), or the possessive of a known word. At the
  start of a sentence a capitalised unknown word is flagged only when it is one edit away
  from an ordinary word ("Recieve"); a name is further off or nearest another name
  ("Tomasz" -> "Tomas").
  A lower-case word whose capitalised form is known gets that form as its first fix
  ("paris" -> "Paris").
* A paragraph written in lower case on purpose (as many sentences start in lower case as in
  capitals: a note, a chat) gets no capitalisation findings at all ("i", "monday", sentence
  starts) and no spelling finding for a name in lower case ("sam"). A lower-case sentence
  start is never flagged after an abbreviation ("Inc. is") or an ellipsis.
* Harper's pronoun agreement is not trusted where the pronoun is not the subject: a compound
  subject ("Sam and she have"), an object ("what they don't tell you is"), after "of" ("one
  of us was").
* Doubled words that are usually meant ("had had", "really really", "no no") are left alone.
* Narrowed where they misfired: "it's" before "no"/"not" ("It's no wonder"); "their" for
  "they're" only before "going", "not" and the like ("in their offline lives"); two pronouns
  in a row except "give it him"; merged words except after an apostrophe ("80's hits" is not
  one word); "we wont" is "won't", not "want".
Lints on the same span merge into one finding (the one Harper ranks higher leads; a
misspelling and a missing capital on one word become one capitalised fix); of overlapping
spans the one Harper ranks higher stays. Our own rules (correctness_rules.py) fill in where
Harper found nothing.

Harper splits a word at a combining accent, so text that is not in Unicode's composed form
(NFC) is composed for Harper and the offsets are mapped back.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import re
import unicodedata
from collections.abc import Callable, Sequence

import harper

from app.core.analysis.correctness_rules import own_findings
from app.core.analysis.lexicon import fold
from app.core.analysis.style_rules import Finding, content_start
from app.core.document import split_sentences

_KIND_OF_LINT = {
    "Spelling": "spelling",
    "Typo": "typo",
    "BoundaryError": "typo",
    "Capitalization": "typo",
    "Repetition": "typo",
    "Punctuation": "punctuation",
    "Formatting": "punctuation",
}
_DROPPED_LINT_KINDS = frozenset({"Style", "Readability", "Enhancement", "Redundancy",
                                 "Regionalism"})  # fmt: skip

# Doubled words that are usually meant: "had had", "really really", "no no".
_MEANT_DOUBLES = frozenset(
    "had that do really very so too much many more far long ever never again please no yes "
    "ha hah haha ho he hee bye oh ah aw uh um er hmm mm yum ooh wow boo knock tick bang boom "
    "blah la na go come hey hi wait hurry run quick there now well yeah bla chop choo".split()
)
# A full stop after these does not end a sentence, so the next word needs no capital.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e cf al approx dept est fig inc ltd co corp no "
    "vol pp ca mt ft p ch ed eds".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_FIRST_WORD = re.compile(r"[\"'“‘(\[*_]*([^\W\d_])")
_NEXT_WORD = re.compile(r"\s+([\w'’]+)")
_OBJECT_TAKERS = (
    "tell told show showed give gave ask asked teach taught remind reminded pay paid send sent "
    "bring brought thank thanked help helped let make made see saw hear heard want wanted need "
    "love like hate call called get got find found leave left keep kept take took put"
)
# Before a pronoun, a sign that it is not the subject of the verb Harper checks.
_NOT_THE_SUBJECT = re.compile(
    rf"(?i)(?:(?:\band|\bor|\bnor|&)\s+(?:he|she|it)|\b(?:{'|'.join(_OBJECT_TAKERS.split())})"
    r"\s+(?:you|it)|\bof\s+\w+)\s+$"  # "Sam and she have", "tell you is", "one of us was"
)
_THEYRE_BEFORE = frozenset("going gonna not coming leaving getting doing being trying".split())
_SEPARATOR = "\n\n"
FENCE = re.compile(r"^\s*(```|~~~)")  # a line that opens or closes a fenced code block
_BACKTICKED = re.compile(r"`([^`]*)`")
_CHUNK_BEFORE = re.compile(r"\S*$")
_CHUNK_AFTER = re.compile(r"\S*")


class _Lint:
    """One Harper lint with what we need of it, its span made local to its paragraph."""

    __slots__ = ("rule", "lint", "start", "end", "kind", "preferred")

    def __init__(self, rule: str, lint: harper.Lint, start: int, end: int) -> None:
        self.rule, self.lint, self.start, self.end = rule, lint, start, end
        self.kind = _KIND_OF_LINT.get(lint.lint_kind, "grammar")
        self.preferred = ""  # a better first suggestion than Harper's, if any

    @property
    def priority(self) -> int:
        """Harper's own ranking of overlapping lints: lower is more important."""
        return int(json.loads(self.lint.to_json())["inner"].get("priority", 127))


def findings(
    texts: Sequence[str], linter: harper.Linter, words: set[str], known: Callable[[str], bool]
) -> list[tuple[Finding, ...]]:
    """The findings for each paragraph: Harper's lints that pass the filters, merged, and our
    rules' where Harper found nothing. `words`: the writer's, folded; `known`: whether a word
    is in Harper's dictionary.

    Harper is asked once for all the paragraphs, joined by blank lines (Markdown keeps them
    apart), which costs about half as much as asking paragraph by paragraph. A paragraph that
    could open an HTML block (which a blank line does not always close) or that starts with
    spaces (after a list item it would continue the item) is asked alone."""
    results: list[tuple[Finding, ...]] = [()] * len(texts)
    batch: list[tuple[int, str, list[int] | None]] = []
    for i, text in enumerate(texts):
        if text.strip() and not FENCE.match(text):
            composed, back = _composed(text)
            if composed[0].isspace() or composed.startswith("<"):
                results[i] = _checked([(i, composed, back)], texts, linter, words, known)[0]
            else:
                batch.append((i, composed, back))
    for i, found in zip((i for i, _, _ in batch), _checked(batch, texts, linter, words, known),
                        strict=True):  # fmt: skip
        results[i] = found
    return results


def _checked(
    batch: list[tuple[int, str, list[int] | None]],
    texts: Sequence[str],
    linter: harper.Linter,
    words: set[str],
    known: Callable[[str], bool],
) -> list[tuple[Finding, ...]]:
    if not batch:
        return []
    starts: list[int] = []
    offset = 0
    for _, composed, _ in batch:
        starts.append(offset)
        offset += len(composed) + len(_SEPARATOR)
    joined = _SEPARATOR.join(composed for _, composed, _ in batch)
    lints: list[list[_Lint]] = [[] for _ in batch]
    for rule, found in linter.organized_lints(joined, dedup=False).items():
        for lint in found:
            k = bisect.bisect_right(starts, lint.span.start) - 1
            start, end = lint.span.start - starts[k], lint.span.end - starts[k]
            if lint.lint_kind in _DROPPED_LINT_KINDS or not 0 <= start < end <= len(batch[k][1]):
                continue  # not wanted, or across the blank line between two paragraphs
            lints[k].append(_Lint(rule, lint, start, end))
    results = []
    for (i, composed, back), found in zip(batch, lints, strict=True):
        checked = _findings(composed, found, words, known)
        results.append(checked if back is None else _moved_back(texts[i], checked, back))
    return results


def _findings(
    text: str, lints: list[_Lint], words: set[str], known: Callable[[str], bool]
) -> tuple[Finding, ...]:
    context = _Context(text, known)
    kept = _resolve(text, [lint for lint in lints if _keep(lint, context, words)])
    taken = [(f.start, f.end) for f in kept]
    for own in own_findings(text):
        if not any(own.start < end and start < own.end for start, end in taken):
            kept.append(own)
    kept.sort(key=lambda f: f.start)
    return tuple(kept)


class _Context:
    """What the filters need to know about the paragraph, computed once and only if asked."""

    def __init__(self, text: str, known: Callable[[str], bool]) -> None:
        self.text = text
        self.known = known
        self._starts: set[int] | None = None
        self._lowercase: bool | None = None

    @property
    def sentence_starts(self) -> set[int]:
        """Where sentences start, as the style checker sees them (not before a lower-case word)."""
        if self._starts is None:
            spans = split_sentences(self.text)
            self._starts = {s.start for s in spans} | {content_start(self.text)}
        return self._starts

    @property
    def lowercase(self) -> bool:
        """The writer does not capitalise: at least as many sentences start in lower case as
        in capitals (a note or a chat written in lower case on purpose)."""
        if self._lowercase is None:
            upper = lower = 0
            starts = [content_start(self.text)]
            starts += [m.end() for m in _SENTENCE_END.finditer(self.text)]
            for pos in starts:
                match = _FIRST_WORD.match(self.text, pos)
                if match:
                    upper += match.group(1)[0].isupper()
                    lower += match.group(1)[0].islower()
            self._lowercase = lower >= upper and lower > 0
        return self._lowercase

    def initial(self, pos: int) -> bool:
        while pos > 0 and self.text[pos - 1] in "\"'“‘([*_":
            pos -= 1
        return pos in self.sentence_starts

    def next_word(self, end: int) -> str:
        match = _NEXT_WORD.match(self.text, end)
        return fold(match.group(1)) if match else ""


def _keep(lint: _Lint, context: _Context, words: set[str]) -> bool:
    text, start, end = context.text, lint.start, lint.end
    original = text[start:end]
    rule = lint.rule
    if rule == "SpellCheck":
        return _misspelled(lint, original, context, words)
    if context.lowercase and (
        lint.lint.lint_kind == "Capitalization" or _case_only(lint, original)
    ):
        return False  # "i", "monday" and sentence starts in a paragraph written in lower case
    if rule == "SentenceCapitalization":
        before = text[:start].rstrip()
        token = re.search(r"([\w.]+)\.$", before)
        return not (token and token.group(1).lower() in _ABBREVIATIONS) and not before.endswith(
            ("...", "…")
        )  # "Inc. is", "and then… later"
    if rule in ("PronounVerbAgreement", "PronounInflectionBe"):
        # Harper reads the pronoun alone: "Sam and she have" (a compound subject), "what they
        # don't tell you is" (an object).
        return not _NOT_THE_SUBJECT.search(text[:start])
    if rule == "RepeatedWords":
        first = fold(original.split()[0]) if original.split() else ""
        return first not in _MEANT_DOUBLES
    if rule == "ItsPossessive":
        return context.next_word(end) not in ("no", "not")  # "It's no wonder"
    if rule == "TheirToTheyre":
        return context.next_word(end) in _THEYRE_BEFORE  # not "in their offline lives"
    if rule == "MultipleSequentialPronouns":
        return not re.fullmatch(r"(?i)it\s+(?:him|her|me|us|them)", original)  # "give it him"
    if rule == "NominalWants" and fold(original) == "wont":
        return False  # "we wont" is "won't" (our contraction rule), not "want"
    if rule == "MergeWords":
        return not (start and (text[start - 1].isalnum() or text[start - 1] in "'’"))  # "80's hits"
    return True


def _case_only(lint: _Lint, original: str) -> bool:
    """Every suggestion only changes the case of the original ("january" -> "January")."""
    options = [s.replacement_text for s in lint.lint.suggestions]
    return bool(options) and all(o.lower() == original.lower() for o in options)


def _misspelled(lint: _Lint, word: str, context: _Context, words: set[str]) -> bool:
    core = re.sub(r"['’]s?$", "", word)
    folded = fold(core)
    if not core or folded in words or fold(word) in words:
        return False
    text, start = context.text, lint.start
    if any(ch.isdigit() for ch in word) or (start and text[start - 1].isdigit()):
        return False  # "3s", "£2bn"
    if start > 1 and text[start - 1] in "'’" and text[start - 2].isalnum():
        return False  # the end of a contraction or possessive Harper cut short: "80’s"
    if re.match(r"-?\d", text[lint.end : lint.end + 2]):
        return False  # a model or part number: "fx-83"
    if re.fullmatch(r"[A-Za-z]\.", word) or (len(core) > 1 and core.isupper()):
        return False  # an initial, an acronym
    if any(ch.isupper() for ch in core[1:]):
        return False  # "iPad", "McAllister"
    if _in_address(text, start, lint.end):
        return False
    if _compound_part(text, start, lint.end):
        return False  # "sci-fi", "Smart-tek": Harper checks the parts of a compound alone
    if core != word and context.known(core):
        return False  # a possessive of a known word: "another's"
    if core[0].islower() and context.known(core[0].upper() + core[1:]):
        if context.lowercase:
            return False  # a name or a day in a paragraph written in lower case: "sam"
        lint.preferred = word[0].upper() + word[1:]  # "paris" -> "Paris", not "par's"
    if core[0].isupper():
        if not context.initial(start) or re.match(r"\s+[A-Z]", text[lint.end : lint.end + 2]):
            return False  # a name: "Halden Group reported"
        # At the start of a sentence: a slip is one edit from an ordinary word ("Recieve");
        # a name is further off, or nearest another name ("Tomasz" -> "Tomas").
        suggestions = lint.lint.suggestions
        nearest = fold(suggestions[0].replacement_text) if suggestions else ""
        return bool(nearest) and _edit_distance(folded, nearest) <= 1 and context.known(nearest)
    return True


def _in_address(text: str, start: int, end: int) -> bool:
    """The word is part of a path, an address or an identifier: "example.org/abc", "a_b"."""
    chunk = _CHUNK_BEFORE.search(text, 0, start).group() + _CHUNK_AFTER.match(text, end).group()
    return any(mark in chunk for mark in ("/", "\\", "@", "_", "=", "://"))


def _compound_part(text: str, start: int, end: int) -> bool:
    """The word is a short part of a hyphenated compound, or one joined to a capitalised part."""
    before = re.search(r"([^\W\d_]+)-$", text[max(0, start - 30) : start])
    after = re.match(r"-([^\W\d_]+)", text[end : end + 30])
    if not before and not after:
        return False
    if end - start <= 3:
        return True
    return any(m and m.group(1)[0].isupper() for m in (before, after))


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _resolve(text: str, lints: list[_Lint]) -> list[Finding]:
    """One finding per span: lints on the same span merge (the higher-ranked one leads, a
    misspelling and a missing capital on one word become one capitalised spelling fix), and of
    overlapping spans the one Harper ranks higher stays."""
    by_span: dict[tuple[int, int], list[_Lint]] = {}
    for lint in lints:
        by_span.setdefault((lint.start, lint.end), []).append(lint)
    groups = []
    for group in by_span.values():
        if len(group) > 1:
            group.sort(key=lambda lint: (lint.rule == "SentenceCapitalization", lint.priority))
        groups.append(group)
    if len(groups) > 1:
        groups.sort(key=lambda g: (g[0].priority, g[0].start - g[0].end, g[0].start))
    kept: list[Finding] = []
    for group in groups:
        lead = group[0]
        if any(lead.start < f.end and f.start < lead.end for f in kept):
            continue
        kept.append(_finding(text, group))
    return kept


def _finding(text: str, group: list[_Lint]) -> Finding:
    lead = group[0]
    original = text[lead.start : lead.end]
    capitalise = any(lint.rule == "SentenceCapitalization" for lint in group[1:])
    options = [lead.preferred] if lead.preferred else []
    for lint in group:
        if lint.rule == "SentenceCapitalization" and capitalise:
            continue
        for suggestion in lint.lint.suggestions:
            if suggestion.kind == harper.SuggestionKind.REMOVE:
                option = ""
            elif suggestion.kind == harper.SuggestionKind.INSERT_AFTER:
                option = original + suggestion.replacement_text
            else:
                option = suggestion.replacement_text
            if capitalise and option:
                option = option[0].upper() + option[1:]
            if option != original:
                options.append(option)
    alternatives = tuple(dict.fromkeys(options))
    return Finding(
        lead.start,
        lead.end,
        original,
        alternatives[0] if alternatives else None,
        lead.kind,
        _plain(lead.lint.message),
        f"harper:{lead.rule}",
        alternatives,
    )


def _composed(text: str) -> tuple[str, list[int] | None]:
    """The text in Unicode's composed form (Harper splits a word at a combining accent), and
    for each of its offsets the offset in `text`; None when the text is composed already."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    back: list[int] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and unicodedata.combining(text[end]):
            continue  # a cluster is a character and the accents that follow it
        cluster = unicodedata.normalize("NFC", text[start:end])
        parts.append(cluster)
        back += [start] * len(cluster)
        start = end
    back.append(len(text))
    return "".join(parts), back


def _moved_back(text: str, found: tuple[Finding, ...], back: list[int]) -> tuple[Finding, ...]:
    moved = []
    for f in found:
        start, end = back[f.start], back[f.end]
        moved.append(dataclasses.replace(f, start=start, end=end, original=text[start:end]))
    return tuple(moved)


def _plain(message: str) -> str:
    """Harper's message as a plain sentence: `code` quotes become curly quotes."""
    message = _BACKTICKED.sub(lambda m: f"“{m.group(1)}”", message.strip())
    return message if message.endswith((".", "?", "!")) else message + "."
