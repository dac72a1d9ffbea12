"""Tones beyond the presets, ready for a rewrite prompt: "My voice" (the active profile) and
the writer's custom tones.

    tone_names(store) -> list[str]           presets, "My voice" (with a profile), custom tones
    resolve_tone(name, text, store) -> ResolvedTone      the prompt's guide and the ranking voice

A guide carries what the prompt needs: a line saying what the tone sounds like, example pairs
(before -> after; a custom tone's own, otherwise the Natural preset's fill in), and the
writer's own sentences closest in topic and length to the text being rewritten (from the
profile's sample files, or a "sound like this document" tone's document). The candidates are
then ranked by how close they are to that voice (match.voice_distance).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.core.fileio import FileReadError
from app.core.prompts import TONE_DESCRIPTIONS, TONES, Example, ToneGuide
from app.core.voice import features
from app.core.voice.describe import formality_word
from app.core.voice.examples import closest_examples
from app.core.voice.profile import VoiceProfile
from app.core.voice.store import VoiceStore, VoiceStoreError
from app.core.voice.tones import CustomTone, tone_profile

log = logging.getLogger(__name__)

MY_VOICE = "My voice"
VOICE_LINES = 3  # the writer's sentences shown to the model: each costs prompt tokens


@dataclass(frozen=True, slots=True)
class ResolvedTone:
    tone: str  # a preset for the prompt's fixed part and the gate: the tone itself or Natural
    guide: ToneGuide | None  # None for a preset
    profile: VoiceProfile | None  # ranks the candidates, closest first; None: the gate's order
    missing: bool = False  # the tone is gone (deleted, no profile): Natural is used instead


def tone_names(store: VoiceStore, profile: bool | None = None) -> list[str]:
    """Every tone the writer can choose, presets first; "My voice" when a profile is active
    (or `profile` says there is one)."""
    names = list(TONES)
    if profile if profile is not None else store.active_name() is not None:
        names.append(MY_VOICE)
    names += [t.name for t in store.tones() if t.name not in names]
    return names


def voice_description(profile: VoiceProfile) -> str:
    """The profile in one line for an instruction: "in the writer's own voice: short
    sentences, contractions, fairly casual"."""
    c = profile.counts
    if not c.words:
        return "in the writer's own voice"
    mean, _spread = features.sentence_length(c)
    length = "short" if mean < 14 else "long" if mean > 22 else "medium-length"
    habits = [f"{length} sentences"]
    contractions = features.HABITS_BY_NAME.get("contractions")
    if contractions is not None:
        rate = contractions.rate(c)
        habits.append("contractions" if rate >= 10 else "few contractions")
    habits.append(formality_word(features.formality(c)))
    return "in the writer's own voice: " + ", ".join(habits)


def resolve_tone(name: str, text: str, store: VoiceStore,
                 profile: VoiceProfile | None = None) -> ResolvedTone:
    """What rewriting `text` in the tone `name` needs. Reads the store and sample files, so
    the model thread calls it, not the window. With a profile active (or `profile` given, as
    `check --voice NAME` does), every tone's candidates are ranked by closeness to the
    writer's voice; a document tone ranks by its document."""
    active = profile or store.active_profile()
    if name in TONE_DESCRIPTIONS:
        return ResolvedTone(name, None, active)
    if name == MY_VOICE:
        if active is None:
            return ResolvedTone("Natural", None, None, missing=True)
        guide = ToneGuide(MY_VOICE, voice_description(active),
                          voice_lines=tuple(closest_examples(active, text, VOICE_LINES)))
        return ResolvedTone("Natural", guide, active)
    try:
        tone = store.load_tone(name)
    except VoiceStoreError as exc:
        log.warning("The tone %r cannot be used: %s", name, exc)
        return ResolvedTone("Natural", None, active, missing=True)
    guide, own = _custom_guide(tone, text)
    return ResolvedTone("Natural", guide, own or active)


def _custom_guide(tone: CustomTone, text: str) -> tuple[ToneGuide, VoiceProfile | None]:
    profile = None
    lines: tuple[str, ...] = ()
    if tone.document:
        try:
            profile = tone_profile(tone)
        except FileReadError as exc:  # the document moved: the line and examples still work
            log.warning("The document of the tone %r cannot be read: %s", tone.name, exc)
        if profile is not None:
            lines = tuple(closest_examples(profile, text, VOICE_LINES))
    description = tone.description.strip() or (
        "like the writer's chosen document" if tone.document else "as in the examples")
    guide = ToneGuide(tone.name, description,
                      tuple(Example(p.before, p.after) for p in tone.examples), lines)
    return guide, profile
