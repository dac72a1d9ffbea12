"""Model ▸ Choose Model…: the list of models on this computer (searched in the background),
one click to use one, a warning for one too big, and "Add a File…"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.llm import discovery
from app.ui.model import model_chooser, model_setup
from app.ui.model.model_chooser import ModelChooserDialog
from tests.llm.tiny_gguf import ollama_model, tiny_gguf

CHAT = "{{ messages }}"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    for name in ("OLLAMA_MODELS", "HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    for name, sub in (("XDG_DATA_HOME", ".local/share"), ("XDG_CONFIG_HOME", ".config"),
                      ("XDG_CACHE_HOME", ".cache")):  # fmt: skip
        monkeypatch.setenv(name, str(home / sub))
    tiny_gguf(home / ".lmstudio" / "models" / "pub" / "qwen" / "qwen-Q4_K_M.gguf", "Qwen Tiny",
              chat_template=CHAT, file_type=15)  # fmt: skip
    ollama_model(home / ".ollama" / "models", "llama3.2", "1b",
                 tiny_gguf(tmp_path / "blob.gguf", "Llama Tiny"))
    return home


def opened(qtbot, current: str = "", added=(), server=False) -> ModelChooserDialog:
    dialog = ModelChooserDialog(current, list(added), server)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.models), timeout=20_000)  # searched in the background
    return dialog


def rows(dialog: ModelChooserDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.topLevelItem(i).text(c) for c in range(table.columnCount())]
            for i in range(table.topLevelItemCount())]  # fmt: skip


def test_the_list_shows_what_a_writer_needs_to_choose(qtbot, home):
    dialog = opened(qtbot)
    shown = rows(dialog)
    assert shown[0][0] == "Gemma 3 270M  (in use)" and shown[0][1] == "Built in"
    qwen = next(r for r in shown if r[0] == "Qwen Tiny")
    assert qwen[1] == "LM Studio" and qwen[3:] == ["Q4_K_M", "yes", "yes"]
    llama = next(r for r in shown if r[0] == "llama3.2:1b")
    assert llama[1] == "Ollama" and llama[4] == "no"
    assert dialog.selected_path() == ""  # the model in use is selected
    assert "found" in dialog.status.text()
    dialog.reject()


def test_use_picks_the_selected_model_and_a_double_click_does_too(qtbot, home):
    dialog = opened(qtbot)
    qwen = next(m for m in dialog.models if m.name == "Qwen Tiny")
    assert dialog.select_path(str(qwen.path))
    dialog.use_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.chosen == str(qwen.path)

    again = opened(qtbot)
    index = next(i for i, m in enumerate(again.models) if m.name == "llama3.2:1b")
    item = again.table.topLevelItem(index)
    again.table.itemDoubleClicked.emit(item, 0)
    assert again.chosen == str(again.models[index].path)


def test_refresh_finds_a_model_that_arrived_meanwhile(qtbot, home):
    dialog = opened(qtbot)
    before = len(dialog.models)
    tiny_gguf(home / "Downloads" / "new-Q8_0.gguf", "Just Downloaded")
    with qtbot.waitSignal(dialog.search_finished, timeout=20_000) as blocker:
        dialog.refresh_button.click()
    assert blocker.args == [before + 1]
    assert any(r[0] == "Just Downloaded" and r[1] == "Folder" for r in rows(dialog))
    dialog.reject()


def test_a_model_too_big_for_the_memory_asks_first(qtbot, home, dialogs, monkeypatch):
    monkeypatch.setattr(discovery, "memory_gb", lambda: 0.5)
    monkeypatch.setattr(model_chooser, "memory_gb", lambda: 0.5)
    dialog = opened(qtbot)
    qwen = next(m for m in dialog.models if m.name == "Qwen Tiny")
    assert qwen.fits_memory is False
    row = next(r for r in rows(dialog) if r[0] == "Qwen Tiny")
    assert row[5] == "no (wants 1 GB)"
    dialog.select_path(str(qwen.path))
    dialogs.answer(QMessageBox.StandardButton.Cancel)
    dialog.use_selected()
    assert dialog.chosen is None and "wants about 1 GB" in dialogs.messages[-1]
    dialogs.answer(QMessageBox.StandardButton.Yes)
    dialog.use_selected()
    assert dialog.chosen == str(qwen.path)


def test_add_a_file_checks_it_and_chooses_it(qtbot, home, dialogs, tmp_path):
    dialog = opened(qtbot)
    broken = tmp_path / "page.gguf"
    broken.write_text("<!doctype html><html>Not found</html>", encoding="utf-8")
    dialogs.open_paths.append(str(broken))
    dialog.add_button.click()
    assert dialog.chosen is None and "web page" in dialogs.messages[-1]
    good = tiny_gguf(tmp_path / "mine" / "mine.gguf", "Mine")
    dialogs.open_paths.append(str(good))
    dialog.add_button.click()
    assert dialog.chosen == dialog.added_file == str(good)


def test_files_added_before_are_listed_after_the_built_in_model(qtbot, home, tmp_path):
    mine = tiny_gguf(tmp_path / "mine.gguf", "Mine")
    dialog = opened(qtbot, current=str(mine), added=[str(mine)], server=True)
    shown = rows(dialog)
    assert shown[1][:2] == ["Mine", "Added by you"]  # a server is in use, not this file
    assert not any("(in use)" in r[0] for r in shown)
    assert dialog.selected_path() == str(mine)
    dialog.reject()


def test_choose_model_in_the_window_loads_the_pick_and_leaves_the_server(
    qtbot, home, window, monkeypatch
):
    w = window()
    w.settings.server_enabled = True
    loads = []
    monkeypatch.setattr(w.model, "start", lambda: loads.append(w.settings.model_path))
    picked = {}

    def run(dialog: ModelChooserDialog) -> int:
        qtbot.waitUntil(lambda: bool(dialog.models), timeout=20_000)
        model = next(m for m in dialog.models if m.name == "llama3.2:1b")
        picked["path"] = str(model.path)
        dialog.select_path(picked["path"])
        dialog.use_selected()
        return dialog.result()

    monkeypatch.setattr(ModelChooserDialog, "exec", run)
    model_setup.choose_model(w, w.model)
    assert loads == [picked["path"]] and w.settings.model_path == picked["path"]
    assert not w.settings.server_enabled
    assert w.store.load_settings().model_path == picked["path"]


def test_closing_the_dialog_during_a_search_stops_it_cleanly(qtbot, home):
    dialog = ModelChooserDialog("", [])
    dialog.reject()  # at once, while the search runs
    dialog.deleteLater()
    qtbot.waitUntil(lambda: not model_chooser._searches, timeout=20_000)
