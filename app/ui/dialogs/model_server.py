"""Preferences ▸ Model ▸ "Use a model server": the server's address, an optional API key, the
model (picked from the server's own list), and what is sent where.

Nothing here connects to anything until the writer presses Refresh, and the list is fetched
in a thread of its own, so a slow or silent server never freezes the dialog. A server on
another computer is explained once (what is sent, and to whom) before it is used;
confirm_remote_server asks, and the accepted host is remembered in settings.
"""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.llm.server_client import host_name, is_loopback, normalise_url, server_host
from app.settings import Settings
from app.ui.dialogs import prompts

URL_EXAMPLES = (
    "llama-server http://localhost:8080/v1 · Ollama http://localhost:11434/v1 · "
    "LM Studio http://localhost:1234/v1 · vLLM http://localhost:8000/v1"
)
SCORING_NOTE = (
    "Reading the draft for predictability still uses the built-in model on this computer."
)
STYLES = (("chat", "Chat or instruct model (/v1/chat/completions)"),
          ("base", "Base model, prompted with examples (/v1/completions)"))  # fmt: skip
WHAT_IS_SENT = (
    "For each rewrite Humanize sends: the paragraph or selection being rewritten, the end of "
    "the paragraph before it (for context), the tone's instructions and example rewrites, and "
    "up to two rewrites you accepted earlier (as examples of your voice); with your API key, "
    "if you gave one. Nothing else: not the rest of the document, its name or your word lists."
)

_lookups: set[QThread] = set()  # running model-list lookups, kept until they end


def describe_destination(url: str) -> str:
    """One sentence on where text goes for url."""
    if not url.strip():
        return "Enter the server's address. " + URL_EXAMPLES + "."
    host = server_host(url)
    if is_loopback(url):
        return (f"{host} is this computer: text goes to the server program running here and "
                "does not cross the network.")  # fmt: skip
    plain = " over the network unencrypted (http)" if normalise_url(url).startswith("http:") else ""
    return (f"{host} is another computer: each paragraph being rewritten is sent there{plain}. "
            "You will be told exactly what before it is used.")  # fmt: skip


def confirm_remote_server(parent: QWidget | None, url: str) -> bool:
    """Ask once whether text may go to a server on another computer."""
    host = host_name(url)
    plain = (" The address starts with http://, so the text crosses the network unencrypted."
             if normalise_url(url).startswith("http:") else "")  # fmt: skip
    answer = prompts.ask(
        parent, QMessageBox.Icon.Question, "Send text to another computer?",
        f"Rewrites will be made by the model server at {server_host(url)}, which is not this "
        "computer.",
        f"{WHAT_IS_SENT}{plain} The status bar shows the server while it is in use; turn it "
        f"off in Preferences ▸ Model. You are asked once for {host}.",
        prompts.Button.Yes | prompts.Button.Cancel, prompts.Button.Cancel,
        {prompts.Button.Yes: f"Send to {host}"},
    )  # fmt: skip
    return answer == prompts.Button.Yes


class _ModelLookup(QThread):
    """Fetches /v1/models once, off the GUI thread."""

    done = Signal(list, str)  # names, error message ("" when it worked)

    def __init__(self, url: str, key: str) -> None:
        super().__init__()
        self.url, self.key = url, key

    def run(self) -> None:
        from app.llm.server_client import ServerClient, ServerError

        try:
            client = ServerClient(self.url, self.key)
            try:
                names = client.list_models()
            finally:
                client.close()
        except ServerError as exc:
            self.done.emit([], str(exc))
            return
        self.done.emit(names, "" if names else "The server lists no models.")


class ServerSection(QGroupBox):
    """The server part of the Model page; edits a copy of the settings until apply()."""

    models_listed = Signal(list, str)  # what a Refresh brought: names, error ("" = none)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__("Use a model server", parent)
        self.setCheckable(True)
        self.setChecked(settings.server_enabled)
        self.accepted_hosts = list(settings.server_accepted_hosts)
        self._key_store = settings.server_key_store
        self._saved_url = settings.server_url
        form = QFormLayout(self)
        self.url = QLineEdit(settings.server_url)
        self.url.setPlaceholderText("http://localhost:11434/v1")
        self.url.setToolTip(URL_EXAMPLES)
        form.addRow("Address", self.url)
        self.where = _hint("")
        form.addRow("", self.where)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(
            {"keyring": "Saved in the system keychain", "file": "Saved (readable by you only)"}
            .get(settings.server_key_store, "Optional; most servers on this computer need none")
        )  # fmt: skip
        form.addRow("API key", self.key)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setMinimumContentsLength(24)
        self.model.lineEdit().setPlaceholderText("The first model the server lists")
        if settings.server_model:
            self.model.addItem(settings.server_model)
        self.refresh = QPushButton("Refresh")
        self.refresh.setToolTip("Ask the server which models it has")
        self.refresh.clicked.connect(self.list_models)
        row = QHBoxLayout()
        row.addWidget(self.model, 1)
        row.addWidget(self.refresh)
        form.addRow("Model", row)
        self.status = _hint("")
        form.addRow("", self.status)
        self.style = QComboBox()
        for key, label in STYLES:
            self.style.addItem(label, key)
        self.style.setCurrentIndex(max(0, self.style.findData(settings.server_prompt_style)))
        form.addRow("Kind of model", self.style)
        form.addRow("", _hint(SCORING_NOTE))
        self.url.textChanged.connect(self._show_destination)
        self._show_destination()

    def _show_destination(self) -> None:
        self.where.setText(describe_destination(self.url.text()))

    def list_models(self) -> None:
        """Refresh: the server's models into the list, in the background."""
        url = self.url.text().strip()
        if not url:
            self.status.setText("Enter the server's address first.")
            return
        self.refresh.setEnabled(False)
        self.status.setText(f"Asking {server_host(url)} for its models…")
        lookup = _ModelLookup(url, self.key.text() or self._saved_key(url))
        _lookups.add(lookup)
        lookup.done.connect(self._listed)
        lookup.finished.connect(lambda: _lookups.discard(lookup))
        lookup.finished.connect(lookup.deleteLater)
        lookup.start()

    def _saved_key(self, url: str) -> str:
        if not self._key_store or normalise_url(url) != normalise_url(self._saved_url):
            return ""
        from app.llm.server_key import read_api_key

        return read_api_key(url, self._key_store)

    def _listed(self, names: list, error: str) -> None:
        self.refresh.setEnabled(True)
        if names:
            current = self.model.currentText().strip()
            self.model.clear()
            self.model.addItems(names)
            listed = f"{len(names)} model{'s' * (len(names) != 1)} on the server."
            if current and self.model.findText(current) < 0:
                self.model.setEditText(current)  # kept, so that the writer sees what is wrong
                listed += f" “{current}” is not one of them."
            else:
                self.model.setCurrentIndex(max(0, self.model.findText(current)))
            self.status.setText(listed)
        else:
            self.status.setText(error)
        self.models_listed.emit(names, error)

    def confirm(self) -> bool:
        """Before OK: a server on another computer is explained once; False keeps the dialog
        open (the writer said no)."""
        url = self.url.text().strip()
        if not self.isChecked() or not url or is_loopback(url):
            return True
        host = host_name(url)
        if host in (h.lower() for h in self.accepted_hosts):
            return True
        if not confirm_remote_server(self, url):
            return False
        self.accepted_hosts.append(host)
        return True

    def apply(self, settings: Settings) -> bool:
        """Copy the section into settings (and a new key into the keychain); True if the model
        must be connected again."""
        before = (settings.server_enabled, settings.server_url, settings.server_model,
                  settings.server_prompt_style, settings.server_key_store)  # fmt: skip
        url = self.url.text().strip()
        settings.server_enabled = self.isChecked() and bool(url)
        settings.server_url = normalise_url(url) if url else ""
        settings.server_model = self.model.currentText().strip()
        settings.server_prompt_style = self.style.currentData()
        settings.server_accepted_hosts = self.accepted_hosts
        key = self.key.text()
        moved = bool(self._saved_url) and settings.server_url != normalise_url(self._saved_url)
        if key or (moved and self._key_store):
            from app.llm.server_key import forget_api_key, save_api_key

            if moved and self._key_store:
                forget_api_key(self._saved_url)  # a key belongs to the server it was for
            settings.server_key_store = save_api_key(settings.server_url, key) if key else ""
        after = (settings.server_enabled, settings.server_url, settings.server_model,
                 settings.server_prompt_style, settings.server_key_store)  # fmt: skip
        return before != after or bool(key)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
