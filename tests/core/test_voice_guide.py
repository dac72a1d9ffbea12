"""Tones beyond the presets: "My voice" and the writer's own, as prompts and rankings."""

from __future__ import annotations

from pathlib import Path

from app.core.prompts import TONES, build_rewrite_prompt
from app.core.voice import CustomTone, ExamplePair, VoiceStore, learn_files
from app.core.voice.guide import MY_VOICE, resolve_tone, tone_names, voice_description

VOICES = Path(__file__).resolve().parents[1] / "data" / "voices"


def _store(tmp_path: Path, writer: str = "jo") -> VoiceStore:
    store = VoiceStore(tmp_path / "voice")
    store.save(learn_files(sorted(VOICES.glob(f"{writer}_[123]_*.txt")), name=writer))
    return store


def test_my_voice_is_offered_only_with_an_active_profile(tmp_path):
    store = VoiceStore(tmp_path / "voice")
    assert tone_names(store) == list(TONES)
    store = _store(tmp_path)
    assert tone_names(store) == [*TONES, MY_VOICE]
    store.set_active(None)
    assert MY_VOICE not in tone_names(store)
    assert resolve_tone(MY_VOICE, "Some text to rewrite here.", store).missing


def test_my_voice_prompt_shows_the_writers_own_closest_sentences(tmp_path):
    store = _store(tmp_path)
    text = "The museum trip with the school was long, and the coach broke down on the way."
    resolved = resolve_tone(MY_VOICE, text, store)
    assert resolved.tone == "Natural" and resolved.profile is not None
    guide = resolved.guide
    assert guide is not None and 1 <= len(guide.voice_lines) <= 3
    samples = " ".join(" ".join(p.read_text().split()) for p in VOICES.glob("jo_[123]_*.txt"))
    for line in guide.voice_lines:
        assert line in samples  # the writer's own sentences, word for word
    for style in ("base", "chat"):
        prompt = build_rewrite_prompt(text, resolved.tone, style, guide=guide)
        shown = prompt.text or " ".join(c for _r, c in prompt.messages)
        assert all(line in shown for line in guide.voice_lines)
        assert "writer's own voice" in shown
        assert shown.rstrip().endswith(("Rewrite (my voice):", text))


def test_voice_description_follows_the_profile(tmp_path):
    casual = _store(tmp_path / "a", "jo").active_profile()
    formal = _store(tmp_path / "b", "helen").active_profile()
    assert "contractions" in voice_description(casual)
    assert voice_description(casual) != voice_description(formal)


def test_a_custom_tone_brings_its_examples_then_the_presets_fill_in(tmp_path):
    store = VoiceStore(tmp_path / "voice")
    store.save_tone(CustomTone("Dry", "short and understated", (
        ExamplePair("We are absolutely thrilled to share this amazing news!",
                    "Some news."),
        ExamplePair("The event was an incredible success for everyone involved.",
                    "It went fine."))))
    assert tone_names(store) == [*TONES, "Dry"]
    resolved = resolve_tone("Dry", "It is important to note that the shop opens at nine.", store)
    assert resolved.profile is None and resolved.guide.name == "Dry"
    prompt = build_rewrite_prompt("It is important to note that the shop opens at nine.",
                                  resolved.tone, "base", guide=resolved.guide)
    lines = prompt.text.splitlines()
    assert "Tone: Dry, short and understated." in lines[0]
    assert lines[2:4] == ["Original: We are absolutely thrilled to share this amazing news!",
                          "Rewrite (dry): Some news."]
    assert prompt.text.count("Original:") == 4  # two of its own, one preset, then the text
    assert lines[-1] == "Rewrite (dry):"


def test_a_document_tone_sounds_like_its_document_and_ranks_by_it(tmp_path):
    store = VoiceStore(tmp_path / "voice")
    document = sorted(VOICES.glob("helen_1_*.txt"))[0]
    store.save_tone(CustomTone("Council", "like the council's letters", (), str(document)))
    resolved = resolve_tone("Council", "The road will be closed next week for repairs.", store)
    assert resolved.profile is not None and resolved.guide.voice_lines
    words = " ".join(document.read_text().split())
    assert all(line in words for line in resolved.guide.voice_lines)
    stored = " ".join(p.read_text() for p in (tmp_path / "voice").rglob("*.json"))
    assert resolved.guide.voice_lines[0] not in stored


def test_a_tone_that_is_gone_falls_back_to_natural(tmp_path):
    store = VoiceStore(tmp_path / "voice")
    resolved = resolve_tone("Vanished", "Some text that wants a rewrite now.", store)
    assert resolved.missing and resolved.tone == "Natural" and resolved.guide is None
