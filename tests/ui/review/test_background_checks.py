"""The spelling and grammar thread's order of work, with real Harper: a whole document gets a
first pass and then every rule, and what the writer types or looks at goes ahead of it."""

from __future__ import annotations

import pytest

from app.ui.review.background_checks import FIRST_PASS_AFTER, FIRST_PASS_BATCH, BackgroundChecks


@pytest.fixture
def checks(qtbot):
    checks = BackgroundChecks("us", ())
    arrived: list[tuple[int, str]] = []
    checks.ready.connect(arrived.extend)
    checks.arrived = arrived
    yield checks
    checks.shutdown()


def sources(checks, text):
    return {f.source for f in checks.findings(text)}


def document(count):
    return [(i, f"Paragraph {i}: please bare with me while I fix teh sink.")
            for i in range(count)]  # fmt: skip


def test_a_whole_document_gets_a_first_pass_and_then_every_rule(checks, qtbot):
    lines = document(FIRST_PASS_AFTER * 3)
    checks.request(lines)
    last = lines[-1][1]
    # Spelling and the common slips reach the last paragraph before the rarer rules are run.
    qtbot.waitUntil(lambda: bool(checks.findings(last)), timeout=30_000)
    assert sources(checks, last) == {"harper:The"}
    qtbot.waitUntil(lambda: checks.waiting == 0, timeout=60_000)
    assert all(sources(checks, text) == {"harper:The", "harper:BareWithMe"}
               for _, text in lines)  # fmt: skip
    # Each paragraph came twice, every first pass before any check with all the rules.
    assert checks.arrived == lines + lines


def test_a_few_paragraphs_are_checked_with_every_rule_at_once(checks, qtbot):
    lines = document(3)
    checks.request(lines)
    qtbot.waitUntil(lambda: checks.waiting == 0, timeout=30_000)
    assert len(checks.arrived) == 3
    assert all(len(checks.findings(text)) == 2 for _, text in lines)


def test_an_edit_goes_ahead_of_the_document(checks, qtbot):
    lines = document(FIRST_PASS_AFTER * 6)
    checks.request(lines)
    edit = "I recieve the parcel, bare with me."
    checks.request([(7, edit)], urgent=True)
    qtbot.waitUntil(lambda: bool(checks.findings(edit)), timeout=30_000)
    assert len(checks.findings(edit)) == 2  # every rule, not the first pass
    assert checks.arrived.index((7, edit)) <= FIRST_PASS_BATCH  # after one batch at most


def test_asking_urgently_for_what_waits_moves_it_ahead(checks, qtbot):
    lines = document(FIRST_PASS_AFTER * 6)
    checks.request(lines)
    last = lines[-1]
    checks.request([last], urgent=True)
    qtbot.waitUntil(lambda: len(checks.findings(last[1])) == 2, timeout=30_000)
    qtbot.waitUntil(lambda: checks.waiting == 0, timeout=90_000)
    assert checks.arrived.index(last) <= FIRST_PASS_BATCH  # after one batch at most
    assert checks.arrived.count(last) == 1  # not checked again when its turn came


def test_a_new_word_list_drops_the_old_work(checks, qtbot):
    lines = [(i, f"Paragraph {i}: we met at the zorbing centre.") for i in range(200)]
    checks.request(lines)
    assert checks.configure("us", ["zorbing"])
    assert checks.waiting == 0
    checks.request(lines[:2])
    qtbot.waitUntil(lambda: checks.waiting == 0, timeout=30_000)
    assert [f.original for f in checks.findings(lines[0][1])] == ["centre"]
    assert not checks.findings(lines[-1][1])  # the old work was not done
    assert {line for line, _ in checks.arrived} <= {0, 1}


def test_dropping_the_work_forgets_first_pass_answers_and_ends_the_progress(checks, qtbot):
    lines = document(FIRST_PASS_AFTER * 3)
    progress: list[float] = []
    checks.progress.connect(progress.append)
    checks.request(lines)
    qtbot.waitUntil(lambda: bool(checks.findings(lines[0][1])), timeout=30_000)
    checks.drop_work()
    assert checks.waiting == 0 and progress[-1] == 1.0
    known = [text for _, text in lines if checks.findings(text)]
    # Only answers from every rule are kept; asked again, the rest are checked in full.
    assert all(len(checks.findings(text)) == 2 for text in known)
    checks.request(lines)
    qtbot.waitUntil(lambda: checks.waiting == 0, timeout=60_000)
    assert all(len(checks.findings(text)) == 2 for _, text in lines)
