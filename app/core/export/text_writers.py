"""Plain text (the Markdown markup removed) and Markdown (the writer's text as written).

Plain text keeps what markup meant, in the way typed manuscripts do: list items keep their
bullet or number, quotes are indented, a rule is a centred-looking "* * *", and a link shows its
address in brackets after its text. Where pages do not exist, a new page is shown as a rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from app.core.export.model import Block, BlockKind, ExportDocument, ListStep, Run, list_steps

BULLET = "•"
RULE_TEXT = "* * *"
QUOTE_INDENT = "    "


def render_plain_text(document: ExportDocument) -> str:
    return _join(_plain_blocks(document.blocks))


def _plain_blocks(blocks: Sequence[Block]) -> Iterable[tuple[str, bool]]:
    """(text, follows_tightly) per block: items of one list are not set apart by blank lines."""
    for block, step in list_steps(blocks):
        if block.new_page:
            yield RULE_TEXT, False
        if block.kind is BlockKind.RULE:
            yield RULE_TEXT, False
        elif block.kind is BlockKind.LIST_ITEM:
            marker = f"{block.number}." if block.ordered else BULLET
            indent = "  " * block.depth
            hang = indent + " " * (len(marker) + 1)
            text = indent + marker + " " + _plain_runs(block.runs).replace("\n", "\n" + hang)
            yield text, _in_list(block, step)
        elif block.kind is BlockKind.QUOTE:
            text = _plain_runs(block.runs).replace("\n", "\n" + QUOTE_INDENT)
            yield QUOTE_INDENT + text, False
        else:
            yield _plain_runs(block.runs), False


def _plain_runs(runs: Sequence[Run]) -> str:
    parts = []
    for run in runs:
        parts.append(run.text)
        if run.link and run.text not in (run.link, run.link.removeprefix("mailto:"),
                                         run.link.removeprefix("http://")):
            parts.append(f" ({run.link})")
    return "".join(parts)


def _in_list(block: Block, step: ListStep | None) -> bool:
    """Whether an item continues a list (or nests in one) rather than starting a new list."""
    return step is not None and (not step.opens or block.depth > 0)


def _join(pieces: Iterable[tuple[str, bool]]) -> str:
    out: list[str] = []
    for text, tight in pieces:
        if out:
            out.append("\n" if tight else "\n\n")
        out.append(text)
    return "".join(out) + "\n" if out else ""


# --- Markdown -------------------------------------------------------------------------------


def render_markdown(document: ExportDocument) -> str:
    """The writer's Markdown unchanged (newlines made "\\n"), then the report if there is one."""
    text = document.source.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
    text = text + "\n" if text else ""
    if document.report:
        text += ("\n" if text else "") + markdown_from_blocks(document.report)
    return text


_ESCAPED = re.compile(r"([\\`*_\[\]<>])")
_LINE_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def markdown_from_blocks(blocks: Sequence[Block]) -> str:
    """Markdown for blocks made in code (the change report), escaped so it reads back the same."""
    pieces: list[tuple[str, bool]] = []
    indents: list[int] = []  # content indent of the open list item at each depth
    for block, step in list_steps(blocks):
        if block.new_page:
            pieces.append(("---", False))
        if block.kind is BlockKind.LIST_ITEM:
            del indents[block.depth:]
            lead = indents[-1] if indents else 0
            marker = f"{block.number}." if block.ordered else "-"
            indents.append(lead + len(marker) + 1)
            text = _markdown_runs(block.runs).replace("\n", "\\\n" + " " * indents[-1])
            pieces.append((" " * lead + marker + " " + text, _in_list(block, step)))
            continue
        indents.clear()
        text = _LINE_START.sub(r"\\\1", _markdown_runs(block.runs))
        if block.kind is BlockKind.HEADING:
            pieces.append(("#" * block.level + " " + text, False))
        elif block.kind is BlockKind.QUOTE:
            pieces.append(("> " + text, False))
        elif block.kind is BlockKind.RULE:
            pieces.append(("---", False))
        else:
            pieces.append((text, False))
    return _join(pieces)


def _markdown_runs(runs: Sequence[Run]) -> str:
    parts = []
    for run in runs:
        if run.code:
            longest = max((len(t) for t in re.findall(r"`+", run.text)), default=0)
            fence = "`" * (longest + 1)
            pad = " " if run.text.startswith("`") or run.text.endswith("`") else ""
            text = f"{fence}{pad}{run.text}{pad}{fence}"
        else:
            text = _ESCAPED.sub(r"\\\1", run.text)
        marks = ("**" if run.bold else "") + ("*" if run.italic else "")
        if marks and text.strip():
            # Markers must touch the words: "*Before:* " is emphasis, "*Before: *" is not.
            core = text.strip()
            head = text[: len(text) - len(text.lstrip())]
            tail = text[len(text.rstrip()):]
            text = f"{head}{marks}{core}{marks[::-1]}{tail}"
        if run.link:
            target = f"<{run.link}>" if re.search(r"[\s()<>]", run.link) else run.link
            text = f"[{text}]({target})"
        parts.append(text)
    return "".join(parts)
