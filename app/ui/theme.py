"""Application themes (system, light, dark) and the colours the Markdown highlighter uses.

Light and dark use the Fusion style with explicit palettes so they look the same on every
platform. "system" hands control back to the platform: its style, its palette and its colour
scheme (which may itself be dark).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES: tuple[str, ...] = ("system", "light", "dark")

# The style Qt chose at start-up, remembered so "system" can return to it after Fusion.
_PLATFORM_STYLE_PROPERTY = "humanize_platform_style"


@dataclass(frozen=True, slots=True)
class MarkdownColors:
    heading: QColor
    markup: QColor  # the #, *, >, ` characters themselves, kept quiet
    quote: QColor
    list_marker: QColor
    code: QColor
    code_background: QColor
    link: QColor


def _palette(colors: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, value in colors.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText, QPalette.ColorRole.HighlightedText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def light_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette({
        R.Window: "#f2f1ef", R.WindowText: "#1e1f22", R.Base: "#fdfcfa", R.AlternateBase: "#f0efec",
        R.ToolTipBase: "#ffffe6", R.ToolTipText: "#1e1f22", R.PlaceholderText: "#8b8d93",
        R.Text: "#1e1f22", R.Button: "#eae8e4", R.ButtonText: "#1e1f22", R.BrightText: "#c62828",
        R.Light: "#ffffff", R.Midlight: "#e3e1dc", R.Mid: "#c4c1bb", R.Dark: "#9c9992",
        R.Shadow: "#6b6862", R.Highlight: "#2f6bc7", R.HighlightedText: "#ffffff",
        R.Link: "#1f5fbf", R.LinkVisited: "#6a3fb0", R.Accent: "#2f6bc7",
    }, disabled="#a09e99")


def dark_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette({
        R.Window: "#26272b", R.WindowText: "#e4e4e6", R.Base: "#1c1d20", R.AlternateBase: "#2a2b30",
        R.ToolTipBase: "#34353a", R.ToolTipText: "#e4e4e6", R.PlaceholderText: "#80828a",
        R.Text: "#e2e2e4", R.Button: "#313238", R.ButtonText: "#e4e4e6", R.BrightText: "#ff7b72",
        R.Light: "#45464d", R.Midlight: "#3a3b41", R.Mid: "#2e2f34", R.Dark: "#18191c",
        R.Shadow: "#0d0d0f", R.Highlight: "#3f70b8", R.HighlightedText: "#ffffff",
        R.Link: "#79b0ff", R.LinkVisited: "#b59cff", R.Accent: "#3f70b8",
    }, disabled="#6d6f76")


def apply_theme(app: QApplication, theme: str) -> str:
    """Apply `theme` ("system", "light" or "dark") to the whole application; returns the theme
    applied (an unknown name falls back to "system")."""
    if theme not in THEMES:
        theme = "system"
    if app.property(_PLATFORM_STYLE_PROPERTY) is None:
        app.setProperty(_PLATFORM_STYLE_PROPERTY, app.style().name())
    hints = QGuiApplication.styleHints()
    if theme == "system":
        app.setStyle(str(app.property(_PLATFORM_STYLE_PROPERTY)))
        hints.unsetColorScheme()
        # An empty palette resolves every role against the platform theme again.
        app.setPalette(QPalette())
    else:
        app.setStyle("Fusion")
        dark = theme == "dark"
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        app.setPalette(dark_palette() if dark else light_palette())
    return theme


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def markdown_colors(palette: QPalette) -> MarkdownColors:
    """Highlighter colours that keep enough contrast against the palette's text background."""
    if is_dark(palette):
        return MarkdownColors(
            heading=QColor("#8fb8ff"), markup=QColor("#6f727b"), quote=QColor("#a9aeb8"),
            list_marker=QColor("#f0a46e"), code=QColor("#e2a8ec"),
            code_background=QColor("#2c2a33"), link=QColor("#79b0ff"),
        )
    return MarkdownColors(
        heading=QColor("#1d4f91"), markup=QColor("#9a9ca3"), quote=QColor("#5b626e"),
        list_marker=QColor("#b1501f"), code=QColor("#8a2f8f"),
        code_background=QColor("#f1edf3"), link=QColor("#1f5fbf"),
    )
