"""Per-user folders, the --config-dir / HUMANIZE_CONFIG_DIR override, and bundled resources."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app import paths

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_portable_root() -> Iterator[None]:
    paths.set_portable_root(None)
    yield
    paths.set_portable_root(None)


def test_environment_variable_moves_config_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "portable"
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(root))
    assert paths.config_dir() == root
    assert paths.data_dir() == root / "data"
    assert paths.recovery_dir() == root / "data" / "recovery"
    assert (root / "data" / "recovery").is_dir()


def test_command_line_root_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(paths.CONFIG_DIR_ENV, str(tmp_path / "from-env"))
    paths.set_portable_root(tmp_path / "from-cli")
    assert paths.config_dir() == tmp_path / "from-cli"
    assert paths.data_dir() == tmp_path / "from-cli" / "data"
    paths.set_portable_root(None)
    assert paths.config_dir() == tmp_path / "from-env"


def test_relative_root_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    paths.set_portable_root(Path("stick"))
    monkeypatch.chdir(tmp_path.parent)  # a later change of folder must not move the settings
    assert paths.config_dir() == tmp_path / "stick"


def test_defaults_come_from_platformdirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.CONFIG_DIR_ENV, raising=False)
    asked: list[tuple[str, object]] = []

    def fake(kind: str) -> Callable[..., str]:
        def lookup(appname: str, appauthor: object = None) -> str:
            asked.append((appname, appauthor))
            return str(tmp_path / kind)

        return lookup

    monkeypatch.setattr(paths.platformdirs, "user_config_dir", fake("config"))
    monkeypatch.setattr(paths.platformdirs, "user_data_dir", fake("data"))
    assert paths.config_dir() == tmp_path / "config"
    assert paths.recovery_dir() == tmp_path / "data" / "recovery"
    assert (tmp_path / "config").is_dir() and (tmp_path / "data" / "recovery").is_dir()
    assert {name for name, _author in asked} == {"humanize-writer"}


def test_resources_live_inside_the_package() -> None:
    lexicon = paths.resource_path("lexicons", "ai_tells.toml")
    assert lexicon == REPO / "app" / "resources" / "lexicons" / "ai_tells.toml"
    assert lexicon.is_file()
    for part in (("welcome.md",), ("icons", "humanize.svg"), ("models", "catalog.toml")):
        assert paths.resource_path(*part).is_file(), part
