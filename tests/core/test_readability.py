"""The gauges' readability figures equal textstat's own, paragraph by paragraph."""

import math

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.analysis.incremental import DocumentAnalyzer, analyze_text
from app.core.analysis.readability import count_readability, grade_label, readability

PARAGRAPHS = [
    "The cat sat on the mat. It was happy there, and it purred all afternoon long.",
    "In today's fast-paced world, it is important to note that organizations must "
    "leverage comprehensive methodologies to facilitate unprecedented transformation. "
    "Consequently, stakeholders increasingly prioritize sustainability initiatives.",
    'Dr. Smith said: "Don\'t panic!" Then she left; nobody knew why... Was it the rain?',
    "Naïve café owners in Zürich serve crème brûlée — 3 times a week, at 5.30 p.m.",
    "Short one.",
    "Yes",
]

FORMULAS = {
    "flesch_reading_ease": textstat.flesch_reading_ease,
    "flesch_kincaid_grade": textstat.flesch_kincaid_grade,
    "gunning_fog": textstat.gunning_fog,
    "smog_index": textstat.smog_index,
    "coleman_liau_index": textstat.coleman_liau_index,
    "automated_readability_index": textstat.automated_readability_index,
    "dale_chall_readability_score": textstat.dale_chall_readability_score,
    "reading_time_s": textstat.reading_time,
}


@pytest.mark.parametrize("text", PARAGRAPHS)
@pytest.mark.parametrize("name", FORMULAS)
def test_single_paragraph_equals_textstat(text, name):
    ours = getattr(readability(count_readability(text)), name)
    assert ours == pytest.approx(FORMULAS[name](text), abs=1e-9)


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_counts_are_textstats(text):
    c = count_readability(text)
    assert c.words == textstat.lexicon_count(text)
    assert c.sentences == textstat.sentence_count(text)
    assert c.syllables == textstat.syllable_count(text)
    assert c.polysyllables == textstat.polysyllabcount(text)


_PIECES = ["The", "cat's", "isn't", "'quoted'", "rhythm", "co-operate", "3.5", "U.S.",
           "extraordinary", "naïve", "—", "...", "?", "!", ".", "well,", "Don't!", "end.", "'",
           "é", "日本", "a", "I", "ok?", "beautiful", "(aside)", "”", "“Yes.”"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "  ", "\t", " \u00a0"])),
                max_size=40))  # fmt: skip
def test_counts_summed_over_sentences_equal_textstat_over_the_paragraph(parts):
    text = "".join(word + space for word, space in parts).strip()
    if not text:
        return
    c = count_readability(text)
    assert c == type(c)(
        words=textstat.lexicon_count(text),
        tokens=textstat.lexicon_count(text, removepunct=False),
        sentences=textstat.sentence_count(text),
        syllables=textstat.syllable_count(text),
        polysyllables=textstat.polysyllabcount(text),
        letters=textstat.letter_count(text),
        chars=textstat.char_count(text, ignore_spaces=True),
        difficult_words=textstat.difficult_words(text, syllable_threshold=0, unique=False),
        complex_words=textstat.difficult_words(text, syllable_threshold=3, unique=False),
    )
    assert count_readability(text) == c  # and again from the remembered pieces


def test_document_is_formula_over_summed_counts():
    text = "\n".join(PARAGRAPHS[:3])
    total = count_readability(PARAGRAPHS[0])
    for p in PARAGRAPHS[1:3]:
        total = total + count_readability(p)
    assert analyze_text(text).readability == readability(total)


def test_heading_counts_as_its_own_sentence_unlike_textstat_whole_text():
    # textstat's whole-text regex runs "Getting started" into the next sentence (no full stop
    # ends the heading); per-paragraph counting makes the heading its own sentence. Both are
    # right for what they see; the editor's unit is the paragraph.
    heading = "Getting started with the new garden tools"
    body = "Dig a small hole first. Then plant the seeds and water them well."
    text = heading + "\n" + body
    assert textstat.sentence_count(text) == 2
    assert analyze_text(text).counts.sentences == 3


def test_blank_document_has_zero_figures_not_errors():
    r = analyze_text("\n\n   \n")
    assert r.counts.words == 0
    assert r.readability.flesch_reading_ease == 0.0
    assert r.readability.grade_label == ""
    assert math.isfinite(r.readability.smog_index)


def test_grade_labels():
    assert grade_label(7.6) == "grade 8"
    assert grade_label(0.2) == "kindergarten"
    assert grade_label(14) == "college"


def test_reading_minutes_use_average_reading_speed():
    text = " ".join(["word"] * 476)  # 2 minutes at 238 words a minute
    assert analyze_text(text).counts.reading_minutes == 2


def test_paragraph_report_matches_textstat():
    a = DocumentAnalyzer()
    a.reset(PARAGRAPHS)
    r = a.paragraph_report(1)
    assert r.readability.flesch_reading_ease == pytest.approx(
        textstat.flesch_reading_ease(PARAGRAPHS[1]), abs=1e-9
    )
    assert r.counts.paragraphs == 1


def test_typing_new_words_leaves_syllable_memory_bounded():
    # pyphen remembers each word it hyphenates for good; typing makes endless new ones.
    import pyphen

    from app.core.analysis import readability as r

    for i in range(r.HYPHEN_CHECK * 3):
        count_readability(f"Zqvorl{i}tab blentivar{i} quomst.")  # words no dictionary has
    held = sum(len(d.cache) for d in pyphen.hdcache.values())
    assert held > 0
    assert r.forget_hyphenations(limit=held - 1) == held
    assert sum(len(d.cache) for d in pyphen.hdcache.values()) == 0
