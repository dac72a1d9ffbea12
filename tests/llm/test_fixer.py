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


# A sentence the built-in model finds almost certain (mean surprisal about 1.0 nats, below the
# 1.6 threshold) between two it does not; no rule has a fix for it.
PREDICTABLE = ("Our new garden opened last spring near the station. Whether you are a beginner "
               "or an experienced gardener, there is something for everyone to enjoy. The beds "
               "are tended by volunteers on Saturdays.")
STOCK = PREDICTABLE[PREDICTABLE.index("Whether") : PREDICTABLE.index(" The beds")]


def offering(*wordings):
    """A fixed proposer in the adapter's place: the judging under test is the real model's."""
    asked = []

    def propose(sentence):
        asked.append(sentence.original)
        return list(wordings)

    propose.asked = asked
    return propose


def test_a_predictable_sentence_is_redrafted_when_a_wording_passes(fixer):
    wording = "Beginner or experienced, every gardener will find something here to enjoy."
    propose = offering(wording)
    fixes = fixer.fix_paragraph(PREDICTABLE, extra=propose)
    assert propose.asked == [STOCK]  # only the predictable sentence is redrafted
    [fix] = [f for f in fixes if "predictable" in f.kinds]
    assert (fix.original, fix.replacement, fix.drafted) == (STOCK, wording, True)
    assert PREDICTABLE[fix.start : fix.end] == STOCK
    assert -fix.fluency >= 1.6 > -fix.original_fluency  # no longer predictable


@pytest.mark.parametrize("wording", [
    "The tomatoes were huge this year.",  # another sentence: the meaning is gone
    "Whether you're a beginner or an experienced gardener, there's something for everyone "
    "to enjoy.",  # barely changed: still what a model would write
    "",
])
def test_a_redraft_that_fails_a_check_is_not_offered(fixer, wording):
    fixes = fixer.fix_paragraph(PREDICTABLE, extra=offering(wording))
    assert not [f for f in fixes if "predictable" in f.kinds]


def test_without_the_adapter_predictable_sentences_get_no_fix(fixer):
    assert not [f for f in fixer.fix_paragraph(PREDICTABLE) if "predictable" in f.kinds]
