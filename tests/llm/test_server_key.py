"""The server's API key is never written to settings.toml: it goes to the system keychain, or,
where there is none, to a file only the writer can read."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from app import paths
from app.llm import server_key
from app.llm.server_key import KEY_FILE, forget_api_key, read_api_key, save_api_key
from app.settings import Settings, SettingsStore

URL = "http://gpu-box:8000/v1"


class FakeKeyring:
    """What the keyring module offers, in memory."""

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, user: str, key: str) -> None:
        self.saved[(service, user)] = key

    def get_password(self, service: str, user: str) -> str | None:
        return self.saved.get((service, user))

    def delete_password(self, service: str, user: str) -> None:
        del self.saved[(service, user)]


def test_with_a_keychain_the_key_goes_there(monkeypatch):
    keychain = FakeKeyring()
    monkeypatch.setattr(server_key, "_system_keyring", lambda: keychain)
    assert save_api_key("gpu-box:8000", "sekrit") == "keyring"  # filed under the normal URL
    assert list(keychain.saved.values()) == ["sekrit"]
    assert not (paths.config_dir() / KEY_FILE).exists()
    assert read_api_key(URL, "keyring") == "sekrit"
    forget_api_key(URL)
    assert keychain.saved == {} and read_api_key(URL, "keyring") == ""


def test_without_a_keychain_the_key_goes_to_a_private_file(monkeypatch):
    monkeypatch.setattr(server_key, "_system_keyring", lambda: None)
    assert save_api_key(URL, "sekrit") == "file"
    path = paths.config_dir() / KEY_FILE
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert read_api_key(URL, "file") == "sekrit"
    assert read_api_key(URL, "") == ""  # settings say no key is saved: none is read
    assert save_api_key(URL, "") == ""
    assert not path.exists()


def test_the_settings_file_holds_where_the_key_is_not_the_key(monkeypatch):
    monkeypatch.setattr(server_key, "_system_keyring", lambda: None)
    settings = Settings(server_enabled=True, server_url=URL)
    settings.server_key_store = save_api_key(URL, "sekrit")
    store = SettingsStore(paths.config_dir())
    store.save_settings(settings)
    text = (paths.config_dir() / "settings.toml").read_text(encoding="utf-8")
    assert "sekrit" not in text and 'server_key_store = "file"' in text
    assert store.load_settings().server_key_store == "file"


@pytest.mark.parametrize(("store", "read"), [("keyring", ""), ("file", "sekrit")])
def test_a_broken_keychain_never_raises(monkeypatch, store, read):
    class Broken(FakeKeyring):
        def set_password(self, *_args):
            raise RuntimeError("locked")

        def get_password(self, *_args):
            raise RuntimeError("locked")

    monkeypatch.setattr(server_key, "_system_keyring", Broken)
    assert save_api_key(URL, "sekrit") == "file"  # refused by the keychain: kept in the file
    assert read_api_key(URL, store) == read
