"""Our own correctness rules: common slips that Harper lets through, each with a fix.

Each rule is a pattern over the words of one paragraph with the context that keeps it from
firing on correct writing, because a false flag costs the writer more than a miss:

* agreement: a subject pronoun and a verb form that does not fit it ("they was", "we was",
  "she have", "I has", "it don't", "we is"). Not after "let", "make", "help", "see" and the
  like ("let it have"), not after an auxiliary ("does she have"), not for a singular pronoun
  joined by "and"/"or" ("Sam and she have"), not "I" after a capitalised word (the Roman
  numeral in "World War I has"), not "thank you was", and "were" after he/she/it/I is left
  alone after "if", "as", "though", "wish" and the like (the subjunctive: "as it were").
* your_welcome: "your welcome" opening a clause and followed by the end of it or by "to" and
  a verb ("Your welcome to stay"); "thanks for your welcome" and "your welcome pack" are nouns.
* youre_going: "your going to" or "your gonna" before a verb ("your going to the fair" is
  left alone).
* theyre_going: "their going/coming" after a verb of saying or thinking ("told us their going
  away"), where "their" cannot start a noun phrase that ends the sentence.
* subject_pronouns: "me and him went" or "me and my sister went" at the start of a clause,
  before a finite verb, becomes "he and I went", "my sister and I went".
* object_pronoun: "to John and I" at the end of a clause becomes "to John and me" (after a
  preposition; "to John and I will" starts a new clause and is left alone).
* seen: "I seen", "they seen" at the start of a clause ("I saw", "I've seen"); "you seen?"
  is an everyday question and is left alone.
* contraction: "I cant", "we wont" ("cant" and "wont" are words, so Harper accepts them).
* theyre_there: "There going to" opening a sentence.
* whose: "whose going to", "whose been", "whose not" ("whose" needs a noun after it).
* fewer: "less" before a plural count noun from a short list ("less people").
* lose: "loose" right after a modal or "don't" ("will loose", "don't loose"), "loosing" after
  a form of "be".
* lets: "Lets" opening a sentence before a bare verb ("Lets go").
* between_you_and_me: "between you and I".
* irregardless: always "regardless".

Harper already catches "should of"/"could of", "alot" and doubled words across a line break;
the tests hold it to that.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from app.core.analysis.lexicon import WORD, fold
from app.core.analysis.style_rules import Finding, content_start
from app.core.document import split_sentences

_SUBJECTS = frozenset("i you we they he she it".split())
_SINGULAR = frozenset("he she it".split())
# After these a pronoun is their object, not the subject of the next verb: "let it have",
# "what they don't tell you is".
_CAUSATIVES = frozenset(
    "let lets letting make makes made making help helps helped helping watch watched see saw "
    "seen hear heard have has had bid tell told show showed give gave ask asked teach taught "
    "remind reminded pay paid send sent bring brought thanked want wanted need love like hate "
    "call called get got find found leave left keep kept take took put".split()
)
_AUXILIARIES = frozenset(
    "do does did don't doesn't didn't will would can could shall should may might must to "
    "won't wouldn't can't cannot couldn't shan't shouldn't mightn't mustn't".split()
)
_SUBJUNCTIVE = frozenset("if as though wish wished wishes suppose supposing imagine whether "
                         "unless only even".split())  # fmt: skip
_COORDINATORS = frozenset("and or nor &".split())
# (pronouns, verb as written) -> the form that agrees.
_AGREEMENT: dict[tuple[frozenset[str], str], str] = {
    (frozenset({"you", "we", "they"}), "was"): "were",
    (frozenset({"he", "she", "it", "i"}), "were"): "was",
    (frozenset({"you", "we", "they"}), "is"): "are",
    (_SINGULAR, "are"): "is",
    (frozenset({"i", "you", "we", "they"}), "has"): "have",
    (_SINGULAR, "have"): "has",
    (_SINGULAR, "don't"): "doesn't",
    (frozenset({"i", "you", "we", "they"}), "doesn't"): "don't",
}
_CLAUSE_WORDS = frozenset(
    "and but so then because when while after before since if though although once until "
    "or yet".split()
)
_DETERMINERS = frozenset(
    "the a an my our your their his her its this that these those every each all some any no "
    "another".split()
)
_SAYING = frozenset(
    "said says say saying told tell tells telling think thinks thought know knew knows hope "
    "hoped guess reckon heard mentioned explained realised realized sure because maybe if "
    "when since unless".split()
)
_OBJECTS = frozenset("me us him her them you".split())
_GOING = frozenset("going coming leaving".split())
_GOING_ON = frozenset(
    "to away home out back off abroad over round around now soon tomorrow today tonight later "
    "there here".split()
)
_OBJECT_TO_SUBJECT = {"me": "I", "him": "he", "her": "she", "them": "they", "us": "we"}
_FINITE = frozenset(
    "went were was are got had have did will would could can should might came saw made took "
    "left decided started spent met walked drove played found ate stayed tried both used "
    "ran sat stood turned set put gave bought sold moved joined helped looked arrived "
    "finished".split()
)
_COUNT_NOUNS = frozenset(
    "people children men women students cars things items words mistakes errors options jobs "
    "books friends visitors customers residents members families cases calories problems "
    "questions complaints pupils players tickets hours days years weeks".split()
)
_MODALS = _AUXILIARIES - {"to"}
_POSSESSIVES = frozenset("my our his her their".split())
_PREPOSITIONS = frozenset("to for with from at by between like about of behind beside".split())
_PERFECT = frozenset("have has had 've 's".split())
_CONTRACTIONS = {"cant": "can't", "wont": "won't"}
_WHOSE_BEFORE = frozenset("gonna been not".split())
_BE = frozenset("am is are was were be been being i'm you're we're they're he's she's it's "
                "isn't aren't wasn't weren't".split())  # fmt: skip
_BARE_VERBS = frozenset(
    "go get see do make try have hope talk start not just be say take eat meet play move find "
    "keep look hear call leave put give face wait think begin stop celebrate work "
    "focus review".split()
)


class Words:
    """The words of one paragraph with their offsets, folded for matching."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in WORD.finditer(text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.folded = [fold(text[a:b]) for a, b in spans]
        self._sentence_starts: set[int] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    def gap(self, i: int) -> str:
        """What stands between word i and word i + 1."""
        return self.text[self.ends[i] : self.starts[i + 1]]

    def adjacent(self, i: int) -> bool:
        """Word i + 1 follows word i after nothing but spaces."""
        return i + 1 < len(self) and self.gap(i) == " "

    def original(self, i: int, j: int | None = None) -> str:
        return self.text[self.starts[i] : self.ends[i if j is None else j]]

    def sentence_start(self, i: int) -> bool:
        if self._sentence_starts is None:
            starts = {s.start for s in split_sentences(self.text)}
            starts.add(content_start(self.text))
            self._sentence_starts = starts
        pos = self.starts[i]
        while pos > 0 and self.text[pos - 1] in "\"'“‘([*_":
            pos -= 1
        return pos in self._sentence_starts

    def clause_start(self, i: int) -> bool:
        """Word i opens a sentence or a clause (after a comma, a dash or a conjunction)."""
        if i == 0 or self.sentence_start(i):
            return True
        gap = self.gap(i - 1)
        return any(mark in gap for mark in ",;:—–-()\n") or self.folded[i - 1] in _CLAUSE_WORDS

    def after(self, j: int) -> str:
        """Word j, or "" past the end; only when it directly follows word j - 1."""
        return self.folded[j] if j < len(self) and self.adjacent(j - 1) else ""

    def ends_clause(self, i: int) -> bool:
        """Nothing but punctuation follows word i before the clause ends."""
        rest = self.text[self.ends[i] :].lstrip(" ")
        return not rest or rest[0] in '.!?,;:)—–\n"”’'


def own_findings(text: str) -> list[Finding]:
    """Every finding of our rules in one paragraph, in text order (they never overlap)."""
    words = Words(text)
    if len(words) < 2:
        return []
    found: list[Finding] = []
    for rule in _RULES:
        found += rule(words)
    found.sort(key=lambda f: f.start)
    kept: list[Finding] = []
    for finding in found:
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def _finding(
    words: Words, i: int, j: int, replacement: str, reason: str, rule: str, kind: str = "grammar"
) -> Finding:
    start, end = words.starts[i], words.ends[j]
    original = words.text[start:end]
    return Finding(start, end, original, _cased(original, replacement), kind, reason,
                   f"rule:{rule}", (_cased(original, replacement),))  # fmt: skip


def _cased(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1 and not original.startswith("I "):
        return replacement.upper()
    if original[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _agreement(words: Words) -> list[Finding]:
    found = []
    folded = words.folded
    for i in range(len(words) - 1):
        pronoun = folded[i]
        if pronoun not in _SUBJECTS or not words.adjacent(i):
            continue
        verb = folded[i + 1]
        fix = next((v for (who, form), v in _AGREEMENT.items() if form == verb and pronoun in who),
                   None)  # fmt: skip
        if fix is None:
            continue
        before = folded[i - 1] if i else ""
        if before in _CAUSATIVES or before in _AUXILIARIES or before == "thank":
            continue
        if pronoun in _SINGULAR and before in _COORDINATORS:
            continue  # "Sam and she have": a plural subject
        if pronoun == "i" and i and words.original(i - 1)[:1].isupper() and words.adjacent(i - 1):
            continue  # "World War I has"
        if verb == "were" and _SUBJUNCTIVE.intersection(folded[max(0, i - 3) : i]):
            continue
        fixed = f"{words.original(i)} {fix}"
        reason = f"The verb does not agree with “{words.original(i)}”: write “{fixed}”."
        found.append(_finding(words, i, i + 1, fixed, reason, "agreement"))
    return found


def _your_welcome(words: Words) -> list[Finding]:
    found = []
    for i in range(len(words) - 1):
        if words.folded[i] != "your" or words.after(i + 1) != "welcome":
            continue
        if not words.clause_start(i):
            continue
        nxt = words.after(i + 2)
        to_verb = nxt == "to" and _verb_like(words, i + 3)
        if words.ends_clause(i + 1) or to_verb:
            reason = "“You're welcome” (you are welcome) is meant here, not the possessive “your”."
            found.append(_finding(words, i, i + 1, "you're welcome", reason, "your_welcome"))
    return found


def _verb_like(words: Words, j: int) -> bool:
    """Word j could be the bare verb after "to": lowercase and not a determiner."""
    if j >= len(words) or not words.adjacent(j - 1):
        return False
    word = words.original(j)
    return word.islower() and words.folded[j] not in _DETERMINERS and word.isalpha()


def _youre_going(words: Words) -> list[Finding]:
    found = []
    for i in range(len(words) - 1):
        if words.folded[i] != "your":
            continue
        nxt = words.after(i + 1)
        if nxt == "gonna" or (
            nxt == "going" and words.after(i + 2) == "to" and _verb_like(words, i + 3)
        ):
            reason = "“You're” (you are) is meant here, not the possessive “your”."
            found.append(_finding(words, i, i, "you're", reason, "youre_going"))
    return found


def _theyre_going(words: Words) -> list[Finding]:
    found = []
    folded = words.folded
    for i in range(1, len(words) - 1):
        if folded[i] != "their" or words.after(i + 1) not in _GOING:
            continue
        before = i - 1
        if folded[before] in _OBJECTS and before > 0:
            before -= 1
        if folded[before] not in _SAYING or words.after(i + 2) not in _GOING_ON:
            continue
        reason = "“They're” (they are) is meant here, not the possessive “their”."
        found.append(_finding(words, i, i, "they're", reason, "theyre_going"))
    return found


def _subject_pronouns(words: Words) -> list[Finding]:
    found = []
    folded = words.folded
    for i in range(len(words) - 3):
        first, second = folded[i], folded[i + 2]
        if folded[i + 1] != "and" or not (words.adjacent(i) and words.adjacent(i + 1)):
            continue
        if first not in _OBJECT_TO_SUBJECT and second not in _OBJECT_TO_SUBJECT:
            continue
        if not all(w in _OBJECT_TO_SUBJECT or w == "i" or _is_name(words, k)
                   for w, k in ((first, i), (second, i + 2))):  # fmt: skip
            continue
        if first == "i" or (first not in _OBJECT_TO_SUBJECT and second == "i"):
            continue  # "I and him", "Sam and I": not this slip
        if not words.clause_start(i) or words.after(i + 3) not in _FINITE:
            continue
        people = [_subject(words, i), _subject(words, i + 2)]
        if "I" in people:
            people.remove("I")
            people.append("I")
        fixed = f"{people[0]} and {people[1]}"
        reason = (f"As the subject of the verb, write “{fixed}”, not “{words.original(i, i + 2)}” "
                  "(the pronouns for who does something, with I last).")  # fmt: skip
        found.append(_finding(words, i, i + 2, fixed, reason, "subject_pronouns"))
    return found


def _is_name(words: Words, k: int) -> bool:
    word = words.original(k)
    return word[:1].isupper() and word[1:].islower() and word.isalpha() and word != "I"


def _subject(words: Words, k: int) -> str:
    word = words.folded[k]
    if word == "i":
        return "I"
    return _OBJECT_TO_SUBJECT.get(word, words.original(k))


def _fewer(words: Words) -> list[Finding]:
    found = []
    for i in range(len(words) - 1):
        if words.folded[i] != "less" or words.after(i + 1) not in _COUNT_NOUNS:
            continue
        if i and words.folded[i - 1] in ("no", "much", "any"):
            continue
        reason = f"“{words.original(i + 1)}” can be counted, so it takes “fewer”, not “less”."
        found.append(_finding(words, i, i, "fewer", reason, "fewer"))
    return found


def _lose(words: Words) -> list[Finding]:
    found = []
    for i in range(1, len(words)):
        word, before = words.folded[i], words.folded[i - 1]
        if not words.adjacent(i - 1):
            continue
        if word == "loose" and before in _MODALS:
            fix = "lose"
        elif word == "loosing" and before in _BE:
            fix = "losing"
        else:
            continue
        reason = (
            f"“{fix.capitalize()}” (to mislay or fail to win) is meant, not “{word}” (not tight)."
        )
        found.append(_finding(words, i, i, fix, reason, "lose"))
    return found


def _lets(words: Words) -> list[Finding]:
    if words.folded[0] != "lets" or words.after(1) not in _BARE_VERBS:
        return []
    if words.original(0) != "Lets" or not words.sentence_start(0):
        return []
    reason = "“Let's” (let us) needs its apostrophe here."
    return [_finding(words, 0, 0, "Let's", reason, "lets", "punctuation")]


_BETWEEN = re.compile(r"\bbetween you and I\b", re.IGNORECASE)


def _between_you_and_me(words: Words) -> list[Finding]:
    found = []
    for match in _BETWEEN.finditer(words.text):
        start, end = match.span()
        original = words.text[start:end]
        fixed = original[:-1] + "me"
        reason = "After “between”, the pronoun is the object form: “between you and me”."
        found.append(Finding(start, end, original, fixed, "grammar", reason,
                             "rule:between_you_and_me", (fixed,)))  # fmt: skip
    return found


def _irregardless(words: Words) -> list[Finding]:
    found = []
    for i, word in enumerate(words.folded):
        if word == "irregardless":
            reason = "“Irregardless” is not standard English; “regardless” says the same."
            found.append(_finding(words, i, i, "regardless", reason, "irregardless"))
    return found


def _me_and_my(words: Words) -> list[Finding]:
    found = []
    folded = words.folded
    for i in range(len(words) - 4):
        if folded[i] != "me" or folded[i + 1] != "and" or folded[i + 2] not in _POSSESSIVES:
            continue
        if not all(words.adjacent(k) for k in range(i, i + 4)) or not words.clause_start(i):
            continue
        if folded[i + 4] not in _FINITE or not words.original(i + 3).isalpha():
            continue
        fixed = f"{words.original(i + 2, i + 3)} and I"
        if words.original(i)[0].isupper():
            fixed = fixed[0].upper() + fixed[1:]
        shown = words.original(i, i + 3)
        reason = f"As the subject of the verb, write “{fixed}”, not “{shown}” (with I last)."
        found.append(_finding(words, i, i + 3, fixed, reason, "subject_pronouns"))
    return found


def _object_pronoun(words: Words) -> list[Finding]:
    found = []
    folded = words.folded
    for i in range(1, len(words) - 2):
        if folded[i + 1] != "and" or words.original(i + 2) != "I" or not words.ends_clause(i + 2):
            continue
        if folded[i - 1] not in _PREPOSITIONS or not (words.adjacent(i) and words.adjacent(i + 1)):
            continue
        if not (_is_name(words, i) or folded[i] in _OBJECTS):
            continue
        fixed = f"{words.original(i)} and me"
        reason = (f"After “{words.original(i - 1)}”, the pronoun is the object form: “{fixed}”, "
                  "as you would say “to me”.")  # fmt: skip
        found.append(_finding(words, i, i + 2, fixed, reason, "object_pronoun"))
    return found


def _seen(words: Words) -> list[Finding]:
    found = []
    for i in range(len(words) - 1):
        pronoun = words.folded[i]
        if pronoun not in ("i", "we", "they", "he", "she") or words.after(i + 1) != "seen":
            continue
        if not words.clause_start(i) or (i and words.folded[i - 1] in _PERFECT):
            continue
        who = words.original(i)
        have = "has" if pronoun in ("he", "she") else "have"
        fixed, other = f"{who} saw", f"{who} {have} seen"
        reason = "“Seen” needs “have” or “has” before it; or use “saw”."
        finding = _finding(words, i, i + 1, fixed, reason, "seen")
        found.append(dataclasses.replace(finding, alternatives=(fixed, other)))
    return found


def _contraction(words: Words) -> list[Finding]:
    found = []
    for i in range(1, len(words)):
        fix = _CONTRACTIONS.get(words.folded[i])
        if fix is None or words.folded[i - 1] not in _SUBJECTS or not words.adjacent(i - 1):
            continue
        reason = f"“{_cased(words.original(i), fix)}” needs its apostrophe here."
        found.append(_finding(words, i, i, fix, reason, "contraction", "punctuation"))
    return found


def _theyre_there(words: Words) -> list[Finding]:
    found = []
    for i in range(len(words) - 1):
        if words.folded[i] != "there" or not words.sentence_start(i):
            continue
        if words.after(i + 1) == "gonna" or (
            words.after(i + 1) == "going"
            and words.after(i + 2) == "to"
            and _verb_like(words, i + 3)
        ):
            reason = "“They're” (they are) is meant here, not “there”."
            found.append(_finding(words, i, i, "they're", reason, "theyre_there"))
    return found


def _whose(words: Words) -> list[Finding]:
    found = []
    for i in range(len(words) - 1):
        if words.folded[i] != "whose":
            continue
        nxt = words.after(i + 1)
        if nxt in _WHOSE_BEFORE or (nxt == "going" and words.after(i + 2) == "to"):
            reason = "“Who's” (who is, who has) is meant here; “whose” needs a noun after it."
            found.append(_finding(words, i, i, "who's", reason, "whose"))
    return found


_RULES: tuple[Callable[[Words], list[Finding]], ...] = (
    _agreement, _your_welcome, _youre_going, _theyre_going, _subject_pronouns, _me_and_my,
    _object_pronoun, _seen, _contraction, _theyre_there, _whose, _fewer, _lose, _lets,
    _between_you_and_me, _irregardless,
)  # fmt: skip
