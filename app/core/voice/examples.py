"""The writer's own sentences closest to a text, for the model's prompts.

The sentences are read from the profile's sample files when asked for (the profile stores no
text), and kept in memory per file until the file changes. A sentence is scored by topic and
by length:
* topic: the less common words (not on wordlists.COMMON_ENGLISH or FUNCTION_WORDS) that it
  shares with the text, each weighted by how rare it is in general writing (-log of its
  frequency), divided by the square root of the product of both sides' totals (a cosine);
* length: exp(-|log(sentence words / text's mean sentence words)|), 1 for the same length.
score = topic + LENGTH_WEIGHT * length. Sentences of MIN_WORDS to MAX_WORDS words only; the
same sentence is never given twice.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

import app.core.voice.reference as reference
import app.core.voice.wordlists as wordlists
from app.core.analysis.lexicon import WORD, fold
from app.core.document import split_sentences
from app.core.voice.counts import strip_markdown
from app.core.voice.profile import VoiceProfile

log = logging.getLogger(__name__)

LENGTH_WEIGHT = 0.3
MIN_WORDS, MAX_WORDS = 5, 60
_CACHE_FILES = 16


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    words: int
    topic: dict[str, float]  # less common word -> weight


_cache: dict[str, tuple[tuple[int, int], list[_Sentence]]] = {}


def closest_examples(profile: VoiceProfile, text: str, n: int = 3) -> list[str]:
    """Up to `n` of the writer's sentences closest in topic and length to `text`, closest
    first. Sample files that are gone or unreadable are skipped (and logged)."""
    target_words = [fold(w) for w in WORD.findall(text)]
    if not target_words or n <= 0:
        return []
    sentences = [s for path in profile.samples for s in _sentences_of(path)]
    if not sentences:
        return []
    spans = [s for line in text.split("\n") if line.strip() for s in split_sentences(line)]
    mean_length = len(target_words) / max(1, len(spans))
    target = _topic(target_words)
    target_norm = sum(target.values())
    scored = []
    for s in sentences:
        shared = sum(weight for word, weight in s.topic.items() if word in target)
        norm = math.sqrt(target_norm * sum(s.topic.values()))
        topic = shared / norm if norm else 0.0
        length = math.exp(-abs(math.log(s.words / mean_length)))
        scored.append((topic + LENGTH_WEIGHT * length, s.text))
    scored.sort(key=lambda item: -item[0])
    out: list[str] = []
    for _, sentence in scored:
        if sentence not in out:
            out.append(sentence)
            if len(out) == n:
                break
    return out


def _topic(words: list[str]) -> dict[str, float]:
    topic: dict[str, float] = {}
    for w in words:
        if wordlists.is_common(w) or w in wordlists.FUNCTION_WORDS or w[:1].isdigit():
            continue
        topic[w] = -math.log(reference.word_frequency(w))
    return topic


def _sentences_of(path: str) -> list[_Sentence]:
    try:
        stat = os.stat(path)
    except OSError as exc:
        log.info("Voice sample %s is not there any more: %s", path, exc)
        return []
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached and cached[0] == key:
        return cached[1]
    from app.core.fileio import FileReadError, read_text_file

    try:
        text = read_text_file(Path(path)).text
    except FileReadError as exc:
        log.info("Voice sample %s cannot be read: %s", path, exc)
        return []
    found = []
    for line in text.split("\n"):
        plain, _item, not_prose = strip_markdown(line)
        if not_prose or not plain:
            continue
        for span in split_sentences(plain):
            sentence = plain[span.start : span.end]
            words = [fold(w) for w in WORD.findall(sentence)]
            if MIN_WORDS <= len(words) <= MAX_WORDS:
                found.append(_Sentence(sentence, len(words), _topic(words)))
    if len(_cache) >= _CACHE_FILES:
        _cache.pop(next(iter(_cache)))
    _cache[path] = (key, found)
    return found
