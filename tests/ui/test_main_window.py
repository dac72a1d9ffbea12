"""The main window as the writer meets it: title, prompts, menus, recovery, state across runs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QTableWidget

import app.cli
from app import main as app_main
from app import paths
from app.core.analysis.incremental import ParagraphMeasurer
from app.core.fileio import FileWriteError, RecoveryStore
from app.settings import SettingsStore
from app.ui.dialogs.recovery import RecoveryDecision
from app.ui.dialogs.shortcuts import ShortcutsDialog
from app.ui.editor import document_session as session_module
from app.ui.main_window import MainWindow
from app.ui.theme import apply_theme, is_dark

Button = QMessageBox.StandardButton


@pytest.fixture
def make_window(qtbot):
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window, before_close_func=_discard_changes)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        _discard_changes(window)
        window.close()


def _discard_changes(window: MainWindow) -> None:
    window.session.new_document(confirmed=True)


def wait_loaded(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.session.is_loading, timeout=30_000)


def action(window: MainWindow, text: str):
    found = [a for a in window.actions() if a.text().replace("&", "") == text]
    assert found, f"no action {text!r}"
    return found[0]


def test_typing_marks_the_window_modified(make_window, qtbot):
    window = make_window()
    assert window.windowTitle() == "Untitled[*] — Humanize"
    assert not window.isWindowModified()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Hi")
    assert window.isWindowModified()
    assert window.save_status.text() == "Unsaved changes"
    assert window.position_status.text() == "Ln 1, Col 3"


def test_open_shows_the_name_and_remembers_the_file(make_window, dialogs, qtbot, tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text("# Chapter\n", encoding="utf-8")
    window = make_window()
    dialogs.open_paths.append(str(path))
    action(window, "Open…").trigger()
    wait_loaded(qtbot, window)
    assert window.windowTitle() == "chapter.md[*] — Humanize"
    assert window.editor.toPlainText() == "# Chapter\n"
    assert window.recent_files == [str(path)]
    assert window.save_status.text() == "Saved"


def test_non_utf8_file_shows_the_encoding_notice(make_window, qtbot, tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("na\u00efve r\u00e9sum\u00e9\n".encode("cp1252"))
    window = make_window()
    window.session.open_file(path)
    wait_loaded(qtbot, window)
    assert window.editor.toPlainText() == "na\u00efve r\u00e9sum\u00e9\n"
    assert window.notice_bar.isVisible()
    assert "Windows-1252" in window.notice_bar.text
    assert "Windows-1252" in window.statusBar().currentMessage()


def test_save_round_trip_through_the_menu(make_window, dialogs, qtbot, tmp_path):
    window = make_window()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Saved words")
    dialogs.save_paths.append(str(tmp_path / "words.md"))
    action(window, "Save").trigger()
    assert (tmp_path / "words.md").read_text(encoding="utf-8") == "Saved words"
    assert not window.isWindowModified()
    assert window.windowTitle() == "words.md[*] — Humanize"


def test_failed_save_shows_why_and_keeps_the_document_unsaved(make_window, dialogs, monkeypatch,
                                                              qtbot, tmp_path):
    def refuse(path, *_args, **_kwargs):
        raise FileWriteError(f"Could not save “{path}”: permission was denied.")

    monkeypatch.setattr(session_module, "write_text_atomic", refuse)
    window = make_window()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "unsaved")
    dialogs.save_paths.append(str(tmp_path / "locked.md"))
    action(window, "Save").trigger()
    assert "permission was denied" in dialogs.message_containing("Could not save")
    assert window.isWindowModified()
    assert window.save_status.text() == "Save failed"
    assert window.editor.toPlainText() == "unsaved"


@pytest.mark.parametrize("answer, closes", [(Button.Cancel, False), (Button.Discard, True)])
def test_closing_with_unsaved_changes_asks(make_window, dialogs, qtbot, answer, closes):
    window = make_window()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "draft")
    dialogs.answer(answer)
    window.close()
    assert "Untitled" in dialogs.message_containing("Do you want to save")
    assert window.isVisible() is not closes
    assert window.editor.toPlainText() == "draft"


def test_new_asks_and_save_choice_saves_first(make_window, dialogs, qtbot, tmp_path):
    window = make_window()
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "keep me")
    dialogs.answer(Button.Save)
    dialogs.save_paths.append(str(tmp_path / "kept.md"))
    action(window, "New").trigger()
    assert (tmp_path / "kept.md").read_text(encoding="utf-8") == "keep me"
    assert window.editor.toPlainText() == ""
    assert window.windowTitle() == "Untitled[*] — Humanize"


def test_recovery_is_offered_after_a_crash(make_window, dialogs, qtbot, tmp_path):
    source = tmp_path / "novel.md"
    source.write_text("What I had saved.\n", encoding="utf-8")
    # What a crashed session leaves behind: an autosave whose owner is gone.
    RecoveryStore(paths.recovery_dir()).save("20250101-000000-1-crashed", "What I had typed.\n",
                                             str(source))
    window = make_window()
    dialogs.dialog_results.append(RecoveryDecision.RESTORE.value)
    window.offer_recovery()
    wait_loaded(qtbot, window)
    assert dialogs.dialogs == ["RecoveryDialog"]
    assert window.editor.toPlainText() == "What I had typed.\n"
    assert window.windowTitle() == "novel.md[*] — Humanize"
    assert window.isWindowModified()
    assert source.read_text(encoding="utf-8") == "What I had saved.\n"


def test_declined_recovery_is_deleted_and_later_keeps_it(make_window, dialogs):
    store = RecoveryStore(paths.recovery_dir())
    store.save("20250101-000000-1-crashed", "old draft", None)
    window = make_window()
    window.offer_recovery()  # closed without choosing: decide later
    assert len(store.entries()) == 1
    dialogs.dialog_results.append(RecoveryDecision.DISCARD.value)
    window.offer_recovery()
    window.session.autosaver.flush()
    assert store.entries() == []
    assert window.editor.toPlainText() == ""


def test_recent_files_and_layout_carry_over_to_the_next_window(make_window, qtbot, tmp_path):
    first = make_window()
    paths_opened = []
    for name in ("a.md", "b.md"):
        path = tmp_path / name
        path.write_text(name, encoding="utf-8")
        first.session.open_file(path)
        wait_loaded(qtbot, first)
        paths_opened.append(str(path))
    first.resize(700, 520)
    first.splitter.setSizes([600, 300])
    sizes = first.splitter.sizes()
    first.close()
    second = make_window()
    assert second.recent_files == list(reversed(paths_opened))
    assert (second.size().width(), second.size().height()) == (700, 520)
    assert second.splitter.sizes() == sizes
    second.recent_menu.aboutToShow.emit()
    labels = [a.text() for a in second.recent_menu.actions()]
    assert labels[0].startswith("&1 b.md") and labels[1].startswith("&2 a.md")
    second.clear_recent()
    assert SettingsStore(paths.config_dir()).load_state().recent_files == []


def test_recent_files_are_capped(make_window, qtbot, tmp_path):
    window = make_window()
    window.settings.recent_limit = 2
    for index in range(4):
        window.remember_recent(str(tmp_path / f"{index}.md"))
    assert window.recent_files == [str(tmp_path / "3.md"), str(tmp_path / "2.md")]


def test_theme_choice_applies_and_is_remembered(make_window, qtbot):
    window = make_window()
    app = QApplication.instance()
    try:
        action(window, "Dark").trigger()
        assert is_dark(app.palette())
        qtbot.waitUntil(lambda: is_dark(window.editor.palette()))
        assert SettingsStore(paths.config_dir()).load_settings().theme == "dark"
        action(window, "Light").trigger()
        assert not is_dark(app.palette())
    finally:
        apply_theme(app, "system")


def test_side_panel_toggle_is_remembered(make_window):
    window = make_window()
    assert window.gauges.isVisible()
    action(window, "Show Side Panel").trigger()
    assert not window.gauges.isVisible()
    assert SettingsStore(paths.config_dir()).load_settings().show_side_panel is False
    assert not make_window().gauges.isVisible()


def test_replace_all_from_the_menu_is_one_undo_step(make_window, qtbot):
    window = make_window()
    window.editor.setPlainText("old old old")
    action(window, "Replace…").trigger()
    assert window.find_bar.isVisible() and window.find_bar.replace_visible
    qtbot.keyClicks(window.find_bar.query, "old")
    window.find_bar.replacement.setText("new")
    window.find_bar.replace_all()
    assert window.editor.toPlainText() == "new new new"
    action(window, "Undo").trigger()
    assert window.editor.toPlainText() == "old old old"


def test_dropped_file_opens(make_window, qtbot, tmp_path):
    path = tmp_path / "dropped.txt"
    path.write_text("from a drop", encoding="utf-8")
    window = make_window()
    window.editor.file_dropped.emit(str(path))
    wait_loaded(qtbot, window)
    assert window.editor.toPlainText() == "from a drop"


def test_shortcuts_are_listed(make_window):
    window = make_window()
    action(window, "Keyboard Shortcuts").trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Save"] == "Ctrl+S"
    assert rows["Find"] == "Ctrl+F"
    assert rows["Replace"] == "Ctrl+H"
    assert "F9" in rows["Show Side Panel"]
    dialog.close()


def test_big_file_keeps_the_full_window_responsive(make_window, qtbot, tmp_path):
    from tests.ui.editor.test_document_session import big_markdown

    text = big_markdown(20 * 1024 * 1024)
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    window = make_window()
    # The first measurement ever loads the syllable lexicon (a one-off cost of the gauges, not
    # of loading a file); get it out of the way so only the load itself is timed.
    ParagraphMeasurer().measure("Warm up.")
    busy: list[float] = []
    last = [time.thread_time()]

    def beat() -> None:
        now = time.thread_time()
        busy.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    window.session.open_file(path)
    wait_loaded(qtbot, window)
    beat()
    heartbeat.stop()
    assert window.editor.toPlainText() == text
    assert window.highlight_status.isVisible()
    assert max(busy) < 0.2, f"longest stall {max(busy):.3f}s"


# --- the entry point --------------------------------------------------------------------------


def test_check_subcommand_runs_without_a_window(monkeypatch):
    calls = []
    monkeypatch.setattr(app.cli, "main", lambda argv: calls.append(argv) or 3)
    with pytest.raises(SystemExit) as stop:
        app_main.run(["humanize-writer", "check", "draft.md", "--json"])
    assert stop.value.code == 3
    assert calls == [["draft.md", "--json"]]


def test_command_line_options():
    args = app_main.build_parser().parse_args(
        ["notes.md", "--config-dir", "/tmp/portable", "--theme", "dark", "--verbose"])
    assert args.file == Path("notes.md")
    assert args.config_dir == Path("/tmp/portable")
    assert args.theme == "dark"
    assert args.verbose
    with pytest.raises(SystemExit):
        app_main.build_parser().parse_args(["--theme", "purple"])


def test_several_crashed_drafts_each_get_a_window(make_window, dialogs, qtbot):
    store = RecoveryStore(paths.recovery_dir())
    store.save("20250101-000000-1-first", "first draft", None)
    store.save("20250101-000000-2-second", "second draft", None)
    window = make_window()
    dialogs.dialog_results.append(RecoveryDecision.RESTORE.value)
    before = set(QApplication.topLevelWidgets())
    window.offer_recovery()
    extra = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, MainWindow) and w not in before]
    assert len(extra) == 1
    try:
        texts = {window.editor.toPlainText(), extra[0].editor.toPlainText()}
        assert texts == {"first draft", "second draft"}
        assert window.isWindowModified() and extra[0].isWindowModified()
    finally:
        _discard_changes(extra[0])
        extra[0].close()
