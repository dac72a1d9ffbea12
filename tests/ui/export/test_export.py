"""Export with Qt: PDF and ODT read back, and File ▸ Export… in the real window (the dialog and
its remembered choices, open suggestions, failures, progress and cancelling)."""

from __future__ import annotations

import errno
import io
import os
import re
import string
import time
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

import pypdf
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from app import paths
from app.core.export import ExportOptions, render_document
from app.core.feedback import ChangeRecord
from app.export_qt import RENDERERS, export_notices
from app.settings import Settings, SettingsStore
from app.ui.export.export_action import DocumentExporter, install_export
from app.ui.export.export_dialog import ExportContext, ExportDialog
from app.ui.main_window import MainWindow
from tests.fontgen import make_font

DRAFT = """# The Harbour

Intro with *italic*, **bold** and a [map](https://example.org/map).

## Lists

- apple
  - nested
- pear

3. three
4. four

> A quote.

---

### End
"""
UNICODE = "# Café naïve 東京 😀\n\nשלום עולם, مرحبا بالعالم.\n\n- ünïcödé 🎉 列表\n"
AT = time.mktime((2026, 5, 3, 14, 2, 0, 0, 0, -1))
CHANGES = [ChangeRecord(AT, "ai_tell", "lexicon:ai_tells:delve-into", "Stock AI phrase",
                        "delve into", "look at", "d.md")]
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODF_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"


def render(text: str, fmt: str, options: ExportOptions | None = None, changes=()) -> bytes:
    return render_document(text, fmt, options or ExportOptions(), changes, renderers=RENDERERS)


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text: NFKC (Qt writes ligatures such as "ﬁ"), single spaces, and no space
    before punctuation (pypdf puts one between runs drawn separately: "italic ,")."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        text = " ".join(unicodedata.normalize("NFKC", page.extract_text()).split())
        pages.append(re.sub(r" ([,.;:!?])", r"\1", text))
    return pages


# --- PDF ------------------------------------------------------------------------------------


def test_pdf_text_metadata_pages_and_links(qapp):
    options = ExportOptions(title="The Harbour", author="Ana Núñez", change_report=True,
                            document_name="d.md")
    data = render(DRAFT, "pdf", options, CHANGES)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert (reader.metadata.title, reader.metadata.author) == ("The Harbour", "Ana Núñez")
    assert reader.metadata.creator == "Humanize"
    pages = pdf_pages(data)
    assert len(pages) == 2  # the change report starts a page of its own
    assert pages[0].startswith("The Harbour Intro with italic, bold and a map. Lists apple nested "
                               "pear 3. three 4. four A quote. End")
    assert pages[1].startswith("Change report Every change listed here")
    assert "AI tell — suggested by the rule “delve-into”" in pages[1]
    assert "Accepted: 2026-05-03 14:02" in pages[1]
    assert [page.rsplit(" ", 1)[-1] for page in pages] == ["1", "2"]  # page numbers
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert links == ["https://example.org/map"]


def test_pdf_page_size_and_font(qapp):
    data = render("Some text.", "pdf", ExportOptions(page_size="Letter",
                                                     font_family="DejaVu Sans", font_size=14))
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    fonts = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
    assert any(name.endswith("DejaVuSans") for name in fonts), fonts
    default = pypdf.PdfReader(io.BytesIO(render("Some text.", "pdf"))).pages[0]
    default_fonts = [f.get_object()["/BaseFont"] for f in default["/Resources"]["/Font"].values()]
    assert not any(name.endswith("DejaVuSans") for name in default_fonts)  # a serif instead


def test_pdf_text_is_dark_even_in_a_dark_theme(qapp):
    palette = QGuiApplication.palette()
    dark = QPalette(palette)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        dark.setColor(role, QColor("white"))
    QGuiApplication.setPalette(dark)
    try:
        data = render("Plain words in the body.", "pdf")
    finally:
        QGuiApplication.setPalette(palette)
    stream = pypdf.PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode()
    fills = {tuple(round(float(v) * 255) for v in found)
             for found in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:scn|sc|rg)\b", stream)}
    assert (0x1F, 0x23, 0x28) in fills  # the ink colour
    assert (255, 255, 255) not in fills


def contains_either_way(text: str, piece: str) -> bool:
    # A PDF stores right-to-left text in visual order; readers give it back reversed.
    return piece in text or piece[::-1] in text


def test_unicode_survives_in_pdf_with_a_font_that_has_it(qapp):
    # A font made here, so the test needs no CJK, Hebrew or Arabic font installed by hand.
    chars = string.printable + UNICODE
    assert QFontDatabase.addApplicationFontFromData(make_font("Humanize Unicode", chars)) >= 0
    options = ExportOptions(font_family="Humanize Unicode")
    assert export_notices(UNICODE.replace("😀", "").replace("🎉", ""), "pdf", options) == ()
    text = pdf_pages(render(UNICODE, "pdf", options))[0]
    for piece in ("Café naïve 東京", "שלום עולם", "مرحبا بالعالم", "ünïcödé", "列表"):
        assert contains_either_way(text, piece), piece


@pytest.mark.xfail(strict=True, reason="Qt's PDF writer maps only characters of the Basic "
                   "Multilingual Plane back to text (QFontSubset::getReverseMap), so emoji are "
                   "drawn but cannot be searched or copied")
def test_emoji_can_be_copied_from_the_pdf(qapp):
    assert "😀" in pdf_pages(render(UNICODE, "pdf"))[0]


# --- ODT ------------------------------------------------------------------------------------


def odt_parts(data: bytes) -> tuple[zipfile.ZipFile, ET.Element]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return package, ET.fromstring(package.read("content.xml"))


def test_odt_content_headings_lists_and_metadata(qapp):
    options = ExportOptions(title="The Harbour", author="Ana Núñez", page_size="Letter")
    package, content = odt_parts(render(DRAFT, "odt", options))
    first = package.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    body = content.find(f"{ODF_OFFICE}body/{ODF_OFFICE}text")
    headings = [("".join(h.itertext()), h.get(f"{ODF_TEXT}outline-level"))
                for h in body.iter(f"{ODF_TEXT}h")]
    assert headings == [("The Harbour", "1"), ("Lists", "2"), ("End", "3")]
    top_lists = body.findall(f"{ODF_TEXT}list")
    assert len(top_lists) == 2
    bullets, numbers = top_lists
    assert ["".join(p.itertext()) for p in bullets.iter(f"{ODF_TEXT}p")] == [
        "apple", "nested", "pear"]
    assert bullets.find(f".//{ODF_TEXT}list") is not None  # "nested" is a list in the list
    items = numbers.findall(f"{ODF_TEXT}list-item")
    assert items[0].get(f"{ODF_TEXT}start-value") == "3"
    assert ["".join(p.itertext()) for p in numbers.iter(f"{ODF_TEXT}p")] == ["three", "four"]
    paragraphs = ["".join(p.itertext()) for p in body.findall(f"{ODF_TEXT}p")]
    assert paragraphs == ["Intro with italic, bold and a map.", "A quote.", ""]
    rule = body.findall(f"{ODF_TEXT}p")[2]
    assert rule.get(f"{ODF_TEXT}style-name") == "HumanizeRule"
    meta = package.read("meta.xml").decode("utf-8")
    assert "<dc:title>The Harbour</dc:title>" in meta
    assert "<meta:initial-creator>Ana Núñez</meta:initial-creator>" in meta
    styles = ET.fromstring(package.read("styles.xml"))
    layout = next(styles.iter("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
                              "page-layout-properties"))
    assert layout.get(f"{ODF_FO}page-width") == "215.9mm"
    assert next(styles.iter(f"{ODF_TEXT}page-number"), None) is not None
    manifest = package.read("META-INF/manifest.xml").decode("utf-8")
    assert 'full-path="meta.xml"' in manifest and 'full-path="styles.xml"' in manifest


def test_unicode_survives_in_odt(qapp):
    _package, content = odt_parts(render(UNICODE, "odt"))
    text = "\n".join("".join(p.itertext()) for p in content.iter()
                     if p.tag in (f"{ODF_TEXT}p", f"{ODF_TEXT}h"))
    for piece in ("Café naïve 東京 😀", "שלום עולם, مرحبا بالعالم.", "ünïcödé 🎉 列表"):
        assert piece in text


# --- File ▸ Export… -------------------------------------------------------------------------


@pytest.fixture
def export_window(qtbot):
    """A factory of shown windows with File ▸ Export… installed."""
    made: list[MainWindow] = []

    def make() -> MainWindow:
        w = MainWindow()
        qtbot.addWidget(w, before_close_func=_discard)
        if w.findChild(DocumentExporter) is None:  # until MainWindow installs it itself
            install_export(w, w.menuBar().actions()[0].menu())
        w.show()
        made.append(w)
        return w

    yield make
    for w in made:
        _discard(w)
        w.close()


def _discard(w: MainWindow) -> None:
    w.editor.document().setModified(False)


def settle(qtbot, w: MainWindow) -> None:
    """Wait until the window has measured and checked its text, so that what follows is timed
    on its own."""
    qtbot.waitUntil(lambda: w.live.ready, timeout=30_000)
    qtbot.waitUntil(lambda: w.review.settled, timeout=60_000)


def exporter_of(w: MainWindow) -> DocumentExporter:
    return w.findChild(DocumentExporter)


def export_action(w: MainWindow):
    return next(a for a in w.actions() if a.text() == "&Export…")


def answer_dialog(monkeypatch, fill=None, result=QDialog.DialogCode.Accepted) -> list:
    """Make the next export dialogs run `fill(dialog)`, then press Export (which checks the
    destination, as a click does) or Cancel; returns the dialogs shown."""
    shown: list[ExportDialog] = []

    def exec_(dialog: ExportDialog) -> int:
        shown.append(dialog)
        if fill:
            fill(dialog)
        if result == QDialog.DialogCode.Accepted:
            dialog.accept()
            return dialog.result()
        return result.value

    monkeypatch.setattr(ExportDialog, "exec", exec_)
    return shown


def test_export_sits_after_save_as_with_ctrl_e(export_window):
    w = export_window()
    texts = [a.text() for a in w.menuBar().actions()[0].menu().actions()]
    assert texts[texts.index("Save &As…") + 1] == "&Export…"
    assert export_action(w).shortcut().toString() == "Ctrl+E"


def test_the_dialog_remembers_the_last_choices(export_window, qtbot, monkeypatch, tmp_path):
    w = export_window()
    w.editor.setPlainText("# Notes\n\nSome text.")
    target = tmp_path / "out" / "notes.html"
    target.parent.mkdir()

    def fill(d: ExportDialog) -> None:
        assert d.title_edit.text() == "Notes"  # the first heading
        d.format_box.setCurrentIndex(d.format_box.findData("html"))
        d.destination_edit.setText(str(target))
        d.author_edit.setText("Ana Núñez")
        d.page_box.setCurrentText("Letter")
        d.font_box.setCurrentFont(QFont("DejaVu Sans"))
        d.size_spin.setValue(15)
        d.report_check.setChecked(True)

    answer_dialog(monkeypatch, fill)
    with qtbot.waitSignal(exporter_of(w).exported, timeout=20_000) as done:
        export_action(w).trigger()
    assert done.args == [str(target)]
    assert "<title>Notes</title>" in target.read_text(encoding="utf-8")
    stored = SettingsStore(paths.config_dir()).load_settings()
    assert (stored.export_format, stored.export_author, stored.export_page_size,
            stored.export_font_family, stored.export_font_size, stored.export_change_report) == (
        "html", "Ana Núñez", "Letter", "DejaVu Sans", 15, True)
    assert SettingsStore(paths.config_dir()).load_state().export_folder == str(target.parent)

    # A new window starts from those choices.
    again = export_window()
    again.editor.setPlainText("Untitled text")
    shown = answer_dialog(monkeypatch, result=QDialog.DialogCode.Rejected)
    export_action(again).trigger()
    d = shown[0]
    assert (d.format_box.currentData(), d.author_edit.text(), d.page_box.currentText(),
            d.font_box.currentFont().family(), d.size_spin.value(),
            d.report_check.isChecked()) == ("html", "Ana Núñez", "Letter", "DejaVu Sans", 15, True)
    assert d.destination() == target.parent / "Untitled.html"
    assert d.page_box.isEnabled()  # HTML is printed on pages: the page size applies
    d.format_box.setCurrentIndex(d.format_box.findData("txt"))
    assert d.destination().suffix == ".txt" and not d.page_box.isEnabled()
    assert not d.font_box.isEnabled()


def test_open_suggestions_are_counted_and_left_out(
    export_window, qtbot, monkeypatch, tmp_path
):
    w = export_window()
    qtbot.waitUntil(lambda: w.live.ready, timeout=30_000)
    draft = "In today's fast-paced world, we leverage data in order to win."
    w.editor.setPlainText(draft)
    qtbot.waitUntil(lambda: len(w.review.review.suggestions) > 0, timeout=20_000)
    count = len(w.review.review.suggestions)
    target = tmp_path / "draft.txt"

    def fill(d: ExportDialog) -> None:
        d.format_box.setCurrentIndex(d.format_box.findData("txt"))
        d.destination_edit.setText(str(target))
        d.report_check.setChecked(False)

    shown = answer_dialog(monkeypatch, fill)
    with qtbot.waitSignal(exporter_of(w).exported, timeout=20_000):
        export_action(w).trigger()
    note = shown[0].suggestions_label
    assert not note.isHidden()
    assert note.text().startswith(f"{count} suggestion{'s are' if count > 1 else ' is'} "
                                  "still open")
    assert target.read_text(encoding="utf-8") == draft + "\n"  # as the writer has it


def test_the_report_lists_what_was_accepted_in_this_window(
    export_window, qtbot, monkeypatch, tmp_path
):
    w = export_window()
    qtbot.waitUntil(lambda: w.live.ready, timeout=30_000)
    w.editor.setPlainText("We utilize the tools daily.")
    qtbot.waitUntil(lambda: any(s.original == "utilize" for s in w.review.review.suggestions),
                    timeout=20_000)
    chosen = next(s for s in w.review.review.suggestions if s.original == "utilize")
    assert w.review.accept(chosen.id)
    target = tmp_path / "report.txt"

    def fill(d: ExportDialog) -> None:
        assert d.report_check.text() == "Append a change report (1 accepted change)"
        d.format_box.setCurrentIndex(d.format_box.findData("txt"))
        d.destination_edit.setText(str(target))
        d.report_check.setChecked(True)

    answer_dialog(monkeypatch, fill)
    with qtbot.waitSignal(exporter_of(w).exported, timeout=20_000):
        export_action(w).trigger()
    text = target.read_text(encoding="utf-8")
    assert text.startswith(w.editor.toPlainText() + "\n\n* * *\n\nChange report\n")
    assert f"• Before: utilize\n  • After: {chosen.replacement}\n" in text
    assert "1 change in “Untitled”" in text


def test_no_note_without_open_suggestions(qtbot, tmp_path):
    context = ExportContext("d.md", None, "", tmp_path, 0, 2)
    dialog = ExportDialog(context, Settings())
    qtbot.addWidget(dialog)
    assert dialog.suggestions_label.isHidden()
    assert dialog.report_check.text() == "Append a change report (2 accepted changes)"


def test_a_failed_export_says_so_and_leaves_the_file(
    export_window, qtbot, monkeypatch, dialogs, tmp_path
):
    w = export_window()
    w.editor.setPlainText("# New text")
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "book.docx"
    target.write_bytes(b"last week's export")

    def fill(d: ExportDialog) -> None:
        d.format_box.setCurrentIndex(d.format_box.findData("docx"))
        d.destination_edit.setText(str(target))

    answer_dialog(monkeypatch, fill)
    dialogs.answer(QMessageBox.StandardButton.Save)  # yes, replace it

    real_replace = os.replace

    def disk_full(source, destination):
        if os.path.dirname(destination) == str(folder):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", disk_full)
    with qtbot.waitSignal(exporter_of(w).export_failed, timeout=20_000):
        export_action(w).trigger()
    assert "Replace file?" in dialogs.messages[0]  # the dialog asked before replacing
    message = dialogs.message_containing("Export failed")
    assert "the disk is full" in message and str(target) in message
    assert target.read_bytes() == b"last week's export"
    assert sorted(p.name for p in folder.iterdir()) == ["book.docx"]  # no temporary file


def long_draft(paragraphs: int) -> str:
    line = ("The boats came in before the sun did, and *Marta* stood on the **quay** counting "
            "hulls the way her father had taught her. ") * 2
    return "\n".join(f"## Part {i}" if i % 40 == 0 else line for i in range(paragraphs))


def test_a_long_export_shows_progress_and_the_window_keeps_working(
    export_window, qtbot, monkeypatch, tmp_path
):
    w = export_window()
    w.editor.setPlainText(long_draft(6000))  # a novel's length: seconds of work
    settle(qtbot, w)
    target = tmp_path / "long.pdf"

    def fill(d: ExportDialog) -> None:
        d.format_box.setCurrentIndex(d.format_box.findData("pdf"))
        d.destination_edit.setText(str(target))

    answer_dialog(monkeypatch, fill)
    exporter = exporter_of(w)
    values: list[int] = []
    dialog_seen: list[bool] = []
    exporter.progressed.connect(values.append)
    exporter.progressed.connect(
        lambda _v: dialog_seen.append(exporter.progress is not None
                                      and exporter.progress.isVisible()))
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(20)
    with qtbot.waitSignal(exporter.exported, timeout=120_000):
        export_action(w).trigger()
    timer.stop()
    assert len(values) >= 20 and values == sorted(values) and values[-1] >= 95
    assert any(dialog_seen), "the progress dialog never showed"
    assert len(ticks) >= 10
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    # An export done in the GUI thread stalls it for the whole job (many seconds). So did one
    # long C++ call that holds the GIL: laying the whole document out at once took 1.1-1.3 s
    # on a loaded CI machine, so the PDF is laid out in steps (0.3 s worst seen since, with
    # training running beside it).
    assert max(gaps) < 1.0, f"the window stalled for {max(gaps):.2f} s"
    assert sorted(gaps)[len(gaps) // 2] < 0.25, "the window was slow throughout the export"
    assert len(pypdf.PdfReader(target).pages) > 20
    qtbot.waitUntil(lambda: exporter.job is None and exporter.progress is None)


def test_cancelling_writes_nothing(export_window, qtbot, monkeypatch, tmp_path):
    w = export_window()
    w.editor.setPlainText(long_draft(2500))
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "long.docx"

    def fill(d: ExportDialog) -> None:
        d.format_box.setCurrentIndex(d.format_box.findData("docx"))
        d.destination_edit.setText(str(target))

    answer_dialog(monkeypatch, fill)
    exporter = exporter_of(w)

    def cancel_once_started(value: int) -> None:
        if value > 10 and exporter.progress is not None:
            exporter.progress.findChild(QPushButton).click()  # the Cancel button

    exporter.progressed.connect(cancel_once_started)
    with qtbot.waitSignal(exporter.export_cancelled, timeout=120_000):
        export_action(w).trigger()
    qtbot.waitUntil(lambda: exporter.job is None)
    assert list(folder.iterdir()) == []
    assert "cancelled" in w.statusBar().currentMessage()


def test_the_dialog_refuses_the_document_itself_and_missing_folders(qtbot, tmp_path):
    source = tmp_path / "d.md"
    source.write_text("x", encoding="utf-8")
    dialog = ExportDialog(ExportContext("d.md", source, "", tmp_path, 0, 0), Settings())
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("md"))
    assert dialog.destination() == tmp_path / "d (export).md"  # not the document itself
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    assert dialog.destination() == tmp_path / "d.pdf"
    dialog.destination_edit.setText(str(source))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "the document itself" in dialog.error_label.text()
    dialog.destination_edit.setText(str(tmp_path / "nowhere" / "x.md"))
    dialog.accept()
    assert "does not exist" in dialog.error_label.text()


def test_a_pdf_that_loses_characters_is_written_and_the_writer_is_told(
        export_window, qtbot, monkeypatch, tmp_path, dialogs):
    import app.ui.export.export_action as export_action_module

    family = "Humanize Latin Only"
    assert QFontDatabase.addApplicationFontFromData(make_font(family, string.printable)) >= 0

    def with_this_font_only(text, fmt, options, changes=()):
        return export_notices(text, fmt, options, changes, families=[family])

    monkeypatch.setattr(export_action_module, "export_notices", with_this_font_only)
    w = export_window()
    w.editor.setPlainText("Meeting in 東京 on Monday.")
    target = tmp_path / "trip.pdf"

    def fill(d: ExportDialog) -> None:
        d.format_box.setCurrentIndex(d.format_box.findData("pdf"))
        d.destination_edit.setText(str(target))

    answer_dialog(monkeypatch, fill)
    with qtbot.waitSignal(exporter_of(w).exported, timeout=20_000):
        export_action(w).trigger()
    assert target.stat().st_size > 0
    message = dialogs.message_containing("could not be drawn")
    assert "“trip.pdf” was exported" in message
    assert ("No installed font can draw 東京 (CJK): install a CJK font such as Noto Sans CJK"
            in message)
