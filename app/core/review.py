"""The open suggestions of a document, kept in step with its lines as the writer edits.

Rule findings are per paragraph (one line), so an edit re-checks only the lines it replaced:
their old suggestions are dropped with the edit (SuggestionSet.apply_edit), the new lines are
checked (or found in a cache keyed by their text) and their findings become Suggestions at
document offsets; a finding the edit did not touch keeps its suggestion (`_Unchanged`).
Lines can also wait (`pending`): a newly opened document is checked a slice at a time by
`check_pending`, so opening a long draft never freezes the window.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from app.core.offsets import LineIndex
from app.core.suggestions import Suggestion, SuggestionSet
from app.core.text_cache import forget_stale

_CACHE_SIZE = 20_000  # at most; the document's texts and a few more (app/core/text_cache.py)


class FindingLike(Protocol):
    start: int
    end: int
    original: str
    replacement: str | None
    kind: str
    reason: str
    source: str
    alternatives: tuple[str, ...]


ParagraphChecker = Callable[[str], Sequence[FindingLike]]


@dataclass(slots=True)
class SuggestionChange:
    removed: list[Suggestion] = field(default_factory=list)
    added: list[Suggestion] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)

    def merge(self, other: SuggestionChange) -> None:
        self.removed.extend(other.removed)
        self.added.extend(other.added)


class DocumentReview:
    """Suggestions of one document. `checker` finds rule findings in one paragraph;
    `wanted` says whether a suggestion may be shown (the writer's feedback memory)."""

    def __init__(
        self, checker: ParagraphChecker, wanted: Callable[[Suggestion], bool] = lambda s: True
    ) -> None:
        self._checker = checker
        self._wanted = wanted
        self._cache: OrderedDict[str, tuple[FindingLike, ...]] = OrderedDict()
        self.suggestions = SuggestionSet()
        self._checked_ids: set[str] = set()  # suggestions the checker made (not the model)
        self.reset([""])

    # --- the lines ----------------------------------------------------------------------

    def reset(self, lines: Sequence[str], pending: bool = True) -> SuggestionChange:
        change = SuggestionChange(removed=list(self.suggestions))
        self.suggestions.clear()
        self._checked_ids.clear()
        self.offsets = LineIndex(lines)
        self._texts = list(lines)
        self._pending = [pending] * len(lines)
        self.pending_count = len(lines) if pending else 0
        self._scan = 0
        if not pending:
            for line in range(len(lines)):
                change.added.extend(self._check_line(line))
        return change

    def replace_lines(
        self, first: int, removed: int, new_lines: Sequence[str], pending: bool = False
    ) -> SuggestionChange:
        """Lines first..first+removed-1 became new_lines (what the editor just did)."""
        if not removed or not new_lines:
            # Pure insertions or deletions of lines are widened to take in a neighbour, so
            # the edit is a replacement inside line text and never touches other lines' spans.
            if first + removed < len(self._texts):
                return self.replace_lines(
                    first, removed + 1, [*new_lines, self._texts[first + removed]], pending
                )
            if first > 0:
                return self.replace_lines(
                    first - 1, removed + 1, [self._texts[first - 1], *new_lines], pending
                )
        start = self.offsets.start(first)
        old_texts = self._texts[first : first + removed]
        old_length = max(0, sum(len(t) for t in old_texts) + removed - 1)
        new_length = max(0, sum(len(t) for t in new_lines) + len(new_lines) - 1)
        change = SuggestionChange(
            removed=self.suggestions.apply_edit(start, old_length, new_length)
        )
        checked = [s for s in change.removed if s.id in self._checked_ids]
        self._checked_ids.difference_update(s.id for s in change.removed)
        self.pending_count -= sum(self._pending[first : first + removed])
        self._texts[first : first + removed] = new_lines
        self._pending[first : first + removed] = [pending] * len(new_lines)
        self.offsets.replace(first, removed, new_lines)
        if pending:
            self.pending_count += len(new_lines)
        else:
            previous = _unchanged(checked, start, "\n".join(old_texts), "\n".join(new_lines))
            for line in range(first, first + len(new_lines)):
                change.added.extend(self._check_line(line, previous))
            if previous.kept:
                change.removed = [s for s in change.removed if s.id not in previous.kept]
        return change

    def check_pending(self, max_lines: int = 50) -> SuggestionChange:
        """Check up to max_lines waiting lines (call from a timer until pending_count is 0)."""
        change = SuggestionChange()
        checked = 0
        lines = len(self._texts)
        visited = 0
        while self.pending_count and checked < max_lines and visited < lines:
            if self._scan >= lines:
                self._scan = 0
            line = self._scan
            self._scan += 1
            visited += 1
            if self._pending[line]:
                self._pending[line] = False
                self.pending_count -= 1
                change.added.extend(self._check_line(line))
                checked += 1
        return change

    def recheck_line(self, line: int) -> SuggestionChange:
        """Check one line again (its checker's answer changed, e.g. spelling findings came
        from a background thread): the checker's suggestions on it are replaced."""
        if not 0 <= line < len(self._texts) or self._pending[line]:
            return SuggestionChange()
        text = self._texts[line]
        self._cache.pop(text, None)
        start = self.offsets.start(line)
        change = SuggestionChange()
        for s in self.suggestions.overlapping(start, start + len(text)):
            if s.id in self._checked_ids and start <= s.start and s.end <= start + len(text):
                self.suggestions.remove(s.id)
                self._checked_ids.discard(s.id)
                change.removed.append(s)
        previous = _unchanged(change.removed, start, text, text)
        change.added.extend(self._check_line(line, previous))
        if previous.kept:
            change.removed = [s for s in change.removed if s.id not in previous.kept]
        return change

    def recheck_all(self) -> SuggestionChange:
        """Settings or the writer's lists changed: forget cached findings, check again."""
        self._cache.clear()
        return self.reset(self._texts, pending=True)

    def line_of(self, offset: int) -> int:
        return self.offsets.line_at(offset)

    def texts(self) -> set[str]:
        """The paragraph texts of the document as it stands."""
        return set(self._texts)

    def text(self, line: int) -> str:
        return self._texts[line]

    @property
    def line_count(self) -> int:
        return len(self._texts)

    # --- suggestions that did not come from the rules -------------------------------------

    def add(self, suggestion: Suggestion) -> bool:
        """Add a suggestion made elsewhere (the model) if its text is still there and wanted."""
        if not self._holds(suggestion) or not self._wanted(suggestion):
            return False
        self.suggestions.add(suggestion)
        return True

    def remove(self, suggestion_id: str) -> Suggestion | None:
        self._checked_ids.discard(suggestion_id)
        return self.suggestions.remove(suggestion_id)

    def _holds(self, s: Suggestion) -> bool:
        line = self.offsets.line_at(s.start)
        if line >= len(self._texts):
            return False
        start = self.offsets.start(line)
        text = self._texts[line]
        return s.end <= start + len(text) and text[s.start - start : s.end - start] == s.original

    # --- internals ----------------------------------------------------------------------

    def _check_line(self, line: int, previous: _Unchanged | None = None) -> list[Suggestion]:
        """Suggestions for the line's findings, added to the set; those in `previous` (the
        same finding, where the edit left it) come back as they were, and only the others
        are returned."""
        text = self._texts[line]
        if not text.strip():
            return []
        findings = self._cache.get(text)
        if findings is None:
            findings = tuple(self._checker(text))
            self._cache[text] = findings
            forget_stale(self._cache, len(self._texts), self.texts,
                         limit=_CACHE_SIZE)
        else:
            self._cache.move_to_end(text)
        base = self.offsets.start(line)
        added = []
        for f in findings:
            if previous:
                old = previous.take(base + f.start, base + f.end, f)
                if old is not None:
                    if self._wanted(old):
                        self.suggestions.add(old)
                        self._checked_ids.add(old.id)
                    else:  # rejected meanwhile: it goes
                        previous.kept.discard(old.id)
                    continue
            s = Suggestion(
                start=base + f.start,
                end=base + f.end,
                original=f.original,
                replacement=f.replacement,
                kind=f.kind,
                reason=f.reason,
                source=f.source,
                revision=self.suggestions.revision,
                alternatives=tuple(f.alternatives),
                typical=getattr(f, "typical", False),
            )
            if self._wanted(s):
                self.suggestions.add(s)
                self._checked_ids.add(s.id)
                added.append(s)
        return added


def _content(s: Suggestion | FindingLike) -> tuple:
    """What makes two findings the same, apart from where they are."""
    return (s.kind, s.source, s.original, s.replacement, s.reason, tuple(s.alternatives),
            getattr(s, "typical", False))


class _Unchanged:
    """The checker's suggestions an edit dropped that it did not touch, by where they are
    now and what they say: a finding the edit left as it was (before or after the edited
    characters) keeps its suggestion, so its id, its card and its place in the panel stay,
    and a change holds only what really came and went. A keystroke in a paragraph of forty
    findings changes one or two of them, not all forty."""

    __slots__ = ("_by_place", "kept")

    def __init__(self, by_place: dict[tuple, Suggestion]) -> None:
        self._by_place = by_place
        self.kept: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self._by_place)

    def take(self, start: int, end: int, finding: FindingLike) -> Suggestion | None:
        old = self._by_place.pop((start, end, *_content(finding)), None)
        if old is None:
            return None
        self.kept.add(old.id)
        return old.moved(start, end) if (old.start, old.end) != (start, end) else old


def _unchanged(checked: Sequence[Suggestion], start: int, old: str, new: str) -> _Unchanged:
    """`checked` were on `old`, the text at `start` before it became `new`."""
    if not checked:
        return _Unchanged({})
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    delta = len(new) - len(old)
    before, after = start + prefix, start + len(old) - suffix
    by_place: dict[tuple, Suggestion] = {}
    for s in checked:
        if s.end <= before:
            by_place[(s.start, s.end, *_content(s))] = s
        elif s.start >= after:
            by_place[(s.start + delta, s.end + delta, *_content(s))] = s
    return _Unchanged(by_place)
