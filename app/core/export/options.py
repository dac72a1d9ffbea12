"""What the writer chose for an export, and the formats there are to choose from.

Kept free of any writer code so that settings and the command line can list the formats
without loading python-docx or Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

PAGE_SIZES = ("A4", "Letter")
# Used where the writer chose no font: a serif that Word, LibreOffice and browsers all know,
# with each format's own serif fallback where it is missing (most Linux systems).
DEFAULT_FONT_FAMILY = "Georgia"
DEFAULT_FONT_SIZE = 12
FONT_SIZE_RANGE = (6, 72)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    title: str = ""  # "" = no title in the file's properties (HTML falls back to the name)
    author: str = ""
    page_size: str = "A4"  # one of PAGE_SIZES
    font_family: str = ""  # "" = DEFAULT_FONT_FAMILY
    font_size: int = DEFAULT_FONT_SIZE  # points, for body text; headings scale from it
    change_report: bool = False
    document_name: str = ""  # the file name the change report speaks of

    @property
    def family(self) -> str:
        return self.font_family or DEFAULT_FONT_FAMILY


@dataclass(frozen=True, slots=True)
class ExportFormat:
    key: str  # for settings and `--to`
    label: str  # for the dialog
    suffix: str  # with the dot
    paged: bool  # has pages: page size applies
    styled: bool  # has fonts: family and size apply
    needs_qt: bool  # written with Qt (app.export_qt), not by app.core


FORMATS: dict[str, ExportFormat] = {
    f.key: f
    for f in (
        ExportFormat("docx", "Word document (.docx)", ".docx", True, True, False),
        ExportFormat("pdf", "PDF (.pdf)", ".pdf", True, True, True),
        ExportFormat("html", "Web page (.html)", ".html", True, True, False),
        ExportFormat("odt", "OpenDocument text (.odt)", ".odt", True, True, True),
        ExportFormat("md", "Markdown (.md)", ".md", False, False, False),
        ExportFormat("txt", "Plain text (.txt)", ".txt", False, False, False),
    )
}
FORMAT_KEYS = tuple(FORMATS)


def format_for_path(path: str) -> ExportFormat | None:
    """The format a file name asks for by its extension (.htm and .markdown too), if any."""
    suffix = PurePath(path).suffix.lower()
    aliases = {".htm": "html", ".markdown": "md", ".text": "txt"}
    if suffix in aliases:
        return FORMATS[aliases[suffix]]
    return next((f for f in FORMATS.values() if f.suffix == suffix), None)
