"""Habits of generated prose that a word list cannot catch: the shape of a sentence, not its
words. Each detector looks at one paragraph (already cut into words and sentences), says in
plain words what it found and, where that can be done safely, offers the plain version.

They are written to stay quiet when unsure: a false flag on a person's writing costs more than
a missed habit. Calibrated on real texts (bench/rules.py reads ../shared/corpus at run time)
beside our own samples in tests/data.

* negative_parallelism: "not only X but also Y" (fix: "X and Y" when both halves are short
  verb phrases), "not just X, but Y", "It's not X, it's Y", "isn't just X; it's Y", "It's not
  about X. It's about Y."
* rule_of_three: a list of exactly three items, each one or two words, every item an abstract
  noun ("innovation, collaboration, and growth") or every item an evaluative adjective
  ("engaging, informative, and inspiring"). Concrete lists ("eggs, flour and sugar") never
  match: the items must be on the abstract word list or end in an abstract suffix.
* trailing_analysis: a sentence that ends in ", highlighting / underscoring / emphasizing /
  reflecting / showcasing / ... <clause>." with no figure or name in the clause (those say
  something concrete) (fix: end the sentence before it).
* vague_attribution: "experts say", "studies show", "research suggests", "many believe",
  "it is widely believed" in a sentence that names no source (no capitalised name after the
  sentence's first word, no figure, no "according to", no link).
* em_dash: a paragraph with at least EM_DASH_MIN em dashes and more than one per
  EM_DASH_WORDS words; each dash is a finding (fix: a comma). People type "--" or a spaced
  hyphen; a word processor makes an en dash; generated text is full of "—".
* heading_case: a Markdown sub-heading (## and deeper) in Title Case: at least three words,
  every content word after the first capitalised, at least two of them (fix: sentence case).
  Document titles (#) are left alone: many writers capitalise those.
* bold_lead_in: a list item or paragraph that opens with a bold label and a colon
  ("- **Stay hydrated:** drink water") (fix: the label without the bold).
* synonym_cycling: one paragraph calling the same thing by three different names, one of
  them a show-off variant ("the city... the metropolis... the urban centre").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.core.analysis.lexicon import fold
from app.core.analysis.style_rules import Candidate, Finding, Paragraph

EM_DASH_MIN = 3  # em dashes in one paragraph before any is flagged
EM_DASH_WORDS = 40  # ... and more than one per this many words

_S = r"[^.!?;:\n]"  # inside one clause
_NOT_ONLY = re.compile(
    rf"\bnot only\s+(?P<a>{_S}{{1,80}}?),?\s+but\s+also\s+(?P<b>[^.!?;:,\n]{{1,100}}?)"
    r"(?=[.!?;:,]|$)", re.IGNORECASE)
_NOT_JUST_BUT = re.compile(
    rf"\bnot\s+(?:just|only|merely|simply)\s+(?:about\s+)?{_S}{{1,80}}?[,;—–]\s*(?:but|it's|it is|"
    r"they're|they are|it’s|they’re)\b", re.IGNORECASE)
_ISNT_JUST = re.compile(
    rf"\b(?:isn't|isn’t|aren't|aren’t|wasn't|wasn’t|is not|are not|was not)\s+(?:just|only|"
    rf"merely|simply)\s+{_S}{{1,80}}?[,;—–]\s*(?:it's|it’s|it is|they're|they’re|they are|"
    r"but|this is)\b", re.IGNORECASE)
_ITS_NOT_ITS = re.compile(
    rf"\b(?:it's|it’s|it is|this is|that's|that’s)\s+not\s+(?!just\b|only\b){_S}{{1,60}}?"
    r"[,;—–]\s*(?:it's|it’s|it is)\b", re.IGNORECASE)
_NOT_ABOUT = re.compile(
    r"\b(?:it's|it’s|it is|this is|that's|that’s|success is|life is)\s+not\s+(?:just\s+)?"
    r"about\b[^.!?]{1,80}[.!?]\s+(?:it's|it’s|it is)\s+(?:about\b|the\b)", re.IGNORECASE)

_TRAILING = re.compile(
    r",\s+(?P<verb>(?:highlighting|underscoring|emphasizing|emphasising|showcasing|"
    r"signaling|signalling|symbolizing|symbolising|cementing|solidifying|fostering|"
    r"contributing to|paving the way|marking|underlining|exemplifying|embodying|"
    r"offering a glimpse|reminding us)\b|(?:reflecting|ensuring|demonstrating|illustrating|"
    r"reinforcing|capturing|serving as)\s+(?:the|its|their|a|an|our|this|his|her)\b)"
    r"[^.!?]{3,160}(?=[.!?])", re.IGNORECASE)

_VAGUE = re.compile(
    r"\b(?:(?:many|most|some|numerous|leading|top)\s+)?(?:experts|scientists|researchers|"
    r"specialists|professionals|doctors|analysts|critics|historians|observers|nutritionists)\s+"
    r"(?:say|says|agree|believe|suggest|note|argue|recommend|warn|claim|point out)\b"
    r"|\b(?:studies|research|recent studies|recent research|numerous studies|many studies|"
    r"evidence|data)\s+(?:show|shows|suggest|suggests|indicate|indicates|has shown|have shown|"
    r"reveal|reveals|confirms|confirm)\b"
    r"|\b(?:many|some|most)\s+(?:people\s+)?(?:believe|argue|say|feel|agree)\b"
    r"|\bit\s+is\s+(?:widely|often|commonly|generally)\s+(?:believed|said|thought|known|"
    r"accepted|agreed)\b", re.IGNORECASE)
_SOURCE_HINT = re.compile(r"\d|according to|https?://|\]\(|\bet al\b|\(\s*\d{4}\s*\)",
                          re.IGNORECASE)

_ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ence", "ance", "ism", "ship",
                      "hood", "dom")
_ABSTRACT_NOUNS = frozenset(
    "growth success wellbeing well-being innovation creativity connection community discovery "
    "adventure passion purpose joy love trust excellence efficiency productivity resilience "
    "integrity empathy collaboration inclusion diversity sustainability flexibility comfort "
    "style convenience quality value balance harmony clarity insight insights knowledge wisdom "
    "freedom peace happiness fulfillment fulfilment confidence courage strength innovation "
    "progress change impact inspiration curiosity exploration education engagement support "
    "opportunity opportunities potential transparency accountability authenticity elegance "
    "functionality durability versatility reliability security safety simplicity beauty "
    "culture heritage history tradition tranquility serenity relaxation rejuvenation "
    "self-reflection self-discovery self-care wonder awe energy focus health vitality "
    "performance precision craftsmanship luxury sophistication warmth charm".split())
_EVALUATIVE = frozenset(
    "engaging informative inspiring innovative efficient effective reliable seamless robust "
    "scalable sustainable affordable accessible intuitive dynamic vibrant diverse inclusive "
    "meaningful impactful transformative powerful versatile durable elegant stylish timeless "
    "comfortable practical functional creative thoughtful authentic compelling insightful "
    "comprehensive holistic personalized personalised memorable unforgettable enriching "
    "rewarding fulfilling exciting captivating immersive welcoming nurturing supportive "
    "empowering resilient adaptable flexible secure safe healthy balanced".split())

_EM_DASH = re.compile(r"—")
_HEADING = re.compile(r"^(?P<marks>#{2,6})\s+(?P<title>.+?)\s*#*\s*$")
_SMALL_WORDS = frozenset(
    "a an the and or but nor for so yet of in on at to by with from into onto over as per vs "
    "via up out off is are be".split())
_BOLD_LEAD = re.compile(
    r"^(?P<lead>\s*(?:(?:[-*+]|\d+[.)])\s+)?)\*\*(?P<label>[^*\n]{2,60}?)(?P<colon>:?)\*\*"
    r"(?P<after>:?)\s+(?=\S)")

# Names for one thing: a generated paragraph rotates through them to avoid repeating itself.
# The first word of each group is the plain one; the show-off variants are what give it away.
_SYNONYMS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(plain.split()), frozenset(fancy.split("|")))
    for plain, fancy in (
        ("city town capital", "metropolis|urban center|urban centre|urban hub|urban jungle|"
         "bustling hub|concrete jungle|city's streets"),
        ("company business firm brand", "organization|organisation|enterprise|establishment"),
        ("restaurant cafe café bistro", "eatery|establishment|culinary haven|dining spot"),
        ("dog puppy pup", "canine|canine companion|furry friend|four-legged friend"),
        ("cat kitten", "feline|feline friend|furry friend"),
        ("car truck", "vehicle|automobile"),
        ("book novel", "tome|literary work|volume"),
        ("film movie", "cinematic work|picture|cinematic masterpiece"),
        ("country nation", "homeland|land"),
    ))


# Per group: its show-off variants, and one search for "the <any name of the group>".
_SYNONYM_SEARCH = tuple(
    (fancy, re.compile(r"\b(?:the|this|that|our|its|a)\s+(?P<name>"
                       + "|".join(re.escape(n) for n in sorted(plain | fancy, key=len,
                                                                reverse=True))
                       + r")\b"))
    for plain, fancy in _SYNONYMS)


def machine_patterns(para: Paragraph, wanted: frozenset[str]) -> list[Candidate]:
    """Every pattern finding of the wanted kinds in one paragraph; they may overlap phrase
    findings (a layer of their own) but not each other."""
    found: list[Candidate] = []
    text = para.text
    if "heading_case" in wanted:
        found += _heading_case(text)
    if text.lstrip().startswith("#"):
        return found  # the other patterns are about prose
    if "bold_lead_in" in wanted:
        found += _bold_lead_in(text)
    if "negative_parallelism" in wanted:
        found += _negative_parallelism(text)
    if "rule_of_three" in wanted:
        found += _rule_of_three(para)
    if "trailing_analysis" in wanted:
        found += _trailing_analysis(text)
    if "vague_attribution" in wanted:
        found += _vague_attribution(para)
    if "em_dash" in wanted:
        found += _em_dashes(para)
    if "synonym_cycling" in wanted:
        found += _synonym_cycling(text)
    return found


def _candidate(text: str, start: int, end: int, replacement: str | None, kind: str,
               reason: str, rule: str, alternatives: tuple[str, ...] = ()) -> Candidate:
    original = text[start:end]
    options = alternatives or ((replacement,) if replacement is not None else ())
    finding = Finding(start, end, original, replacement, kind, reason, f"rule:{rule}", options)
    return Candidate(finding, (fold(" ".join(original.split())),))


# --- negative parallelism ------------------------------------------------------------------

_PARALLEL_REASON = ("“Not just X, but Y” is a stock move of generated prose: it knocks down a "
                    "claim nobody made. Say plainly what it is.")


_NOT_JUST_HINTS = ("not just", "not only", "not merely", "not simply", "n't just", "n’t just",
                   "n't only", "n’t only", "n't merely", "n’t merely", "n't simply", "n’t simply")
_ITS_NOT_HINTS = ("it's not", "it’s not", "it is not", "this is not", "that's not", "that’s not",
                  "is not about", "life is not")


def _negative_parallelism(text: str) -> Iterator[Candidate]:
    low = text.lower()
    if "not" not in low and "n't" not in low and "n’t" not in low:
        return
    taken: list[tuple[int, int]] = []
    if "not only" in low:
        for m in _NOT_ONLY.finditer(text):
            a, b = m.group("a").strip(), m.group("b").strip()
            plain = f"{a} and {b}" if len(a.split()) <= 8 and len(b.split()) <= 12 else None
            if plain and m.group(0)[:1].isupper():
                plain = plain[:1].upper() + plain[1:]
            taken.append(m.span())
            yield _candidate(
                text, m.start(), m.end(), plain, "negative_parallelism",
                "“Not only… but also…” is a reflex of generated prose; “and” says the same.",
                "negative_parallelism")
    just = any(hint in low for hint in _NOT_JUST_HINTS)
    its = any(hint in low for hint in _ITS_NOT_HINTS)
    for regex, wanted in ((_NOT_ABOUT, its), (_ISNT_JUST, just), (_NOT_JUST_BUT, just),
                          (_ITS_NOT_ITS, its)):
        if not wanted:
            continue
        for m in regex.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append(m.span())
            yield _candidate(text, m.start(), m.end(), None, "negative_parallelism",
                             _PARALLEL_REASON, "negative_parallelism")


# --- rule of three -------------------------------------------------------------------------


def _abstract_word(word: str) -> bool:
    return word in _ABSTRACT_NOUNS or (
        len(word) > 5 and word.endswith(_ABSTRACT_SUFFIXES) and word.replace("-", "").isalpha())


def _rule_of_three(para: Paragraph) -> Iterator[Candidate]:
    """Lists "A, B(,) and/or C" with items of one or two words, found from each "and"/"or"."""
    words, text = para.words, para.text
    last = len(words) - 1
    for i, word in enumerate(words):
        if word not in ("and", "or") or i < 3 or i == last:
            continue
        for c in ((i + 1, i + 1), (i + 1, i + 2)):
            if c[1] > last or (c[1] > c[0] and not para.plain_gap(c[0])):
                continue
            if c[1] < last and para.separator(c[1]) == "," and words[c[1] + 1] not in (
                    "and", "or", "but", "which", "who", "so"):
                continue  # the list goes on past C: not three
            found = _three_items(para, i, c)
            if found is not None:
                a, _b = found
                start, end = para.starts[a[0]], para.ends[c[1]]
                # Its fixes (keep one item) are built by app/core/fixes.py.
                yield _candidate(
                    text, start, end, None, "rule_of_three",
                    "Three abstract words in a row is a reflex of generated prose; keep the one "
                    "you mean, or name something concrete.", "rule_of_three")
                break


def _three_items(para: Paragraph, conj: int,
                 c: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Items A and B before the conjunction at `conj`, when A, B and C make an abstract list."""
    words, text = para.words, para.text
    if para.separator(conj - 1) not in (",", ""):
        return None
    for b in ((conj - 1, conj - 1), (conj - 2, conj - 1)):
        if b[0] < 1 or (b[1] > b[0] and not para.plain_gap(b[0])):
            continue
        if para.separator(b[0] - 1) != ",":
            continue
        for a in ((b[0] - 1, b[0] - 1), (b[0] - 2, b[0] - 1)):
            if a[0] < 0 or (a[1] > a[0] and not para.plain_gap(a[0])):
                continue
            if a[0] > 0 and para.separator(a[0] - 1) == ",":
                continue  # a fourth item before A
            spans = (a, b, c)
            if any(words[x] in _SMALL_WORDS for x, _ in spans):
                continue
            if any(text[para.starts[k]][:1].isupper() for x, y in spans
                   for k in range(x, y + 1) if k != 0 and not para.initial(para.starts[k])):
                continue  # names: "Lisbon, Porto and Faro"
            heads = [words[y] for _, y in spans]
            singles = all(x == y for x, y in spans)
            if all(_abstract_word(h) for h in heads) or (
                    singles and all(h in _EVALUATIVE for h in heads)):
                return a, b
    return None


# --- trailing analysis ---------------------------------------------------------------------


def _trailing_analysis(text: str) -> Iterator[Candidate]:
    for m in _TRAILING.finditer(text):
        clause = m.group(0)
        if any(ch.isdigit() for ch in clause) or any(
                w[:1].isupper() for w in clause.split()[2:]):
            continue  # figures or names: the clause says something concrete
        verb = m.group("verb").split()[0].lower()
        yield _candidate(
            text, m.start(), m.end(), "", "trailing_analysis",
            f"A closing “, {verb}…” clause tells the reader what to think of the sentence; "
            "generated prose adds one by habit. End the sentence before it.",
            "trailing_analysis")


# --- vague attribution ---------------------------------------------------------------------


_VAGUE_HINTS = ("experts", "scientists", "researchers", "specialists", "professionals",
                "doctors", "analysts", "critics", "historians", "observers", "nutritionists",
                "studies", "research", "evidence", "data ", "believe", "argue", "agree", "widely",
                "often said", "commonly", "generally")


def _vague_attribution(para: Paragraph) -> Iterator[Candidate]:
    text = para.text
    low = text.lower()
    if not any(hint in low for hint in _VAGUE_HINTS):
        return
    for span in para.sentences:
        sentence = text[span.start : span.end]
        m = _VAGUE.search(sentence)
        if m is None or _SOURCE_HINT.search(sentence):
            continue
        words = sentence.split()
        if any(w[:1].isupper() and w.strip("\"'“‘(").isalpha() and w != "I"
               for w in words[1:]):
            continue  # a name in the sentence: probably the source ("Dr Chen's team found")
        start, end = span.start + m.start(), span.start + m.end()
        yield _candidate(
            text, start, end, None, "vague_attribution",
            f"“{text[start:end]}” names no one: say who, and where they said it, or say it "
            "as your own view.", "vague_attribution")


# --- em dashes -----------------------------------------------------------------------------


def _em_dashes(para: Paragraph) -> Iterator[Candidate]:
    text = para.text
    dashes = [m.start() for m in _EM_DASH.finditer(text)]
    if len(dashes) < EM_DASH_MIN or len(dashes) * EM_DASH_WORDS <= len(para.words):
        return
    reason = (f"{len(dashes)} em dashes in one paragraph: generated prose leans on them. A comma, "
              "a full stop or brackets usually read better.")
    for at in dashes:
        start, end = at, at + 1
        while start > 0 and text[start - 1] == " ":
            start -= 1
        while end < len(text) and text[end] == " ":
            end += 1
        replacement = "" if end == len(text) else ", "
        yield _candidate(text, start, end, replacement, "em_dash", reason, "em_dash",
                         alternatives=(", ", ". ", " (")[: 1 if replacement == "" else 3])


# --- Markdown habits -----------------------------------------------------------------------


def _heading_case(text: str) -> Iterator[Candidate]:
    m = _HEADING.match(text)
    if m is None:
        return
    title = m.group("title")
    words = title.split()
    content = [w for w in words[1:] if fold(w.strip("*_`\"'“”‘’:,.!?")) not in _SMALL_WORDS]
    capitalised = [w for w in content if w[:1].isupper() and not w.isupper()]
    if len(words) < 3 or len(capitalised) < 2 or len(capitalised) < len(content):
        return
    fixed = words[:1] + [
        w if w.isupper() or fold(w) not in {fold(c) for c in capitalised} else
        w[:1].lower() + w[1:] for w in words[1:]]
    start = m.start("title")
    yield _candidate(
        text, start, start + len(title), " ".join(fixed), "heading_case",
        "Every word capitalised in a sub-heading is a habit of generated text; sentence case "
        "reads more like a person.", "heading_case")


def _bold_lead_in(text: str) -> Iterator[Candidate]:
    m = _BOLD_LEAD.match(text)
    if m is None or not (m.group("colon") or m.group("after")):
        return
    label = m.group("label").strip()
    start = m.end("lead")
    end = m.end("after")
    yield _candidate(
        text, start, end, f"{label}:", "bold_lead_in",
        "A bold label at the start of every point is how chatbots lay out answers; plain text "
        "(or a real heading) reads more like a person.", "bold_lead_in")


# --- synonym cycling -----------------------------------------------------------------------


def _synonym_cycling(text: str) -> Iterator[Candidate]:
    folded = fold(text)
    for fancy, regex in _SYNONYM_SEARCH:
        if not any(name in folded for name in fancy):
            continue  # the common case: no show-off variant at all
        used: dict[str, int] = {}
        for m in regex.finditer(folded):
            used.setdefault(m.group("name"), m.start("name"))
        shown = [n for n in used if n in fancy]
        if len(used) >= 3 and shown:
            name = min(shown, key=lambda n: used[n])
            start = used[name]
            yield _candidate(
                text, start, start + len(name), None, "synonym_cycling",
                f"This paragraph calls one thing by {len(used)} names ("
                + ", ".join(sorted(used, key=used.get)) + "): generated prose avoids repeating "
                "a word that way. Using the plain word again is fine.", "synonym_cycling")
