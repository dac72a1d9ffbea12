"""`humanize-writer check FILE`: the gauges (and, later, suggestions) without a window.

JSON output (`--json`) is one object:
    {"file": str, "encoding": str,
     "gauges": {"readability": {...}, "sentiment": {...}, "counts": {...}, "humanness": {...}},
     "suggestions": [{"start", "end", "original", "replacement", "kind", "family", "reason",
                      "source", "alternatives"}, ...]}
Gauge field names are those of DocumentReport.to_dict(); README.md lists them. Suggestion
offsets are Python string offsets into the file's text: text[start:end] == original. `--goal`
(humanize, edit, all) chooses the families shown, as the panel's goal does; the gauges do not
depend on it.
The local model adds a `rewrite` suggestion per paragraph unless --no-llm is given; with
--server URL [--server-model NAME] a model server writes them instead.
`--voice NAME` adds "voice" (the document against that voice profile) and "paragraph_voice"
([{"start", "end", "voice_match"}] per non-blank line); app/core/voice/report.py has both.
Exit status: 0 done, 1 the file could not be read, 2 bad arguments, 3 the model could not be
used (the report is still printed, with the rule suggestions only).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from app.cli_options import add_common_options, apply_common_options
from app.core.analysis.families import GOALS, kinds_for_goal, shown_in_goal
from app.core.analysis.incremental import DocumentReport, analyze_text, shared_style_checker
from app.core.analysis.style import KINDS
from app.core.document import line_starts, split_lines
from app.core.fileio import FileReadError, read_text_file
from app.core.prompts import TONES

MODEL_FAILED = 3
SERVER_KEY_ENV = "HUMANIZE_SERVER_API_KEY"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="humanize-writer check",
        description="Print readability, sentiment and counts for a Markdown or text file.",
    )
    parser.add_argument("file", type=Path, help="the .md or .txt file to check")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--kinds",
        type=_kinds,
        default=None,
        metavar="KIND,...",
        help=f"only these kinds of suggestion ({', '.join(KINDS)})",
    )
    parser.add_argument(
        "--goal", choices=GOALS, default="humanize",
        help="humanize: what sounds machine-made (the default); edit: tighter prose; all: both. "
             "Spelling and grammar show in every goal.",
    )
    parser.add_argument(
        "--no-llm", action="store_true", help="rule checks only: do not run the local model"
    )
    parser.add_argument(
        "--no-adapter", action="store_true",
        help="the built-in model without Humanize's rewriter adapter (to compare)",
    )
    parser.add_argument("--emotions", action="store_true",
                        help="print what a reader will feel, paragraph by paragraph")
    parser.add_argument("--no-spelling", action="store_true",
                        help="leave out spelling and grammar (Harper)")
    parser.add_argument("--dialect", choices=("us", "uk", "canada", "australia", "india"),
                        default="", help="the English to check spelling against (default: "
                                         "from the system's locale)")
    parser.add_argument(
        "--tone", default="Natural", metavar="TONE",
        help=f"the tone of the model's rewrites: {', '.join(TONES)}, \"My voice\" (the "
             "active voice profile, or --voice) or a tone you added in the window"
    )
    parser.add_argument(
        "--model", type=Path, metavar="PATH", help="a GGUF model file (default: the built-in one)"
    )
    parser.add_argument(
        "--candidates", type=int, default=3, metavar="N",
        help="rewrites drawn per paragraph; the best that passes the quality gate is kept",
    )  # fmt: skip
    server = parser.add_argument_group(
        "model server", "Rewrite with an OpenAI-compatible server instead of the local model "
        f"(the text of each paragraph is sent there). An API key comes from ${SERVER_KEY_ENV}.",
    )  # fmt: skip
    server.add_argument("--server", metavar="URL",
                        help="the server's API, e.g. http://localhost:11434/v1 (Ollama)")
    server.add_argument("--server-model", metavar="NAME", default="",
                        help="the model on the server (default: the first it lists)")
    server.add_argument("--server-style", choices=("chat", "base"), default="chat",
                        help="chat: an instruct model (chat completions, the default); base: "
                             "a base model prompted with examples (completions)")
    parser.add_argument(
        "--voice", metavar="NAME",
        help="also say how much the text sounds like this voice profile "
             "(see `humanize-writer voice list`)",
    )
    add_common_options(parser)  # --config-dir: where the built-in model and memory live
    return parser


def _kinds(value: str) -> frozenset[str]:
    kinds = frozenset(k.strip() for k in value.split(",") if k.strip())
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown kind {', '.join(unknown)}; choose from {', '.join(KINDS)}"
        )
    return kinds


def rule_suggestions(text: str, kinds: frozenset[str] | None = None,
                     goal: str = "humanize", spelling: str | None = None) -> list[dict]:
    """The rule checks over every paragraph, at offsets into the whole text, as the goal
    shows them (families.py); with `spelling` (a dialect, "" for the system's) also spelling
    and grammar, which every goal shows."""
    checker = shared_style_checker()
    run = kinds_for_goal(goal, kinds if kinds is not None else KINDS)
    lines = split_lines(text)
    correctness = [()] * len(lines)
    if spelling is not None:
        from app.core.analysis.correctness import (
            CorrectnessChecker,
            default_dialect,
            fenced_lines,
        )

        fenced = fenced_lines(lines)
        speller = CorrectnessChecker(spelling or default_dialect())
        wanted = [i for i, line in enumerate(lines) if line.strip() and i not in fenced]
        for i, found_here in zip(wanted, speller.check_paragraphs([lines[i] for i in wanted]),
                                 strict=True):
            correctness[i] = found_here
    found = []
    for number, (start, line) in enumerate(zip(line_starts(lines), lines, strict=True)):
        if not line.strip():
            continue
        here = list(checker.check_paragraph(line, run)) + list(correctness[number])
        for f in sorted(here, key=lambda f: (f.start, f.end)):
            if not shown_in_goal(goal, f.kind, f.typical):
                continue
            found.append(
                {
                    "start": start + f.start,
                    "end": start + f.end,
                    "original": f.original,
                    "replacement": f.replacement,
                    "kind": f.kind,
                    "family": f.family,
                    "reason": f.reason,
                    "source": f.source,
                    "alternatives": list(f.alternatives),
                }
            )
    return found


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    apply_common_options(args)
    try:
        loaded = read_text_file(args.file)
    except FileReadError as error:
        print(f"humanize-writer: {error}", file=sys.stderr)
        return 1
    if loaded.notice:
        print(f"humanize-writer: {loaded.notice}", file=sys.stderr)
    voice = None
    if args.voice is not None:
        from app.core.voice import VoiceStore, VoiceStoreError

        try:
            voice = VoiceStore().load(args.voice)
        except VoiceStoreError as error:
            print(f"humanize-writer: {error}", file=sys.stderr)
            return 2
    if args.tone not in TONES:
        from app.core.voice import VoiceStore
        from app.core.voice.guide import tone_names

        known = tone_names(VoiceStore(), profile=True if voice is not None else None)
        if args.tone not in known:
            print(f"humanize-writer: there is no tone called {args.tone!r}; the tones are "
                  f"{', '.join(known)}.", file=sys.stderr)
            return 2
    report = analyze_text(loaded.text)
    suggestions = rule_suggestions(loaded.text, args.kinds, args.goal,
                                   None if args.no_spelling else args.dialect)
    status = 0
    readings: dict = {}
    model_name, family = "", "gemma3"
    if not args.no_llm:
        from app.cli_model import ServerChoice, model_family, model_report, stderr_progress
        from app.llm.engine import EngineError, ModelFileError

        progress = stderr_progress(len(loaded.text))
        server = None
        if args.server:
            server = ServerChoice(args.server, args.server_model, args.server_style,
                                  os.environ.get(SERVER_KEY_ENV, ""))  # fmt: skip
            print(f"humanize-writer: {server.notice(args.file.name)}", file=sys.stderr)
        try:
            made = model_report(
                loaded.text, args.tone, args.model, max(1, args.candidates), progress, server,
                voice, adapter=not args.no_adapter,
            )
        except (ModelFileError, EngineError, OSError) as error:
            print(f"humanize-writer: {error} Showing rule suggestions only.", file=sys.stderr)
            status = MODEL_FAILED
        else:
            readings, model_name = made.readings, made.model_name
            family = model_family(model_name)
            suggestions = sorted(suggestions + made.suggestions,
                                 key=lambda s: (s["start"], s["end"]))
        if progress is not None and sys.stderr.isatty():
            print(file=sys.stderr)
    if args.json:
        from app.cli_paragraphs import humanness_payload, paragraphs_payload

        gauges = report.to_dict()
        gauges["humanness"] = humanness_payload(gauges["humanness"], readings, model_name,
                                                family, report.counts.words)
        paragraphs, emotion = paragraphs_payload(loaded.text, readings, family, voice)
        payload = {
            "file": str(args.file),
            "encoding": loaded.encoding,
            "gauges": gauges,
            "emotion": emotion,
            "paragraphs": paragraphs,
            "suggestions": suggestions,
        }
        if voice is not None:
            from app.core.voice import voice_payload

            payload.update(voice_payload(voice, loaded.text))  # voice, paragraph_voice
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(format_report(args.file.name, report))
        if voice is not None:
            from app.core.voice import format_voice

            print(format_voice(voice, loaded.text))
        if args.emotions:
            from app.cli_paragraphs import format_emotions

            print(format_emotions(loaded.text))
        print(format_suggestions(loaded.text, suggestions))
    return status


def format_suggestions(text: str, suggestions: list[dict]) -> str:
    if not suggestions:
        return "  Suggestions  none"
    starts = line_starts(split_lines(text))
    lines = [f"  Suggestions  {len(suggestions)}"]
    for s in suggestions:
        line = next(i for i in range(len(starts) - 1, -1, -1) if starts[i] <= s["start"])
        column = s["start"] - starts[line]
        if s["replacement"] is None:
            change = f"“{_clip(s['original'])}”"
        elif s["replacement"] == "":
            change = f"“{_clip(s['original'])}” → (delete)"
        else:
            change = f"“{_clip(s['original'])}” → “{s['replacement']}”"
        lines.append(f"    {line + 1}:{column + 1}  {s['kind']}: {change}. {s['reason']}")
    return "\n".join(lines)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_report(name: str, report: DocumentReport) -> str:
    c, r, s, h = report.counts, report.readability, report.sentiment, report.humanness
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
            f"  Human-ness   {h.score}/100 {h.label} ({h.ai_tells} AI tells, "
            f"{h.ai_tells_per_1000_words:.1f} per 1,000 words; sentence-length variation "
            f"{h.sentence_length_cv:.2f}; lexical variety {h.lexical_variety:.2f})",
        ]
    )
