"""General writing to measure a voice against: the counts of our own samples.

A voice is what a writer does more or less often than people in general. "People in general"
here is app/resources/voice/reference.json: the VoiceCounts of the human- and machine-written
samples in tests/data (written for this project, about 12,000 words), with two-word phrases
kept only where they occur twice or more. The machine-written half is there on purpose: a
writer's profile should stand apart from generated prose too. Word frequencies blend these
counts with the rank list of wordlists.COMMON_ENGLISH, which covers the common words evenly
where 12,000 words of samples cannot.

Rebuild the file after changing the samples or the counting:
    python -m app.core.voice.reference tests/data/human tests/data/machine
tests/core/test_voice.py checks that the shipped file is what that command writes.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import app.core.voice.wordlists as wordlists
from app.core.voice.counts import VoiceCounts, count_text, sum_counts

REFERENCE_FILE = ("voice", "reference.json")
MIN_PAIR_COUNT = 2
_FLOOR = 0.1  # pseudo-count for a word the samples never use


def reference_from_texts(texts: Iterable[str]) -> VoiceCounts:
    counts = sum_counts(count_text(t) for t in texts)
    pairs = {p: n for p, n in counts.pairs.items() if n >= MIN_PAIR_COUNT}
    return replace(counts, pairs=MappingProxyType(pairs))


@functools.cache
def reference() -> VoiceCounts:
    """The shipped reference counts (read once)."""
    from app.paths import resource_path

    path = resource_path(*REFERENCE_FILE)
    return VoiceCounts.from_dict(json.loads(path.read_text(encoding="utf-8"))["counts"])


@functools.cache
def _reference_words() -> tuple[dict[str, int], int]:
    ref = reference()
    return dict(ref.vocabulary), max(1, ref.words)


@functools.lru_cache(maxsize=1 << 16)
def word_frequency(word: str) -> float:
    """Share of running words that are `word` (folded) in general writing: half from the rank
    list, half from the reference samples."""
    counts, total = _reference_words()
    return 0.5 * wordlists.general_frequency(word) + 0.5 * (counts.get(word, 0) + _FLOOR) / total


def pair_frequency(pair: str) -> float:
    """Share of word pairs that are `pair` ("a bit") in the reference samples; 0 when the
    samples have it fewer than MIN_PAIR_COUNT times."""
    ref = reference()
    return ref.pairs.get(pair, 0) / max(1, ref.words)


def write_reference(folders: Iterable[Path], out: Path) -> VoiceCounts:
    texts = [p.read_text(encoding="utf-8") for f in folders for p in sorted(Path(f).glob("*.txt"))]
    counts = reference_from_texts(texts)
    data = {"about": "VoiceCounts of the samples in tests/data; see app/core/voice/reference.py",
            "texts": len(texts), "counts": counts.to_dict()}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return counts


if __name__ == "__main__":
    from app.paths import resource_path

    write_reference([Path(a) for a in sys.argv[1:]], resource_path(*REFERENCE_FILE))
