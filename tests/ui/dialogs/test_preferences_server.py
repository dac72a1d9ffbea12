"""Preferences ▸ Model ▸ Use a model server: the address, what is sent where (a server on
another computer is explained once), the model list from the server, and the API key kept out
of settings.toml."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from app.core.feedback import FeedbackStore
from app.llm import server_key
from app.settings import Settings
from app.ui.dialogs.model_server import SCORING_NOTE
from app.ui.dialogs.preferences import PreferencesDialog
from app.ui.model import model_setup
from app.ui.model.live_suggestions import model_config
from tests.llm.server_fixtures import FakeServer, free_port, models

Yes, Cancel = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel


@pytest.fixture(autouse=True)
def no_keychain(monkeypatch):
    monkeypatch.setattr(server_key, "_system_keyring", lambda: None)  # never the real one


def preferences(qtbot, tmp_path, settings: Settings) -> PreferencesDialog:
    dialog = PreferencesDialog(settings, FeedbackStore(tmp_path / "f.sqlite"))
    qtbot.addWidget(dialog)
    return dialog


def test_a_server_on_this_computer_is_described_as_such_and_applied(qtbot, tmp_path):
    settings = Settings()
    dialog = preferences(qtbot, tmp_path, settings)
    section = dialog.server
    assert not section.isChecked()
    section.setChecked(True)
    section.url.setText("localhost:11434")
    assert "is this computer" in section.where.text()
    assert any(label.text() == SCORING_NOTE for label in section.findChildren(QLabel))
    section.model.setEditText("llama3.2:3b")
    assert section.confirm()  # nothing to ask for this computer
    assert dialog.apply_model(settings) is True  # the model is connected again
    assert (settings.server_enabled, settings.server_url, settings.server_model) == (
        True, "http://localhost:11434/v1", "llama3.2:3b")
    assert model_config(settings).server_url == "http://localhost:11434/v1"


def test_another_computer_is_explained_once(qtbot, tmp_path, dialogs):
    settings = Settings()
    dialog = preferences(qtbot, tmp_path, settings)
    section = dialog.server
    section.setChecked(True)
    section.url.setText("http://gpu-box.lan:8000/v1")
    assert "another computer" in section.where.text() and "unencrypted" in section.where.text()
    dialogs.answer(Cancel)
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted  # the writer said no: still open
    told = dialogs.messages[-1]
    assert "gpu-box.lan:8000" in told and "paragraph or selection being rewritten" in told
    assert "rewrites you accepted earlier" in told and "unencrypted" in told
    dialogs.answer(Yes)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    dialog.apply_model(settings)
    assert settings.server_accepted_hosts == ["gpu-box.lan"]
    assert model_config(settings).server_url == "http://gpu-box.lan:8000/v1"
    again = preferences(qtbot, tmp_path, settings)
    shown = len(dialogs.messages)
    assert again.server.confirm() and len(dialogs.messages) == shown  # not asked again


def test_a_host_never_accepted_is_not_used(qtbot, tmp_path):
    settings = Settings(server_enabled=True, server_url="http://10.0.0.7:8000/v1")
    assert model_config(settings).server_url == ""  # settings.toml edited by hand


def test_refresh_lists_the_server_s_models(qtbot, tmp_path):
    dialog = preferences(qtbot, tmp_path, Settings())
    section = dialog.server
    section.setChecked(True)  # the fields are off until the server is turned on
    with FakeServer({("GET", "/v1/models"): models("qwen2.5:7b", "llama3.2:3b")}) as fake:
        section.url.setText(fake.url)
        with qtbot.waitSignal(section.models_listed, timeout=15_000) as blocker:
            section.refresh.click()
    assert blocker.args == [["qwen2.5:7b", "llama3.2:3b"], ""]
    assert [section.model.itemText(i) for i in range(section.model.count())] == [
        "qwen2.5:7b", "llama3.2:3b"]
    assert "2 models" in section.status.text() and section.refresh.isEnabled()
    section.model.setEditText("mistral")  # a model the server does not have: said, not hidden
    with FakeServer({("GET", "/v1/models"): models("qwen2.5:7b")}) as fake:
        section.url.setText(fake.url)
        with qtbot.waitSignal(section.models_listed, timeout=15_000):
            section.refresh.click()
    assert section.model.currentText() == "mistral"
    assert "“mistral” is not one of them" in section.status.text()


def test_refresh_against_a_server_that_is_down_says_so(qtbot, tmp_path):
    dialog = preferences(qtbot, tmp_path, Settings())
    section = dialog.server
    section.setChecked(True)
    section.url.setText(f"http://127.0.0.1:{free_port()}/v1")
    with qtbot.waitSignal(section.models_listed, timeout=15_000) as blocker:
        section.refresh.click()
    assert blocker.args[0] == [] and "not answering" in section.status.text()


def test_the_api_key_is_kept_out_of_the_settings(qtbot, tmp_path):
    settings = Settings()
    dialog = preferences(qtbot, tmp_path, settings)
    section = dialog.server
    section.setChecked(True)
    section.url.setText("http://127.0.0.1:8080/v1")
    section.key.setText("sekrit")
    assert dialog.apply_model(settings)
    assert settings.server_key_store == "file" and "sekrit" not in repr(settings)
    assert server_key.read_api_key(settings.server_url, "file") == "sekrit"
    reopened = preferences(qtbot, tmp_path, settings)
    assert reopened.server.key.text() == "" and "Saved" in reopened.server.key.placeholderText()
    # Another server: the old key is forgotten, not sent to the new one.
    reopened.server.url.setText("http://127.0.0.1:9090/v1")
    reopened.apply_model(settings)
    assert settings.server_key_store == ""
    assert server_key.read_api_key("http://127.0.0.1:8080/v1", "file") == ""


def test_a_remote_server_in_settings_is_explained_before_the_window_uses_it(
    qtbot, window, dialogs
):
    w = window()
    w.settings.server_enabled = True
    w.settings.server_url = "http://10.0.0.7:8000/v1"
    dialogs.answer(Cancel)
    model_setup.start_model(w, w.model)
    assert not w.settings.server_enabled  # declined: back to the model on this computer
    assert "10.0.0.7:8000" in dialogs.messages[-1]
    w.settings.server_enabled = True
    dialogs.answer(Yes)
    model_setup.start_model(w, w.model)
    assert w.settings.server_enabled and w.settings.server_accepted_hosts == ["10.0.0.7"]
