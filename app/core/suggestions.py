"""Suggestions and the set of open ones, kept true to the text as the writer edits.

A `Suggestion` is plain data about a span of the document (Python string offsets). The
`SuggestionSet` shifts spans after an edit and drops every suggestion the edit touched, so a
suggestion is never applied to text it was not made for: for every open suggestion,
text[start:end] == original holds after any sequence of edits (tests/core/test_suggestions.py
checks it on random edits).
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from app.core.analysis.families import family_of


@dataclass(frozen=True, slots=True)
class Suggestion:
    start: int
    end: int
    original: str  # the text the suggestion was made for: document[start:end]
    replacement: str | None  # "" deletes; None: no automatic fix (the writer rewrites)
    kind: str  # "ai_tell", "wordy", …, "rewrite"
    reason: str  # one sentence a writer understands
    source: str  # rule id ("lexicon:ai_tells:delve-into") or model name
    revision: int = 0  # the document revision it was made from
    id: str = ""  # stable for the suggestion's life; made from its content when empty
    alternatives: tuple[str, ...] = ()
    typical: bool = False  # an editing suggestion that is itself typical of generated prose

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", _make_id(self))

    @property
    def family(self) -> str:
        """machine, editing or correctness (see app/core/analysis/families.py)."""
        return family_of(self.kind)

    @property
    def feedback_key(self) -> tuple[str, str, str]:
        """What the writer's accept/reject memory is keyed on: the same change on the same text."""
        return (self.kind, self.original.casefold(), (self.replacement or "").casefold())

    def moved(self, start: int, end: int) -> Suggestion:
        return dataclasses.replace(self, start=start, end=end)


_counter = itertools.count()


def _make_id(s: Suggestion) -> str:
    digest = hashlib.blake2b(
        f"{s.kind}\0{s.source}\0{s.original}\0{s.replacement}".encode(), digest_size=5
    ).hexdigest()
    return f"{digest}-{next(_counter)}"


class SuggestionSet:
    """The open suggestions of one document, ordered by start.

    Spans may nest (a paragraph rewrite over rule findings inside it) but each is tracked on
    its own. Entries are [start, end, Suggestion] lists so a shift updates them in place.
    """

    def __init__(self) -> None:
        self._entries: list[list] = []
        self._by_id: dict[str, list] = {}
        self._longest = 0
        self.revision = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Suggestion]:
        return (self._current(e) for e in self._entries)

    def __contains__(self, suggestion_id: str) -> bool:
        return suggestion_id in self._by_id

    def get(self, suggestion_id: str) -> Suggestion | None:
        entry = self._by_id.get(suggestion_id)
        return self._current(entry) if entry else None

    def add(self, suggestion: Suggestion) -> None:
        if suggestion.id in self._by_id:
            raise ValueError(f"suggestion {suggestion.id} is already open")
        entry = [suggestion.start, suggestion.end, suggestion]
        index = bisect.bisect_right(self._entries, suggestion.start, key=_start)
        self._entries.insert(index, entry)
        self._by_id[suggestion.id] = entry
        self._longest = max(self._longest, suggestion.end - suggestion.start)

    def extend(self, suggestions: Iterable[Suggestion]) -> None:
        for s in suggestions:
            self.add(s)

    def remove(self, suggestion_id: str) -> Suggestion | None:
        entry = self._by_id.pop(suggestion_id, None)
        if entry is None:
            return None
        index = bisect.bisect_left(self._entries, entry[0], key=_start)
        while self._entries[index] is not entry:
            index += 1
        del self._entries[index]
        return self._current(entry)

    def clear(self) -> None:
        self._entries.clear()
        self._by_id.clear()
        self._longest = 0

    def overlapping(self, start: int, end: int) -> list[Suggestion]:
        """Open suggestions whose span meets [start, end] (touching ends included)."""
        return [self._current(e) for e in self._entries_meeting(start, end)]

    def at(self, pos: int) -> list[Suggestion]:
        """Suggestions under a cursor position, innermost (shortest) first."""
        hits = [self._current(e) for e in self._entries_meeting(pos, pos) if e[0] <= pos <= e[1]]
        return sorted(hits, key=lambda s: s.end - s.start)

    def remove_where(
        self, start: int, end: int, predicate: Callable[[Suggestion], bool]
    ) -> list[Suggestion]:
        """Remove the suggestions lying inside [start, end] that match the predicate."""
        gone = [
            e for e in self._entries_meeting(start, end)
            if start <= e[0] and e[1] <= end and predicate(e[2])
        ]
        for e in gone:
            self.remove(e[2].id)
        return [self._current(e) for e in gone]

    def next_after(self, pos: int) -> Suggestion | None:
        """The first suggestion starting after `pos` (F8)."""
        index = bisect.bisect_right(self._entries, pos, key=_start)
        return self._current(self._entries[index]) if index < len(self._entries) else None

    def previous_before(self, pos: int) -> Suggestion | None:
        """The last suggestion starting before `pos` (Shift+F8)."""
        index = bisect.bisect_left(self._entries, pos, key=_start)
        return self._current(self._entries[index - 1]) if index > 0 else None

    def of_kind(self, kind: str) -> list[Suggestion]:
        return [self._current(e) for e in self._entries if e[2].kind == kind]

    def apply_edit(self, pos: int, removed: int, added: int) -> list[Suggestion]:
        """The text [pos, pos+removed) became `added` characters. Returns what was dropped."""
        self.revision += 1
        edit_end = pos + removed
        dropped = [self._current(e) for e in self._entries_meeting(pos, edit_end)]
        for s in dropped:
            self.remove(s.id)
        delta = added - removed
        if delta:
            first = bisect.bisect_right(self._entries, edit_end, key=_start)
            for entry in itertools.islice(self._entries, first, None):
                entry[0] += delta
                entry[1] += delta
        return dropped

    def _entries_meeting(self, start: int, end: int) -> list[list]:
        # Entries are sorted by start; any that reaches `start` began at most `_longest` before.
        lo = bisect.bisect_left(self._entries, start - self._longest, key=_start)
        hi = bisect.bisect_right(self._entries, end, key=_start)
        return [e for e in self._entries[lo:hi] if e[1] >= start]

    @staticmethod
    def _current(entry: list) -> Suggestion:
        start, end, s = entry
        if s.start != start or s.end != end:
            s = s.moved(start, end)
            entry[2] = s
        return s


def _start(entry: list) -> int:
    return entry[0]


def apply_suggestion(text: str, s: Suggestion, replacement: str | None = None) -> str:
    """The text with the suggestion applied (replacement overrides, e.g. an alternative)."""
    new = s.replacement if replacement is None else replacement
    if new is None:
        raise ValueError("this suggestion has no automatic replacement")
    if text[s.start : s.end] != s.original:
        raise ValueError("the text under the suggestion changed")
    return text[: s.start] + new + text[s.end :]
