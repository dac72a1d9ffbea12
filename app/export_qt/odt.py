"""OpenDocument text through Qt's ODF writer (QTextDocumentWriter), finished by hand.

Qt writes content.xml only, and every block as a plain paragraph. LibreOffice then shows no
outline, no title, a default page and a rule as an empty line. So, after Qt: headings become
real <text:h> elements with their outline level, rules get a bottom border, and meta.xml
(title, author) and styles.xml (page size, margins, a page number in the footer) are added.
"""

from __future__ import annotations

import io
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QTextDocumentWriter

from app.core.export import ExportError
from app.core.export.model import BlockKind, ExportDocument, list_steps
from app.core.export.options import ExportOptions
from app.export_qt.text_document import build_text_document

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
RULE_STYLE = "HumanizeRule"
LABEL_WIDTH = "6mm"  # room for a list item's bullet or number
PAGE_MM = {"A4": (210.0, 297.0, 25.0), "Letter": (215.9, 279.4, 25.4)}

_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="{office}" xmlns:style="{style}" xmlns:fo="{fo}"
 xmlns:text="{text}" office:version="1.2">
 <office:automatic-styles>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="{width}mm" fo:page-height="{height}mm"
    fo:margin-top="{margin}mm" fo:margin-bottom="{footer_margin}mm"
    fo:margin-left="{margin}mm" fo:margin-right="{margin}mm"/>
   <style:footer-style><style:header-footer-properties fo:min-height="0mm"
    fo:margin-top="5mm"/></style:footer-style>
  </style:page-layout>
  <style:style style:name="Footer" style:family="paragraph">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current"
    >1</text:page-number></text:p></style:footer>
  </style:master-page>
 </office:master-styles>
</office:document-styles>
"""

_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="{office}"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
 <office:meta>
  <meta:generator>Humanize</meta:generator>
  <dc:title>{title}</dc:title>
  <meta:initial-creator>{author}</meta:initial-creator>
  <dc:creator>{author}</dc:creator>
  <meta:creation-date>{now}</meta:creation-date>
  <dc:date>{now}</dc:date>
 </office:meta>
</office:document-meta>
"""


def render_odt(
    document: ExportDocument, options: ExportOptions,
    progress: Callable[[float], None] | None = None,
) -> bytes:
    def building(done: float) -> None:
        if progress:
            progress(0.6 * done)

    doc = build_text_document(document, options, progress=building)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QTextDocumentWriter(buffer, QByteArray(b"ODF")).write(doc):
        raise ExportError("Qt could not write the OpenDocument file.")
    buffer.close()
    if progress:
        progress(0.9)
    return finish_odt(bytes(data.data()), document, options)


def finish_odt(package: bytes, document: ExportDocument, options: ExportOptions) -> bytes:
    """Qt's ODF package with real headings, rules, metadata and page styles added."""
    source = zipfile.ZipFile(io.BytesIO(package))
    content = _finish_content(source.read("content.xml"), document)
    width, height, margin = PAGE_MM.get(options.page_size, PAGE_MM["A4"])
    styles = _STYLES.format(office=OFFICE, style=STYLE, fo=FO, text=TEXT, width=width,
                            height=height, margin=margin, footer_margin=margin - 10)
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    meta = _META.format(office=OFFICE, title=escape(options.title),
                        author=escape(options.author), now=now)
    manifest = _finish_manifest(source.read("META-INF/manifest.xml").decode("utf-8"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        # The mimetype comes first and uncompressed: that is how readers recognise the file.
        target.writestr("mimetype", source.read("mimetype"), zipfile.ZIP_STORED)
        for name, data in (("META-INF/manifest.xml", manifest.encode("utf-8")),
                           ("content.xml", content), ("styles.xml", styles.encode("utf-8")),
                           ("meta.xml", meta.encode("utf-8"))):
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _finish_content(xml: bytes, document: ExportDocument) -> bytes:
    for prefix, uri in _namespaces(xml):
        ET.register_namespace(prefix, uri)  # keep Qt's prefixes (office:, text:, ...)
    root = ET.fromstring(xml)
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    paragraphs = [] if body is None else list(body.iter(f"{{{TEXT}}}p"))
    blocks = document.blocks
    if len(paragraphs) != len(blocks):
        return xml  # not the one-block-one-paragraph shape this relies on: leave Qt's as is
    parents = {child: parent for parent in root.iter() for child in parent}
    for (block, step), paragraph in zip(list_steps(blocks), paragraphs, strict=True):
        if step is not None and step.opens and block.ordered and block.number != 1:
            # Qt does not write where a numbered list starts; ODF keeps it on the first item.
            parents[paragraph].set(f"{{{TEXT}}}start-value", str(block.number))
        if block.kind is BlockKind.HEADING:
            paragraph.tag = f"{{{TEXT}}}h"
            paragraph.set(f"{{{TEXT}}}outline-level", str(block.level))
        elif block.kind is BlockKind.RULE:
            paragraph.set(f"{{{TEXT}}}style-name", RULE_STYLE)
    for level in root.iter(f"{{{STYLE}}}list-level-properties"):
        # Qt gives no room for the bullet or number, so LibreOffice sets text right against it.
        level.set(f"{{{TEXT}}}min-label-width", LABEL_WIDTH)
    if any(block.kind is BlockKind.RULE for block in blocks):
        automatic = root.find(f"{{{OFFICE}}}automatic-styles")
        if automatic is None:
            automatic = ET.Element(f"{{{OFFICE}}}automatic-styles")
            root.insert(0, automatic)
        rule = ET.SubElement(automatic, f"{{{STYLE}}}style", {
            f"{{{STYLE}}}name": RULE_STYLE, f"{{{STYLE}}}family": "paragraph"})
        ET.SubElement(rule, f"{{{STYLE}}}paragraph-properties", {
            f"{{{FO}}}border-bottom": "0.5pt solid #a0a7b0", f"{{{FO}}}padding-bottom": "0mm",
            f"{{{FO}}}margin-bottom": "4mm"})
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _namespaces(xml: bytes) -> list[tuple[str, str]]:
    return [item for _event, item in ET.iterparse(io.BytesIO(xml), events=("start-ns",))]


def _finish_manifest(manifest: str) -> str:
    entries = "".join(
        f" <manifest:file-entry manifest:media-type=\"text/xml\" manifest:full-path={quoteattr(n)}"
        "/>\n"
        for n in ("styles.xml", "meta.xml")
        if f'manifest:full-path="{n}"' not in manifest
    )
    return manifest.replace("</manifest:manifest>", entries + "</manifest:manifest>")
