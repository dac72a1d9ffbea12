"""Word and phrase swaps that move a paragraph toward a feeling ("Make it feel…").

The list lives in app/resources/lexicons/emotion_swaps.toml (its header gives the format).
Each target ("warmer", "calmer", …) names the emotions it raises and lowers; its score on a
text is the sum of the raised emotions' scores minus the sum of the lowered ones, from the
emotion model, so a candidate's `delta` says how far a rewrite moves the paragraph.

`swap_candidates` finds every swap for the target in a paragraph (longest phrase first, no
two overlapping) and returns rewrites: the single swaps, the best combination found greedily,
and all of them at once, each with its measured change, best first. The language model ranks
them by fluency and the usual checks decide what the writer sees.
"""

from __future__ import annotations

import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from app.core.analysis.emotion import LABELS, EmotionModel, EmotionScore

SWAPS_FILE = ("lexicons", "emotion_swaps.toml")


class SwapListError(ValueError):
    """The swap list is missing or malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class FeelingTarget:
    name: str
    raises: tuple[str, ...]
    lowers: tuple[str, ...]

    def score(self, scores: dict[str, float]) -> float:
        return sum(scores[e] for e in self.raises) - sum(scores[e] for e in self.lowers)


@dataclass(frozen=True, slots=True)
class Swap:
    phrase: str
    replacements: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SwapList:
    targets: dict[str, FeelingTarget]
    swaps: tuple[Swap, ...]

    def for_target(self, target: str) -> tuple[Swap, ...]:
        return tuple(s for s in self.swaps if target in s.targets)


@dataclass(frozen=True, slots=True)
class AppliedSwap:
    start: int  # offsets in the original paragraph
    end: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class SwapCandidate:
    text: str
    swaps: tuple[AppliedSwap, ...]
    target: str
    before: EmotionScore  # the paragraph's aggregate emotion, before and after
    after: EmotionScore
    delta: float  # change in the target's score (raised minus lowered emotions)

    def moved(self, emotion: str) -> float:
        return self.after.scores[emotion] - self.before.scores[emotion]


_loaded: SwapList | None = None
_lock = threading.Lock()


def load_swaps(path: Path | None = None) -> SwapList:
    """The shipped list (cached), or the one in `path`."""
    global _loaded
    if path is not None:
        return _parse(Path(path))
    with _lock:
        if _loaded is None:
            from app.paths import resource_path

            _loaded = _parse(resource_path(*SWAPS_FILE))
        return _loaded


def _parse(path: Path) -> SwapList:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SwapListError(f"{path.name}: {error}") from error
    targets = {}
    for name, spec in data.get("targets", {}).items():
        raises, lowers = tuple(spec.get("raise", ())), tuple(spec.get("lower", ()))
        unknown = set(raises + lowers) - set(LABELS)
        if unknown or not (raises or lowers):
            raise SwapListError(f"{path.name}: target {name!r} needs emotions from {LABELS}")
        targets[name] = FeelingTarget(name, raises, lowers)
    swaps = []
    for i, entry in enumerate(data.get("swap", ()), 1):
        phrase = entry.get("phrase", "").strip()
        replace = entry.get("replace")
        names = tuple(entry.get("targets", ()))
        if not phrase or not isinstance(replace, list) or not replace:
            raise SwapListError(f"{path.name}: swap {i} needs a phrase and a replace list")
        if not names or set(names) - set(targets):
            raise SwapListError(f"{path.name}: swap {i} ({phrase!r}) names unknown targets")
        swaps.append(Swap(phrase, tuple(replace), names))
    return SwapList(targets, tuple(swaps))


def _pattern(phrase: str) -> re.Pattern[str]:
    parts = [re.escape(word).replace("'", "['’]") for word in phrase.split()]
    return re.compile(r"(?<![\w'’])" + r"\s+".join(parts) + r"(?![\w'’])", re.IGNORECASE)


_patterns: dict[str, re.Pattern[str]] = {}


def find_swaps(text: str, swaps: tuple[Swap, ...]) -> list[tuple[int, int, Swap]]:
    """Where the swaps apply: longest phrase first, never two over the same characters."""
    found = []
    for swap in sorted(swaps, key=lambda s: -len(s.phrase)):
        pattern = _patterns.get(swap.phrase)
        if pattern is None:
            pattern = _patterns.setdefault(swap.phrase, _pattern(swap.phrase))
        for match in pattern.finditer(text):
            a, b = match.span()
            if all(b <= x or a >= y for x, y, _ in found):
                found.append((a, b, swap))
    return sorted(found, key=lambda item: item[0])


def apply_swaps(text: str,
                chosen: list[tuple[int, int, str]]) -> tuple[str, tuple[AppliedSwap, ...]]:
    """The text with each (start, end, replacement) applied, and what changed.

    At the start of a sentence a replacement takes a capital; elsewhere it is used as written
    ("I have had enough" -> "this needs to stop" after a comma). An empty replacement takes a
    following space (and comma) with it, or the space before it when punctuation follows; if it
    started a sentence, the next word gets the capital.
    """
    pieces: list[str] = []
    applied = []
    pos = 0
    capitalise = False

    def emit(piece: str) -> None:
        nonlocal capitalise
        if capitalise and piece:
            piece = piece[0].upper() + piece[1:]
            capitalise = False
        pieces.append(piece)

    for start, end, replacement in sorted(chosen):
        if start < pos:
            continue  # overlaps a deletion that took its space
        emit(text[pos:start])
        at_sentence_start = _sentence_start(text, start)
        if replacement:
            if at_sentence_start and replacement[:1].islower():
                replacement = replacement[0].upper() + replacement[1:]
            emit(replacement)
        else:
            while end < len(text) and text[end] in ", ":
                end += 1
            if end < len(text) and text[end] in ".!?;:" and pieces and pieces[-1].endswith(" "):
                pieces[-1] = pieces[-1][:-1]
            capitalise = at_sentence_start
        applied.append(AppliedSwap(start, end, text[start:end], replacement))
        pos = end
    emit(text[pos:])
    return re.sub(r"  +", " ", "".join(pieces)), tuple(applied)


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?…:\"”’)"


def swap_candidates(text: str, target: str, model: EmotionModel | None = None,
                    swaps: SwapList | None = None, limit: int = 6,
                    only_improving: bool = True) -> list[SwapCandidate]:
    """Rewrites of `text` toward `target` from the swap list, best first (see module doc)."""
    model = model or EmotionModel.load()
    swaps = swaps or load_swaps()
    goal = swaps.targets.get(target)
    if goal is None:
        raise KeyError(f"no feeling target {target!r}; there are {', '.join(swaps.targets)}")
    before = model.score_paragraph(text).emotion
    base = goal.score(before.scores)
    places = find_swaps(text, swaps.for_target(target))
    tried: dict[str, SwapCandidate] = {}

    def measure(chosen: list[tuple[int, int, str]]) -> SwapCandidate:
        new_text, applied = apply_swaps(text, chosen)
        if new_text not in tried:
            after = model.score_paragraph(new_text).emotion
            tried[new_text] = SwapCandidate(new_text, applied, target, before, after,
                                            goal.score(after.scores) - base)
        return tried[new_text]

    singles = []
    for start, end, swap in places:
        options = [measure([(start, end, r)]) for r in swap.replacements]
        best = max(options, key=lambda c: c.delta)
        singles.append(((start, end, best.swaps[0].after), best.delta))
    chosen: list[tuple[int, int, str]] = []
    score = 0.0
    for choice, _ in sorted(singles, key=lambda item: -item[1]):
        trial = measure([*chosen, choice])
        if trial.delta > score:
            chosen.append(choice)
            score = trial.delta
    if places:
        measure([(a, b, swap.replacements[0]) for a, b, swap in places])
    candidates = sorted(tried.values(), key=lambda c: -c.delta)
    if only_improving:
        candidates = [c for c in candidates if c.delta > 0]
    return candidates[:limit]
