"""The texts quality benches measure on: our own samples in tests/data, and the development
corpus of real texts in ../shared/corpus (human writing from before 2022, machine writing from
2023 on, writers' voices), read at run time and skipped when it is absent. The corpus is for
measuring only: nothing of it is copied into the project."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data"
CORPUS = Path(os.environ.get("HUMANIZE_CORPUS", ROOT.parent / "shared" / "corpus"))
# Our human samples that are hard cases on purpose (tests/data/SOURCES.md says why).
OWN_HARD_CASES = frozenset({"17_press_release"})


@dataclass(frozen=True, slots=True)
class Text:
    name: str
    label: str  # "human" or "machine"
    register: str  # "casual", "formal" or "" (unknown)
    hard: bool  # a hard case: human text full of stock phrases, or edited machine text
    writer: str  # for voice texts, the writer; "" otherwise
    text: str


def own_samples() -> list[Text]:
    """tests/data/human and tests/data/machine (written for this project)."""
    found = []
    for label in ("human", "machine"):
        for path in sorted((SAMPLES / label).glob("*.txt")):
            found.append(Text(path.stem, label, "", path.stem in OWN_HARD_CASES, "",
                              path.read_text(encoding="utf-8")))
    return found


def corpus_texts() -> list[Text]:
    """The real texts of ../shared/corpus with their labels; [] when the folder is absent."""
    labels = CORPUS / "labels.tsv"
    if not labels.is_file():
        return []
    found = []
    with labels.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = CORPUS / row["path"]
            if not path.is_file():
                continue
            writer = "" if row.get("writer", "-") == "-" else row["writer"]
            found.append(Text(path.stem, row["label"], row.get("register", ""),
                              row.get("hard") == "yes", writer,
                              path.read_text(encoding="utf-8")))
    return found


def corpus_note() -> str:
    return (f"corpus: {CORPUS}" if (CORPUS / "labels.tsv").is_file()
            else f"corpus: not found at {CORPUS} (skipped)")


def by_label(texts: list[Text]) -> Iterator[tuple[str, list[Text]]]:
    for label in ("human", "machine"):
        yield label, [t for t in texts if t.label == label]
