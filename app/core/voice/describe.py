"""A profile in words: what `voice learn` and `voice show` print, and the window can show."""

from __future__ import annotations

import app.core.voice.features as features
import app.core.voice.reference as reference
from app.core.voice.profile import VoiceProfile, favourite_phrases, favourite_words
from app.core.voice.wordlists import OPENERS

OTHER_OPENER = OPENERS[-1]  # "another word": mostly nouns and names, says little
_FORMALITY_WORDS = ((80, "formal"), (60, "fairly formal"), (40, "neutral"), (20, "fairly casual"))


def formality_word(value: float) -> str:
    for floor, word in _FORMALITY_WORDS:
        if value >= floor:
            return word
    return "casual"


def describe_profile(profile: VoiceProfile) -> list[str]:
    """One line per kind of habit, with general writing's figure beside the writer's."""
    c, ref = profile.counts, reference.reference()
    if not c.words:
        return ["No words measured yet."]
    mean, spread = features.sentence_length(c)
    short = features.HABITS_BY_NAME["short_sentences"].rate(c)
    long_ = features.HABITS_BY_NAME["long_sentences"].rate(c)
    samples = "sample" if profile.sample_count == 1 else "samples"
    lines = [
        f"Learned from {profile.sample_count} {samples}: {c.words:,} words, "
        f"{c.sentences:,} sentences, {c.paragraphs:,} paragraphs.",
        f"Sentences: {mean:.0f} words on average (general writing: "
        f"{features.sentence_length(ref)[0]:.0f}), spread {spread:.0f}; "
        f"{short:.0f}% very short, {long_:.0f}% long.",
        f"Paragraphs: {features.paragraph_length(c)[0]:.0f} words on average; "
        f"words: {features.word_length(c):.1f} letters on average.",
    ]
    per_words = [h for h in features.RATE_HABITS if h.per == "words"]
    per_sentences = [h for h in features.RATE_HABITS if h.per == "sentences"
                     and h.name not in ("short_sentences", "long_sentences")]
    lines.append("Per 1,000 words (general writing in brackets): " + "; ".join(
        f"{h.label} {h.rate(c):.0f} ({h.rate(ref):.0f})" for h in per_words) + ".")
    lines.append("Per 100 sentences: " + "; ".join(
        f"{h.label} {h.rate(c):.0f} ({h.rate(ref):.0f})" for h in per_sentences) + ".")
    openers = [(k, v) for k, v in features.opener_shares(c).items() if k != OTHER_OPENER][:4]
    if openers:
        lines.append("Sentences most often open with: " + ", ".join(
            f"{label} ({share:.0%})" for label, share in openers) + ".")
    span = features.ease_range(c)
    ease = f"reading ease {features.ease(c):.0f}" if c.ease_words else "reading ease not measured"
    if span:
        ease += f" (most paragraphs {span[0]:.0f} to {span[1]:.0f})"
    formality = features.formality(c)
    lines.append(f"Readability: {ease}; formality {formality:.0f}/100 "
                 f"({formality_word(formality)}).")
    words = favourite_words(profile, 8)
    phrases = favourite_phrases(profile, 6)
    lines.append("Favourite words: " + (", ".join(
        f"{f.text} ({f.times_general:.0f}×)" for f in words) if words else "none stand out yet")
                 + ".")
    lines.append("Favourite phrases: " + (", ".join(f"“{f.text}”" for f in phrases)
                                          if phrases else "none stand out yet") + ".")
    return lines
