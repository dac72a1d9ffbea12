"""The writer's voice in the window: the gauge and its explanations, Teach My Voice…, quiet
`voice` suggestions, "My voice" and custom tones in the tone box, and forgetting."""

from __future__ import annotations

from pathlib import Path

from app.core.prompts import TONES
from app.core.voice import VoiceStore, learn_files
from app.core.voice.guide import MY_VOICE

VOICES = Path(__file__).resolve().parents[2] / "data" / "voices"


def _samples(writer: str) -> list[str]:
    return [str(p) for p in sorted(VOICES.glob(f"{writer}_[123]_*.txt"))]


def _held_out(writer: str) -> str:
    return next(VOICES.glob(f"{writer}_4_*.txt")).read_text()


def _gauge_text(w) -> str:
    return w.gauges.voice.value.text() + " " + w.gauges.voice.differences.text()


def test_without_a_profile_the_gauge_says_how_to_make_one(window):
    w = window()
    assert "No voice profile yet" in _gauge_text(w)
    assert "Teach My Voice" in _gauge_text(w)
    tones = [w.model.bar.tone.itemData(i) for i in range(w.model.bar.tone.count())]
    assert tones == list(TONES)


def test_teaching_a_voice_in_the_dialog_fills_the_gauge_and_offers_my_voice(window, qtbot):
    w = window()
    w.editor.setPlainText(_held_out("jo"))
    dialog = w.voice.teach()
    dialog.name.setText("Jo")
    dialog.add_files(_samples("jo"))
    dialog.add_files(_samples("jo"))  # the same files twice are one sample each
    assert dialog.samples.count() == 3
    assert dialog.start_learning()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=20_000)
    assert "Learned “Jo”" in dialog.status.text()
    assert VoiceStore().active_name() == "Jo"
    assert "(active)" in dialog.profiles.item(0).text()
    assert "Sentences:" in dialog.details.text()  # what was measured, in words
    qtbot.waitUntil(lambda: "document" in w.gauges.voice.value.text()
                    and "/100" in w.gauges.voice.value.text(), timeout=10_000)
    tones = [w.model.bar.tone.itemData(i) for i in range(w.model.bar.tone.count())]
    assert tones == [*TONES, MY_VOICE]


def test_the_gauge_scores_the_writer_above_another_and_explains_the_difference(window, qtbot):
    store = VoiceStore()
    store.save(learn_files(_samples("jo"), name="Jo"))
    w = window()
    w.editor.setPlainText(_held_out("jo"))
    qtbot.waitUntil(lambda: w.voice.tracker.document_match() is not None, timeout=10_000)
    own = w.voice.tracker.document_match().score
    w.editor.setPlainText(_held_out("helen"))
    qtbot.waitUntil(lambda: w.voice.tracker.document_match().score != own, timeout=10_000)
    other = w.voice.tracker.document_match()
    assert own > other.score
    w.voice.show_gauge()
    text = _gauge_text(w)
    assert f"{other.score}/100 document" in text
    assert other.differences and other.differences[0].text[1:] in text


def test_far_sentences_become_quiet_voice_suggestions_and_go_with_the_profile(window, qtbot):
    store = VoiceStore()
    store.save(learn_files(_samples("jo"), name="Jo"))
    w = window()
    w.editor.setPlainText(_held_out("helen"))

    def voice_cards():
        return [s for s in w.review.review.suggestions if s.kind == "voice"]

    qtbot.waitUntil(lambda: bool(voice_cards()), timeout=20_000)
    card = voice_cards()[0]
    assert card.family == "machine" and card.replacement is None
    assert "your" in card.reason.lower()
    w.review.set_goal("edit")  # an editing goal: voice suggestions are not shown
    qtbot.waitUntil(lambda: not voice_cards(), timeout=10_000)
    w.review.set_goal("humanize")
    qtbot.waitUntil(lambda: bool(voice_cards()), timeout=10_000)
    store.set_active(None)
    w.voice.refresh()
    qtbot.waitUntil(lambda: not voice_cards(), timeout=10_000)


def test_my_voice_rewrites_go_to_the_model_with_a_resolver(window, qtbot):
    store = VoiceStore()
    store.save(learn_files(_samples("jo"), name="Jo"))
    w = window()
    w.voice.refresh()
    bar = w.model.bar
    bar.tone.setCurrentIndex(bar.tone.findData(MY_VOICE))
    assert w.settings.tone == MY_VOICE
    w.editor.setPlainText("It is important to note that the trip was moved to next Friday.")
    w.editor.selectAll()
    assert w.model.rewrite_selection()
    service = w.model.service
    assert service.requests[-1][1] == MY_VOICE
    resolved = service.resolvers[-1](MY_VOICE, service.requests[-1][0])
    assert resolved.profile.name == "Jo" and resolved.guide.voice_lines


def test_a_custom_tone_saved_in_the_dialog_joins_the_tone_box(window, qtbot):
    w = window()
    dialog = w.voice.manage_tones()
    dialog.name.setText("Dry")
    dialog.description.setText("short and understated")
    assert not dialog.save()  # no examples yet: the dialog says what is missing
    assert "example" in dialog.problems.text().lower()
    dialog.befores[0].setPlainText("We are absolutely thrilled to share this news!")
    dialog.afters[0].setPlainText("Some news.")
    dialog.befores[1].setPlainText("The launch was an incredible success for the team.")
    dialog.afters[1].setPlainText("The launch went fine.")
    assert dialog.save()
    tones = [w.model.bar.tone.itemData(i) for i in range(w.model.bar.tone.count())]
    assert tones[-1] == "Dry"
    dialog.name.setText("Natural")
    assert not dialog.save() and "already" in dialog.problems.text()
    assert VoiceStore().load_tone("Dry").examples[1].after == "The launch went fine."


def test_forget_my_writing_data_removes_the_voice_too(window, qtbot, monkeypatch):
    from app.ui.dialogs import preferences, prompts

    store = VoiceStore()
    store.save(learn_files(_samples("jo"), name="Jo"))
    w = window()
    monkeypatch.setattr(prompts, "ask", lambda *a, **k: prompts.Button.Yes)
    dialog = preferences.PreferencesDialog(w.settings, w.feedback, w)
    dialog._forget()
    assert VoiceStore().profile_names() == [] and VoiceStore().active_name() is None
    w.voice.refresh()
    assert "No voice profile yet" in _gauge_text(w)
