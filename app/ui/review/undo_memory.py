"""Undoing an accept brings its suggestion back: what each accept replaced is remembered, and
when an edit (Ctrl+Z) restores that paragraph's earlier text, the suggestion returns and the
accept leaves the change log."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.core.feedback import FeedbackStore
from app.core.review import DocumentReview, SuggestionChange
from app.core.suggestions import Suggestion

MEMORY = 50  # accepts remembered
RECENT = 10  # the latest ones looked at after each edit


@dataclass(slots=True)
class _Accepted:
    suggestion: Suggestion
    line: int
    offset_in_line: int
    line_text_before: str
    record_id: int


class AcceptMemory:
    def __init__(self, review: DocumentReview, feedback: FeedbackStore) -> None:
        self._review = review
        self._feedback = feedback
        self._accepted: list[_Accepted] = []

    def clear(self) -> None:
        self._accepted.clear()

    def remember(self, s: Suggestion, record_id: int) -> None:
        """Call before the accepted text goes in."""
        review = self._review
        line = review.line_of(s.start)
        offset = s.start - review.offsets.start(line)
        self._accepted.append(_Accepted(s, line, offset, review.text(line), record_id))
        del self._accepted[:-MEMORY]

    def restore_undone(self, change: SuggestionChange) -> None:
        """After an edit: if it brought back a paragraph as it was before an accept, bring the
        suggestion back too (adding it to `change`) and retract the accept from the log."""
        review = self._review
        for entry in reversed(self._accepted[-RECENT:]):
            lines = range(max(0, entry.line - 2), min(review.line_count, entry.line + 3))
            line = next((n for n in lines if review.text(n) == entry.line_text_before), None)
            if line is None:
                continue
            self._accepted.remove(entry)
            self._feedback.retract(entry.record_id)
            s = entry.suggestion
            start = review.offsets.start(line) + entry.offset_in_line
            end = start + len(s.original)
            if not any(
                o.start == start and o.end == end and o.kind == s.kind
                for o in review.suggestions.overlapping(start, end)
            ):  # rule findings come back by themselves when the line is checked again
                restored = dataclasses.replace(
                    s, start=start, end=end, id="", revision=review.suggestions.revision
                )
                if review.add(restored):
                    change.added.append(restored)
            return
