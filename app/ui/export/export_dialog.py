"""File ▸ Export…: format, destination, title, author, page size, font, change report.

The dialog only gathers choices; it starts with the ones the writer made last time and hands
back an ExportRequest (plain data) for the exporter to carry out. It says how many suggestions
are still open, since those are not part of the export.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.export.options import (
    DEFAULT_FONT_FAMILY,
    FONT_SIZE_RANGE,
    FORMATS,
    PAGE_SIZES,
    ExportOptions,
)
from app.settings import Settings
from app.ui.dialogs import prompts

Button = QMessageBox.StandardButton


@dataclass(frozen=True, slots=True)
class ExportRequest:
    fmt: str
    destination: Path
    options: ExportOptions


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What the dialog needs to know about the document being exported."""

    document_name: str  # "chapter.md", or "Untitled"
    document_path: Path | None
    title: str  # suggested: the first heading, or the file's name
    folder: Path  # where the export goes by default
    open_suggestions: int
    accepted_changes: int


def default_family() -> str:
    """The family the default font really is here (Georgia, or the serif standing in)."""
    font = QFont(DEFAULT_FONT_FAMILY)
    font.setStyleHint(QFont.StyleHint.Serif)
    return QFontInfo(font).family()


def suggestions_note(count: int) -> str:
    if not count:
        return ""
    many = count != 1
    return (f"{count:,} suggestion{'s are' if many else ' is'} still open. "
            f"{'They are' if many else 'It is'} not part of the export: the document goes out "
            "as it reads now.")


class ExportDialog(QDialog):
    def __init__(self, context: ExportContext, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Export “{context.document_name}”")
        self.setObjectName("exportDialog")
        self._context = context
        self._confirmed: Path | None = None  # a path whose overwrite the file dialog confirmed
        self._default_family = default_family()

        self.format_box = QComboBox()
        for fmt in FORMATS.values():
            self.format_box.addItem(fmt.label, fmt.key)
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(settings.export_format)))
        self.destination_edit = QLineEdit(str(self._beside(
            context.folder / Path(context.document_name).stem,
            FORMATS[self.format_box.currentData()].suffix)))
        self.destination_edit.setMinimumWidth(360)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        destination_row = _row(self.destination_edit, browse)
        self.title_edit = QLineEdit(context.title)
        self.author_edit = QLineEdit(settings.export_author)
        self.author_edit.setPlaceholderText("Your name (stored in the file's properties)")
        self.page_box = QComboBox()
        self.page_box.addItems(PAGE_SIZES)
        self.page_box.setCurrentText(settings.export_page_size)
        self.font_box = QFontComboBox()
        family = settings.export_font_family
        if family and family not in QFontDatabase.families():
            family = ""  # the font was uninstalled since; the default again
        self.font_box.setCurrentFont(QFont(family or self._default_family))
        self.size_spin = QSpinBox()
        self.size_spin.setRange(*FONT_SIZE_RANGE)
        self.size_spin.setSuffix(" pt")
        self.size_spin.setValue(settings.export_font_size)
        font_row = _row(self.font_box, self.size_spin)
        count = context.accepted_changes
        self.report_check = QCheckBox(
            f"Append a change report ({count:,} accepted change{'s' if count != 1 else ''})")
        self.report_check.setToolTip("An appendix listing each accepted change: before, after, "
                                     "kind, source and time.")
        self.report_check.setChecked(settings.export_change_report)
        self.suggestions_label = QLabel(suggestions_note(context.open_suggestions))
        self.suggestions_label.setObjectName("openSuggestionsNote")
        self.suggestions_label.setWordWrap(True)
        self.suggestions_label.setVisible(bool(context.open_suggestions))
        self.error_label = QLabel()
        self.error_label.setObjectName("exportError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c92a2a;")
        self.error_label.hide()

        form = QFormLayout()
        form.addRow("&Format:", self.format_box)
        form.addRow("&Save to:", destination_row)
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Author:", self.author_edit)
        form.addRow("&Page size:", self.page_box)
        form.addRow("F&ont:", font_row)
        # Rows of two widgets: the label's shortcut goes to the first of them.
        for row, first in ((destination_row, self.destination_edit),
                           (font_row, self.font_box)):
            form.labelForField(row).setBuddy(first)
        self._page_label = form.labelForField(self.page_box)
        self._font_label = form.labelForField(font_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.report_check)
        layout.addWidget(self.suggestions_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    # --- reading the choices ----------------------------------------------------------------

    def request(self) -> ExportRequest:
        family = self.font_box.currentFont().family()
        options = ExportOptions(
            title=self.title_edit.text().strip(),
            author=self.author_edit.text().strip(),
            page_size=self.page_box.currentText(),
            font_family="" if family == self._default_family else family,
            font_size=self.size_spin.value(),
            change_report=self.report_check.isChecked(),
            document_name=self._context.document_name,
        )
        return ExportRequest(self.format_box.currentData(), self.destination(), options)

    def remember(self, settings: Settings) -> None:
        """Keep the choices as the next export's starting point (the title is per document)."""
        request = self.request()
        settings.export_format = request.fmt
        settings.export_page_size = request.options.page_size
        settings.export_font_family = request.options.font_family
        settings.export_font_size = request.options.font_size
        settings.export_change_report = request.options.change_report
        settings.export_author = request.options.author

    def destination(self) -> Path:
        return Path(os.path.expanduser(self.destination_edit.text().strip()))

    # --- reacting ---------------------------------------------------------------------------

    def _format_changed(self) -> None:
        fmt = FORMATS[self.format_box.currentData()]
        for widget in (self.page_box, self._page_label):
            widget.setEnabled(fmt.paged)
        for widget in (self.font_box, self.size_spin, self._font_label):
            widget.setEnabled(fmt.styled)
        text = self.destination_edit.text().strip()
        if text:
            path = Path(text)
            known = {f.suffix for f in FORMATS.values()}
            if path.suffix.lower() in known or not path.suffix:
                self.destination_edit.setText(str(self._beside(path, fmt.suffix)))

    def _beside(self, path: Path, suffix: str) -> Path:
        """`path` with `suffix`, unless that is the document itself (Markdown of a .md file):
        then a name beside it."""
        stem = path.stem.removesuffix(" (export)") or "Untitled"
        target = path.with_name(stem + suffix)
        source = self._context.document_path
        if source is not None and target.absolute() == source.absolute():
            target = path.with_name(f"{stem} (export){suffix}")
        return target

    def _browse(self) -> None:
        fmt = FORMATS[self.format_box.currentData()]
        name_filter = f"{fmt.label.split(' (')[0]} (*{fmt.suffix});;All files (*)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Export to", str(self.destination()),
                                                name_filter)
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix and not path.with_suffix(fmt.suffix).exists():
            path = path.with_suffix(fmt.suffix)
        self._confirmed = path
        self.destination_edit.setText(str(path))

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            self.error_label.setText(problem)
            self.error_label.show()
            return
        destination = self.destination()
        if destination.exists() and destination != self._confirmed:
            answer = prompts.ask(self, QMessageBox.Icon.Warning, "Replace file?",
                                 f"“{destination.name}” already exists in {destination.parent}.",
                                 "Exporting replaces it.", Button.Save | Button.Cancel,
                                 Button.Cancel, {Button.Save: "Replace"})
            if answer != Button.Save:
                return
        super().accept()

    def _problem(self) -> str:
        """Why the destination cannot be used, as a sentence; "" when it can."""
        if not self.destination_edit.text().strip():
            return "Choose where to save the export."
        destination = self.destination()
        if destination.is_dir():
            return f"“{destination}” is a folder; add a file name."
        if not destination.parent.is_dir():
            return f"The folder “{destination.parent}” does not exist."
        source = self._context.document_path
        if source is not None and (destination.absolute() == source.absolute() or (
                destination.exists() and source.exists()
                and os.path.samefile(destination, source))):
            return "That is the document itself. Choose another name for the export."
        return ""


def _row(main: QWidget, side: QWidget) -> QWidget:
    """Two widgets side by side as one form field (a widget, so the label can have a buddy)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(main, 1)
    layout.addWidget(side)
    return row
