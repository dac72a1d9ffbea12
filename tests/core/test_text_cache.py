"""Caches keyed by paragraph text keep the document's texts and a few edited-away ones."""

from __future__ import annotations

from collections import OrderedDict

from app.core.text_cache import forget_stale


def test_edited_away_texts_go_first_and_the_document_stays():
    document = [f"paragraph {i}" for i in range(50)]
    cache = OrderedDict((t, len(t)) for t in document)
    asked = []

    def current():
        asked.append(1)
        return set(document)

    for edit in range(200):
        cache[f"edited away {edit}"] = 0
        forget_stale(cache, len(document), current, slack=20)
        assert len(cache) <= len(document) + 20
    assert all(t in cache for t in document)  # the oldest entries, but in the document
    assert "edited away 199" in cache and "edited away 0" not in cache
    assert len(asked) < 200 / 5  # the document is asked for only when trimming


def test_a_hard_limit_holds_even_for_a_huge_document():
    document = [f"line {i}" for i in range(1000)]
    cache = OrderedDict((t, 0) for t in document)
    forget_stale(cache, len(document), lambda: set(document), slack=10, limit=100)
    assert len(cache) == 100
    assert list(cache)[-1] == "line 999"  # the newest kept
