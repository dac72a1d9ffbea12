"""Suggestions ▸ Tones…: the writer's own tones beside the presets.

A tone has a name, one line saying what it should sound like, and two or three example pairs
(before → after), or a document to sound like ("Sound like this document"). Saved tones
appear wherever the presets do: the tone box, Rewrite Selection, `check --tone`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.prompts import TONES
from app.core.voice import CustomTone, ExamplePair, VoiceStore, VoiceStoreError
from app.core.voice.guide import MY_VOICE
from app.core.voice.tones import MAX_DESCRIPTION, MAX_EXAMPLES, MAX_NAME
from app.ui.dialogs import prompts
from app.ui.voice.teach_dialog import SAMPLE_FILTER

_NEW = "New tone"


def _small_editor(placeholder: str) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    line = editor.fontMetrics().lineSpacing()
    editor.setFixedHeight(line * 3 + 12)
    return editor


class TonesDialog(QDialog):
    """The list of the writer's tones and the form of the one chosen."""

    tones_changed = Signal()

    def __init__(self, store: VoiceStore, document_path: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tones")
        self.store = store
        self._document_path = document_path
        self._editing: str | None = None  # the saved name of the tone in the form

        self.list = QListWidget()
        self.list.setAccessibleName("Your tones")
        self.list.currentTextChanged.connect(self._show)
        new = QPushButton("New")
        new.clicked.connect(lambda: self._show(""))
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self._delete)
        left = QVBoxLayout()
        presets = QLabel("Presets: " + ", ".join(TONES) + f", and “{MY_VOICE}” with a voice "
                         "profile.")
        presets.setWordWrap(True)
        presets.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        left.addWidget(QLabel("Your tones"))
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.delete_button)
        left.addLayout(buttons)
        left.addWidget(presets)

        right = QVBoxLayout()
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText("Dry and wry")
        self.description = QLineEdit()
        self.description.setMaxLength(MAX_DESCRIPTION)
        self.description.setPlaceholderText("Short sentences, understated, a little wry")
        form.addRow("Name", self.name)
        form.addRow("Sounds like", self.description)
        right.addLayout(form)
        pairs = QGroupBox("Two or three examples: before → after")
        grid = QGridLayout(pairs)
        self.befores: list[QPlainTextEdit] = []
        self.afters: list[QPlainTextEdit] = []
        for i in range(MAX_EXAMPLES):
            before = _small_editor("A sentence as it might be written…")
            after = _small_editor("…and as this tone would say it")
            grid.addWidget(before, i, 0)
            grid.addWidget(QLabel("→"), i, 1)
            grid.addWidget(after, i, 2)
            self.befores.append(before)
            self.afters.append(after)
        right.addWidget(pairs)
        document = QGroupBox("Or sound like a document")
        row = QHBoxLayout(document)
        self.document = QLineEdit()
        self.document.setPlaceholderText("A file whose voice the tone should have")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_document)
        this = QPushButton("This Document")
        this.setEnabled(bool(document_path))
        this.setToolTip("The file open in the editor" if document_path
                        else "Save the document first")
        this.clicked.connect(lambda: self.document.setText(self._document_path))
        row.addWidget(self.document, 1)
        row.addWidget(choose)
        row.addWidget(this)
        right.addWidget(document)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("toneProblems")
        right.addWidget(self.problems)
        self.save_button = QPushButton("Save Tone")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        right.addLayout(save_row)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(close)
        self.resize(820, 560)
        self._fill()

    def _fill(self, select: str = "") -> None:
        self.list.blockSignals(True)
        self.list.clear()
        try:
            names = [t.name for t in self.store.tones()]
        except VoiceStoreError as exc:
            names = []
            self.problems.setText(str(exc))
        self.list.addItems(names)
        self.list.blockSignals(False)
        matches = self.list.findItems(select, Qt.MatchFlag.MatchExactly) if select else []
        if matches:
            self.list.setCurrentItem(matches[0])
        else:
            self._show(names[0] if names else "")

    def _show(self, name: str) -> None:
        """Put the tone `name` in the form ("" for a new one)."""
        tone = None
        if name:
            try:
                tone = self.store.load_tone(name)
            except VoiceStoreError as exc:
                self.problems.setText(str(exc))
        self._editing = tone.name if tone else None
        self.delete_button.setEnabled(tone is not None)
        self.name.setText(tone.name if tone else "")
        self.description.setText(tone.description if tone else "")
        examples = tone.examples if tone else ()
        for i, (before, after) in enumerate(zip(self.befores, self.afters, strict=True)):
            before.setPlainText(examples[i].before if i < len(examples) else "")
            after.setPlainText(examples[i].after if i < len(examples) else "")
        self.document.setText(tone.document if tone else "")
        self.problems.setText("" if tone else f"{_NEW}: fill in a name, a line and examples.")
        if tone is None:
            self.list.clearSelection()

    def _choose_document(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "A document to sound like",
                                              str(Path.home()), SAMPLE_FILTER)
        if path:
            self.document.setText(path)

    def tone_in_form(self) -> CustomTone:
        pairs = tuple(ExamplePair(b.toPlainText().strip(), a.toPlainText().strip())
                      for b, a in zip(self.befores, self.afters, strict=True)
                      if b.toPlainText().strip() or a.toPlainText().strip())
        return CustomTone(self.name.text().strip(), self.description.text().strip(), pairs,
                          self.document.text().strip())

    def save(self) -> bool:
        tone = self.tone_in_form()
        taken = {*TONES, MY_VOICE}
        with contextlib.suppress(VoiceStoreError):  # an unreadable tone file names nothing
            taken |= {t.name for t in self.store.tones()
                      if self._editing is None or t.name.casefold() != self._editing.casefold()}
        problems = tone.problems(frozenset(taken))
        if problems:
            self.problems.setText(" ".join(problems))
            return False
        try:
            if self._editing and self._editing.casefold() != tone.name.casefold():
                self.store.delete_tone(self._editing)  # renamed
            self.store.save_tone(tone)
        except (VoiceStoreError, OSError) as exc:
            prompts.show_error(self, "Tones", "The tone could not be saved.", str(exc))
            return False
        self._fill(tone.name)
        self.problems.setText(f"Saved. “{tone.name}” is in the tone box and Rewrite Selection.")
        self.tones_changed.emit()
        return True

    def _delete(self) -> None:
        if self._editing is None:
            return
        answer = prompts.ask(
            self, QMessageBox.Icon.Warning, "Delete tone", f"Delete the tone “{self._editing}”?",
            "Rewrites already accepted stay as they are.",
            prompts.Button.Yes | prompts.Button.Cancel, prompts.Button.Cancel,
            {prompts.Button.Yes: "Delete"})
        if answer != prompts.Button.Yes:
            return
        self.store.delete_tone(self._editing)
        self._fill()
        self.tones_changed.emit()
