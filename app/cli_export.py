"""`humanize-writer export FILE --to FORMAT [-o OUT] [--title T] [--author A] …`

Writes the same files as File ▸ Export…, without a window. DOCX, HTML, Markdown and plain text
need no Qt at all; PDF and ODT start a windowless QGuiApplication (see
app.export_qt.ensure_gui_application). The output is replaced atomically if it exists; the
source file itself is never overwritten.
Exit status: 0 done, 1 the file could not be read or the export not written, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from app import paths
from app.cli_options import add_common_options, apply_common_options
from app.core.export import (
    CORE_RENDERERS,
    FORMATS,
    ExportError,
    Renderer,
    export_document,
    format_for_path,
)
from app.core.export.markdown import suggested_title
from app.core.export.options import DEFAULT_FONT_SIZE, FONT_SIZE_RANGE, PAGE_SIZES, ExportOptions
from app.core.feedback import ChangeRecord, FeedbackStore
from app.core.fileio import FileReadError, FileWriteError, read_text_file


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="humanize-writer export",
        description="Export a Markdown or text file as DOCX, PDF, HTML, ODT, Markdown or plain "
                    "text.",
    )
    parser.add_argument("file", type=Path, help="the .md or .txt file to export")
    parser.add_argument("--to", choices=tuple(FORMATS), metavar="FORMAT",
                        help=f"{', '.join(FORMATS)} (default: from the -o file's extension)")
    parser.add_argument("-o", "--output", type=Path, metavar="OUT",
                        help="the file to write (default: FILE with the format's extension)")
    parser.add_argument("--title", help="the document's title (default: its first heading)")
    parser.add_argument("--author", default="", help="the author, for the file's properties")
    parser.add_argument("--page-size", choices=PAGE_SIZES, default="A4",
                        help="for DOCX, PDF, ODT and HTML printing (default: A4)")
    parser.add_argument("--font", default="", metavar="FAMILY",
                        help="body font (default: Georgia, or the system's serif)")
    parser.add_argument("--font-size", type=_font_size, default=DEFAULT_FONT_SIZE,
                        metavar="PT", help=f"body font size in points (default: "
                                           f"{DEFAULT_FONT_SIZE})")
    parser.add_argument("--change-report", action="store_true",
                        help="append the list of suggestions accepted in this file")
    add_common_options(parser)  # --config-dir: where the change report's memory lives
    return parser


def _font_size(value: str) -> int:
    low, high = FONT_SIZE_RANGE
    try:
        size = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if not low <= size <= high:
        raise argparse.ArgumentTypeError(f"choose a size from {low} to {high}")
    return size


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    apply_common_options(args)
    source = args.file.expanduser().absolute()
    fmt = args.to
    if fmt is None:
        guessed = format_for_path(str(args.output)) if args.output else None
        if guessed is None:
            parser.error("say which format with --to FORMAT (or give -o a file name with a "
                         "known extension)")
        fmt = guessed.key
    output = (args.output.expanduser() if args.output
              else source.with_suffix(FORMATS[fmt].suffix)).absolute()
    if output == source or (output.exists() and output.samefile(source)):
        print(f"humanize-writer: exporting to “{output}” would overwrite the document itself; "
              "choose another name with -o.", file=sys.stderr)
        return 2
    try:
        loaded = read_text_file(source)
    except FileReadError as error:
        print(f"humanize-writer: {error}", file=sys.stderr)
        return 1
    if loaded.notice:
        print(f"humanize-writer: {loaded.notice}", file=sys.stderr)
    options = ExportOptions(
        title=args.title if args.title is not None else (suggested_title(loaded.text)
                                                        or source.stem),
        author=args.author, page_size=args.page_size, font_family=args.font,
        font_size=args.font_size, change_report=args.change_report, document_name=source.name,
    )
    changes = _accepted_changes(source) if args.change_report else []
    renderers, _qt_app = _renderers_for(fmt)  # the app must live while Qt renders
    if FORMATS[fmt].needs_qt:
        from app.export_qt import export_notices

        for notice in export_notices(loaded.text, fmt, options, changes):
            print(f"humanize-writer: {notice}", file=sys.stderr)
    try:
        written = export_document(loaded.text, fmt, output, options, changes,
                                  renderers=renderers)
    except (ExportError, FileWriteError) as error:
        print(f"humanize-writer: {error}", file=sys.stderr)
        return 1
    print(f"Exported {source.name} to {output} ({written:,} bytes)")
    return 0


def _renderers_for(fmt: str) -> tuple[Mapping[str, Renderer], object | None]:
    """The renderers to use, and the Qt application PDF and ODT need (None for the others)."""
    if not FORMATS[fmt].needs_qt:
        return CORE_RENDERERS, None
    from app.export_qt import RENDERERS, ensure_gui_application

    return RENDERERS, ensure_gui_application()


def _accepted_changes(source: Path) -> list[ChangeRecord]:
    store = FeedbackStore(paths.data_dir() / "feedback.sqlite")
    try:
        for warning in store.warnings:
            print(f"humanize-writer: {warning}", file=sys.stderr)
        return store.accepted_changes(str(source))
    finally:
        store.close()
