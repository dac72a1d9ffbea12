"""Export: one document structure, one writer per format, one call that does it all.

    export_document(text, fmt, destination, options, changes, renderers=..., progress=...)

parses the writer's Markdown once (markdown.py, into model.py's blocks), appends the change
report when asked (report.py), has the format's renderer turn the blocks into bytes, and writes
them atomically: a failed export leaves whatever was at the destination untouched.

The renderers here cover DOCX, HTML, Markdown and plain text. PDF and ODT need Qt, which
app/core never imports: app.export_qt.RENDERERS holds all six, and callers that may export
those pass it as `renderers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from app.core.export.html_writer import render_html
from app.core.export.markdown import parse_markdown
from app.core.export.model import ExportDocument
from app.core.export.options import FORMATS, ExportFormat, ExportOptions, format_for_path
from app.core.export.report import report_blocks
from app.core.export.text_writers import render_markdown, render_plain_text
from app.core.feedback import ChangeRecord
from app.core.fileio import write_bytes_atomic

__all__ = [
    "CORE_RENDERERS",
    "FORMATS",
    "ExportCancelled",
    "ExportError",
    "ExportFormat",
    "ExportOptions",
    "Progress",
    "Renderer",
    "build_document",
    "export_document",
    "format_for_path",
    "render_document",
]

Progress = Callable[[float], None]
Renderer = Callable[[ExportDocument, ExportOptions, Progress | None], bytes]


class ExportError(Exception):
    """An export that cannot be done as asked; str() is a sentence for the writer."""


class ExportCancelled(Exception):  # noqa: N818 - a request, not an error
    """Raised from a progress callback to stop an export; nothing is written."""


def _docx(document: ExportDocument, options: ExportOptions, progress: Progress | None) -> bytes:
    # python-docx brings lxml with it: loaded on the first DOCX export, not with the app.
    from app.core.export.docx_writer import render_docx

    return render_docx(document, options, progress)


def _html(document: ExportDocument, options: ExportOptions, _progress: Progress | None) -> bytes:
    return render_html(document, options).encode("utf-8")


def _markdown(document: ExportDocument, _options: ExportOptions,
              _progress: Progress | None) -> bytes:
    return render_markdown(document).encode("utf-8")


def _plain(document: ExportDocument, _options: ExportOptions,
           _progress: Progress | None) -> bytes:
    return render_plain_text(document).encode("utf-8")


CORE_RENDERERS: Mapping[str, Renderer] = {
    "docx": _docx, "html": _html, "md": _markdown, "txt": _plain,
}


def build_document(
    text: str, options: ExportOptions, changes: Sequence[ChangeRecord] = ()
) -> ExportDocument:
    report = report_blocks(changes, options.document_name) if options.change_report else ()
    return ExportDocument(text, parse_markdown(text), report)


def render_document(
    text: str, fmt: str, options: ExportOptions, changes: Sequence[ChangeRecord] = (),
    *, renderers: Mapping[str, Renderer] = CORE_RENDERERS, progress: Progress | None = None,
) -> bytes:
    """The exported file's bytes. Raises ExportError for a format that cannot be written."""
    if fmt not in FORMATS:
        raise ExportError(f"“{fmt}” is not an export format; choose one of "
                          f"{', '.join(FORMATS)}.")
    renderer = renderers.get(fmt)
    if renderer is None:
        raise ExportError(f"{FORMATS[fmt].label} export needs Qt, which is not loaded here.")
    if progress:
        progress(0.0)
    document = build_document(text, options, changes)
    scaled = None if progress is None else (lambda done: progress(0.05 + 0.9 * done))
    return renderer(document, options, scaled)


def export_document(
    text: str, fmt: str, destination: Path, options: ExportOptions,
    changes: Sequence[ChangeRecord] = (), *,
    renderers: Mapping[str, Renderer] = CORE_RENDERERS, progress: Progress | None = None,
) -> int:
    """Write `text` as `fmt` to `destination`; returns the number of bytes written.

    Raises ExportError (nothing written), app.core.fileio.FileWriteError (the destination
    unchanged), or whatever `progress` raises to cancel (ExportCancelled; nothing written).
    """
    data = render_document(text, fmt, options, changes, renderers=renderers, progress=progress)
    write_bytes_atomic(Path(destination), data)
    if progress:
        progress(1.0)
    return len(data)
