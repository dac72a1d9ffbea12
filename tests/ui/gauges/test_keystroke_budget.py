"""Nothing slow sneaks back into the keystroke: each per-paragraph check runs once per
keystroke, on the edited paragraph only (counted, not timed; bench/gauges.py has the times)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QTextCursor

import app.core.analysis.incremental as incremental
from app.core.analysis.incremental import shared_style_checker
from app.core.analysis.sentiment import SentimentScorer

DRAFT = ("In today's fast-paced world, we delve into data.\n\n"
         "The second paragraph is where we type. It is plain enough.\n\n"
         "A third one, which nobody touches, with a robust tool in it.")


def test_each_check_runs_once_and_only_on_the_edited_paragraph(window, qtbot, monkeypatch):
    w = window()
    w.review.set_goal("all")
    w.editor.setPlainText(DRAFT)
    qtbot.waitUntil(lambda: w.review.settled and not w.live.measuring, timeout=20_000)
    calls: dict[str, list[str]] = defaultdict(list)

    def counting(name, function):
        def counted(text, *args, **kwargs):
            calls[name].append(text)
            return function(text, *args, **kwargs)
        return counted

    monkeypatch.setattr(incremental, "count_readability",
                        counting("readability", incremental.count_readability))
    monkeypatch.setattr(incremental, "count_humanness",
                        counting("humanness", incremental.count_humanness))
    original_count = SentimentScorer.count
    monkeypatch.setattr(SentimentScorer, "count",
                        lambda self, text: (calls["sentiment"].append(text),
                                            original_count(self, text))[1])
    checker = shared_style_checker()
    computed = checker.computed

    block = w.editor.document().findBlockByNumber(2)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    w.editor.setTextCursor(cursor)
    qtbot.keyClicks(w.editor, "s")
    qtbot.waitUntil(lambda: w.review.settled, timeout=10_000)

    edited = w.editor.document().findBlockByNumber(2).text()
    assert edited.endswith("enough.s")
    assert checker.computed - computed == 1  # the rules cut the paragraph up once
    for name in ("readability", "sentiment", "humanness"):
        assert calls[name] == [edited], name
