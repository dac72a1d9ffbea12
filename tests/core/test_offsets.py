import random

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.offsets import LineIndex, astral_count, from_utf16, to_utf16


def test_utf16_round_trip_with_emoji():
    text = "a🎉b𝄞c é"
    assert astral_count(text) == 2
    assert to_utf16(text, 2) == 3 and to_utf16(text, 4) == 6
    for i in range(len(text) + 1):
        assert from_utf16(text, to_utf16(text, i)) == i


lines_strategy = st.lists(st.text("ab🎉\u00e9 ", max_size=6), min_size=1, max_size=30)


@settings(max_examples=100, deadline=None)
@given(lines_strategy, st.integers(0, 2**32))
def test_line_starts_follow_edits(lines, seed):
    rng = random.Random(seed)
    index = LineIndex(lines)
    lines = list(lines)
    for _ in range(20):
        first = rng.randrange(len(lines) + 1)
        removed = rng.randrange(0, min(3, len(lines) - first) + 1)
        new = ["x🎉" * rng.randrange(3) for _ in range(rng.randrange(0, 3))]
        if len(lines) - removed + len(new) == 0:
            continue
        lines[first : first + removed] = new
        index.replace(first, removed, new)
    text = "\n".join(lines)
    for n in range(len(lines)):
        start = sum(len(line) + 1 for line in lines[:n])
        assert index.start(n) == start
        assert index.start_utf16(n) == to_utf16(text, start)
        assert index.line_at(start) == n


def test_many_lines_use_blocks():
    lines = [f"line {i} 🎉" for i in range(2000)]
    index = LineIndex(lines)
    index.replace(1000, 1, ["changed"])
    lines[1000] = "changed"
    assert index.start(1500) == sum(len(x) + 1 for x in lines[:1500])
    assert index.start_utf16(1999) == index.start(1999) + 1998
