"""The quality gate on planted junk and on faithful rewrites (several taken from real Gemma 3
270M output collected while tuning it)."""

from __future__ import annotations

import pytest

from app.core.gate import best, judge

ORIGINAL = (
    "It is important to note that the quarterly report will be delayed due to unforeseen "
    "circumstances."
)


@pytest.mark.parametrize(
    ("original", "candidate"),
    [
        (ORIGINAL, "The quarterly report will be delayed due to unforeseen circumstances."),
        (ORIGINAL, "Heads-up: the quarterly report is delayed because something unexpected "
                   "came up."),
        ("Please be advised that the office will be closed on Monday for maintenance purposes.",
         "The office is closed on Monday for maintenance."),
        ("Our comprehensive onboarding process is designed to seamlessly integrate new employees "
         "into the team.",
         "Our onboarding process is designed to make sure new employees are fully integrated "
         "with the team."),
        ("At this point in time, we are currently in the process of reviewing your application.",
         "We're reviewing your application."),
        ("Die Besprechung wurde aufgrund unvorhergesehener Umstände auf Donnerstag verschoben.",
         "Die Besprechung ist wegen unvorhergesehener Umstände auf Donnerstag verschoben."),
    ],
)  # fmt: skip
def test_faithful_rewrites_pass(original, candidate):
    tone = "Concise" if "reviewing" in candidate else "Natural"
    result = judge(original, candidate, tone)
    assert result.ok, result.reasons
    assert 0 < result.score <= 1 and result.reasons == ()


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (ORIGINAL.upper(), "same as the original"),
        ("Here is a rewritten version: the quarterly report will be delayed due to unforeseen "
         "circumstances.", "talks about"),
        ("Sure! The quarterly report will be delayed due to unforeseen circumstances.", "talks"),
        ("As an AI, I think the quarterly report will be delayed by unforeseen circumstances.",
         "talks"),
        ("Rewrite: the quarterly report will be delayed due to unforeseen circumstances.",
         "talks"),
        ("Le rapport trimestriel sera retardé en raison de circonstances imprévues.",
         "different language"),
        ("Квартальный отчёт задерживается из-за непредвиденных обстоятельств и проблем.",
         "different language"),
        ("The quarterly report will be delayed due to unforeseen", "cut off"),
        ("The quarterly report will be delayed due to the", "cut off"),
        ("The quarterly report will be delayed. The quarterly report will be delayed due to "
         "unforeseen circumstances.", "repeats itself"),
        ("The report is late due to unforeseen circumstances, unforeseen circumstances, "
         "unforeseen circumstances.", "repeats itself"),
        ("Thank you for your feedback. We'll put it to good use.", "content words"),
        ("Report late.", "length"),
        ("The quarterly report, which our finance team prepares every three months for the "
         "board and all shareholders, will be delayed for a while due to unforeseen "
         "circumstances that nobody in the company could possibly have predicted.", "length"),
    ],
)  # fmt: skip
def test_junk_is_rejected_with_a_reason(candidate, reason):
    result = judge(ORIGINAL, candidate)
    assert not result.ok and result.score == 0
    assert any(reason in r for r in result.reasons), result.reasons


def test_facts_must_survive():
    original = "Please be advised that the office will be closed on Monday, 3 March, for 2 days."
    result = judge(original, "The office will be closed on Tuesday, 3 March, for 2 days.")
    assert not result.ok and any("monday" in r for r in result.reasons)
    result = judge(original, "The office will be closed on Monday, 3 March, for a few days.")
    assert not result.ok and any("drops 2" in r for r in result.reasons)
    result = judge(original, "Heads-up: the office is closed on Monday, 3 March, for 2 days, "
                   "and 5 staff are away.")  # fmt: skip
    assert not result.ok and any("adds 5" in r for r in result.reasons)


def test_harmless_wrappers_are_stripped_before_judging():
    result = judge(ORIGINAL, '  "The quarterly report will be delayed by unforeseen events."\n')
    assert result.ok and result.text == "The quarterly report will be delayed by unforeseen events."
    quoted = '"We will be there," she said.'
    assert judge(quoted, '"We\'ll be there," she said.').text.startswith('"We')


def test_concise_may_shrink_a_lot_but_never_grow():
    wordy = "At this point in time, we are currently in the process of reviewing your application."
    assert judge(wordy, "We're reviewing your application.", "Concise").ok
    assert not judge(wordy, "We're reviewing your application.", "Natural").ok
    longer = "Right now, at this point in time, we are carefully reviewing your application."
    assert len(longer) > len(wordy) * 0.9 and judge(wordy, longer, "Natural").ok
    longer = longer.replace("carefully", "very carefully and thoroughly")
    assert not judge(wordy, longer, "Concise").ok


def test_a_near_copy_is_not_worth_a_card():
    # Real Gemma 3 270M output: every stock phrase kept, two small words changed.
    original = ("The new library will be open on Saturdays, and residents can delve into a "
                "myriad of books to foster a love of reading.")
    near = ("The new library is open on Saturdays, and residents can delve into a myriad of "
            "books to foster a love of reading.")
    result = judge(original, near)
    assert not result.ok and result.reasons == ("barely changes the original",)
    # Dropping a stock word, or a tenth of the length, is a change worth offering.
    assert judge(original, near.replace("delve into", "browse")).ok
    wordy = original.replace("to foster", "in order to foster")
    assert judge(wordy, original, "Concise").ok  # for Concise, any word cut counts
    assert not judge(wordy, original).ok


def test_junk_at_the_start_is_rejected():
    result = judge(
        "In conclusion, the data clearly demonstrates a robust correlation between exercise and "
        "overall well-being.",
        "5. A. The data demonstrates that exercise is associated with a significant positive "
        "impact on well-being.",
    )
    assert not result.ok


def test_best_prefers_the_passing_candidate_that_keeps_most():
    candidates = [
        "Thank you for your feedback. We'll put it to good use.",
        "The quarterly report is late.",
        "The quarterly report will be delayed due to unforeseen circumstances.",
        "Sure! The quarterly report will be delayed due to unforeseen circumstances.",
    ]
    assert best(ORIGINAL, candidates) == candidates[2]
    assert best(ORIGINAL, candidates[:1]) is None
    assert best(ORIGINAL, []) is None
