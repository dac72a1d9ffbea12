"""Which characters no installed font can draw, so an export never loses text silently.

A PDF carries the glyphs it was drawn with. Where no font on this computer has a character,
Qt draws an empty box and the PDF's text holds a NUL in its place: the words are gone for the
reader, and for search and copy too. Before a PDF is written, `glyph_gaps` lays the distinct
characters of the text out with the export's font the way the PDF writer will, through Qt's
own font fallback, and reports what came out as the "missing glyph" (glyph 0), grouped by
script with the kind of font that would draw it. The export still happens; the writer is told.

Tests pass `families` to check against a chosen set of fonts instead of everything installed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontInfo, QRawFont, QTextLayout

from app.core.export import build_document
from app.core.export.options import ExportOptions
from app.core.feedback import ChangeRecord
from app.export_qt.text_document import body_font

# Scripts by the first word of a character's Unicode name, with the font family to suggest.
# Names that are not listed are reported with their own script word and "Noto Sans <Script>".
_SCRIPTS: dict[str, tuple[str, str]] = {
    "CJK": ("CJK", "Noto Sans CJK"),
    "HIRAGANA": ("CJK", "Noto Sans CJK"),
    "KATAKANA": ("CJK", "Noto Sans CJK"),
    "HANGUL": ("CJK", "Noto Sans CJK"),
    "BOPOMOFO": ("CJK", "Noto Sans CJK"),
    "IDEOGRAPHIC": ("CJK", "Noto Sans CJK"),
    "FULLWIDTH": ("CJK", "Noto Sans CJK"),
    "ARABIC": ("Arabic", "Noto Naskh Arabic"),
    "HEBREW": ("Hebrew", "Noto Sans Hebrew"),
    "DEVANAGARI": ("Devanagari", "Noto Sans Devanagari"),
    "BENGALI": ("Bengali", "Noto Sans Bengali"),
    "TAMIL": ("Tamil", "Noto Sans Tamil"),
    "THAI": ("Thai", "Noto Sans Thai"),
    "GREEK": ("Greek", "Noto Sans"),
    "CYRILLIC": ("Cyrillic", "Noto Sans"),
    "ARMENIAN": ("Armenian", "Noto Sans Armenian"),
    "GEORGIAN": ("Georgian", "Noto Sans Georgian"),
    "ETHIOPIC": ("Ethiopic", "Noto Sans Ethiopic"),
    "LATIN": ("Latin", "Noto Sans"),
}
_EMOJI = ("emoji", "Noto Color Emoji")
_SHOWN = 8  # characters quoted per script in the message
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


@dataclass(frozen=True, slots=True)
class GlyphGap:
    """Characters of one script that no available font can draw."""

    script: str  # "CJK", "Arabic", "emoji", ...
    characters: str  # distinct, in order of first appearance
    suggestion: str  # a font family that draws them, e.g. "Noto Sans CJK"

    def message(self) -> str:
        shown = self.characters[:_SHOWN] + ("…" if len(self.characters) > _SHOWN else "")
        article = "an" if self.script[:1].lower() in "aeiou" else "a"
        return (f"No installed font can draw {shown} ({self.script}): install {article} "
                f"{self.script} font such as {self.suggestion}.")


def glyph_gaps(texts: Iterable[str], font: QFont,
               families: Sequence[str] | None = None) -> tuple[GlyphGap, ...]:
    """What in `texts` cannot be drawn with `font` and Qt's fallback fonts (or, when
    `families` is given, with only those installed families). Needs a QGuiApplication."""
    seen: dict[str, None] = {}
    for text in texts:
        seen.update(dict.fromkeys(text))
    wanted = [ch for ch in seen if unicodedata.category(ch) not in _SKIPPED_CATEGORIES]
    if families is None:
        missing = [ch for ch in wanted if not _drawn_with_fallback(ch, font)]
    else:
        raws = [_raw_font(family, font) for family in families]
        missing = [ch for ch in wanted
                   if not any(raw is not None and raw.supportsCharacter(ord(ch)) for raw in raws)]
    grouped: dict[tuple[str, str], list[str]] = {}
    for ch in missing:
        grouped.setdefault(_script(ch), []).append(ch)
    return tuple(GlyphGap(script, "".join(chars), suggestion)
                 for (script, suggestion), chars in grouped.items())


def _drawn_with_fallback(ch: str, font: QFont) -> bool:
    layout = QTextLayout(ch, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    return bool(runs) and all(0 not in run.glyphIndexes() for run in runs)


def _raw_font(family: str, like: QFont) -> QRawFont | None:
    font = QFont(like)
    font.setFamily(family)
    if QFontInfo(font).family().casefold() != family.casefold():
        return None  # not installed: Qt substituted another family
    raw = QRawFont.fromFont(font)
    return raw if raw.isValid() else None


def _script(ch: str) -> tuple[str, str]:
    if unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF:
        return _EMOJI
    word = unicodedata.name(ch, "").split(" ")[0]
    if word in _SCRIPTS:
        return _SCRIPTS[word]
    script = word.capitalize() or "symbol"
    return script, f"Noto Sans {script}"


def export_notices(text: str, fmt: str, options: ExportOptions,
                   changes: Sequence[ChangeRecord] = (),
                   families: Sequence[str] | None = None) -> tuple[str, ...]:
    """Sentences for the writer about what an export of `text` would lose; () when nothing.

    Only PDF draws glyphs itself (DOCX, ODT, HTML and the text formats carry characters, which
    the reader's computer draws). Checks the text as exported: the blocks of the body and of
    the change report, with the export's body font.
    """
    if fmt != "pdf":
        return ()
    document = build_document(text, options, changes)
    texts = [block.text for block in document.blocks]
    return tuple(gap.message() for gap in glyph_gaps(texts, body_font(options), families))
