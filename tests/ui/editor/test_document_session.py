"""DocumentSession: opening, saving, encodings, changed-on-disk checks, autosave and recovery."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QVBoxLayout, QWidget

from app import paths
from app.core.fileio import FileWriteError, RecoveryStore
from app.ui.editor import document_session as session_module
from app.ui.editor.autosave import orphaned_entries
from app.ui.editor.document_session import SAVE_FAILED, SAVED, UNSAVED, DocumentSession
from app.ui.editor.writer_editor import WriterEditor

Button = QMessageBox.StandardButton


class Harness:
    def __init__(self, qtbot) -> None:
        self.window = QWidget()
        self.editor = WriterEditor(self.window)
        QVBoxLayout(self.window).addWidget(self.editor)
        self.recovery = RecoveryStore(paths.recovery_dir())
        self.session = DocumentSession(self.editor, self.recovery, autosave_seconds=60,
                                       parent=self.window)
        qtbot.addWidget(self.window)
        self.qtbot = qtbot

    def open(self, path: Path) -> None:
        assert self.session.open_file(path)
        self.wait_loaded()

    def wait_loaded(self, timeout: int = 10_000) -> None:
        self.qtbot.waitUntil(lambda: not self.session.is_loading, timeout=timeout)

    def type(self, text: str) -> None:
        if text.isascii():
            self.editor.setFocus()
            self.qtbot.keyClicks(self.editor, text)
        else:  # QTest can only type ASCII; this is the same edit through the cursor
            self.editor.insertPlainText(text)


@pytest.fixture
def doc(qtbot):
    harness = Harness(qtbot)
    yield harness
    harness.session.shutdown()


def test_new_document_is_untitled_and_saved(doc):
    assert doc.session.display_name == "Untitled"
    assert not doc.session.is_modified
    assert doc.session.save_state == SAVED


def test_typing_marks_the_document_modified(doc, qtbot):
    with qtbot.waitSignal(doc.session.save_state_changed, check_params_cb=lambda s: s == UNSAVED):
        doc.type("Hello")
    assert doc.session.is_modified


def test_open_and_save_round_trip_keeps_line_endings(doc, tmp_path):
    path = tmp_path / "draft.md"
    path.write_bytes(b"# Draft\r\n\r\nFirst line.\r\n")
    doc.open(path)
    assert doc.editor.toPlainText() == "# Draft\n\nFirst line.\n"
    assert doc.session.display_name == "draft.md"
    assert doc.session.newline == "\r\n"
    doc.editor.moveCursor(doc.editor.textCursor().MoveOperation.End)
    doc.type("More.")
    assert doc.session.save()
    assert path.read_bytes() == b"# Draft\r\n\r\nFirst line.\r\nMore."
    assert not doc.session.is_modified
    assert doc.session.save_state == SAVED


def test_non_breaking_spaces_survive_a_save(doc, tmp_path):
    path = tmp_path / "french.md"
    path.write_text("Bonjour\u00a0!\n", encoding="utf-8")
    doc.open(path)
    doc.type("x")
    assert doc.session.save()
    assert path.read_text(encoding="utf-8") == "xBonjour\u00a0!\n"


def test_legacy_encoding_is_reported_and_kept(doc, qtbot, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 cr\u00e8me\n".encode("cp1252"))
    with qtbot.waitSignal(doc.session.notice) as notice:
        doc.session.open_file(path)
    doc.wait_loaded()
    assert "Windows-1252" in notice.args[0]
    assert doc.editor.toPlainText() == "Caf\u00e9 cr\u00e8me\n"
    doc.type("\u00e0 ")  # fits in Windows-1252
    assert doc.session.save()
    assert path.read_bytes() == "\u00e0 Caf\u00e9 cr\u00e8me\n".encode("cp1252")


def test_switching_a_legacy_file_to_utf8_needs_the_writers_consent(doc, dialogs, tmp_path):
    path = tmp_path / "old.txt"
    original = "Caf\u00e9\n".encode("cp1252")
    path.write_bytes(original)
    doc.open(path)
    doc.type("\u2615 ")  # a coffee cup: not in Windows-1252
    dialogs.answer(Button.Cancel)
    assert not doc.session.save()
    assert "cannot hold" in dialogs.message_containing("Windows-1252")
    assert path.read_bytes() == original
    assert doc.session.is_modified
    dialogs.answer(Button.Save)  # "Save as UTF-8"
    assert doc.session.save()
    assert path.read_text(encoding="utf-8") == "\u2615 Caf\u00e9\n"
    assert doc.session.encoding == "utf-8"


def test_binary_file_is_refused_and_the_document_kept(doc, dialogs, tmp_path):
    doc.type("my words")
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    dialogs.answer(Button.Discard)
    doc.session.open_file(binary)
    doc.wait_loaded()
    assert "binary" in dialogs.message_containing("image.md")
    assert doc.editor.toPlainText() == "my words"
    assert doc.session.path is None


def test_failed_save_keeps_the_text_unsaved_and_in_recovery(doc, dialogs, monkeypatch, tmp_path):
    def refuse(path, *_args, **_kwargs):
        raise FileWriteError(f"Could not save “{path}”: the disk is full.")

    monkeypatch.setattr(session_module, "write_text_atomic", refuse)
    doc.type("precious words")
    assert not doc.session.save_as(tmp_path / "full.md")
    assert "the disk is full" in dialogs.message_containing("Could not save")
    assert doc.editor.toPlainText() == "precious words"
    assert doc.session.is_modified
    assert doc.session.save_state == SAVE_FAILED
    doc.session.autosaver.flush()
    assert [e.text for e in doc.recovery.entries()] == ["precious words"]


def test_saving_over_a_file_changed_on_disk_asks_first(doc, dialogs, tmp_path):
    path = tmp_path / "shared.md"
    path.write_text("version one\n", encoding="utf-8")
    doc.open(path)
    doc.type("mine: ")
    path.write_text("someone else's version\n", encoding="utf-8")
    dialogs.answer(Button.Cancel)
    assert not doc.session.save()
    assert "changed by another program" in dialogs.message_containing("shared.md")
    assert path.read_text(encoding="utf-8") == "someone else's version\n"
    assert doc.session.is_modified
    dialogs.answer(Button.Save)  # "Overwrite"
    assert doc.session.save()
    assert path.read_text(encoding="utf-8") == "mine: version one\n"
    doc.type("again ")
    assert doc.session.save()  # our own save moved the checksum along: no question this time
    assert len([m for m in dialogs.messages if "changed by another" in m]) == 2


@pytest.mark.parametrize("answer, proceeds, saved", [
    (Button.Cancel, False, False),
    (Button.Discard, True, False),
    (Button.Save, True, True),
])
def test_unsaved_changes_prompt(doc, dialogs, tmp_path, answer, proceeds, saved):
    path = tmp_path / "prompt.md"
    path.write_text("start\n", encoding="utf-8")
    doc.open(path)
    doc.type("edit ")
    dialogs.answer(answer)
    assert doc.session.new_document() is proceeds
    assert "Do you want to save" in dialogs.message_containing("prompt.md")
    assert (doc.session.path is None) is proceeds
    assert path.read_text(encoding="utf-8") == ("edit start\n" if saved else "start\n")


def test_save_as_from_untitled_uses_the_chosen_path(doc, dialogs, tmp_path):
    doc.type("fresh")
    dialogs.save_paths.append(str(tmp_path / "fresh.md"))
    assert doc.session.save()
    assert (tmp_path / "fresh.md").read_text(encoding="utf-8") == "fresh"
    assert doc.session.display_name == "fresh.md"


def test_autosave_writes_recovery_and_a_save_discards_it(doc, tmp_path):
    doc.type("draft text")
    doc.session.autosaver.save_now()
    doc.session.autosaver.flush()
    entries = doc.recovery.entries()
    assert [(e.text, e.source_path) for e in entries] == [("draft text", None)]
    # Our own live entry is not an orphan: another window must not offer it.
    assert orphaned_entries(doc.recovery) == []
    assert doc.session.save_as(tmp_path / "kept.md")
    doc.session.autosaver.flush()
    assert doc.recovery.entries() == []


def test_autosave_timer_runs_while_there_are_unsaved_changes(doc, qtbot):
    doc.session.autosaver.set_interval(1)
    doc.type("tick")
    qtbot.waitUntil(lambda: len(doc.recovery.entries()) == 1, timeout=5000)


def test_entries_left_by_a_crash_are_orphans(doc):
    doc.recovery.save("20250101-000000-1-dead", "lost words", None)
    assert [e.text for e in orphaned_entries(doc.recovery)] == ["lost words"]


def test_restore_binds_the_text_to_its_original_file(doc, tmp_path):
    path = tmp_path / "essay.md"
    path.write_bytes(b"Old text\r\n")
    doc.recovery.save("20250101-000000-1-dead", "Newer text\n", str(path))
    [entry] = orphaned_entries(doc.recovery)
    doc.session.restore(entry)
    doc.wait_loaded()
    assert doc.editor.toPlainText() == "Newer text\n"
    assert doc.session.path == path
    assert doc.session.is_modified
    assert doc.session.newline == "\r\n"
    doc.session.autosaver.flush()
    assert [(e.key, e.text) for e in doc.recovery.entries()] == [
        (doc.session.autosaver.key, "Newer text\n")]
    assert doc.session.save()
    assert path.read_bytes() == b"Newer text\r\n"


def test_restore_of_a_never_saved_draft(doc):
    doc.recovery.save("20250101-000000-1-dead", "untitled thoughts", None)
    [entry] = orphaned_entries(doc.recovery)
    doc.session.restore(entry)
    doc.wait_loaded()
    assert doc.editor.toPlainText() == "untitled thoughts"
    assert doc.session.path is None
    assert doc.session.is_modified


def big_markdown(target_bytes: int) -> str:
    rng = random.Random(7)
    words = ("the writer keeps a *steady* voice while **bold** claims and `code` samples "
             "drift through long paragraphs of ordinary prose").split()
    parts, size = [], 0
    while size < target_bytes:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(10, 90))) + "."
        if rng.random() < 0.05:
            line = "## " + line[:40]
        parts.append(line)
        size += len(line) + 1
    return "\n".join(parts) + "\n"


def test_a_big_file_opens_without_freezing_the_window(doc, qtbot, tmp_path):
    text = big_markdown(20 * 1024 * 1024)
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    wall_gaps: list[float] = []
    busy_gaps: list[float] = []
    last = [time.perf_counter(), time.thread_time()]

    def beat() -> None:
        now = [time.perf_counter(), time.thread_time()]
        wall_gaps.append(now[0] - last[0])
        busy_gaps.append(now[1] - last[1])
        last[:] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    doc.window.show()
    heartbeat.start()
    doc.session.open_file(path)
    doc.wait_loaded(timeout=120_000)
    beat()
    heartbeat.stop()
    assert doc.editor.toPlainText() == text
    assert not doc.session.is_modified
    assert not doc.editor.document().isUndoAvailable()
    assert not doc.editor.highlighting_enabled  # over the limit: typing stays fast
    # The GUI thread's own work between two heartbeats; wall-clock gaps also count time the
    # machine gave to other processes, so they only get a loose bound.
    assert max(busy_gaps) < 0.2, f"longest stall {max(busy_gaps):.3f}s"
    assert max(wall_gaps) < 1.0, f"longest wall-clock gap {max(wall_gaps):.3f}s"
    assert len(wall_gaps) > 3  # the event loop kept turning while the text went in


def test_opening_another_file_while_loading_wins(doc, tmp_path):
    big = tmp_path / "big.md"
    big.write_text(big_markdown(3 * 1024 * 1024), encoding="utf-8")
    small = tmp_path / "small.md"
    small.write_text("small file\n", encoding="utf-8")
    doc.session.open_file(big)
    doc.session.open_file(small)
    doc.wait_loaded()
    assert doc.editor.toPlainText() == "small file\n"
    assert doc.session.path == small


def test_lock_files_of_crashed_sessions_are_swept(doc):
    locks = doc.recovery.folder / "locks"
    stale = locks / "20250101-000000-1-gone.lock"
    # A process that takes the lock and dies without letting go, as a crash would.
    crash = ("import os, sys; from PySide6.QtCore import QLockFile; "
             "lock = QLockFile(sys.argv[1]); assert lock.tryLock(0); os._exit(0)")
    subprocess.run([sys.executable, "-c", crash, str(stale)], check=True, timeout=60)
    assert stale.exists()
    orphaned_entries(doc.recovery)
    assert not stale.exists()
    assert (locks / f"{doc.session.autosaver.key}.lock").exists()  # ours is alive
