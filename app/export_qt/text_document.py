"""The export structure as a QTextDocument, which Qt then prints to PDF or writes as ODF.

Blocks map one to one onto QTextBlocks (the ODT step relies on it): headings carry their
heading level, list items belong to real QTextLists (numbered from the list's first number),
quotes are indented, a rule is Qt's horizontal ruler. Margins are in Qt's logical pixels (96 to
the inch), which the layout scales to the device it lays out for and the ODF writer converts to
points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import (
    QColor,
    QFont,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextList,
    QTextListFormat,
)

from app.core.export.model import Block, BlockKind, ExportDocument, ListStep, Run, list_steps
from app.core.export.options import ExportOptions

PIXELS_PER_POINT = 96 / 72
HEADING_SCALE = {1: 1.75, 2: 1.4, 3: 1.2}  # as in the DOCX writer
CODE_FAMILIES = ["Consolas", "DejaVu Sans Mono", "Menlo", "Liberation Mono", "monospace"]
LINK_COLOR = QColor("#0b5cad")
QUOTE_COLOR = QColor("#4d5560")
PROGRESS_EVERY = 200
_BULLETS = (QTextListFormat.Style.ListDisc, QTextListFormat.Style.ListCircle,
            QTextListFormat.Style.ListSquare)


def body_font(options: ExportOptions) -> QFont:
    font = QFont(options.family)
    font.setPointSizeF(options.font_size)
    # Where the family is missing (Georgia on most Linux systems), fall back to a serif.
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def build_text_document(
    document: ExportDocument, options: ExportOptions,
    progress: Callable[[float], None] | None = None,
) -> QTextDocument:
    """A QTextDocument for `document`, not yet laid out for any device."""
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    doc.setDefaultFont(body_font(options))
    doc.setDocumentMargin(0)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, options.title)
    builder = _Builder(doc, options)
    steps = list(list_steps(document.blocks))
    for index, (block, step) in enumerate(steps):
        following = steps[index + 1][1] if index + 1 < len(steps) else None
        # The last item of a list gets a paragraph's space below it, to set the list apart.
        ends_list = following is None or (following.opens and steps[index + 1][0].depth == 0)
        builder.add(block, step, ends_list)
        if progress and index % PROGRESS_EVERY == 0:
            progress(index / max(len(steps), 1))
    return doc


class _Builder:
    def __init__(self, doc: QTextDocument, options: ExportOptions) -> None:
        self.cursor = QTextCursor(doc)
        self.size = float(options.font_size)
        self.lists: list[QTextList] = []
        self.first = True

    def add(self, block: Block, step: ListStep | None, ends_list: bool) -> None:
        block_format, char_format = self._formats(block, ends_list)
        if self.first:  # the document starts with one empty block: use it
            self.cursor.setBlockFormat(block_format)
            self.cursor.setBlockCharFormat(char_format)
            self.first = False
        else:
            self.cursor.insertBlock(block_format, char_format)
        if step is not None:
            self._join_list(block, step.close, step.opens)
        else:
            self.lists.clear()
        self._insert_runs(block.runs, char_format)

    def _join_list(self, block: Block, close: int, opens: bool) -> None:
        del self.lists[len(self.lists) - close :]
        if opens or not self.lists:
            list_format = QTextListFormat()
            if block.ordered:
                list_format.setStyle(QTextListFormat.Style.ListDecimal)
                list_format.setStart(block.number)
            else:
                list_format.setStyle(_BULLETS[min(block.depth, len(_BULLETS) - 1)])
            list_format.setIndent(block.depth + 1)
            self.lists.append(self.cursor.createList(list_format))
        else:
            self.lists[-1].add(self.cursor.block())

    def _formats(self, block: Block, ends_list: bool) -> tuple[QTextBlockFormat, QTextCharFormat]:
        em = self.size * PIXELS_PER_POINT
        block_format = QTextBlockFormat()
        char_format = QTextCharFormat()
        block_format.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block_format.setBottomMargin(0.6 * em)
        if block.kind is BlockKind.HEADING:
            scale = HEADING_SCALE.get(block.level, 1.0)
            block_format.setHeadingLevel(block.level)
            block_format.setTopMargin(1.1 * em)
            block_format.setBottomMargin(0.45 * em)
            block_format.setLineHeight(100, QTextBlockFormat.LineHeightTypes.ProportionalHeight
                                       .value)
            char_format.setFontPointSize(self.size * scale)
            char_format.setFontWeight(QFont.Weight.Bold)
        elif block.kind is BlockKind.LIST_ITEM and not ends_list:
            block_format.setBottomMargin(0.25 * em)
        elif block.kind is BlockKind.QUOTE:
            block_format.setLeftMargin(1.5 * em)
            block_format.setRightMargin(1.5 * em)
            char_format.setFontItalic(True)
            char_format.setForeground(QUOTE_COLOR)
        elif block.kind is BlockKind.RULE:
            block_format.setProperty(QTextFormat.Property.BlockTrailingHorizontalRulerWidth,
                                     QTextLength(QTextLength.Type.PercentageLength, 100))
            block_format.setTopMargin(0.6 * em)
        if block.new_page:
            block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        return block_format, char_format

    def _insert_runs(self, runs: Sequence[Run], base: QTextCharFormat) -> None:
        for run in runs:
            char_format = QTextCharFormat(base)
            if run.bold:
                char_format.setFontWeight(QFont.Weight.Bold)
            if run.italic:
                char_format.setFontItalic(True)
            if run.code:
                char_format.setFontFamilies(CODE_FAMILIES)
                char_format.setFontStyleHint(QFont.StyleHint.TypeWriter)
                char_format.setFontPointSize(base.fontPointSize() * 0.9 if base.fontPointSize()
                                             else self.size * 0.9)
            if run.link:
                char_format.setAnchor(True)
                char_format.setAnchorHref(run.link)
                char_format.setForeground(LINK_COLOR)
                char_format.setFontUnderline(True)
            # Qt keeps a line break inside a block as U+2028.
            self.cursor.insertText(run.text.replace("\n", "\u2028"), char_format)
