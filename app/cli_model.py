"""The model's part of `humanize-writer check`: the model reads every paragraph (how
predictable it is, which sentences a model would have written), judges targeted fixes of the
machine findings, and, when it can write, rewrites paragraphs (per sentence in long ones),
through the same engine, prompts and checks as the app's live suggestions, from the local
model or (`--server`) a model server."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app.core.analysis.predictability import (
    PREDICTABLE_THRESHOLD,
    ParagraphPredictability,
    Reading,
    predictable_findings,
    reading,
    summarize,
)
from app.core.document import line_starts, split_lines, split_sentences
from app.llm.engine import Engine
from app.llm.humanizer import attach_adapter
from app.llm.model_store import ensure_bundled_model
from app.llm.reading import Reader, ReadJob
from app.llm.rewriter import (
    LONG_PARAGRAPH_WORDS,
    MIN_WORDS,
    Rewriter,
    can_write,
    rewrite_reason,
)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class ServerChoice:
    url: str
    model: str = ""
    style: str = "chat"
    api_key: str = field(default="", repr=False)

    def notice(self, file_name: str) -> str:
        """What is sent where, for stderr before anything is sent."""
        from app.llm.server_client import is_loopback, server_host

        host = server_host(self.url)
        where = "a server on this computer" if is_loopback(self.url) else "another computer"
        return (f"rewriting with the model server at {host} ({where}): each paragraph of "
                f"{file_name}, with the tone instructions and examples, is sent there.")


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


@dataclass(slots=True)
class ModelReport:
    suggestions: list[dict]
    model_name: str
    readings: dict[int, tuple[ParagraphPredictability, Reading]]  # by line number


def model_report(
    text: str,
    tone: str,
    model_path: Path | None,
    candidates: int = 3,
    progress: Progress | None = None,
    server: ServerChoice | None = None,
    voice=None,
    adapter: bool = True,
) -> ModelReport:
    """What the model adds for the whole text: it reads every paragraph (predictability,
    `predictable` sentences), judges targeted fixes of the machine findings (kind `fix`),
    and, when it can write, rewrites paragraphs (kind `rewrite`). Raises ModelFileError or
    EngineError (a sentence for the writer) when no model can be used. `voice`: the voice
    profile of `check --voice` (else the active one) for "My voice" and for ranking.
    `adapter`: Humanize's rewriter adapter with the built-in model (`check --no-adapter`
    turns it off; a missing or broken adapter is said through `progress` and left out)."""
    say = progress or (lambda _message: None)
    writer = None
    if server is not None:
        from app.llm.server_engine import ServerEngine

        writer = ServerEngine()
        say(f"Connecting to {server.url}…")
        writer.connect(server.url, server.model, server.style, server.api_key)
        model_path = None  # reading stays on this computer, with the built-in model
    built_in = model_path is None
    if built_in:
        say("Preparing the built-in model…")
        model_path = ensure_bundled_model()
    engine = Engine()
    say(f"Loading {model_path.name}…")
    model = engine.load(model_path)
    if built_in and adapter:
        problem = attach_adapter(engine)
        if problem:
            print(f"humanize-writer: {problem}", file=sys.stderr)
    reader = Reader()
    reader.attach(engine)
    name = writer.model.name if writer is not None else model.name
    try:
        found, readings = [], {}
        lines = split_lines(text)
        previous = ""
        for number, (start, line) in enumerate(zip(line_starts(lines), lines, strict=True)):
            if len(line.split()) < MIN_WORDS:
                previous = line or previous
                continue
            say(f"Reading paragraph {number + 1} of {len(lines)} with {model.name}…")
            context = previous[-200:]
            scores = reader.score(ReadJob(0, "score", line, context))
            summary = summarize(line, scores.spans, scores.surprisal)
            readings[number] = (summary, reading(summary, scores.ranks))
            threshold = PREDICTABLE_THRESHOLD.get(model_family(model.name),
                                                  PREDICTABLE_THRESHOLD["gemma3"])
            for f in predictable_findings(line, summary, threshold):
                found.append(_entry(start, f.start, f.end, f.original, None, "predictable",
                                    f.reason, f"{model.name} (predictability)"))
            for fix in reader.fix(ReadJob(0, "fix", line, context)) or ():
                found.append(_entry(start, fix.start, fix.end, fix.original, fix.replacement,
                                    "fix", " ".join(fix.reasons), fix.source(model.name),
                                    fix.alternatives))
            previous = line
        if server is not None or can_write(model):
            from app.core.voice import VoiceStore
            from app.core.voice.guide import resolve_tone

            store = VoiceStore()
            rewriter = Rewriter(writer or engine)
            spans = list(spans_to_rewrite(text))
            for count, (start, original) in enumerate(spans, start=1):
                say(f"Rewriting {count} of {len(spans)} with {name}…")
                result = rewriter.rewrite(
                    original, tone, candidates=candidates,
                    resolve=lambda t, x: resolve_tone(t, x, store, voice))
                if result.texts:
                    found.append(_entry(start, 0, len(original), original, result.texts[0],
                                        "rewrite", rewrite_reason(tone), name, result.texts))
        return ModelReport(found, name, readings)
    finally:
        reader.close()
        engine.close()
        if writer is not None:
            writer.close()


def model_family(name: str) -> str:
    """"gemma3" for the built-in model's family (the bands of human-ness 2.0 and the
    predictable threshold are per family)."""
    folded = name.lower().replace(" ", "").replace("-", "")
    return "gemma3" if "gemma3" in folded else folded.split(".")[0][:12]


def _entry(base: int, start: int, end: int, original: str, replacement: str | None,
           kind: str, reason: str, source: str, alternatives: tuple | list = ()) -> dict:
    return {
        "start": base + start, "end": base + end, "original": original,
        "replacement": replacement, "kind": kind, "family": "machine", "reason": reason,
        "source": source, "alternatives": list(alternatives),
    }


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
