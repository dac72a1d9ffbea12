"""Autosaves of unsaved work: round trip, newest first, damaged files skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core import fileio
from app.core.fileio import RecoveryStore


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_recovery_round_trip_newest_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    older, newer = store.new_key(), store.new_key()
    assert older != newer
    monkeypatch.setattr(fileio.time, "time", lambda: 1000.0)
    store.save(older, "first draft\nwith “quotes” and 😀", "/home/me/a.md")
    monkeypatch.setattr(fileio.time, "time", lambda: 2000.0)
    store.save(newer, "", None)
    entries = store.entries()
    assert [e.key for e in entries] == [newer, older]
    assert entries[1].text == "first draft\nwith “quotes” and 😀"
    assert entries[1].source_path == "/home/me/a.md"
    assert entries[1].saved_at == 1000.0
    assert entries[0].source_path is None and entries[0].text == ""
    assert entries[1].path.parent == tmp_path / "recovery"


def test_recovery_keeps_only_the_latest_save_per_key(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    key = store.new_key()
    store.save(key, "one", None)
    store.save(key, "two", None)
    assert [e.text for e in store.entries()] == ["two"]
    assert len(files_in(tmp_path)) == 1


def test_discard_removes_the_entry_and_ignores_unknown_keys(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    keep, drop = store.new_key(), store.new_key()
    store.save(keep, "keep", None)
    store.save(drop, "drop", None)
    store.discard(drop)
    store.discard("never-saved")
    assert [e.key for e in store.entries()] == [keep]


def test_damaged_recovery_files_are_skipped(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    good = store.new_key()
    store.save(good, "good text", None)
    truncated = store.new_key()
    store.save(truncated, "this text will be cut short", None)
    path = tmp_path / f"{truncated}.recovery"
    path.write_bytes(path.read_bytes()[:-5])
    (tmp_path / "garbage.recovery").write_bytes(b"\x00\xff not json at all")
    (tmp_path / "list.recovery").write_bytes(b"[1, 2]\ntext")
    header = {"format": 1, "source_path": 7, "saved_at": "yesterday", "text_bytes": 4}
    (tmp_path / "types.recovery").write_bytes(json.dumps(header).encode() + b"\ntext")
    (tmp_path / "empty.recovery").write_bytes(b"")
    (tmp_path / "folder.recovery").mkdir()
    assert [e.text for e in store.entries()] == ["good text"]


def test_missing_recovery_folder_has_no_entries(tmp_path: Path) -> None:
    assert RecoveryStore(tmp_path / "never-created").entries() == []


@pytest.mark.parametrize("key", ["../escape", "", "a/b", "x" * 101])
def test_recovery_keys_cannot_escape_the_folder(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        RecoveryStore(tmp_path).save(key, "text", None)
