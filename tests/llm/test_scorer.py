"""Reading a text with the real built-in model: surprisal per token, its spans, cancelling, and
judging candidate wordings."""

from __future__ import annotations

import threading

import pytest

from app.llm.scorer import Scorer

SENTENCE = "The harbour master counted the boats before the storm arrived."


@pytest.fixture(scope="module")
def scorer(engine):
    reader = Scorer(engine)
    yield reader
    reader.close()


def test_a_repeated_sentence_is_less_surprising_the_second_time(scorer):
    scores = scorer.score(f"{SENTENCE} {SENTENCE}")
    half = len(scores.surprisal) // 2
    first, second = scores.surprisal[:half], scores.surprisal[half:]
    assert sum(second) / len(second) < 0.5 * sum(first) / len(first)
    assert all(rank >= 0 for rank in scores.ranks)


def test_token_spans_land_on_the_text_after_emoji_and_other_scripts(scorer):
    text = "😀 東京 — Lisbon's trams are yellow."
    scores = scorer.score(text)
    assert len(scores.spans) == len(scores.surprisal) == len(scores.ranks)
    pieces = [text[a:b] for a, b in scores.spans]
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    assert any(p.strip() == "yellow" for p in pieces)


def test_context_makes_a_continuation_less_surprising(scorer):
    alone = scorer.score("counted the boats.").mean
    after = scorer.score("counted the boats.", context="The harbour master").mean
    assert after < alone


def test_cancelling_stops_reading(scorer):
    cancel = threading.Event()
    cancel.set()
    assert scorer.score(SENTENCE * 5, cancel=cancel) is None
    assert scorer.score("A short one.").surprisal  # still works afterwards


def test_continuations_prefer_the_fluent_wording(scorer):
    (good, n_good), (bad, n_bad) = scorer.continuations(
        "I went to the shop and bought", [" some milk and bread.", " bread milk and some."])
    assert good / n_good > bad / n_bad


def test_scoring_leaves_the_rewrite_cache_alone(engine, scorer):
    list(engine.stream("Once upon a time", max_tokens=4, temperature=0.0))
    cached = engine.native.n_tokens
    scorer.score(SENTENCE)
    list(engine.stream("Once upon a time", max_tokens=4, temperature=0.0))
    assert engine.last_stats.reused_tokens >= cached - 4 - 1
