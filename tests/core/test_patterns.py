"""The machine-habit detectors of patterns.py and the new phrase kinds: what each flags, what it
leaves alone (people's writing, the hard cases), and the fixes it offers. Every sentence here
was written for these tests."""

from __future__ import annotations

import pytest

from app.core.analysis.families import MACHINE_KINDS
from app.core.analysis.incremental import shared_style_checker

CHECKER = shared_style_checker()
MACHINE = frozenset(MACHINE_KINDS)


def machine(text: str, kind: str | None = None):
    found = CHECKER.check_paragraph(text, MACHINE)
    return [f for f in found if kind is None or f.kind == kind]


def apply(text: str, finding) -> str:
    return text[: finding.start] + finding.replacement + text[finding.end :]


@pytest.mark.parametrize(("kind", "text"), [
    ("negative_parallelism", "These trips not only test our patience but also teach us to plan."),
    ("negative_parallelism", "Remote work isn't just a trend; it's a new way of living."),
    ("negative_parallelism", "It's not a bug, it's a feature of the design."),
    ("negative_parallelism", "It's not about the money. It's about respect."),
    ("negative_parallelism", "Gardening is not just about plants, but about patience."),
    ("rule_of_three", "Travel is a journey of discovery, adventure, and self-reflection."),
    ("rule_of_three", "Our new app is engaging, informative, and inspiring."),
    ("rule_of_three", "We value innovation, collaboration and growth."),
    ("trailing_analysis", "The town rebuilt the old bridge, highlighting its commitment to the "
                          "future."),
    ("trailing_analysis", "The menu changes weekly, reflecting the chef's love of seasonal food."),
    ("vague_attribution", "Experts say that sleep matters more than diet."),
    ("vague_attribution", "Studies show that walking improves mood."),
    ("vague_attribution", "It is widely believed that breakfast is essential."),
    ("em_dash", "The harbour — old and quiet — waits for the boats — and for the tide."),
    ("heading_case", "## Unraveling the Tapestry of the World"),
    ("bold_lead_in", "- **Stay hydrated:** drink water through the day."),
    ("bold_lead_in", "**Tip:** keep the receipts."),
    ("synonym_cycling", "Lisbon wakes early. The city fills with trams by eight, the metropolis "
                        "hums by noon, and the urban centre empties at dusk."),
    ("copula_avoidance", "The old library serves as a meeting place for the village."),
    ("copula_avoidance", "The hall will serve as the venue for the fair."),
    ("significance", "The new wing is a testament to the town's generosity."),
    ("significance", "The opening marks a significant milestone for the museum."),
    ("puffery", "Nestled in the hills, the breathtaking village is a must-visit."),
    ("formulaic", "Overall, the plan works."),
    ("formulaic", "In today's fast-paced world, planning matters."),
    ("chatbot", "Certainly! Here is a summary of the meeting."),
    ("chatbot", "As of my last update, the shop opens at nine."),
])
def test_machine_habits_are_flagged(kind, text):
    assert machine(text, kind), f"{kind} not found in {text!r}"


@pytest.mark.parametrize("text", [
    # Concrete lists, names, numbers: people's lists of three.
    "We bought eggs, flour and sugar.",
    "We drove through Lisbon, Porto and Faro.",
    "The flag is red, green and blue.",
    # A trailing clause with facts in it, and an ordinary one.
    "The bridge reopened on Monday, ensuring that 4,000 commuters can cross again.",
    "We walked home, talking about the film.",
    "She walked home, reflecting on what he had said.",
    # Attribution with a source.
    "According to the county survey, studies show a 12% drop in traffic.",
    "Dr Amara Chen says the results surprised her team.",
    # A dash or two, and typed double hyphens.
    "The harbour — old and quiet — waits for the boats.",
    "We left early -- too early -- and waited in the rain.",
    # Document titles and sentence-case headings.
    "# The Harbour Report for Spring",
    "## Why we moved to Leeds",
    # Bold without a label, a plain list.
    "- **Warning** the oven is hot",
    "- Take a coat.",
    # The same word for the same thing.
    "The city wakes early. By eight the city is full of trams.",
    # A verb that really means serving.
    "They serve as volunteers at the food bank.",
    # "overall" in the middle of a sentence.
    "The overall cost was lower than we feared.",
    # A person's voice: hedges, intensifiers, a fragment, an exclamation, a question.
    "I think it's really just fine, honestly. Wow! Who knew? Not me.",
    "Not only that, the bus was late.",
])
def test_ordinary_writing_is_left_alone(text):
    assert machine(text) == [], [(f.kind, f.original) for f in machine(text)]


def test_not_only_but_also_gets_a_plain_fix():
    text = "These trips not only test our patience but also teach us to plan."
    (f,) = machine(text, "negative_parallelism")
    assert apply(text, f) == "These trips test our patience and teach us to plan."


def test_a_trailing_clause_is_cut_back_to_the_sentence():
    text = "The town rebuilt the old bridge, highlighting its commitment to the future."
    (f,) = machine(text, "trailing_analysis")
    assert apply(text, f) == "The town rebuilt the old bridge."


def test_title_case_heading_becomes_sentence_case_and_keeps_acronyms():
    text = "## NASA Budget Cuts Explained"
    (f,) = machine(text, "heading_case")
    assert apply(text, f) == "## NASA budget cuts explained"


def test_bold_lead_in_keeps_the_label_without_the_bold():
    text = "- **Stay hydrated:** drink water through the day."
    (f,) = machine(text, "bold_lead_in")
    assert apply(text, f) == "- Stay hydrated: drink water through the day."


def test_em_dashes_become_commas():
    text = "The harbour — old and quiet — waits for the boats — and for the tide."
    found = machine(text, "em_dash")
    assert len(found) == 3
    for f in reversed(found):
        text = apply(text, f)
    assert text == "The harbour, old and quiet, waits for the boats, and for the tide."


@pytest.mark.parametrize(("text", "fixed"), [
    ("The hall serves as a café.", "The hall is a café."),
    ("The hall served as a café.", "The hall was a café."),
    ("The halls serve as cafés in winter.", None),  # no article: left alone
    ("The hall will serve as the venue.", "The hall will be the venue."),
    ("The tower stands as a landmark.", "The tower is a landmark."),
])
def test_copula_fixes_keep_the_tense(text, fixed):
    found = machine(text, "copula_avoidance")
    if fixed is None:
        assert found == []
        return
    (f,) = found
    assert apply(text, f) == fixed


def test_the_hard_case_press_release_stays_mostly_quiet():
    """A real-sounding press release full of stock phrases but with hard facts: its stock
    phrases are flagged (they are stock), but not its structure."""
    text = ("HARBOURSIDE, 3 May 2026 - Ferro Marine today opened its £12m repair yard at "
            "Pier 4, creating 85 jobs. \"This is a proud day for the town,\" said Lena Ortiz, "
            "the company's chief executive.")
    assert machine(text) == []


@pytest.mark.parametrize(("text", "flagged"), [
    ("I felt so sad when the shop closed.", "I felt so sad"),
    ("She was furious about the parking fine.", "She was furious"),
    ("Tom seemed nervous before the match.", "Tom seemed nervous"),
    ("The sad old shop closed on Friday.", None),
    ("I was happy to help with the move.", "I was happy"),
])
def test_telling_not_showing_is_an_editing_matter(text, flagged):
    found = [f for f in CHECKER.check_paragraph(text) if f.kind == "telling"]
    assert [f.original for f in found] == ([flagged] if flagged else [])
    assert all(f.family == "editing" and f.replacement is None for f in found)
