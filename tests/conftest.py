"""Shared test set-up: config and data in a temporary folder, and dialogs that never block.

Every test gets HUMANIZE_CONFIG_DIR pointing at its own temporary folder, so settings, state,
recovery files and logs never touch the real home folder. Message boxes, file dialogs and custom
dialogs are replaced by a recorder that answers at once; tests queue the answers they want.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from app import paths

Button = QMessageBox.StandardButton


class DialogRecorder:
    """Stands in for every modal dialog. Records what was shown, answers from queues.

    message_answers: StandardButtons for the next message boxes; when empty a box is answered
        with Cancel if it has one (the safe choice), else Ok.
    open_paths / save_paths: answers for QFileDialog.getOpenFileName / getSaveFileName; when
        empty the dialog counts as cancelled.
    dialog_results: return values for the next custom QDialog.exec(); when empty, Rejected.
    """

    def __init__(self) -> None:
        self.message_answers: deque[Button] = deque()
        self.open_paths: deque[str] = deque()
        self.save_paths: deque[str] = deque()
        self.dialog_results: deque[int] = deque()
        self.messages: list[str] = []  # "title: text informative" of each message box shown
        self.dialogs: list[str] = []  # class names of custom dialogs run

    def answer(self, *buttons: Button) -> None:
        self.message_answers.extend(buttons)

    def exec_message_box(self, box: QMessageBox) -> int:
        self.messages.append(f"{box.windowTitle()}: {box.text()} {box.informativeText()}")
        if self.message_answers:
            return self.message_answers.popleft().value
        if box.standardButtons() & Button.Cancel:
            return Button.Cancel.value
        return Button.Ok.value

    def static_message(self, *args: object, **_kwargs: object) -> Button:
        texts = [a for a in args if isinstance(a, str)]
        self.messages.append(": ".join(texts))
        return self.message_answers.popleft() if self.message_answers else Button.Cancel

    def exec_dialog(self, dialog: QDialog) -> int:
        self.dialogs.append(type(dialog).__name__)
        return self.dialog_results.popleft() if self.dialog_results else 0

    def get_open(self, *_args: object, **_kwargs: object) -> tuple[str, str]:
        return (self.open_paths.popleft(), "") if self.open_paths else ("", "")

    def get_save(self, *_args: object, **_kwargs: object) -> tuple[str, str]:
        return (self.save_paths.popleft(), "") if self.save_paths else ("", "")

    def message_containing(self, fragment: str) -> str:
        found = [m for m in self.messages if fragment in m]
        assert found, f"no message box mentioned {fragment!r}; shown: {self.messages}"
        return found[-1]


@pytest.fixture(autouse=True)
def fake_model_in_windows(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows get a model stand-in that answers at once, unless a test is marked real_model."""
    if request.node.get_closest_marker("real_model") is None:
        from app.ui.model import model_setup
        from tests.fake_model import FakeModelService

        monkeypatch.setattr(model_setup, "make_model_service", FakeModelService)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Config and data of every test live in its own temporary folder."""
    root = tmp_path / "humanize-config"
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(root))
    paths.set_portable_root(None)
    yield root
    paths.set_portable_root(None)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogRecorder:
    """No dialog ever blocks a test; tests queue answers on the returned recorder."""
    recorder = DialogRecorder()
    # Plain functions, so that box.exec() passes the box in as their first argument.
    monkeypatch.setattr(QMessageBox, "exec", lambda box: recorder.exec_message_box(box))
    for name in ("question", "warning", "critical", "information", "about", "aboutQt"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(recorder.static_message))
    monkeypatch.setattr(QDialog, "exec", lambda dialog: recorder.exec_dialog(dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(recorder.get_open))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(recorder.get_save))
    return recorder
