"""What the pieces that add menus and actions to a window (export, model, Suggestions menu,
welcome page) may use of it, so that they never import the main window that installs them.

MainWindow is the one implementation; a piece that needs more asks for it here first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QMenuBar, QStatusBar

if TYPE_CHECKING:
    from app.core.feedback import FeedbackStore
    from app.settings import SessionState, Settings, SettingsStore
    from app.ui.editor.document_session import DocumentSession
    from app.ui.editor.notice_bar import NoticeBar
    from app.ui.editor.writer_editor import WriterEditor
    from app.ui.gauges.gauge_panel import GaugePanel
    from app.ui.gauges.live_analysis import LiveAnalysis
    from app.ui.model.live_suggestions import LiveSuggestions
    from app.ui.review.review_controller import ReviewController
    from app.ui.review.suggestion_panel import SuggestionPanel

Keys = Sequence[QKeySequence | QKeySequence.StandardKey | str]


class WindowParts(Protocol):
    """A document window (a QMainWindow) as its installed pieces see it."""

    settings: Settings
    store: SettingsStore
    state: SessionState
    feedback: FeedbackStore
    editor: WriterEditor
    session: DocumentSession
    live: LiveAnalysis
    gauges: GaugePanel
    review: ReviewController
    suggestions: SuggestionPanel
    notice_bar: NoticeBar
    model_status: QLabel
    model: LiveSuggestions  # set once the model's piece is installed

    def add_action(self, menu: QMenu, text: str, slot: Callable[..., object], keys: Keys = (),
                   checkable: bool = False) -> QAction: ...

    def save_settings(self) -> None: ...

    def document_key(self) -> str: ...

    def menuBar(self) -> QMenuBar: ...  # noqa: N802 (Qt's name)

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)
