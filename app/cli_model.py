"""The model's part of `humanize-writer check`: a rewrite per paragraph (per sentence in long
paragraphs), through the same engine, prompts and quality gate as the app's live suggestions."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from app.core.document import line_starts, split_lines, split_sentences
from app.llm.engine import Engine
from app.llm.model_store import ensure_bundled_model
from app.llm.rewriter import LONG_PARAGRAPH_WORDS, MIN_WORDS, Rewriter, rewrite_reason

Progress = Callable[[str], None]


def spans_to_rewrite(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph worth rewriting, or of its sentences when it is long."""
    lines = split_lines(text)
    for start, line in zip(line_starts(lines), lines, strict=True):
        stripped = line.strip()
        if len(stripped.split()) < MIN_WORDS:
            continue
        if len(stripped.split()) <= LONG_PARAGRAPH_WORDS:
            yield start + line.index(stripped), stripped
            continue
        for span in split_sentences(line):
            sentence = line[span.start : span.end]
            if len(sentence.split()) >= MIN_WORDS:
                yield start + span.start, sentence


def model_suggestions(
    text: str,
    tone: str,
    model_path: Path | None,
    candidates: int = 3,
    progress: Progress | None = None,
) -> tuple[list[dict], str]:
    """Rewrite suggestions for the whole text and the model's name. Raises ModelFileError or
    EngineError (a sentence for the writer) when no model can be loaded."""
    say = progress or (lambda _message: None)
    if model_path is None:
        say("Preparing the built-in model…")
        model_path = ensure_bundled_model()
    engine = Engine()
    say(f"Loading {model_path.name}…")
    model = engine.load(model_path)
    try:
        rewriter = Rewriter(engine)
        spans = list(spans_to_rewrite(text))
        found = []
        for number, (start, original) in enumerate(spans, start=1):
            say(f"Rewriting {number} of {len(spans)} with {model.name}…")
            result = rewriter.rewrite(original, tone, candidates=candidates)
            if not result.texts:
                continue
            found.append({
                "start": start,
                "end": start + len(original),
                "original": original,
                "replacement": result.texts[0],
                "kind": "rewrite",
                "family": "machine",
                "reason": rewrite_reason(tone),
                "source": model.name,
                "alternatives": list(result.texts),
            })  # fmt: skip
        return found, model.name
    finally:
        engine.close()


def stderr_progress(total_chars: int) -> Progress | None:
    """A progress line on stderr for long files (rewriting takes seconds per paragraph)."""
    if total_chars < 2_000:
        return None
    tty = sys.stderr.isatty()

    def show(message: str) -> None:
        if tty:
            print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)
        else:
            print(message, file=sys.stderr, flush=True)

    return show
