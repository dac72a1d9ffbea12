"""Sentences far from the writer's voice, for quiet `voice` suggestions (family machine).

Conservative on purpose: a voice suggestion says "this does not sound like you", which is
only worth saying when it is clearly true. A sentence is returned only when
* the profile has at least MIN_PROFILE_WORDS words (a small profile knows too little),
* the sentence has at least MIN_SENTENCE_WORDS words,
* scored on its own (habits that need more than a sentence left out: paragraph length,
  reading ease, openers), it scores under FAR_SCORE, and
* one habit is clearly off (cost of at least CLEAR_COST: two standard deviations for the
  habits that count fully), which becomes the reason in words.
At most MAX_PER_PARAGRAPH sentences per paragraph, the farthest, in text order; when the
whole paragraph is far from the voice, only the farthest one (flagging every sentence of a
paragraph the writer did not write says nothing the gauge does not).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.core.document import split_sentences
from app.core.voice.counts import count_paragraph
from app.core.voice.explain import describe_term
from app.core.voice.match import combined_logit, matcher
from app.core.voice.profile import VoiceProfile

MIN_PROFILE_WORDS = 1000
MIN_SENTENCE_WORDS = 8
FAR_SCORE = 35
CLEAR_COST = 4.0
MAX_PER_PARAGRAPH = 2
_PARAGRAPH_ONLY = frozenset({"paragraph_length", "reading_ease", "openers"})


@dataclass(frozen=True, slots=True)
class FarSentence:
    start: int  # offsets into the paragraph (Python string indices)
    end: int
    text: str
    score: int  # the sentence's own "sounds like you" score
    feature: str  # the habit that is clearly off
    reason: str  # "Not quite your voice: your sentences are usually shorter (...)"


def far_sentences(profile: VoiceProfile, paragraph: str) -> list[FarSentence]:
    """The sentences of `paragraph` (one line) that are clearly far from the voice."""
    if profile.words < MIN_PROFILE_WORDS or not paragraph.strip():
        return []
    m = matcher(profile)
    found = []
    for span in split_sentences(paragraph):
        text = paragraph[span.start : span.end]
        counts = count_paragraph(text, phrases=False)
        if counts.words < MIN_SENTENCE_WORDS:
            continue
        terms = [t for t in m.terms(counts) if t.feature not in _PARAGRAPH_ONLY]
        w, share, _ = m.word_choice(counts)
        x = combined_logit(w, share, sum(t.cost for t in terms), counts.words)
        score = round(100 / (1 + math.exp(-x)))
        worst = max(terms, key=lambda t: t.cost, default=None)
        if score >= FAR_SCORE or worst is None or worst.cost < CLEAR_COST:
            continue
        reason = f"Not quite your voice: {describe_term(worst, 'sentence')}"
        found.append(FarSentence(span.start, span.end, text, score, worst.feature, reason))
    if not found:
        return []
    whole = m.match(paragraph)
    keep = 1 if whole.score < FAR_SCORE else MAX_PER_PARAGRAPH
    chosen = sorted(found, key=lambda f: f.score)[:keep]
    return sorted(chosen, key=lambda f: f.start)
