"""The writer's accept/reject memory and the log of accepted changes, in SQLite.

Every accept and reject is stored with its kind, source, original and replacement. What it
implies: a rejected suggestion is never offered again for the same text; phrases the writer
ignores and words on the personal list are never flagged; kinds the writer keeps rejecting sink
in the list (`kind_penalties`). Accepted changes carry their provenance (time, kind, source,
before, after, document), which "Review accepted changes" and the export's change report show.
Nothing here leaves the machine.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.suggestions import Suggestion

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('accept', 'reject')),
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    reason TEXT NOT NULL,
    original TEXT NOT NULL,
    replacement TEXT NOT NULL,
    document TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS decisions_key ON decisions (action, kind, original, replacement);
CREATE INDEX IF NOT EXISTS decisions_document ON decisions (document, action);
CREATE TABLE IF NOT EXISTS ignored_phrases (phrase TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS personal_words (word TEXT PRIMARY KEY);
"""


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    at: float  # seconds since the epoch
    kind: str
    source: str
    reason: str
    before: str
    after: str
    document: str


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[str] = []
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as error:
            aside = path.with_name(f"{path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
            path.replace(aside)
            self.warnings.append(
                f"Your writing memory ({path.name}) was damaged ({error}); starting afresh. "
                f"The damaged file was kept as {aside.name}."
            )
            self._db = self._open(path)
        self._rejected = {
            (kind, original, replacement)
            for kind, original, replacement in self._db.execute(
                "SELECT kind, original, replacement FROM decisions WHERE action = 'reject'"
            )
        }

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        db.execute("SELECT count(*) FROM decisions").fetchone()
        return db

    def close(self) -> None:
        self._db.close()

    # --- decisions ----------------------------------------------------------------------

    def record(
        self, action: str, suggestion: Suggestion, document: str = "", after: str | None = None
    ) -> int:
        """Remember an accept or reject; `after` is the text accepted if not the replacement.
        Returns the record's id (for `retract`)."""
        kind, original, replacement = suggestion.feedback_key
        applied = (suggestion.replacement or "") if after is None else after
        cursor = self._db.execute(
            "INSERT INTO decisions (at, action, kind, source, reason, original, replacement,"
            " document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                time.time(),
                action,
                suggestion.kind,
                suggestion.source,
                suggestion.reason,
                suggestion.original if action == "accept" else original,
                applied if action == "accept" else replacement,
                document,
            ),
        )
        if action == "reject":
            self._rejected.add((kind, original, replacement))
        return cursor.lastrowid or 0

    def retract(self, record_id: int) -> None:
        """Forget one accept (the writer undid it: the change is no longer in the document)."""
        self._db.execute("DELETE FROM decisions WHERE id = ? AND action = 'accept'", (record_id,))

    def is_rejected(self, suggestion: Suggestion) -> bool:
        return suggestion.feedback_key in self._rejected

    def kind_penalties(self) -> dict[str, float]:
        """0 (kept) .. 1 (always rejected) per kind, smoothed so two rejects don't bury a kind."""
        rows = self._db.execute(
            "SELECT kind, sum(action = 'accept'), sum(action = 'reject') FROM decisions"
            " GROUP BY kind"
        )
        return {kind: rejects / (accepts + rejects + 4) for kind, accepts, rejects in rows}

    def accepted_changes(self, document: str | None = None) -> list[ChangeRecord]:
        query = (
            "SELECT at, kind, source, reason, original, replacement, document FROM decisions"
            " WHERE action = 'accept'"
        )
        params: tuple = ()
        if document is not None:
            query += " AND document = ?"
            params = (document,)
        return [ChangeRecord(*row) for row in self._db.execute(query + " ORDER BY at, id", params)]

    def rename_document(self, old: str, new: str) -> None:
        """The document was saved under a new name: its log follows it."""
        self._db.execute("UPDATE decisions SET document = ? WHERE document = ?", (new, old))

    def accepted_examples(self, kind: str, reason: str, limit: int) -> list[tuple[str, str]]:
        """The writer's latest accepted (before, after) pairs of a kind and reason (e.g. tone)."""
        rows = self._db.execute(
            "SELECT original, replacement FROM decisions WHERE action = 'accept' AND kind = ?"
            " AND reason = ? ORDER BY at DESC, id DESC LIMIT ?",
            (kind, reason, limit),
        )
        return list(rows)

    # --- the writer's lists -------------------------------------------------------------

    def ignore_phrase(self, phrase: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO ignored_phrases VALUES (?)", (phrase.strip().casefold(),)
        )

    def unignore_phrase(self, phrase: str) -> None:
        self._db.execute("DELETE FROM ignored_phrases WHERE phrase = ?", (phrase.casefold(),))

    def ignored_phrases(self) -> frozenset[str]:
        return frozenset(row[0] for row in self._db.execute("SELECT phrase FROM ignored_phrases"))

    def add_personal_word(self, word: str) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO personal_words VALUES (?)", (word.strip().casefold(),)
        )

    def remove_personal_word(self, word: str) -> None:
        self._db.execute("DELETE FROM personal_words WHERE word = ?", (word.casefold(),))

    def personal_words(self) -> frozenset[str]:
        return frozenset(row[0] for row in self._db.execute("SELECT word FROM personal_words"))

    def forget_everything(self) -> None:
        """Settings ▸ Forget my writing data: every decision, list and log entry."""
        self._db.executescript(
            "DELETE FROM decisions; DELETE FROM ignored_phrases; DELETE FROM personal_words;"
        )
        self._db.execute("VACUUM")
        self._rejected.clear()
