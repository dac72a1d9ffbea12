"""Targeted fixes ranked by the real model: every fix offered resolves a finding, keeps the
content and adds no new habit; a person's paragraph gets none."""

from __future__ import annotations

import threading

import pytest

from app.core.analysis.incremental import shared_style_checker
from app.core.fix_checks import check_candidate
from app.llm.fixer import Fixer
from app.llm.scorer import Scorer

MACHINE = [
    "In today's fast-paced world, we delve into the data every morning.",
    "The old library serves as a hub for the village, highlighting its commitment to reading.",
    "Remote work isn't just a trend; it's a new way of living for our team of twelve.",
    "Travel is a journey of discovery, adventure, and self-reflection.",
]
HUMAN = "I think the bus was late again, honestly. Twenty minutes! I just walked in the end."


@pytest.fixture(scope="module")
def fixer(engine):
    scorer = Scorer(engine)
    yield Fixer(scorer, shared_style_checker())
    scorer.close()


@pytest.mark.parametrize("paragraph", MACHINE)
def test_each_machine_sentence_gets_a_fix_that_passes_the_checks(fixer, paragraph):
    fixes = fixer.fix_paragraph(paragraph)
    assert fixes, "the rules offer candidates for every one of these sentences"
    for fix in fixes:
        assert paragraph[fix.start : fix.end] == fix.original != fix.replacement
        assert fix.replacement in fix.alternatives and fix.reasons
        verdict = check_candidate(paragraph, fix.start, fix.end, fix.replacement,
                                  fixer.rules(paragraph), fixer.rules)
        assert verdict.ok, verdict.reasons


def test_a_persons_paragraph_gets_no_fix(fixer):
    assert fixer.fix_paragraph(HUMAN) == []


def test_cancel_stops_the_judging(fixer):
    cancel = threading.Event()
    cancel.set()
    assert fixer.fix_paragraph(MACHINE[0], cancel=cancel) is None
