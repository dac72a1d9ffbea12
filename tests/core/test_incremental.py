"""Incremental totals equal a full recomputation, whatever edits come."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.analysis.incremental import DocumentAnalyzer, ParagraphMeasurer

SENTENCES = [
    "I love this bright morning.",
    "The report was a disaster.",
    "We leverage synergies to deliver value.",
    "Dr. Lee arrived at 9 a.m. with coffee!",
    "Why?",
    "",
    "Naïve 🎉 émojis and café culture are wonderful.",
    "   ",
]

line = st.lists(st.sampled_from(SENTENCES), max_size=4).map(" ".join)
edit = st.tuples(st.integers(0, 50), st.integers(0, 3), st.lists(line, max_size=4))


def fresh(lines):
    a = DocumentAnalyzer()
    a.reset(lines)
    return a.report()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, min_size=1, max_size=8), st.lists(edit, max_size=12))
def test_random_edits_match_full_recomputation(initial, edits):
    a = DocumentAnalyzer()
    a.reset(initial)
    lines = list(initial)
    for first, removed, new in edits:
        first = min(first, len(lines))
        removed = min(removed, len(lines) - first)
        a.replace_lines(first, removed, new)
        lines[first : first + removed] = new
    got, want = a.report(), fresh(lines)
    assert got.counts == want.counts
    for name in (
        "flesch_reading_ease",
        "gunning_fog",
        "smog_index",
        "dale_chall_readability_score",
    ):
        assert getattr(got.readability, name) == pytest.approx(getattr(want.readability, name))
    assert got.sentiment.compound == pytest.approx(want.sentiment.compound, abs=1e-9)
    assert got.sentiment.label == want.sentiment.label
    assert a.sentiment_series() == pytest.approx(fresh_series(lines))


def fresh_series(lines):
    a = DocumentAnalyzer()
    a.reset(lines)
    return a.sentiment_series()


def test_pending_lines_count_for_nothing_until_filled():
    lines = ["I love it.", "I hate it.", "", "Plain words here."]
    a = DocumentAnalyzer()
    a.reset(lines, measured=False)
    assert a.pending_count == 3  # blank lines never wait
    assert a.report().counts.words == 0
    measurer = ParagraphMeasurer()
    pending = a.pending_lines()
    assert [i for i, _ in pending] == [0, 1, 3]
    # the writer edits line 1 while the job runs: its stale result must be skipped
    a.replace_lines(1, 1, ["I adore it."])
    filled = a.fill(0, lines, [measurer.measure(t) for t in lines])
    assert filled == 2 and a.pending_count == 0
    assert a.report().counts == fresh(["I love it.", "I adore it.", "", "Plain words here."]).counts


def test_edit_measures_only_changed_lines():
    calls = []

    class CountingMeasurer(ParagraphMeasurer):
        def measure(self, text):
            calls.append(text)
            return super().measure(text)

    a = DocumentAnalyzer(CountingMeasurer())
    a.reset([f"Paragraph number {i} is here." for i in range(200)])
    calls.clear()
    a.replace_lines(100, 1, ["Paragraph number 100 is here!"])
    assert calls == ["Paragraph number 100 is here!"]
    a.replace_lines(100, 1, ["Paragraph number 100 is here."])  # undo: from the cache
    assert len(calls) == 1


def test_bad_ranges_are_refused():
    a = DocumentAnalyzer()
    a.reset(["one", "two"])
    with pytest.raises(IndexError):
        a.replace_lines(1, 5, [])
