"""Word-level difference between an original and its replacement, for the review popover."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# Words with their trailing spaces, or single punctuation marks, so that joining the pieces
# of either side gives back its text exactly.
_TOKEN = re.compile(r"\w+(?:['’]\w+)*\s*|[^\w\s]\s*|\s+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class DiffPiece:
    text: str
    op: str  # "same" | "removed" | "added"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def word_diff(original: str, replacement: str) -> tuple[DiffPiece, ...]:
    """Pieces in reading order: removed words come before the words added in their place."""
    a, b = tokens(original), tokens(replacement)
    pieces: list[DiffPiece] = []
    matcher = difflib.SequenceMatcher(
        a=[t.strip() for t in a], b=[t.strip() for t in b], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _push(pieces, "".join(b[j1:j2]), "same")
            continue
        if i2 > i1:
            _push(pieces, "".join(a[i1:i2]), "removed")
        if j2 > j1:
            _push(pieces, "".join(b[j1:j2]), "added")
    return tuple(pieces)


def _push(pieces: list[DiffPiece], text: str, op: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = DiffPiece(pieces[-1].text + text, op)
    else:
        pieces.append(DiffPiece(text, op))
