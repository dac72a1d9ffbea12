"""The voice part of `check --voice NAME`: the document's match and each paragraph's.

JSON (added at the top level of `check --json`):
    "voice": {"profile": NAME, "match": 0-100, "label": str, "words": int,
              "differences": [{"feature", "text", "yours", "here", "unit", "cost"}, ...],
              "unfamiliar_words": [str, ...]},
    "paragraph_voice": [{"start", "end", "voice_match"}, ...]
`paragraph_voice` has one entry per non-blank line (start/end: offsets into the text, as the
suggestions' are; voice_match: 0-100). It stands apart until check --json has a "paragraphs"
list to fold it into. The document's match comes from the sum of the paragraphs' counts.
"""

from __future__ import annotations

from app.core.document import line_starts, split_lines
from app.core.voice.counts import count_paragraph, sum_counts
from app.core.voice.match import VoiceMatch, matcher
from app.core.voice.profile import VoiceProfile


def voice_report(profile: VoiceProfile, text: str) -> tuple[VoiceMatch, list[dict]]:
    """The document's match and [{"start", "end", "voice_match"}] per non-blank line."""
    m = matcher(profile)
    lines = split_lines(text)
    counted, paragraphs = [], []
    for start, line in zip(line_starts(lines), lines, strict=True):
        if not line.strip():
            continue
        counts = count_paragraph(line, phrases=False)
        counted.append(counts)
        paragraphs.append({"start": start, "end": start + len(line),
                           "voice_match": m.match_counts(counts).score})
    return m.match_counts(sum_counts(counted), "document"), paragraphs


def voice_payload(profile: VoiceProfile, text: str) -> dict:
    """{"voice": ..., "paragraph_voice": [...]} for check --json (module docstring)."""
    document, paragraphs = voice_report(profile, text)
    return {
        "voice": {
            "profile": profile.name,
            "match": document.score,
            "label": document.label,
            "words": document.words,
            "differences": [d.to_dict() for d in document.differences],
            "unfamiliar_words": list(document.unfamiliar_words),
        },
        "paragraph_voice": paragraphs,
    }


def format_voice(profile: VoiceProfile, text: str) -> str:
    """The voice line of check's plain-text report."""
    document, _ = voice_report(profile, text)
    lines = [f"  Voice        {document.score}/100 {document.label} (profile {profile.name})"]
    lines += [f"               {d.text}" for d in document.differences]
    if document.unfamiliar_words:
        lines.append("               words you never use: "
                     + ", ".join(document.unfamiliar_words[:5]))
    return "\n".join(lines)
