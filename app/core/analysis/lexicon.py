"""The word lists behind the style checks: TOML files in app/resources/lexicons, loaded and checked.

Two sorts of file live there. A *phrase lexicon* (ai_tells, wordy, filler, inclusive, idioms) has
a top-level ``kind`` and a list of ``[[entry]]`` tables: ``phrase`` (what to find), ``replace``
(a string or a list; the first is the suggestion, "" means delete it) and ``reason`` (one plain
sentence), and optionally ``unless_after`` (words that, right before the phrase, mean it is
used in another sense: "kind of" but not "a kind of"). ``wordlists.toml`` holds the plain word
lists the grammar rules need.

Phrase syntax (also described at the top of each lexicon file):

- words match whole words, case-insensitively; straight and curly apostrophes are the same;
  any run of spaces matches any run of spaces; other punctuation inside a phrase must be there;
- ``{a|b|c}`` is a choice; a choice may hold several words, or nothing (``{the |}``);
- ``word~v`` stands for a verb's five forms: base, -s, past, participle, -ing ("delve~v"
  matches delve, delves, delved, delving; "take~v" takes, took, taken, taking); irregular verbs
  are listed in wordlists.toml; ``word~n`` stands for a noun's singular and plural;
- in a replacement, the k-th choice or ``~`` word takes the form matched by the k-th one of the
  phrase: "delve~v into" -> "dig~v into" turns "delved into" into "dug into".

Everything is expanded when the files are loaded: each concrete variant of a phrase, with its
replacements already inflected, goes into one trie keyed by word, so finding every phrase of
every lexicon in a paragraph costs about one dictionary lookup per word.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from app.core.analysis.families import EDITING_PHRASE_KINDS, MACHINE_PHRASE_KINDS

# The machine family's phrase kinds first (see families.py), then the editing ones.
PHRASE_KINDS = MACHINE_PHRASE_KINDS + EDITING_PHRASE_KINDS
WORDLISTS_FILE = "wordlists.toml"
# Files in the lexicon folder that are not phrase lexicons (they have loaders of their own).
OTHER_FILES = frozenset({WORDLISTS_FILE, "emotion_swaps.toml"})

# The same words as app.core.document.words (inner apostrophes and hyphens kept), with offsets.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_CHOICE = re.compile(r"\{([^{}]*)\}|([^\s{}|~]+)~([vn])(?![\w~])")
_VOWELS = "aeiou"


class LexiconError(ValueError):
    """A lexicon file is missing, unreadable or malformed; the message names the file and entry."""


def fold(word: str) -> str:
    """The form of a word used for lookups: lowercase, straight apostrophes."""
    return word.lower().replace("’", "'").replace("‘", "'")


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    lexicon: str  # file stem, e.g. "ai_tells"
    kind: str
    id: str  # unique within its lexicon, e.g. "delve-into"
    phrase: str  # the pattern as written
    replacements: tuple[str, ...]  # patterns as written
    reason: str
    canonical: str  # folded, every choice at its first option: "delve into"
    capitalised: bool  # starts with a capital by nature: "I think"
    unless_after: frozenset[str] = frozenset()  # no match right after these words ("a kind of")
    at_start: bool = False  # only at the start of a sentence ("Overall," not "overall cost")
    typical: bool = False  # an editing phrase that is itself typical of generated prose

    @property
    def source(self) -> str:
        return f"lexicon:{self.lexicon}:{self.id}"


@dataclass(frozen=True, slots=True)
class PhraseVariant:
    """One concrete wording of an entry, with its replacements inflected to match."""

    text: str  # folded, single spaces: "delved into"
    entry: LexiconEntry
    replacements: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WordLists:
    stop_words: frozenset[str]
    be_forms: frozenset[str]
    passive_gap_words: frozenset[str]
    irregular_participles: frozenset[str]
    not_participles: frozenset[str]
    not_adverbs: frozenset[str]
    verb_forms: dict[str, tuple[str, str, str, str]] = field(hash=False)  # -s, past, pp, -ing


@dataclass(frozen=True, slots=True)
class Lexicons:
    entries: dict[str, tuple[LexiconEntry, ...]]  # by lexicon name
    words: WordLists
    trie: dict = field(hash=False, repr=False)  # see _add_to_trie

    def variants(self) -> list[PhraseVariant]:
        found: list[PhraseVariant] = []
        stack = list(self.trie.values())
        while stack:
            children, terminals = stack.pop()
            found.extend(terminals)
            stack.extend(children.values())
        return found


# --- patterns -----------------------------------------------------------------------------


def inflect(word: str, part: str, verb_forms: dict) -> tuple[str, ...]:
    """(base, -s, past, participle, -ing) for part "v", (singular, plural) for part "n"."""
    plural = _with_s(word)
    if part == "n":
        return (word, plural)
    if word in verb_forms:
        return (word, *verb_forms[word])
    if word.endswith("e"):
        past = word + "d"
    elif word.endswith("y") and word[-2:-1] not in _VOWELS:
        past = word[:-1] + "ied"
    else:
        past = word + "ed"
    if word.endswith("ie"):
        ing = word[:-2] + "ying"
    elif word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        ing = word[:-1] + "ing"
    else:
        ing = word + "ing"
    return (word, plural, past, past, ing)


def _with_s(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _segments(pattern: str, verb_forms: dict) -> list[str | tuple[str, ...]]:
    """Literal text and choices, in order."""
    segments: list[str | tuple[str, ...]] = []
    pos = 0
    for match in _CHOICE.finditer(pattern):
        segments.append(pattern[pos : match.start()])
        if match.group(1) is not None:
            segments.append(tuple(match.group(1).split("|")))
        else:
            segments.append(inflect(match.group(2), match.group(3), verb_forms))
        pos = match.end()
    segments.append(pattern[pos:])
    return segments


def _choices(segments: list[str | tuple[str, ...]]) -> list[tuple[str, ...]]:
    return [s for s in segments if isinstance(s, tuple)]


def _render(segments: list[str | tuple[str, ...]], picks: tuple[int, ...]) -> str:
    parts: list[str] = []
    k = 0
    for segment in segments:
        if isinstance(segment, tuple):
            parts.append(segment[picks[k]])
            k += 1
        else:
            parts.append(segment)
    return " ".join("".join(parts).split())


def expand_pattern(pattern: str, verb_forms: dict) -> list[tuple[str, tuple[int, ...]]]:
    """Every wording of a pattern, with the option picked in each choice."""
    segments = _segments(pattern, verb_forms)
    ranges = [range(len(c)) for c in _choices(segments)]
    return [(_render(segments, picks), picks) for picks in itertools.product(*ranges)]


def _variants_of(entry: LexiconEntry, verb_forms: dict, where: str) -> list[PhraseVariant]:
    phrase = _segments(entry.phrase, verb_forms)
    phrase_choices = _choices(phrase)
    replacements = [_segments(r, verb_forms) for r in entry.replacements]
    for pattern, segments in zip(entry.replacements, replacements, strict=True):
        choices = _choices(segments)
        if len(choices) > len(phrase_choices):
            raise LexiconError(f"{where}: replacement {pattern!r} has more choices than the phrase")
        for k, choice in enumerate(choices):
            if len(choice) != len(phrase_choices[k]):
                raise LexiconError(
                    f"{where}: choice {k + 1} of replacement {pattern!r} has {len(choice)} "
                    f"options but the phrase's has {len(phrase_choices[k])}"
                )
    variants = []
    for picks in itertools.product(*(range(len(c)) for c in phrase_choices)):
        text = fold(_render(phrase, picks))
        if not text or "~" in text or not WORD.search(text):
            raise LexiconError(f"{where}: phrase {entry.phrase!r} yields an empty or bad wording")
        rendered = tuple(
            _render(segments, picks[: len(_choices(segments))]) for segments in replacements
        )
        variants.append(PhraseVariant(text, entry, rendered))
    return variants


# --- fitting a replacement into the text ---------------------------------------------------


def match_case(original: str, capitalised: bool, replacement: str) -> str:
    """The replacement in the writer's capitalisation: "Utilize" -> "Use", "UTILIZE" -> "USE".

    `capitalised`: the phrase starts with a capital by nature ("I think"), which says nothing
    about the writer's choice.
    """
    if not replacement:
        return replacement
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if not capitalised and original[0].isupper():
        return replacement[0].upper() + replacement[1:]
    return replacement


def deletion(
    text: str, start: int, end: int, initial: bool, capitalise: bool
) -> tuple[int, int, str]:
    """The span and replacement that delete text[start:end] cleanly.

    The span takes a following comma and spaces with it ("Moreover, we" -> "we"); at the start
    of a sentence the next word is capitalised when the phrase was ("Moreover, we" -> "We");
    between two commas the first goes too ("We, basically, ship" -> "We ship"); before closing
    punctuation the spaces and a comma in front go ("ship, basically." -> "ship.").
    """
    n = len(text)
    j = end + 1 if end < n and text[end] == "," else end
    k = j
    while k < n and text[k] in " \t":
        k += 1
    if initial:
        following = WORD.match(text, k)
        if capitalise and following and following.group()[0].islower():
            word = following.group()
            return start, following.end(), word[0].upper() + word[1:]
        return start, k, ""
    p = start
    while p > 0 and text[p - 1] in " \t":
        p -= 1
    comma_before = p > 0 and text[p - 1] == ","
    if comma_before and j > end:
        return p - 1, j, ""
    if k > j:
        return start, k, ""
    return (p - 1 if comma_before else p), j, ""


# --- the trie -------------------------------------------------------------------------------
# A node is (children, terminals). The root maps a first word to its node; below it, children
# are keyed by (separator, word), the separator being the punctuation between two words with
# spaces removed ("" for plain spaces, "/" for "master/slave").


def split_words(text: str) -> tuple[list[str], list[str]]:
    """Folded words and the separators between them (spaces removed)."""
    matches = list(WORD.finditer(text))
    words = [fold(m.group()) for m in matches]
    seps = ["".join(text[a.end() : b.start()].split()) for a, b in itertools.pairwise(matches)]
    return words, seps


def _add_to_trie(trie: dict, variant: PhraseVariant) -> None:
    words, seps = split_words(variant.text)
    node = trie.setdefault(words[0], ({}, []))
    for sep, word in zip(seps, words[1:], strict=True):
        node = node[0].setdefault((sep, word), ({}, []))
    node[1].append(variant)


# --- loading --------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"{path.name}: cannot be read ({error})") from error


def _word_set(data: dict, key: str, path: Path) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, str) or not value.split():
        raise LexiconError(f"{path.name}: '{key}' must be a non-empty string of words")
    return frozenset(fold(w) for w in value.split())


def load_word_lists(path: Path) -> WordLists:
    data = _read_toml(path)
    verb_forms: dict[str, tuple[str, str, str, str]] = {}
    for verb, forms in data.get("verb_forms", {}).items():
        if not (
            isinstance(forms, list) and len(forms) == 4 and all(isinstance(f, str) for f in forms)
        ):
            raise LexiconError(
                f"{path.name}: verb_forms.{verb} must list 4 forms (-s, past, participle, -ing)"
            )
        verb_forms[verb] = (forms[0], forms[1], forms[2], forms[3])
    return WordLists(
        stop_words=_word_set(data, "stop_words", path),
        be_forms=_word_set(data, "be_forms", path),
        passive_gap_words=_word_set(data, "passive_gap_words", path),
        irregular_participles=_word_set(data, "irregular_participles", path),
        not_participles=_word_set(data, "not_participles", path),
        not_adverbs=_word_set(data, "not_adverbs", path),
        verb_forms=verb_forms,
    )


def _slug(text: str) -> str:
    return "-".join(WORD.findall(fold(text).replace("'", ""))) or "entry"


def load_phrase_lexicon(path: Path) -> tuple[LexiconEntry, ...]:
    data = _read_toml(path)
    kind = data.get("kind")
    if kind not in PHRASE_KINDS:
        raise LexiconError(f"{path.name}: 'kind' must be one of {', '.join(PHRASE_KINDS)}")
    raw_entries = data.get("entry")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise LexiconError(f"{path.name}: no [[entry]] tables")
    entries = []
    for number, raw in enumerate(raw_entries, start=1):
        where = f"{path.name}, entry {number}"
        phrase, reason = raw.get("phrase"), raw.get("reason")
        replace = raw.get("replace")
        if not isinstance(phrase, str) or not phrase.strip():
            raise LexiconError(f"{where}: 'phrase' is missing")
        if not isinstance(reason, str) or not reason.strip():
            raise LexiconError(f"{where} ({phrase!r}): 'reason' is missing")
        replacements = (replace,) if isinstance(replace, str) else replace
        if (
            not isinstance(replacements, (list, tuple))
            or not replacements
            or not all(isinstance(r, str) for r in replacements)
        ):
            raise LexiconError(
                f"{where} ({phrase!r}): 'replace' must be a string or a list of them"
            )
        if "" in replacements[1:]:
            raise LexiconError(f'{where} ({phrase!r}): deletion ("") may only come first')
        unless_after = raw.get("unless_after", "")
        if not isinstance(unless_after, str):
            raise LexiconError(f"{where} ({phrase!r}): 'unless_after' must be a string of words")
        flags = {key: raw.get(key, False) for key in ("at_start", "typical")}
        if not all(isinstance(value, bool) for value in flags.values()):
            raise LexiconError(f"{where} ({phrase!r}): 'at_start' and 'typical' are true/false")
        unknown = set(raw) - {"phrase", "replace", "reason", "id", "unless_after", "at_start",
                              "typical"}
        if unknown:
            raise LexiconError(f"{where} ({phrase!r}): unknown keys {sorted(unknown)}")
        first_wording = expand_pattern(phrase, {})[0][0]
        canonical = fold(first_wording)
        entry_id = raw.get("id") or _slug(canonical)
        entries.append(
            LexiconEntry(
                path.stem,
                kind,
                entry_id,
                phrase,
                tuple(replacements),
                reason.strip(),
                canonical,
                first_wording[:1].isupper(),
                frozenset(fold(w) for w in unless_after.split()),
                **flags,
            )
        )
    return tuple(entries)


def load_lexicons(directory: Path) -> Lexicons:
    """Load and check every lexicon in a folder. Raises LexiconError naming what is wrong."""
    directory = Path(directory)
    words_path = directory / WORDLISTS_FILE
    if not words_path.is_file():
        raise LexiconError(f"{words_path} is missing")
    words = load_word_lists(words_path)
    entries: dict[str, tuple[LexiconEntry, ...]] = {}
    trie: dict = {}
    seen: dict[str, str] = {}  # variant text -> where it was first defined
    for path in sorted(directory.glob("*.toml")):
        if path.name in OTHER_FILES:
            continue
        lexicon = load_phrase_lexicon(path)
        ids: set[str] = set()
        for number, entry in enumerate(lexicon, start=1):
            where = f"{path.name}, entry {number} ({entry.phrase!r})"
            if entry.id in ids:
                raise LexiconError(f"{where}: id {entry.id!r} is used twice")
            ids.add(entry.id)
            for variant in _variants_of(entry, words.verb_forms, where):
                if seen.get(variant.text) == where:
                    continue  # "shed" is its own past: the first wording's replacement is kept
                if variant.text in seen:
                    raise LexiconError(
                        f"{where}: {variant.text!r} is already in {seen[variant.text]}"
                    )
                seen[variant.text] = where
                _add_to_trie(trie, variant)
        entries[path.stem] = lexicon
    if not entries:
        raise LexiconError(f"{directory}: no phrase lexicons found")
    return Lexicons(entries, words, trie)
