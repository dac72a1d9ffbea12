"""Rewrite prompts: stable prefixes, the base few-shot format, chat messages."""

from __future__ import annotations

import pytest

from app.core.prompts import (
    MAX_WRITER_EXAMPLES,
    TONE_DESCRIPTIONS,
    TONES,
    Example,
    build_rewrite_prompt,
)

TEXT = "It is important to note that the meeting has been moved to Thursday."


def common_prefix(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def test_tones_each_have_a_description():
    assert TONES == (
        "Natural", "Warm", "Formal", "Casual", "Confident", "Empathetic", "Concise", "Simple",
    )  # fmt: skip
    assert all(TONE_DESCRIPTIONS[t] for t in TONES)


@pytest.mark.parametrize("tone", TONES)
def test_base_prompt_ends_where_the_rewrite_begins(tone):
    prompt = build_rewrite_prompt(TEXT, tone)
    label = f"Rewrite ({tone.lower()}):"
    assert prompt.style == "base" and prompt.messages == ()
    assert prompt.text.endswith(f"Original: {TEXT}\n{label}")
    assert prompt.text.count(label) == 4  # three examples, then the open one
    assert prompt.stop == ("\n",) and prompt.original == TEXT
    assert 30 < prompt.max_tokens < 80
    assert len(prompt.text) < 1400  # small: prefill cannot be interrupted cheaply


def test_requests_in_one_tone_share_everything_before_the_text():
    first = build_rewrite_prompt(TEXT, "Warm").text
    second = build_rewrite_prompt("We are thrilled to announce our new app.", "Warm").text
    shared = common_prefix(first, second)
    assert first[:shared].endswith("Original: ")
    assert shared > 0.8 * len(first)


def test_writer_examples_follow_the_fixed_part_and_are_capped():
    plain = build_rewrite_prompt(TEXT, "Casual").text
    mine = [Example(f"Original number {i}.", f"Mine {i}.") for i in range(5)]
    mine.append(Example("x" * 400, "y" * 400))  # too long to be worth its tokens
    personal = build_rewrite_prompt(TEXT, "Casual", examples=mine).text
    fixed = plain[: plain.rindex("Original: ")]
    assert personal.startswith(fixed)
    used = [i for i in range(5) if f"Mine {i}." in personal]
    assert used == [3, 4] and len(used) == MAX_WRITER_EXAMPLES
    assert "xxxx" not in personal


def test_text_is_flattened_to_one_line_and_context_is_trimmed():
    prompt = build_rewrite_prompt("First line\nsecond   line", "Natural", context="word " * 200)
    assert "Original: First line second line\n" in prompt.text
    context_line = next(line for line in prompt.text.split("\n") if line.startswith("(Text"))
    assert context_line.startswith("(Text before it: …word") and len(context_line) < 280


def test_chat_prompt_alternates_roles_and_keeps_the_fixed_part_first():
    prompt = build_rewrite_prompt(TEXT, "Formal", style="chat", context="We met on Monday.")
    roles = [role for role, _ in prompt.messages]
    assert roles == ["user", "assistant", "user", "assistant", "user"]
    assert "formal" in prompt.messages[0][1] and "rewritten text only" in prompt.messages[0][1]
    assert prompt.messages[-1][1].endswith(TEXT) and "We met on Monday." in prompt.messages[-1][1]
    assert prompt.text == "" and prompt.stop == ()
    other = build_rewrite_prompt("Another text.", "Formal", style="chat")
    assert other.messages[:-1] == prompt.messages[:-1]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"tone": "Sarcastic"}, "unknown tone"), ({"style": "json"}, "style"), ({}, "nothing")],
)
def test_bad_requests_are_refused(kwargs, error):
    text = "" if not kwargs else TEXT
    with pytest.raises(ValueError, match=error):
        build_rewrite_prompt(text, **kwargs)
