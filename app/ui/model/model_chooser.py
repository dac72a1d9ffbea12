"""Model ▸ Choose Model…: the built-in model, the files the writer added, and the GGUF models
other tools left on this computer (app/llm/discovery.py), with size, quantisation, chat
template and whether each fits the memory. The search runs in a thread of its own and can be
run again; a double-click or Use picks a model; "Add a File…" picks any GGUF file.

The dialog only chooses: the caller loads what it chose (model_setup.use_model).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.llm.discovery import SOURCE_LABELS, FoundModel, discover, memory_gb
from app.llm.gguf import ModelFileError, check_gguf
from app.ui.dialogs import prompts

COLUMNS = ("Model", "Source", "Size", "Quantisation", "Chat template", "Fits memory")
SEARCHED = "LM Studio, Ollama, GPT4All, Jan, the Hugging Face cache, ~/models and Downloads"

_searches: set[QThread] = set()  # searches still running, kept until their thread ends


class DiscoveryThread(QThread):
    """One search of the computer; cancel() makes it stop between two files."""

    found = Signal(list)  # [FoundModel]

    def __init__(self, added: Sequence[str]) -> None:
        super().__init__()
        self.added = list(added)
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        models = discover(self.added, cancel=self._cancel)
        if not self._cancel.is_set():
            self.found.emit(models)


class ModelChooserDialog(QDialog):
    """chosen: the path picked ("" = the built-in model), None until one is; added_file: a
    file picked with "Add a File…" (to remember it)."""

    search_finished = Signal(int)  # how many models are listed

    def __init__(
        self,
        current_path: str,
        added: Sequence[str],
        server_in_use: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a Model")
        self.resize(860, 420)
        self.current_path = current_path
        self.server_in_use = server_in_use  # then no file here is the model in use
        self.added = list(added)
        self.chosen: str | None = None
        self.added_file = ""
        self.models: list[FoundModel] = []
        self._search: DiscoveryThread | None = None

        intro = QLabel(
            f"Models on this computer: the built-in one, files you added, and GGUF models from "
            f"{SEARCHED}. Only file headers are read; nothing is sent anywhere."
        )
        intro.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHeaderLabels(COLUMNS)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemDoubleClicked.connect(self._use_item)
        self.table.currentItemChanged.connect(lambda *_: self._enable())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        note = QLabel(
            "A model server is in use (Preferences ▸ Model); choosing a model here switches "
            "back to this computer."
        )
        note.setWordWrap(True)
        note.setVisible(server_in_use)

        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.add_button = QPushButton("&Add a File…")
        self.add_button.clicked.connect(self.add_file)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = buttons.addButton("&Use", QDialogButtonBox.ButtonRole.AcceptRole)
        self.use_button.setDefault(True)
        buttons.accepted.connect(self.use_selected)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.refresh_button)
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.finished.connect(lambda _result: self._stop_search())
        self.refresh()

    # --- searching ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Search the computer again (in the background)."""
        self._stop_search()
        self.refresh_button.setEnabled(False)
        self.status.setText(f"Looking in {SEARCHED}…")
        # Not a child of the dialog: closing the dialog cancels a search, and the thread is
        # kept (in _searches) until it has stopped, so it is never destroyed while it runs.
        search = DiscoveryThread(self.added)
        search.found.connect(self._show)
        _searches.add(search)
        search.finished.connect(lambda: _searches.discard(search))
        search.finished.connect(search.deleteLater)
        self._search = search
        search.start()

    def _stop_search(self) -> None:
        """Cancel a search still running; it stops between two files."""
        search, self._search = self._search, None
        if search is not None and search in _searches:
            with contextlib.suppress(RuntimeError, TypeError):
                search.found.disconnect(self._show)
            search.cancel()

    def _show(self, models: list[FoundModel]) -> None:
        self.refresh_button.setEnabled(True)
        self.models = models
        selected = self.selected_path()
        self.table.clear()
        current = str(Path(self.current_path)) if self.current_path else ""
        for model in models:
            path = str(model.path) if model.path else ""
            in_use = not self.server_in_use and (
                path == current or (model.source == "built-in" and not current)
            )
            self.table.addTopLevelItem(_row(model, in_use))
        keep = selected if selected is not None else current
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item.data(0, _PATH) == keep or (keep == "" and index == 0):
                self.table.setCurrentItem(item)
                break
        ram = memory_gb()
        memory = f" This computer has {ram:.0f} GB of memory." if ram else ""
        self.status.setText(
            f"{len(models)} model{'s' * (len(models) != 1)} found.{memory} Double-click one to "
            "use it."
        )
        self._enable()
        self.search_finished.emit(len(models))

    def _enable(self) -> None:
        self.use_button.setEnabled(self.table.currentItem() is not None)

    # --- choosing -------------------------------------------------------------------------

    def selected_path(self) -> str | None:
        item = self.table.currentItem()
        return None if item is None else item.data(0, _PATH)

    def select_path(self, path: str) -> bool:
        for index in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(index)
            if item.data(0, _PATH) == path:
                self.table.setCurrentItem(item)
                return True
        return False

    def _use_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        self.table.setCurrentItem(item)
        self.use_selected()

    def use_selected(self) -> None:
        item = self.table.currentItem()
        if item is None:
            return
        model = self.models[self.table.indexOfTopLevelItem(item)]
        if model.fits_memory is False and not self._load_anyway(model):
            return
        self.chosen = item.data(0, _PATH)
        self.accept()

    def _load_anyway(self, model: FoundModel) -> bool:
        ram = memory_gb() or 0
        answer = prompts.ask(
            self, QMessageBox.Icon.Warning, "Model too big for this computer?",
            f"{model.name} wants about {model.min_ram_gb:.0f} GB of memory; this computer has "
            f"{ram:.0f} GB.",
            "It may load slowly, make the computer swap, or fail to load. A smaller model "
            "(Q4_K_M of a smaller size) is usually the better choice.",
            prompts.Button.Yes | prompts.Button.Cancel, prompts.Button.Cancel,
            {prompts.Button.Yes: "Load Anyway"},
        )  # fmt: skip
        return answer == prompts.Button.Yes

    def add_file(self) -> None:
        """Pick any GGUF file; a usable one is chosen at once (and remembered by the caller)."""
        start = str(Path(self.current_path).parent) if self.current_path else ""
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a model file", start, "GGUF models (*.gguf);;All files (*)"
        )
        if not path:
            return
        try:
            check_gguf(Path(path))
        except ModelFileError as exc:
            prompts.show_error(self, "Not a usable model", str(exc))
            return
        self.added_file = self.chosen = path
        self.accept()


_PATH = Qt.ItemDataRole.UserRole  # the model's path ("" = the built-in model)


def _row(model: FoundModel, in_use: bool) -> QTreeWidgetItem:
    fits = {True: "yes", False: "no", None: "unknown"}[model.fits_memory]
    item = QTreeWidgetItem([
        model.name + ("  (in use)" if in_use else ""),
        SOURCE_LABELS.get(model.source, model.source),
        _size(model.size_bytes),
        model.quantisation or "—",
        "yes" if model.chat_template else "no",
        fits if model.fits_memory is not False else f"no (wants {model.min_ram_gb:.0f} GB)",
    ])  # fmt: skip
    item.setData(0, _PATH, str(model.path) if model.path else "")
    where = str(model.path) if model.path else "Prepared from the installed package on first use"
    kind = "an instruct model (uses its chat template)" if model.chat_template else (
        "a base model (prompted with examples)")  # fmt: skip
    item.setToolTip(0, f"{where}\n{model.where}\n{kind}")
    if in_use:
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
    return item


def _size(size: int) -> str:
    if size >= 1e9:
        return f"{size / 1e9:.1f} GB"
    return f"{size / 1e6:.0f} MB" if size else "—"
