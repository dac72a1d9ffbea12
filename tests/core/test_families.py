"""Families and goals: which suggestions each goal shows, and that the Humanize goal never
flags the marks of a person's voice."""

from __future__ import annotations

import pytest

from app.cli import rule_suggestions
from app.core.analysis.families import (
    CORRECTNESS_KINDS,
    EDITING_KINDS,
    GOALS,
    MACHINE_KINDS,
    family_of,
    kinds_for_goal,
    shown_in_goal,
)
from app.core.analysis.style import KINDS

VOICE = [
    "I think it's really just fine, honestly.",
    "I mean, who even does that? Not me!",
    "So we went anyway. Big mistake. Huge.",
    "Y'all ain't gonna believe this, but the cat's back.",
    "Honestly? I kinda loved it, and I'd totally go again.",
    "Well, that was fun. Sort of.",
]


def test_every_kind_has_one_family():
    assert set(MACHINE_KINDS).isdisjoint(EDITING_KINDS)
    assert {family_of(k) for k in KINDS} == {"machine", "editing"}
    assert {family_of(k) for k in CORRECTNESS_KINDS} == {"correctness"}
    assert family_of("rewrite") == "machine" and family_of("monotony") == "machine"


@pytest.mark.parametrize("goal", GOALS)
def test_correctness_shows_in_every_goal(goal):
    assert all(shown_in_goal(goal, k) for k in CORRECTNESS_KINDS)


def test_goals_choose_families():
    assert shown_in_goal("humanize", "ai_tell") and not shown_in_goal("humanize", "filler")
    assert shown_in_goal("humanize", "wordy", typical=True)
    assert not shown_in_goal("edit", "ai_tell") and shown_in_goal("edit", "filler")
    assert shown_in_goal("all", "ai_tell") and shown_in_goal("all", "filler")
    assert "filler" not in kinds_for_goal("humanize", KINDS)
    assert "wordy" in kinds_for_goal("humanize", KINDS)  # for its typical entries
    assert "ai_tell" not in kinds_for_goal("edit", KINDS)


@pytest.mark.parametrize("text", VOICE)
def test_the_humanize_goal_never_flags_a_persons_voice(text):
    assert rule_suggestions(text, goal="humanize") == []


def test_the_edit_goal_still_tightens_prose_when_asked():
    kinds = {s["kind"] for s in rule_suggestions(VOICE[0], goal="edit")}
    assert "filler" in kinds


def test_typical_editing_phrases_show_in_the_humanize_goal():
    found = rule_suggestions("We utilize the tools in order to win.", goal="humanize")
    assert [(s["original"], s["family"]) for s in found] == [("utilize", "editing")]
