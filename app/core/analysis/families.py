"""Families of suggestions and the goals that choose between them.

Every suggestion belongs to one family:
* machine: sounds machine-made. Stock vocabulary (ai_tell), inflated significance, puffery,
  formulaic openers and closers, chatbot leftovers, copula avoidance, the structural patterns
  of patterns.py, monotonous rhythm, and the model's own rewrites and fixes.
* editing: tighter, clearer prose. Filler, adverbs, passive voice, hard sentences, wordiness,
  repetition, inclusive language, idioms.
* correctness: spelling, grammar, punctuation and typos.

The writer picks a goal (panel, Preferences, `check --goal`):
* humanize (the default): the machine family, correctness, and only those editing findings
  that are themselves typical of generated prose (lexicon entries marked `typical`). The marks
  of a person's voice ("I think", "really", "just", contractions, fragments, exclamations,
  rhetorical questions) are editing matters at most, so this goal never flags them.
* edit: the editing family and correctness (tightening prose is a separate goal).
* all: everything.
The gauges never depend on the goal.
"""

from __future__ import annotations

MACHINE, EDITING, CORRECTNESS = "machine", "editing", "correctness"
FAMILIES = (MACHINE, EDITING, CORRECTNESS)
GOALS = ("humanize", "edit", "all")
GOAL_LABELS = {"humanize": "Humanize", "edit": "Edit", "all": "All"}

# Kinds found by lexicons (lexicon.py) and by the structural detectors (patterns.py).
MACHINE_PHRASE_KINDS = ("ai_tell", "significance", "puffery", "formulaic", "chatbot",
                        "copula_avoidance")
EDITING_PHRASE_KINDS = ("wordy", "inclusive", "idiom", "filler")
PATTERN_KINDS = (
    "negative_parallelism", "rule_of_three", "trailing_analysis", "vague_attribution",
    "em_dash", "heading_case", "bold_lead_in", "synonym_cycling",
)  # fmt: skip
MACHINE_KINDS = (*MACHINE_PHRASE_KINDS, *PATTERN_KINDS, "monotony", "predictable", "voice",
                 "rewrite", "fix", "feeling")
EDITING_KINDS = ("wordy", "filler", "passive", "adverb", "hard_sentence", "very_hard_sentence",
                 "repetition", "inclusive", "idiom", "telling")
CORRECTNESS_KINDS = ("spelling", "grammar", "punctuation", "typo")
_FAMILY = (dict.fromkeys(MACHINE_KINDS, MACHINE) | dict.fromkeys(EDITING_KINDS, EDITING)
           | dict.fromkeys(CORRECTNESS_KINDS, CORRECTNESS))


def family_of(kind: str) -> str:
    """The family of a kind; kinds this version does not know count as editing."""
    return _FAMILY.get(kind, EDITING)


def shown_in_goal(goal: str, kind: str, typical: bool = False) -> bool:
    """Whether a suggestion of `kind` is shown in `goal` (`typical`: an editing finding that
    is itself typical of generated prose)."""
    family = family_of(kind)
    if goal == "all" or family == CORRECTNESS:
        return True
    if goal == "edit":
        return family == EDITING
    return family == MACHINE or typical


def kinds_for_goal(goal: str, kinds: frozenset[str] | tuple[str, ...]) -> frozenset[str]:
    """Which of `kinds` a checker must run for `goal`: in humanize, the editing kinds too
    (their typical findings are kept, the rest filtered out by shown_in_goal)."""
    if goal == "edit":
        return frozenset(k for k in kinds if family_of(k) != MACHINE)
    if goal == "humanize":
        return frozenset(k for k in kinds if family_of(k) != EDITING or k in _TYPICAL_CAPABLE)
    return frozenset(kinds)


# Editing kinds that can produce typical findings (lexicon kinds with `typical` entries).
_TYPICAL_CAPABLE = frozenset({"wordy"})
