import random
import re
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.review import DocumentReview
from app.core.suggestions import Suggestion


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    original: str
    replacement: str | None
    kind: str = "filler"
    reason: str = "Adds nothing."
    source: str = "test:very"
    alternatives: tuple = ()


def very_checker(text):
    return [Finding(m.start(), m.end(), m.group(), "") for m in re.finditer(r"\bvery\b", text)]


def all_hold(review, text):
    return all(text[s.start : s.end] == s.original for s in review.suggestions)


def expected_count(text):
    return len(re.findall(r"\bvery\b", text))


def test_findings_land_at_document_offsets():
    lines = ["A very good start.", "", "Not very very bad. 🎉 very"]
    review = DocumentReview(very_checker)
    review.reset(lines, pending=False)
    text = "\n".join(lines)
    assert len(review.suggestions) == 4 and all_hold(review, text)


def test_pending_lines_are_checked_in_slices():
    lines = ["very"] * 120
    review = DocumentReview(very_checker)
    review.reset(lines)
    assert len(review.suggestions) == 0
    change = review.check_pending(max_lines=50)
    assert len(change.added) == 50 and review.pending_count == 70
    while review.pending_count:
        review.check_pending()
    assert len(review.suggestions) == 120 and all_hold(review, "\n".join(lines))


def test_rejected_suggestions_are_not_offered():
    rejected = set()
    review = DocumentReview(very_checker, wanted=lambda s: s.feedback_key not in rejected)
    review.reset(["very nice", "very nice"], pending=False)
    first = next(iter(review.suggestions))
    rejected.add(first.feedback_key)
    review.remove(first.id)
    review.replace_lines(1, 1, ["very nice!"])
    assert len(review.suggestions) == 0


def test_model_suggestion_only_if_text_still_there():
    review = DocumentReview(very_checker)
    review.reset(["Alpha beta.", "Gamma delta."], pending=False)
    good = Suggestion(12, 24, "Gamma delta.", "Gamma, delta!", "rewrite", "Warm", "gemma")
    stale = Suggestion(12, 24, "Gamma DELTA.", "x", "rewrite", "Warm", "gemma")
    assert review.add(good) and not review.add(stale)


line = st.lists(st.sampled_from(["very", "good", "🎉", "not", ""]), max_size=5).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(line, min_size=1, max_size=6), st.integers(0, 2**32))
def test_random_line_edits_keep_suggestions_true(lines, seed):
    rng = random.Random(seed)
    review = DocumentReview(very_checker)
    review.reset(lines, pending=False)
    lines = list(lines)
    for _ in range(15):
        first = rng.randrange(len(lines) + 1)
        removed = rng.randrange(0, min(2, len(lines) - first) + 1)
        new = [rng.choice(["very", "very good", "x 🎉 very", ""]) for _ in range(rng.randrange(3))]
        if len(lines) - removed + len(new) == 0:
            continue
        lines[first : first + removed] = new
        review.replace_lines(first, removed, new)
        text = "\n".join(lines)
        assert all_hold(review, text)
        assert len(review.suggestions) == expected_count(text)


def test_an_edit_keeps_the_suggestions_it_did_not_touch():
    review = DocumentReview(very_checker)
    review.reset(["Intro.", "very a very b very"], pending=False)
    before = {s.start: s.id for s in review.suggestions}
    change = review.replace_lines(1, 1, ["very aa very b very"])
    assert not change  # nothing came or went: the cards and their order stay
    after = sorted(review.suggestions, key=lambda s: s.start)
    assert [s.id for s in after] == [before[7], before[14], before[21]]
    assert all_hold(review, "Intro.\nvery aa very b very")
    change = review.replace_lines(1, 1, ["very aa vary b very"])
    assert [s.id for s in change.removed] == [after[1].id] and not change.added
    change = review.replace_lines(1, 1, ["very aa very b very"])
    assert len(change.added) == 1 and not change.removed
    assert {after[0].id, after[2].id} <= {s.id for s in review.suggestions}


def test_a_recheck_with_the_same_findings_changes_nothing():
    review = DocumentReview(very_checker)
    review.reset(["very good, very"], pending=False)
    ids = {s.id for s in review.suggestions}
    assert not review.recheck_line(0)
    assert {s.id for s in review.suggestions} == ids


@settings(max_examples=150, deadline=None)
@given(st.lists(line, min_size=1, max_size=4), st.integers(0, 2**32))
def test_random_typing_keeps_untouched_suggestions_and_true_spans(lines, seed):
    rng = random.Random(seed)
    review = DocumentReview(very_checker)
    review.reset(lines, pending=False)
    lines = list(lines)
    for _ in range(20):
        n = rng.randrange(len(lines))
        old = lines[n]
        at = rng.randrange(len(old) + 1)
        cut = rng.randrange(min(3, len(old) - at) + 1)
        new = old[:at] + rng.choice(["", "y", " very", "v", "🎉"]) + old[at + cut :]
        base = sum(len(t) + 1 for t in lines[:n])
        untouched = {s.id for s in review.suggestions
                     if s.end < base + at or s.start > base + at + cut}
        lines[n] = new
        change = review.replace_lines(n, 1, [new])
        text = "\n".join(lines)
        assert all_hold(review, text)
        assert len(review.suggestions) == expected_count(text)
        assert not untouched & {s.id for s in change.removed}
        assert untouched <= {s.id for s in review.suggestions}


def test_typing_in_one_paragraph_keeps_the_findings_cache_to_the_document():
    from app.core.text_cache import SLACK

    lines = [f"Paragraph {i} is very short." for i in range(40)]
    review = DocumentReview(very_checker)
    review.reset(lines, pending=False)
    typed = "It was very"
    for ch in " late and we were very tired, so we went home early." * 20:
        typed += ch
        review.replace_lines(7, 1, [typed])
    assert len(review._cache) <= len(lines) + SLACK
    assert all(text in review._cache for text in lines if text != lines[7])
