"""`humanize-writer check FILE`: the gauges (and, later, suggestions) without a window.

JSON output (`--json`) is one object:
    {"file": str, "encoding": str,
     "gauges": {"readability": {...}, "sentiment": {...}, "counts": {...}},
     "suggestions": []}
Field names are those of DocumentReport.to_dict(); README.md lists them.
Exit status: 0 done, 1 the file could not be read, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.core.analysis.incremental import DocumentReport, analyze_text
from app.core.fileio import FileReadError, read_text_file


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="humanize-writer check",
        description="Print readability, sentiment and counts for a Markdown or text file.",
    )
    parser.add_argument("file", type=Path, help="the .md or .txt file to check")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        loaded = read_text_file(args.file)
    except FileReadError as error:
        print(f"humanize-writer: {error}", file=sys.stderr)
        return 1
    if loaded.notice:
        print(f"humanize-writer: {loaded.notice}", file=sys.stderr)
    report = analyze_text(loaded.text)
    if args.json:
        payload = {
            "file": str(args.file),
            "encoding": loaded.encoding,
            "gauges": report.to_dict(),
            "suggestions": [],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(format_report(args.file.name, report))
    return 0


def format_report(name: str, report: DocumentReport) -> str:
    c, r, s = report.counts, report.readability, report.sentiment
    drivers = ", ".join(word for word, _ in s.drivers) or "no strong words"
    return "\n".join(
        [
            f"{name}: {c.words:,} words · {c.sentences:,} sentences · "
            f"{c.paragraphs:,} paragraphs · {c.reading_minutes} min read",
            f"  Readability  Flesch reading ease {r.flesch_reading_ease:.1f}"
            f" ({r.ease_label or 'no text'}), {r.grade_label or 'no grade'}",
            f"               Gunning fog {r.gunning_fog:.1f} · SMOG {r.smog_index:.1f} · "
            f"Coleman-Liau {r.coleman_liau_index:.1f} · ARI {r.automated_readability_index:.1f}"
            f" · Dale-Chall {r.dale_chall_readability_score:.1f}",
            f"  Sentiment    {s.compound:+.2f} {s.label} (positive {s.positive:.0%}, "
            f"negative {s.negative:.0%}, neutral {s.neutral:.0%}); driven by: {drivers}",
        ]
    )
