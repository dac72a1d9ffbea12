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
        # Not dataclasses.replace: this runs for every suggestion an edit shifts, and a field
        # copy is several times faster than re-running __init__.
        copy = object.__new__(Suggestion)
        for name in _FIELDS:
            object.__setattr__(copy, name, getattr(self, name))
        object.__setattr__(copy, "start", start)
        object.__setattr__(copy, "end", end)
        return copy


_FIELDS = tuple(f.name for f in dataclasses.fields(Suggestion))
_counter = itertools.count()


def _make_id(s: Suggestion) -> str:
    digest = hashlib.blake2b(
        f"{s.kind}\0{s.source}\0{s.original}\0{s.replacement}".encode(), digest_size=5
    ).hexdigest()
    return f"{digest}-{next(_counter)}"


class _Bucket:
    """A run of entries sorted by start. Entries hold starts and ends relative to `shift`, so
    shifting every entry of a bucket after an edit is one addition."""

    __slots__ = ("entries", "shift")

    def __init__(self, shift: int = 0, entries: list | None = None) -> None:
        self.shift = shift
        self.entries: list[list] = entries if entries is not None else []

    def first(self) -> int:
        return self.entries[0][0] + self.shift


class SuggestionSet:
    """The open suggestions of one document, ordered by start.

    Spans may nest (a paragraph rewrite over rule findings inside it) but each is tracked on
    its own. Entries are [start, end, Suggestion, bucket] lists, kept in buckets of about
    BUCKET entries whose offsets are relative to the bucket's shift: an edit shifts the
    entries of its own bucket one by one and every later bucket by one addition, so a
    keystroke costs O(BUCKET + n / BUCKET) rather than touching all n suggestions.
    """

    BUCKET = 128

    def __init__(self) -> None:
        self._buckets: list[_Bucket] = []
        self._by_id: dict[str, list] = {}
        self._longest = 0
        self.revision = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Suggestion]:
        return (self._current(e) for b in list(self._buckets) for e in list(b.entries))

    def __contains__(self, suggestion_id: str) -> bool:
        return suggestion_id in self._by_id

    def get(self, suggestion_id: str) -> Suggestion | None:
        entry = self._by_id.get(suggestion_id)
        return self._current(entry) if entry else None

    def span_of(self, suggestion_id: str) -> tuple[int, int] | None:
        """Where an open suggestion is now, without building its moved copy."""
        entry = self._by_id.get(suggestion_id)
        if entry is None:
            return None
        shift = entry[3].shift
        return entry[0] + shift, entry[1] + shift

    def add(self, suggestion: Suggestion) -> None:
        if suggestion.id in self._by_id:
            raise ValueError(f"suggestion {suggestion.id} is already open")
        buckets = self._buckets
        if buckets:
            # The last bucket starting at or before this suggestion (or the first one).
            k = max(0, bisect.bisect_right(buckets, suggestion.start, key=_Bucket.first) - 1)
        else:
            k = 0
            buckets.append(_Bucket())
        bucket = buckets[k]
        entry = [suggestion.start - bucket.shift, suggestion.end - bucket.shift, suggestion,
                 bucket]
        index = bisect.bisect_right(bucket.entries, entry[0], key=_start)
        bucket.entries.insert(index, entry)
        self._by_id[suggestion.id] = entry
        self._longest = max(self._longest, suggestion.end - suggestion.start)
        if len(bucket.entries) > 2 * self.BUCKET:
            half = bucket.entries[self.BUCKET :]
            del bucket.entries[self.BUCKET :]
            new = _Bucket(bucket.shift, half)
            for moved in half:
                moved[3] = new
            buckets.insert(k + 1, new)

    def extend(self, suggestions: Iterable[Suggestion]) -> None:
        for s in suggestions:
            self.add(s)

    def remove(self, suggestion_id: str) -> Suggestion | None:
        entry = self._by_id.pop(suggestion_id, None)
        if entry is None:
            return None
        bucket: _Bucket = entry[3]
        entries = bucket.entries
        index = bisect.bisect_left(entries, entry[0], key=_start)
        while entries[index] is not entry:
            index += 1
        del entries[index]
        if not entries:
            self._buckets.remove(bucket)
        return self._current(entry)

    def clear(self) -> None:
        self._buckets.clear()
        self._by_id.clear()
        self._longest = 0

    def overlapping(self, start: int, end: int) -> list[Suggestion]:
        """Open suggestions whose span meets [start, end] (touching ends included)."""
        return [self._current(e) for e in self._entries_meeting(start, end)]

    def spans_meeting(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, kind) of the open suggestions meeting [start, end], by start: where
        they are now, without building the moved copies `overlapping` makes (a screen's
        underlines after every keystroke)."""
        return [(e[0] + e[3].shift, e[1] + e[3].shift, e[2].kind)
                for e in self._entries_meeting(start, end)]

    def at(self, pos: int) -> list[Suggestion]:
        """Suggestions under a cursor position, innermost (shortest) first."""
        hits = [self._current(e) for e in self._entries_meeting(pos, pos)
                if self._start_of(e) <= pos]
        return sorted(hits, key=lambda s: s.end - s.start)

    def remove_where(
        self, start: int, end: int, predicate: Callable[[Suggestion], bool]
    ) -> list[Suggestion]:
        """Remove the suggestions lying inside [start, end] that match the predicate."""
        gone = [self._current(e) for e in self._entries_meeting(start, end)]
        gone = [s for s in gone if start <= s.start and s.end <= end and predicate(s)]
        for s in gone:
            self.remove(s.id)
        return gone

    def next_after(self, pos: int) -> Suggestion | None:
        """The first suggestion starting after `pos` (F8)."""
        for e in self._entries_from(pos + 1):
            return self._current(e)
        return None

    def previous_before(self, pos: int) -> Suggestion | None:
        """The last suggestion starting before `pos` (Shift+F8)."""
        k = bisect.bisect_left(self._buckets, pos, key=_Bucket.first)
        for bucket in reversed(self._buckets[:k]):
            index = bisect.bisect_left(bucket.entries, pos - bucket.shift, key=_start)
            if index:
                return self._current(bucket.entries[index - 1])
        return None

    def of_kind(self, kind: str) -> list[Suggestion]:
        return [s for s in self if s.kind == kind]

    def apply_edit(self, pos: int, removed: int, added: int) -> list[Suggestion]:
        """The text [pos, pos+removed) became `added` characters. Returns what was dropped."""
        self.revision += 1
        edit_end = pos + removed
        dropped = [self._current(e) for e in self._entries_meeting(pos, edit_end)]
        for s in dropped:
            self.remove(s.id)
        delta = added - removed
        if delta and self._buckets:
            buckets = self._buckets
            # Buckets starting after the edit move whole; the one before may hold some that do.
            k = bisect.bisect_right(buckets, edit_end, key=_Bucket.first)
            if k:
                bucket = buckets[k - 1]
                index = bisect.bisect_right(bucket.entries, edit_end - bucket.shift, key=_start)
                for entry in bucket.entries[index:]:
                    entry[0] += delta
                    entry[1] += delta
            for bucket in buckets[k:]:
                bucket.shift += delta
        return dropped

    def _entries_from(self, start: int) -> Iterator[list]:
        """Entries whose start is at least `start`, in order."""
        buckets = self._buckets
        # From the last bucket starting before `start`: its tail may reach `start`.
        k = max(0, bisect.bisect_left(buckets, start, key=_Bucket.first) - 1)
        for bucket in buckets[k:]:
            index = bisect.bisect_left(bucket.entries, start - bucket.shift, key=_start)
            yield from bucket.entries[index:]

    def _entries_meeting(self, start: int, end: int) -> list[list]:
        # Entries are sorted by start; any that reaches `start` began at most `_longest` before.
        found = []
        for e in self._entries_from(start - self._longest):
            bucket_shift = e[3].shift
            if e[0] + bucket_shift > end:
                break
            if e[1] + bucket_shift >= start:
                found.append(e)
        return found

    @staticmethod
    def _start_of(entry: list) -> int:
        return entry[0] + entry[3].shift

    @staticmethod
    def _current(entry: list) -> Suggestion:
        rel_start, rel_end, s, bucket = entry
        start, end = rel_start + bucket.shift, rel_end + bucket.shift
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
