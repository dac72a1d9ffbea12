"""Live model suggestions: when the writer pauses, the paragraph at the cursor (or the sentence,
in a long paragraph) goes to the model with the chosen tone; typing again cancels it. What the
quality gate passes comes back as a `rewrite` Suggestion, reviewed like any other. Also
"Rewrite selection" and "Rewrite with the model" for hard sentences."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QPlainTextEdit

from app.core.analysis.families import shown_in_goal
from app.core.document import split_sentences
from app.core.feedback import FeedbackStore
from app.core.prompts import TONES
from app.core.suggestions import Suggestion
from app.llm.rewriter import LONG_PARAGRAPH_WORDS, MIN_WORDS, rewrite_reason
from app.llm.server_client import server_permitted
from app.llm.worker import JobResult, ModelConfig
from app.settings import Settings
from app.ui.model.live_card import LiveCard, ModelBar
from app.ui.review.review_controller import ReviewController

ALTERNATIVES = 3
_MEMORY = 200


@dataclass(frozen=True, slots=True)
class _Request:
    """Where the text sent to the model was, so the result lands on the same words."""

    line: int
    offset: int  # Python offset of the text inside its line
    original: str
    tone: str
    alternatives: int  # 1: the best as one card (alternatives in its menu); n: up to n cards
    label: str  # what the live card says is being rewritten
    must_resolve: bool = False  # unasked (the live card): it must fix a machine habit


def model_config(settings: Settings) -> ModelConfig:
    # Never a host the writer was not told about (settings.toml may have been edited by hand).
    url = settings.server_url.strip()
    server = settings.server_enabled and bool(url) and server_permitted(
        url, settings.server_accepted_hosts
    )
    return ModelConfig(
        settings.model_path, settings.n_threads, settings.n_ctx, settings.n_gpu_layers,
        use_adapter=settings.use_adapter,
        server_url=url if server else "",
        server_model=settings.server_model, server_prompt_style=settings.server_prompt_style,
        server_key_store=settings.server_key_store,
    )  # fmt: skip


class LiveSuggestions(QObject):
    status_changed = Signal(str, str)  # short text for the status bar, longer tooltip
    failed = Signal(str)  # a message for the writer (a model that could not be loaded)

    def __init__(
        self,
        editor: QPlainTextEdit,
        live: QObject,
        review: ReviewController,
        service: QObject,
        feedback: FeedbackStore,
        settings: Settings,
        bar: ModelBar,
        card: LiveCard,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.review = review
        self.service = service
        self.feedback = feedback
        self.settings = settings
        self.bar = bar
        self.card = card
        self._requests: dict[int, _Request] = {}
        self._fix_requests: dict[int, str] = {}  # job -> the paragraph's text it was made for
        self._fix_lines: dict[int, int] = {}
        self._live_job = 0
        # Tones beyond the presets (install_voice sets both): the names to offer, and the
        # model thread's resolver of a tone into its guide and voice (rewriter.Resolve).
        self.tone_names: Callable[[], list[str]] = lambda: list(TONES)
        self.resolve: Callable | None = None
        self._results: OrderedDict[tuple[str, str], tuple[str, ...]] = OrderedDict()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.suggest_at_cursor)
        self._hide_card = QTimer(self)
        self._hide_card.setSingleShot(True)
        self._hide_card.setInterval(4000)
        self._hide_card.timeout.connect(self.card.finish)

        live.lines_replaced.connect(self._on_edit)
        editor.cursorPositionChanged.connect(self._on_cursor_moved)
        review.rewrite_requested.connect(self.rewrite_suggestion)
        bar.tone_changed.connect(self._on_tone)
        bar.live_toggled.connect(self.set_live)
        service.state_changed.connect(self._on_state)
        service.progress.connect(self._on_progress)
        service.pieces.connect(self._on_pieces)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)
        service.fixed.connect(self._on_fixed)

    # --- switches -----------------------------------------------------------------------

    def start(self) -> None:
        self.service.load(model_config(self.settings))

    def set_live(self, on: bool) -> None:
        self.settings.live_suggestions = on
        if self.bar.live.isChecked() != on:
            self.bar.live.setChecked(on)
        if not on:
            self._cancel_live()
            self._debounce.stop()

    def forget_results(self) -> None:
        """The voice or a tone changed: rewrites made before are no longer the right ones."""
        self._results.clear()

    def _on_tone(self, tone: str) -> None:
        self.settings.tone = tone
        self._cancel_live()
        self._schedule()

    # --- when to ask ----------------------------------------------------------------------

    def _on_edit(self, _first: int, _removed: int, _texts: list, bulk: bool) -> None:
        self._cancel_live()  # the text it was working on is changing
        if not bulk:
            self._schedule()

    def _on_cursor_moved(self) -> None:
        if self._debounce.isActive():
            self._schedule()

    @property
    def working(self) -> bool:
        """A live suggestion (or fix) for the paragraph at the cursor is being made."""
        return bool(self._live_job) and self.service.is_pending(self._live_job)

    def _schedule(self) -> None:
        if self.settings.live_suggestions and self.service.ready:
            self._debounce.start(self.settings.debounce_ms)

    def _cancel_live(self) -> None:
        if self.working:
            self.service.cancel(self._live_job)
            self.card.finish()
        self._fix_requests.pop(self._live_job, None)
        self._fix_lines.pop(self._live_job, None)
        self._live_job = 0

    def suggest_at_cursor(self) -> None:
        """Rewrite the paragraph at the cursor (the sentence, in a long paragraph)."""
        if not (self.settings.live_suggestions and self.service.ready):
            return
        cursor = self.editor.textCursor()
        line = cursor.blockNumber()
        if line >= self.review.review.line_count:
            return
        text = self.review.review.text(line)
        offset, original = _trimmed(text, 0, len(text))
        if len(original.split()) > LONG_PARAGRAPH_WORDS:
            at = self.review.to_python(cursor.position()) - self.review.review.offsets.start(line)
            span = next((s for s in split_sentences(text) if s.start <= at <= s.end), None)
            if span is None:
                return
            offset, original = _trimmed(text, span.start, span.end)
            label = f"a sentence in ¶{line + 1}"
        else:
            label = f"¶{line + 1}"
        if len(original.split()) < MIN_WORDS or self._already_open(line, offset, original):
            return
        if self._live_request_is(original, self.bar.tone_name):
            # Already being rewritten. Restarting would throw its progress away, and the model
            # reports "ready" as each cancelled job ends, which schedules another ask: the two
            # would keep each other going and no rewrite would ever finish.
            return
        self._cancel_live()
        if not getattr(self.service, "can_write", True):
            # The built-in model is a judge, not a writer: it ranks the rules' own fixes of
            # the paragraph's machine habits; whole rewrites only when asked for.
            self._live_job = self._ask_fixes(line, text)
            return
        self._live_job = self._ask(_Request(line, offset, original, self.bar.tone_name, 1, label,
                                            must_resolve=True))

    def _live_request_is(self, original: str, tone: str) -> bool:
        if not self.working:
            return False
        pending = self._requests.get(self._live_job)
        return pending is not None and (pending.original, pending.tone) == (original, tone)

    def rewrite_selection(self, tone: str | None = None) -> bool:
        """Up to three alternatives for the selected text, as cards."""
        cursor = self.editor.textCursor()
        if not cursor.hasSelection():
            self.status_changed.emit("Select some text to rewrite first.", "")
            return False
        start = self.review.to_python(cursor.selectionStart())
        end = self.review.to_python(cursor.selectionEnd())
        line = self.review.review.line_of(start)
        if self.review.review.line_of(end) != line:
            self.status_changed.emit("Select text within one paragraph to rewrite it.", "")
            return False
        line_start = self.review.review.offsets.start(line)
        text = self.review.review.text(line)
        offset, original = _trimmed(text, start - line_start, end - line_start)
        if not original:
            return False
        return bool(self._ask(
            _Request(line, offset, original, tone or self.bar.tone_name, ALTERNATIVES,
                     "the selection"),
        ))  # fmt: skip

    def rewrite_suggestion(self, s: Suggestion) -> None:
        """"Rewrite with the model" on a hard sentence (or passive) card."""
        line = self.review.review.line_of(s.start)
        offset = s.start - self.review.review.offsets.start(line)
        self._ask(_Request(line, offset, s.original, self.bar.tone_name, ALTERNATIVES,
                           "a hard sentence"))  # fmt: skip

    def _ask(self, request: _Request) -> int:
        if not self.service.ready:
            self.status_changed.emit("The model is not ready yet.", self.service.detail)
            return 0
        cached = self._results.get((request.original, request.tone))
        if cached is not None:
            self._publish(request, cached, self.service.model_name)
            return 0
        candidates = max(self.settings.candidates, request.alternatives)
        examples = tuple(
            self.feedback.accepted_examples("rewrite", rewrite_reason(request.tone), 2)
        )
        job = self.service.request(
            request.original, request.tone, candidates, examples, self._context(request.line),
            must_resolve=request.must_resolve, resolve=self.resolve,
        )
        self._requests[job] = request
        self._hide_card.stop()
        self.card.start(request.label, candidates)
        return job

    def _ask_fixes(self, line: int, text: str) -> int:
        """Targeted fixes for one paragraph: the rules' candidates, judged by the model."""
        if not shown_in_goal(self.settings.goal, "fix"):
            return 0  # the writer's goal leaves the machine family out (Edit)
        if not any(s.family == "machine" and s.kind != "fix"
                   for s in self._line_suggestions(line)):
            return 0  # nothing machine-made here (predictable sentences count): nothing to fix
        if text in self._fix_requests.values():
            return 0  # already being judged
        job = self.service.fix(text, self._context(line))
        self._fix_requests[job] = text
        self._fix_lines[job] = line
        self._hide_card.stop()
        self.card.start(f"fixes for ¶{line + 1}", 1)
        return job

    def _line_suggestions(self, line: int) -> list[Suggestion]:
        review = self.review.review
        start = review.offsets.start(line)
        return review.suggestions.overlapping(start, start + len(review.text(line)))

    def _on_fixed(self, job: int, fixes: tuple) -> None:
        text = self._fix_requests.pop(job, None)
        line = self._fix_lines.pop(job, None)
        if text is None:
            return
        if job == self._live_job:
            self._live_job = 0
        review = self.review.review
        added = []
        wanted = shown_in_goal(self.settings.goal, "fix")  # the goal may have changed meanwhile
        if wanted and line is not None and line < review.line_count and review.text(line) == text:
            base = review.offsets.start(line)
            for fix in fixes:
                s = Suggestion(
                    start=base + fix.start, end=base + fix.end, original=fix.original,
                    replacement=fix.replacement, kind="fix", reason=" ".join(fix.reasons),
                    source=fix.source(self.service.model_name or "local model"),
                    revision=review.suggestions.revision, alternatives=fix.alternatives,
                )  # fmt: skip
                if not self._already_open(line, fix.start, fix.original, "fix") and review.add(s):
                    added.append(s)
        self.review.publish_added(added)
        if added:
            self.card.finish()
        else:
            self.card.finish("No fix passed the checks." if not fixes else
                             "The text changed meanwhile; the fixes were dropped.")
            self._hide_card.start()

    def _context(self, line: int) -> str:
        for previous in range(line - 1, max(-1, line - 6), -1):
            text = self.review.review.text(previous)
            if text.strip():
                return text
        return ""

    def _already_open(self, line: int, offset: int, original: str,
                      kind: str = "rewrite") -> bool:
        start = self.review.review.offsets.start(line) + offset
        return any(
            s.kind == kind and s.start == start and s.original == original
            for s in self.review.review.suggestions.overlapping(start, start + len(original))
        )

    # --- what comes back ------------------------------------------------------------------

    def _on_pieces(self, job_id: int, candidate: int, text: str) -> None:
        if job_id in self._requests:
            self.card.add(candidate, text)

    def _on_finished(self, result: JobResult) -> None:
        request = self._requests.pop(result.job_id, None)
        if request is None:
            return
        if result.job_id == self._live_job:
            self._live_job = 0
        texts = result.rewrites.texts
        self._results[(request.original, request.tone)] = texts
        while len(self._results) > _MEMORY:
            self._results.popitem(last=False)
        shown = self._publish(request, texts, result.model_name)
        if shown:
            self.card.finish()
        else:
            self.card.finish(
                "No rewrite passed the quality check." if not texts
                else "The text changed meanwhile; the rewrite was dropped."
            )
            self._hide_card.start()

    def _on_failed(self, job_id: int, message: str) -> None:
        self._fix_lines.pop(job_id, None)
        if (self._requests.pop(job_id, None) or self._fix_requests.pop(job_id, None)) is not None:
            self.card.finish(message)
            self._hide_card.start()

    def _publish(self, request: _Request, texts: tuple[str, ...], model: str) -> int:
        start = self._anchor(request)
        if start is None or not texts:
            return 0
        if request.must_resolve and not shown_in_goal(self.settings.goal, "rewrite"):
            return 0  # unasked, and the goal changed to one without the machine family
        chosen = texts[: request.alternatives]
        added = []
        for text in chosen:
            s = Suggestion(
                start=start, end=start + len(request.original), original=request.original,
                replacement=text, kind="rewrite", reason=rewrite_reason(request.tone),
                source=model or "local model", revision=self.review.review.suggestions.revision,
                alternatives=texts if request.alternatives == 1 else (),
            )  # fmt: skip
            if self.review.review.add(s):
                added.append(s)
        self.review.publish_added(added)
        return len(added)

    def _anchor(self, request: _Request) -> int | None:
        """Where the original text is now: the same place, or the same words nearby; never
        somewhere it merely resembles."""
        review = self.review.review
        for line in (request.line, *_around(request.line, review.line_count)):
            if not 0 <= line < review.line_count:
                continue
            text = review.text(line)
            if line == request.line and text[request.offset:].startswith(request.original):
                return review.offsets.start(line) + request.offset
            if text.count(request.original) == 1:
                return review.offsets.start(line) + text.index(request.original)
        return None

    # --- status ---------------------------------------------------------------------------

    def _on_state(self, state: str, detail: str) -> None:
        name = self.service.model_name or "Model"
        if state == "assembling":
            self.status_changed.emit("Assembling the model…", "First start: assembling it.")
        elif state == "loading":
            self.status_changed.emit(f"Loading {detail}…", "")
        elif state == "ready":
            speed = f" · {detail}" if detail and detail.endswith("tok/s") else ""
            adapter = getattr(self.service, "adapter", "")
            tip = (f"{name} with {adapter}, Humanize's rewriter adapter (Preferences ▸ Model "
                   "turns it off)" if adapter else "")
            self.status_changed.emit(f"{name}{' + rewriter' if adapter else ''} · ready{speed}",
                                     tip)
            self._schedule()
        elif state == "generating":
            speed = f" at {detail}" if detail else "…"
            self.status_changed.emit(f"{name} · generating{speed}", "")
        elif state == "failed":
            self.status_changed.emit("Model failed: rule suggestions only", detail)
            self.failed.emit(detail)

    def _on_progress(self, fraction: float) -> None:
        self.status_changed.emit(
            f"Assembling the model {fraction:.0%}", "First start: assembling the built-in model."
        )

    def shutdown(self) -> None:
        self._debounce.stop()
        self.service.shutdown()


def _trimmed(text: str, start: int, end: int) -> tuple[int, str]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    return start + lead, piece.strip()


def _around(line: int, count: int) -> list[int]:
    return [n for d in (1, 2, 3) for n in (line - d, line + d) if 0 <= n < count]


