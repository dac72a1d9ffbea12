"""The document's gauges, kept up to date one paragraph at a time.

`DocumentAnalyzer` holds each line's measurements and running sums of them. An edit replaces a
few lines: their old numbers are subtracted, the new lines are measured (or found in a cache
keyed by their text, which makes undo, redo and repeated lines free) and added. Reports are
computed from the sums, so their cost does not depend on the length of the document.

Lines can also be left *pending* (a file being loaded, a huge paste): they count for nothing
until a background job measures them and hands the numbers back through `fill`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from app.core.analysis.emotion import EmotionCounts, EmotionModel, EmotionScore
from app.core.analysis.families import MACHINE_PHRASE_KINDS, PATTERN_KINDS
from app.core.analysis.humanness import Humanness, HumannessCounts, count_humanness, humanness
from app.core.analysis.readability import (
    Readability,
    ReadabilityCounts,
    count_readability,
    readability,
)
from app.core.analysis.sentiment import Sentiment, SentimentCounts, SentimentScorer, summarize
from app.core.analysis.stats import Counts, counts
from app.core.analysis.style import StyleChecker
from app.core.document import split_lines
from app.core.offsets import LineIndex
from app.core.text_cache import forget_stale

_CACHE_SIZE = 50_000  # at most, whatever the document (app/core/text_cache.py)


@dataclass(frozen=True, slots=True)
class ParagraphMetrics:
    readability: ReadabilityCounts
    sentiment: SentimentCounts
    humanness: HumannessCounts
    emotion: EmotionCounts
    characters: int  # spaces included
    characters_no_spaces: int
    is_blank: bool

    @property
    def compound(self) -> float:
        return self.sentiment.compound


_shared_checker: StyleChecker | None = None
_MACHINE_HABITS = frozenset(MACHINE_PHRASE_KINDS + PATTERN_KINDS)


def shared_style_checker() -> StyleChecker:
    """The rule checker the gauges use (immutable once built, so threads can share it)."""
    global _shared_checker
    if _shared_checker is None:
        _shared_checker = StyleChecker()
    return _shared_checker


class ParagraphMeasurer:
    """Measures paragraphs. One per thread (the style checker keeps a memo per thread); the
    sentence caches below it are shared."""

    def __init__(self, checker: StyleChecker | None = None) -> None:
        self._scorer = SentimentScorer()
        self._checker = checker or shared_style_checker()
        self._emotions = EmotionModel.load()

    def measure(self, text: str) -> ParagraphMetrics:
        if not text.strip():
            return ParagraphMetrics(
                ReadabilityCounts(),
                SentimentCounts(),
                HumannessCounts(),
                EmotionCounts(),
                len(text),
                0,
                is_blank=True,
            )
        # Human-ness counts AI tells whatever the writer hides in the view; the other kinds
        # (the costlier sentence rules) play no part in it.
        findings = self._checker.check_paragraph(text, _MACHINE_HABITS)
        return ParagraphMetrics(
            readability=count_readability(text),
            sentiment=self._scorer.count(text),
            humanness=count_humanness(text, findings),
            emotion=self._emotions.count(text),
            characters=len(text),
            characters_no_spaces=len("".join(text.split())),
            is_blank=False,
        )


@dataclass(frozen=True, slots=True)
class DocumentReport:
    readability: Readability
    sentiment: Sentiment
    counts: Counts
    humanness: Humanness
    emotion: EmotionScore

    def to_dict(self) -> dict:
        sentiment = asdict(self.sentiment)
        sentiment["drivers"] = [{"word": w, "valence": v} for w, v in self.sentiment.drivers]
        counts_dict = asdict(self.counts)
        counts_dict["reading_minutes"] = self.counts.reading_minutes
        return {
            "readability": asdict(self.readability),
            "sentiment": sentiment,
            "counts": counts_dict,
            "humanness": asdict(self.humanness),
        }


class DocumentAnalyzer:
    def __init__(self, measurer: ParagraphMeasurer | None = None) -> None:
        self._measurer = measurer or ParagraphMeasurer()
        self._cache: OrderedDict[str, ParagraphMetrics] = OrderedDict()
        self.reset([""])

    # --- changing the lines -------------------------------------------------------------

    def reset(self, lines: Sequence[str], measured: bool = True) -> None:
        """Start over with these lines; measured=False leaves them pending."""
        self._texts: list[str] = []
        self._metrics: list[ParagraphMetrics | None] = []
        self._readability = ReadabilityCounts()
        self._humanness = HumannessCounts()
        self._emotion = EmotionCounts()
        self._sentiment = [0, 0.0, 0.0, 0.0, 0.0]
        self._drivers: dict[str, list] = {}
        self._characters = 0
        self._characters_no_spaces = 0
        self._paragraphs = 0
        self.pending_count = 0
        self.offsets = LineIndex([])  # where each line starts, in Python and UTF-16 units
        self.replace_lines(0, 0, lines, pending=not measured)

    def replace_lines(
        self, first: int, removed: int, new_lines: Sequence[str], pending: bool = False
    ) -> None:
        """Lines first .. first+removed-1 become new_lines. Costs the changed lines only."""
        if not 0 <= first <= len(self._texts) or not 0 <= removed <= len(self._texts) - first:
            raise IndexError(f"cannot replace {removed} lines at {first} of {len(self._texts)}")
        for old in self._metrics[first : first + removed]:
            if old is None:
                self.pending_count -= 1
            else:
                self._apply(old, -1)
        metrics: list[ParagraphMetrics | None] = []
        for text in new_lines:
            m = self._cached(text, measure=not pending)
            if m is None:
                self.pending_count += 1
            else:
                self._apply(m, +1)
            metrics.append(m)
        self._texts[first : first + removed] = new_lines
        self._metrics[first : first + removed] = metrics
        self.offsets.replace(first, removed, new_lines)

    def fill(self, first: int, texts: Sequence[str], metrics: Sequence[ParagraphMetrics]) -> int:
        """Numbers measured elsewhere for lines first.. ; lines whose text changed are skipped."""
        filled = 0
        for offset, (text, m) in enumerate(zip(texts, metrics, strict=True)):
            self._remember(text, m)
            index = first + offset
            if (
                index < len(self._texts)
                and self._metrics[index] is None
                and self._texts[index] == text
            ):
                self._metrics[index] = m
                self._apply(m, +1)
                self.pending_count -= 1
                filled += 1
        return filled

    def pending_lines(self) -> list[tuple[int, str]]:
        """Lines still waiting to be measured. Walks the document: for the end of a bulk job."""
        return [(i, self._texts[i]) for i, m in enumerate(self._metrics) if m is None]

    # --- reading ------------------------------------------------------------------------

    @property
    def line_count(self) -> int:
        return len(self._texts)

    def text(self, index: int) -> str:
        return self._texts[index]

    def texts(self) -> set[str]:
        """The line texts of the document as it stands."""
        return set(self._texts)

    def paragraph(self, index: int) -> ParagraphMetrics | None:
        return self._metrics[index]

    def report(self) -> DocumentReport:
        weight, compound, positive, negative, neutral = self._sentiment
        return DocumentReport(
            readability=readability(self._readability),
            sentiment=summarize(
                weight,
                compound,
                positive,
                negative,
                neutral,
                self._drivers,  # word -> [valence, count]; read, not copied
            ),
            counts=counts(
                words=self._readability.words,
                sentences=self._readability.sentences,
                paragraphs=self._paragraphs,
                characters=self._characters,
                characters_no_spaces=self._characters_no_spaces,
            ),
            humanness=humanness(self._humanness),
            emotion=self._emotion.score(),
        )

    def paragraph_report(self, index: int) -> DocumentReport:
        """The same figures for one paragraph (measured now if it is still pending)."""
        m = self._metrics[index] or self._cached(self._texts[index], measure=True)
        s = m.sentiment
        return DocumentReport(
            readability=readability(m.readability),
            sentiment=summarize(
                s.weight,
                s.compound_sum,
                s.positive_sum,
                s.negative_sum,
                s.neutral_sum,
                {w: (v, n) for w, v, n in s.drivers},
            ),
            counts=counts(
                words=m.readability.words,
                sentences=m.readability.sentences,
                paragraphs=0 if m.is_blank else 1,
                characters=m.characters,
                characters_no_spaces=m.characters_no_spaces,
            ),
            humanness=humanness(m.humanness),
            emotion=m.emotion.score(),
        )

    def emotion_series(self) -> list[tuple[int, EmotionCounts]]:
        """(line, emotion counts) of each measured non-blank paragraph, in order, for the
        emotional arc (walks the document; called on a timer, never per keystroke)."""
        return [(i, m.emotion) for i, m in enumerate(self._metrics)
                if m is not None and not m.is_blank]

    def sentiment_series(self) -> list[float]:
        """Compound score of each measured non-blank paragraph, in order (walks the document)."""
        return [m.compound for m in self._metrics if m is not None and not m.is_blank]

    # --- internals ----------------------------------------------------------------------

    def _cached(self, text: str, measure: bool) -> ParagraphMetrics | None:
        m = self._cache.get(text)
        if m is not None:
            self._cache.move_to_end(text)
            return m
        if not text.strip():
            return self._measurer.measure(text)
        if not measure:
            return None
        m = self._measurer.measure(text)
        self._remember(text, m)
        return m

    def _remember(self, text: str, m: ParagraphMetrics) -> None:
        self._cache[text] = m
        forget_stale(self._cache, len(self._texts), self.texts, limit=_CACHE_SIZE)

    def _apply(self, m: ParagraphMetrics, sign: int) -> None:
        if m.is_blank:
            self._characters += sign * m.characters
            return
        if sign > 0:
            self._readability = self._readability + m.readability
            self._humanness = self._humanness + m.humanness
            self._emotion = self._emotion + m.emotion
        else:
            self._readability = self._readability - m.readability
            self._humanness = self._humanness - m.humanness
            self._emotion = self._emotion - m.emotion
        s = m.sentiment
        acc = self._sentiment
        acc[0] += sign * s.weight
        acc[1] += sign * s.compound_sum
        acc[2] += sign * s.positive_sum
        acc[3] += sign * s.negative_sum
        acc[4] += sign * s.neutral_sum
        for word, valence, n in s.drivers:
            entry = self._drivers.setdefault(word, [valence, 0])
            entry[1] += sign * n
            if entry[1] <= 0:
                del self._drivers[word]
        self._characters += sign * m.characters
        self._characters_no_spaces += sign * m.characters_no_spaces
        self._paragraphs += sign


def analyze_text(text: str) -> DocumentReport:
    """The whole document's report, measured from scratch (the command line, tests)."""
    analyzer = DocumentAnalyzer()
    analyzer.reset(split_lines(text))
    return analyzer.report()
