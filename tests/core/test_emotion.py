"""The emotion model: it loads from the package, reads negation, emoji and hedges, its cues
point at the right characters, informational text stays calm, aggregates add up, and the
"Make it feel…" swaps move the target the right way. Every sentence here was written for
these tests."""

from __future__ import annotations

import pytest

from app.core.analysis.emotion import (
    ALL_LABELS,
    LABELS,
    NEUTRAL,
    EmotionCounts,
    EmotionModel,
    read_weights,
    valence_of,
)
from app.core.analysis.emotion_swaps import apply_swaps, find_swaps, load_swaps, swap_candidates
from app.core.analysis.emotion_text import features, tokens

MODEL = EmotionModel.load()


def test_weights_ship_inside_the_package_and_credit_xed():
    path = EmotionModel.weights_path()
    assert path.is_file()
    assert "app" in path.parts and "resources" in path.parts
    assert path.stat().st_size < 5_000_000
    assert "XED" in MODEL.training["data"]
    assert EmotionModel.load() is MODEL  # cached


def test_the_weights_are_read_piecewise_exactly_as_json_reads_them():
    import json

    text = EmotionModel.weights_path().read_text(encoding="utf-8")
    def plain(data: dict) -> dict:
        rows = {name: list(row) for name, row in data.pop("features").items()}
        return {**data, "features": rows}

    assert plain(read_weights(text)) == json.loads(text)
    spaced = ' {\n "bias" : [0.5] ,\t"features" : { "a b" : [1, 2] , "\\"" : [3, 4] } } \n'
    assert plain(read_weights(spaced)) == json.loads(spaced)
    for broken in ('{"a":1,}', '{"a":1', '{"features":{"x":[1],}}', '{"a":1 "b":2}',
                   '{"features":{"x":[1] "y":[2]}}', '[]', '{} extra',
                   '{"features":{"x":[1],"y":[1,2]}}', '{"features":{"x":["one"]}}',
                   '{"features":{"x":[1],"x":[2]}}', '{"features":{"x":3}}'):  # fmt: skip
        with pytest.raises(ValueError):
            read_weights(broken)


def test_scores_are_a_distribution_over_nine_labels():
    result = MODEL.score_sentence("We finally made it to the coast and I could not stop grinning.")
    assert set(result.scores) == set(ALL_LABELS)
    assert sum(result.scores.values()) == pytest.approx(1.0)
    assert 0.0 <= result.intensity <= 1.0


@pytest.mark.parametrize(
    ("plain", "negated"),
    [
        ("I am happy.", "I am not happy."),
        ("I am happy with the new flat.", "I am not happy with the new flat at all."),
    ],
)
def test_negation_flips_the_label_of_a_plain_sentence(plain, negated):
    assert MODEL.score_sentence(plain).label == "joy"
    after = MODEL.score_sentence(negated)
    assert after.label != "joy"
    assert after.scores["joy"] < MODEL.score_sentence(plain).scores["joy"] / 2


def test_emphatic_never_is_not_a_negation():
    scared = MODEL.score_sentence("I have never been so scared in my whole life.")
    assert scared.label == "fear"
    names = [f.name for f in features("never been so scared")]
    assert "scared" in names and "~scared" not in names and "never" not in names


def test_hedges_soften_and_intensifiers_strengthen():
    def sadness(text: str) -> float:
        return MODEL.score_sentence(text).scores["sadness"]

    assert sadness("I feel a bit sad today.") < sadness("I feel sad today.")
    assert sadness("I feel sad today.") < sadness("I feel so very sad today.")


@pytest.mark.parametrize(
    ("sentence", "emotion"),
    [
        ("We got the keys to the house 🎉", "joy"),
        ("Lost my wallet on the bus :(", "sadness"),
        ("They cancelled my order again 😡", "anger"),
        ("My grandad passed away last night 😢", "sadness"),
    ],
)
def test_emoji_and_emoticons_carry_their_feeling(sentence, emotion):
    with_face = MODEL.score_sentence(sentence)
    without = MODEL.score_sentence(sentence.rsplit(" ", 1)[0])
    assert with_face.scores[emotion] > without.scores[emotion]
    assert emotion in with_face.top(2)


def test_exclamation_raises_intensity():
    calm = MODEL.score_sentence("You actually came back")
    loud = MODEL.score_sentence("You actually came back!!")
    assert loud.intensity >= calm.intensity


def test_cues_land_on_the_right_characters_after_emoji_and_other_scripts():
    text = "🎉🇯🇵 東京に着いた。 Ça va! I am terrified of the dark basement."
    result = MODEL.score_paragraph(text)
    fear_cues = [c for c in result.cues if c.emotion == "fear"]
    assert fear_cues, result.cues
    for cue in result.cues:
        assert text[cue.start : cue.end] == cue.text
    assert "terrified" in {c.text for c in fear_cues}
    sentence = result.sentences[-1]
    assert text[sentence.start : sentence.end].startswith("I am terrified")
    for cue in sentence.emotion.cues:
        assert text[cue.start : cue.end] == cue.text


def test_a_negated_word_is_cued_with_its_negator():
    text = "Honestly, I am not happy about the new rota."
    cue_texts = {c.text for c in MODEL.score_sentence(text).cues}
    assert "not happy" in cue_texts


def test_tokens_keep_emoji_sequences_whole():
    kinds = [(t.kind, t.norm) for t in tokens("ok 👍🏽 👨‍👩‍👧 :-) ✈️")]
    assert ("emoji", "👍") in kinds
    assert ("emoji", "👨\u200d👩\u200d👧") in kinds
    assert ("emoticon", ":)") in kinds
    assert ("emoji", "✈") in kinds


@pytest.mark.parametrize(
    "sentence",
    [
        "The meeting has moved to room 4B on the second floor.",
        "Trains to the airport leave every twenty minutes from platform two.",
        "The kettle holds 1.7 litres and switches off when the water boils.",
        "Attach the left panel to the base with the four short screws.",
        "The library opens at nine on weekdays and at ten on Saturdays.",
    ],
)
def test_plainly_informational_sentences_have_low_intensity(sentence):
    assert MODEL.score_sentence(sentence).intensity < 0.3


def test_clearly_emotional_sentences_are_intense():
    for sentence, emotion in [
        ("I am absolutely furious with you!", "anger"),
        ("I miss her every single day and I cannot stop crying.", "sadness"),
    ]:
        result = MODEL.score_sentence(sentence)
        assert result.label == emotion
        assert result.intensity > 0.5


def test_paragraph_counts_sum_to_the_document_figure():
    paragraphs = [
        "We won the cup! Everyone in the street was cheering and hugging.",
        "The form must be returned by the end of the month.",
        "I heard a noise downstairs and froze. Someone was in the house.",
    ]
    counts = [MODEL.count(p) for p in paragraphs]
    total = EmotionCounts()
    for c in counts:
        total = total + c
    whole = MODEL.score_paragraph(" ".join(paragraphs))
    assert total.words == whole.counts.words
    for a, b in zip(total.sums, whole.counts.sums, strict=True):
        assert a == pytest.approx(b)
    assert total.score().scores == pytest.approx(whole.scores)
    assert total.score().intensity == pytest.approx(whole.intensity, abs=1e-4)
    assert (total - counts[0]).words == counts[1].words + counts[2].words


def test_valence_is_positive_for_joy_and_negative_for_sadness():
    assert MODEL.score_sentence("What a wonderful, happy day with my friends!").valence > 0.2
    assert MODEL.score_sentence("I am heartbroken and alone since he died.").valence < -0.2
    neutral = {label: float(label == NEUTRAL) for label in ALL_LABELS}
    assert valence_of(neutral) == 0.0


def test_empty_and_wordless_text_is_neutral():
    assert MODEL.score_paragraph("").label == NEUTRAL
    assert MODEL.score_paragraph("   ").counts == EmotionCounts()
    assert MODEL.score_sentence("").intensity == 0.0


def test_swap_list_loads_and_maps_targets_to_model_emotions():
    swaps = load_swaps()
    expected = {"warmer", "calmer", "more confident", "more excited", "more reassuring",
                "less angry"}
    assert expected <= set(swaps.targets)
    for target in swaps.targets.values():
        assert set(target.raises + target.lowers) <= set(LABELS)
    assert swaps.targets["less angry"].lowers == ("anger", "disgust")
    assert all(swaps.for_target(name) for name in expected)


def test_swaps_keep_capitals_and_take_a_deleted_word_s_space():
    text = "Maybe we can start on Monday. We hope to finish by June."
    chosen = [(a, b, s.replacements[0]) for a, b, s in find_swaps(text, load_swaps().swaps)
              if s.phrase in ("maybe", "we hope to")]
    new_text, applied = apply_swaps(text, chosen)
    assert new_text == "We can start on Monday. We will finish by June."
    assert [a.before for a in applied] == ["Maybe ", "We hope to"]


@pytest.mark.parametrize(
    ("target", "text"),
    [
        ("less angry", "This delay is unacceptable and your support line is useless."),
        ("more confident", "I think the plan could possibly work, maybe, if we are lucky."),
        ("calmer", "This is urgent: the server is down and we need everyone on it immediately."),
    ],
)
def test_swap_candidates_move_the_target_the_right_way(target, text):
    candidates = swap_candidates(text, target, MODEL)
    assert candidates
    goal = load_swaps().targets[target]
    for candidate in candidates:
        assert candidate.delta > 0
        assert candidate.text != text
        assert goal.score(candidate.after.scores) > goal.score(candidate.before.scores)
    assert candidates == sorted(candidates, key=lambda c: -c.delta)


def test_a_swap_that_moves_the_wrong_way_is_not_offered(tmp_path):
    wrong = tmp_path / "swaps.toml"
    wrong.write_text(
        '[targets."less angry"]\nraise = []\nlower = ["anger", "disgust"]\n\n'
        '[[swap]]\ntargets = ["less angry"]\nphrase = "a little annoyed"\n'
        'replace = ["absolutely furious"]\n',
        encoding="utf-8",
    )
    swaps = load_swaps(wrong)
    text = "I was a little annoyed when the bus left early."
    assert swap_candidates(text, "less angry", MODEL, swaps) == []
    shown = swap_candidates(text, "less angry", MODEL, swaps, only_improving=False)
    assert len(shown) == 1 and shown[0].delta < 0 and shown[0].moved("anger") > 0
    with pytest.raises(KeyError):
        swap_candidates(text, "more purple", MODEL, swaps)
