"""Full garbage-collection passes wait for a pause in the writing."""

from __future__ import annotations

import gc
import sys
import weakref

from app import memory
from app.ui import idle_collect
from app.ui.editor.writer_editor import WriterEditor


def test_a_due_full_pass_runs_in_the_pause_after_typing(qtbot, monkeypatch):
    monkeypatch.setattr(idle_collect, "IDLE_MS", 200)
    threshold = gc.get_threshold()
    try:
        editor = WriterEditor()
        qtbot.addWidget(editor)
        collector = idle_collect.IdleCollector(editor)
        assert gc.get_threshold()[2] == memory.FULL_PASS_AFTER
        passes = []
        monkeypatch.setattr(idle_collect, "collect_if_due",
                            lambda: passes.append(gc.get_count()[2]) or memory.collect_if_due())
        qtbot.keyClicks(editor, "A few words")
        for _ in range(memory.DUE_AFTER):
            gc.collect(1)  # middle-generation passes: a full one is now due
        assert gc.get_count()[2] >= memory.DUE_AFTER
        qtbot.waitUntil(lambda: bool(passes), timeout=5_000)
        assert passes[0] >= memory.DUE_AFTER  # it ran because one was due
        # Typing again puts the pass off: none runs while keys keep coming.
        passes.clear()
        for _ in range(4):
            qtbot.keyClicks(editor, "x")
            qtbot.wait(80)
        assert not passes
        del collector
    finally:
        gc.set_threshold(*threshold)


def test_collect_if_due_skips_when_nothing_is_due():
    gc.collect()
    gc.collect(1)
    assert memory.collect_if_due() is None  # one middle pass: not due yet
    for _ in range(memory.DUE_AFTER):
        gc.collect(1)
    assert memory.collect_if_due() is not None


def test_a_pass_collects_cycles_and_leaves_survivors_out_of_the_next():
    class Node:
        pass

    garbage = Node()
    garbage.me = garbage  # a reference cycle, dropped before the pass
    alive = Node()
    alive.me = alive  # a cycle still in use
    gone = weakref.ref(garbage)
    del garbage
    for _ in range(memory.DUE_AFTER):
        gc.collect(1)
    frozen = gc.get_freeze_count()
    assert memory.collect_if_due() is not None
    assert gone() is None  # the cycle was collected
    assert gc.get_freeze_count() > frozen  # survivors left the collector's passes
    assert not any(o is alive for o in gc.get_objects())
    # Reference counting still frees a frozen object that is not in a cycle.
    plain = [Node()]
    memory.collect_if_due(due_after=0)
    ref = weakref.ref(plain[0])
    plain.clear()
    assert ref() is None


def test_free_memory_is_handed_back_at_most_once_per_interval(monkeypatch):
    monkeypatch.setattr(memory, "_last_trim", float("-inf"))
    took = memory.return_free_memory()
    if not sys.platform.startswith("linux"):
        assert took is None  # nothing to call: the pause does only the collection
        return
    assert took is not None and took >= 0
    assert memory.return_free_memory() is None  # too soon after the last
    assert memory.return_free_memory(every_s=0) is not None
