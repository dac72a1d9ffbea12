from app.core.document import line_starts, split_lines, split_sentences, words


def texts(paragraph):
    return [paragraph[s.start : s.end] for s in split_sentences(paragraph)]


def test_sentences_with_offsets():
    p = "  Hello there. How are you?  Fine!"
    assert texts(p) == ["Hello there.", "How are you?", "Fine!"]
    assert split_sentences(p)[0].start == 2


def test_abbreviations_and_initials_do_not_split():
    assert texts("Dr. Smith met J. R. Tolkien, e.g. at noon. Then left.") == [
        "Dr. Smith met J. R. Tolkien, e.g. at noon.",
        "Then left.",
    ]


def test_quotes_and_fragments():
    assert texts('She said "Stop!" and went. A heading without stop') == [
        'She said "Stop!" and went.',
        "A heading without stop",
    ]


def test_emoji_offsets_are_code_points():
    p = "Great 🎉 news. More."
    spans = split_sentences(p)
    assert p[spans[1].start : spans[1].end] == "More."


def test_lines_and_starts():
    lines = split_lines("a\n\nbc")
    assert lines == ["a", "", "bc"]
    assert line_starts(lines) == [0, 2, 3]


def test_words():
    assert words("It's a well-known fact — 42 times.") == [
        "It's",
        "a",
        "well-known",
        "fact",
        "42",
        "times",
    ]
