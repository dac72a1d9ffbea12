"""The writer's preferences (settings.toml) and session state (state.toml), kept apart.

Defaults live in the dataclasses; a file holds only what differs from them. A broken file never
stops the app: it falls back to defaults, says so in SettingsStore.warnings, and keeps the bad
file aside (renamed with a timestamp) so nothing the writer typed is lost.
"""

from __future__ import annotations

import logging
import math
import re
import time
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from app.core.analysis.families import GOALS
from app.core.export.options import (
    DEFAULT_FONT_SIZE,
    FONT_SIZE_RANGE,
    FORMAT_KEYS,
    PAGE_SIZES,
)
from app.core.fileio import FileWriteError, write_text_atomic

log = logging.getLogger(__name__)

THEMES = ("system", "light", "dark")
GAUGE_SCOPES = ("document", "paragraph")
SERVER_PROMPT_STYLES = ("chat", "base")
SERVER_KEY_STORES = ("", "keyring", "file")


@dataclass
class Settings:
    """What the writer chose. Field metadata ("choices", "range") says which values are valid."""

    theme: str = field(default="system", metadata={"choices": THEMES})
    font_family: str = ""  # "" = the platform's default editor font
    font_size: int = field(default=13, metadata={"range": (6, 96)})
    autosave_seconds: int = field(default=5, metadata={"range": (1, 3600)})
    recent_limit: int = field(default=10, metadata={"range": (0, 100)})
    gauge_scope: str = field(default="document", metadata={"choices": GAUGE_SCOPES})
    show_side_panel: bool = True
    show_predictability: bool = False  # shade words by how predictable they are to the model
    # Suggestions: what they are for (families.py: humanize, edit or all), and kinds of rule
    # check the writer turned off (see app.core.analysis.style.KINDS).
    goal: str = field(default="humanize", metadata={"choices": GOALS})
    disabled_kinds: list[str] = field(default_factory=list)
    # Spelling and grammar (Harper), in every goal; the dialect "" follows the system locale.
    spelling: bool = True
    dialect: str = field(default="", metadata={"choices": ("", "us", "uk", "canada",
                                                           "australia", "india")})
    # The local model.
    live_suggestions: bool = True  # rewrite the paragraph at the cursor when typing pauses
    debounce_ms: int = field(default=700, metadata={"range": (100, 10_000)})
    # A preset (TONES), "My voice" or a tone the writer added; one that is gone reads as Natural.
    tone: str = field(default="Natural", metadata={"max_length": 40})
    candidates: int = field(default=3, metadata={"range": (1, 8)})
    model_path: str = ""  # "" = the bundled default model
    n_threads: int = field(default=0, metadata={"range": (0, 256)})  # 0 = chosen for this CPU
    n_ctx: int = field(default=2048, metadata={"range": (512, 131_072)})
    n_gpu_layers: int = field(default=0, metadata={"range": (-1, 1_000)})  # -1 = all
    # Humanize's rewriter adapter (app/llm/humanizer.py), with the built-in model only.
    use_adapter: bool = True
    # A model server instead of the local model (off: nothing is ever sent anywhere).
    server_enabled: bool = False
    server_url: str = ""  # an OpenAI-compatible API, e.g. "http://localhost:11434/v1"
    server_model: str = ""  # "" = the first model the server lists
    server_prompt_style: str = field(default="chat", metadata={"choices": SERVER_PROMPT_STYLES})
    # Where the server's API key is (app/llm/server_key.py); the key itself is never here.
    server_key_store: str = field(default="", metadata={"choices": SERVER_KEY_STORES})
    server_accepted_hosts: list[str] = field(default_factory=list)  # told what is sent there
    # File ▸ Export…: the choices last made there.
    export_format: str = field(default="docx", metadata={"choices": FORMAT_KEYS})
    export_page_size: str = field(default="A4", metadata={"choices": PAGE_SIZES})
    export_font_family: str = ""  # "" = Georgia, or the system's serif where it is missing
    export_font_size: int = field(default=DEFAULT_FONT_SIZE, metadata={"range": FONT_SIZE_RANGE})
    export_change_report: bool = False
    export_author: str = ""


@dataclass
class SessionState:
    """Where the writer left off; Qt's saveGeometry()/saveState() bytes as base64 text."""

    recent_files: list[str] = field(default_factory=list)
    window_geometry: str = ""  # "" = none saved
    window_state: str = ""
    splitter_state: str = ""
    export_folder: str = ""  # where the last export went; "" = beside the document
    added_models: list[str] = field(default_factory=list)  # model files the writer picked


Record = TypeVar("Record", Settings, SessionState)

SETTINGS_FILE = "settings.toml"
STATE_FILE = "state.toml"
_HEADERS = {
    SETTINGS_FILE: "# Humanize settings. Only values that differ from the defaults are stored.\n",
    STATE_FILE: "# Humanize session state: recent files and window layout.\n",
}


class SettingsStore:
    """Loads and saves Settings and SessionState in ``config_dir``.

    Loading never raises: problems become sentences in ``warnings`` for the UI to show.
    Saving is atomic and raises FileWriteError (old file intact) if the disk refuses.
    """

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = Path(config_dir)
        self.warnings: list[str] = []

    def load_settings(self) -> Settings:
        return self._load(Settings, SETTINGS_FILE)

    def save_settings(self, settings: Settings) -> None:
        self._save(settings, SETTINGS_FILE)

    def load_state(self) -> SessionState:
        return self._load(SessionState, STATE_FILE)

    def save_state(self, state: SessionState) -> None:
        self._save(state, STATE_FILE)

    def _load(self, cls: type[Record], name: str) -> Record:
        path = self.config_dir / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls()
        except OSError as exc:
            self.warnings.append(f"{name} could not be read ({_reason(exc)}); using defaults.")
            return cls()
        try:
            table = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            kept = self._keep_aside(path)
            self.warnings.append(f"{name} was unreadable ({exc}); using defaults. {kept}")
            return cls()
        values, problems = _checked_values(cls, table)
        record = cls(**values)
        if problems:
            kept = self._keep_aside(path)
            if path.exists():
                kept += f" {name} will be overwritten when it is next saved."
            else:
                # Write back what was usable, so the next start neither warns again nor loses it.
                try:
                    self._save(record, name)
                except FileWriteError as exc:
                    log.warning("Could not rewrite %s: %s", path, exc)
            self.warnings.append(
                f"{name} had values that could not be used ({'; '.join(problems)}); "
                f"using the defaults for those. {kept}"
            )
        return record

    def _keep_aside(self, path: Path) -> str:
        """Rename a bad file to NAME.bad-YYYYmmdd-HHMMSS; returns a sentence saying where."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = path.with_name(f"{path.name}.bad-{stamp}")
        number = 2
        while aside.exists():
            aside = path.with_name(f"{path.name}.bad-{stamp}-{number}")
            number += 1
        try:
            path.rename(aside)
        except OSError as exc:
            return f"The bad file could not be kept aside ({_reason(exc)})."
        return f"The bad file was kept as {aside.name}"

    def _save(self, record: Settings | SessionState, name: str) -> None:
        path = self.config_dir / name
        if isinstance(record, SessionState):
            # TOML cannot hold undecodable file names (lone surrogates); such a path could not
            # be reopened from the list anyway.
            usable = [item for item in record.recent_files if _is_unicode(item)]
            record = replace(record, recent_files=usable)
        table = {f.name: getattr(record, f.name) for f in fields(record)}
        _values, problems = _checked_values(type(record), table)
        if problems:
            raise ValueError(f"refusing to save invalid {name}: {'; '.join(problems)}")
        defaults = type(record)()
        changed = {key: value for key, value in table.items() if value != getattr(defaults, key)}
        try:
            self.config_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileWriteError(
                f"Could not save “{path}”: the folder could not be created ({_reason(exc)})."
            ) from exc
        write_text_atomic(path, _HEADERS[name] + dump_flat_toml(changed))


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).rstrip(".").lower()


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _checked_values(
    cls: type[Settings] | type[SessionState], table: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Values from ``table`` that fit ``cls``, and a description of each one that did not."""
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    problems: list[str] = []
    for spec in fields(cls):
        if spec.name not in table:  # missing: the default; unknown keys are simply not read
            continue
        value = table[spec.name]
        problem = _problem(value, hints[spec.name], spec.metadata)
        if problem:
            problems.append(f"{spec.name}: {problem}, not {_show(value)}")
        else:
            if hints[spec.name] is float:
                value = float(value)
            values[spec.name] = list(value) if isinstance(value, list) else value
    return values, problems


def _problem(value: object, hint: object, metadata: Mapping[str, Any]) -> str:
    if hint is bool:
        fits, expected = isinstance(value, bool), "true or false"
    elif hint is int:
        fits = isinstance(value, int) and not isinstance(value, bool)
        expected = "a whole number"
    elif hint is float:
        fits = isinstance(value, int | float) and not isinstance(value, bool)
        expected = "a number"
    elif hint is str:
        fits, expected = isinstance(value, str), "text in quotes"
    elif hint == list[str]:
        fits = isinstance(value, list) and all(isinstance(item, str) for item in value)
        expected = "a list of texts in quotes"
    else:
        raise TypeError(f"settings field type {hint!r} is not supported")
    if not fits:
        return f"expected {expected}"
    if "max_length" in metadata and (not value or len(value) > metadata["max_length"]):
        return f"expected a name of 1 to {metadata['max_length']} characters"
    if "choices" in metadata and value not in metadata["choices"]:
        return "expected one of " + ", ".join(metadata["choices"])
    if "range" in metadata:
        low, high = metadata["range"]
        if not low <= value <= high:  # type: ignore[operator]
            return f"expected a number from {low} to {high}"
    return ""


def _show(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


# ---- a small TOML writer: flat tables of str, int, float, bool and lists of those ----------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def dump_flat_toml(values: Mapping[str, object]) -> str:
    """TOML text for a flat table, one ``key = value`` per line; tomllib reads it back equal.

    Raises TypeError for a value it cannot write (nested tables, None, dates) and ValueError
    for text TOML cannot hold (lone surrogates).
    """
    return "".join(f"{_toml_key(key)} = {_toml_value(value)}\n" for key, value in values.items())


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)  # always has "." or "e", as TOML floats need
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} values to TOML")


def _toml_string(text: str) -> str:
    if not _is_unicode(text):
        raise ValueError("TOML strings cannot hold lone surrogates")
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char < " " or char == "\x7f":  # other controls must be escaped in TOML
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
