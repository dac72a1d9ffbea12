"""VoiceProfile: what a writer's own samples measure, and how it is learned.

A profile is a frozen, JSON-ready summary: the VoiceCounts summed over the samples (so two
profiles merge by adding, and a profile can be updated with new samples without the old ones),
in how many samples each word and two-word phrase appears (so a favourite is a habit, not one
text's topic), and the paths of the sample files. The samples themselves stay where they are;
closest_examples reads them again when it needs sentences.

Two-word phrases are kept only where they occur at least twice (MIN_PAIR_COUNT), which keeps a
profile of a 50,000-word sample to a few hundred kilobytes; after a merge a phrase can be
missing a count or two from each side.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import app.core.voice.reference as reference
import app.core.voice.wordlists as wordlists
from app.core.voice.counts import VoiceCounts, count_text, sum_counts

FORMAT_VERSION = 1
MIN_PAIR_COUNT = 2
FAVOURITE_MIN_COUNT = 3  # a favourite word or phrase occurs at least this often...
FAVOURITE_MIN_RATIO = 3.0  # ...this many times as often as in general writing...
# ...and in at least two samples when there are two or more, so one text's topic is not one.
_EMPTY: Mapping[str, int] = MappingProxyType({})
# The most frequent words: a phrase made only of these ("of the", "it was") is grammar, not a
# favourite.
_GRAMMAR_WORDS = frozenset(
    "the of and to a in is that it was for i on you he be with as by at have are this not but "
    "had his they from she which or we an there her were one do been all their has would will "
    "what if can when so no said who more about up them some could him into its then my me "
    "your our than".split()
)


# Pronouns have habits of their own (features.py); as favourites they would crowd out the rest.
_COUNTED_ELSEWHERE = wordlists.FIRST_SINGULAR | wordlists.FIRST_PLURAL | wordlists.SECOND_PERSON


@dataclass(frozen=True, slots=True)
class Favourite:
    """A word or phrase the writer uses far more often than general writing does."""

    text: str
    count: int
    per_1000_words: float
    times_general: float  # how many times as often as in general writing (capped at 99)


@dataclass(frozen=True, slots=True)
class VoiceProfile:
    name: str
    counts: VoiceCounts
    spread: Mapping[str, int] = field(default_factory=lambda: _EMPTY)  # word/phrase -> samples
    samples: tuple[str, ...] = ()  # absolute paths of the sample files
    sample_count: int = 0  # samples learned, files or pasted texts
    updated: str = ""  # ISO 8601, UTC

    @property
    def words(self) -> int:
        return self.counts.words

    def renamed(self, name: str) -> VoiceProfile:
        return VoiceProfile(name, self.counts, self.spread, self.samples, self.sample_count,
                            self.updated)

    def merged(self, other: VoiceProfile) -> VoiceProfile:
        """This profile updated with another's samples (this one's name)."""
        spread = dict(self.spread)
        for key, n in other.spread.items():
            spread[key] = spread.get(key, 0) + n
        samples = self.samples + tuple(s for s in other.samples if s not in self.samples)
        return VoiceProfile(self.name, self.counts + other.counts, MappingProxyType(spread),
                            samples, self.sample_count + other.sample_count, _now())

    def to_dict(self) -> dict:
        return {
            "format": FORMAT_VERSION,
            "name": self.name,
            "updated": self.updated,
            "sample_count": self.sample_count,
            "samples": list(self.samples),
            "counts": self.counts.to_dict(),
            "spread": dict(self.spread),
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> VoiceProfile:
        """Raises ValueError (or KeyError/TypeError) on data that is not a profile."""
        if int(data.get("format", 0)) > FORMAT_VERSION:
            raise ValueError("the profile was written by a newer version of Humanize")
        return cls(
            name=str(data["name"]),
            counts=VoiceCounts.from_dict(data["counts"]),
            spread=MappingProxyType({str(k): int(v) for k, v in dict(data["spread"]).items()}),
            samples=tuple(str(s) for s in data.get("samples", ())),
            sample_count=int(data.get("sample_count", 0)),
            updated=str(data.get("updated", "")),
        )


def learn(texts: Iterable[str], name: str = "", sources: Sequence[str | Path] = ()) -> VoiceProfile:
    """A profile of `texts` (each a sample: a document's whole text). `sources` are the paths
    the samples came from, kept so closest_examples can read them again."""
    per_sample = [count_text(t) for t in texts]
    spread: dict[str, int] = {}
    for c in per_sample:
        for key in c.vocabulary:
            spread[key] = spread.get(key, 0) + 1
        for key in c.pairs:
            spread[key] = spread.get(key, 0) + 1
    counts = sum_counts(per_sample)
    pairs = {p: n for p, n in counts.pairs.items() if n >= MIN_PAIR_COUNT}
    spread = {k: n for k, n in spread.items() if " " not in k or k in pairs}
    counts = replace(counts, pairs=MappingProxyType(pairs))
    paths = tuple(str(Path(s).expanduser().absolute()) for s in sources)
    return VoiceProfile(name, counts, MappingProxyType(spread), paths, len(per_sample), _now())


def learn_files(paths: Sequence[str | Path], name: str = "") -> VoiceProfile:
    """A profile of text files; raises app.core.fileio.FileReadError for one that cannot be
    read (the message names it)."""
    from app.core.fileio import read_text_file

    texts = [read_text_file(Path(p)).text for p in paths]
    return learn(texts, name, paths)


def favourite_words(profile: VoiceProfile, n: int = 10) -> list[Favourite]:
    """Words the writer uses at least FAVOURITE_MIN_RATIO times as often as general writing,
    most distinctive first (by how much more often, weighted by how often)."""
    return _favourites(profile, profile.counts.vocabulary, reference.word_frequency, n)


def favourite_phrases(profile: VoiceProfile, n: int = 10) -> list[Favourite]:
    """Two-word phrases the writer keeps using ("a bit", "next up"), as favourite_words."""
    candidates = {p: k for p, k in profile.counts.pairs.items()
                  if not set(p.split(" ")) <= _GRAMMAR_WORDS}
    return _favourites(profile, candidates, _phrase_frequency, n)


def _phrase_frequency(pair: str) -> float:
    first, second = pair.split(" ")
    independent = reference.word_frequency(first) * reference.word_frequency(second)
    return max(reference.pair_frequency(pair), 20 * independent)


def _favourites(profile: VoiceProfile, counts: Mapping[str, int], general, n: int
                ) -> list[Favourite]:
    words = profile.counts.words
    if not words:
        return []
    need_spread = 2 if profile.sample_count >= 2 else 1
    found = []
    for key, k in counts.items():
        if k < FAVOURITE_MIN_COUNT or profile.spread.get(key, 1) < need_spread:
            continue
        if key in _COUNTED_ELSEWHERE or any(ch.isdigit() for ch in key):
            continue
        ratio = (k / words) / general(key)
        if ratio >= FAVOURITE_MIN_RATIO:
            favourite = Favourite(key, k, round(1000 * k / words, 2), round(min(ratio, 99.0), 1))
            found.append((math.sqrt(k) * math.log(ratio), favourite))
    found.sort(key=lambda item: -item[0])
    return [f for _, f in found[:n]]


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
