"""The change report: an appendix listing every accepted change and where it came from.

It is the "a person approved every change" record: for each change, what kind of suggestion it
was, which rule or model made it, when the writer accepted it, and the text before and after.
The report is made of ordinary blocks, so every format shows it with its own headings and lists.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from app.core.analysis.families import CORRECTNESS, family_of
from app.core.analysis.style import kind_label
from app.core.export.model import Block, BlockKind, Run
from app.core.feedback import ChangeRecord

REPORT_TITLE = "Change report"


def change_source_label(source: str) -> str:
    """"the rule “delve-into”" for rule checks, "the model Gemma 3 270M" for a model."""
    if source.startswith(("lexicon:", "rule:")):
        return f"the rule “{source.split(':')[-1]}”"
    if source.startswith("harper:"):
        return f"the spelling and grammar check (Harper, “{source.split(':')[-1]}”)"
    return f"the model {source}" if source else "an unknown source"


def accepted_at(change: ChangeRecord) -> str:
    """Local time, to the minute, in a form no reader can misread (2026-05-03 14:02)."""
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(change.at))


def report_blocks(changes: Sequence[ChangeRecord], document_name: str) -> tuple[Block, ...]:
    """The appendix: a heading on a new page, a sentence, then one numbered entry per change:
    its kind and source, then the text before and after, why, and when it was accepted."""
    name = f"“{document_name}”" if document_name else "this document"
    count = len(changes)
    corrections = sum(family_of(c.kind) == CORRECTNESS for c in changes)
    if count:
        split = "" if not corrections else (
            f" ({corrections:,} spelling and grammar correction"
            f"{'s' if corrections != 1 else ''}, {count - corrections:,} other change"
            f"{'s' if count - corrections != 1 else ''})")
        intro = (
            f"Every change listed here was suggested by Humanize and accepted by the writer: "
            f"{count:,} change{'s' if count != 1 else ''}{split} in {name}, oldest first. "
            "Times are local."
        )
    else:
        intro = f"No suggestions from Humanize were accepted in {name}."
    blocks = [
        Block(BlockKind.HEADING, (Run(REPORT_TITLE),), level=1, new_page=True),
        Block(BlockKind.PARAGRAPH, (Run(intro),)),
    ]
    for number, change in enumerate(changes, start=1):
        blocks.append(Block(
            BlockKind.LIST_ITEM,
            (
                Run(kind_label(change.kind), bold=True),
                Run(f" — suggested by {change_source_label(change.source)}"),
            ),
            ordered=True, number=number,
        ))
        after = (Run(change.after),) if change.after else (Run("(deleted)", italic=True),)
        details = [(Run("Before: ", italic=True), Run(change.before)),
                   (Run("After: ", italic=True), *after)]
        if change.reason:
            details.append((Run("Why: ", italic=True), Run(change.reason)))
        details.append((Run("Accepted: ", italic=True), Run(accepted_at(change))))
        blocks.extend(Block(BlockKind.LIST_ITEM, runs, depth=1) for runs in details)
    return tuple(blocks)
