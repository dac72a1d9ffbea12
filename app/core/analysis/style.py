"""Fast rule checks on one paragraph: stock AI phrases and the other machine habits (inflated
significance, puffery, formulaic openers, chatbot leftovers, copula avoidance, the structural
patterns of patterns.py), wordiness, filler, non-inclusive terms, idioms, passive voice,
adverbs, repeated words, hard sentences and monotonous rhythm. Which of them a writer sees
depends on the goal (families.py).

`StyleChecker.check_paragraph` runs on every keystroke for the edited paragraph, so the costly
part happens once, when the checker is built: the lexicons become one trie keyed by word (see
lexicon.py). A paragraph is cut into words and sentences once, and each rule is one pass.

The rules that need no phrase list (passive voice, adverbs, repetition, hard sentences,
monotony) live in style_rules.py, which says how each one decides.

Spans never overlap, except that the structural patterns of patterns.py (which can span a
clause or a sentence) are a layer of their own over the others; among themselves they do not
overlap either. The other candidates are placed in three tiers, each only where the earlier
tiers left room: (1) lexicon phrases, longest first, then by kind (the machine kinds, wordy,
inclusive, idiom, filler); (2) adverbs, passives and repeated words, by kind (in that order)
then length; a passive that collides falls back to its participle alone; (3) hard sentences
and monotony runs.
Tier 3 covers whole sentences, so it shows once the word-level findings inside are dealt with.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from pathlib import Path

from app.core.analysis.families import MACHINE_PHRASE_KINDS, PATTERN_KINDS
from app.core.analysis.lexicon import (
    PHRASE_KINDS,
    LexiconEntry,
    Lexicons,
    PhraseVariant,
    deletion,
    fold,
    load_lexicons,
    match_case,
)
from app.core.analysis.patterns import machine_patterns
from app.core.analysis.style_rules import (
    Candidate,
    Finding,
    GrammarRules,
    Paragraph,
    hard_sentences,
    monotony,
)
from app.core.analysis.telling import telling

__all__ = ["KINDS", "KIND_LABELS", "Finding", "StyleChecker"]

KINDS: tuple[str, ...] = (
    *MACHINE_PHRASE_KINDS, *PATTERN_KINDS, "monotony",
    "wordy", "filler", "passive", "adverb", "hard_sentence", "very_hard_sentence",
    "repetition", "inclusive", "idiom", "telling",
)  # fmt: skip
KIND_LABELS: dict[str, str] = {
    "ai_tell": "AI tell",
    "significance": "Inflated significance",
    "puffery": "Puffery",
    "formulaic": "Formulaic opener or closer",
    "chatbot": "Chatbot leftover",
    "copula_avoidance": "Copula avoidance",
    "negative_parallelism": "Not X, but Y",
    "rule_of_three": "Rule of three",
    "trailing_analysis": "Trailing analysis",
    "vague_attribution": "Vague attribution",
    "em_dash": "Em dashes",
    "heading_case": "Title-case heading",
    "bold_lead_in": "Bold lead-in",
    "synonym_cycling": "Synonym cycling",
    "wordy": "Wordy",
    "filler": "Filler",
    "passive": "Passive voice",
    "adverb": "Adverb",
    "hard_sentence": "Hard sentence",
    "very_hard_sentence": "Very hard sentence",
    "repetition": "Repetition",
    "monotony": "Monotony",
    "inclusive": "Inclusive language",
    "idiom": "Idiom",
    "spelling": "Spelling",
    "grammar": "Grammar",
    "punctuation": "Punctuation",
    "typo": "Typo",
    "predictable": "Predictable",
    "voice": "Not your voice",
    "fix": "Fix",
    "feeling": "Make it feel",
    "telling": "Telling, not showing",
}


def kind_label(kind: str) -> str:
    """What the writer sees for a kind, the model's rewrites included."""
    if kind == "rewrite":
        return "Rewrite"
    return KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()
# Which finding wins where two overlap (see the module docstring).
_WORD_RULES = ("adverb", "passive", "repetition")
_SENTENCE_RULES = ("very_hard_sentence", "hard_sentence", "monotony", "telling")
_PRIORITY = {kind: rank for rank, kind in enumerate(PHRASE_KINDS + _WORD_RULES + _SENTENCE_RULES)}
_TIER = {kind: 0 for kind in PHRASE_KINDS} | dict.fromkeys(_WORD_RULES, 1)
_TIER |= dict.fromkeys(_SENTENCE_RULES, 2)


class StyleChecker:
    """Immutable once built, so threads may share it; each thread keeps its own memo."""

    MEMO = 16  # paragraphs whose candidates a thread remembers (the edited one, mostly)

    def __init__(self, lexicon_dir: Path | None = None) -> None:
        if lexicon_dir is None:
            from app.paths import resource_path

            lexicon_dir = resource_path("lexicons")
        self.lexicons: Lexicons = load_lexicons(lexicon_dir)
        self._rules = GrammarRules(self.lexicons.words)
        self._local = threading.local()
        self.computed = 0  # paragraphs cut up and run through every rule (tests count it)

    def check_paragraph(
        self,
        text: str,
        kinds: frozenset[str] | None = None,
        ignored: frozenset[str] = frozenset(),
    ) -> tuple[Finding, ...]:
        """Findings for one paragraph, sorted by start, spans never overlapping.

        A pure function of its inputs. `kinds` limits the checks (None: all); `ignored` holds
        folded phrases (lowercase, straight apostrophes) to skip: a finding is skipped when its
        matched text, its full original or its lexicon entry's phrase is among them.

        Every rule runs once per paragraph text: the candidates of all kinds are remembered
        for the last MEMO paragraphs of this thread, so the gauges and the review, asking for
        different kinds of the same edited paragraph, share one pass.
        """
        if not text.strip():
            return ()
        wanted = frozenset(KINDS) if kinds is None else kinds
        found, patterns = self._candidates(text)
        found = [c for c in found if c.finding.kind in wanted]
        patterns = [c for c in patterns if c.finding.kind in wanted]
        if ignored:
            found = [c for c in found if ignored.isdisjoint(c.keys)]
            patterns = [c for c in patterns if ignored.isdisjoint(c.keys)]
        resolved = _resolve(found)
        if not patterns:
            return resolved
        return tuple(sorted(resolved + _resolve_layer(patterns), key=lambda f: (f.start, f.end)))

    def _candidates(self, text: str) -> tuple[list[Candidate], list[Candidate]]:
        memo: OrderedDict | None = getattr(self._local, "memo", None)
        if memo is None:
            memo = self._local.memo = OrderedDict()
        hit = memo.get(text)
        if hit is not None:
            memo.move_to_end(text)
            return hit
        every = frozenset(KINDS)
        para = Paragraph(text)
        found = self._phrases(para, every)
        found += self._rules.passives(para)
        found += self._rules.adverbs(para)
        found += self._rules.repetitions(para)
        found += hard_sentences(para, every)
        found += monotony(para)
        found += telling(text)
        result = (found, machine_patterns(para, every))
        self.computed += 1
        memo[text] = result
        if len(memo) > self.MEMO:
            memo.popitem(last=False)
        return result

    # --- lexicon phrases ------------------------------------------------------------------

    def _phrases(self, para: Paragraph, wanted: frozenset[str]) -> list[Candidate]:
        words, last = para.words, len(para.words) - 1
        found = []
        trie = self.lexicons.trie
        for i, word in enumerate(words):
            node, cut = trie.get(word), 0
            if node is None:
                if not word.endswith("'s"):
                    continue
                node, cut = _step(trie, word)
            j = i
            while node is not None:
                children, terminals = node
                for variant in terminals:
                    entry = variant.entry
                    if entry.kind not in wanted or (
                        i and entry.unless_after and words[i - 1] in entry.unless_after
                    ) or (entry.at_start and not para.initial(para.starts[i])):
                        continue
                    found.append(_phrase_candidate(para, i, j, variant, cut))
                if cut or not children or j == last:
                    break  # a possessive ends a phrase: "the chairman's"
                sep = para.separator(j)
                j += 1
                node, cut = _step(children, words[j], sep)
        return found


# --- building phrase findings --------------------------------------------------------------


def _step(nodes: dict, word: str, sep: str | None = None) -> tuple[tuple | None, int]:
    """The trie node for a word (keyed with its separator below the root), and how many
    characters of a possessive "'s" the match leaves out."""
    node = nodes.get(word if sep is None else (sep, word))
    if node is None and word.endswith("'s"):
        stem = word[:-2]
        return nodes.get(stem if sep is None else (sep, stem)), 2
    return node, 0


def _phrase_candidate(
    para: Paragraph, i: int, j: int, variant: PhraseVariant, cut: int
) -> Candidate:
    text = para.text
    core_start, core_end = para.starts[i], para.ends[j] - cut
    core = text[core_start:core_end]
    entry: LexiconEntry = variant.entry
    initial = para.initial(core_start)
    cased = [match_case(core, entry.capitalised, r) for r in variant.replacements]

    def fitted(start: int, end: int, primary: str) -> Finding:
        before, after = text[start:core_start], text[core_end:end]
        options = [primary] + [before + r + after for r in cased[1:]]
        return Finding(
            start,
            end,
            text[start:end],
            primary,
            entry.kind,
            entry.reason,
            entry.source,
            tuple(dict.fromkeys(options)),
            entry.typical,
        )

    fallback = None
    if cased[0] == "":
        finding = fitted(*deletion(text, core_start, core_end, initial, core[0].isupper()))
        if initial and finding.replacement:
            # "Moreover, we" -> "We" reaches into the next word, where another phrase may start;
            # "Moreover, " -> "" is the version that leaves it free.
            fallback = fitted(*deletion(text, core_start, core_end, initial, False))
    else:
        finding = fitted(core_start, core_end, cased[0])
    keys = (variant.text, entry.canonical, fold(" ".join(finding.original.split())))
    return Candidate(finding, keys, fallback, core_end - core_start)


def _resolve(candidates: list[Candidate]) -> tuple[Finding, ...]:
    """Keep a non-overlapping set, in the order described in the module docstring."""
    placed = _Placed()
    phrases, rules = [], []
    for c in candidates:
        (phrases if _TIER[c.finding.kind] == 0 else rules).append(c)
    # Phrases are placed by the length of what they matched, each in its narrow form first, so
    # a deletion reaching into the next word cannot push out a phrase that starts there.
    phrases.sort(key=lambda c: (-c.length, _PRIORITY[c.finding.kind], c.finding.start))
    kept = [c for c in phrases if placed.add(c.fallback or c.finding)]
    for c in kept:
        if c.fallback is not None:
            placed.widen(c.fallback, c.finding)
    rules.sort(
        key=lambda c: (
            _TIER[c.finding.kind],
            _PRIORITY[c.finding.kind],
            c.finding.start - c.finding.end,
            c.finding.start,
        )
    )
    for c in rules:
        if not placed.add(c.finding) and c.fallback is not None:
            placed.add(c.fallback)
    return tuple(placed.findings)


def _resolve_layer(candidates: list[Candidate]) -> tuple[Finding, ...]:
    """Structural patterns among themselves: the longest first, none overlapping."""
    placed = _Placed()
    for c in sorted(candidates, key=lambda c: (c.finding.start - c.finding.end,
                                               c.finding.start)):
        placed.add(c.finding)
    return tuple(placed.findings)


class _Placed:
    """Findings kept so far, sorted by start, none overlapping."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.findings: list[Finding] = []

    def add(self, finding: Finding) -> bool:
        k = bisect.bisect_right(self.starts, finding.start)
        if (k and self.ends[k - 1] > finding.start) or (
            k < len(self.starts) and self.starts[k] < finding.end
        ):
            return False
        self.starts.insert(k, finding.start)
        self.ends.insert(k, finding.end)
        self.findings.insert(k, finding)
        return True

    def widen(self, old: Finding, new: Finding) -> None:
        """Replace old by new (same start, longer) if nothing else is in the way."""
        k = self.findings.index(old)
        if k + 1 < len(self.starts) and self.starts[k + 1] < new.end:
            return
        self.ends[k] = new.end
        self.findings[k] = new
