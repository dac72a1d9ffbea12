"""Sounds like you: a voice profile learned from the writer's own writing.

Pure Python (no Qt, no model). The pieces, and what the window and the command line use:

Learning (profile.py, counts.py)
    learn(texts, name="", sources=()) -> VoiceProfile
    learn_files(paths, name="") -> VoiceProfile          raises FileReadError
    VoiceProfile.merged(other), .to_dict(), VoiceProfile.from_dict(data)
    favourite_words(profile, n), favourite_phrases(profile, n) -> list[Favourite]
    describe_profile(profile) -> list[str]                 what was measured, in words
    count_paragraph(line) -> VoiceCounts                   counts add up (+, -, sum_counts)

Matching (match.py, suggest.py, examples.py)
    match(profile, text, scope="document") -> VoiceMatch   score 0-100, label, differences
    match_counts(profile, counts, scope="paragraph") -> VoiceMatch   for the gauge's cache
    VoiceMatcher(profile)                                  the same, prepared once
    voice_distance(profile, candidate) -> float            lower = closer, to rank rewrites
    rank_candidates(profile, candidates) -> list[int]
    far_sentences(profile, paragraph) -> list[FarSentence] for quiet `voice` suggestions
    closest_examples(profile, text, n=3) -> list[str]      the writer's sentences for prompts

Tones and storage (tones.py, store.py)
    CustomTone(name, description, examples=(ExamplePair...), document=""), .problems()
    tone_profile(tone) -> VoiceProfile | None
    VoiceStore(folder=None): profile_names, profiles, load, save, delete, has,
        active_name, active_profile, set_active, tones, load_tone, save_tone, delete_tone
    forget_all(folder=None) -> int                         "Forget my writing data"

check --voice (report.py)
    voice_payload(profile, text) -> {"voice": {...}, "paragraph_voice": [...]}
    format_voice(profile, text) -> str

Suggestions made from far_sentences are of kind "voice" (family "machine", families.py).
"""

from app.core.voice.counts import VoiceCounts, count_paragraph, count_text, sum_counts
from app.core.voice.describe import describe_profile
from app.core.voice.examples import closest_examples
from app.core.voice.match import (
    Difference,
    VoiceMatch,
    VoiceMatcher,
    match,
    match_counts,
    rank_candidates,
    voice_distance,
)
from app.core.voice.profile import (
    Favourite,
    VoiceProfile,
    favourite_phrases,
    favourite_words,
    learn,
    learn_files,
)
from app.core.voice.report import format_voice, voice_payload
from app.core.voice.store import VoiceStore, VoiceStoreError, forget_all
from app.core.voice.suggest import FarSentence, far_sentences
from app.core.voice.tones import CustomTone, ExamplePair, tone_profile

SUGGESTION_KIND = "voice"

__all__ = [
    "SUGGESTION_KIND", "CustomTone", "Difference", "ExamplePair", "FarSentence", "Favourite",
    "VoiceCounts", "VoiceMatch", "VoiceMatcher", "VoiceProfile", "VoiceStore",
    "VoiceStoreError", "closest_examples", "count_paragraph", "count_text", "describe_profile",
    "far_sentences", "favourite_phrases", "favourite_words", "forget_all", "format_voice",
    "learn", "learn_files", "match", "match_counts", "rank_candidates", "sum_counts",
    "tone_profile", "voice_distance", "voice_payload",
]
