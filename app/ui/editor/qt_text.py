"""Bridging Python strings and Qt text.

Python indexes strings by code point; Qt (cursors, formats, positions) by UTF-16 unit.
Characters outside the Basic Multilingual Plane (emoji, some scripts) take two UTF-16 units,
so offsets found with `re` must be converted before they reach a QTextCursor or setFormat.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtGui import QTextDocument

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_converter(text: str) -> Callable[[int], int]:
    """A function mapping a Python index in `text` to the matching UTF-16 offset."""
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    if not astral:
        return _identity
    return lambda index: index + bisect_left(astral, index)


def _identity(index: int) -> int:
    return index


def document_text(document: QTextDocument) -> str:
    """The document's text as the writer typed it, with "\\n" between paragraphs.

    QTextDocument.toPlainText() also turns non-breaking spaces into plain ones, which would
    quietly change the file on save; the raw text keeps them. Shift+Enter inserts a line
    separator inside a paragraph, which in a text file can only be a newline.
    """
    return document.toRawText().replace("\u2029", "\n").replace("\u2028", "\n")
