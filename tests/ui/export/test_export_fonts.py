"""A PDF export never loses text silently: characters no font can draw are named, the export
still happens, and the writer learns which kind of font to install.

The fonts come from tests/fontgen.py, so nothing depends on the fonts of the machine. The
command-line tests run `humanize-writer export` in a child process whose fontconfig sees only
a folder of generated fonts: the real font fallback, with a font set chosen by the test.
"""

from __future__ import annotations

import os
import string
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QFont, QFontDatabase

from app.core.export import ExportOptions
from app.export_qt.glyphs import GlyphGap, export_notices, glyph_gaps
from tests.fontgen import make_font

TEXT = "# Café naïve 東京\n\nשלום עולם, مرحبا بالعالم.\n\n- ünïcödé 列表\n"
LATIN = string.printable + "éïüöÉ"
CJK_MESSAGE = "No installed font can draw 東京列表 (CJK): install a CJK font such as Noto Sans CJK."

needs_fontconfig = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child's font set is chosen by fontconfig")


def test_a_restricted_font_set_names_what_it_cannot_draw(qapp):
    assert QFontDatabase.addApplicationFontFromData(make_font("Humanize Latin", LATIN)) >= 0
    gaps = glyph_gaps([TEXT], QFont("Humanize Latin"), families=["Humanize Latin"])
    by_script = {gap.script: gap for gap in gaps}
    assert by_script["CJK"] == GlyphGap("CJK", "東京列表", "Noto Sans CJK")
    assert by_script["CJK"].message() == CJK_MESSAGE
    assert set(by_script) == {"CJK", "Hebrew", "Arabic"}
    assert "Noto Sans Hebrew" in by_script["Hebrew"].message()


def test_a_font_set_with_the_glyphs_reports_nothing(qapp):
    family = "Humanize Everything"
    assert QFontDatabase.addApplicationFontFromData(make_font(family, LATIN + TEXT)) >= 0
    options = ExportOptions(font_family=family)
    assert export_notices(TEXT, "pdf", options, families=[family]) == ()
    # Formats whose characters the reader's computer draws are not checked.
    assert export_notices(TEXT, "docx", options, families=["Humanize Latin"]) == ()


def test_long_lists_of_characters_are_cut_short(qapp):
    gap = GlyphGap("CJK", "一二三四五六七八九十", "Noto Sans CJK")
    assert "一二三四五六七八…" in gap.message()


def _font_folder(tmp_path: Path, fonts: dict[str, str]) -> dict[str, str]:
    """Environment for a child process whose fontconfig knows only `fonts` (family: chars)."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    for number, (family, chars) in enumerate(fonts.items()):
        (folder / f"font{number}.ttf").write_bytes(make_font(family, chars))
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
        "</fontconfig>\n", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(config), "QT_QPA_PLATFORM": "offscreen"}


def _export(tmp_path: Path, env: dict[str, str], family: str) -> subprocess.CompletedProcess:
    draft = tmp_path / "draft.md"
    draft.write_text(TEXT, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", "from app.main import run; run()", "export", str(draft),
         "--to", "pdf", "--font", family],
        env=env, capture_output=True, text=True, timeout=120,
        cwd=Path(__file__).resolve().parents[2])


@needs_fontconfig
def test_export_without_the_fonts_still_writes_the_pdf_and_says_what_to_install(tmp_path):
    env = _font_folder(tmp_path, {"Humanize Latin": LATIN})
    done = _export(tmp_path, env, "Humanize Latin")
    assert done.returncode == 0, done.stderr
    assert CJK_MESSAGE in done.stderr
    assert "(Hebrew): install a Hebrew font" in done.stderr
    assert (tmp_path / "draft.pdf").stat().st_size > 0


@needs_fontconfig
def test_export_with_a_font_that_has_the_glyphs_keeps_the_text(tmp_path):
    env = _font_folder(tmp_path, {"Humanize Everything": LATIN + TEXT})
    done = _export(tmp_path, env, "Humanize Everything")
    assert done.returncode == 0, done.stderr
    assert "No installed font" not in done.stderr
    text = pypdf.PdfReader(tmp_path / "draft.pdf").pages[0].extract_text()
    assert "東京" in text and "列表" in text and "\x00" not in text
