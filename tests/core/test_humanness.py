"""The human-ness gauge: additive counts, the formula's behaviour, and calibration on the
human and machine-sounding samples in tests/data (see tests/data/SOURCES.md)."""

from collections import Counter
from pathlib import Path

import pytest

from app.core.analysis.humanness import (
    MIN_WORDS,
    WINDOW,
    HumannessCounts,
    count_humanness,
    humanness,
)
from app.core.analysis.style import StyleChecker
from app.core.document import split_lines, words

DATA = Path(__file__).resolve().parent.parent / "data"
CHECKER = StyleChecker()

# Chosen from the measurements printed by test_calibration_table (November 2026):
# human scores 87-100, machine 11-59; flags per 1,000 words: human 12-31 (mean 23), machine
# 57-136 (mean 92).
SCORE_MARGIN = 15  # the lowest human score beats the highest machine score by at least this
HUMAN_FLAGS_MEAN_MAX = 25.0  # per 1,000 words, all kinds together
HUMAN_FLAGS_MAX = 35.0
MACHINE_FLAGS_MIN = 50.0


def document_counts(text: str) -> tuple[HumannessCounts, Counter]:
    total, kinds = HumannessCounts(), Counter()
    for line in split_lines(text):
        findings = CHECKER.check_paragraph(line)
        kinds.update(f.kind for f in findings)
        total = total + count_humanness(line, findings)
    return total, kinds


def sample(kind: str) -> dict[str, tuple[int, float, Counter]]:
    """name -> (score, flags per 1,000 words, flags by kind)."""
    measured = {}
    for path in sorted((DATA / kind).glob("*.txt")):
        counts, kinds = document_counts(path.read_text(encoding="utf-8"))
        flags = 1000 * sum(kinds.values()) / counts.words
        measured[path.stem] = (humanness(counts).score, flags, kinds)
    return measured


HUMAN = sample("human")
MACHINE = sample("machine")


# --- counts and formula -------------------------------------------------------------------


PARAGRAPHS = [
    "I started cycling in September. The bus kept not turning up, and I was sick of it.",
    "Moreover, it is important to note that cycling plays a crucial role in fitness.",
    "",
    "Short one.",
]


def test_counts_add_and_subtract_per_paragraph():
    parts = [count_humanness(p, CHECKER.check_paragraph(p)) for p in PARAGRAPHS]
    total = HumannessCounts()
    for part in parts:
        total = total + part
    assert total.words == sum(len(words(p)) for p in PARAGRAPHS)
    assert total.ai_tells == 3
    assert total - parts[1] - parts[0] - parts[3] == HumannessCounts()
    assert humanness(total) == humanness(parts[0] + parts[1] + parts[3])


def test_sentence_lengths_are_summed():
    counts = count_humanness("One two three. One two three four five. Six.", ())
    assert (counts.sentences, counts.sentence_words, counts.sentence_words_sq) == (3, 9, 35)


def test_greetings_headings_and_sign_offs_are_not_sentences():
    for line in ("Dear Hiring Manager,", "Best regards,", "# A heading", "Jordan Taylor"):
        counts = count_humanness(line, ())
        assert counts.sentences == 0 and counts.words > 0
    assert count_humanness("Thanks.", ()).sentences == 1


def test_lexical_variety_does_not_depend_on_length():
    paragraph = " ".join(f"word{i % 20}" for i in range(60))
    once = count_humanness(paragraph, ())
    assert once.windows == 60 - WINDOW + 1
    twice = once + once
    assert humanness(once).lexical_variety == humanness(twice).lexical_variety == 20 / WINDOW


def test_only_ai_tells_count_as_tells():
    text = "We leverage robust tools. It was written very quickly."
    findings = CHECKER.check_paragraph(text)
    assert {f.kind for f in findings} >= {"ai_tell", "passive", "filler"}
    assert count_humanness(text, findings).ai_tells == 2


def test_ai_tells_lower_the_score():
    plain = "I fixed the printer on Friday. It took an hour, mostly because the manual was wrong."
    stock = "I leveraged robust tools to seamlessly fix the printer, a testament to teamwork."
    score = {t: humanness(count_humanness(t, CHECKER.check_paragraph(t))) for t in (plain, stock)}
    assert score[plain].ai_tells == 0 and score[stock].ai_tells == 4
    assert score[plain].score - score[stock].score >= 40


def test_even_sentences_score_lower_than_varied_ones():
    even = "The team met on Monday morning. " * 6
    varied = "The team met. After a long and frankly tiring argument about budgets, we agreed. " * 3
    assert humanness(count_humanness(varied, ())).score > humanness(count_humanness(even, ())).score
    assert humanness(count_humanness(even, ())).sentence_length_cv == 0


def test_labels():
    assert humanness(HumannessCounts()).label == "No text yet"
    short = count_humanness("Just a few words here.", ())
    assert short.words < MIN_WORDS
    assert humanness(short).label == "Too short to judge"
    assert 0 <= humanness(short).score <= 100


# --- calibration --------------------------------------------------------------------------


def test_enough_samples_of_the_right_length():
    assert len(HUMAN) >= 6 and len(MACHINE) >= 6
    for kind in ("human", "machine"):
        for path in (DATA / kind).glob("*.txt"):
            assert 150 <= len(words(path.read_text(encoding="utf-8"))) <= 400, path.name


def test_calibration_table():
    """Prints the figures (pytest -s) so a change to the rules shows its effect."""
    for name, measured in (("human", HUMAN), ("machine", MACHINE)):
        for stem, (score, flags, kinds) in measured.items():
            detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
            print(f"{name:7} {stem:20} score {score:3}  flags/1000 words {flags:5.1f}  {detail}")
    assert HUMAN and MACHINE


def test_every_human_sample_scores_above_every_machine_sample():
    lowest_human = min(score for score, _, _ in HUMAN.values())
    highest_machine = max(score for score, _, _ in MACHINE.values())
    assert lowest_human - highest_machine >= SCORE_MARGIN, (lowest_human, highest_machine)


def test_human_samples_do_not_drown_in_flags():
    human_flags = [flags for _, flags, _ in HUMAN.values()]
    machine_flags = [flags for _, flags, _ in MACHINE.values()]
    assert sum(human_flags) / len(human_flags) < HUMAN_FLAGS_MEAN_MAX
    assert max(human_flags) < HUMAN_FLAGS_MAX
    assert min(machine_flags) > MACHINE_FLAGS_MIN
    assert sum(machine_flags) / len(machine_flags) > 3 * sum(human_flags) / len(human_flags)


@pytest.mark.parametrize("stem", sorted(HUMAN))
def test_human_samples_have_no_ai_tells(stem):
    assert HUMAN[stem][2]["ai_tell"] == 0
