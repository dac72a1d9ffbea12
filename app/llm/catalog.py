"""Known models (app/resources/models/catalog.toml): what to recommend, how to prompt a file.

The catalog is data, not a gate: any GGUF file works. It tells the settings dialog which
models are worth suggesting for the computer's memory, and it settles the prompt style of
files it knows, which the file alone cannot always do (some base models carry a chat
template they were never tuned for).
"""

from __future__ import annotations

import ctypes
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from app.core.prompts import PromptStyle

__all__ = [
    "CatalogEntry",
    "CatalogError",
    "catalog_path",
    "find_entry",
    "load_catalog",
    "prompt_style_for",
    "recommend",
    "total_ram_gb",
]

_REQUIRED = {
    "id": str, "name": str, "file": str, "size_mb": int, "licence": str, "licence_url": str,
    "prompt_style": str, "min_ram_gb": (int, float), "source": str, "note": str,
}  # fmt: skip


class CatalogError(Exception):
    """The model catalog is missing or malformed (a packaging mistake, not the writer's)."""


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    id: str
    name: str
    file_name: str
    size_mb: int
    licence: str
    licence_url: str
    prompt_style: PromptStyle
    min_ram_gb: float
    source: str
    note: str
    bundled: bool = False
    sha256: str = ""


def catalog_path() -> Path:
    """The catalog shipped inside the package: app/resources/models/catalog.toml."""
    from app import paths

    return paths.resource_path("models", "catalog.toml")


def load_catalog(path: Path | None = None) -> tuple[CatalogEntry, ...]:
    """All entries, the bundled model first, the rest in file order."""
    path = path or catalog_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"The model catalog {path} cannot be read: {exc}") from None
    entries = []
    for i, raw in enumerate(data.get("model", [])):
        for key, kind in _REQUIRED.items():
            if not isinstance(raw.get(key), kind) or isinstance(raw.get(key), bool):
                raise CatalogError(f"{path.name}: model #{i + 1} needs {key} ({kind})")
        if raw["prompt_style"] not in ("base", "chat"):
            raise CatalogError(f"{path.name}: {raw['id']} has prompt_style {raw['prompt_style']}")
        entries.append(
            CatalogEntry(
                id=raw["id"],
                name=raw["name"],
                file_name=raw["file"],
                size_mb=raw["size_mb"],
                licence=raw["licence"],
                licence_url=raw["licence_url"],
                prompt_style=raw["prompt_style"],
                min_ram_gb=float(raw["min_ram_gb"]),
                source=raw["source"],
                note=raw["note"],
                bundled=bool(raw.get("bundled", False)),
                sha256=str(raw.get("sha256", "")),
            )
        )
    if len({e.id for e in entries}) != len(entries):
        raise CatalogError(f"{path.name}: model ids must be unique")
    return tuple(sorted(entries, key=lambda e: not e.bundled))


def find_entry(entries: tuple[CatalogEntry, ...], file_name: str) -> CatalogEntry | None:
    """The entry for a model file, matched by file name regardless of case."""
    wanted = Path(file_name).name.casefold()
    return next((e for e in entries if e.file_name.casefold() == wanted), None)


def prompt_style_for(
    path: Path | str, has_chat_template: bool, entries: tuple[CatalogEntry, ...] = ()
) -> PromptStyle:
    """How to prompt a model file: the catalog's word if it knows the file, otherwise "chat"
    when the file carries a chat template and "base" when it does not. (GGUFInfo and the
    engine's LoadedModel both have .path and .has_chat_template.)"""
    entry = find_entry(entries, str(path))
    if entry is not None:
        return entry.prompt_style
    return "chat" if has_chat_template else "base"


def recommend(entries: tuple[CatalogEntry, ...], ram_gb: float | None) -> tuple[CatalogEntry, ...]:
    """Entries whose minimum memory fits ram_gb, largest first (all of them when unknown)."""
    fitting = [e for e in entries if ram_gb is None or e.min_ram_gb <= ram_gb]
    return tuple(sorted(fitting, key=lambda e: -e.size_mb))


def total_ram_gb() -> float | None:
    """Installed memory in GB, or None when the platform does not say."""
    if sys.platform == "win32":

        class _MemoryStatus(ctypes.Structure):
            _fields_ = [("length", ctypes.c_ulong), ("load", ctypes.c_ulong),
                        ("total", ctypes.c_ulonglong), ("avail", ctypes.c_ulonglong),
                        ("page_total", ctypes.c_ulonglong), ("page_avail", ctypes.c_ulonglong),
                        ("virtual_total", ctypes.c_ulonglong),
                        ("virtual_avail", ctypes.c_ulonglong),
                        ("extended", ctypes.c_ulonglong)]  # fmt: skip

        status = _MemoryStatus()
        status.length = ctypes.sizeof(status)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
            return status.total / 1024**3
        return None
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (AttributeError, ValueError, OSError):
        return None
