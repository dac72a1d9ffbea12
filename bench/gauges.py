"""Live gauges on a 100,000-word draft: keystroke latency against a from-scratch recount.

A seeded generator writes the draft, it is loaded into the real editor with a LiveAnalysis and
the rule checks' ReviewController attached (offscreen), and after the background work ends,
real key events are sent at random places. Each keystroke is timed from the key event to the
gauges holding the new report and the edited paragraph's suggestions re-checked and their
underlines updated. The baseline is what a naive gauge would do per keystroke: textstat's Flesch
reading ease over the whole text plus VADER over every paragraph.

Every family of suggestion is on (the goal All, and spelling where it is installed). A second
run adds the gauge panel and the suggestion cards and times each key press to the frame
painted, stage by stage (bench/stages.py): the editor's own work, shifting the open
suggestions, each per-paragraph check, the review and cards, underlines, gauges, paint; and
what the cards' catching up costs in the pause after a keystroke (a long list waits for one). The
same again on a draft dense with findings (about 50,000 open suggestions). Writes
bench/results/gauges.json.
"""

from __future__ import annotations

import cProfile
import pstats
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench import machine_info, write_results

RESULTS = Path(__file__).resolve().parent / "results" / "gauges.json"
SEED = 20261121
TARGET_WORDS = 100_000
KEYSTROKES = 300
CATCH_UPS = 40

_NOUNS = """river town morning letter garden window street teacher report meeting budget team
kitchen station winter summer friend neighbour project market bridge office library road
child dog train coffee evening city plan story idea question answer village harbour field
manager customer song picture doctor family house table phone message night week""".split()
_VERBS = """found crossed opened wrote carried watched changed followed built moved answered
described remembered reached shared checked painted fixed visited read measured planned""".split()
_ADJECTIVES = """old small quiet long early late narrow wide busy empty local main usual
simple careful distant recent open heavy light short""".split()
_POSITIVE = """wonderful happy bright kind lovely great calm glad hopeful warm generous
brilliant pleasant cheerful delighted proud grateful excellent gentle fine""".split()
_NEGATIVE = """terrible sad awful angry bitter gloomy cruel miserable grim tired afraid
broken lonely hostile painful dreadful annoying worse upset harsh""".split()
_TEMPLATES = (
    "The {adj} {noun} {verb} the {adj2} {noun2}.",
    "We {verb} the {adj} {noun} near the {noun2}, and it felt {mood}.",
    "Nobody {verb} the {noun} that {time}, which was {mood}.",
    "After the {noun}, the {adj} {noun2} seemed {mood} to everyone.",
    "She {verb} the {noun2} because the {noun} was {mood}.",
    "It was a {mood} {noun}, and the {noun2} {verb} it {time}.",
    "Why would the {noun} be so {mood} when the {noun2} {verb} nothing?",
    "{Time}, the {adj} {noun} {verb} every {noun2} in the {noun3}.",
    # Machine-sounding ones, so the rule checks have something to find.
    "It is important to note that the {noun} plays a crucial role in the {noun2}.",
    "In order to leverage the {adj} {noun}, we {verb} the {noun2} seamlessly.",
)
_TIMES = ("that night", "in the morning", "last week", "before noon", "at last", "again")


def _sentence(rng: random.Random, tone: float) -> str:
    roll = rng.random()
    if roll < 0.35 + 0.3 * tone:
        mood = rng.choice(_POSITIVE)
    elif roll < 0.7:
        mood = rng.choice(_NEGATIVE)
    else:
        mood = rng.choice(_ADJECTIVES)
    time_phrase = rng.choice(_TIMES)
    return rng.choice(_TEMPLATES).format(
        adj=rng.choice(_ADJECTIVES), adj2=rng.choice(_ADJECTIVES),
        noun=rng.choice(_NOUNS), noun2=rng.choice(_NOUNS), noun3=rng.choice(_NOUNS),
        verb=rng.choice(_VERBS), mood=mood, time=time_phrase, Time=time_phrase.capitalize(),
    )


_FLAGGED = (
    "We really just leverage very robust tools seamlessly, and it is basically crucial.",
    "Moreover, the team delves into a plethora of data in order to utilize it quickly.",
    "It is important to note that our vibrant community plays a pivotal role here.",
    "The report was written very carefully by the chairman, who actually liked it a lot.",
)


def generate_flagged_draft(seed: int = SEED, words: int = TARGET_WORDS) -> list[str]:
    """A long draft dense with findings (about one per two words): the worst case for
    keeping suggestions in step with the text."""
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < words:
        sentences = [rng.choice(_FLAGGED) for _ in range(rng.randint(3, 9))]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph.split())
    return paragraphs


def generate_draft(seed: int = SEED, words: int = TARGET_WORDS) -> list[str]:
    """Paragraphs of 40-150 words whose tone drifts, so the trend has a shape."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    total = 0
    tone = 0.0
    while total < words:
        tone = max(-1.0, min(1.0, tone + rng.uniform(-0.3, 0.3)))
        target = rng.randint(40, 150)
        sentences: list[str] = []
        count = 0
        while count < target:
            sentence = _sentence(rng, tone)
            sentences.append(sentence)
            count += len(sentence.split())
        paragraphs.append(" ".join(sentences))
        total += count
    return paragraphs


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _naive_ms(text: str, paragraphs: list[str]) -> float:
    import textstat
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    start = time.perf_counter()
    textstat.flesch_reading_ease(text)
    for paragraph in paragraphs:
        vader.polarity_scores(paragraph)
    return (time.perf_counter() - start) * 1000


STAGES = ["editor", "analysis", "shift", "rules", "correctness", "readability", "sentiment",
          "humanness", "review", "underlines", "gauges", "paint"]


def _instrument():
    """Wrap each stage's functions (before any widget exists, so connections see the wraps)."""
    import app.core.analysis.incremental as incremental
    from app.core.analysis.sentiment import SentimentScorer
    from app.core.analysis.style import StyleChecker
    from app.core.suggestions import SuggestionSet
    from app.ui.editor.writer_editor import WriterEditor
    from app.ui.gauges.gauge_panel import GaugePanel
    from app.ui.review.review_controller import ReviewController
    from app.ui.review.suggestion_list import SuggestionListModel
    from app.ui.review.underlines import SuggestionUnderlines
    from bench.stages import StageTimer

    timer = StageTimer()
    timer.wrap(SuggestionSet, "apply_edit", "shift")
    timer.wrap(StyleChecker, "check_paragraph", "rules")
    timer.wrap(incremental, "count_readability", "readability")
    timer.wrap(SentimentScorer, "count", "sentiment")
    timer.wrap(incremental, "count_humanness", "humanness")
    timer.wrap(ReviewController, "_on_lines_replaced", "review")
    timer.wrap(ReviewController, "_flush", "review")
    timer.wrap(SuggestionListModel, "_apply", "review")
    timer.wrap(SuggestionUnderlines, "refresh", "underlines")
    timer.wrap(WriterEditor, "set_underlines", "underlines")
    timer.wrap(GaugePanel, "show_reports", "gauges")
    timer.wrap(WriterEditor, "paintEvent", "paint")
    from app.ui.gauges.live_analysis import LiveAnalysis

    timer.wrap(LiveAnalysis, "_on_contents_change", "analysis")
    timer.wrap(LiveAnalysis, "_emit_report", "analysis")
    try:
        from app.core.analysis.correctness import CorrectnessChecker

        timer.wrap(CorrectnessChecker, "check_paragraph", "correctness")
    except ImportError:
        pass
    return timer


def run(profile: bool = False) -> dict[str, object]:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    timer = _instrument()
    try:
        plain = _scenario(app, generate_draft(), timer, profile)
        flagged = _scenario(app, generate_flagged_draft(), timer, False)
    finally:
        timer.restore()
    result = dict(plain)
    result["flagged"] = flagged
    result["machine"] = machine_info()
    where = write_results(RESULTS, result)
    for name, r in (("draft", plain), ("flagged draft", flagged)):
        print(
            f"gauges ({name}): {r['words']:,} words, {r['suggestions']:,} open suggestions "
            f"(goal all); keystroke p50 {r['keystroke_p50_ms']:.2f} ms, p95 "
            f"{r['keystroke_p95_ms']:.2f} ms; key press to frame painted p50 "
            f"{r['frame_p50_ms']:.2f} ms, p95 {r['frame_p95_ms']:.2f} ms; cards catch up in "
            f"the pause p50 {r['cards_catch_up_p50_ms']:.2f} ms, p95 "
            f"{r['cards_catch_up_p95_ms']:.2f} ms; naive recount "
            f"{r['naive_ms']:,.0f} ms, speedup {r['speedup']:,.0f}x; bulk measure "
            f"{r['bulk_measure_s']:.1f} s, all suggestions after "
            f"{r['open_to_all_suggestions_s']:.1f} s")
        print("    stage        p50 ms   p95 ms   calls/keystroke")
        for stage in STAGES:
            row = r["stages"][stage]
            print(f"    {stage:12} {row['p50']:7.3f}  {row['p95']:7.3f}   "
                  f"{r['calls_per_keystroke'].get(stage, 0):.1f}")
    print(f"  -> {where}")
    return result


def _scenario(app, paragraphs: list[str], timer, profile: bool) -> dict[str, object]:
    import tempfile

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent, QTextCursor
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

    from app.core.analysis.incremental import shared_style_checker
    from app.core.feedback import FeedbackStore
    from app.settings import Settings
    from app.ui.editor.writer_editor import WriterEditor
    from app.ui.gauges.gauge_panel import GaugePanel
    from app.ui.gauges.live_analysis import LiveAnalysis
    from app.ui.review.review_controller import ReviewController
    from app.ui.review.suggestion_panel import SuggestionPanel
    from bench.stages import percentiles

    text = "\n\n".join(paragraphs)
    words = sum(len(p.split()) for p in paragraphs)

    window = QWidget()
    layout = QHBoxLayout(window)
    editor = WriterEditor()
    layout.addWidget(editor, 1)
    live = LiveAnalysis(editor, window)
    scratch = tempfile.TemporaryDirectory()
    feedback = FeedbackStore(Path(scratch.name) / "feedback.sqlite")
    review = ReviewController(
        editor, live, feedback, shared_style_checker(), Settings(goal="all"), lambda: "bench",
        window)
    window.resize(1300, 850)
    window.show()
    announced = [0]
    live.report_ready.connect(lambda *_: announced.__setitem__(0, announced[0] + 1))
    done = [False]
    live.progress.connect(lambda f: done.__setitem__(0, f >= 1.0))
    while not live.ready:
        app.processEvents()

    start = time.perf_counter()
    editor.setPlainText(text)
    checked_s = 0.0
    while not done[0] or not checked_s:
        app.processEvents()
        if not checked_s and review.settled:
            checked_s = time.perf_counter() - start
    bulk_s = time.perf_counter() - start
    suggestions = len(review.review.suggestions)

    def underlines_drawn() -> None:
        while not review.settled:
            app.processEvents()

    rng = random.Random(SEED + 1)
    document = editor.document()
    lines = [i for i in range(document.blockCount()) if document.findBlockByNumber(i).text()]
    keys = [(Qt.Key.Key_Backspace, "")] * 3 + [(Qt.Key.Key_Space, " ")] * 3 + [
        (getattr(Qt.Key, f"Key_{c.upper()}"), c) for c in "etaoinshrdlu"
    ]

    def keystroke(after: Callable[[], object]) -> float:
        block = document.findBlockByNumber(rng.choice(lines))
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + rng.randint(1, max(1, block.length() - 1)))
        editor.setTextCursor(cursor)
        app.processEvents()
        timer.take()
        key, key_text = rng.choice(keys)
        before = announced[0]
        t0 = time.perf_counter()
        QApplication.sendEvent(editor, QKeyEvent(QEvent.Type.KeyPress, key,
                                                 Qt.KeyboardModifier.NoModifier, key_text))
        while announced[0] == before:
            app.processEvents()
        after()
        elapsed = (time.perf_counter() - t0) * 1000
        QApplication.sendEvent(editor, QKeyEvent(QEvent.Type.KeyRelease, key,
                                                 Qt.KeyboardModifier.NoModifier, key_text))
        return elapsed

    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    times = [keystroke(underlines_drawn) for _ in range(KEYSTROKES)]
    if profiler:
        profiler.disable()

    # The same with the panels listening and the frame painted: what the writer sees.
    panel = GaugePanel()
    layout.addWidget(panel)
    panel.connect_to(live)
    cards = SuggestionPanel(review.review.suggestions)
    review.connect_panel(cards)
    layout.addWidget(cards)
    app.processEvents()
    stage_samples: list[dict[str, float]] = []
    call_samples: list[Counter] = []
    frames: list[float] = []

    def painted_frame() -> None:
        app.processEvents()  # Qt paints the regions the change marked as dirty

    for _ in range(KEYSTROKES):
        total = keystroke(painted_frame)
        stages, calls = timer.take()
        stages["editor"] = max(0.0, total - sum(stages.values()))
        stage_samples.append(stages)
        call_samples.append(calls)
        frames.append(total)

    # A long card list takes a typing burst's changes in the writer's pause (DEFER_ROWS): what
    # that pause costs, one keystroke's changes each time, painted.
    catch_ups: list[float] = []
    for _ in range(CATCH_UPS):
        keystroke(painted_frame)
        t0 = time.perf_counter()
        cards.model.apply_pending()
        app.processEvents()
        catch_ups.append((time.perf_counter() - t0) * 1000)
    timer.take()

    naive = _naive_ms(text, paragraphs)
    p50, p95 = _percentile(times, 0.5), _percentile(times, 0.95)
    result: dict[str, object] = {
        "keystroke_p50_ms": round(p50, 3),
        "keystroke_p95_ms": round(p95, 3),
        "naive_ms": round(naive, 1),
        "speedup": round(naive / p95, 1),
        "words": words,
        "paragraphs": len(paragraphs),
        "lines": document.blockCount(),
        "keystrokes": KEYSTROKES,
        "keystroke_mean_ms": round(statistics.fmean(times), 3),
        "keystroke_max_ms": round(max(times), 3),
        "frame_p50_ms": round(_percentile(frames, 0.5), 3),
        "frame_p95_ms": round(_percentile(frames, 0.95), 3),
        "cards_catch_up_p50_ms": round(_percentile(catch_ups, 0.5), 3),
        "cards_catch_up_p95_ms": round(_percentile(catch_ups, 0.95), 3),
        "stages": percentiles(stage_samples, STAGES, _percentile),
        "calls_per_keystroke": {stage: sum(c[stage] for c in call_samples) / len(call_samples)
                                for stage in STAGES},
        "bulk_measure_s": round(bulk_s, 3),
        "open_to_all_suggestions_s": round(checked_s, 3),
        "suggestions": suggestions,
        "editor": type(editor).__name__,
    }
    live.shutdown()
    feedback.close()
    window.close()
    window.deleteLater()
    app.processEvents()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return result
