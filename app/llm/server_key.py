"""Where the model server's API key is kept: never in settings.toml.

With a system keychain (macOS Keychain, Windows Credential Locker, the Secret Service of GNOME
Keyring or KWallet on Linux) the key goes there through the `keyring` package, encrypted at
rest and out of backups of the config folder. Where there is none (a Linux without a Secret
Service, a packaged build without keyring), it goes to server-keys.json in the config folder,
created readable and writable by the writer alone (0600; on Windows the profile folder's own
permissions apply). settings.toml records only which of the two holds a key ("keyring" or
"file"), so nothing asks the keychain for a key (a D-Bus call on Linux) while the server is
off. Keys are filed under the server's base URL.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from app.llm.server_client import normalise_url

__all__ = ["KEY_FILE", "forget_api_key", "read_api_key", "save_api_key"]

log = logging.getLogger(__name__)

SERVICE = "humanize-writer model server"
KEY_FILE = "server-keys.json"


def _system_keyring():
    """The keyring module when a real keychain backs it, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration must not stop the app
        log.warning("The system keychain is unusable", exc_info=True)
        return None
    return None if isinstance(backend, fail.Keyring) or backend.priority <= 0 else keyring


def _key_file() -> Path:
    from app import paths

    return paths.config_dir() / KEY_FILE


def save_api_key(url: str, key: str) -> str:
    """Keep key for the server at url; returns where ("keyring" or "file"), or "" when key is
    empty (any saved key is forgotten)."""
    url = normalise_url(url)
    if not key:
        forget_api_key(url)
        return ""
    keyring = _system_keyring()
    if keyring is not None:
        try:
            keyring.set_password(SERVICE, url, key)
        except Exception:  # keyring.errors.KeyringError, or a locked keychain's own error
            log.warning("The system keychain refused the key; keeping it in a file instead",
                        exc_info=True)  # fmt: skip
        else:
            _write_file_keys({k: v for k, v in _read_file_keys().items() if k != url})
            return "keyring"
    keys = _read_file_keys()
    keys[url] = key
    _write_file_keys(keys)
    return "file"


def read_api_key(url: str, store: str) -> str:
    """The key saved for url in store ("keyring", "file"; "" = none saved)."""
    url = normalise_url(url)
    if store == "keyring":
        keyring = _system_keyring()
        if keyring is not None:
            try:
                return keyring.get_password(SERVICE, url) or ""
            except Exception:
                log.warning("The system keychain could not be read", exc_info=True)
        return ""
    if store == "file":
        return _read_file_keys().get(url, "")
    return ""


def forget_api_key(url: str) -> None:
    url = normalise_url(url)
    keyring = _system_keyring()
    if keyring is not None:
        with contextlib.suppress(Exception):  # nothing saved there is fine
            keyring.delete_password(SERVICE, url)
    keys = _read_file_keys()
    if url in keys:
        del keys[url]
        _write_file_keys(keys)


def _read_file_keys() -> dict[str, str]:
    try:
        data = json.loads(_key_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, str)} if isinstance(data, dict) else {}


def _write_file_keys(keys: dict[str, str]) -> None:
    path = _key_file()
    if not keys:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}")
    # Created 0600 from the start, so the key is never readable by others, not even briefly.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(keys, out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
