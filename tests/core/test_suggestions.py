import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.suggestions import Suggestion, SuggestionSet, apply_suggestion

TEXT = "We leverage synergies. In order to win, we utilize tools. Really good."


def make(text, phrase, replacement="x", kind="wordy"):
    start = text.index(phrase)
    return Suggestion(start, start + len(phrase), phrase, replacement, kind, "why", "rule:test")


def holds(text, suggestions):
    return all(text[s.start : s.end] == s.original for s in suggestions)


def test_edit_before_shifts_and_edit_inside_drops():
    ss = SuggestionSet()
    a, b = make(TEXT, "leverage"), make(TEXT, "utilize")
    ss.extend([a, b])
    text = "Today " + TEXT
    assert ss.apply_edit(0, 0, 6) == []
    assert holds(text, ss)
    pos = text.index("utilize") + 2
    text = text[:pos] + "Z" + text[pos:]
    dropped = ss.apply_edit(pos, 0, 1)
    assert [s.original for s in dropped] == ["utilize"]
    assert [s.original for s in ss] == ["leverage"] and holds(text, ss)


def test_typing_right_after_a_span_drops_it():
    ss = SuggestionSet()
    ss.add(make(TEXT, "leverage"))
    end = TEXT.index("leverage") + len("leverage")
    assert len(ss.apply_edit(end, 0, 1)) == 1


def test_ids_are_stable_while_shifting():
    ss = SuggestionSet()
    s = make(TEXT, "utilize")
    ss.add(s)
    ss.apply_edit(0, 3, 0)
    moved = ss.get(s.id)
    assert moved.id == s.id and moved.start == s.start - 3
    assert ss.revision == 1


def test_nested_spans_and_lookup_at_cursor():
    ss = SuggestionSet()
    paragraph = Suggestion(0, len(TEXT), TEXT, "Rewritten.", "rewrite", "tone", "model")
    word = make(TEXT, "utilize")
    ss.extend([paragraph, word])
    assert [s.kind for s in ss.at(word.start + 1)] == ["wordy", "rewrite"]
    removed = ss.remove_where(0, len(TEXT), lambda s: s.kind != "rewrite")
    assert [s.original for s in removed] == ["utilize"]
    assert len(ss) == 1


def test_apply_suggestion_checks_the_text():
    s = make(TEXT, "In order to", "To")
    assert apply_suggestion(TEXT, s).startswith("We leverage synergies. To win")
    with pytest.raises(ValueError):
        apply_suggestion("changed " + TEXT, s)
    with pytest.raises(ValueError):
        apply_suggestion(TEXT, make(TEXT, "Really", None))


def test_duplicate_id_is_refused():
    ss = SuggestionSet()
    s = make(TEXT, "leverage")
    ss.add(s)
    with pytest.raises(ValueError):
        ss.add(s)


edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 6), st.text("ab ✨x", max_size=5)), max_size=25
)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), edits)
def test_random_edits_never_leave_a_suggestion_on_other_text(seed, edit_list):
    rng = random.Random(seed)
    text = "alpha beta gamma delta 🎉 epsilon zeta eta theta iota kappa"
    ss = SuggestionSet()
    for _ in range(8):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(0, 12))
        ss.add(Suggestion(start, end, text[start:end], "y", "wordy", "r", "rule:t"))
    for where, removed, inserted in edit_list:
        pos = int(where * len(text))
        removed = min(removed, len(text) - pos)
        text = text[:pos] + inserted + text[pos + removed :]
        ss.apply_edit(pos, removed, len(inserted))
        assert holds(text, ss)
    starts = [s.start for s in ss]
    assert starts == sorted(starts)


def test_next_and_previous_in_document_order():
    ss = SuggestionSet()
    a, b = make(TEXT, "leverage"), make(TEXT, "utilize")
    ss.extend([b, a])
    assert ss.next_after(-1).original == "leverage"
    assert ss.next_after(a.start).original == "utilize"
    assert ss.next_after(b.start) is None
    assert ss.previous_before(b.start).original == "leverage"
    assert ss.previous_before(a.start) is None
    assert [s.original for s in ss.of_kind("wordy")] == ["leverage", "utilize"]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), edits)
def test_random_edits_with_many_small_buckets(seed, edit_list):
    """The same promise when the set keeps its suggestions in many buckets (each one split and
    shifted on its own), with lookups answered as a plain list would answer them."""
    rng = random.Random(seed)
    text = "alpha beta gamma delta 🎉 epsilon zeta eta theta iota kappa lambda mu nu xi"
    ss = SuggestionSet()
    ss.BUCKET = 2
    for _ in range(30):
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randrange(0, 12))
        ss.add(Suggestion(start, end, text[start:end], "y", "wordy", "r", "rule:t"))
    for where, removed, inserted in edit_list:
        pos = int(where * len(text))
        removed = min(removed, len(text) - pos)
        text = text[:pos] + inserted + text[pos + removed :]
        dropped = ss.apply_edit(pos, removed, len(inserted))
        assert holds(text, ss) and not any(s.id in ss for s in dropped)
        every = list(ss)
        assert [s.start for s in every] == sorted(s.start for s in every)
        probe = rng.randrange(len(text) + 1)
        assert {s.id for s in ss.overlapping(probe, probe + 3)} == {
            s.id for s in every if s.end >= probe and s.start <= probe + 3}
        after = ss.next_after(probe)
        assert after == next((s for s in every if s.start > probe), None)
        before = ss.previous_before(probe)
        assert (before.start if before else None) == max(
            (s.start for s in every if s.start < probe), default=None)
    assert len(ss) == len(list(ss))
