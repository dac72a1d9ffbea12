"""The cards' list model stays in the set's order whatever suggestions come and go, found by
bisection rather than a walk over all rows."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.suggestions import Suggestion, SuggestionSet
from app.ui.review.suggestion_list import SuggestionListModel


def _suggestion(rng: random.Random, kind: str | None = None) -> Suggestion:
    start = rng.randrange(0, 5_000)
    return Suggestion(start, start + rng.randrange(1, 20), "x" * 3, "y",
                      kind or rng.choice(["ai_tell", "filler", "wordy"]), "why", "rule:t")


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 100_000), st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)),
                                         max_size=12))
def test_rows_follow_the_set_through_removals_and_additions(qapp, seed, steps):
    rng = random.Random(seed)
    ss = SuggestionSet()
    ss.BUCKET = 4
    ss.extend(_suggestion(rng) for _ in range(60))
    model = SuggestionListModel(ss)
    model.set_source(ss)
    model.set_penalties({"filler": 0.6})  # fillers sink below the rest
    for removals, additions in steps:
        gone = [s for s in list(ss)[:removals]]
        for s in gone:
            ss.remove(s.id)
        new = [_suggestion(rng) for _ in range(additions)]
        ss.extend(new)
        model.apply(gone, new)
        rows = [model.id_at(row) for row in range(model.rowCount())]
        expected = sorted(ss, key=lambda s: (1 if s.kind == "filler" else 0, s.start, s.end))
        assert rows == [s.id for s in expected] or [
            (ss.get(r).kind == "filler", ss.get(r).start, ss.get(r).end) for r in rows] == [
            (s.kind == "filler", s.start, s.end) for s in expected]
        assert sum(model.counts().values()) == len(ss)


def test_a_finding_that_changed_in_place_keeps_its_row_and_the_layout(qapp):
    ss = SuggestionSet()
    first = [Suggestion(10 * i, 10 * i + 4, "very", "", "filler", "why", "rule:t")
             for i in range(5)]
    ss.extend(first)
    model = SuggestionListModel(ss)
    model.set_source(ss)
    moved: list[str] = []
    changed: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda *_: moved.append("in"))
    model.rowsRemoved.connect(lambda *_: moved.append("out"))
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    # The reason of the third changed (a count in it, say): same place, new suggestion.
    ss.remove(first[2].id)
    again = Suggestion(20, 24, "very", "", "filler", "why now", "rule:t")
    ss.add(again)
    model.apply([first[2]], [again])
    assert not moved and changed == [(2, 2)]
    assert model.id_at(2) == again.id and model.counts() == {"filler": 5}
    # One goes and two come in its place: one row changes, one is inserted after it.
    ss.remove(first[1].id)
    two = [Suggestion(11, 13, "ry", "", "wordy", "w", "rule:t"),
           Suggestion(12, 14, "y ", "", "wordy", "w", "rule:t")]
    ss.extend(two)
    model.apply([first[1]], two)
    assert moved == ["in"]
    assert [model.id_at(r) for r in range(model.rowCount())] == [
        first[0].id, two[0].id, two[1].id, again.id, first[3].id, first[4].id]
    assert model.counts() == {"filler": 4, "wordy": 2}
