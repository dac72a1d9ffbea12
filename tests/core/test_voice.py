"""The voice profile: counts on texts with known answers, the match and its explanations,
far sentences, example picking, custom tones, storage and forgetting. Every text here was
written for these tests, except tests/data/voices (written for the project; its README)."""

import json
from pathlib import Path

import pytest

from app.core.voice import (
    CustomTone,
    ExamplePair,
    VoiceProfile,
    VoiceStore,
    VoiceStoreError,
    closest_examples,
    count_paragraph,
    count_text,
    describe_profile,
    far_sentences,
    favourite_phrases,
    favourite_words,
    features,
    forget_all,
    learn,
    learn_files,
    match,
    match_counts,
    rank_candidates,
    reference,
    sum_counts,
    voice_distance,
    wordlists,
)
from app.core.voice.explain import Term, describe_term

VOICES = Path(__file__).resolve().parent.parent / "data" / "voices"
WRITERS = ("helen", "jo", "maya", "priya", "richard", "tomas")

KNOWN = "I don't know. You can't be serious! Why not? We'll see; it's fine — really (maybe)."

# A fictional chatty writer (three samples) and the same content said stiffly.
CHATTY = [
    "I don't think it's far. We're nearly there, honestly! You'll like it. It's a bit steep "
    "at the end, but that's fine. I can't wait to show you the view.",
    "Honestly, I'd forgotten how lovely the lake is. We didn't stay a bit long. It's cold up there "
    "and I'm not brave. You'd have laughed at me! Anyway, we'll go back in May.",
    "Right, the bread. I've tried it three times now and it's still a bit flat. Don't tell my "
    "mum. She'd say I'm rushing it. She's probably right, honestly.",
]
CHATTY_LIKE = "It's a bit steep but you'll like it. I'm sure we'll go back. Honestly, it's lovely!"
STIFF = ("I do not think it is far. We are nearly there. You will like it. It is a little "
         "steep at the end, but that is acceptable. I cannot wait to show you the view.")
FORMAL = ("Residents are advised that the resurfacing of the carriageway will therefore require "
          "the temporary closure of the junction; further information regarding the "
          "arrangements may be obtained from the Highways Department of the Council.")


def writer_texts(name: str) -> list[Path]:
    return sorted(VOICES.glob(f"{name}_*.txt"))


@pytest.fixture(scope="module")
def profiles() -> dict[str, VoiceProfile]:
    """Each writer of tests/data/voices, learned from their first three texts."""
    return {w: learn_files(writer_texts(w)[:3], w) for w in WRITERS}


# Counting


def test_counts_of_a_paragraph_with_known_answers():
    c = count_paragraph(KNOWN)
    assert c.words == 15 and c.sentences == 4 and c.paragraphs == 1
    assert (c.sentence_words, c.sentence_words_sq) == (15, 3 * 3 + 4 * 4 + 2 * 2 + 6 * 6)
    assert c.contractions == 4  # don't, can't, we'll, it's
    assert (c.first_singular, c.first_plural, c.second_person) == (1, 1, 1)
    assert (c.questions, c.exclamations) == (1, 1)
    assert (c.semicolons, c.dashes, c.parentheses, c.commas) == (1, 1, 1, 0)
    assert (c.short_sentences, c.long_sentences) == (3, 0)
    shares = features.opener_shares(c)
    assert {'"I"', '"you"', "a question word", '"we"'} == set(shares)


def test_possessives_are_not_contractions():
    c = count_paragraph("Derek's plot is bigger than mine, and that's fine.")
    assert c.contractions == 1 and c.first_singular == 1 and c.commas == 1


def test_markdown_marks_are_not_counted_as_words():
    assert count_paragraph("**Next up**").prose_paragraphs == 0
    assert count_paragraph("# A heading").sentences == 0
    item = count_paragraph("- Bring a *warm* jacket.")
    assert item.list_items == 1 and item.words == 4 and item.sentences == 1


def test_counts_add_up_and_subtract():
    first, second = CHATTY[0], FORMAL
    both = count_text(f"{first}\n\n{second}")
    assert both == count_paragraph(first) + count_paragraph(second)
    assert both == sum_counts([count_paragraph(first), count_paragraph(second)])
    assert both - count_paragraph(second) == count_paragraph(first)


def test_counts_round_trip_through_json():
    c = count_text("\n".join(CHATTY))
    assert type(c).from_dict(json.loads(json.dumps(c.to_dict()))) == c


# Features


def test_sentence_length_and_spread():
    c = count_paragraph("Go now. Then stop the car. We walked to the river in the rain.")
    mean, spread = features.sentence_length(c)  # 2, 4 and 8 words
    assert mean == pytest.approx(14 / 3)
    assert spread == pytest.approx(((4 + 16 + 64) / 3 - (14 / 3) ** 2) ** 0.5)


def test_formality_tells_casual_from_formal():
    casual = count_paragraph("Honestly, it's okay, we're gonna be fine! Don't worry.")
    formal = count_paragraph(FORMAL)
    assert features.formality(casual) < 20 < 80 < features.formality(formal)


def test_reading_ease_range_covers_the_paragraphs():
    c = count_text("\n".join(CHATTY + [FORMAL]))
    low, high = features.ease_range(c)
    assert low < features.ease(count_paragraph(FORMAL)) + 10
    assert high > features.ease(count_paragraph(CHATTY[0])) - 10


# Profiles


def test_profile_learns_favourites_that_recur_across_samples():
    profile = learn(CHATTY, "chatty")
    words = [f.text for f in favourite_words(profile)]
    assert "honestly" in words
    assert "lake" not in words  # one sample's topic, not a habit
    assert all(f.times_general >= 3 for f in favourite_words(profile))
    assert "a bit" in [f.text for f in favourite_phrases(profile)]


def test_profile_merges_to_the_same_counts_as_learning_everything():
    whole = learn(CHATTY, "x")
    merged = learn(CHATTY[:2], "x").merged(learn(CHATTY[2:], "x"))
    assert merged.counts.words == whole.counts.words
    assert merged.counts.vocabulary == whole.counts.vocabulary
    words = {k: n for k, n in whole.spread.items() if " " not in k}
    assert {k: n for k, n in merged.spread.items() if " " not in k} == words
    assert merged.sample_count == 3


def test_profile_keeps_measures_and_sample_paths_not_text(tmp_path):
    paths = []
    for i, text in enumerate(CHATTY):
        paths.append(tmp_path / f"sample{i}.md")
        paths[-1].write_text(text, encoding="utf-8")
    profile = learn_files(paths, "chatty")
    data = json.loads(json.dumps(profile.to_dict()))
    assert data["samples"] == [str(p.absolute()) for p in paths]
    assert CHATTY[0][:30] not in json.dumps(data)
    assert VoiceProfile.from_dict(data).to_dict() == profile.to_dict()


def test_describe_says_what_was_measured_in_words():
    lines = describe_profile(learn(CHATTY, "chatty"))
    text = "\n".join(lines)
    assert "contractions" in text and "words on average" in text and "formality" in text
    assert "honestly" in text


def test_profile_counts_are_the_sum_of_its_samples():
    profile = learn([KNOWN] * 3 + CHATTY, "x")
    assert profile.sample_count == 6
    assert profile.counts.words == 3 * 15 + sum(count_text(t).words for t in CHATTY)
    assert profile.spread["honestly"] == 3


# The match


def test_own_writing_scores_higher_than_other_voices(profiles):
    for w in WRITERS:
        unseen = writer_texts(w)[3].read_text(encoding="utf-8")
        scores = {v: match(p, unseen).score for v, p in profiles.items()}
        assert max(scores, key=scores.get) == w, scores
        assert scores[w] >= 60


def test_attribution_of_unseen_passages(profiles):
    """Passages of 80+ words of each writer's unseen text, against every profile."""
    own, other = [], []
    for w in WRITERS:
        run = []
        for line in writer_texts(w)[3].read_text(encoding="utf-8").split("\n"):
            if line.strip():
                run.append(count_paragraph(line))
            if sum(c.words for c in run) >= 80:
                unit = sum_counts(run)
                run = []
                for v, p in profiles.items():
                    (own if v == w else other).append(match_counts(p, unit).score)
    wins = sum((o > x) + 0.5 * (o == x) for o in own for x in other)
    assert wins / (len(own) * len(other)) >= 0.9


def test_the_document_score_comes_from_the_paragraphs_counts(profiles):
    text = writer_texts("jo")[3].read_text(encoding="utf-8")
    lines = [count_paragraph(line) for line in text.split("\n") if line.strip()]
    whole = match(profiles["jo"], text)
    assert match_counts(profiles["jo"], sum_counts(lines), "document") == whole


def test_differences_name_the_habit_with_numbers():
    profile = learn(CHATTY * 4, "chatty")  # a writer whose samples are these, many times
    m = match(profile, "\n\n".join([STIFF] * 3), "document")
    found = {d.feature: d for d in m.differences}
    contractions = found["contractions"]
    assert contractions.here == 0 and contractions.yours > 150
    assert contractions.unit == "per 1,000 words"
    assert contractions.text.startswith("you use contractions (about ")
    assert contractions.text.endswith("this document has none")
    # Expanding "don't" into "do not" makes the words shorter, and that is said too.
    assert found["word_length"].text.startswith("you use longer words")


def test_sentence_length_difference_in_plain_words():
    m = match(learn(CHATTY, "chatty"), FORMAL, "paragraph")
    top = m.differences[0]
    assert top.feature == "sentence_length" and top.yours < 12 and top.here > 30
    assert top.text == ("your sentences are usually shorter (words per sentence: yours "
                        f"{top.yours:.0f}; here {top.here:.0f})")
    assert m.score < 30 and m.label == "Not much like you"


def test_wording_of_ratios():
    term = Term("contractions", -3.0, 9.0, 40.0, 10.0, "per 1,000 words", "contractions")
    assert describe_term(term) == "you use contractions about 4× as often as this paragraph does"
    term = Term("dashes", 3.0, 9.0, 2.0, 3.0, "per 1,000 words", "dashes")
    assert describe_term(term, "document") == (
        "this document uses dashes about 1.5× as often as you do")
    term = Term("semicolons", 3.0, 9.0, 0.0, 8.0, "per 1,000 words", "semicolons", never=True)
    assert describe_term(term) == (
        "your samples have no semicolons; this paragraph has 8 per 1,000 words")


def test_a_short_text_is_too_short_to_judge():
    m = match(learn(CHATTY, "chatty"), "Thanks.")
    assert m.label == "Too short to judge" and 0 <= m.score <= 100


def test_unfamiliar_words_are_common_words_the_writer_never_uses(profiles):
    m = match(profiles["jo"], writer_texts("helen")[3].read_text(encoding="utf-8"))
    assert m.unfamiliar_words
    assert all(profiles["jo"].counts.vocabulary.get(w, 0) == 0 for w in m.unfamiliar_words)


def test_voice_distance_ranks_the_writers_way_first(profiles):
    maya = profiles["maya"]
    assert voice_distance(maya, CHATTY_LIKE) < voice_distance(maya, FORMAL)
    assert rank_candidates(maya, [FORMAL, STIFF, CHATTY_LIKE])[0] == 2


# Far sentences


def test_far_sentences_find_the_one_that_is_not_the_writer(profiles):
    paragraph = ("Honestly, the oven's died again. " + FORMAL +
                 " Anyway, I'm not buying a new one yet!")
    found = far_sentences(profiles["maya"], paragraph)
    assert [f.text for f in found] == [FORMAL]
    assert found[0].reason.startswith("Not quite your voice: ")
    assert paragraph[found[0].start:found[0].end] == FORMAL


def test_far_sentences_leave_the_writers_own_paragraphs_alone(profiles):
    for w in WRITERS:
        unseen = writer_texts(w)[3].read_text(encoding="utf-8")
        for line in unseen.split("\n"):
            assert far_sentences(profiles[w], line) == [], (w, line)


def test_a_small_profile_suggests_nothing():
    assert far_sentences(learn(CHATTY, "chatty"), "Honestly, fine. " + FORMAL) == []


# Examples for prompts


def test_closest_examples_come_from_the_sample_files(tmp_path):
    cake = tmp_path / "cake.md"
    bike = tmp_path / "bike.txt"
    cake.write_text("I baked a lemon cake for my sister on Sunday.\n\nThe sponge sank in the "
                    "middle but nobody minded at all.\n", encoding="utf-8")
    bike.write_text("My bike chain snapped halfway up the hill. I pushed the bike the last "
                    "mile home in the drizzle.\n", encoding="utf-8")
    profile = learn_files([cake, bike], "me")
    assert "sponge" in closest_examples(profile, "The sponge sank again, sadly.", 1)[0]
    assert "chain" in closest_examples(profile, "The chain came off my bike.", 1)[0]
    assert len(closest_examples(profile, "Anything at all.", 2)) == 2
    # Read at call time: a changed file gives its new sentences; a missing one is skipped.
    bike.write_text("The tandem puncture took an hour to find and fix.\n", encoding="utf-8")
    assert "tandem" in closest_examples(profile, "A puncture on the tandem.", 1)[0]
    cake.unlink()
    assert closest_examples(profile, "I baked a cake.", 3) == [
        "The tandem puncture took an hour to find and fix."]


# Custom tones


def test_custom_tone_problems_and_round_trip(tmp_path):
    good = CustomTone("Dry", "Short, plain, a little wry.",
                      (ExamplePair("It was an amazing event.", "It went well."),
                       ExamplePair("We are thrilled.", "We are pleased.")))
    assert good.problems() == []
    assert CustomTone.from_dict(json.loads(json.dumps(good.to_dict()))) == good
    assert good.problems(frozenset({"dry"})) == ["There is already a tone called Dry."]
    assert CustomTone("", "x", good.examples).problems() == ["Give the tone a name."]
    one = CustomTone("One", "x", good.examples[:1])
    assert "Give 2 or 3 example pairs." in one.problems()
    assert CustomTone("None", "x").problems() == [
        "Add example pairs or choose a document to sound like."]
    document = tmp_path / "like_this.md"
    document.write_text("\n".join(CHATTY), encoding="utf-8")
    assert CustomTone("Like this", "Sound like my notes", document=str(document)).problems() == []


# Storage and forgetting


def test_store_saves_lists_loads_and_deletes(tmp_path):
    store = VoiceStore(tmp_path / "voice")
    assert store.profile_names() == [] and store.active_name() is None
    store.save(learn(CHATTY, "Personal"))
    store.save(learn([FORMAL], "Work"))
    assert store.profile_names() == ["Personal", "Work"]
    assert store.active_name() == "Personal"  # the first one saved becomes active
    assert store.load("personal").counts == learn(CHATTY, "x").counts
    store.set_active("work")
    assert store.active_profile().name == "Work"
    assert store.delete("WORK") and store.active_name() is None
    assert not store.delete("Work")
    with pytest.raises(VoiceStoreError, match="no voice profile called Work"):
        store.load("Work")


def test_store_skips_a_corrupt_file_and_names_odd_names_safely(tmp_path):
    store = VoiceStore(tmp_path / "voice")
    path = store.save(learn(CHATTY, "Ça va: travail?"))
    assert path.parent == tmp_path / "voice" / "profiles"
    assert path.stem.startswith("a-va-travail-") and path.stem.isascii()
    (path.parent / "broken.json").write_text("{not json", encoding="utf-8")
    assert store.profile_names() == ["Ça va: travail?"]
    with pytest.raises(VoiceStoreError, match="slashes"):
        store.save(learn(CHATTY, "a/b"))


def test_forget_all_removes_profiles_tones_and_the_active_name(tmp_path):
    store = VoiceStore()  # the data folder, a temporary one in tests
    store.save(learn(CHATTY, "Personal"))
    store.save_tone(CustomTone("Dry", "Plain.", (ExamplePair("a", "b"), ExamplePair("c", "d"))))
    assert forget_all() == 3
    assert store.profile_names() == [] and store.tones() == [] and store.active_name() is None
    assert forget_all() == 0


def test_tones_are_stored_beside_profiles(tmp_path):
    store = VoiceStore(tmp_path / "voice")
    tone = CustomTone("Dry", "Plain.", (ExamplePair("a", "b"), ExamplePair("c", "d")))
    store.save_tone(tone)
    assert store.tones() == [tone] and store.load_tone("dry") == tone
    assert store.delete_tone("Dry") and store.tones() == []


# The reference


def test_shipped_reference_is_built_from_our_samples():
    data = Path(__file__).resolve().parent.parent / "data"
    texts = [p.read_text(encoding="utf-8") for folder in ("human", "machine")
             for p in sorted((data / folder).glob("*.txt"))]
    assert reference.reference_from_texts(texts) == reference.reference()


def test_general_frequencies_follow_the_rank_list():
    assert wordlists.general_frequency("the") > wordlists.general_frequency("council")
    assert reference.word_frequency("the") > 100 * reference.word_frequency("courgette")
