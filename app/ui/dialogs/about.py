"""Help ▸ About Humanize: version, the model in use and its licence, the main dependencies'
licences, and where the writer's files are kept (the facts come from app.about_info)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app.about_info import (
    ModelLicence,
    adapter_info,
    app_version,
    dependencies,
    model_licence,
    storage_folders,
)

APP_TITLE = "Humanize"


def _link(url: str, text: str) -> str:
    return f'<a href="{escape(url)}">{escape(text)}</a>'


def _file_link(path: Path) -> str:
    return _link(QUrl.fromLocalFile(str(path)).toString(), path.name)


def _model_html(model: ModelLicence) -> str:
    lines = [f"<b>{escape(model.model)}</b>"]
    if model.file:
        lines.append(f"File: {escape(model.file)}")
    if model.licence:
        licence = escape(model.licence)
        if model.licence_url:
            licence += f" ({_link(model.licence_url, model.licence_url)})"
        lines.append(f"Licence: {licence}")
    else:
        lines.append("Licence: not known to Humanize; check where you got the file.")
    if model.local_files:
        lines.append("Installed with it: " + ", ".join(_file_link(p) for p in model.local_files))
    return "<p>" + "<br>".join(lines) + "</p>"


def _adapter_html(in_use: bool) -> str:
    info = adapter_info()
    if info is None:
        return ("<p><b>Humanize Rewriter</b><br>Not installed: its file is missing, so model "
                "suggestions come from prompts alone. Reinstall Humanize to get it back.</p>")
    lines = [
        "<b>Humanize Rewriter</b> " + ("(in use)" if in_use else "(not in use now)"),
        "A LoRA adapter for the built-in model, trained by the Humanize team on paragraphs we "
        "wrote for it: machine-sounding ones with plain rewrites that keep every fact, and "
        "people's paragraphs left as they are. It proposes wordings; the same checks as for "
        "every suggestion decide what you see. Turn it off in Preferences ▸ Model.",
        f"File: {_file_link(info.file)} ({info.size / 1e6:.1f} MB). A derivative of Gemma 3, "
        "under the Gemma Terms of Use.",
    ]
    if info.card is not None:
        lines.append(f"How it was made, and its figures: {_file_link(info.card)}")
    return "<p>" + "<br>".join(lines) + "</p>"


def about_html(model_name: str, model_path: str, adapter_in_use: bool = False) -> str:
    rows = "".join(
        f"<tr><td>{escape(d.name)}&nbsp;</td><td>{escape(d.version or 'not installed')}&nbsp;"
        f"</td><td>{escape(d.licence)}&nbsp;</td><td>{escape(d.purpose)}</td></tr>"
        for d in dependencies()
    )
    folders = "<br>".join(
        f"{escape(what)}: {_link(QUrl.fromLocalFile(str(folder)).toString(), str(folder))}"
        for what, folder in storage_folders()
    )
    return (
        f"<h2>{APP_TITLE} {escape(app_version())}</h2>"
        "<p>An offline writing assistant that helps a draft sound like a person wrote it: "
        "natural, warm, clear, and in your own voice. Everything runs on this computer; "
        "nothing you write leaves it. Humanize itself is MIT-licensed.</p>"
        f"<h3>Model</h3>{_model_html(model_licence(model_name, model_path))}"
        f"{'' if model_path else _adapter_html(adapter_in_use)}"
        "<h3>Built with</h3>"
        f"<table cellspacing='0' cellpadding='2'><tr><th align='left'>Package</th>"
        f"<th align='left'>Version</th><th align='left'>Licence</th>"
        f"<th align='left'>Used for</th></tr>{rows}</table>"
        f"<h3>Your files</h3><p>{folders}</p>"
    )


class AboutDialog(QDialog):
    def __init__(self, model_name: str = "", model_path: str = "",
                 parent: QWidget | None = None, adapter_in_use: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_TITLE}")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)  # the licence files and folders open outside
        self.browser.setHtml(about_html(model_name, model_path, adapter_in_use))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 560)


def show_about(parent: QWidget, model_name: str = "", model_path: str = "",
               adapter_in_use: bool = False) -> AboutDialog:
    dialog = AboutDialog(model_name, model_path, parent, adapter_in_use)
    dialog.exec()
    return dialog
