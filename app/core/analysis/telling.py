"""Telling, not showing: an emotion named outright ("I felt sad", "she was furious"). Editing
family, no automatic fix: the writer decides whether to show what the person does instead.

A subject pronoun or a capitalised name, a linking verb (felt, was, seemed, got...), at most
one degree word, then a word that names a feeling. Fiction and memoir use these on purpose
now and then; the finding only asks.
"""

from __future__ import annotations

import re

from app.core.analysis.style_rules import Candidate, span_candidate

_FEELINGS = (
    "sad|happy|angry|furious|scared|afraid|frightened|anxious|nervous|excited|thrilled|"
    "delighted|depressed|upset|disgusted|surprised|shocked|lonely|jealous|ashamed|"
    "embarrassed|proud|grateful|worried|terrified|heartbroken|miserable|joyful|elated|"
    "annoyed|irritated|frustrated|hopeful|relieved|devastated|overjoyed|enraged|livid|"
    "ecstatic|content|glad|sorrowful|gloomy|fearful|envious|guilty")
_TELLING = re.compile(
    r"\b(?:I|he|she|they|we|you|[A-Z][a-z]+)\s+(?:felt|feel|feels|was|were|am|is|are|seemed|"
    r"looked|got|became|grew)\s+(?:so\s+|very\s+|really\s+|incredibly\s+|quite\s+|extremely\s+"
    r"|deeply\s+|utterly\s+|a\s+bit\s+|a\s+little\s+)?(?P<feeling>" + _FEELINGS + r")\b")
REASON = ("This names the feeling outright. Showing what the person does, says or notices "
          "lets the reader feel it.")


def telling(text: str) -> list[Candidate]:
    return [span_candidate(text, m.start(), m.end(), "telling", REASON)
            for m in _TELLING.finditer(text)]
