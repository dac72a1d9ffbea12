"""Word documents (.docx) with python-docx, using Word's own styles.

Headings are "Heading 1".."Heading 6", list items "List Bullet"/"List Number" (2 and 3 for
nested items) so Word's navigation pane, outline and list tools work; each numbered list
restarts at its own first number. Title and author go in the core properties, the page size and
margins in the section, a page number in the footer. The base font is set on "Normal" and the
headings follow it, so the whole document changes with one style edit in Word.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from app.core.export.model import Block, BlockKind, ExportDocument, Run, list_steps
from app.core.export.options import ExportOptions

CODE_FONT = "Consolas"
LINK_COLOR = RGBColor(0x0B, 0x5C, 0xAD)
HEADING_COLOR = RGBColor(0x1F, 0x23, 0x28)
HEADING_SCALE = {1: 1.75, 2: 1.4, 3: 1.2}  # of the base size; levels 4-6 stay at it
PROGRESS_EVERY = 200  # blocks between progress reports

# Elements that follow <w:pBdr> and <w:bidi> in a paragraph's properties (the schema's order,
# which Word enforces: an element out of place makes it refuse the file).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
               "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
               "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_BIDI = _AFTER_PBDR[_AFTER_PBDR.index("w:bidi") + 1 :]


def render_docx(
    document: ExportDocument, options: ExportOptions,
    progress: Callable[[float], None] | None = None,
) -> bytes:
    word = new_word_document()
    _drop_template_thumbnail(word)
    _set_up_page(word, options)
    _set_up_styles(word, options)
    _set_properties(word, options)
    blocks = document.blocks
    list_ids: dict[int, int] = {}  # depth -> Word list (numId) of the numbered list open there
    for index, (block, step) in enumerate(list_steps(blocks)):
        paragraph = _add_block(word, block)
        if block.kind is BlockKind.LIST_ITEM and block.ordered and step is not None:
            if step.opens or block.depth not in list_ids:
                list_ids[block.depth] = _new_numbered_list(word, paragraph.style.name,
                                                           block.number)
            _number_with(paragraph, list_ids[block.depth])
        if block.new_page:
            paragraph.paragraph_format.page_break_before = True
        if progress and index % PROGRESS_EVERY == 0:
            progress(index / max(len(blocks), 1))
    buffer = io.BytesIO()
    word.save(buffer)
    if progress:
        progress(1.0)
    return buffer.getvalue()


def _add_block(word: WordDocument, block: Block) -> Paragraph:
    if block.kind is BlockKind.HEADING:
        paragraph = word.add_paragraph(style=f"Heading {min(max(block.level, 1), 6)}")
    elif block.kind is BlockKind.QUOTE:
        paragraph = word.add_paragraph(style="Quote")
    elif block.kind is BlockKind.LIST_ITEM:
        level = "" if block.depth == 0 else f" {min(block.depth + 1, 3)}"
        style = ("List Number" if block.ordered else "List Bullet") + level
        paragraph = word.add_paragraph(style=style)
    else:
        paragraph = word.add_paragraph()
    if block.kind is BlockKind.RULE:
        _bottom_border(paragraph)
    _add_runs(paragraph, block.runs)
    if _is_right_to_left(block.text):
        bidi = OxmlElement("w:bidi")
        paragraph._p.get_or_add_pPr().insert_element_before(bidi, *_AFTER_BIDI)
    return paragraph


def _add_runs(paragraph: Paragraph, runs: Sequence[Run]) -> None:
    for run in runs:
        if run.link:
            relation = paragraph.part.relate_to(run.link, RELATIONSHIP_TYPE.HYPERLINK,
                                                is_external=True)
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), relation)
            for piece in _add_text(paragraph, run):
                piece.font.color.rgb = LINK_COLOR
                piece.font.underline = True
                link.append(piece._r)  # moved from the paragraph into the link
            paragraph._p.append(link)
        else:
            _add_text(paragraph, run)


def _add_text(paragraph: Paragraph, run: Run) -> list:
    rtl = _is_right_to_left(run.text)
    pieces = []
    for number, line in enumerate(run.text.split("\n")):
        piece = paragraph.add_run()
        if number:
            piece.add_break()
        piece.text = line
        piece.bold = run.bold or None
        piece.italic = run.italic or None
        if rtl:  # Word applies bold and italic to right-to-left scripts through the cs flags
            piece.font.rtl = True
            piece.font.cs_bold = run.bold or None
            piece.font.cs_italic = run.italic or None
        if run.code:
            piece.font.name = CODE_FONT
        pieces.append(piece)
    return pieces


def _is_right_to_left(text: str) -> bool:
    """Whether the first letter with a direction is Hebrew, Arabic or another RTL script."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _new_numbered_list(word: WordDocument, style: str, start: int) -> int:
    """A new Word list (numId) in the numbering of `style`, counting from `start`.

    Every "List Number" paragraph shares one list, so a second numbered list would carry on
    from the first; a new <w:num> over the same definition, with a start override, ends that.
    """
    numbering = word.part.numbering_part.element
    style_num = word.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _number_with(paragraph: Paragraph, list_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = list_id


def _bottom_border(paragraph: Paragraph) -> None:
    """A horizontal rule, as Word draws one: the bottom border of an empty paragraph."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                        ("w:color", "A0A7B0")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _set_up_page(word: WordDocument, options: ExportOptions) -> None:
    section = word.sections[0]
    if options.page_size == "Letter":
        section.page_width, section.page_height = Inches(8.5), Inches(11)
        margin = Inches(1)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        margin = Mm(25)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"  # shown until Word updates the field
    run.append(text)
    field.append(run)
    footer._p.append(field)


def _set_up_styles(word: WordDocument, options: ExportOptions) -> None:
    family = options.family
    normal = word.styles["Normal"]
    _set_font(normal, family)
    normal.font.size = Pt(options.font_size)
    normal.paragraph_format.space_after = Pt(options.font_size * 0.6)
    normal.paragraph_format.line_spacing = 1.15
    for level in range(1, 7):
        heading = word.styles[f"Heading {level}"]
        _set_font(heading, family)
        heading.font.color.rgb = HEADING_COLOR
        heading.font.size = Pt(round(options.font_size * HEADING_SCALE.get(level, 1.0)))
        heading.font.bold = True
    _set_font(word.styles["Quote"], family)


def _set_font(style: ParagraphStyle, family: str) -> None:
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    # A theme font (asciiTheme...) wins over a named one; drop it so the chosen font shows.
    for name in ("w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(name), None)
    style.font.name = family


def _set_properties(word: WordDocument, options: ExportOptions) -> None:
    properties = word.core_properties
    now = datetime.now(UTC).replace(microsecond=0)
    properties.title = options.title
    properties.author = options.author
    properties.last_modified_by = options.author
    properties.comments = ""  # the template's says "generated by python-docx"
    properties.created = properties.modified = now
    properties.revision = 1


def _drop_template_thumbnail(word: WordDocument) -> None:
    """The template carries a preview picture of another document; file browsers show it."""
    relations = word.part.package.rels
    for key, relation in list(relations.items()):
        if relation.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            relations.pop(key)
