"""The model thread's reading work, apart from writing: scoring paragraphs (surprisal per
token, for predictability and human-ness 2.0) and judging targeted fixes. No Qt here; the
ModelWorker calls it, in its thread, with jobs that carry their own cancel Event.

Both need a local llama.cpp model. With a local model that is the model the writer chose (its
own numbers, its own scorer context); with a model server the built-in model is loaded on
this computer for reading, since a server rarely returns the log-probabilities of a prompt.
The scorer's context is separate from the rewriting one, so reading never evicts the rewrite
prompt's cache; a LoRA adapter loaded for rewriting is not applied to it (adapters are set per
context), so scores are the base model's.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from app.core.analysis.incremental import shared_style_checker
from app.llm import humanizer
from app.llm.engine import Engine, EngineError
from app.llm.feeling import Feeling, feel
from app.llm.fixer import Fix, Fixer
from app.llm.model_store import ensure_bundled_model
from app.llm.scorer import Scorer, TokenScores

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReadJob:
    job_id: int
    kind: str  # "score", "fix" or "feel"
    text: str
    context: str = ""
    target: str = ""  # for "feel": warmer, calmer, more confident...
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)


class Reader:
    """Owns the scorer (and, with a model server, the local model it reads with)."""

    def __init__(self) -> None:
        self._engine: Engine | None = None  # the local model's, for the adapter's wordings
        self._scorer: Scorer | None = None
        self._own_engine: Engine | None = None  # only with a model server
        self._fixer: Fixer | None = None
        self._speller = None

    def attach(self, engine: Engine | None) -> None:
        """A local model was loaded (its engine), or a server is used (None): read with the
        local engine, or load the built-in model for reading when first asked."""
        self.close()
        self._engine = engine
        if engine is not None:
            self._scorer = Scorer(engine)

    def close(self) -> None:
        if self._scorer is not None:
            self._scorer.close()
        self._scorer = None
        self._fixer = None
        self._engine = None
        if self._own_engine is not None:
            self._own_engine.close()
            self._own_engine = None

    def score(self, job: ReadJob) -> TokenScores | None:
        return self._ready().score(job.text, job.context, job.cancel)

    def fix(self, job: ReadJob) -> list[Fix] | None:
        if self._fixer is None:
            self._fixer = Fixer(self._ready(), shared_style_checker(), self._correctness())
        return self._fixer.fix_paragraph(job.text, job.context, job.cancel,
                                         extra=adapter_wording(self._engine, job.cancel))

    def feel(self, job: ReadJob, rewriter) -> list[Feeling]:
        return feel(job.text, job.target, rewriter, self._ready(), self._correctness(),
                    job.cancel)

    def _ready(self) -> Scorer:
        if self._scorer is None:
            engine = Engine()
            engine.load(ensure_bundled_model())
            self._own_engine = engine
            self._scorer = Scorer(engine)
        return self._scorer

    def _correctness(self):
        """Spelling and grammar for the checks (none if Harper cannot be loaded)."""
        if self._speller is None:
            try:
                from app.core.analysis.correctness import CorrectnessChecker, default_dialect

                self._speller = CorrectnessChecker(default_dialect())
            except Exception as exc:  # noqa: BLE001 - the checks run without it
                log.warning("Fixes are checked without spelling and grammar: %s", exc)
                self._speller = False
        return self._speller.check_paragraph if self._speller else None


def adapter_wording(engine: Engine | None, cancel: threading.Event | None = None):
    """With the rewriter adapter loaded, a proposer of its own wording for each flagged
    sentence, to compete with the rules' candidates (the same checks, the same ranking);
    None without it."""
    if engine is None or engine.adapter_path is None:
        return None

    def propose(sentence) -> list[str]:
        original = sentence.original
        wording = humanizer.draft(engine, original, "Natural", cancel=cancel)
        if not wording or wording == original.strip():
            return []
        # In place of the sentence as it stands, with the spaces around it.
        lead = original[: len(original) - len(original.lstrip())]
        trail = original[len(original.rstrip()):]
        return [lead + wording + trail]

    return propose


__all__ = ["EngineError", "ReadJob", "Reader", "adapter_wording"]
