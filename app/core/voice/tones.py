"""Custom tones: the writer's own additions to the preset tones (Natural, Warm, ...).

A tone has a name, one line saying what it should sound like, and either two or three example
pairs (before -> after) or a document to sound like (a path: like voice samples, the document
stays where it is). Base models are steered by the examples, instruct models by the line and
the examples; a "sound like this document" tone gets its examples from the document through
`tone_profile` and closest_examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from app.core.voice.profile import VoiceProfile, learn_files

MAX_NAME = 40
MAX_DESCRIPTION = 200
MIN_EXAMPLES, MAX_EXAMPLES = 2, 3


@dataclass(frozen=True, slots=True)
class ExamplePair:
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class CustomTone:
    name: str
    description: str  # one line: "Dry, short sentences, a little wry"
    examples: tuple[ExamplePair, ...] = ()
    document: str = ""  # a file to sound like, instead of (or besides) examples

    def problems(self, taken: frozenset[str] = frozenset()) -> list[str]:
        """What is wrong with the tone, in sentences for the writer; [] when it can be saved.
        `taken`: names already in use (the presets, other tones), compared case-insensitively."""
        found = []
        name = self.name.strip()
        if not name:
            found.append("Give the tone a name.")
        elif len(name) > MAX_NAME:
            found.append(f"Keep the name to {MAX_NAME} characters.")
        elif name.casefold() in {t.casefold() for t in taken}:
            found.append(f"There is already a tone called {name}.")
        if "\n" in self.description.strip():
            found.append("Say what it should sound like in one line.")
        elif len(self.description) > MAX_DESCRIPTION:
            found.append(f"Keep the description to {MAX_DESCRIPTION} characters.")
        if self.examples and not MIN_EXAMPLES <= len(self.examples) <= MAX_EXAMPLES:
            found.append(f"Give {MIN_EXAMPLES} or {MAX_EXAMPLES} example pairs.")
        if any(not p.before.strip() or not p.after.strip() for p in self.examples):
            found.append("Each example needs both a before and an after.")
        if not self.examples and not self.document:
            found.append("Add example pairs or choose a document to sound like.")
        if self.document and not Path(self.document).is_file():
            found.append(f"The document {self.document} cannot be found.")
        return found

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "examples": [{"before": p.before, "after": p.after} for p in self.examples],
            "document": self.document,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> CustomTone:
        return cls(
            name=str(data["name"]),
            description=str(data.get("description", "")),
            examples=tuple(ExamplePair(str(p["before"]), str(p["after"]))
                           for p in data.get("examples", ())),
            document=str(data.get("document", "")),
        )


def tone_profile(tone: CustomTone) -> VoiceProfile | None:
    """A voice profile of the tone's document (read now), or None without one; raises
    app.core.fileio.FileReadError when the document cannot be read."""
    if not tone.document:
        return None
    return learn_files([tone.document], name=tone.name)
