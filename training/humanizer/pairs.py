"""The rewriter's training pairs: reading them, and the held-out split.

Standard library only (and the prompt module, which has no imports), so the training
environment can use it without the app's dependencies; checks.py holds the checks that need
the app's rules.

Each line of training/humanizer/data/*.jsonl is one JSON object with the fields of `Pair`.

The held-out split is by topic, never by row: the topics are ordered by the SHA-256 of their
names and the first HELD_OUT_SHARE of them (rounded) are held out, with every pair they hold.
It is computed from the data, not stored, so it cannot go stale; a topic added later moves at
most one other topic across the line.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from app.llm.adapter_prompt import TONES  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
FIELDS = ("id", "topic", "register", "tone", "type", "patterns", "source", "target")
TYPES = ("humanize", "keep")
HELD_OUT_SHARE = 0.15


class DataError(ValueError):
    """A line of a data file that is not a valid pair (the message names file and line)."""


@dataclass(frozen=True, slots=True)
class Pair:
    id: str
    topic: str
    register: str
    tone: str
    type: str  # "humanize" (a machine-sounding source) or "keep" (a person's paragraph)
    patterns: tuple[str, ...]  # the machine patterns the source was written to show
    source: str
    target: str
    where: str  # "pairs-a.jsonl:12"


def load_pairs(folder: Path = DATA) -> list[Pair]:
    """Every pair of the data files in `folder`, in file order; DataError on a bad line."""
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise DataError(f"no *.jsonl files in {folder}")
    pairs = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            pairs.append(parse(line, f"{path.name}:{number}"))
    return pairs


def parse(line: str, where: str) -> Pair:
    """One line of a data file as a Pair; DataError saying what is wrong with it."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise DataError(f"{where}: not JSON ({error})") from None
    if not isinstance(row, dict):
        raise DataError(f"{where}: not a JSON object")
    missing = [f for f in FIELDS if f not in row]
    if missing:
        raise DataError(f"{where}: missing {', '.join(missing)}")
    texts = ("id", "topic", "register", "source", "target")
    bad = [f for f in texts if not isinstance(row[f], str) or not row[f].strip()]
    if bad:
        raise DataError(f"{where}: {', '.join(bad)} must be non-empty text")
    if row["tone"] not in TONES:
        raise DataError(f"{where}: unknown tone {row['tone']!r}")
    if row["type"] not in TYPES:
        raise DataError(f"{where}: unknown type {row['type']!r}")
    patterns = row["patterns"]
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise DataError(f"{where}: patterns must be a list of names")
    return Pair(row["id"], row["topic"], row["register"], row["tone"], row["type"],
                tuple(patterns), row["source"], row["target"], where)


def duplicate_ids(pairs: Iterable[Pair]) -> list[str]:
    counts = Counter(p.id for p in pairs)
    return sorted(i for i, n in counts.items() if n > 1)


def held_out_topics(pairs: Iterable[Pair]) -> frozenset[str]:
    """The topics of the held-out split: a stable hash of each topic's name decides."""
    topics = sorted({p.topic for p in pairs},
                    key=lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())
    return frozenset(topics[: round(HELD_OUT_SHARE * len(topics))])


def split(pairs: Sequence[Pair]) -> tuple[list[Pair], list[Pair]]:
    """(training pairs, held-out pairs), each in file order."""
    held = held_out_topics(pairs)
    return [p for p in pairs if p.topic not in held], [p for p in pairs if p.topic in held]
