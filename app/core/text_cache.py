"""Caches keyed by paragraph text, bounded by the document they serve.

An edit makes a new text for its paragraph, and the old one is rarely asked for again (undo
and redo ask for a few). A fixed bound of thousands of entries kept every edited-away text
for hours: resident memory rose in bench soak as the caches filled. `forget_stale` keeps a
cache to the texts in the document plus `slack` others (the most recently used of them):
when it holds more than the document's lines and the slack, the oldest texts that are not in
the document go first, and only then the oldest of any.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection

SLACK = 300  # edited-away texts kept (for undo, redo and a paragraph typed back)
# Caches keyed by sentence (VADER's scores, readability's pieces, the emotion model's
# probabilities), oldest first out. They serve re-measuring the paragraph being edited, whose
# other sentences are found again; whole paragraphs are cached by the callers above them. A
# keystroke adds an entry to each (about 1.2 KB in all, measured), so 20,000 of each grew for
# half an hour of typing; 8,000 holds a 150,000-word draft's sentences and stops growing in
# minutes.
SENTENCE_CACHE = 8_000


def forget_stale(cache: OrderedDict, lines: int, in_document: Callable[[], Collection[str]],
                 slack: int = SLACK, limit: int | None = None) -> None:
    """Trim `cache` (oldest first) once it has more than lines + slack entries: down to
    lines + slack // 2, texts not in the document first. `limit` caps it whatever the
    document (a huge paste); `in_document` is called only when trimming."""
    bound = lines + slack
    if limit is not None:
        bound = min(bound, limit)
    if len(cache) <= bound:
        return
    target = max(0, bound - slack // 2)
    current = in_document()
    for text in [t for t in cache if t not in current]:
        if len(cache) <= target:
            break
        del cache[text]
    while len(cache) > bound:  # only past `limit`: the document alone has more texts
        cache.popitem(last=False)
