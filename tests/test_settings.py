"""Settings and session state: defaults, only changes written, broken files survived."""

from __future__ import annotations

import errno
import math
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.fileio import FileWriteError
from app.settings import SessionState, Settings, SettingsStore, dump_flat_toml


def aside_files(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.bad-*"))


def test_missing_files_give_defaults_without_warnings(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "not-yet")
    assert store.load_settings() == Settings()
    assert store.load_state() == SessionState()
    assert store.warnings == []


def test_only_values_that_differ_from_defaults_are_written(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.save_settings(Settings(font_size=18, theme="dark", show_side_panel=False))
    written = tomllib.loads((tmp_path / "settings.toml").read_text("utf-8"))
    assert written == {"font_size": 18, "theme": "dark", "show_side_panel": False}
    assert store.load_settings() == Settings(font_size=18, theme="dark", show_side_panel=False)


def test_all_defaults_write_an_empty_table(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.save_settings(Settings())
    store.save_state(SessionState())
    assert tomllib.loads((tmp_path / "settings.toml").read_text("utf-8")) == {}
    assert tomllib.loads((tmp_path / "state.toml").read_text("utf-8")) == {}


def test_session_state_lives_apart_and_round_trips_awkward_paths(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    state = SessionState(
        recent_files=[r"C:\Users\Zoë\My \"Draft\".md", "/home/me/新しい/notes\nline.md", ""],
        window_geometry="AdnQywADAAAAAAA=",
        splitter_state="AAAA/wAAAAEAAAAC",
    )
    store.save_state(state)
    assert not (tmp_path / "settings.toml").exists()
    assert SettingsStore(tmp_path).load_state() == state


def test_bad_toml_gives_defaults_a_warning_and_keeps_the_file(tmp_path: Path) -> None:
    broken = b'font_size = = 14\ntheme = "dark"\n'
    (tmp_path / "settings.toml").write_bytes(broken)
    store = SettingsStore(tmp_path)
    assert store.load_settings() == Settings()
    [kept] = aside_files(tmp_path, "settings.toml")
    assert kept.read_bytes() == broken
    assert not (tmp_path / "settings.toml").exists()
    [warning] = store.warnings
    assert warning.startswith("settings.toml was unreadable (")
    assert f"using defaults. The bad file was kept as {kept.name}" in warning


def test_file_that_is_not_utf8_counts_as_unreadable(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_bytes(b'font_family = "Caf\xe9"\n')
    store = SettingsStore(tmp_path)
    assert store.load_settings() == Settings()
    assert len(aside_files(tmp_path, "settings.toml")) == 1
    assert "unreadable" in store.warnings[0]


def test_wrong_types_fall_back_per_value_and_keep_the_rest(tmp_path: Path) -> None:
    original = (
        'font_size = "big"\n'
        'theme = "dark"\n'
        "show_side_panel = 1\n"
        "autosave_seconds = true\n"
        'gauge_scope = "chapter"\n'
        "recent_limit = 5000\n"
        'future_option = "ignored"\n'
    )
    (tmp_path / "settings.toml").write_text(original, "utf-8")
    store = SettingsStore(tmp_path)
    assert store.load_settings() == Settings(theme="dark")
    [warning] = store.warnings
    for name in ("font_size", "show_side_panel", "autosave_seconds", "gauge_scope",
                 "recent_limit"):
        assert name in warning
    assert "theme" not in warning and "future_option" not in warning
    [kept] = aside_files(tmp_path, "settings.toml")
    assert kept.read_text("utf-8") == original
    assert kept.name in warning
    # What was usable is written back, so the next start is quiet and keeps the theme.
    assert tomllib.loads((tmp_path / "settings.toml").read_text("utf-8")) == {"theme": "dark"}
    again = SettingsStore(tmp_path)
    assert again.load_settings() == Settings(theme="dark")
    assert again.warnings == []


def test_broken_state_file_gives_defaults_and_is_kept(tmp_path: Path) -> None:
    (tmp_path / "state.toml").write_text('recent_files = ["a.md", 3]\nwindow_geometry = "x"\n')
    store = SettingsStore(tmp_path)
    assert store.load_state() == SessionState(window_geometry="x")
    assert "recent_files" in store.warnings[0]
    assert len(aside_files(tmp_path, "state.toml")) == 1


def test_unknown_keys_are_ignored_quietly(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('theme = "light"\n[newer]\nthing = 1\n')
    store = SettingsStore(tmp_path)
    assert store.load_settings() == Settings(theme="light")
    assert store.warnings == []
    assert aside_files(tmp_path, "settings.toml") == []


def test_repeated_corruption_keeps_every_bad_file(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    for attempt in range(3):
        (tmp_path / "settings.toml").write_text(f"broken {attempt} ===")
        store.load_settings()
    kept = aside_files(tmp_path, "settings.toml")
    assert sorted(p.read_text() for p in kept) == [f"broken {n} ===" for n in range(3)]
    assert len(store.warnings) == 3


def test_saving_invalid_values_is_refused(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    with pytest.raises(ValueError, match="theme"):
        store.save_settings(Settings(theme="purple"))
    assert not (tmp_path / "settings.toml").exists()


def test_failed_save_raises_and_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SettingsStore(tmp_path)
    store.save_settings(Settings(font_size=20))
    before = (tmp_path / "settings.toml").read_bytes()

    def broken_replace(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(FileWriteError, match="settings.toml"):
        store.save_settings(Settings(font_size=30))
    assert (tmp_path / "settings.toml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.toml"]


def test_file_names_toml_cannot_hold_are_dropped_from_recent_files(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    undecodable = os.fsdecode(b"/tmp/caf\xe9.md") if os.name != "nt" else "bad\udce9.md"
    store.save_state(SessionState(recent_files=[undecodable, "/tmp/ok.md"]))
    assert store.load_state().recent_files == ["/tmp/ok.md"]


# ---- the TOML writer ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'say "hello"',
        r"C:\new\table\x41",
        "line one\nline two\r\n\ttabbed",
        "naïve café — 日本語 😀",
        "controls \x00\x01\x08\x0b\x0c\x1b\x1f\x7f end",
        "'single' and ''' triple",
        '"""',
        "\\",
        "",
    ],
)
def test_toml_writer_round_trips_awkward_strings(text: str) -> None:
    values = {"value": text, "list": [text, text[::-1]], text or "empty": "as a key"}
    assert tomllib.loads(dump_flat_toml(values)) == values


def test_toml_writer_handles_numbers_and_booleans() -> None:
    values = {"t": True, "f": False, "big": 2**62, "neg": -7, "pi": 3.25, "tiny": 1e-300,
              "huge": 1e300, "inf": math.inf, "ninf": -math.inf, "whole": 2.0}
    assert tomllib.loads(dump_flat_toml(values)) == values
    assert math.isnan(tomllib.loads(dump_flat_toml({"nan": math.nan}))["nan"])
    assert tomllib.loads(dump_flat_toml({"b": True}))["b"] is True


def test_toml_writer_refuses_what_it_cannot_write() -> None:
    with pytest.raises(TypeError):
        dump_flat_toml({"nested": {"a": 1}})
    with pytest.raises(TypeError):
        dump_flat_toml({"none": None})
    with pytest.raises(ValueError):
        dump_flat_toml({"surrogate": "\udce9"})


@given(st.dictionaries(st.text(), st.one_of(st.text(), st.lists(st.text()), st.integers(
    min_value=-(2**63), max_value=2**63 - 1), st.booleans())))
def test_toml_writer_round_trips_any_flat_table(values: dict[str, object]) -> None:
    assert tomllib.loads(dump_flat_toml(values)) == values
