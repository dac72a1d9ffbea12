"""Block-level Markdown for export: headings, paragraphs, lists, block quotes and rules.

CommonMark-ish, with one deliberate difference: **one line is one paragraph**. In Humanize a
paragraph is a line (the editor, the gauges and `check` all count it so), and drafts pasted
from word processors have no blank lines between paragraphs; CommonMark would run them into one.
Lines indented under a list item continue that item on a new line.

Supported: ATX headings (`#` … `######`, optional closing `#`s), setext headings (a line
underlined with `===` or `---`), thematic breaks (`***`, `---`, `___`), block quotes (`>`,
nested markers flattened), bullet lists (`-`, `*`, `+`) and ordered lists (`1.` or `1)`),
nested by indentation, numbered from the first item's number as CommonMark does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.core.export.markdown_inline import parse_inline
from app.core.export.model import Block, BlockKind, plain_text

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_RULE = re.compile(r" {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}")
_QUOTE = re.compile(r"(?: {0,3}>[ \t]?)+")
_ITEM = re.compile(r"( *)([-+*]|(\d{1,9})([.)]))(?:([ \t]+)(.*))?")
_LEADING = re.compile(r"[ \t]*")
_TITLE_LINES = 50  # a title further down than this is not the document's title


@dataclass(slots=True)
class _OpenList:
    marker_indent: int
    content_indent: int
    ordered: bool
    marker: str  # "-", "*", "+" for bullets; "." or ")" for numbers
    number: int


def parse_markdown(text: str) -> tuple[Block, ...]:
    """The blocks of a Markdown document (any newline style)."""
    blocks: list[Block] = []
    lists: list[_OpenList] = []
    last_paragraph_line = -2  # the line that made blocks[-1], when it is a paragraph
    item_source = ""  # the Markdown of the last list item, to which indented lines add
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        line = _expand_indent(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        setext = _SETEXT.fullmatch(line)
        if setext and last_paragraph_line == number - 1:
            level = 1 if setext.group(1)[0] == "=" else 2
            blocks[-1] = Block(BlockKind.HEADING, blocks[-1].runs, level=level)
            last_paragraph_line = -2
            continue
        if _RULE.fullmatch(line):
            lists.clear()
            blocks.append(Block(BlockKind.RULE))
            continue
        heading = _ATX.fullmatch(line)
        if heading:
            lists.clear()
            content = heading.group(2) or ""
            blocks.append(Block(BlockKind.HEADING, parse_inline(content.strip()),
                                level=len(heading.group(1))))
            continue
        quote = _QUOTE.match(line)
        if quote:
            lists.clear()
            content = line[quote.end():].strip()
            if content:  # a bare ">" only separates paragraphs of the quote
                blocks.append(Block(BlockKind.QUOTE, parse_inline(content)))
            continue
        item = _ITEM.fullmatch(line)
        if item:
            block, item_source = _list_item(item, lists)
            blocks.append(block)
            continue
        indent = len(line) - len(line.lstrip(" "))
        if lists and indent >= lists[0].content_indent:
            # The whole item is parsed again: emphasis may span its lines.
            item_source += "\n" + stripped
            blocks[-1] = replace(blocks[-1], runs=parse_inline(item_source))
            continue
        lists.clear()
        blocks.append(Block(BlockKind.PARAGRAPH, parse_inline(stripped)))
        last_paragraph_line = number
    return tuple(blocks)


def _expand_indent(line: str) -> str:
    """Tabs in the indentation count as four columns (CommonMark's tab stops)."""
    lead = _LEADING.match(line).end()  # type: ignore[union-attr]
    if "\t" not in line[:lead]:
        return line
    return line[:lead].expandtabs(4) + line[lead:]


def _list_item(item: re.Match[str], lists: list[_OpenList]) -> tuple[Block, str]:
    """The item's block and its Markdown text; updates the open lists."""
    marker_indent = len(item.group(1))
    ordered = item.group(3) is not None
    marker = item.group(4) if ordered else item.group(2)
    spaces = len((item.group(5) or " ").expandtabs(4))
    width = len(item.group(2))
    # Five or more spaces after the marker: the content starts after one (CommonMark).
    content_indent = marker_indent + width + (spaces if spaces <= 4 else 1)
    content = item.group(6) or ""
    if spaces > 4:
        content = " " * (spaces - 1) + content
    sibling: _OpenList | None = None
    while lists and marker_indent < lists[-1].content_indent:
        sibling = lists.pop()
    if sibling and sibling.ordered == ordered and sibling.marker == marker:
        number = sibling.number + 1
    else:
        number = int(item.group(3)) if ordered else 0
    lists.append(_OpenList(marker_indent, content_indent, ordered, marker, number))
    content = content.strip()
    block = Block(BlockKind.LIST_ITEM, parse_inline(content), ordered=ordered,
                  depth=len(lists) - 1, number=number if ordered else 0)
    return block, content


def suggested_title(text: str) -> str:
    """The text of the first level-1 heading near the top, without its markup; "" if none.

    Reads only the first lines, so it is cheap on a long document (the dialog calls it).
    """
    for line in text.split("\n", _TITLE_LINES)[:_TITLE_LINES]:
        heading = _ATX.fullmatch(_expand_indent(line.rstrip("\r")))
        if heading and len(heading.group(1)) == 1 and heading.group(2):
            return plain_text(parse_inline(heading.group(2).strip())).strip()
    return ""
