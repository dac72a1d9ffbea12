"""The document structure every export format is written from.

The Markdown text is parsed once into blocks of inline runs; each writer walks the same blocks,
so a heading is a heading in every format. Plain values only: the whole structure is made in a
worker thread and may be handed between threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum


class BlockKind(Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"  # one paragraph of a block quote; consecutive ones form one quote
    RULE = "rule"


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one look. "\\n" inside `text` is a line break within a block."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str = ""  # the target when the run is (part of) a link


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    runs: tuple[Run, ...] = ()
    level: int = 0  # heading level, 1..6
    ordered: bool = False  # list items: numbered (True) or bulleted
    depth: int = 0  # list items: 0 for a top-level item, 1 for an item nested in it, ...
    number: int = 0  # ordered list items: the number shown
    new_page: bool = False  # start on a new page where pages exist (the change report)

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """What an exporter writes: the writer's text as blocks, plus the optional change report.

    `source` is the Markdown exactly as written (the Markdown format writes it unchanged); the
    report is kept apart so that format can append it without re-writing the writer's text.
    """

    source: str
    body: tuple[Block, ...]
    report: tuple[Block, ...] = ()

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.body + self.report


def plain_text(runs: Iterable[Run]) -> str:
    return "".join(run.text for run in runs)


@dataclass(frozen=True, slots=True)
class ListStep:
    """How a list item relates to the lists open before it (see `list_steps`)."""

    close: int  # how many open lists end before this item
    opens: bool  # whether this item starts a new list (nested or not)


def list_steps(blocks: Iterable[Block]) -> Iterator[tuple[Block, ListStep | None]]:
    """Each block with, for list items, which lists close and whether a new one opens.

    Items of one list are those at the same depth with the same kind and consecutive numbers,
    interrupted only by deeper items. Any other block closes every open list. Writers that nest
    lists (HTML, Qt) follow these steps; `close` for a non-list block is reported on the next
    item, so writers also close what is open when a non-list block arrives.
    """
    open_lists: list[tuple[bool, int]] = []  # (ordered, last number) per depth
    for block in blocks:
        if block.kind is not BlockKind.LIST_ITEM:
            open_lists.clear()
            yield block, None
            continue
        depth = min(block.depth, len(open_lists))  # an item never skips a level
        close = max(0, len(open_lists) - depth - 1)
        del open_lists[len(open_lists) - close :]
        same = (
            len(open_lists) == depth + 1
            and open_lists[-1][0] == block.ordered
            and (not block.ordered or block.number == open_lists[-1][1] + 1)
        )
        if len(open_lists) == depth + 1 and not same:
            close += 1
            open_lists.pop()
        if same:
            open_lists[-1] = (block.ordered, block.number)
        else:
            open_lists.append((block.ordered, block.number))
        yield block, ListStep(close=close, opens=not same)
