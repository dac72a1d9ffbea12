"""Puts the model into a window: the model thread, live suggestions, the tone bar and live card
in the panel, the Model menu (Choose Model…, a file, the built-in model, reload), and "Rewrite
selection" in the menus. The model is local or a model server the writer set up in
Preferences; failures of a server show in the notice bar like a model that failed to load."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMenu

from app.core.fileio import FileWriteError
from app.llm.gguf import ModelFileError, check_gguf
from app.llm.server_client import host_name, server_permitted
from app.llm.worker import ModelService
from app.ui.dialogs.model_server import confirm_remote_server
from app.ui.model.feeling_requests import FeelingRequests
from app.ui.model.live_card import LiveCard, ModelBar
from app.ui.model.live_suggestions import LiveSuggestions
from app.ui.model.model_chooser import ModelChooserDialog
from app.ui.window_parts import WindowParts

ADDED_LIMIT = 20  # model files remembered for Choose Model…

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
    live.service.adapter_notice.connect(window.notice_bar.show_notice)
    # A server that stops answering mid-session fails a request, not the load: say so too.
    live.service.failed.connect(
        lambda _job, message: window.notice_bar.show_notice(message)
        if window.settings.server_enabled else None
    )  # fmt: skip
    bar.tone_changed.connect(lambda _tone: window.save_settings())
    bar.live_toggled.connect(lambda _on: window.save_settings())

    suggestions_menu.addSeparator()
    toggle = window.add_action(suggestions_menu, "&Live Suggestions", live.set_live,
                               ["Ctrl+Shift+L"], checkable=True)  # fmt: skip
    toggle.setChecked(settings.live_suggestions)
    bar.live_toggled.connect(toggle.setChecked)
    window.add_action(suggestions_menu, "Suggest for This &Paragraph Now",
                      live.suggest_at_cursor, ["Ctrl+Shift+Return"])  # fmt: skip
    feelings = FeelingRequests(window.editor, window.review, live.service, window)
    feelings.status.connect(lambda text: window.statusBar().showMessage(text, 8000))
    feelings.fill_menu(suggestions_menu.addMenu("Make It &Feel…"))
    rewrite_menu = suggestions_menu.addMenu("Re&write Selection")
    _fill_tones(rewrite_menu, live)
    window.add_action(suggestions_menu, "Rewrite Selection in Current Tone",
                      lambda: live.rewrite_selection(), ["Ctrl+R"])  # fmt: skip

    model_menu = QMenu("&Model", window)
    window.menuBar().insertMenu(before.menuAction(), model_menu)
    window.add_action(model_menu, "&Choose Model…", lambda: choose_model(window, live))
    window.add_action(model_menu, "Choose Model &File…", lambda: choose_model_file(window, live))
    window.add_action(model_menu, "Use the &Built-in Model", lambda: use_model(window, live, ""))
    model_menu.addSeparator()
    window.add_action(model_menu, "&Reload Model", lambda: start_model(window, live))

    editor = window.editor
    editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    editor.customContextMenuRequested.connect(
        lambda pos: _context_menu(window, live, feelings, pos))
    start_model(window, live)
    return live


def start_model(window: WindowParts, live: LiveSuggestions) -> None:
    """Load the model; a server on another computer the writer was never told about (a
    settings.toml edited by hand) is explained first, or turned off."""
    settings = window.settings
    if settings.server_enabled and settings.server_url and not server_permitted(
        settings.server_url, settings.server_accepted_hosts
    ):
        if confirm_remote_server(window, settings.server_url):
            settings.server_accepted_hosts.append(host_name(settings.server_url))
        else:
            settings.server_enabled = False
        window.save_settings()
    live.start()


def _fill_tones(menu: QMenu, live: LiveSuggestions) -> None:
    """The tones as a menu, filled each time it opens: the writer's own tones come and go."""

    def fill() -> None:
        menu.clear()
        for tone in live.tone_names():
            menu.addAction(tone).triggered.connect(
                lambda _=False, t=tone: live.rewrite_selection(t))

    menu.aboutToShow.connect(fill)
    fill()


def _context_menu(window: WindowParts, live: LiveSuggestions, feelings: FeelingRequests,
                  pos: QPoint) -> None:
    menu = window.editor.createStandardContextMenu()
    menu.addSeparator()
    if window.editor.textCursor().hasSelection():
        _fill_tones(menu.addMenu("Rewrite Selection"), live)
    feelings.fill_menu(menu.addMenu("Make It Feel…"))
    menu.exec(window.editor.viewport().mapToGlobal(pos))
    menu.deleteLater()


def choose_model(window: WindowParts, live: LiveSuggestions) -> None:
    """Model ▸ Choose Model…: pick from the models on this computer."""
    current = window.settings.model_path
    added = ([current] if current else []) + [p for p in window.state.added_models if p != current]
    dialog = ModelChooserDialog(current, added, window.settings.server_enabled, window)
    accepted = dialog.exec()
    if accepted and dialog.chosen is not None:
        if dialog.added_file:
            remember_added_model(window, dialog.added_file)
        use_model(window, live, dialog.chosen)
    dialog.deleteLater()


def remember_added_model(window: WindowParts, path: str) -> None:
    """Keep a file the writer picked, newest first, for Choose Model… (in state.toml)."""
    path = str(Path(path).absolute())
    stored = window.store.load_state()  # another window may have added one meanwhile
    added = [path] + [p for p in stored.added_models if p != path]
    stored.added_models = window.state.added_models = added[:ADDED_LIMIT]
    try:
        window.store.save_state(stored)
    except (FileWriteError, ValueError) as exc:
        window.statusBar().showMessage(f"Could not remember the model file: {exc}", 10_000)


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
    remember_added_model(window, path)
    use_model(window, live, path)


def use_model(window: WindowParts, live: LiveSuggestions, path: str) -> None:
    """Load a model file on this computer ("" = the built-in one), leaving any server."""
    window.settings.model_path = path
    window.settings.server_enabled = False
    window.save_settings()
    live.start()
