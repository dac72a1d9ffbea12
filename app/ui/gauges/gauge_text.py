"""The words and small labels of the gauge panel: reading time, signed figures, headings,
and the sentiment drivers in their colours."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QWidget

DASH = "–"

__all__ = ["DASH", "drivers_html", "heading_label", "reading_time_text", "restyle",
           "secondary_label", "signed", "value_label"]


def restyle(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it changes. Setting one, even the same, polishes the widget
    again and asks its parent for a new layout: on every keystroke that laid out and repainted
    the whole gauge panel. (QLabel.setText already ignores the text it has.)"""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def reading_time_text(seconds: float, words: int) -> str:
    if not words:
        return "nothing to read yet"
    if seconds < 30:
        return "under 1 min read"
    return f"{max(1, round(seconds / 60)):,} min read"


def signed(value: float) -> str:
    """+0.42 / −0.42 with a real minus sign; 0.00 unsigned."""
    if abs(value) < 0.005:
        return "0.00"
    return f"{value:+.2f}".replace("-", "−")


def heading_label(text: str) -> QLabel:
    label = QLabel(text.upper())
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.8)
    font.setBold(True)
    font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def secondary_label(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def value_label(name: str, tooltip: str = "") -> QLabel:
    label = QLabel(DASH)
    label.setObjectName(name)
    label.setToolTip(tooltip)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def drivers_html(
    drivers: Sequence[tuple[str, float]], positive: QColor, negative: QColor
) -> str:
    if not drivers:
        return "no strongly positive or negative words"
    words = ", ".join(
        f'<span style="color:{(positive if v > 0 else negative).name()}">{html.escape(w)}</span>'
        for w, v in drivers
    )
    return f"driven by {words}"
