from app.core.diff import word_diff


def side(pieces, keep):
    return "".join(p.text for p in pieces if p.op in ("same", keep))


def test_sides_rebuild_both_texts():
    original = "In today's fast-paced world, we leverage tools."
    replacement = "These days, we use tools."
    pieces = word_diff(original, replacement)
    assert side(pieces, "added") == replacement
    assert "today's" in side(pieces, "removed")
    assert any(p.op == "same" and "we" in p.text for p in pieces)
    assert not any(p.op != "same" and "tools" in p.text for p in pieces)


def test_deletion_and_identity():
    assert [p.op for p in word_diff("very", "")] == ["removed"]
    assert [p.op for p in word_diff("Same words.", "Same words.")] == ["same"]
