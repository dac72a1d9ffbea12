"""Targeted-fix candidates built from the rules' findings (fixes.py) and the checks every
model-backed suggestion passes (fix_checks.py). No model here: tests/llm/test_fixer.py has the
ranking with the real one."""

from __future__ import annotations

import pytest

from app.core.analysis.families import MACHINE_KINDS
from app.core.analysis.incremental import shared_style_checker
from app.core.fix_checks import check_candidate
from app.core.fixes import sentence_fixes, tidy

CHECKER = shared_style_checker()
MACHINE = frozenset(MACHINE_KINDS)


def rules(text):
    return CHECKER.check_paragraph(text, MACHINE)


def candidates(text):
    return {c.text for fix in sentence_fixes(text, rules(text)) for c in fix.candidates}


@pytest.mark.parametrize(("text", "expected"), [
    ("We delve into the data.", "We look into the data."),
    ("Moreover, we ship on Friday.", "We ship on Friday."),
    ("The hall serves as a café for the village.", "The hall is a café for the village."),
    ("The town rebuilt the old bridge, highlighting its commitment to the future.",
     "The town rebuilt the old bridge."),
    ("Travel is a journey of discovery, adventure, and self-reflection.",
     "Travel is a journey of discovery."),
    ("Remote work isn't just a trend; it's a new way of living.",
     "Remote work is a new way of living."),
    ("It's not a bug, it's a feature of the design.", "It's a feature of the design."),
    ("These trips not only test our patience but also teach us to plan.",
     "These trips test our patience and teach us to plan."),
    ("Experts say that sleep matters more than diet.", "Sleep matters more than diet."),
    ("Lisbon wakes early. The city fills with trams by eight, the metropolis hums by noon, and "
     "the urban centre empties at dusk.",
     "The city fills with trams by eight, the city hums by noon, and the urban centre empties "
     "at dusk."),
])
def test_each_pattern_builds_its_plain_version(text, expected):
    assert expected in candidates(text)


def test_several_findings_in_one_sentence_combine():
    found = candidates("In today's fast-paced world, we delve into data.")
    assert "These days, we look into data." in found  # both fixed at once
    assert "In today's fast-paced world, we look into data." in found  # one of them


def test_a_closing_summary_sentence_may_go():
    text = "Repair cafés fix toasters. They save money. Overall, they save money and toasters."
    fixes = sentence_fixes(text, rules(text))
    assert "" in {c.text for c in fixes[-1].candidates}


def test_a_human_sentence_gets_no_candidates():
    assert sentence_fixes("I think it's really just fine, honestly.",
                          rules("I think it's really just fine, honestly.")) == []


def test_tidy_repairs_what_cutting_leaves():
    assert tidy("we ship ,  on Friday .") == "We ship, on Friday."
    assert tidy("- moreover it works") == "- Moreover it works"
    assert tidy("the plan works,.") == "The plan works."


# --- checks ------------------------------------------------------------------------------


def verdict(paragraph, candidate, sentence=0):
    fix = sentence_fixes(paragraph, rules(paragraph))[sentence]
    return check_candidate(paragraph, fix.start, fix.end, candidate, rules(paragraph),
                           rules)


def test_a_good_fix_passes_and_names_what_it_resolves():
    v = verdict("We delve into the data on 3 May.", "We look into the data on 3 May.")
    assert v.ok and [f.kind for f in v.resolved] == ["ai_tell"]


@pytest.mark.parametrize(("candidate", "reason"), [
    ("We delve into the data on 3 May.", "resolves no finding"),
    ("We look into the data.", "drops 3"),
    ("We look into the data on 3 May, a testament to care.", "adds"),
    ("We look into the figures on 3 May.", "drops “data”"),
])
def test_each_check_rejects_a_bad_candidate(candidate, reason):
    v = verdict("We delve into the data on 3 May.", candidate)
    assert not v.ok and any(reason in r for r in v.reasons), v.reasons


def test_names_and_negations_are_kept():
    v = verdict("Moreover, Dana did not delve into it.", "Dana looked into it.")
    assert not v.ok and "loses a negation" in v.reasons


def test_headings_stay_headings_without_a_full_stop():
    text = "## Unraveling the Tapestry of the World"
    assert verdict(text, "## Unraveling the tapestry of the world").ok
    v = verdict(text, "Unraveling the tapestry of the world.")
    assert not v.ok and "breaks the heading" in v.reasons


def test_list_items_and_formatting_survive():
    text = "- We **delve into** the [data](https://example.org)."
    v = verdict(text, "- We **look into** the data.")
    assert not v.ok and "loses formatting" in v.reasons
    assert verdict(text, "- We **look into** the [data](https://example.org).").ok


def test_a_correctness_checker_vetoes_new_mistakes():
    def spelling(text):
        return ["typo"] if "teh" in text else []

    fix = sentence_fixes("We delve into the data.", rules("We delve into the data."))[0]
    bad = check_candidate("We delve into the data.", fix.start, fix.end,
                          "We look into teh data.", rules("We delve into the data."), rules,
                          spelling)
    assert not bad.ok and "adds a spelling or grammar problem" in bad.reasons
