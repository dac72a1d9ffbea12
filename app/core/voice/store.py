"""Where voice profiles and custom tones live: the data folder's voice/ folder.

    voice/profiles/<name>.json   one VoiceProfile each (VoiceProfile.to_dict)
    voice/tones/<name>.json      one CustomTone each
    voice/active.json            {"profile": NAME}: the profile the gauge and rewrites use

Every file is written atomically (app.core.fileio). The active profile's name is kept here
rather than in settings.toml because it is part of the writer's data, not a preference: it
names a file in this folder, goes when the profiles go ("Forget my writing data" is one
`forget_all()`), and the command line can change it without touching settings.

Names are compared case-insensitively ("Work" and "work" are one profile); file names are the
name made safe, with a short hash when that had to change it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from pathlib import Path

from app.core.fileio import FileWriteError, write_text_atomic
from app.core.voice.profile import VoiceProfile
from app.core.voice.tones import CustomTone

log = logging.getLogger(__name__)

FOLDER = "voice"
MAX_NAME = 60
_SAFE = re.compile(r"[a-z0-9][a-z0-9_-]*")


class VoiceStoreError(Exception):
    """A profile or tone could not be found, read or written; str() is for the writer."""


def voice_dir() -> Path:
    from app.paths import data_dir

    return data_dir() / FOLDER


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a profile or tone, or None."""
    if not name.strip():
        return "The name is empty."
    if len(name) > MAX_NAME:
        return f"Keep the name to {MAX_NAME} characters."
    if any(ch in name for ch in "\n\r\t/\\"):
        return "The name cannot contain line breaks, tabs or slashes."
    return None


def file_stem(name: str) -> str:
    key = name.strip().casefold()
    if _SAFE.fullmatch(key):
        return key
    safe = re.sub(r"[^a-z0-9]+", "-", key).strip("-")[:40] or "voice"
    return f"{safe}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"


class VoiceStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else voice_dir()

    # Profiles
    def profile_names(self) -> list[str]:
        return sorted((p.name for p in self._read_all("profiles", VoiceProfile.from_dict)),
                      key=str.casefold)

    def profiles(self) -> list[VoiceProfile]:
        return sorted(self._read_all("profiles", VoiceProfile.from_dict),
                      key=lambda p: p.name.casefold())

    def load(self, name: str) -> VoiceProfile:
        """Raises VoiceStoreError when there is no such profile or it cannot be read."""
        return self._read_one("profiles", name, VoiceProfile.from_dict, "voice profile")

    def has(self, name: str) -> bool:
        return self._path("profiles", name).is_file()

    def save(self, profile: VoiceProfile) -> Path:
        problem = name_problem(profile.name)
        if problem:
            raise VoiceStoreError(problem)
        path = self._write("profiles", profile.name, profile.to_dict())
        if self.active_name() is None:
            self.set_active(profile.name)
        return path

    def delete(self, name: str) -> bool:
        """Remove a profile; True if there was one. The active name goes with it."""
        path = self._path("profiles", name)
        if not path.is_file():
            return False
        path.unlink()
        active = self.active_name()
        if active is not None and active.casefold() == name.strip().casefold():
            self.set_active(None)
        return True

    # The active profile
    def active_name(self) -> str | None:
        try:
            data = json.loads((self.folder / "active.json").read_text(encoding="utf-8"))
            name = data["profile"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return name if isinstance(name, str) and name else None

    def active_profile(self) -> VoiceProfile | None:
        name = self.active_name()
        if name is None:
            return None
        try:
            return self.load(name)
        except VoiceStoreError as exc:
            log.warning("The active voice profile cannot be used: %s", exc)
            return None

    def set_active(self, name: str | None) -> None:
        """Make `name` the active profile (it must exist), or none."""
        path = self.folder / "active.json"
        if name is None:
            path.unlink(missing_ok=True)
            return
        profile = self.load(name)
        self._write_json(path, {"profile": profile.name})

    # Custom tones
    def tones(self) -> list[CustomTone]:
        return sorted(self._read_all("tones", CustomTone.from_dict),
                      key=lambda t: t.name.casefold())

    def load_tone(self, name: str) -> CustomTone:
        return self._read_one("tones", name, CustomTone.from_dict, "tone")

    def save_tone(self, tone: CustomTone) -> Path:
        problem = name_problem(tone.name)
        if problem:
            raise VoiceStoreError(problem)
        return self._write("tones", tone.name, tone.to_dict())

    def delete_tone(self, name: str) -> bool:
        path = self._path("tones", name)
        if not path.is_file():
            return False
        path.unlink()
        return True

    def forget_all(self) -> int:
        """Remove every profile, tone and the active name; returns the files removed."""
        if not self.folder.exists():
            return 0
        removed = sum(1 for p in self.folder.rglob("*") if p.is_file())
        shutil.rmtree(self.folder)
        return removed

    # Files
    def _path(self, kind: str, name: str) -> Path:
        return self.folder / kind / f"{file_stem(name)}.json"

    def _write(self, kind: str, name: str, data: dict) -> Path:
        path = self._path(kind, name)
        self._write_json(path, data)
        return path

    def _write_json(self, path: Path, data: dict) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        except (OSError, FileWriteError) as exc:
            raise VoiceStoreError(f"Could not save {path}: {exc}") from exc

    def _read_one(self, kind: str, name: str, parse, what: str):
        path = self._path(kind, name)
        if not path.is_file():
            raise VoiceStoreError(f"There is no {what} called {name}.")
        try:
            return parse(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise VoiceStoreError(f"The {what} {name} cannot be read ({path}: {exc}).") from exc

    def _read_all(self, kind: str, parse) -> list:
        found = []
        for path in sorted((self.folder / kind).glob("*.json")):
            try:
                found.append(parse(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("Skipping %s: %s", path, exc)
        return found


def forget_all(folder: Path | None = None) -> int:
    """"Forget my writing data": remove every voice profile, custom tone and the active
    profile's name from the data folder (or `folder`). Returns the number of files removed."""
    return VoiceStore(folder).forget_all()
