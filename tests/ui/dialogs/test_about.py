"""Help ▸ About: the version, the model's licence, the dependencies' licences, the folders."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QUrl

from app import paths
from app.about_info import app_version, dependencies
from app.ui.dialogs import about
from app.ui.dialogs.about import AboutDialog
from tests.fake_model import FAKE_NAME


def text_of(dialog: AboutDialog) -> str:
    return dialog.browser.toPlainText()


def test_help_about_shows_the_model_in_use(window, dialogs, monkeypatch):
    w = window()
    shown: list[AboutDialog] = []
    original = about.show_about
    monkeypatch.setattr("app.ui.main_window.show_about",
                        lambda *args: shown.append(original(*args)))
    [item] = [a for a in w.actions() if a.text().replace("&", "") == "About Humanize"]
    item.trigger()
    assert dialogs.dialogs == ["AboutDialog"]  # run modally (patched: it does not block)
    assert FAKE_NAME in text_of(shown[0])


def test_the_built_in_model_links_its_gemma_terms(qtbot):
    dialog = AboutDialog("Gemma 3 270m", "")
    qtbot.addWidget(dialog)
    text = text_of(dialog)
    assert f"Humanize {app_version()}" in text
    assert "Gemma 3 270m" in text and "Gemma Terms of Use" in text
    html = dialog.browser.toHtml()
    assert "GEMMA_TERMS.html" in html and "NOTICE.md" in html
    terms = next(part for part in html.split('"') if part.endswith("GEMMA_TERMS.html"))
    assert QUrl(terms).isLocalFile()
    assert "Gemma" in Path(QUrl(terms).toLocalFile()).read_text(encoding="utf-8")


def test_dependencies_show_their_installed_version_and_licence(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = text_of(dialog)
    found = {d.name: d for d in dependencies()}
    assert found["PySide6-Essentials"].version == metadata.version("PySide6-Essentials")
    assert "LGPL-3.0" in found["PySide6-Essentials"].licence
    for package in ("llama_cpp_python", "textstat", "vaderSentiment", "platformdirs",
                    "python-docx"):
        assert "MIT" in found[package].licence, found[package]
    for d in found.values():
        assert d.name in text and d.version in text and d.licence in text


def test_another_model_shows_the_catalogs_licence_or_says_it_is_unknown(qtbot, tmp_path):
    known = AboutDialog("Llama", str(tmp_path / "llama-3.2-1b-instruct-q4_k_m.gguf"))
    unknown = AboutDialog("Mystery", str(tmp_path / "mystery.gguf"))
    qtbot.addWidget(known)
    qtbot.addWidget(unknown)
    assert "Llama 3.2 Community License" in text_of(known)
    assert "Gemma" not in text_of(known)
    assert "not known to Humanize" in text_of(unknown)


def test_shows_where_the_writers_files_are(qtbot, isolated_config):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert str(paths.config_dir()) in text_of(dialog)
    assert str(paths.data_dir()) in text_of(dialog)
    assert str(isolated_config) in text_of(dialog)


def test_the_built_in_model_names_humanizes_rewriter_and_its_model_card(qtbot, monkeypatch,
                                                                         tmp_path):
    from app.llm import humanizer

    adapter = tmp_path / "humanize-lora.gguf"
    adapter.write_bytes(b"GGUF" + bytes(2_000_000))
    adapter.with_suffix(".md").write_text("# card\n", encoding="utf-8")
    monkeypatch.setattr(humanizer, "shipped_adapter", lambda: adapter)
    dialog = AboutDialog("Gemma 3 270m", "", adapter_in_use=True)
    qtbot.addWidget(dialog)
    text = text_of(dialog)
    assert "Humanize Rewriter (in use)" in text and "2.0 MB" in text
    assert "Gemma Terms of Use" in text and "humanize-lora.md" in text
    adapter.unlink()
    missing = AboutDialog("Gemma 3 270m", "")
    qtbot.addWidget(missing)
    assert "Not installed" in text_of(missing)
    other = AboutDialog("Llama", str(tmp_path / "llama-3.2-1b-instruct-q4_k_m.gguf"))
    qtbot.addWidget(other)
    assert "Humanize Rewriter" not in text_of(other)  # it goes with the built-in model only
