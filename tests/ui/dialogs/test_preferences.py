from PySide6.QtWidgets import QMessageBox

from app.core.feedback import FeedbackStore
from app.core.suggestions import Suggestion
from app.settings import Settings
from app.ui.dialogs.preferences import PreferencesDialog


def test_kinds_and_model_settings_are_read_back(qtbot, tmp_path):
    settings = Settings(disabled_kinds=["adverb"])
    dialog = PreferencesDialog(settings, FeedbackStore(tmp_path / "f.sqlite"))
    qtbot.addWidget(dialog)
    assert not dialog.kind_boxes["adverb"].isChecked()
    dialog.kind_boxes["idiom"].setChecked(False)
    assert dialog.disabled_kinds() == ["adverb", "idiom"]
    dialog.threads.setValue(4)
    assert dialog.apply_model(settings) is True  # a new thread count needs a reload
    assert settings.n_threads == 4
    dialog.debounce.setValue(900)
    assert dialog.apply_model(settings) is False
    assert settings.debounce_ms == 900


def test_the_rewriter_adapter_can_be_turned_off_and_the_model_reloads(qtbot, tmp_path):
    settings = Settings()
    assert settings.use_adapter  # on by default
    dialog = PreferencesDialog(settings, FeedbackStore(tmp_path / "f.sqlite"))
    qtbot.addWidget(dialog)
    assert dialog.adapter.isChecked()
    dialog.adapter.setChecked(False)
    assert dialog.apply_model(settings) is True  # loaded again, without the adapter
    assert settings.use_adapter is False
    from app.ui.model.live_suggestions import model_config

    assert model_config(settings).use_adapter is False


def test_forget_my_writing_data_asks_then_forgets(qtbot, tmp_path, dialogs):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.add_personal_word("Zanzibar")
    store.record("reject", Suggestion(0, 4, "very", "", "filler", "why", "rule:very"))
    dialog = PreferencesDialog(Settings(), store)
    qtbot.addWidget(dialog)
    assert dialog.words.count() == 1
    dialogs.answer(QMessageBox.StandardButton.Cancel)
    dialog._forget()
    assert store.personal_words() == {"zanzibar"}
    dialogs.answer(QMessageBox.StandardButton.Yes)
    dialog._forget()
    assert dialog.forgot and store.personal_words() == frozenset()
    assert dialog.words.count() == 0
    assert "Forget everything" in dialogs.message_containing("Forget")
