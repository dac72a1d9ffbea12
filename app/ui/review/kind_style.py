"""One colour and label per suggestion kind, readable on light and dark backgrounds."""

from __future__ import annotations

import html

from PySide6.QtGui import QColor, QPalette

from app.core.diff import word_diff

# Mid-tone hues: strong enough for a wavy underline on white, light enough on near-black.
# Machine habits in oranges (stock phrases) and magentas (sentence shape), editing in blues,
# greens and purples, spelling red as everywhere else, grammar and punctuation blue.
KIND_COLORS = {
    "ai_tell": "#e8590c",
    "significance": "#d9480f",
    "puffery": "#f76707",
    "formulaic": "#fd7e14",
    "chatbot": "#e8590c",
    "copula_avoidance": "#f08c00",
    "negative_parallelism": "#c2255c",
    "rule_of_three": "#c2255c",
    "trailing_analysis": "#a61e4d",
    "vague_attribution": "#ae3ec9",
    "em_dash": "#c2255c",
    "heading_case": "#ae3ec9",
    "bold_lead_in": "#ae3ec9",
    "synonym_cycling": "#a61e4d",
    "wordy": "#1c7ed6",
    "filler": "#7950f2",
    "passive": "#0ca678",
    "adverb": "#f59f00",
    "hard_sentence": "#e67700",
    "very_hard_sentence": "#d9480f",
    "repetition": "#be4bdb",
    "monotony": "#868e96",
    "inclusive": "#37b24d",
    "idiom": "#d6336c",
    "telling": "#845ef7",
    "spelling": "#e03131",
    "typo": "#e03131",
    "grammar": "#1971c2",
    "punctuation": "#1971c2",
    "rewrite": "#4c6ef5",
    "fix": "#4c6ef5",
}
FALLBACK_COLOR = "#868e96"

def kind_color(kind: str) -> QColor:
    return QColor(KIND_COLORS.get(kind, FALLBACK_COLOR))


def source_label(source: str) -> str:
    """Where a suggestion came from, briefly: "rule · delve-into" or the model's name."""
    if source.startswith(("lexicon:", "rule:")):
        return "rule · " + source.split(":")[-1]
    return source


def _blend(color: QColor, base: QColor, amount: float) -> str:
    r = color.redF() * amount + base.redF() * (1 - amount)
    g = color.greenF() * amount + base.greenF() * (1 - amount)
    b = color.blueF() * amount + base.blueF() * (1 - amount)
    return QColor.fromRgbF(r, g, b).name()


def diff_html(original: str, replacement: str | None, palette: QPalette) -> str:
    """The word-level diff as rich text: removed words struck, added words highlighted."""
    if replacement is None:
        return html.escape(original)
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightnessF() < 0.5
    removed_fg = QColor("#ff8787" if dark else "#c92a2a")
    added_fg = QColor("#8ce99a" if dark else "#2b8a3e")
    removed_bg = _blend(removed_fg, base, 0.18)
    added_bg = _blend(added_fg, base, 0.22)
    parts = []
    for piece in word_diff(original, replacement):
        text = html.escape(piece.text)
        if piece.op == "removed":
            parts.append(
                f'<span style="color:{removed_fg.name()}; background-color:{removed_bg};'
                f' text-decoration:line-through;">{text}</span>'
            )
        elif piece.op == "added":
            parts.append(
                f'<span style="color:{added_fg.name()}; background-color:{added_bg};'
                f' font-weight:600;">{text}</span>'
            )
        else:
            parts.append(text)
    if not replacement:
        parts.append(" <i>(delete)</i>")
    return "".join(parts)
