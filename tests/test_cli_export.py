"""`humanize-writer export FILE --to FORMAT [-o OUT] [--title T] [--author A]`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from app import paths
from app.cli_export import main
from app.core.feedback import FeedbackStore
from app.core.suggestions import Suggestion

ROOT = Path(__file__).resolve().parent.parent
DRAFT = "# Harbour Notes\n\nThe *boats* came in.\n\n- one\n- two\n"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_docx_beside_the_file_with_the_heading_as_title(draft, capsys):
    assert main([str(draft), "--to", "docx", "--author", "Ana"]) == 0
    out = draft.with_suffix(".docx")
    word = docx.Document(str(out))
    assert (word.core_properties.title, word.core_properties.author) == ("Harbour Notes", "Ana")
    assert [p.style.name for p in word.paragraphs] == [
        "Heading 1", "Normal", "List Bullet", "List Bullet"]
    assert str(out) in capsys.readouterr().out


def test_format_from_the_output_name_and_exact_text_formats(draft, tmp_path):
    assert main([str(draft), "-o", str(tmp_path / "a.txt")]) == 0
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == (
        "Harbour Notes\n\nThe boats came in.\n\n• one\n• two\n")
    assert main([str(draft), "--to", "md", "-o", str(tmp_path / "copy.markdown")]) == 0
    assert (tmp_path / "copy.markdown").read_text(encoding="utf-8") == DRAFT
    assert main([str(draft), "-o", str(tmp_path / "page.htm"), "--title", "Custom"]) == 0
    assert "<title>Custom</title>" in (tmp_path / "page.htm").read_text(encoding="utf-8")


def test_pdf_and_odt_in_process(draft, tmp_path, qapp):
    assert main([str(draft), "--to", "pdf", "-o", str(tmp_path / "n.pdf"), "--page-size",
                 "Letter", "--author", "Ana"]) == 0
    reader = pypdf.PdfReader(tmp_path / "n.pdf")
    assert (reader.metadata.title, reader.metadata.author) == ("Harbour Notes", "Ana")
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert main([str(draft), "--to", "odt"]) == 0
    content = zipfile.ZipFile(draft.with_suffix(".odt")).read("content.xml").decode("utf-8")
    assert "Harbour Notes</text:span></text:h>" in content


def test_pdf_without_a_display(draft, tmp_path):
    """The real command line: a fresh process, no DISPLAY and no QT_QPA_PLATFORM."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "fresh.pdf"
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "export", str(draft), "--to", "pdf", "-o",
         str(out)], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "Harbour" in text and "boats" in text


def test_change_report_from_the_writers_memory(draft, tmp_path, isolated_config):
    store = FeedbackStore(paths.data_dir() / "feedback.sqlite")
    suggestion = Suggestion(start=0, end=5, original="delve", replacement="look",
                            kind="ai_tell", reason="Stock AI phrase",
                            source="lexicon:ai_tells:delve-into")
    store.record("accept", suggestion, document=str(draft))
    store.record("accept", suggestion, document=str(tmp_path / "other.md"))
    store.close()
    out = tmp_path / "report.txt"
    assert main([str(draft), "-o", str(out), "--change-report"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Change report" in text and "1 change in “notes.md”" in text
    assert "• Before: delve\n  • After: look\n" in text
    stamp = time.strftime("%Y-%m-%d", time.localtime())
    assert f"Accepted: {stamp}" in text


def test_config_dir_points_at_another_memory(draft, tmp_path):
    elsewhere = tmp_path / "portable"
    store = FeedbackStore(elsewhere / "data" / "feedback.sqlite")
    store.record("accept", Suggestion(start=0, end=1, original="x", replacement="y",
                                      kind="wordy", reason="", source="rule:x"),
                 document=str(draft))
    store.close()
    out = tmp_path / "r.md"
    assert main([str(draft), "-o", str(out), "--change-report", "--config-dir",
                 str(elsewhere)]) == 0
    assert "1 change in" in out.read_text(encoding="utf-8")


def test_refuses_to_overwrite_the_document(draft, capsys):
    assert main([str(draft), "--to", "md"]) == 2
    assert "overwrite the document itself" in capsys.readouterr().err
    assert draft.read_text(encoding="utf-8") == DRAFT


def test_bad_arguments_and_missing_files(draft, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([str(draft)])  # no format and no output name to guess it from
    assert exit_info.value.code == 2
    assert "--to FORMAT" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([str(draft), "--to", "rtf"])
    with pytest.raises(SystemExit):
        main([str(draft), "--to", "pdf", "--font-size", "200"])
    assert main([str(tmp_path / "missing.md"), "--to", "txt"]) == 1
    assert "missing.md" in capsys.readouterr().err


def test_a_failed_write_keeps_the_old_file(draft, tmp_path, monkeypatch, capsys):
    out = tmp_path / "keep.html"
    out.write_text("old export", encoding="utf-8")

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    assert main([str(draft), "-o", str(out)]) == 1
    monkeypatch.undo()
    assert "permission was denied" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "old export"


def test_unicode_file_names_and_text(tmp_path):
    path = tmp_path / "café 東京.md"
    path.write_text("# Ünïcödé 😀\n\nשלום 列表\n", encoding="utf-8")
    assert main([str(path), "--to", "docx"]) == 0
    word = docx.Document(io.BytesIO(path.with_suffix(".docx").read_bytes()))
    assert [p.text for p in word.paragraphs] == ["Ünïcödé 😀", "שלום 列表"]
