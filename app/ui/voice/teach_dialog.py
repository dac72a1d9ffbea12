"""File ▸ Teach My Voice…: the writer's voice profiles, and learning a new one from samples.

The top lists the profiles (the active one marked) with what each measured, in words; the
writer can make one active, stop using voices, or forget one. The bottom learns a profile:
a name, sample files (Add Files… or dragged in) and "Use this document". Learning runs in a
worker thread (a 50,000-word sample takes about a second), so the window keeps working; the
samples stay where they are and the profile keeps only the measured features.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.fileio import FileReadError
from app.core.voice import VoiceProfile, VoiceStore, VoiceStoreError, describe_profile, learn
from app.core.voice.store import name_problem
from app.core.voice.suggest import MIN_PROFILE_WORDS
from app.ui.dialogs import prompts

SAMPLE_FILTER = "Text files (*.txt *.md *.markdown *.text);;All files (*)"
ROUGH_WORDS = 3_000  # below this a profile works, but knows little: say so


class SampleList(QListWidget):
    """The sample files; files dropped on it are added."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
            event.acceptProposedAction()

    def paths(self) -> list[str]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]


class TeachVoiceDialog(QDialog):
    """Profiles and learning; `profiles_changed` after any change the window must follow."""

    profiles_changed = Signal()
    _learned = Signal(object, str)  # from the worker thread: (profile or None, error)

    def __init__(self, store: VoiceStore, document_text: str = "", document_path: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teach My Voice")
        self.store = store
        self._document_text = document_text
        self._document_path = document_path
        self._thread: threading.Thread | None = None
        self._learned.connect(self._on_learned)

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_profiles())
        layout.addWidget(self._build_learning())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 640)
        self._fill_profiles()

    # --- the profiles ------------------------------------------------------------------------

    def _build_profiles(self) -> QGroupBox:
        group = QGroupBox("Your voice profiles")
        column = QVBoxLayout(group)
        self.profiles = QListWidget()
        self.profiles.setAccessibleName("Voice profiles")
        self.profiles.currentItemChanged.connect(lambda *_: self._show_profile())
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout()
        self.use_button = QPushButton("Use This Voice")
        self.use_button.clicked.connect(self._use_selected)
        self.stop_button = QPushButton("Stop Using Voices")
        self.stop_button.clicked.connect(lambda: self._set_active(None))
        self.forget_button = QPushButton("Forget…")
        self.forget_button.clicked.connect(self._forget_selected)
        row.addWidget(self.use_button)
        row.addWidget(self.stop_button)
        row.addStretch(1)
        row.addWidget(self.forget_button)
        column.addWidget(self.profiles, 1)
        column.addLayout(row)
        column.addWidget(self.details)
        return group

    def _fill_profiles(self, select: str | None = None) -> None:
        active = self.store.active_name()
        self.profiles.clear()
        try:
            profiles = self.store.profiles()
        except VoiceStoreError as exc:
            profiles = []
            self.details.setText(str(exc))
        for profile in profiles:
            mark = "  (active)" if active and profile.name.casefold() == active.casefold() else ""
            item = QListWidgetItem(f"{profile.name} · {profile.words:,} words from "
                                   f"{profile.sample_count} sample"
                                   f"{'' if profile.sample_count == 1 else 's'}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, profile)
            self.profiles.addItem(item)
            if profile.name == (select or active):
                self.profiles.setCurrentItem(item)
        if not profiles:
            self.details.setText("No voice profile yet. Add a few things you wrote yourself "
                                 "below, ideally 3,000 words or more, and press Learn.")
        self.stop_button.setEnabled(active is not None)
        self._show_profile()

    def _selected(self) -> VoiceProfile | None:
        item = self.profiles.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _show_profile(self) -> None:
        profile = self._selected()
        self.use_button.setEnabled(profile is not None)
        self.forget_button.setEnabled(profile is not None)
        if profile is not None:
            self.details.setText("\n".join(describe_profile(profile)))
            self.name.setText(profile.name)

    def _use_selected(self) -> None:
        profile = self._selected()
        if profile is not None:
            self._set_active(profile.name)

    def _set_active(self, name: str | None) -> None:
        try:
            self.store.set_active(name)
        except VoiceStoreError as exc:
            prompts.show_error(self, "Teach My Voice", "The voice could not be chosen.", str(exc))
            return
        self._fill_profiles(name)
        self.profiles_changed.emit()

    def _forget_selected(self) -> None:
        profile = self._selected()
        if profile is None:
            return
        answer = prompts.ask(
            self, QMessageBox.Icon.Warning, "Forget voice profile",
            f"Forget the voice profile “{profile.name}”?",
            "Its measurements are deleted; your sample files stay where they are.",
            prompts.Button.Yes | prompts.Button.Cancel, prompts.Button.Cancel,
            {prompts.Button.Yes: "Forget"})
        if answer != prompts.Button.Yes:
            return
        try:
            self.store.delete(profile.name)
        except OSError as exc:
            prompts.show_error(self, "Forget voice profile", "The profile could not be deleted.",
                               str(exc))
            return
        self._fill_profiles()
        self.profiles_changed.emit()

    # --- learning ----------------------------------------------------------------------------

    def _build_learning(self) -> QGroupBox:
        group = QGroupBox("Learn a voice from your own writing")
        column = QVBoxLayout(group)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel("Name"))
        self.name = QLineEdit("My writing")
        self.name.setAccessibleName("Profile name")
        self.name.setPlaceholderText("Work, Personal, Blog…")
        name_row.addWidget(self.name, 1)
        column.addLayout(name_row)
        hint = QLabel("Samples: texts you wrote yourself, without help. Drag files here or add "
                      "them. They stay where they are; only what is measured is kept.")
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        column.addWidget(hint)
        self.samples = SampleList()
        self.samples.setAccessibleName("Sample files")
        self.samples.files_dropped.connect(self.add_files)
        column.addWidget(self.samples, 1)
        row = QHBoxLayout()
        add = QPushButton("Add Files…")
        add.clicked.connect(self._choose_files)
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: [self.samples.takeItem(self.samples.row(i))
                                        for i in self.samples.selectedItems()])
        self.use_document = QCheckBox("Use this document")
        words = len(self._document_text.split())
        self.use_document.setEnabled(words > 0)
        self.use_document.setToolTip(f"The text in the editor ({words:,} words)")
        row.addWidget(add)
        row.addWidget(remove)
        row.addWidget(self.use_document)
        row.addStretch(1)
        column.addLayout(row)
        self.add_to = QCheckBox("Add to the profile of that name if there is one")
        self.add_to.setChecked(True)
        self.make_active = QCheckBox("Make it my active voice")
        self.make_active.setChecked(True)
        column.addWidget(self.add_to)
        column.addWidget(self.make_active)
        learn_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: learning takes a second or two
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.learn_button = QPushButton("Learn")
        self.learn_button.setDefault(True)
        self.learn_button.clicked.connect(self.start_learning)
        learn_row.addWidget(self.progress)
        learn_row.addWidget(self.status, 1)
        learn_row.addWidget(self.learn_button)
        column.addLayout(learn_row)
        return group

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Add samples of your writing",
                                                str(Path.home()), SAMPLE_FILTER)
        self.add_files(paths)

    def add_files(self, paths: list[str]) -> None:
        have = set(self.samples.paths())
        for path in paths:
            if path in have or not Path(path).is_file():
                continue
            item = QListWidgetItem(Path(path).name)
            item.setToolTip(path)
            item.setData(Qt.ItemDataRole.UserRole, path)
            self.samples.addItem(item)
            have.add(path)

    def start_learning(self) -> bool:
        """Learn in a worker thread; False (with the reason shown) when it cannot start."""
        if self._thread is not None:
            return False
        name = self.name.text().strip()
        problem = name_problem(name)
        paths = self.samples.paths()
        use_document = self.use_document.isChecked() and self.use_document.isEnabled()
        if problem is None and not paths and not use_document:
            problem = "Add at least one sample, or tick “Use this document”."
        if problem is not None:
            self.status.setText(problem)
            return False
        merge = self.add_to.isChecked() and self.store.has(name)
        document = (self._document_text, self._document_path) if use_document else None
        self.learn_button.setEnabled(False)
        self.progress.show()
        self.status.setText(f"Learning from {len(paths) + bool(document)} "
                            f"sample{'' if len(paths) + bool(document) == 1 else 's'}…")
        self._thread = threading.Thread(target=self._learn, args=(name, paths, document, merge,
                                                                self.make_active.isChecked()),
                                        name="voice-learning", daemon=True)
        self._thread.start()
        return True

    def _learn(self, name: str, paths: list[str], document, merge: bool,
               make_active: bool) -> None:
        """The worker thread: read, measure, save. Signals carry the result back."""
        from app.core.fileio import read_text_file

        try:
            texts = [read_text_file(Path(p)).text for p in paths]
            sources = list(paths)
            if document is not None:
                texts.append(document[0])
                if document[1]:
                    sources.append(document[1])
            profile = learn(texts, name, sources)
            if merge:
                profile = self.store.load(name).merged(profile)
            self.store.save(profile)
            if make_active:
                self.store.set_active(profile.name)
        except (FileReadError, VoiceStoreError, OSError) as exc:
            self._learned.emit(None, str(exc))
            return
        self._learned.emit(profile, "")

    def _on_learned(self, profile: VoiceProfile | None, error: str) -> None:
        self._thread = None
        self.learn_button.setEnabled(True)
        self.progress.hide()
        if profile is None:
            self.status.setText(f"Nothing was learned: {error}")
            return
        words = profile.words
        text = f"Learned “{profile.name}”: {words:,} words from {profile.sample_count} " \
               f"sample{'' if profile.sample_count == 1 else 's'}."
        if words < MIN_PROFILE_WORDS:
            text += " That is little to go on: suggestions about your voice need at least " \
                    f"{MIN_PROFILE_WORDS:,} words, and the gauge is rough until about " \
                    f"{ROUGH_WORDS:,}."
        elif words < ROUGH_WORDS:
            text += f" More samples (about {ROUGH_WORDS:,} words) make the match steadier."
        self.status.setText(text)
        self.samples.clear()
        self.use_document.setChecked(False)
        self._fill_profiles(profile.name)
        self.profiles_changed.emit()

    def busy(self) -> bool:
        return self._thread is not None
