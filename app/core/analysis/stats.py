"""Plain counts a writer reads at a glance: words, sentences, paragraphs, characters, time."""

from __future__ import annotations

from dataclasses import dataclass

# Average silent reading speed of adults for non-fiction (Brysbaert, 2019: 238 words a minute).
# textstat's own reading_time (14.69 ms per character) is closer to skimming, so the "min read"
# the writer sees uses this; the textstat figure stays in the readability block.
WORDS_PER_MINUTE = 238


@dataclass(frozen=True, slots=True)
class Counts:
    words: int
    sentences: int
    paragraphs: int  # non-blank lines
    characters: int  # every character, spaces included, line breaks excluded
    characters_no_spaces: int
    reading_time_s: float

    @property
    def reading_minutes(self) -> int:
        """Whole minutes to read, at least 1 for any text (as "5 min read" shows it)."""
        if not self.words:
            return 0
        return max(1, round(self.reading_time_s / 60))


def counts(
    words: int, sentences: int, paragraphs: int, characters: int, characters_no_spaces: int
) -> Counts:
    return Counts(
        words=words,
        sentences=sentences,
        paragraphs=paragraphs,
        characters=characters,
        characters_no_spaces=characters_no_spaces,
        reading_time_s=words * 60 / WORDS_PER_MINUTE,
    )
