"""Humanize's own rewriter: the built-in model with its LoRA adapter, humanize-lora.gguf.

The adapter was trained (training/humanizer/) on pairs we wrote: a machine-sounding paragraph
and a rewrite that keeps every fact, name, number and negation and reads like a person wrote
it, plus a person's paragraphs left as they are. It ships inside the package beside the
catalog and is loaded with the built-in model only (it was trained for that model's weights).

What it drafts is a candidate like any other: a paragraph rewrite goes through the quality
gate and the checks, a sentence wording through the targeted fixes' checks and ranking. It is
applied to the engine's own context for its requests only (Engine.stream(adapter=True)), so
the scorer's numbers (predictability, human-ness) stay the base model's. No Qt here.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from app import paths
from app.llm.adapter_prompt import TONES, adapter_prompt
from app.llm.gguf import ModelFileError
from app.llm.runtime import EngineError

log = logging.getLogger(__name__)

ADAPTER_FILE = "humanize-lora.gguf"
ADAPTER_NAME = "Humanize Rewriter"


def shipped_adapter() -> Path:
    """Where the package keeps the adapter (the file may be missing: a broken install)."""
    return paths.resource_path("models", ADAPTER_FILE)


def attach_adapter(engine) -> str:
    """Load the shipped adapter onto the engine's model (the built-in one: the adapter was
    trained for its weights alone). "" when it is in use, else a sentence for the writer; the
    engine works on without it either way."""
    path = shipped_adapter()
    if not path.is_file():
        log.warning("The rewriter adapter is missing: %s", path)
        return (f"Humanize's rewriter ({path.name}) is missing from this installation, so "
                "model suggestions come from the built-in model alone. Reinstall Humanize to "
                "get it back.")
    try:
        engine.load_adapter(path)
    except (ModelFileError, EngineError) as exc:
        log.warning("The rewriter adapter could not be loaded: %s", exc)
        return str(exc)
    return ""


def adapter_tone(tone: str) -> str:
    """The tone to ask the adapter for: one it was trained on ("My voice" and the writer's
    own tones go as Natural; their guide ranks the drafts instead)."""
    return tone if tone in TONES else "Natural"


def draft_limit(prompt_tokens: int) -> int:
    """Tokens a draft may take: a rewrite is about as long as its source, with slack (the
    template is about 30 of the prompt's tokens)."""
    return int(1.5 * max(prompt_tokens - 30, 8)) + 48


def draft(engine, text: str, tone: str, *, seed: int = 0, temperature: float = 0.0,
          cancel: threading.Event | None = None, on_piece=None) -> str:
    """One rewrite of `text` by the adapter ("" when cancelled or when it did not finish).
    Seed 0 at temperature 0 is the adapter's first choice; other seeds sample alternatives."""
    prompt = adapter_prompt(text, adapter_tone(tone))
    limit = draft_limit(len(engine.tokenize(prompt)))
    pieces = []
    for piece in engine.stream(prompt, max_tokens=limit, temperature=temperature, seed=seed,
                               cancel=cancel, adapter=True):
        pieces.append(piece)
        if on_piece is not None:
            on_piece(piece)
    stats = engine.last_stats
    if stats is not None and stats.finish not in ("eos", "stop"):
        return ""  # cut off: half a paragraph is no suggestion
    return "".join(pieces).strip()
