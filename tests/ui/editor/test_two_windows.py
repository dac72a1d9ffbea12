"""Two windows, or two running copies of Humanize, with the same file open: whoever saves second
is asked before replacing the other's save, can keep both, and a crash keeps both drafts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from app import paths
from app.core.fileio import RecoveryStore
from app.ui.editor.autosave import orphaned_entries

Button = QMessageBox.StandardButton


def _open(qtbot, window, path: Path) -> None:
    assert window.session.open_file(path)
    qtbot.waitUntil(lambda: not window.session.is_loading, timeout=10_000)


def _type_at_end(window, text: str) -> None:
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    window.editor.insertPlainText(text)


def test_the_second_window_to_save_is_asked_and_can_keep_both(window, qtbot, dialogs, tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text("The first line.\n", encoding="utf-8")
    first, second = window(), window()
    _open(qtbot, first, path)
    _open(qtbot, second, path)
    _type_at_end(first, "Written in the first window.\n")
    _type_at_end(second, "Written in the second window.\n")

    assert first.session.save()  # nobody else saved meanwhile: no question
    assert dialogs.messages == []
    first_text = "The first line.\nWritten in the first window.\n"
    assert path.read_text(encoding="utf-8") == first_text

    dialogs.answer(Button.Cancel)
    assert not second.session.save()
    assert "changed by another program or window" in dialogs.message_containing("chapter.md")
    assert path.read_text(encoding="utf-8") == first_text  # the first window's save stands
    assert second.session.is_modified  # and the second window's text is still there, unsaved
    assert second.editor.toPlainText().endswith("Written in the second window.\n")

    # Save As… keeps both: the file as the first window left it, this text in a new file.
    kept = tmp_path / "chapter (mine).md"
    dialogs.answer(Button.SaveAll)
    dialogs.save_paths.append(str(kept))
    assert second.session.save()
    assert path.read_text(encoding="utf-8") == first_text
    assert kept.read_text(encoding="utf-8") == "The first line.\nWritten in the second window.\n"
    assert second.session.path == kept and not second.session.is_modified

    # The first window's own save moved its checksum along: it saves again without a question.
    _type_at_end(first, "More.\n")
    asked = len(dialogs.messages)
    assert first.session.save()
    assert len(dialogs.messages) == asked


_INSTANCE = textwrap.dedent("""
    import sys, time
    from PySide6.QtWidgets import QApplication, QWidget, QVBoxLayout
    from app import paths
    from app.core.fileio import RecoveryStore
    from app.ui.editor.document_session import DocumentSession
    from app.ui.editor.writer_editor import WriterEditor

    app = QApplication([])
    window = QWidget()
    editor = WriterEditor(window)
    QVBoxLayout(window).addWidget(editor)
    session = DocumentSession(editor, RecoveryStore(paths.recovery_dir()), 60, window)
    session.open_file(sys.argv[1])
    while session.is_loading:
        app.processEvents()
        time.sleep(0.01)
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(sys.argv[2])
    session.autosaver.save_now()
    session.autosaver.flush()
    print("autosaved", flush=True)
    time.sleep(600)  # until the test kills it, as a crash would
""")


def test_a_crash_of_two_instances_keeps_both_drafts(qtbot, tmp_path):
    path = tmp_path / "shared.md"
    path.write_text("Start.\n", encoding="utf-8")
    instances = [
        subprocess.Popen([sys.executable, "-c", _INSTANCE, str(path), f" Draft {n}."],
                         stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[3])
        for n in (1, 2)
    ]
    try:
        for instance in instances:
            assert instance.stdout.readline().strip() == "autosaved"
        store = RecoveryStore(paths.recovery_dir())
        # Both are alive: neither draft is offered as left behind by a crash.
        assert orphaned_entries(store) == []
    finally:
        for instance in instances:
            instance.kill()  # SIGKILL: no clean-up runs, as in a crash
            instance.wait(30)
            instance.stdout.close()
    drafts = sorted((e.text, e.source_path) for e in orphaned_entries(store))
    assert drafts == [("Start.\n Draft 1.", str(path)), ("Start.\n Draft 2.", str(path))]
    assert path.read_text(encoding="utf-8") == "Start.\n"  # a crash writes nothing to the file
