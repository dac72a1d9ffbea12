"""The first-run welcome page: when it appears, and that it shows the app at work."""

from __future__ import annotations

from app import paths
from app.cli import rule_suggestions
from app.core.analysis.incremental import analyze_text
from app.ui.editor.welcome import is_first_run, show_welcome


def test_a_first_start_opens_the_welcome_page_unsaved_and_unmodified(window, qtbot):
    w = window()
    assert is_first_run(w, file_given=False, recovery_offered=False)
    assert show_welcome(w)
    assert w.editor.toPlainText().startswith("# Welcome to Humanize")
    assert w.session.path is None  # the bundled file is never the save target
    assert not w.editor.document().isModified()  # closing it asks nothing
    assert w.editor.textCursor().position() == 0
    # The machine-sounding paragraph gets underlined as soon as the analysis has run.
    qtbot.waitUntil(lambda: w.suggestions.model.counts().get("ai_tell", 0) >= 3, timeout=10_000)


def test_no_welcome_with_a_file_a_recovery_offer_or_recent_files(window, tmp_path):
    w = window()
    assert not is_first_run(w, file_given=True, recovery_offered=False)
    assert not is_first_run(w, file_given=False, recovery_offered=True)
    w.remember_recent(str(tmp_path / "draft.md"))
    assert not is_first_run(w, file_given=False, recovery_offered=False)


def test_no_welcome_over_text_already_in_the_window(window):
    w = window()
    w.editor.setPlainText("A restored draft.")
    assert not is_first_run(w, file_given=False, recovery_offered=False)


def test_the_welcome_draft_shows_off_the_gauges_and_underlines():
    text = paths.resource_path("welcome.md").read_text(encoding="utf-8")
    draft = text.split("\n\n")[1]  # the machine-sounding paragraph
    assert analyze_text(draft).humanness.score < 40
    kinds = {s["kind"] for s in rule_suggestions(draft)}
    assert "ai_tell" in kinds
    assert "Alt+Enter" in text and "F8" in text  # the keys it explains are the real ones


def test_the_self_test_rewrites_the_welcome_drafts_machine_paragraph():
    from app import paths
    from app.selftest import SAMPLE

    # Chosen together: the built-in model's rewrite of it passes the quality gate (on 1 and 2
    # threads, native and portable llama.cpp builds), so the welcome draft shows a rewrite.
    assert SAMPLE in paths.resource_path("welcome.md").read_text(encoding="utf-8")
