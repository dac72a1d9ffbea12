"""PDF through QPdfWriter: the chosen page size and font, book-like margins, page numbers.

Pages are laid out by QTextDocument itself (a line never straddles two pages) and painted one
by one, so each page can carry its number in the bottom margin and report progress. Text is
painted in dark ink whatever the app's theme: the palette of a dark theme would otherwise give
white text on white paper.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
)

from app.core.export.model import ExportDocument
from app.core.export.options import ExportOptions
from app.export_qt.text_document import body_font, build_text_document

RESOLUTION = 300  # dots per inch for layout; the PDF itself is vector text
LAYOUT_STEP = 100  # blocks laid out per call (a few milliseconds)
INK = QColor("#1f2328")
PAGE_NUMBER_COLOR = QColor("#57606a")
MARGIN_MM = {"A4": 25.0, "Letter": 25.4}  # 25 mm, or one inch on US Letter
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def render_pdf(
    document: ExportDocument, options: ExportOptions,
    progress: Callable[[float], None] | None = None,
) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setTitle(options.title)
    writer.setAuthor(options.author)
    writer.setCreator("Humanize")
    # No printer margins: the margins are drawn here, so the page numbers can sit in them.
    writer.setPageLayout(QPageLayout(QPageSize(PAGE_SIZES.get(options.page_size,
                                                              QPageSize.PageSizeId.A4)),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    page = writer.pageLayout().fullRectPixels(RESOLUTION)
    margin = MARGIN_MM.get(options.page_size, 25.0) / 25.4 * RESOLUTION
    body = QSizeF(page.width() - 2 * margin, page.height() - 2 * margin)

    def building(done: float) -> None:
        if progress:
            progress(0.3 * done)

    doc = build_text_document(document, options, progress=building)
    # Only now the device and pages: with them set while building, Qt lays the document out
    # again after every insertion (ten times slower, and all of it holding Python's GIL).
    layout = doc.documentLayout()
    layout.setPaintDevice(writer)
    doc.setPageSize(body)
    # Laid out in steps: asking for a block's rectangle lays the document out up to that
    # block, so the GIL (held for the length of each call) is free again between steps and
    # the window keeps painting; one pageCount() would hold it for the whole document.
    blocks = doc.blockCount()
    for number in range(LAYOUT_STEP - 1, blocks, LAYOUT_STEP):
        layout.blockBoundingRect(doc.findBlockByNumber(number))
        if progress:
            progress(0.3 + 0.1 * number / blocks)
    pages = doc.pageCount()  # the rest of the layout
    if progress:
        progress(0.4)

    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette()
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(role, INK)
    context.palette = palette
    number_font = QFont(body_font(options))
    number_font.setPointSizeF(max(options.font_size - 2, 6))
    painter = QPainter(writer)
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            top = index * body.height()
            painter.save()
            painter.translate(margin, margin - top)
            context.clip = QRectF(0, top, body.width(), body.height())
            painter.setClipRect(context.clip)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(number_font)
            painter.setPen(PAGE_NUMBER_COLOR)
            footer = QRectF(margin, page.height() - margin, body.width(), margin / 2)
            painter.drawText(footer, Qt.AlignmentFlag.AlignCenter, str(index + 1))
            if progress:
                progress(0.4 + 0.6 * (index + 1) / pages)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())
