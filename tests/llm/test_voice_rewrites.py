"""Rewrites in the writer's voice with the real model: the "My voice" prompt reaches it, and
the passing drafts come back closest to the profile first (true for any output)."""

from __future__ import annotations

from pathlib import Path

from app.core.voice import VoiceStore, learn_files, voice_distance
from app.core.voice.guide import MY_VOICE, resolve_tone
from app.llm.rewriter import Rewriter, rewrite_reason

VOICES = Path(__file__).resolve().parents[1] / "data" / "voices"
TEXTS = (
    "It is important to note that the school trip to the museum has been moved to Friday, "
    "and the coach will leave at nine.",
    "Our team is committed to leveraging cutting-edge tools in order to enhance the cooking "
    "experience for every customer.",
)


def test_my_voice_drafts_are_ranked_by_closeness_to_the_profile(engine, tmp_path):
    store = VoiceStore(tmp_path / "voice")
    store.save(learn_files(sorted(VOICES.glob("jo_[123]_*.txt")), name="Jo"))
    profile = store.active_profile()
    asked = []

    def resolve(tone, text):
        asked.append((tone, text))
        return resolve_tone(tone, text, store)

    rewriter = Rewriter(engine)
    for text in TEXTS:
        result = rewriter.rewrite(text, MY_VOICE, candidates=4, resolve=resolve)
        assert result.tone == MY_VOICE and result.drawn == 4
        distances = [voice_distance(profile, t) for t in result.texts]
        assert distances == sorted(distances)
        print(f"\n{len(result.texts)} of 4 drafts pass for: {text}")
        for t in result.texts:
            print("  ", round(voice_distance(profile, t), 2), t)
    assert asked == [(MY_VOICE, t) for t in TEXTS]
    assert "your voice" in rewrite_reason(MY_VOICE)
