"""The cards' list model stays in the set's order whatever suggestions come and go, found by
bisection rather than a walk over all rows."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.suggestions import Suggestion, SuggestionSet
from app.ui.review import suggestion_list
from app.ui.review.suggestion_list import SuggestionListModel, SuggestionRole


def _suggestion(rng: random.Random, kind: str | None = None) -> Suggestion:
    start = rng.randrange(0, 5_000)
    return Suggestion(start, start + rng.randrange(1, 20), "x" * 3, "y",
                      kind or rng.choice(["ai_tell", "filler", "wordy"]), "why", "rule:t")


def _five_fillers():
    """Five suggestions in a list model, and the rows' comings ("in") and goings ("out")."""
    ss = SuggestionSet()
    first = [Suggestion(10 * i, 10 * i + 4, "very", "", "filler", "why", "rule:t")
             for i in range(5)]
    ss.extend(first)
    model = SuggestionListModel(ss)
    model.set_source(ss)
    moved: list[str] = []
    model.rowsInserted.connect(lambda *_: moved.append("in"))
    model.rowsRemoved.connect(lambda *_: moved.append("out"))
    return ss, first, model, moved


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
    ss, first, model, moved = _five_fillers()
    changed: list[tuple[int, int]] = []
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


def test_a_long_list_holds_changes_until_a_pause_and_shows_the_old_card_meanwhile(
        qapp, qtbot, monkeypatch):
    monkeypatch.setattr(suggestion_list, "DEFER_ROWS", 3)
    ss, first, model, moved = _five_fillers()
    # A word being typed: its finding comes and goes within the burst, and one old one goes.
    typing = Suggestion(21, 23, "ab", "", "wordy", "w", "rule:t")
    ss.add(typing)
    model.apply_later([], [typing])
    ss.remove(typing.id)
    ss.remove(first[1].id)
    model.apply_later([typing, first[1]], [])
    kept = Suggestion(31, 35, "very", "", "wordy", "w", "rule:t")
    ss.add(kept)
    model.apply_later([], [kept])
    assert model.waiting and not moved
    assert model.rowCount() == 5
    assert model.index(1).data(SuggestionRole) is first[1]  # shown as it was until the pause
    qtbot.waitUntil(lambda: not model.waiting, timeout=3000)
    assert [model.id_at(r) for r in range(model.rowCount())] == [
        first[0].id, first[2].id, first[3].id, kept.id, first[4].id]
    assert model.counts() == {"filler": 4, "wordy": 1}
    # The typed word never had a row; looking a card up shows what is held at once.
    ss.remove(first[0].id)
    model.apply_later([first[0]], [])
    assert model.row_of(first[2].id) == 0 and not model.waiting


def test_a_short_list_shows_changes_at_once(qapp):
    ss = SuggestionSet()
    model = SuggestionListModel(ss)
    model.set_source(ss)
    s = Suggestion(0, 4, "very", "", "filler", "why", "rule:t")
    ss.add(s)
    model.apply_later([], [s])
    assert not model.waiting and model.id_at(0) == s.id


def test_penalties_reorder_the_list_only_when_a_kind_changes_place(qapp):
    ss = SuggestionSet()
    ss.extend(Suggestion(10 * i, 10 * i + 4, "very", "", kind, "why", "rule:t")
              for i, kind in enumerate(["filler", "wordy", "filler"]))
    model = SuggestionListModel(ss)
    model.set_source(ss)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_penalties({"filler": 0.1})  # a reject or two: still in its place
    assert not resets
    model.set_penalties({"filler": 0.6})
    assert len(resets) == 1
    assert [ss.get(model.id_at(r)).kind for r in range(3)] == ["wordy", "filler", "filler"]
