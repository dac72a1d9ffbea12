"""Where other tools keep GGUF models, per platform: the places discovery.py searches.

Each place follows the tool's own documentation (README.md, "Model sources", has the same
table for writers): LM Studio's docs ("Import models": ~/.lmstudio/models), Ollama's FAQ
("Where are models stored?", OLLAMA_MODELS), GPT4All's settings page (the default Download
Path), Jan's "Jan Data Folder" page, huggingface_hub's environment variables page (HF_HUB_CACHE,
HF_HOME, XDG_CACHE_HOME) and the XDG user-dirs file for a translated Downloads folder. Only
files are read here (two small settings files at most); nothing is run and nothing is sent.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["SearchPlace", "search_places"]


@dataclass(frozen=True, slots=True)
class SearchPlace:
    source: str  # one of SOURCES
    path: Path
    layout: str = "files"  # "files" (GGUF files below path), "ollama" or "huggingface"
    depth: int = 4  # folder levels below path that are looked into ("files" only)


def search_places(
    env: Mapping[str, str] | None = None, home: Path | None = None, platform: str | None = None
) -> list[SearchPlace]:
    """Every place a tool keeps GGUF models on this platform, in the order they are listed.
    Places that do not exist are included; discover() skips them."""
    env = os.environ if env is None else env
    home = Path(home) if home is not None else Path.home()
    platform = platform or sys.platform

    def var(name: str) -> Path | None:
        value = env.get(name, "").strip()
        return Path(value).expanduser() if value else None

    places: list[SearchPlace] = []
    # LM Studio: ~/.lmstudio/models on every platform (%USERPROFILE%\.lmstudio\models), before
    # 0.3 ~/.cache/lm-studio/models; a moved LM Studio home is named in ~/.lmstudio-home-pointer
    # and a moved models folder in its settings.json ("downloadsFolder").
    lm_homes = [home / ".lmstudio"]
    pointer = _first_line(home / ".lmstudio-home-pointer")
    if pointer:
        lm_homes.insert(0, Path(pointer).expanduser())
    for lm_home in lm_homes:
        moved = _json_value(lm_home / "settings.json", "downloadsFolder")
        if moved:
            places.append(SearchPlace("lmstudio", Path(moved).expanduser(), depth=3))
        places.append(SearchPlace("lmstudio", lm_home / "models", depth=3))
    places.append(SearchPlace("lmstudio", home / ".cache" / "lm-studio" / "models", depth=3))
    # Ollama: OLLAMA_MODELS, else ~/.ollama/models (%USERPROFILE%\.ollama\models on Windows);
    # the Linux install script runs it as the "ollama" user with its home in /usr/share/ollama.
    ollama = var("OLLAMA_MODELS")
    places.append(SearchPlace("ollama", ollama or home / ".ollama" / "models", "ollama"))
    if ollama is None and platform.startswith("linux"):
        places.append(SearchPlace("ollama", Path("/usr/share/ollama/.ollama/models"), "ollama"))
    # GPT4All's default download path (Settings ▸ Application ▸ Download Path), and the
    # Python bindings' ~/.cache/gpt4all.
    if platform == "win32":
        local = var("LOCALAPPDATA") or home / "AppData" / "Local"
        places.append(SearchPlace("gpt4all", local / "nomic.ai" / "GPT4All", depth=1))
    elif platform == "darwin":
        support = home / "Library" / "Application Support"
        places.append(SearchPlace("gpt4all", support / "nomic.ai" / "GPT4All", depth=1))
    else:
        data = var("XDG_DATA_HOME") or home / ".local" / "share"
        places.append(SearchPlace("gpt4all", data / "nomic.ai" / "GPT4All", depth=1))
    places.append(SearchPlace("gpt4all", home / ".cache" / "gpt4all", depth=1))
    # Jan's data folder holds models/<engine>/<model>/<file>.gguf: %APPDATA%\Jan\data,
    # ~/Library/Application Support/Jan/data, $XDG_CONFIG_HOME/Jan/data (~/.config/Jan/data);
    # before 0.5 it was ~/jan.
    if platform == "win32":
        jan_base = var("APPDATA") or home / "AppData" / "Roaming"
    elif platform == "darwin":
        jan_base = home / "Library" / "Application Support"
    else:
        jan_base = var("XDG_CONFIG_HOME") or home / ".config"
    for folder in ("Jan", "jan"):
        places.append(SearchPlace("jan", jan_base / folder / "data" / "models", depth=4))
    places.append(SearchPlace("jan", home / "jan" / "models", depth=4))
    # The Hugging Face hub cache: HF_HUB_CACHE (or the older HUGGINGFACE_HUB_CACHE), else
    # $HF_HOME/hub, else $XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub (the
    # same on Windows and macOS).
    hub = var("HF_HUB_CACHE") or var("HUGGINGFACE_HUB_CACHE")
    if hub is None:
        hf_home = var("HF_HOME") or (var("XDG_CACHE_HOME") or home / ".cache") / "huggingface"
        hub = hf_home / "hub"
    places.append(SearchPlace("huggingface", hub, "huggingface"))
    # Folders people keep models in by hand.
    places.append(SearchPlace("folder", home / "models", depth=3))
    places.append(SearchPlace("folder", _downloads_folder(home, platform, env), depth=2))
    return places


def _downloads_folder(home: Path, platform: str, env: Mapping[str, str]) -> Path:
    """~/Downloads, or on Linux the (possibly translated) folder user-dirs.dirs names."""
    if platform.startswith("linux"):
        config = env.get("XDG_CONFIG_HOME") or str(home / ".config")
        try:
            text = Path(config, "user-dirs.dirs").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        match = re.search(r'^XDG_DOWNLOAD_DIR="([^"]+)"', text, re.MULTILINE)
        if match:
            return Path(match.group(1).replace("$HOME", str(home)))
    return home / "Downloads"


def _first_line(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip().splitlines()[0].strip()
    except (OSError, UnicodeDecodeError, IndexError):
        return ""


def _json_value(path: Path, key: str) -> str:
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get(key)
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return ""
    return value if isinstance(value, str) else ""


