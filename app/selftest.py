"""`humanize-writer --selftest`: check, without a window, that an installed copy works.

It runs each part a writer relies on once, with a sample paragraph that sounds machine-made:
the built-in model (assembled if needed, then loaded on two threads), one model rewrite, the
gauges, the rule checks, and a DOCX and a PDF export into a temporary folder. Each step prints
one line with its time; the exit status is 0 only if every step worked.

A rewrite counts as working when the model generated text for at least one candidate. Gemma
3 270M is rough, so its quality gate may pass none of a few candidates; that is how the app
behaves too (no card is shown), not a broken install, so the step still passes and its line
says that none passed the gate and shows the first draft. The selftest checks that the parts
work, not how well the model writes, which keeps it reliable.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SAMPLE = (
    "In today's fast-paced world, it is important to note that clear writing plays a crucial "
    "role in fostering meaningful connections. Furthermore, leveraging simple words can help "
    "writers reach their readers."
)  # the machine-sounding paragraph of the welcome draft (app/resources/welcome.md)
TONE = "Natural"
CANDIDATES = 3
THREADS = 2

Step = Callable[[], str]


class StepFailed(Exception):
    """A step ran but did not do its job; str() says what went wrong."""


class SelfTest:
    """Runs the steps in order; a step that fails is reported and the rest still run."""

    def __init__(self, out: Callable[[str], None] = print) -> None:
        self.out = out
        self.failed: list[str] = []
        self.model_path: Path | None = None
        self._engine = None
        self._qt_app = None  # PDF rendering needs a QGuiApplication alive while it runs

    def run(self, folder: Path) -> int:
        steps: list[tuple[str, Step]] = [
            ("model", self.prepare_model),
            ("load", self.load_model),
            ("adapter", self.load_adapter),
            ("rewrite", self.rewrite),
            ("gauges", self.gauges),
            ("rules", self.rules),
            ("docx", lambda: self.export("docx", folder / "selftest.docx", b"PK")),
            ("pdf", lambda: self.export("pdf", folder / "selftest.pdf", b"%PDF")),
        ]
        self.out(f"Humanize self-test ({_version()})")
        started = time.perf_counter()
        try:
            for name, step in steps:
                self._run_step(name, step)
        finally:
            if self._engine is not None:
                self._engine.close()
        total = time.perf_counter() - started
        if self.failed:
            self.out(f"FAILED in {total:.2f} s: {', '.join(self.failed)}")
            return 1
        self.out(f"All {len(steps)} steps passed in {total:.2f} s")
        return 0

    def _run_step(self, name: str, step: Step) -> None:
        started = time.perf_counter()
        try:
            detail = step()
        except Exception as exc:  # report every failure as a line, whatever raised it
            self.failed.append(name)
            message = str(exc) or type(exc).__name__
            self.out(f"[FAIL] {name:<8} {time.perf_counter() - started:7.2f} s  {message}")
            return
        self.out(f"[ ok ] {name:<8} {time.perf_counter() - started:7.2f} s  {detail}")

    def prepare_model(self) -> str:
        from app.llm.model_store import ensure_bundled_model

        self.model_path = ensure_bundled_model()
        return f"{self.model_path.name} in {self.model_path.parent}"

    def load_model(self) -> str:
        from app.llm.engine import Engine

        if self.model_path is None:
            raise StepFailed("skipped: the model file is not ready")
        self._engine = Engine()
        model = self._engine.load(self.model_path, n_threads=THREADS)
        return f"{model.name}, {model.n_threads} threads, context {model.n_ctx}"

    def load_adapter(self) -> str:
        from app.llm.humanizer import ADAPTER_NAME, attach_adapter

        if self._engine is None or self._engine.model is None:
            raise StepFailed("skipped: no model is loaded")
        problem = attach_adapter(self._engine)
        if problem:
            raise StepFailed(problem)
        path = self._engine.adapter_path
        return f"{ADAPTER_NAME} ({path.name}, {path.stat().st_size / 1e6:.1f} MB)"

    def rewrite(self) -> str:
        from app.llm.rewriter import Rewriter

        if self._engine is None or self._engine.model is None:
            raise StepFailed("skipped: no model is loaded")
        generated: dict[int, list[str]] = {}
        result = Rewriter(self._engine).rewrite(
            SAMPLE, TONE, candidates=CANDIDATES,
            on_piece=lambda seed, piece: generated.setdefault(seed, []).append(piece),
        )  # fmt: skip
        drafts = [text for pieces in generated.values() if (text := "".join(pieces).strip())]
        if not drafts:
            raise StepFailed(f"the model generated no text in {result.drawn} candidates")
        speed = f"{result.tokens_per_second:.0f} tokens/s"
        if not result.texts:
            return (f"{len(drafts)}/{result.drawn} candidates generated ({speed}), none passed "
                    f"the quality gate; the first: “{_clip(drafts[0])}”")
        return (f"{len(result.texts)}/{result.drawn} candidates passed the gate ({speed}): "
                f"“{_clip(result.texts[0])}”")

    def gauges(self) -> str:
        from app.core.analysis.incremental import analyze_text

        report = analyze_text(SAMPLE)
        if report.counts.words == 0 or report.counts.sentences == 0:
            raise StepFailed("the gauges counted no words")
        r, h = report.readability, report.humanness
        return (f"{report.counts.words} words, reading ease {r.flesch_reading_ease:.1f}, "
                f"sentiment {report.sentiment.compound:+.2f}, human-ness {h.score}/100")

    def rules(self) -> str:
        from app.cli import rule_suggestions

        found = rule_suggestions(SAMPLE)
        if not found:
            raise StepFailed("the rule checks found nothing in a paragraph full of AI tells")
        kinds = sorted({s["kind"] for s in found})
        return f"{len(found)} suggestions ({', '.join(kinds)})"

    def export(self, fmt: str, destination: Path, magic: bytes) -> str:
        from app.core.export import CORE_RENDERERS, ExportOptions, export_document

        renderers = CORE_RENDERERS
        if fmt == "pdf":
            from app.export_qt import RENDERERS, ensure_gui_application

            self._qt_app = ensure_gui_application()
            renderers = RENDERERS
        text = f"# Self-test\n\n{SAMPLE}\n\n- one\n- two\n"
        options = ExportOptions(title="Self-test", document_name=destination.name)
        written = export_document(text, fmt, destination, options, renderers=renderers)
        if not destination.read_bytes().startswith(magic):
            raise StepFailed(f"{destination.name} is not a {fmt.upper()} file")
        return f"{destination.name}, {written:,} bytes"


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"humanize-writer {version('humanize-writer')}"
    except PackageNotFoundError:
        return "humanize-writer, not installed"


def main() -> int:
    """Run every step; 0 if all worked, 1 otherwise. Output goes to stdout as it happens."""
    def out(line: str) -> None:
        print(line, flush=True)

    with tempfile.TemporaryDirectory(prefix="humanize-selftest-") as folder:
        return SelfTest(out).run(Path(folder))


if __name__ == "__main__":
    sys.exit(main())
