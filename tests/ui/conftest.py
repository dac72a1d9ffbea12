"""Windows for the review and live-suggestion tests: shown, word data loaded, model ready."""

from __future__ import annotations

import pytest

from app.ui.main_window import MainWindow


def discard_changes(window: MainWindow) -> None:
    window.editor.document().setModified(False)


@pytest.fixture
def window(qtbot):
    """A factory: each call opens a window whose gauges and (stand-in) model are ready."""
    made: list[MainWindow] = []

    def make() -> MainWindow:
        w = MainWindow()
        w.settings.debounce_ms = 100  # the shortest allowed: live suggestions come quickly
        qtbot.addWidget(w, before_close_func=discard_changes)
        w.show()
        qtbot.waitUntil(lambda: w.live.ready and w.model.service.ready, timeout=30_000)
        made.append(w)
        return w

    yield make
    for w in made:
        discard_changes(w)
        w.close()
