"""The main window: builds the editor, find bar, side panel, menus and status bar, and wires them
to the DocumentSession. Behaviour lives in those pieces, not here."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.core.analysis.incremental import shared_style_checker
from app.core.feedback import FeedbackStore
from app.core.fileio import FileWriteError, RecoveryStore
from app.settings import Settings, SettingsStore
from app.ui.dialogs import prompts
from app.ui.dialogs.about import show_about
from app.ui.dialogs.recovery import RecoveryDecision, choose_recovery
from app.ui.dialogs.shortcuts import ShortcutsDialog
from app.ui.editor.autosave import orphaned_entries
from app.ui.editor.document_session import DocumentSession
from app.ui.editor.find_bar import FindBar
from app.ui.editor.notice_bar import NoticeBar
from app.ui.editor.recent_menu import fill_recent_menu
from app.ui.editor.writer_editor import WriterEditor
from app.ui.export.export_action import install_export
from app.ui.gauges.emotion_view import install_feeling
from app.ui.gauges.gauge_panel import GaugePanel
from app.ui.gauges.live_analysis import LiveAnalysis
from app.ui.gauges.predictability import install_predictability
from app.ui.idle_collect import IdleCollector
from app.ui.model.model_setup import install_model
from app.ui.review.review_controller import ReviewController
from app.ui.review.review_menu import build_suggestions_menu
from app.ui.review.suggestion_panel import SuggestionPanel
from app.ui.theme import THEMES, apply_theme
from app.ui.voice.voice_setup import install_voice
from app.ui.window_parts import Keys

log = logging.getLogger(__name__)

APP_TITLE = "Humanize"

# Windows opened for extra recovered drafts; held here so Python does not collect them.
_extra_windows: set[MainWindow] = set()


class MainWindow(QMainWindow):
    def __init__(self, store: SettingsStore | None = None, settings: Settings | None = None,
                 parent: QWidget | None = None, feedback: FeedbackStore | None = None) -> None:
        super().__init__(parent)
        self.store = store or SettingsStore(paths.config_dir())
        self.settings = settings or self.store.load_settings()
        self.state = self.store.load_state()
        self.recovery = RecoveryStore(paths.recovery_dir())

        self.editor = WriterEditor(font_family=self.settings.font_family,
                                   font_size=self.settings.font_size)
        self.session = DocumentSession(self.editor, self.recovery,
                                       self.settings.autosave_seconds, self)
        self.find_bar = FindBar(self.editor)
        self.notice_bar = NoticeBar()
        self.live = LiveAnalysis(self.editor, self)
        self.idle_collect = IdleCollector(self.editor, self)
        self.gauges = GaugePanel()
        self.gauges.connect_to(self.live)
        self.feedback = feedback or FeedbackStore(paths.data_dir() / "feedback.sqlite")
        self._untitled_key = f"untitled:{uuid.uuid4().hex}"
        self.review = ReviewController(self.editor, self.live, self.feedback,
                                       shared_style_checker(), self.settings,
                                       self.document_key, self,
                                       busy=lambda: self.session.is_loading)
        self.suggestions = SuggestionPanel(self.review.review.suggestions)
        self.suggestions.layout().setContentsMargins(12, 6, 12, 10)
        self.review.connect_panel(self.suggestions)
        self.review.goal_changed.connect(lambda _goal: self.save_settings())
        self.side_panel = QSplitter(Qt.Orientation.Vertical)
        self.side_panel.setObjectName("sidePanel")
        gauges_area = QScrollArea()  # small windows scroll the gauges instead of growing
        gauges_area.setWidget(self.gauges)
        gauges_area.setWidgetResizable(True)
        gauges_area.setFrameShape(QFrame.Shape.NoFrame)
        gauges_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_panel.addWidget(gauges_area)
        self.side_panel.addWidget(self.suggestions)
        self.side_panel.setStretchFactor(1, 1)
        self.side_panel.setSizes([440, 460])

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notice_bar)
        column.addWidget(self.editor, 1)
        column.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(page)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setCollapsible(0, False)
        self.setCentralWidget(self.splitter)

        self._build_status_bar()
        self._build_menus()
        self._wire()
        self._restore_layout()
        self.side_panel.setVisible(self.settings.show_side_panel)
        self._update_title()
        warnings = self.store.warnings + self.feedback.warnings
        if warnings:
            self.notice_bar.show_notice(" ".join(warnings))

    # --- building -------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.model_status = QLabel()  # the model's state; filled in by the model issue
        self.model_status.setObjectName("modelStatus")
        self.highlight_status = QLabel("Highlighting off")
        self.highlight_status.setToolTip(
            "Markdown highlighting is off for this large document to keep typing fast.")
        self.highlight_status.hide()
        self.save_status = QLabel(self.session.save_state)
        self.position_status = QLabel("Ln 1, Col 1")
        for label in (self.model_status, self.highlight_status, self.save_status,
                      self.position_status):
            label.setContentsMargins(8, 0, 8, 0)
        bar.addWidget(self.model_status)
        bar.addPermanentWidget(self.highlight_status)
        bar.addPermanentWidget(self.save_status)
        bar.addPermanentWidget(self.position_status)

    def add_action(self, menu: QMenu, text: str, slot: Callable[..., object], keys: Keys = (),
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)  # shortcuts keep working while the menu bar is hidden
        return action

    def _build_menus(self) -> None:
        S = QKeySequence.StandardKey
        session, editor, bar = self.session, self.editor, self.find_bar
        file_menu = self.menuBar().addMenu("&File")
        self.add_action(file_menu, "&New", lambda: session.new_document(), ["Ctrl+N"])
        self.add_action(file_menu, "&Open…", session.request_open, ["Ctrl+O"])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: fill_recent_menu(
            self.recent_menu, self.recent_files, self.open_recent, self.clear_recent))
        file_menu.addSeparator()
        self.save_action = self.add_action(file_menu, "&Save", session.save, ["Ctrl+S"])
        self.save_as_action = self.add_action(file_menu, "Save &As…", lambda: session.save_as(),
                                           ["Ctrl+Shift+S"])
        file_menu.addSeparator()
        self.add_action(file_menu, "&Close", lambda: session.new_document(), ["Ctrl+W"])
        file_menu.addSeparator()
        self.add_action(file_menu, "&Quit", QApplication.closeAllWindows, ["Ctrl+Q"])
        install_export(self, file_menu)

        edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.add_action(edit_menu, "&Undo", editor.undo, [S.Undo])
        redo = self.add_action(edit_menu, "&Redo", editor.redo, [S.Redo])
        edit_menu.addSeparator()
        cut = self.add_action(edit_menu, "Cu&t", editor.cut, [S.Cut])
        copy = self.add_action(edit_menu, "&Copy", editor.copy, [S.Copy])
        self.add_action(edit_menu, "&Paste", editor.paste, [S.Paste])
        self.add_action(edit_menu, "Select &All", editor.selectAll, [S.SelectAll])
        edit_menu.addSeparator()
        self.add_action(edit_menu, "&Find…", bar.open_find, ["Ctrl+F"])
        self.add_action(edit_menu, "Find &Next", bar.find_next, ["F3"])
        self.add_action(edit_menu, "Find Pre&vious", bar.find_previous, ["Shift+F3"])
        self.add_action(edit_menu, "R&eplace…", bar.open_replace, ["Ctrl+H"])
        for action, available in ((undo, editor.undoAvailable), (redo, editor.redoAvailable),
                                  (cut, editor.copyAvailable), (copy, editor.copyAvailable)):
            action.setEnabled(False)
            available.connect(action.setEnabled)

        view_menu = self.menuBar().addMenu("&View")
        self.add_action(view_menu, "Zoom &In", editor.zoom_in, ["Ctrl+=", "Ctrl++"])
        self.add_action(view_menu, "Zoom &Out", editor.zoom_out, ["Ctrl+-"])
        self.add_action(view_menu, "&Actual Size", editor.reset_zoom, ["Ctrl+0"])
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        for name in THEMES:
            action = self.add_action(theme_menu, name.title(),
                                  lambda _=False, n=name: self.set_theme(n), checkable=True)
            action.setData(name)
            action.setChecked(name == self.settings.theme)
            self.theme_actions.addAction(action)
        view_menu.addSeparator()
        self.side_panel_action = self.add_action(view_menu, "Show &Side Panel", self.set_side_panel,
                                              ["F9"], checkable=True)
        self.side_panel_action.setChecked(self.settings.show_side_panel)

        help_menu = self.menuBar().addMenu("&Help")
        self.add_action(help_menu, "&Keyboard Shortcuts", self.show_shortcuts, ["Ctrl+/"])
        self.add_action(help_menu, "&About Humanize", self.show_about)
        suggestions_menu = build_suggestions_menu(self, help_menu)
        self.model = install_model(self, suggestions_menu, help_menu)
        # The model reads the draft: predictable sentences, shading, human-ness 2.0.
        self.predictability = install_predictability(self, view_menu)
        self.feeling = install_feeling(self, view_menu)
        self.voice = install_voice(self, file_menu, suggestions_menu)

    def _wire(self) -> None:
        session = self.session
        session.changed.connect(self._update_title)
        session.save_state_changed.connect(self._show_save_state)
        session.status_message.connect(self.statusBar().showMessage)
        session.notice.connect(self._show_notice)
        session.highlighting_changed.connect(self._show_highlighting)
        session.file_opened.connect(self.remember_recent)
        session.file_saved.connect(self.remember_recent)
        session.file_saved.connect(self._keep_change_log)
        self.editor.file_dropped.connect(lambda path: session.open_file(path))
        self.editor.cursorPositionChanged.connect(self._show_position)

    # --- reacting -------------------------------------------------------------------------------

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.session.display_name}[*] — {APP_TITLE}")
        self.setWindowModified(self.session.is_modified)
        busy = self.session.is_loading
        self.save_action.setEnabled(not busy)
        self.save_as_action.setEnabled(not busy)

    def _show_save_state(self, state: str) -> None:
        self.save_status.setText(state)
        # A save runs in this thread; paint now so "Saving…" is seen while it runs.
        self.save_status.repaint()

    def _show_notice(self, text: str) -> None:
        self.notice_bar.show_notice(text)
        self.statusBar().showMessage(text, 10_000)

    def _show_highlighting(self, enabled: bool) -> None:
        self.highlight_status.setVisible(not enabled)
        if not enabled:
            self.statusBar().showMessage(self.highlight_status.toolTip(), 10_000)

    def _show_position(self) -> None:
        cursor = self.editor.textCursor()
        self.position_status.setText(
            f"Ln {cursor.blockNumber() + 1:,}, Col {cursor.positionInBlock() + 1:,}")

    # --- recent files ---------------------------------------------------------------------------

    @property
    def recent_files(self) -> list[str]:
        return list(self.state.recent_files)

    def remember_recent(self, path: str) -> None:
        path = str(Path(path).absolute())
        # Read back first: another window may have added files since this one loaded the list.
        stored = self.store.load_state().recent_files
        recent = [path] + [p for p in stored if p != path]
        self._set_recent(recent[: self.settings.recent_limit])

    def clear_recent(self) -> None:
        self._set_recent([])

    def _set_recent(self, recent: list[str]) -> None:
        self.state.recent_files = recent
        stored = self.store.load_state()
        stored.recent_files = recent
        try:
            self.store.save_state(stored)
        except (FileWriteError, ValueError) as exc:
            log.warning("Could not save the recent files: %s", exc)

    def open_recent(self, path: str) -> None:
        if not Path(path).is_file():
            self._set_recent([p for p in self.state.recent_files if p != path])
            prompts.show_error(self, "Could not open file",
                               f"“{path}” no longer exists, so it was removed from the list.")
            return
        self.session.open_file(path)

    # --- view -----------------------------------------------------------------------------------

    def set_theme(self, theme: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.settings.theme = apply_theme(app, theme)
        for action in self.theme_actions.actions():
            action.setChecked(action.data() == self.settings.theme)
        self.save_settings()

    def set_side_panel(self, visible: bool) -> None:
        self.side_panel.setVisible(visible)
        self.side_panel_action.setChecked(visible)
        self.settings.show_side_panel = visible
        self.save_settings()

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_about(self) -> None:
        service = self.model.service
        show_about(self, service.model_name, self.settings.model_path, bool(service.adapter))

    # --- recovery -------------------------------------------------------------------------------

    def offer_recovery(self) -> bool:
        """If a crashed session left unsaved drafts, offer to restore or discard them. The first
        restored draft goes into this window when it is empty, any others into new windows.
        Returns whether anything was offered."""
        entries = orphaned_entries(self.recovery)
        if not entries:
            return False
        decision, chosen = choose_recovery(self, entries)
        if decision is RecoveryDecision.DISCARD:
            for entry in entries:
                self.session.autosaver.discard_entry(entry.key)
        for entry in chosen:
            target = self if self.session.is_blank else self._open_extra_window()
            target.session.restore(entry)
        return True

    def _open_extra_window(self) -> MainWindow:
        window = MainWindow(self.store, self.settings, feedback=self.feedback)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _extra_windows.add(window)
        window.destroyed.connect(lambda: _extra_windows.discard(window))
        window.move(self.pos() + QPoint(32, 32))
        window.show()
        return window

    # --- layout and closing ---------------------------------------------------------------------

    def _restore_layout(self) -> None:
        geometry, state, splitter = (self.state.window_geometry, self.state.window_state,
                                     self.state.splitter_state)
        if not (geometry and self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))):
            self.resize(1200, 800)
        if state:
            self.restoreState(QByteArray.fromBase64(state.encode()))
        if not (splitter and self.splitter.restoreState(QByteArray.fromBase64(splitter.encode()))):
            self.splitter.setSizes([860, 340])

    def _save_layout(self) -> None:
        def encode(data: QByteArray) -> str:
            return bytes(data.toBase64().data()).decode("ascii")

        self.state.window_geometry = encode(self.saveGeometry())
        self.state.window_state = encode(self.saveState())
        self.state.splitter_state = encode(self.splitter.saveState())

    def _save_state(self) -> None:
        try:
            self.store.save_state(self.state)
        except (FileWriteError, ValueError) as exc:
            log.warning("Could not save the session state: %s", exc)

    def document_key(self) -> str:
        """What the feedback log files this document's accepted changes under."""
        path = self.session.path
        return str(path) if path else self._untitled_key

    def _keep_change_log(self, path: str) -> None:
        """An untitled draft saved under a name keeps the changes accepted before the save."""
        self.feedback.rename_document(self._untitled_key, str(Path(path)))
        self._untitled_key = f"untitled:{uuid.uuid4().hex}"

    def save_settings(self) -> None:
        try:
            self.store.save_settings(self.settings)
        except (FileWriteError, ValueError) as exc:
            log.warning("Could not save settings: %s", exc)
            self.statusBar().showMessage(str(exc), 10_000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self.session.confirm_discard():
            event.ignore()
            return
        # Recent files are written as they change (by any window); keep what is on disk.
        self.state.recent_files = self.store.load_state().recent_files
        self._save_layout()
        self._save_state()
        self.session.shutdown()
        self.model.shutdown()
        self.live.shutdown()
        self.review.late.shutdown()
        event.accept()
