"""Puts the local model into a window: the model thread, live suggestions, the tone bar and live
card in the panel, the Model menu, and "Rewrite selection" in the menus."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMenu

from app.core.prompts import TONES
from app.llm.gguf import ModelFileError, check_gguf
from app.llm.worker import ModelService
from app.ui.model.live_card import LiveCard, ModelBar
from app.ui.model.live_suggestions import LiveSuggestions
from app.ui.window_parts import WindowParts

# Widget tests swap this for a fake that answers at once (tests/conftest.py); the real model
# has tests of its own.
make_model_service = ModelService


def install_model(window: WindowParts, suggestions_menu: QMenu, before: QMenu) -> LiveSuggestions:
    settings = window.settings
    bar = ModelBar(settings.tone, settings.live_suggestions)
    card = LiveCard()
    window.suggestions.add_top(bar)
    window.suggestions.add_top(card)
    live = LiveSuggestions(
        window.editor, window.live, window.review, make_model_service(window), window.feedback,
        settings, bar, card, window,
    )  # fmt: skip

    def show_status(text: str, tooltip: str) -> None:
        window.model_status.setText(text)
        window.model_status.setToolTip(tooltip)

    live.status_changed.connect(show_status)
    live.failed.connect(window.notice_bar.show_notice)
    bar.tone_changed.connect(lambda _tone: window.save_settings())
    bar.live_toggled.connect(lambda _on: window.save_settings())

    suggestions_menu.addSeparator()
    toggle = window.add_action(suggestions_menu, "&Live Suggestions", live.set_live,
                               ["Ctrl+Shift+L"], checkable=True)  # fmt: skip
    toggle.setChecked(settings.live_suggestions)
    bar.live_toggled.connect(toggle.setChecked)
    window.add_action(suggestions_menu, "Suggest for This &Paragraph Now",
                      live.suggest_at_cursor, ["Ctrl+Shift+Return"])  # fmt: skip
    rewrite_menu = suggestions_menu.addMenu("Re&write Selection")
    _fill_tones(rewrite_menu, live)
    window.add_action(suggestions_menu, "Rewrite Selection in Current Tone",
                      lambda: live.rewrite_selection(), ["Ctrl+R"])  # fmt: skip

    model_menu = QMenu("&Model", window)
    window.menuBar().insertMenu(before.menuAction(), model_menu)
    window.add_action(model_menu, "&Choose Model File…", lambda: choose_model_file(window, live))
    window.add_action(model_menu, "Use the &Built-in Model", lambda: use_model(window, live, ""))
    model_menu.addSeparator()
    window.add_action(model_menu, "&Reload Model", live.start)

    editor = window.editor
    editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    editor.customContextMenuRequested.connect(lambda pos: _context_menu(window, live, pos))
    live.start()
    return live


def _fill_tones(menu: QMenu, live: LiveSuggestions) -> None:
    for tone in TONES:
        menu.addAction(tone).triggered.connect(lambda _=False, t=tone: live.rewrite_selection(t))


def _context_menu(window: WindowParts, live: LiveSuggestions, pos: QPoint) -> None:
    menu = window.editor.createStandardContextMenu()
    if window.editor.textCursor().hasSelection():
        menu.addSeparator()
        _fill_tones(menu.addMenu("Rewrite Selection"), live)
    menu.exec(window.editor.viewport().mapToGlobal(pos))
    menu.deleteLater()


def choose_model_file(window: WindowParts, live: LiveSuggestions) -> None:
    start = str(Path(window.settings.model_path).parent) if window.settings.model_path else ""
    path, _ = QFileDialog.getOpenFileName(
        window, "Choose a model file", start, "GGUF models (*.gguf);;All files (*)"
    )
    if not path:
        return
    try:
        check_gguf(Path(path))
    except ModelFileError as exc:
        window.notice_bar.show_notice(str(exc))
        return
    use_model(window, live, path)


def use_model(window: WindowParts, live: LiveSuggestions, path: str) -> None:
    window.settings.model_path = path
    window.save_settings()
    live.start()
