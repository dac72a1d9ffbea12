"""Questions and messages for the writer.

Every question goes through one QMessageBox built here and run with exec(), so tests can answer
all of them by patching QMessageBox.exec (see tests/conftest.py), and file choices go through
QFileDialog's static functions.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

FILE_FILTERS = "Markdown (*.md *.markdown);;Text (*.txt);;All files (*)"
_MARKDOWN_FILTER, _TEXT_FILTER = FILE_FILTERS.split(";;")[:2]

Button = QMessageBox.StandardButton


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, informative: str,
        buttons: Button, default: Button, labels: dict[Button, str] | None = None) -> Button:
    """Show a modal question and return the standard button the writer chose (Escape gives the
    Cancel button when there is one)."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setInformativeText(informative)
    box.setDefaultButton(default)
    for button, label in (labels or {}).items():
        box.button(button).setText(label)
    return Button(box.exec())


def ask_unsaved_changes(parent: QWidget | None, name: str) -> UnsavedChoice:
    answer = ask(parent, QMessageBox.Icon.Warning, "Unsaved changes",
                 f"Do you want to save the changes to “{name}”?",
                 "Your changes will be lost if you don't save them.",
                 Button.Save | Button.Discard | Button.Cancel, Button.Save,
                 {Button.Discard: "Don't Save"})
    if answer == Button.Save:
        return UnsavedChoice.SAVE
    if answer == Button.Discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


class ChangedOnDiskChoice(Enum):
    OVERWRITE = "overwrite"
    SAVE_AS = "save as"
    CANCEL = "cancel"


def ask_overwrite_changed(parent: QWidget | None, path: Path) -> ChangedOnDiskChoice:
    """The file was changed since this window opened or saved it (another window, another
    program): overwrite it, keep both by saving this window's text elsewhere, or cancel."""
    answer = ask(parent, QMessageBox.Icon.Warning, "File changed on disk",
                 f"“{path.name}” was changed by another program or window since you opened "
                 "or saved it here.",
                 "Overwrite replaces those changes with the text in this window. Save As… keeps "
                 "both: the file stays as it is and this window's text goes to a new file.",
                 Button.Save | Button.SaveAll | Button.Cancel, Button.Cancel,
                 {Button.Save: "Overwrite", Button.SaveAll: "Save As…"})
    if answer == Button.Save:
        return ChangedOnDiskChoice.OVERWRITE
    if answer == Button.SaveAll:
        return ChangedOnDiskChoice.SAVE_AS
    return ChangedOnDiskChoice.CANCEL


def ask_save_as_utf8(parent: QWidget | None, name: str, encoding: str, example: str) -> bool:
    answer = ask(parent, QMessageBox.Icon.Question, "Change encoding",
                 f"“{name}” is stored as {encoding}, which cannot hold some of the characters "
                 f"in it (for example “{example}”).",
                 "Save it as UTF-8 instead? UTF-8 holds every character; older programs that "
                 f"expect {encoding} may show accented letters differently.",
                 Button.Save | Button.Cancel, Button.Save, {Button.Save: "Save as UTF-8"})
    return answer == Button.Save


def show_error(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    ask(parent, QMessageBox.Icon.Critical, title, text, informative, Button.Ok, Button.Ok)


def show_warning(parent: QWidget | None, title: str, text: str, informative: str = "") -> None:
    ask(parent, QMessageBox.Icon.Warning, title, text, informative, Button.Ok, Button.Ok)


def choose_open_path(parent: QWidget | None, start_dir: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, "Open", start_dir, FILE_FILTERS)
    return Path(path) if path else None


def choose_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    path, chosen_filter = QFileDialog.getSaveFileName(parent, "Save As", suggested, FILE_FILTERS)
    if not path:
        return None
    target = Path(path)
    # Some platform dialogs leave the extension to us when the writer types a bare name. The
    # dialog only confirmed replacing the bare name, so never add one that would hit a file.
    suffix = {_MARKDOWN_FILTER: ".md", _TEXT_FILTER: ".txt"}.get(chosen_filter, "")
    if not target.suffix and suffix and not target.with_suffix(suffix).exists():
        target = target.with_suffix(suffix)
    return target
