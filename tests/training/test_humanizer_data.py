"""The rewriter's training data (training/humanizer/data) against the app's own checks, and the
checks themselves on planted faults. Needs no training environment: the checks are the app's
rules (training/humanizer/checks.py)."""

from __future__ import annotations

import re

import pytest

from app.llm import adapter_prompt
from training.humanizer import checks
from training.humanizer.pairs import (
    HELD_OUT_SHARE,
    TONES,
    DataError,
    Pair,
    duplicate_ids,
    load_pairs,
    parse,
    split,
)

PAIRS = load_pairs()
TRAIN, HELD_OUT = split(PAIRS)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def pair(source: str, target: str, type: str = "humanize") -> Pair:
    return Pair("t-1", "topic", "blog", "Natural", type, (), source, target, "test")


def test_the_data_has_both_kinds_of_pair_in_every_tone():
    assert len(PAIRS) >= 600
    assert {p.type for p in PAIRS} == {"humanize", "keep"}
    assert {p.tone for p in PAIRS} == set(TONES) == set(adapter_prompt.TONES)


def test_ids_are_unique():
    assert duplicate_ids(PAIRS) == []


def test_a_broken_line_is_refused_with_its_place():
    with pytest.raises(DataError, match="pairs-x.jsonl:3: missing target"):
        parse('{"id": "x", "topic": "t", "register": "r", "tone": "Warm", "type": "keep", '
              '"patterns": [], "source": "s"}', "pairs-x.jsonl:3")
    with pytest.raises(DataError, match="unknown tone"):
        parse('{"id": "x", "topic": "t", "register": "r", "tone": "Loud", "type": "keep", '
              '"patterns": [], "source": "s", "target": "s"}', "pairs-x.jsonl:4")


def test_the_held_out_split_shares_no_topic_with_training():
    assert {p.topic for p in TRAIN}.isdisjoint({p.topic for p in HELD_OUT})
    topics = {p.topic for p in PAIRS}
    assert len({p.topic for p in HELD_OUT}) == round(HELD_OUT_SHARE * len(topics))
    assert {p.type for p in HELD_OUT} == {"humanize", "keep"}


def test_the_split_does_not_depend_on_the_order_of_the_rows():
    assert {p.id for p in split(PAIRS[::-1])[1]} == {p.id for p in HELD_OUT}


def test_no_held_out_target_repeats_a_training_target():
    # A topic renamed between files would leak its pairs across the split; it would show as
    # shared eight-word runs (the sources share stock phrases on purpose, the targets do not).
    def runs(text: str) -> set[tuple[str, ...]]:
        words = [w.lower() for w in _WORD.findall(text)]
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    seen = set().union(*(runs(p.target) for p in TRAIN))
    assert [p.id for p in HELD_OUT if runs(p.target) & seen] == []


def test_every_target_passes_the_apps_rules_and_keeps_the_content():
    failing = {p.id: reasons for p in PAIRS if (reasons := checks.problems(p))}
    assert failing == {}


def test_no_target_adds_a_spelling_or_grammar_problem():
    correctness, why_not = checks.correctness_checker()
    if correctness is None:
        pytest.skip(why_not)
    failing = {}
    for p in PAIRS:
        reasons = [r for r in checks.problems(p, correctness) if "spelling or grammar" in r]
        if reasons:
            failing[p.id] = reasons
    assert failing == {}


@pytest.mark.parametrize(("source", "target", "reason"), [
    ("The hall opens at 9 a.m. on Monday.", "The hall opens on Monday.", "drops the number 9"),
    ("We meet with Priya on Monday.", "We meet on Monday.", "drops the name Priya"),
    ("The fee does not cover parking.", "The fee covers parking.", "loses a negation"),
    ("Tickets cost $10.", "Tickets cost $12.", "adds the number 12"),
    ("The café opens early.", "The café opens early.", "humanize target is the source"),
])
def test_the_content_check_catches_what_a_rewrite_must_not_lose(source, target, reason):
    assert any(r.startswith(reason) for r in checks.problems(pair(source, target)))


def test_a_stock_line_dropped_whole_may_take_its_negation_with_it():
    source = "The library opens at 9 a.m. on Saturday. Don't miss this amazing chance!"
    assert checks.problems(pair(source, "The library opens at 9 a.m. on Saturday.")) == []


def test_sentence_openers_and_title_case_headings_are_not_names():
    source = "# The Ultimate Guide to Market Mornings\n\nStalls open at 7. Visitors come early."
    target = "# Market mornings\n\nThe stalls open at 7, and people come early."
    assert checks.problems(pair(source, target)) == []


def test_a_target_with_a_machine_finding_fails():
    reasons = checks.problems(pair("We look into the data today.",
                                   "We delve into the data today."))
    assert any("machine finding: ai_tell" in r for r in reasons)


def test_a_keep_pair_may_change_a_word_but_not_rewrite_the_paragraph():
    text = "Three of us walked to the lake on Sunday and swam until the rain came."
    assert checks.problems(pair(text, text.replace("walked", "went"), "keep")) == []
    rewritten = "On Sunday three of us went down to the lake for a swim before the rain."
    assert any("keep target changes" in r for r in checks.problems(pair(text, rewritten, "keep")))
