"""Where Humanize keeps its files: per-user config and data folders, and bundled resources.

By default the folders come from platformdirs. ``--config-dir DIR`` (see set_portable_root) or the
environment variable HUMANIZE_CONFIG_DIR moves everything under DIR instead: config in DIR itself,
data in DIR/data. That serves portable installs (a USB stick) and lets tests run in isolation.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "humanize-writer"
CONFIG_DIR_ENV = "HUMANIZE_CONFIG_DIR"

_portable_root: Path | None = None


def set_portable_root(path: Path | None) -> None:
    """Keep config in ``path`` and data in ``path/data``; None goes back to the defaults.

    An explicit root (from the command line) wins over HUMANIZE_CONFIG_DIR.
    """
    global _portable_root
    _portable_root = None if path is None else Path(path).expanduser().absolute()


def _override_root() -> Path | None:
    if _portable_root is not None:
        return _portable_root
    # Read on every call (not at import) so a test can point it elsewhere with monkeypatch.
    from_env = os.environ.get(CONFIG_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser().absolute()
    return None


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def config_dir() -> Path:
    """The per-user config folder (settings.toml, state.toml), created if it does not exist."""
    root = _override_root()
    if root is not None:
        return _ensure(root)
    # appauthor=False: on Windows the default would nest the app name twice.
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def data_dir() -> Path:
    """The per-user data folder (models, feedback database, recovery), created on demand."""
    root = _override_root()
    if root is not None:
        return _ensure(root / "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def recovery_dir() -> Path:
    """Where autosaves of unsaved work live until the writer saves or discards them."""
    return _ensure(data_dir() / "recovery")


def resource_path(*parts: str) -> Path:
    """Path of a resource shipped inside the app package, e.g. resource_path("lexicons",
    "ai_tells.toml") for app/resources/lexicons/ai_tells.toml.

    Found through importlib.resources, so it works from the source tree, from an installed
    wheel (pip, pipx) and from a PyInstaller bundle (which collects app/resources as data).
    The file is not checked for existence.
    """
    return Path(str(resources.files("app").joinpath("resources", *parts)))
