"""Light Markdown highlighting: headings, emphasis, strong, quotes, lists, inline and fenced code,
links. Deliberately quiet: the writer reads prose, not syntax."""

from __future__ import annotations

import re
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from app.ui.editor.qt_text import utf16_converter
from app.ui.theme import MarkdownColors, markdown_colors

_HEADING = re.compile(r"^( {0,3}#{1,6})(?=\s|$)")
_QUOTE = re.compile(r"^( {0,3}>[> ]*)")
_LIST = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(?=\s)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_CODE = re.compile(r"(`+)(.+?)\1")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![*\w])(\*|_)(?=[^\s*_])(.+?)(?<=[^\s*_])\1(?![*\w])")
_LINK = re.compile(r"(\[)([^\]\n]+)(\]\([^)\s]+(?:\s+\"[^\"]*\")?\))")

# Most lines of prose carry no markup at all; one search rules them out cheaply.
_MAYBE_MARKUP = re.compile(r"[#>*_`\[~]|^\s*(?:[-+]|\d{1,9}[.)])(?=\s)")

_NORMAL, _IN_FENCE = 0, 1
PASS_BUDGET_S = 0.025  # highlighting done per event-loop turn by a background pass


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument | None, palette: QPalette) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        self._suspended = False
        self._next_block = 0
        self._pass = QTimer(self)
        self._pass.setSingleShot(True)
        self._pass.setInterval(0)
        self._pass.timeout.connect(self._continue_pass)
        self.set_colors(markdown_colors(palette))

    # --- highlighting a whole document without a long stall ------------------------------------

    def suspend(self) -> None:
        """Leave new text plain (while a big file streams in); resume() catches up later."""
        self._suspended = True
        self._pass.stop()

    def resume(self) -> None:
        """Highlight again: edits at once, the existing text in a background pass."""
        self._suspended = False
        self.rehighlight_gradually()

    def rehighlight_gradually(self) -> None:
        """Re-highlight every block, a time slice per event-loop turn (rehighlight() would do
        it in one go and freeze the window on a long document)."""
        self._next_block = 0
        if self.document() is not None:
            self._pass.start()

    @property
    def pass_running(self) -> bool:
        return self._pass.isActive()

    def _continue_pass(self) -> None:
        document = self.document()
        if document is None or self._suspended:
            return
        deadline = time.perf_counter() + PASS_BUDGET_S
        while self._next_block < document.blockCount() and time.perf_counter() < deadline:
            self.rehighlightBlock(document.findBlockByNumber(self._next_block))
            self._next_block += 1
        if self._next_block < document.blockCount():
            self._pass.start()

    def set_colors(self, colors: MarkdownColors) -> None:
        """Rebuild the formats (after a theme change) and re-highlight."""

        def fmt(color=None, *, bold=False, italic=False, background=None, mono=False,
                underline=False) -> QTextCharFormat:
            f = QTextCharFormat()
            if color is not None:
                f.setForeground(color)
            if background is not None:
                f.setBackground(background)
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            if italic:
                f.setFontItalic(True)
            if mono:
                f.setFontFixedPitch(True)
                f.setFontFamilies(["monospace"])
                f.setFontStyleHint(QFont.StyleHint.Monospace)
            if underline:
                f.setFontUnderline(True)
            return f

        self._formats = {
            "heading": fmt(colors.heading, bold=True),
            "markup": fmt(colors.markup),
            "quote": fmt(colors.quote, italic=True),
            "list": fmt(colors.list_marker, bold=True),
            "code": fmt(colors.code, background=colors.code_background, mono=True),
            "strong": fmt(bold=True),
            "emphasis": fmt(italic=True),
            "link": fmt(colors.link, underline=True),
        }
        self.rehighlight_gradually()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        if self._suspended:
            return
        in_fence = self.previousBlockState() == _IN_FENCE
        if not in_fence and not _MAYBE_MARKUP.search(text):
            self.setCurrentBlockState(_NORMAL)
            return
        to16 = utf16_converter(text)

        def paint(start: int, end: int, name: str) -> None:
            if end > start:
                self.setFormat(to16(start), to16(end) - to16(start), self._formats[name])

        if _FENCE.match(text):
            paint(0, len(text), "code")
            self.setCurrentBlockState(_NORMAL if in_fence else _IN_FENCE)
            return
        self.setCurrentBlockState(_IN_FENCE if in_fence else _NORMAL)
        if in_fence:
            paint(0, len(text), "code")
            return

        heading = _HEADING.match(text)
        if heading:
            paint(0, len(text), "heading")
            paint(0, heading.end(1), "markup")
            return
        quote = _QUOTE.match(text)
        if quote:
            paint(quote.end(), len(text), "quote")
            paint(0, quote.end(), "markup")
        listed = _LIST.match(text)
        if listed:
            paint(listed.start(2), listed.end(2), "list")

        # Inline code wins over emphasis inside it, so blank code spans out before the rest.
        masked = list(text)
        for m in _CODE.finditer(text):
            paint(m.start(), m.end(), "code")
            masked[m.start():m.end()] = " " * (m.end() - m.start())
        rest = "".join(masked)
        for m in _STRONG.finditer(rest):
            paint(m.start(2), m.end(2), "strong")
            paint(m.start(), m.start(2), "markup")
            paint(m.end(2), m.end(), "markup")
        for m in _EMPHASIS.finditer(rest):
            self._merge_italic(to16(m.start(2)), to16(m.end(2)))
            paint(m.start(), m.start(2), "markup")
            paint(m.end(2), m.end(), "markup")
        for m in _LINK.finditer(rest):
            paint(m.start(2), m.end(2), "link")
            paint(m.start(1), m.end(1), "markup")
            paint(m.start(3), m.end(3), "markup")

    def _merge_italic(self, start: int, end: int) -> None:
        """Emphasis inside strong text (or a quote) keeps the outer format and adds italics."""
        for position in range(start, end):
            merged = QTextCharFormat(self.format(position))
            merged.setFontItalic(True)
            self.setFormat(position, 1, merged)
