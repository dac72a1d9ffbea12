"""The Suggestions menu and Preferences, wired to a window's ReviewController."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from app.core.analysis.style import kind_label
from app.ui.dialogs.accepted_changes import AcceptedChangesDialog
from app.ui.dialogs.preferences import PreferencesDialog
from app.ui.window_parts import WindowParts


def build_suggestions_menu(window: WindowParts, before: QMenu) -> QMenu:
    review = window.review
    menu = QMenu("&Suggestions", window)
    window.menuBar().insertMenu(before.menuAction(), menu)
    window.add_action(
        menu, "&Review Suggestion at Cursor", review.open_at_cursor, ["Alt+Return", "Alt+Enter"]
    )
    window.add_action(menu, "&Next Suggestion", lambda: review.step(+1), ["F8"])
    window.add_action(menu, "&Previous Suggestion", lambda: review.step(-1), ["Shift+F8"])
    menu.addSeparator()
    accept_all = menu.addMenu("Accept &All of Kind")
    accept_all.aboutToShow.connect(lambda: _fill_accept_all(window, accept_all))
    menu.addSeparator()
    window.add_action(menu, "Review Accepted &Changes…", lambda: show_accepted_changes(window))
    menu.addSeparator()
    window.add_action(menu, "&Preferences…", lambda: show_preferences(window), ["Ctrl+,"])
    return menu


def _fill_accept_all(window: WindowParts, menu: QMenu) -> None:
    menu.clear()
    model = window.suggestions.model
    kinds = sorted((k for k in model.counts() if model.fixable(k)), key=kind_label)
    for kind in kinds:
        action = menu.addAction(f"{kind_label(kind)} ({model.fixable(kind):,})")
        action.triggered.connect(lambda _=False, k=kind: window.review.accept_all(k))
    if not kinds:
        menu.addAction("Nothing to accept").setEnabled(False)


def show_accepted_changes(window: WindowParts) -> None:
    changes = window.feedback.accepted_changes(window.document_key())
    dialog = AcceptedChangesDialog(window.session.display_name, changes, window)
    dialog.exec()


def show_preferences(window: WindowParts) -> None:
    dialog = PreferencesDialog(window.settings, window.feedback, window)
    accepted = bool(dialog.exec())
    changed = dialog.forgot or dialog.lists_changed
    if accepted:
        kinds = dialog.disabled_kinds()
        if kinds != window.settings.disabled_kinds:
            window.settings.disabled_kinds = kinds
            changed = True
        if dialog.apply_correctness(window.settings):
            changed = True
        if dialog.chosen_goal() != window.settings.goal:
            window.settings.goal = dialog.chosen_goal()
            window.suggestions.set_goal(window.settings.goal)
            changed = True
        reload = dialog.apply_model(window.settings)
        window.save_settings()
        window.model.set_live(window.settings.live_suggestions)
        if reload:
            window.model.start()
    if changed:
        window.review.apply_preferences()
