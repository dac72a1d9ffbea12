"""Rule checks on one paragraph: what each kind finds and leaves alone, how replacements fit the
writer's text, and the guarantees the editor relies on (offsets, no overlaps, purity)."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.analysis.families import PATTERN_KINDS
from app.core.analysis.style import KIND_LABELS, KINDS, Finding, StyleChecker
from app.paths import resource_path

CHECKER = StyleChecker()


@pytest.fixture
def checker():
    return CHECKER


def found(checker, text, *kinds, ignored=frozenset()):
    wanted = frozenset(kinds) if kinds else None
    return checker.check_paragraph(text, kinds=wanted, ignored=ignored)


def originals(findings):
    return [f.original for f in findings]


def apply(text, findings):
    """The paragraph after accepting every finding that has a replacement."""
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        if f.replacement is not None:
            text = text[: f.start] + f.replacement + text[f.end :]
    return text


def test_kinds_and_labels_match_the_contract():
    assert KINDS == (
        "ai_tell", "significance", "puffery", "formulaic", "chatbot", "copula_avoidance",
        "negative_parallelism", "rule_of_three", "trailing_analysis", "vague_attribution",
        "em_dash", "heading_case", "bold_lead_in", "synonym_cycling", "monotony",
        "wordy", "filler", "passive", "adverb", "hard_sentence",
        "very_hard_sentence", "repetition", "inclusive", "idiom", "telling",
    )  # fmt: skip
    assert set(KIND_LABELS) >= set(KINDS)
    assert KIND_LABELS["ai_tell"] == "AI tell"


def test_blank_paragraphs_have_no_findings(checker):
    assert checker.check_paragraph("") == ()
    assert checker.check_paragraph("   ") == ()


# --- lexicon phrases ----------------------------------------------------------------------


def test_ai_tell_with_replacement_reason_and_source(checker):
    (f,) = found(checker, "Our team will delve into the data.", "ai_tell")
    assert (f.original, f.replacement, f.kind) == ("delve into", "look into", "ai_tell")
    assert f.source == "lexicon:ai_tells:delve-into"
    assert f.alternatives == ("look into", "dig into", "explore")
    assert f.reason.endswith(".")


@pytest.mark.parametrize(
    ("text", "original", "replacement"),
    [
        ("He delves into it.", "delves into", "looks into"),
        ("He delved into it.", "delved into", "looked into"),
        ("We are delving into it.", "delving into", "looking into"),
        ("We leveraged it.", "leveraged", "used"),
        ("It keeps leveraging it.", "leveraging", "using"),
        ("A tapestry of sounds.", "tapestry", "mix"),
        ("They took it to the next level.", "took it to the next level", "improved it"),
    ],
)
def test_inflected_forms_match_and_replacements_follow(checker, text, original, replacement):
    (f,) = found(checker, text, "ai_tell")
    assert (f.original, f.replacement) == (original, replacement)


def test_irregular_replacements_are_inflected(checker):
    (f,) = found(checker, "She delved into the archive.", "ai_tell")
    assert "dug into" in f.alternatives


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("That was done unseamlessly.", []),  # inside a longer word
        ("The seamlessness of it.", []),
        ("A leverageable asset.", []),
        ("Delve, into the night.", ["Delve"]),  # punctuation between the words of a phrase
        ("We delve. Into the night.", ["delve"]),
        ("We delve  into it.", ["delve  into"]),  # any run of spaces
    ],
)
def test_phrases_match_whole_words_only(checker, text, expected):
    assert originals(found(checker, text, "ai_tell")) == expected


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_straight_and_curly_apostrophes_match(checker, apostrophe):
    text = f"In today{apostrophe}s fast-paced world, we ship."
    (f,) = found(checker, text, "formulaic")
    assert f.original == f"In today{apostrophe}s fast-paced world, we"
    assert f.replacement == "We"


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Utilize the tool.", "Use the tool."),
        ("Please utilize the tool.", "Please use the tool."),
        ("PLEASE UTILIZE THE TOOL.", "PLEASE USE THE TOOL."),
        ("We did it in order to win.", "We did it to win."),
        ("In order to win, we trained.", "To win, we trained."),
    ],
)
def test_replacements_keep_the_writers_capitalisation(checker, text, after):
    assert apply(text, found(checker, text, "wordy")) == after


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("Moreover, we ship.", "We ship."),
        ("We ship. Moreover, we test.", "We ship. We test."),
        ("Moreover, I agree.", "I agree."),
        ("We, basically, ship.", "We ship."),
        ("We basically ship.", "We ship."),
        ("We ship, basically.", "We ship."),
        ("It is very good.", "It is good."),
        ("It is important to note that the data is old.", "The data is old."),
        ("- Moreover, lists work too.", "- Lists work too."),
        ("“Honestly, it works,” she said.", "“It works,” she said."),
    ],
)
def test_deletions_leave_clean_text(checker, text, after):
    assert apply(text, found(checker, text, "ai_tell", "formulaic", "filler", "wordy")) == after


def test_deletion_at_a_sentence_start_covers_the_next_word(checker):
    (f,) = found(checker, "Moreover, we ship.", "formulaic")
    assert (f.start, f.end, f.original, f.replacement) == (0, 12, "Moreover, we", "We")
    assert f.alternatives == ("We", "Also, we")


def test_phrases_capitalised_by_nature_do_not_force_capitals(checker):
    text = "I think that we should go."
    assert apply(text, found(checker, text, "filler")) == "We should go."
    text = "and I think that we should go."
    assert apply(text, found(checker, text, "filler")) == "and we should go."


def test_unless_after_keeps_other_senses(checker):
    assert found(checker, "It was a kind of magic.", "filler") == ()
    (f,) = found(checker, "It was kind of slow.", "filler")
    assert f.original == "kind of "
    assert found(checker, "That is not quite right.", "filler") == ()


@pytest.mark.parametrize(
    ("text", "kind", "original", "replacement"),
    [
        ("We meet on a daily basis.", "wordy", "on a daily basis", "daily"),
        ("Due to the fact that it rained, we left.", "wordy", "Due to the fact that", "Because"),
        ("The chairman spoke.", "inclusive", "chairman", "chair"),
        ("Hi guys, the build is green.", "inclusive", "Hi guys", "Hi everyone"),
        ("Swap the master/slave pair.", "inclusive", "master/slave", "primary/replica"),
        ("Add it to the blacklist.", "inclusive", "blacklist", "blocklist"),
        ("Give me a ballpark figure.", "idiom", "ballpark figure", "rough estimate"),
        ("We touched base on Monday.", "idiom", "touched base", "checked in"),
        ("That was low-hanging fruit.", "idiom", "low-hanging fruit", "easy wins"),
    ],
)
def test_each_lexicon_kind(checker, text, kind, original, replacement):
    (f,) = found(checker, text, kind)
    assert (f.kind, f.original, f.replacement) == (kind, original, replacement)


def test_guys_not_used_as_address_is_left_alone(checker):
    assert found(checker, "The guys who built it left.", "inclusive") == ()


# --- grammar rules ------------------------------------------------------------------------


def test_passive_voice_names_the_agent(checker):
    (f,) = found(checker, "The report was written by the committee.", "passive")
    assert (f.original, f.replacement, f.source) == ("was written", None, "rule:passive")
    assert "by the committee" in f.reason


@pytest.mark.parametrize(
    ("text", "original"),
    [
        ("The bridge is being rebuilt.", "is being rebuilt"),
        ("The files were never found.", "were never found"),
        ("It has been carefully reviewed.", "been carefully reviewed"),
        ("Mistakes were made.", "were made"),
        ("They're paid monthly.", "They're paid"),
    ],
)
def test_passive_voice_forms(checker, text, original):
    assert originals(found(checker, text, "passive")) == [original]


@pytest.mark.parametrize(
    "text",
    ["I was tired.", "She is happy.", "He has finished.", "We were interested.", "It was red."],
)
def test_not_passive(checker, text):
    assert found(checker, text, "passive") == ()


def test_passive_yields_to_an_adverb_inside_it_and_keeps_the_participle(checker):
    findings = found(checker, "The form was quickly approved.", "passive", "adverb")
    assert [(f.kind, f.original) for f in findings] == [
        ("adverb", "quickly"),
        ("passive", "approved"),
    ]


def test_adverbs(checker):
    (f,) = found(checker, "She ran quickly to the door.", "adverb")
    assert (f.original, f.replacement, f.kind) == ("quickly", None, "adverb")
    assert found(checker, "Quickly, she ran.", "adverb")[0].original == "Quickly"


@pytest.mark.parametrize(
    "text",
    [
        "My family came early.",
        "Only reply if you apply.",
        "It usually works, mostly.",
        "We met Kelly and Beverly.",
        "Sincerely,",
    ],
)
def test_not_adverbs(checker, text):
    assert found(checker, text, "adverb") == ()


# 16 words, 79 letters: ARI = 4.71 * 79 / 16 + 0.5 * 16 - 21.43 = 9.8, rounded to 10.
HARD = (
    "The committee approved the new proposal after a long discussion about the budget and the "
    "staff."
)


def test_hard_and_very_hard_sentences_follow_hemingway(checker):
    short_words = "We went to the shop and then we came back home to eat our tea."
    assert len(short_words.split()) == 15
    assert found(checker, short_words, "hard_sentence", "very_hard_sentence") == ()
    (f,) = found(checker, HARD, "hard_sentence", "very_hard_sentence")
    assert (f.kind, f.original, f.replacement) == ("hard_sentence", HARD, None)
    assert "16 words, about grade 10" in f.reason
    very = (
        "Organisational restructuring initiatives necessitate comprehensive stakeholder "
        "consultation processes before implementation decisions are finalised by management."
    )
    (f,) = found(checker, very, "hard_sentence", "very_hard_sentence")
    assert f.kind == "very_hard_sentence"
    thirteen = "Organisational restructuring initiatives necessitate comprehensive stakeholder "
    thirteen += "consultation processes before implementation decisions become final."
    assert len(thirteen.split()) == 13
    assert found(checker, thirteen, "hard_sentence", "very_hard_sentence") == ()


def test_repeated_word_within_thirty_words(checker):
    text = "The garden is small. We love the garden. Every garden needs water."
    (f,) = found(checker, text, "repetition")
    assert (f.original, f.start, f.source) == ("garden", text.rindex("garden"), "rule:repetition")
    spread = "garden " + "x " * 15 + "garden " + "y " * 15 + "garden"
    assert found(checker, spread, "repetition") == ()
    assert found(checker, "It is what it is and it is fine.", "repetition") == ()
    keys = "Ctrl+O opens a file, Ctrl+N starts a new one, Ctrl+S saves, Ctrl+E exports."
    assert found(checker, keys, "repetition") == ()  # shortcuts repeat their modifier keys


def test_three_sentences_opening_alike(checker):
    text = "We met. We talked for a while. We left early. They stayed."
    (f,) = found(checker, text, "repetition")
    assert (f.original, f.source) == ("We", "rule:repeated_opening")
    assert f.start == text.index("We left")


def test_monotony_flags_a_run_of_even_sentences(checker):
    even = "The cat sat on the warm mat. " * 2 + "A dog ran in the green park. " * 2
    (f,) = found(checker, even.strip(), "monotony")
    assert (f.start, f.end, f.kind, f.replacement) == (0, len(even.strip()), "monotony", None)
    varied = "The cat sat. A dog ran across the long green park after it. Birds sang. Fine."
    assert found(checker, varied, "monotony") == ()


# --- choosing among overlapping findings --------------------------------------------------


def test_longest_phrase_wins(checker):
    (f,) = found(checker, "Let us delve deeper into it.", "ai_tell")
    assert f.original == "delve deeper into"
    (f,) = found(checker, "It is very unique.", "wordy", "filler")
    assert (f.kind, f.original) == ("wordy", "very unique")


def test_kind_priority_breaks_ties(checker):
    (f,) = found(checker, "It runs seamlessly.", "ai_tell", "adverb")
    assert f.kind == "ai_tell"
    (f,) = found(checker, "It runs seamlessly.", "adverb")
    assert f.kind == "adverb"


def test_sentence_findings_wait_for_word_findings_inside_them(checker):
    with_tell = HARD.replace("approved", "leveraged")
    kinds = found(checker, with_tell, "ai_tell", "hard_sentence", "very_hard_sentence")
    assert [f.kind for f in kinds] == ["ai_tell"]


# --- options ------------------------------------------------------------------------------


def test_kinds_can_be_turned_off(checker):
    text = "Moreover, we utilize the chairman's ballpark figure quickly."
    every = {f.kind for f in found(checker, text)}
    assert {"formulaic", "wordy", "inclusive", "idiom", "adverb"} <= every
    assert {f.kind for f in found(checker, text, "wordy")} == {"wordy"}
    without_tells = checker.check_paragraph(text, kinds=frozenset(KINDS) - {"formulaic"})
    assert "formulaic" not in {f.kind for f in without_tells}
    assert checker.check_paragraph(text, kinds=frozenset()) == ()


def test_ignored_phrases_are_skipped(checker):
    text = "We leveraged it and delved into it quickly."
    assert "leveraged" not in originals(found(checker, text, ignored=frozenset({"leverage"})))
    assert "delved into" not in originals(found(checker, text, ignored=frozenset({"delved into"})))
    assert "quickly" not in originals(found(checker, text, ignored=frozenset({"quickly"})))
    assert len(found(checker, text, "ai_tell", ignored=frozenset({"leverage"}))) == 1


def test_an_ignored_phrase_lets_a_shorter_one_show(checker):
    ignored = frozenset({"delve deeper into"})
    (f,) = found(checker, "Delve deeper into it.", "ai_tell", ignored=ignored)
    assert f.original == "Delve"


def test_findings_are_frozen_values(checker):
    (f,) = found(checker, "We utilize it.", "wordy")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 3  # type: ignore[misc]
    assert hash(f) == hash(Finding(**{k.name: getattr(f, k.name) for k in dataclasses.fields(f)}))


def test_check_paragraph_is_pure(checker):
    text = "Moreover, we leverage robust tools. It was written quickly."
    assert checker.check_paragraph(text) == checker.check_paragraph(text)


def test_a_custom_lexicon_folder(tmp_path):
    shipped = resource_path("lexicons", "wordlists.toml")
    (tmp_path / "wordlists.toml").write_bytes(shipped.read_bytes())
    (tmp_path / "mine.toml").write_text(
        'kind = "wordy"\n[[entry]]\nphrase = "{at|in} the end of the day"\n'
        'replace = ""\nreason = "Filler."\n',
        encoding="utf-8",
    )
    (f,) = StyleChecker(tmp_path).check_paragraph("In the end of the day, it works.")
    assert (f.original, f.replacement) == ("In the end of the day, it", "It")
    assert f.source == "lexicon:mine:at-the-end-of-the-day"


# --- properties ---------------------------------------------------------------------------


# Every seventh wording of the lexicons, so examples stay varied but small.
PHRASES = sorted({v.text for v in CHECKER.lexicons.variants()})[::7]
FILLER_WORDS = ["the", "team", "was", "written", "quickly", "data", "we", "it", "very", "and"]
token = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(FILLER_WORDS),
    st.sampled_from([",", ".", "!", "?"]),
).map(lambda s: s.replace("'", "’") if len(s) % 2 else s)
casing = st.sampled_from([str.lower, str.upper, str.capitalize, lambda s: s])


@st.composite
def paragraphs(draw):
    parts = draw(st.lists(st.tuples(token, casing), min_size=1, max_size=40))
    text = ""
    for word, case in parts:
        word = case(word)
        text += word if word in ",.!?" or not text else " " + word
    return text


@settings(max_examples=300, deadline=None)
@given(paragraphs())
def test_findings_keep_their_promises(text):
    findings = CHECKER.check_paragraph(text)
    for layer in layers(findings):
        previous_end = 0
        for f in layer:
            assert f.original == text[f.start : f.end]
            assert previous_end <= f.start < f.end
            previous_end = f.end
            assert f.kind in KINDS
            assert f.reason
            if f.alternatives:
                assert f.alternatives[0] == f.replacement
        applied = apply(text, layer)
        assert "  " not in applied


def layers(findings):
    """The findings of the structural patterns and the others: each layer never overlaps."""
    return ([f for f in findings if f.kind not in PATTERN_KINDS],
            [f for f in findings if f.kind in PATTERN_KINDS])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=6)), max_size=25))
def test_any_text_keeps_offsets_exact(parts):
    text = " ".join(parts)
    for layer in layers(CHECKER.check_paragraph(text)):
        previous_end = 0
        for f in layer:
            assert f.original == text[f.start : f.end]
            assert previous_end <= f.start < f.end
            previous_end = f.end


def test_lowercasing_that_changes_length_keeps_offsets(checker):
    text = "İİ We leverage it."
    (f,) = found(checker, text, "ai_tell")
    assert f.original == "leverage" == text[f.start : f.end]


def test_a_deletion_does_not_push_out_a_phrase_starting_at_the_next_word(checker):
    text = "Moreover, it is important to note that cycling helps."
    assert originals(found(checker, text, "ai_tell", "formulaic")) == [
        "Moreover, ",
        "it is important to note that ",
    ]
    text = "In conclusion, robust tools win."
    assert originals(found(checker, text, "ai_tell", "formulaic")) == ["In conclusion, ", "robust"]
    text = "In conclusion, tools win."
    assert originals(found(checker, text, "formulaic")) == ["In conclusion, tools"]
