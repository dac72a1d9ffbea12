"""Export without Qt: the change report and the HTML, Markdown, plain-text and DOCX writers,
each read back and checked for structure and text; atomic writes. (The Markdown reading itself
is tested in test_export_markdown.py.)"""

from __future__ import annotations

import errno
import io
import os
import time
from html.parser import HTMLParser

import docx
import pytest

from app.core.export import (
    ExportCancelled,
    ExportError,
    ExportOptions,
    build_document,
    export_document,
    format_for_path,
    render_document,
)
from app.core.export.markdown import parse_markdown
from app.core.export.model import BlockKind
from app.core.export.report import report_blocks
from app.core.export.text_writers import markdown_from_blocks
from app.core.feedback import ChangeRecord
from app.core.fileio import FileWriteError

SAMPLE = """# Title with *style*

First paragraph with **bold**, `code` and a [link](https://example.com).
Second line is its own paragraph.

## Lists

- apple
- pear
  - nested
1. one
1. two

> quoted
---
### Done \\*literally\\*
"""

UNICODE = "# Café naïve 東京 😀\n\nשלום עולם, مرحبا بالعالم.\n\n- ünïcödé 🎉 列表\n"
UNICODE_PIECES = ("Café naïve 東京 😀", "שלום עולם, مرحبا بالعالم.", "ünïcödé 🎉 列表")

AT = time.mktime((2026, 5, 3, 14, 2, 0, 0, 0, -1))  # local time, so the report shows 14:02
CHANGES = [
    ChangeRecord(AT, "ai_tell", "lexicon:ai_tells:delve-into", "Stock AI phrase",
                 "delve into", "look at", "/d.md"),
    ChangeRecord(AT + 60, "filler", "Gemma 3 270M", "", "really ", "", "/d.md"),
]


# --- plain text and Markdown ------------------------------------------------------------------


def test_plain_text_removes_the_markup():
    assert render_document(SAMPLE, "txt", ExportOptions()).decode("utf-8") == (
        "Title with style\n\n"
        "First paragraph with bold, code and a link (https://example.com).\n\n"
        "Second line is its own paragraph.\n\n"
        "Lists\n\n"
        "• apple\n• pear\n  • nested\n\n"
        "1. one\n2. two\n\n"
        "    quoted\n\n"
        "* * *\n\n"
        "Done *literally*\n"
    )


REPORT_TEXT = (
    "* * *\n\n"
    "Change report\n\n"
    "Every change listed here was suggested by Humanize and accepted by the writer: 2 changes "
    "in “d.md”, oldest first. Times are local.\n\n"
    "1. AI tell — suggested by the rule “delve-into”\n"
    "  • Before: delve into\n  • After: look at\n  • Why: Stock AI phrase\n"
    "  • Accepted: 2026-05-03 14:02\n"
    "2. Filler — suggested by the model Gemma 3 270M\n"
    "  • Before: really \n  • After: (deleted)\n  • Accepted: 2026-05-03 14:03\n"
)


def test_plain_text_with_the_change_report():
    options = ExportOptions(change_report=True, document_name="d.md")
    text = render_document("Body.", "txt", options, CHANGES).decode("utf-8")
    assert text == "Body.\n\n" + REPORT_TEXT


def test_markdown_is_the_text_as_written_plus_the_report():
    source = "# Draft\r\nSome *text* \\* kept.\n\n\n"
    assert render_document(source, "md", ExportOptions()).decode() == (
        "# Draft\nSome *text* \\* kept.\n")
    options = ExportOptions(change_report=True, document_name="d.md")
    text = render_document(source, "md", options, CHANGES).decode("utf-8")
    assert text == (
        "# Draft\nSome *text* \\* kept.\n\n---\n\n# Change report\n\n"
        "Every change listed here was suggested by Humanize and accepted by the writer: 2 "
        "changes in “d.md”, oldest first. Times are local.\n\n"
        "1. **AI tell** — suggested by the rule “delve-into”\n"
        "   - *Before:* delve into\n   - *After:* look at\n   - *Why:* Stock AI phrase\n"
        "   - *Accepted:* 2026-05-03 14:02\n"
        "2. **Filler** — suggested by the model Gemma 3 270M\n"
        "   - *Before:* really \n   - *After:* *(deleted)*\n   - *Accepted:* 2026-05-03 14:03\n"
    )


def test_report_markdown_reads_back_as_the_same_blocks():
    tricky = [ChangeRecord(AT, "wordy", "rule:x", "", "# not *a* heading_", "[x](y) <b>", "")]
    blocks = report_blocks(tricky + CHANGES, "a*b*.md")
    parsed = parse_markdown(markdown_from_blocks(blocks))
    assert parsed[0].kind is BlockKind.RULE  # the new page, where there are no pages
    shape = [(b.kind, b.depth, b.number, b.text.strip()) for b in blocks]
    assert [(b.kind, b.depth, b.number, b.text.strip()) for b in parsed[1:]] == shape


def test_report_without_changes_says_so():
    blocks = report_blocks([], "notes.md")
    assert [b.text for b in blocks] == [
        "Change report", "No suggestions from Humanize were accepted in “notes.md”."]
    assert blocks[0].new_page


# --- HTML -----------------------------------------------------------------------------------


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag, self.attrs, self.children = tag, attrs, []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def find_all(self, tag: str) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    found.append(child)
                found.extend(child.find_all(tag))
        return found


class TreeBuilder(HTMLParser):
    VOID = {"meta", "hr", "br", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(data: bytes) -> Node:
    builder = TreeBuilder()
    builder.feed(data.decode("utf-8"))
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def test_html_is_a_standalone_page_with_the_structure():
    options = ExportOptions(title="The <Harbour> & co", author='Ana "A" Núñez', page_size="Letter",
                            font_family="Noto Serif", font_size=14)
    data = render_document(SAMPLE + "\n3. three\n4. four\n", "html", options)
    assert data.startswith(b"<!DOCTYPE html>")
    root = parse_html(data)
    assert root.find_all("title")[0].text == "The <Harbour> & co"
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in root.find_all("meta")}
    assert metas["author"] == 'Ana "A" Núñez'
    assert any(m.attrs.get("charset") == "utf-8" for m in root.find_all("meta"))
    style = root.find_all("style")[0].text
    assert '"Noto Serif", Georgia, serif' in style and "14pt" in style and "size: Letter" in style
    body = root.find_all("body")[0]
    assert [(h.tag, h.text) for h in body.find_all("h1") + body.find_all("h2")
            + body.find_all("h3")] == [("h1", "Title with style"), ("h2", "Lists"),
                                       ("h3", "Done *literally*")]
    assert [p.text for p in body.find_all("p")] == [
        "First paragraph with bold, code and a link.", "Second line is its own paragraph.",
        "quoted"]
    lists = [(node.tag, node.attrs.get("start"), [" ".join(li.text.split())
                                                  for li in node.children
                                                  if isinstance(li, Node)])
             for node in body.children if isinstance(node, Node) and node.tag in ("ul", "ol")]
    assert lists == [("ul", None, ["apple", "pear nested"]), ("ol", None, ["one", "two"]),
                     ("ol", "3", ["three", "four"])]
    nested = body.find_all("ul")[1]
    assert nested in body.find_all("li")[1].children  # inside "pear"'s item
    assert body.find_all("blockquote")[0].find_all("p")[0].text == "quoted"
    assert len(body.find_all("hr")) == 1
    assert [a.attrs["href"] for a in body.find_all("a")] == ["https://example.com"]
    assert [n.text for n in body.find_all("strong")] == ["bold"]
    assert [n.text for n in body.find_all("code")] == ["code"]
    assert [n.text for n in body.find_all("em")] == ["style"]


def test_html_escapes_text_and_drops_script_links():
    data = render_document('<script>alert("x")</script> & [click](javascript:alert(1))', "html",
                           ExportOptions())
    assert b"<script>" not in data and b"javascript:" not in data
    paragraph = parse_html(data).find_all("p")[0]
    assert paragraph.text == '<script>alert("x")</script> & click'
    assert paragraph.find_all("a") == []


def test_html_report_starts_a_new_printed_page():
    options = ExportOptions(change_report=True, document_name="d.md")
    body = parse_html(render_document("Body.", "html", options, CHANGES)).find_all("body")[0]
    heading = body.find_all("h1")[0]
    assert heading.text == "Change report" and heading.attrs["class"] == "new-page"
    items = body.find_all("ol")[0].children
    assert [li.text.split("\n")[0] for li in items if isinstance(li, Node)] == [
        "AI tell — suggested by the rule “delve-into”",
        "Filler — suggested by the model Gemma 3 270M"]


# --- DOCX -----------------------------------------------------------------------------------


def read_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def numbering_of(paragraph) -> int | None:
    props = paragraph._p.pPr
    return None if props is None or props.numPr is None else props.numPr.numId.val


def test_docx_uses_word_styles_and_properties():
    options = ExportOptions(title="The Harbour", author="Ana Núñez")
    word = read_docx(render_document(SAMPLE + "\nText\n\n4. four\n5. five\n", "docx", options))
    assert [(p.style.name, p.text) for p in word.paragraphs] == [
        ("Heading 1", "Title with style"),
        ("Normal", "First paragraph with bold, code and a link."),
        ("Normal", "Second line is its own paragraph."),
        ("Heading 2", "Lists"),
        ("List Bullet", "apple"), ("List Bullet", "pear"), ("List Bullet 2", "nested"),
        ("List Number", "one"), ("List Number", "two"),
        ("Quote", "quoted"), ("Normal", ""), ("Heading 3", "Done *literally*"),
        ("Normal", "Text"), ("List Number", "four"), ("List Number", "five"),
    ]
    properties = word.core_properties
    assert (properties.title, properties.author, properties.comments) == (
        "The Harbour", "Ana Núñez", "")
    # Each numbered list is its own Word list, starting at its first number.
    first, second = word.paragraphs[7:9], word.paragraphs[13:15]
    assert numbering_of(first[0]) == numbering_of(first[1])
    assert numbering_of(second[0]) == numbering_of(second[1]) != numbering_of(first[0])
    starts = word.part.numbering_part.element.xpath(
        f'.//w:num[@w:numId="{numbering_of(second[0])}"]//w:startOverride/@w:val')
    assert starts == ["4"]
    # The rule is a bottom border; the link a real hyperlink.
    assert word.paragraphs[10]._p.xpath("./w:pPr/w:pBdr/w:bottom")
    link = word.paragraphs[1]._p.xpath("./w:hyperlink")[0]
    assert word.part.rels[link.get(docx.oxml.ns.qn("r:id"))].target_ref == "https://example.com"
    runs = {r.text: r for r in word.paragraphs[1].runs}
    assert runs["bold"].bold and runs["code"].font.name == "Consolas"


def test_docx_page_and_font():
    word = read_docx(render_document("Text", "docx", ExportOptions()))
    section = word.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert word.styles["Normal"].font.name == "Georgia"
    assert word.styles["Normal"].font.size.pt == 12
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    letter = read_docx(render_document("Text", "docx", ExportOptions(
        page_size="Letter", font_family="Noto Serif", font_size=14)))
    page = letter.sections[0]
    assert (page.page_width.inches, page.page_height.inches) == (8.5, 11)
    assert letter.styles["Normal"].font.name == "Noto Serif"
    assert letter.styles["Heading 1"].font.name == "Noto Serif"
    assert letter.styles["Normal"].font.size.pt == 14


def test_docx_right_to_left_paragraphs_are_marked():
    word = read_docx(render_document("שלום עולם\n\nHello", "docx", ExportOptions()))
    assert word.paragraphs[0]._p.xpath("./w:pPr/w:bidi")
    assert not word.paragraphs[1]._p.xpath("./w:pPr/w:bidi")


def test_docx_change_report_starts_on_a_new_page():
    options = ExportOptions(change_report=True, document_name="d.md")
    word = read_docx(render_document("Body.", "docx", options, CHANGES))
    heading = word.paragraphs[1]
    assert (heading.style.name, heading.text) == ("Heading 1", "Change report")
    assert heading.paragraph_format.page_break_before
    assert [p.style.name for p in word.paragraphs[3:5]] == ["List Number", "List Bullet 2"]


# --- Unicode everywhere -------------------------------------------------------------------


def test_unicode_survives_every_core_format():
    texts = {
        "txt": render_document(UNICODE, "txt", ExportOptions()).decode("utf-8"),
        "md": render_document(UNICODE, "md", ExportOptions()).decode("utf-8"),
        "html": parse_html(render_document(UNICODE, "html", ExportOptions())).text,
        "docx": "\n".join(p.text for p in read_docx(
            render_document(UNICODE, "docx", ExportOptions())).paragraphs),
    }
    for fmt, text in texts.items():
        for piece in UNICODE_PIECES:
            assert piece in text, f"{piece!r} lost in {fmt}"


# --- writing the file -----------------------------------------------------------------------


def test_export_writes_the_file(tmp_path):
    target = tmp_path / "out.html"
    written = export_document(SAMPLE, "html", target, ExportOptions(title="T"))
    assert target.read_bytes()[:15] == b"<!DOCTYPE html>" and written == target.stat().st_size


def test_a_failed_write_leaves_the_destination_untouched(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"the previous export")

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(FileWriteError, match="the disk is full"):
        export_document(SAMPLE, "docx", target, ExportOptions())
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]  # no temp file left


def test_a_failing_or_cancelled_render_writes_nothing(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def broken(_document, _options, _progress):
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError):
        export_document(SAMPLE, "txt", target, ExportOptions(), renderers={"txt": broken})

    def cancel(done: float) -> None:
        if done > 0.1:
            raise ExportCancelled

    with pytest.raises(ExportCancelled):
        export_document(SAMPLE * 300, "docx", tmp_path / "new.docx", ExportOptions(),
                        progress=cancel)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions that apply to this user")
def test_a_read_only_folder_is_reported(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(FileWriteError, match="permission was denied"):
            export_document(SAMPLE, "txt", folder / "out.txt", ExportOptions())
    finally:
        folder.chmod(0o700)


def test_a_refused_permission_is_reported_and_nothing_changes(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)  # as a folder the writer may not write to does
    with pytest.raises(FileWriteError, match="permission was denied"):
        export_document(SAMPLE, "txt", target, ExportOptions())
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"


def test_formats_and_their_names():
    with pytest.raises(ExportError, match="not an export format"):
        render_document("x", "rtf", ExportOptions())
    with pytest.raises(ExportError, match="needs Qt"):
        render_document("x", "pdf", ExportOptions())
    assert [format_for_path(name).key for name in ("a.DOCX", "b.htm", "c.markdown", "d.txt")] == [
        "docx", "html", "md", "txt"]
    assert format_for_path("notes") is None and format_for_path("x.rtf") is None


def test_progress_runs_from_start_to_end(tmp_path):
    seen: list[float] = []
    export_document(SAMPLE * 100, "docx", tmp_path / "a.docx", ExportOptions(),
                    progress=seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3


def test_the_report_is_built_only_when_asked():
    assert build_document("x", ExportOptions(), CHANGES).report == ()
    assert build_document("x", ExportOptions(change_report=True), CHANGES).report


def test_the_report_counts_corrections_apart():
    from app.core.export.report import report_blocks

    at = time.mktime((2026, 5, 3, 14, 2, 0, 0, 0, -1))
    changes = [ChangeRecord(at, "spelling", "harper:SpellCheck", "Unknown word", "recieve",
                            "receive", "d.md"),
               ChangeRecord(at, "ai_tell", "lexicon:ai_tells:delve-into", "Stock phrase",
                            "delve into", "look at", "d.md")]
    intro = report_blocks(changes, "d.md")[1].text
    assert "2 changes (1 spelling and grammar correction, 1 other change)" in intro
    assert "spelling and grammar check (Harper" in report_blocks(changes, "d.md")[2].text
