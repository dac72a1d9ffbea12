"""Puts the writer's voice into a window: the Voice gauge, quiet `voice` suggestions, File ▸
Teach My Voice…, Suggestions ▸ Tones…, and the tones beyond the presets ("My voice", the
writer's own) in the tone box and Rewrite Selection, resolved in the model thread.

Every window shares the voice folder (app/core/voice/store.py); a change made in one window
reaches the others the next time they are focused.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMenu

from app.core.voice import VoiceStore
from app.core.voice.guide import MY_VOICE, resolve_tone, tone_names
from app.ui.voice.teach_dialog import TeachVoiceDialog
from app.ui.voice.tones_dialog import TonesDialog
from app.ui.voice.voice_gauge import VoiceTracker
from app.ui.window_parts import WindowParts


class VoiceSetup(QObject):
    """What install_voice made; `refresh()` reads the voice folder again."""

    def __init__(self, window: WindowParts, store: VoiceStore) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.tracker = VoiceTracker(window.live, window.editor, self)
        self._active: str | None = None
        self._tones: list[str] = []
        self.dialog: TeachVoiceDialog | None = None
        self.tones_dialog: TonesDialog | None = None
        window.review.late.add_source(self.tracker)
        self.tracker.changed.connect(self.show_gauge)
        window.gauges.scope_changed.connect(lambda _scope: self.show_gauge())
        live = window.model
        live.tone_names = lambda: tone_names(self.store, self._active is not None)
        live.resolve = partial(_resolve, store)
        window.installEventFilter(self)
        self.refresh()

    def refresh(self) -> None:
        """Follow the voice folder: the active profile, the tones offered."""
        active = self.store.active_name()
        if active != self._active or (active and self.tracker.profile is None):
            self._active = active
            self.tracker.set_profile(self.store.active_profile() if active else None)
            self.window.model.forget_results()
        tones = tone_names(self.store, active is not None)
        if tones != self._tones:
            self._tones = tones
            bar = self.window.model.bar
            bar.set_tones(tones, self.window.settings.tone, self._descriptions())
            self.window.model.forget_results()
        self.show_gauge()

    def _descriptions(self) -> dict[str, str]:
        found = {MY_VOICE: f"In your own voice: the profile “{self._active}”"}
        for tone in self.store.tones():
            found[tone.name] = tone.description or "Your tone"
        return found

    def show_gauge(self) -> None:
        tracker = self.tracker
        profile = tracker.profile
        self.window.gauges.voice.show_match(
            tracker.document_match(), tracker.paragraph_match(),
            profile.name if profile is not None else None, self.window.gauges.scope)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.refresh()  # another window may have taught a voice or added a tone
        return False

    # --- the dialogs -------------------------------------------------------------------------

    def teach(self) -> TeachVoiceDialog:
        """File ▸ Teach My Voice…"""
        path = self.window.session.path
        if self.dialog is None:
            self.dialog = TeachVoiceDialog(self.store, self.window.editor.toPlainText(),
                                           str(path) if path else "", self.window)
            self.dialog.profiles_changed.connect(self.refresh)
            self.dialog.finished.connect(lambda _r: self._drop_dialog())
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _drop_dialog(self) -> None:
        if self.dialog is not None and not self.dialog.busy():
            self.dialog.deleteLater()
            self.dialog = None

    def manage_tones(self) -> TonesDialog:
        """Suggestions ▸ Tones…"""
        path = self.window.session.path
        if self.tones_dialog is None:
            self.tones_dialog = TonesDialog(self.store, str(path) if path else "", self.window)
            self.tones_dialog.tones_changed.connect(self.refresh)
        self.tones_dialog.show()
        self.tones_dialog.raise_()
        return self.tones_dialog


def _resolve(store: VoiceStore, tone: str, text: str):
    """The model thread's view of a tone (rewriter.Resolve)."""
    return resolve_tone(tone, text, store)


def install_voice(window: WindowParts, file_menu: QMenu, suggestions_menu: QMenu,
                  store: VoiceStore | None = None) -> VoiceSetup:
    setup = VoiceSetup(window, store or VoiceStore())
    teach = window.add_action(file_menu, "Teach My &Voice…", setup.teach)
    actions = file_menu.actions()
    export = next((a for a in actions if a.text() == "&Export…"), None)
    if export is not None and actions.index(export) + 1 < len(actions):
        file_menu.removeAction(teach)  # beside Export, above Close and Quit
        file_menu.insertAction(actions[actions.index(export) + 1], teach)
    window.add_action(suggestions_menu, "&Tones…", setup.manage_tones)
    return setup

