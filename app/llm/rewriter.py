"""One rewrite request against a loaded Engine, without Qt: build the prompt, draw a few
candidates, keep those the quality gate passes, best first. The worker thread and the `check`
command both use it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.analysis.families import MACHINE_KINDS
from app.core.analysis.incremental import shared_style_checker
from app.core.fix_checks import Checker, check_candidate
from app.core.gate import judge
from app.core.prompts import TONE_DESCRIPTIONS, Example, build_rewrite_prompt
from app.core.voice import voice_distance
from app.core.voice.guide import MY_VOICE, ResolvedTone
from app.llm import humanizer
from app.llm.catalog import load_catalog, prompt_style_for
from app.llm.engine import Engine
from app.llm.feeling import feeling_rises

MIN_WORDS = 4  # shorter text is left alone: there is too little to rewrite
LONG_PARAGRAPH_WORDS = 70  # above this, a sentence is rewritten instead of the paragraph
_MACHINE = frozenset(MACHINE_KINDS)


WRITER_MIN_BYTES = 600_000_000  # a chat model of about 1B parameters at 4 bits and up


def can_write(model) -> bool:
    """Whole-paragraph rewrites only from models that can write: an instruct model of about
    1B parameters and up (a chat template and WRITER_MIN_BYTES or more) or a model server.
    The built-in 270M model gives targeted fixes instead: a good judge, a weak writer."""
    if getattr(model, "base_url", ""):
        return True  # a model server
    return bool(model.has_chat_template and model.file_size >= WRITER_MIN_BYTES)


def rewrite_reason(tone: str) -> str:
    """The reason a rewrite card gives; also how accepted rewrites are found again by tone."""
    if tone == MY_VOICE:
        return "A rewrite in your voice by the local model: check it says what you meant."
    if tone not in TONE_DESCRIPTIONS:
        return f"A rewrite in your tone “{tone}” by the local model: check it says what you meant."
    return f"A {tone.lower()} rewrite by the local model: check it says what you meant."


Resolve = Callable[[str, str], ResolvedTone]  # (tone, text) -> guide and voice; model thread


@dataclass(frozen=True, slots=True)
class Rewrites:
    original: str
    tone: str
    texts: tuple[str, ...]  # passing candidates, best first, no duplicates
    drawn: int  # candidates generated
    tokens_per_second: float
    cancelled: bool


class Rewriter:
    def __init__(self, engine: Engine, correctness: Checker | None = None,
                 use_adapter: bool = True) -> None:
        self.engine = engine
        self._catalog = load_catalog()
        self._correctness = correctness
        self._use_adapter = use_adapter

    @property
    def uses_adapter(self) -> bool:
        """Drafts come from Humanize's rewriter adapter (the built-in model with it loaded)
        instead of a prompt with examples."""
        return self._use_adapter and getattr(self.engine, "adapter_path", None) is not None

    def _checks_pass(self, original: str, candidate: str, must_resolve: bool,
                     tone: str = "Natural") -> bool:
        rules = shared_style_checker()

        def machine(text: str):
            return rules.check_paragraph(text, _MACHINE)

        verdict = check_candidate(original, 0, len(original), candidate, machine(original),
                                  machine, self._correctness)
        reasons = [r for r in verdict.reasons if must_resolve or r != "resolves no finding"]
        # Content words are the quality gate's business for a rewrite (it may rephrase).
        if [r for r in reasons if not r.startswith("drops “")]:
            return False
        return feeling_rises(original, candidate, tone)  # Warm must read warmer, and so on

    def rewrite(
        self,
        text: str,
        tone: str,
        *,
        candidates: int = 3,
        examples: Sequence[tuple[str, str]] = (),
        context: str = "",
        cancel: threading.Event | None = None,
        on_piece: Callable[[int, str], None] | None = None,
        must_resolve: bool = False,
        resolve: Resolve | None = None,
    ) -> Rewrites:
        """Draw `candidates` rewrites (seeds 0..n-1, so a paragraph gets the same ones again)
        and judge each; on_piece(candidate, text) sees the text as it is generated.

        Every draft passes the quality gate and the checks of app/core/fix_checks.py: it adds
        no machine habit, keeps names, numbers and negations, breaks no Markdown and adds no
        spelling or grammar problem; `must_resolve` (a rewrite nobody asked for: the live
        card) also wants it to resolve at least one machine finding, so a person's paragraph
        is left alone.

        `resolve` turns a tone beyond the presets ("My voice", the writer's own) into the
        prompt's guide, and gives the voice profile that ranks the candidates (closest to
        the writer's voice first); without it, a tone must be a preset."""
        model = self.engine.model
        if model is None:
            raise RuntimeError("no model is loaded")
        cancel = cancel or threading.Event()
        style = prompt_style_for(model.path, model.has_chat_template, self._catalog)
        resolved = resolve(tone, text) if resolve is not None else ResolvedTone(tone, None, None)
        preset = resolved.tone  # the gate's and the feeling check's idea of the tone
        adapter = self.uses_adapter
        if adapter:
            original = text.strip()
        else:
            prompt = build_rewrite_prompt(
                text, preset, style, tuple(Example(a, b) for a, b in examples), context,
                resolved.guide,
            )
            original = prompt.original
        scored: dict[str, float] = {}
        speeds = []
        drawn = 0
        for seed in range(candidates):
            pieces = []

            def shown(piece: str, seed: int = seed, pieces: list[str] = pieces) -> None:
                pieces.append(piece)
                if on_piece is not None:
                    on_piece(seed, piece)

            if adapter:
                # The adapter's first choice, then samples of it for alternatives.
                drafted = humanizer.draft(self.engine, original, preset, seed=seed,
                                          temperature=0.0 if seed == 0 else 0.7,
                                          cancel=cancel, on_piece=shown)
            else:
                for piece in self.engine.stream(
                    prompt, max_tokens=prompt.max_tokens, seed=seed, cancel=cancel
                ):
                    shown(piece)
                drafted = "".join(pieces)
            if cancel.is_set():
                break
            drawn += 1
            stats = self.engine.last_stats
            if stats is not None and stats.tokens_per_second:
                speeds.append(stats.tokens_per_second)
            if not drafted:
                continue
            verdict = judge(original, drafted, preset)
            if verdict.ok and self._checks_pass(original, verdict.text, must_resolve, preset):
                scored[verdict.text] = max(verdict.score, scored.get(verdict.text, 0.0))
        profile = resolved.profile
        if profile is not None and len(scored) > 1:  # the writer's voice first
            distance = {t: voice_distance(profile, t) for t in scored}
            ranked = tuple(sorted(scored, key=lambda t: (distance[t], -scored[t])))
        else:
            ranked = tuple(sorted(scored, key=lambda t: -scored[t]))
        return Rewrites(
            original=original,
            tone=tone,
            texts=ranked,
            drawn=drawn,
            tokens_per_second=sum(speeds) / len(speeds) if speeds else 0.0,
            cancelled=cancel.is_set(),
        )
