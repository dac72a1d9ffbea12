"""Spelling, grammar, punctuation and typos, offline: Harper (harper-py) and a few rules of ours.

`CorrectnessChecker.check_paragraph` checks one paragraph (one line of the document) in
Harper's Markdown mode, so headings, `code`, link targets and URLs are not prose (the words of
a heading or a link are). It returns `Finding`s like the style checker's: offsets into the
paragraph (Harper's spans count code points, as Python's string indices do), Harper's first
suggestion as the replacement ("" removes, None when it has none), all of them as the
alternatives, its message as the reason, and "harper:<Rule>" or "rule:<ours>" as the source.
Lines inside fenced code blocks are the caller's to skip: `fenced_lines` finds them.

Kinds. Harper names a kind for each lint; they map to the four of the correctness family:
* spelling: Spelling (unknown words, and misspelled words such as "to loose");
* typo: Typo ("teh"), BoundaryError (split or merged words, "alot"), Capitalization (a
  sentence or "i" in lower case) and Repetition (a doubled word, "the the");
* punctuation: Punctuation ("Its a", missing apostrophes) and Formatting;
* grammar: everything else that is kept: Agreement, Grammar, WordChoice, Usage, Eggcorn,
  Malapropism, Nonstandard and Miscellaneous (a/an, then/than).
Lints of kind Style, Readability, Enhancement, Redundancy or Regionalism are dropped whatever
rule made them: they are the editing family's business or a matter of taste.

Turned off in Harper (154 of the 905 rules it runs by default; `harper_config`), and why:
* They duplicate Humanize's editing rules: LongSentences (our hard sentences), the wordiness
  lints (FillerWords, Hedging, AvoidAndAlso, CondenseAllThe, SendAnEmailTo, the Redundant*
  family, WholeEntire, VeryUnique...) and the "stronger word" lints (BoringWords, Excellent,
  Freezing, Starving). Harper's doubled-word lint (RepeatedWords) stays: our repetition rule
  counts a word three times in 30 words, not a word written twice.
* They are style opinions, not errors: the Oxford comma either way, title case in headings,
  spelled-out numbers, "okay" for "ok", dashes, ellipsis characters, en dashes in ranges,
  primes, double spaces, a comma after an opening "However", closed or hyphenated compounds
  ("coffee pot", "co-sponsor", "double check"), spelling out abbreviations and initialisms
  ("btw", "tho", "hrs"), curses, and dialect vocabulary ("spanner", "have a look"; spelling
  follows the dictionary of the chosen dialect).
* They flagged correct writing in our samples: SplitWords (real words missing from Harper's
  dictionary, split in two), MissingPreposition, QuantifierNumeralConflict ("a little one"),
  OrthographicConsistency (the name "Sam" spelled like the acronym), DayOneNames ("Day one"),
  WrongNegative, MassNouns, OneOfTheSingular, ComplainAsNoun, TheirToThere ("which is their
  right"), QuantifierNeedsOf ("a couple weeks"), QuiteQuiet, ToTwoToo ("the locals too
  love"), Everyone ("every one of us"), NotTo ("saying no to things"), PhrasalVerbAsCompoundNoun
  ("lead to burnout"), InflectedVerbAfterTo ("leads to improved sleep"), RedundantThat ("that
  that" can be right), UnclosedQuotes (a quotation over several paragraphs opens each one and
  closes only the last).
What is filtered on top of Harper (names, acronyms, numbers, lower-case notes...) and how
findings are merged: correctness_lints.py. Words writers use that Harper's dictionary lacks
(informal ones such as "lol" and "pls", the marks of a voice, which Humanize never flags, and
standard ones such as "afterwards" or "headteacher") are added to it. Our own rules
(correctness_rules.py) catch slips Harper misses ("they was spread", "your welcome", "me and
him went"); where Harper flags overlapping text, its finding is kept.

Threads: construction takes about a second in a fresh process (Harper builds its dictionary;
later checkers take 0.05 s), so build the checker in a background thread. Every method is
safe to call from any thread: a lock serialises the calls into Harper, which refuses two at
once on one linter, so two threads that want to check in parallel need two checkers.
Findings are frozen dataclasses.

Speed (bench/correctness.py, on a busy two-core machine): one paragraph takes a few
milliseconds (p50 about 5 ms, p95 about 13 ms). Harper's cost grows with the number of rules
and it has a large cost per call, so `check_paragraphs` sends BATCH paragraphs per call,
which halves the cost; 100,000 words of new text then take about 12 s of CPU with these 751
rules (spelling alone: under 3 s), and a first pass with spelling and the FIRST_PASS rules
about a fifth of that. It is meant for the background, never the GUI thread.
"""

from __future__ import annotations

import locale
import os
import threading
from collections.abc import Iterable, Sequence

import harper

from app.core.analysis.correctness_lints import FENCE, findings
from app.core.analysis.families import CORRECTNESS_KINDS
from app.core.analysis.lexicon import fold
from app.core.analysis.style_rules import Finding

__all__ = [
    "DIALECTS",
    "FIRST_PASS",
    "KINDS",
    "CorrectnessChecker",
    "default_dialect",
    "fenced_lines",
    "harper_config",
]

KINDS: tuple[str, ...] = CORRECTNESS_KINDS
BATCH = 20  # paragraphs per call into Harper in check_paragraphs (bench/correctness.py)
DIALECTS: dict[str, harper.Dialect] = {
    "us": harper.Dialect.AMERICAN,
    "uk": harper.Dialect.BRITISH,
    "canada": harper.Dialect.CANADIAN,
    "australia": harper.Dialect.AUSTRALIAN,
    "india": harper.Dialect.INDIAN,
}
# Countries whose spelling follows one of Harper's dialects more closely than American.
_COUNTRY_DIALECT = {"GB": "uk", "UK": "uk", "IE": "uk", "CA": "canada", "AU": "australia",
                    "NZ": "australia", "IN": "india"}  # fmt: skip
_COUNTRY_NAMES = {"united kingdom": "GB", "ireland": "IE", "canada": "CA", "australia": "AU",
                  "new zealand": "NZ", "india": "IN"}  # fmt: skip

_DUPLICATES = ("LongSentences",)
_EDITING = (
    "AvoidAndAlso", "CondenseAllThe", "FillerWords", "Hedging", "BoringWords", "Excellent",
    "Freezing", "Starving", "FatalOutcome", "SendAnEmailTo", "VeryUnique", "AmInTheMorning",
    "InTimeFromNow", "AfterLater", "FallBelow", "WholeEntire", "VeryMuchSo", "ThatWhich",
    "FindOut", "TruthToTheFact", "SideTangent", "FellowCoRedundancy", "EverPronounRelPronoun",
    "CauseItIsBecause", "WasComprisedOf",
)  # fmt: skip
_OPINIONS = (
    "OxfordComma", "NoOxfordComma", "UseTitleCase", "SpelledNumbers", "AvoidContractions",
    "PreferPleaded", "PreferSneaked", "PreferPled", "PreferSnuck", "OkToOkay", "Dashes",
    "UseEllipsisCharacter", "EllipsisLength", "NumericRangeEnDash", "FootInchMinuteSecondSymbols",
    "NoFrenchSpaces", "Spaces", "DiscourseMarkers", "CompoundNouns", "DisjointPrefixes",
    "DoubleCheckHyphen", "EagleEyed", "EverPresent", "FaceFirst", "FirstPersonModifierHyphen",
    "OneHanded", "PasswordProtectedHyphen", "RainbowColoredHyphen", "ClickThroughRate",
    "CaseSensitive", "InDemandInDepth", "HyphenateNumberDay", "EasyGoingCompoundAdjective",
    "RoadMap", "CrossPlatform", "DoubleClick", "RightClick", "ArriveOnWeekday", "LeaveToFor",
    "Addicting", "ThrowRubbish", "SomewhatSomething", "LessWorse", "HaveTakeALook",
    "InOnTheCards", "FedUpWith", "TillDate", "Regionalisms", "Touristic", "AvoidCurses",
)  # fmt: skip
_FALSE_FLAGS = (
    "SplitWords", "MissingPreposition", "QuantifierNumeralConflict", "OrthographicConsistency",
    "DayOneNames", "WrongNegative", "MassNouns", "OneOfTheSingular", "ComplainAsNoun",
    "TheirToThere", "QuantifierNeedsOf", "QuiteQuiet", "ToTwoToo", "UnclosedQuotes", "Everyone",
    "NotTo", "PhrasalVerbAsCompoundNoun", "InflectedVerbAfterTo",
)  # fmt: skip
# The first pass over a whole document (check_paragraphs(first_pass=True)): spelling and the
# rules for the slips writers make most, general rules rather than Harper's hundreds of
# single idioms and names: pronouns and possessives (its/it's, your/you're, there/their/
# they're, agreement after a pronoun), articles (a/an, a doubled "the"), verb forms after
# modals, "did" and "have" ("could of", "did went"), then/than, lose/loose, capitals,
# commas and apostrophes, doubled words. About a fifth of the cost of all the rules.
FIRST_PASS = (
    "SpellCheck", "EachOthersPossessive", "ElsePossessive", "HavePronoun", "HeDos", "IAm",
    "IAmAgreement", "IDo", "ItsContraction", "ItsPossessive", "MultipleSequentialPronouns",
    "PossessiveYour", "PronounAre", "PronounContraction", "PronounInflectionBe", "PronounKnew",
    "PronounVerbAgreement", "SubjectPronoun", "TheirToTheyre", "TheMy", "ThereOwn", "Theres",
    "ThereToTheir", "TheyreConfusions", "TheyreToTheir", "TheyToThem", "WereWhere",
    "WhomSubjectOfVerb", "YourOutClauseAgreement", "YourPredicateAdjective", "Yourself", "AnA",
    "AnAnother", "AnotherAn", "TheAnother", "The", "ThenThan", "ThatThan", "NounVerbConfusion",
    "ModalOf", "DoubleModal", "DoubleNegative", "IsBeenAuxSequence", "SingleBe",
    "WillNonLemma", "DidPast", "SimplePastToPastParticiple", "HavePassed",
    "SubjunctiveWasToWere", "ThereIsAgreement", "ToLoseTooLoose", "ToTooIdioms", "Everyday",
    "PluralDecades", "Cant", "DontCan", "Didnt", "WayTooAdjective", "CorrectNumberSuffix",
    "SentenceCapitalization", "CapitalizePersonalPronouns", "CommaFixes", "WrongApostrophe",
    "QuoteSpacing", "RepeatedWords",
)  # fmt: skip
_OFF_PREFIXES = ("Redundant",)  # wordiness, the editing family's
_OFF_DESCRIPTIONS = ("Expands ",)  # abbreviations and initialisms spelled out: "btw", "w/", "tho"

# Words writers use that Harper's dictionary lacks. Informal ones are the marks of a voice,
# which Humanize never flags; the others are standard English in every dialect.
_EXTRA_WORDS = (
    "lol", "lmao", "omg", "btw", "imo", "imho", "tbh", "idk", "ymmv", "fyi", "brb", "pls",
    "plz", "thx", "bc", "cuz", "ur", "u", "ps", "ok", "mins", "hrs", "secs", "wifi",
    "afterwards", "flyer", "flyers", "comfrey", "sunburnt", "rebook", "rebooked", "bloke",
    "blokes", "whisky", "lasagne", "blackfly", "homeware", "wildland", "fado", "uni",
    "headteacher", "headteachers", "focussed", "focussing", "doh", "blech", "argh", "eww",
    "aww", "ahh", "mmm", "gah", "bleh", "ew", "welp", "ngl", "lowkey", "highkey", "afk", "gg",
    "ig", "idc", "irl", "smh", "rn", "tho", "shoutout", "shoutouts", "slushie", "slushies",
    "pillowy", "crossbody", "splashback", "narrowboat", "narrowboats", "woodsmoke",
    "customisable", "overtopped",
)  # fmt: skip


def default_dialect(locale_name: str | None = None) -> str:
    """The dialect for the writer's locale ("en_GB.UTF-8" -> "uk"); "us" when it says none."""
    name = locale_name
    if name is None:
        name = next((os.environ[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG")
                     if os.environ.get(k)), None)  # fmt: skip
    if name is None:
        try:
            name = locale.getlocale()[0]
        except ValueError:
            name = None
    # "en_GB.UTF-8", "en-AU", or on Windows "English_United Kingdom".
    language, _, country = (name or "").split(".")[0].split("@")[0].replace("-", "_").partition("_")
    if language.lower() not in ("en", "english"):
        return "us"
    country = _COUNTRY_NAMES.get(country.lower(), country)
    return _COUNTRY_DIALECT.get(country.upper(), "us")


def fenced_lines(lines: Sequence[str]) -> frozenset[int]:
    """Indices of the lines that are fenced code blocks (fences included), not prose."""
    inside: set[int] = set()
    fence = ""
    for i, line in enumerate(lines):
        match = FENCE.match(line)
        if fence:
            inside.add(i)
            if match and match.group(1) == fence and not line.strip()[3:].strip("`~"):
                fence = ""
        elif match:
            inside.add(i)
            fence = match.group(1)
    return frozenset(inside)


class CorrectnessChecker:
    """Harper with our configuration and rules, for one dialect and the writer's word list."""

    def __init__(self, dialect: str = "us", words: Iterable[str] = ()) -> None:
        _check_dialect(dialect)
        self._lock = threading.Lock()
        self._words = {w.strip() for w in words if w.strip()}
        self._folded = {fold(w) for w in self._words}
        self._known_words: dict[str, bool] = {}
        self._dialect = dialect
        self._linter = _build(dialect, self._words)
        self._first: harper.Linter | None = None  # FIRST_PASS only, built when first asked
        self._speller: harper.Linter | None = None  # SpellCheck only, for _known

    @property
    def dialect(self) -> str:
        return self._dialect

    @property
    def words(self) -> frozenset[str]:
        """The writer's dictionary words, as given."""
        with self._lock:
            return frozenset(self._words)

    def add_word(self, word: str) -> None:
        """Accept `word` (and its possessive) from now on; takes about 10 ms."""
        word = word.strip()
        if not word:
            return
        with self._lock:
            if word not in self._words:
                self._words.add(word)
                self._folded.add(fold(word))
                for linter in (self._linter, self._first, self._speller):
                    if linter is not None:
                        linter.import_words([word])
                self._known_words.clear()

    def set_dialect(self, dialect: str) -> None:
        """Rebuild for another dialect, keeping the writer's words; checks made meanwhile use
        the old dialect."""
        _check_dialect(dialect)
        if dialect == self._dialect:
            return
        with self._lock:
            words = set(self._words)
        linter = _build(dialect, words)
        with self._lock:
            added = sorted(self._words - words)  # while the new linter was being built
            if added:
                linter.import_words(added)
            self._linter, self._dialect = linter, dialect
            self._first = self._speller = None
            self._known_words.clear()

    def check_paragraph(self, text: str) -> tuple[Finding, ...]:
        """Findings for one paragraph, sorted by start, never overlapping."""
        with self._lock:
            return findings([text], self._linter, self._folded, self._known)[0]

    def check_paragraphs(
        self, texts: Sequence[str], first_pass: bool = False
    ) -> list[tuple[Finding, ...]]:
        """`check_paragraph` for many paragraphs, at about half the cost of one call each: they
        go to Harper BATCH at a time, and the lock is let go between batches, so a paragraph
        being edited can be checked meanwhile from another thread. `first_pass`: only
        spelling and the FIRST_PASS rules, at about a fifth of the cost, for a first look at
        a whole document; the findings are those of all the rules less what the others find."""
        results: list[tuple[Finding, ...]] = []
        for first in range(0, len(texts), BATCH):
            with self._lock:
                linter = self._linter
                if first_pass:
                    if self._first is None:
                        self._first = _build(self._dialect, self._words, rules=FIRST_PASS)
                    linter = self._first
                results += findings(texts[first : first + BATCH], linter, self._folded,
                                    self._known)  # fmt: skip
        return results

    def _known(self, word: str) -> bool:
        """Whether Harper's dictionary (with the writer's words) has `word`; the lock is held."""
        known = self._known_words.get(word)
        if known is None:
            if self._speller is None:  # a quarter of the cost of asking with every rule
                self._speller = _build(self._dialect, self._words, rules=("SpellCheck",))
            known = not self._speller.organized_lints(word).get("SpellCheck")
            if len(self._known_words) > 10_000:
                self._known_words.clear()
            self._known_words[word] = known
        return known


def _check_dialect(dialect: str) -> None:
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")


def _build(dialect: str, words: Iterable[str], rules: Sequence[str] = ()) -> harper.Linter:
    """A linter with our configuration, or only those of its `rules` that it keeps on."""
    linter = harper.Linter(DIALECTS[dialect])
    linter.set_lint_config(harper_config(linter, only=rules))
    linter.import_words([*_EXTRA_WORDS, *sorted(words)])
    return linter


def harper_config(linter: harper.Linter, only: Sequence[str] = ()) -> dict[str, bool | None]:
    """Harper's rule switches as Humanize sets them (see the module docstring); with `only`,
    those of these rules that are on and no others."""
    if only:
        return {name: bool(on) and name in only
                for name, on in harper_config(linter).items()}  # fmt: skip
    default = linter.get_default_lint_config()
    descriptions = linter.get_lint_descriptions()
    off = {*_DUPLICATES, *_EDITING, *_OPINIONS, *_FALSE_FLAGS}
    config: dict[str, bool | None] = {}
    for name, on in default.items():
        if (name in off or name.startswith(_OFF_PREFIXES)
                or descriptions.get(name, "").startswith(_OFF_DESCRIPTIONS)):  # fmt: skip
            config[name] = False
        else:
            config[name] = on
    return config
