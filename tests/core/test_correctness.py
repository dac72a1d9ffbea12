"""Spelling and grammar with real Harper: what a writer sees flagged, where the underline lands,
what is left alone (correct writing, names, Markdown code and links), the personal dictionary
and the dialect."""

import threading
from pathlib import Path

import pytest

from app.core.analysis.correctness import (
    DIALECTS,
    FIRST_PASS,
    KINDS,
    CorrectnessChecker,
    default_dialect,
    fenced_lines,
    harper_config,
)

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def us():
    return CorrectnessChecker("us")


@pytest.fixture(scope="module")
def uk():
    return CorrectnessChecker("uk")


def flagged(checker, text):
    """The flagged texts, in order."""
    return [f.original for f in checker.check_paragraph(text)]


def fixed(checker, text):
    """The paragraph after accepting every finding's replacement."""
    for f in sorted(checker.check_paragraph(text), key=lambda f: f.start, reverse=True):
        if f.replacement is not None:
            text = text[: f.start] + f.replacement + text[f.end :]
    return text


# --- where the underline lands --------------------------------------------------------------


@pytest.mark.parametrize(
    "before",
    [
        "😀 ",
        "👩‍👩‍👧‍👦 🇬🇧 ",  # emoji made of several code points
        "日本語のメモ、",
        "Привет! Καλημέρα. ",
        "Our cafe\u0301 opens late, so ",  # a combining accent
        "\u200b",  # a zero-width space
    ],
)
def test_spans_land_on_the_word_after_emoji_and_other_scripts(us, before):
    text = f"{before}I recieve the post at noon."
    (finding,) = us.check_paragraph(text)
    assert text[finding.start : finding.end] == finding.original == "recieve"
    assert finding.replacement == "receive"


def test_findings_are_well_formed(us):
    text = "Its a shame. They was late, and I definately saw a apple in teh bag."
    findings = us.check_paragraph(text)
    assert findings
    previous_end = 0
    for f in findings:
        assert f.original == text[f.start : f.end]
        assert f.kind in KINDS
        assert f.source.startswith(("harper:", "rule:"))
        assert f.reason and f.reason[-1] in ".?!" and "`" not in f.reason
        assert f.replacement is None or f.replacement == f.alternatives[0]
        assert f.start >= previous_end  # sorted, never overlapping
        previous_end = f.end


# --- what it catches --------------------------------------------------------------------------


def test_a_paragraph_of_common_slips_is_caught(us):
    text = (
        "Its a long drive to the coast. We didn't recieve teh tickets, so they was upset. "
        "I definately packed a apple for the train. Your welcome to come along. We could of "
        "left earlier if the the car had started."
    )
    findings = us.check_paragraph(text)
    expected = ["Its", "recieve", "teh", "they was", "definately", "a apple", "Your welcome",
                "could of", "the the"]  # fmt: skip
    caught = []
    for slip in expected:
        start = text.index(slip)
        end = start + len(slip)
        if any(f.start < end and start < f.end for f in findings):
            caught.append(slip)
    assert len(caught) >= 8, f"missed {sorted(set(expected) - set(caught))}"
    assert fixed(us, text) == (
        "It's a long drive to the coast. We didn't receive the tickets, so they were upset. "
        "I definitely packed an apple for the train. You're welcome to come along. We could "
        "have left earlier if the car had started."
    )


def test_accepting_the_fixes_leaves_nothing_to_flag(us):
    text = "He don't know the way, and we was lost untill noon. Its a long road."
    corrected = fixed(us, text)
    assert corrected == "He doesn't know the way, and we were lost until noon. It's a long road."
    assert us.check_paragraph(corrected) == ()


@pytest.mark.parametrize(
    ("text", "slip", "replacement"),
    [
        ("Last time they was spread out along the road.", "they was", "they were"),
        ("She have a spare key, I think.", "have", "has"),
        ("I has a question about the invoice.", "has", "have"),
        ("It don't matter now.", "don't", "doesn't"),
        ("Your welcome!", "Your welcome", "You're welcome"),
        ("Oh, your welcome, it was nothing.", "your welcome", "you're welcome"),
        ("You should of told me.", "should of", "should have"),
        ("We must of missed the turn.", "must of", "must have"),
        ("I need alot of coffee.", "alot", "a lot"),
        ("Irregardless of the cost, we're going.", "Irregardless", "Regardless"),
        ("Me and him went to the match.", "Me and him", "He and I"),
        ("Less people came this year.", "Less", "Fewer"),
        ("Some families told us their going away in August.", "their", "they're"),
        ("Your going to love this recipe.", "Your", "You're"),
        ("Don't loose your ticket.", "loose", "lose"),
        ("I am loosing my patience.", "loosing", "losing"),
        ("Lets go to the beach.", "Lets", "Let's"),
        ("Between you and I, the cake was dry.", "Between you and I", "Between you and me"),
        ("The dog chased it's tail.", "it's", "its"),
        ("She is taller then her brother.", "then", "than"),
        ("I cant find my keys.", "cant", "can't"),
        ("There going to be late again.", "There", "They're"),
        ("I seen him at the park.", "I seen", "I saw"),
        ("Me and my sister went to the beach.", "Me and my sister", "My sister and I"),
        ("Please send it to John and I.", "John and I", "John and me"),
        ("Whose going to the party?", "Whose", "Who's"),
        ("We went to paris in June.", "paris", "Paris"),
    ],
)
def test_common_slips_have_a_fix(us, text, slip, replacement):
    findings = [f for f in us.check_paragraph(text) if f.original == slip]
    assert findings, f"{slip!r} not flagged in {text!r}: {us.check_paragraph(text)}"
    assert findings[0].replacement == replacement
    assert findings[0].kind in KINDS


def test_a_word_doubled_across_a_line_break_is_flagged(us):
    text = "We walked down to the\nthe shop on the corner."
    (finding,) = us.check_paragraph(text)
    assert finding.original == "the\nthe"
    assert finding.replacement == "the"
    assert finding.kind == "typo"


def test_a_misspelled_capitalised_word_at_the_start_of_a_sentence_is_flagged(us):
    (finding,) = us.check_paragraph("Definately the best pizza in town.")
    assert finding.replacement == "Definitely"


def test_a_lowercase_sentence_start_is_flagged_among_capitalised_ones(us):
    text = "We got there at six. The doors were shut. we waited in the car. It rained."
    (finding,) = us.check_paragraph(text)
    assert (finding.original, finding.replacement) == ("we", "We")


# --- what it leaves alone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # casual, with names, slang and a texting register
        "Priya's flat is tiny but the view's amazing, honestly. Tomasz reckons it's worth it.",
        "lol ok, pls grab milk on the way back? I'll pay u later",
        "We're gonna be late, hon. Grab your coat and let's go.",
        "she said she'd be here by eight. she wasn't. typical.",
        # a story with dialogue
        "“You again?” Marguerite said, wiping down the counter. “Coffee, black, no sugar?”",
        "He'd had had enough of the rain, or so he told everyone at the Dunmore Arms.",
        # business and formal
        "Dear Ms Achterberg, thank you for your email of 3 March. The invoice is attached.",
        "Please confirm the booking by Friday; the deposit of $450 is refundable until June 1.",
        "If I were you, I would ask Okonkwo & Partners for a second quote.",
        # technical and instructions
        "Set the timeout to 30 seconds and restart the service with `systemctl restart web`.",
        "The Raspberry Pi 4 needs a 3A USB-C supply; anything less and it throttles.",
        "Whisk the eggs, then fold in 200g of flour and a pinch of salt.",
        # tricky but right
        "I know that that is true, and it was really, really good.",
        "Sam and she have both moved to Denver, as it were.",
        "Thanks for your welcome last night; your welcome pack is in the post.",
        "A simple thank you was all she wanted after World War I was over.",
        "There was less traffic and less noise than usual, so the knot came loose.",
        "It's no wonder every one of us was tired; saying no to things is hard.",
        "What they don't tell you is this: rest can lead to burnout less than you'd think.",
        "Better sleep leads to improved focus, and people feel less alone in their offline lives.",
        "Your welcome speech was lovely, and it was me and him who went first.",
        "Send it to John and I will pay; whose is this, and is anyone there going to help?",
        "Have I seen this before? You seen him? The cant of politicians never changes.",
    ],
)
def test_correct_writing_is_not_flagged(us, text):
    assert us.check_paragraph(text) == ()


def test_a_paragraph_written_in_lower_case_on_purpose_is_not_nagged(us):
    text = "ok so i finally got the job. sam says hi. see u monday, i'm buying the cake"
    assert us.check_paragraph(text) == ()
    # Capitals elsewhere show the writer capitalises, so a lower-case "i" is a slip.
    assert flagged(us, "We got there late. The film had started. Then i saw Tom.") == ["i"]


def test_british_object_order_is_not_flagged(uk):
    assert uk.check_paragraph("Give it him when he comes, and send it me after.") == ()


def test_checking_many_paragraphs_at_once_finds_the_same_as_one_by_one(us):
    lines = [
        line
        for path in sorted((DATA / "correctness").rglob("*.md"))
        for line in path.read_text(encoding="utf-8").split("\n")
    ]
    lines += ["<!-- a comment that never closes", "I recieve the post.", "```", "teh end",
              "# Notes on teh garden", "- they was here", "    codez = recieve()"]  # fmt: skip
    assert us.check_paragraphs(lines) == [us.check_paragraph(line) for line in lines]
    assert sum(map(len, us.check_paragraphs(lines))) >= 40


def test_the_first_pass_finds_typos_and_common_slips_and_leaves_the_rest_for_later(us):
    config = harper_config(us._linter)
    assert all(config.get(rule) for rule in FIRST_PASS)  # every one a rule Harper has, kept on
    first = harper_config(us._linter, only=FIRST_PASS)
    assert {rule for rule, on in first.items() if on} == set(FIRST_PASS)
    lines = ["Please bare with me while I fix teh sink.", "Its a apple, and I recieve it.",
             "The dog wagged it's tail."]  # fmt: skip
    full = us.check_paragraphs(lines)
    quick = us.check_paragraphs(lines, first_pass=True)
    assert [f.original for f in full[0]] == ["bare", "teh"]  # "bear with me": a rarer rule
    assert [f.original for f in quick[0]] == ["teh"]
    assert quick[1:] == full[1:]


def test_the_first_pass_follows_the_dictionary_and_the_dialect():
    checker = CorrectnessChecker("us")
    text = "We met at the zorbing centre."
    assert [f.original for f in checker.check_paragraphs([text], first_pass=True)[0]] == [
        "zorbing", "centre"]  # fmt: skip
    checker.add_word("zorbing")
    assert [f.original for f in checker.check_paragraphs([text], first_pass=True)[0]] == [
        "centre"]  # fmt: skip
    checker.set_dialect("uk")
    assert checker.check_paragraphs([text], first_pass=True) == [()]


def test_markdown_code_links_and_headings_are_not_flagged(us):
    assert us.check_paragraph("Run `pip instal frobnicatr` to set it up.") == ()
    assert us.check_paragraph("See [the guide](https://exmaple.com/wierd-pathh) first.") == ()
    assert us.check_paragraph("Mail <https://exmaple.org/qwzx> or visit exmaple.org/qwzx.") == ()
    assert us.check_paragraph("## What it does and why") == ()  # no title-case nagging
    assert us.check_paragraph("```pythn") == ()
    assert us.check_paragraph("    indentd = codez(x)") == ()
    # The words of a link and a heading are still prose.
    assert flagged(us, "See [the wierd guide](https://example.com) first.") == ["wierd"]
    assert flagged(us, "# Notes on teh garden") == ["teh"]


def test_fenced_lines_are_found_for_the_caller_to_skip():
    lines = ["Intro", "```python", "x = recieve()", "```", "Outro", "~~~", "still code"]
    assert fenced_lines(lines) == frozenset({1, 2, 3, 5, 6})


def test_blank_lines_have_no_findings(us):
    assert us.check_paragraph("") == ()
    assert us.check_paragraph("   ") == ()


# --- the writer's dictionary and dialect --------------------------------------------------------


def test_the_personal_dictionary_stops_a_flag():
    text = "She calls the gadget a frindle, and the frindle's lid is blue."
    assert flagged(CorrectnessChecker("us"), text) == ["frindle", "frindle's"]
    checker = CorrectnessChecker("us", words={"frindle"})
    assert checker.check_paragraph(text) == ()
    assert checker.words == frozenset({"frindle"})


def test_adding_a_word_takes_effect_at_once_and_survives_a_dialect_switch():
    checker = CorrectnessChecker("us")
    assert flagged(checker, "We met at the zorbing centre.") == ["zorbing", "centre"]
    checker.add_word("zorbing")
    assert flagged(checker, "We met at the zorbing centre.") == ["centre"]
    checker.set_dialect("uk")
    assert checker.dialect == "uk"
    assert checker.check_paragraph("We met at the zorbing centre.") == ()


def test_the_dialect_changes_the_verdict(us, uk):
    (finding,) = us.check_paragraph("The colour of the sea changed.")
    assert (finding.original, finding.replacement, finding.kind) == ("colour", "color", "spelling")
    assert uk.check_paragraph("The colour of the sea changed.") == ()
    assert flagged(uk, "The color of the sea changed.") == ["color"]


def test_unknown_dialects_are_refused():
    with pytest.raises(ValueError, match="dialect"):
        CorrectnessChecker("klingon")


@pytest.mark.parametrize(
    ("name", "dialect"),
    [
        ("en_GB.UTF-8", "uk"),
        ("en_CA", "canada"),
        ("en-AU", "australia"),
        ("en_IN.utf8", "india"),
        ("en_US.UTF-8", "us"),
        ("English_United Kingdom", "uk"),
        ("de_DE.UTF-8", "us"),
        ("C", "us"),
    ],
)
def test_default_dialect_follows_the_locale(name, dialect):
    assert default_dialect(name) == dialect
    assert default_dialect(name) in DIALECTS


def test_calls_from_two_threads_are_safe(us):
    texts = ["They was late again.", "I recieve the post.", "All fine here."] * 20
    errors = []
    results = []

    def work():
        try:
            results.append(us.check_paragraphs(texts))
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert results[0] == results[1]
    assert [len(r) for r in results[0][:3]] == [1, 1, 0]
