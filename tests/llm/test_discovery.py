"""Models already on the computer: fake LM Studio, Ollama, Hugging Face, GPT4All and Jan
folders in a temporary HOME, the bundled model as a real Ollama blob (which llama.cpp loads
from the list), tiny header-only GGUF files for the rest, and the files that must be skipped
without a crash."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from app.cli_models import main as models_main
from app.llm import discovery
from app.llm.catalog import load_catalog
from app.llm.discovery import discover, min_ram_gb_for
from app.llm.discovery_places import search_places
from app.llm.engine import Engine
from tests.llm.tiny_gguf import hf_cached, ollama_model, tiny_gguf

CHAT = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
ENV_VARS = ("OLLAMA_MODELS", "HF_HOME", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE",
            "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "LOCALAPPDATA", "APPDATA")


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    # Linux's XDG folders inside the fake home, as a desktop session sets them.
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    return home


@pytest.fixture
def computer(home, tmp_path, bundled_model) -> dict[str, Path]:
    """What a writer's computer may hold; returns the paths the tests look for."""
    spare = tmp_path / "spare"
    lm = home / ".lmstudio" / "models" / "lmstudio-community" / "Qwen2.5-7B-Instruct-GGUF"
    found = {
        "lmstudio": tiny_gguf(lm / "Qwen2.5-7B-Instruct-Q4_K_M.gguf", "Qwen2.5 7B Instruct",
                              chat_template=CHAT, file_type=15),
        "split": tiny_gguf(lm / "big-model-00001-of-00002.gguf", "Big Model"),
        "ollama": ollama_model(home / ".ollama" / "models", "gemma3", "270m",
                               bundled_model.path, projector=True),
        "huggingface": hf_cached(
            home / ".cache" / "huggingface" / "hub", "unsloth/tiny-chat-GGUF",
            "tiny-chat-Q8_0.gguf", tiny_gguf(spare / "chat.gguf", "Tiny Chat", chat_template=CHAT),
            revisions=("aaa111", "bbb222"),
        ),
        "gpt4all": tiny_gguf(home / ".local" / "share" / "nomic.ai" / "GPT4All" /
                             "orca-mini-3b.Q4_0.gguf", "Orca Mini"),
        "jan": tiny_gguf(home / ".config" / "Jan" / "data" / "models" / "llamacpp" / "tiny-jan" /
                         "model.gguf", "Tiny Jan", file_type=7),
        "folder": tiny_gguf(home / "models" / "notes-model.gguf", "Hand Kept"),
    }
    tiny_gguf(lm / "big-model-00002-of-00002.gguf", "Big Model")
    # Never listed: vision projectors, partial downloads, later shards of a split model or
    # parts of one still downloading, renamed text, empty and truncated files, a stray pipe.
    tiny_gguf(lm / "mmproj-Qwen2.5-7B-f16.gguf", "Projector")
    tiny_gguf(lm / "Qwen2.5-7B-Instruct-Q8_0.gguf.part", "Partial")
    tiny_gguf(lm / "other-00001-of-00003.gguf", "Other")
    tiny_gguf(home / ".local" / "share" / "nomic.ai" / "GPT4All" / "incomplete-x.gguf", "X")
    tiny_gguf(home / ".lmstudio" / "models" / ".hidden" / "secret.gguf", "Hidden")
    ollama_model(home / ".ollama" / "models", "ghost", "latest", None)  # its blob is missing
    (home / ".ollama" / "models" / "manifests" / "registry.ollama.ai" / "library" / "bad").mkdir()
    (home / ".ollama" / "models" / "manifests" / "registry.ollama.ai" / "library" / "bad" /
     "latest").write_text("{not json", encoding="utf-8")
    downloads = home / "Downloads"
    downloads.mkdir()
    (downloads / "notes.gguf").write_text("These are my notes, not a model.\n" * 20)
    (downloads / "empty.gguf").write_bytes(b"")
    tiny_gguf(downloads / "cut-short.gguf", "Cut Short", extra_tensor_bytes=4096)
    (downloads / "model.safetensors").write_bytes(b"\0" * 64)
    if hasattr(os, "mkfifo"):
        os.mkfifo(downloads / "pipe.gguf")
    # The same file again through a link: listed once.
    (home / "models" / "zz-again.gguf").symlink_to(found["folder"])
    return found


def in_home(home: Path):
    """The places inside the fake home: a real /usr/share/ollama on the test machine stays out."""
    return [p for p in search_places() if p.path.is_relative_to(home)]


def by_path(models) -> dict[str, object]:
    return {str(m.path): m for m in models if m.path is not None}


def test_every_tool_s_models_are_found_once_and_the_rest_skipped(computer, home):
    models = discover(ram_gb=16, places=in_home(home))
    found = by_path(models)
    assert models[0].source == "built-in"
    for source, path in computer.items():
        assert str(path) in found, f"{source} model not listed"
        expected = "lmstudio" if source == "split" else source
        assert found[str(path)].source == expected
    listed = models[1:]
    assert len(listed) == len(computer), [str(m.path) for m in listed]
    names = " ".join(str(m.path) for m in listed)
    for skipped in ("mmproj", ".part", "00002-of", "other-", "incomplete-", "secret", "notes.gguf",
                    "empty", "cut-short", "pipe", "again", "ghost"):
        assert skipped not in names


def test_each_entry_says_what_the_writer_needs_to_choose(computer, bundled_model):
    found = by_path(discover(ram_gb=16))
    qwen = found[str(computer["lmstudio"])]
    assert (qwen.name, qwen.quantisation, qwen.chat_template) == ("Qwen2.5 7B Instruct",
                                                                  "Q4_K_M", True)
    assert qwen.where == "lmstudio-community/Qwen2.5-7B-Instruct-GGUF"
    ollama = found[str(computer["ollama"])]
    assert ollama.name == "gemma3:270m"  # the name Ollama knows it by, not the blob's hash
    assert ollama.size_bytes == bundled_model.path.stat().st_size
    assert (ollama.quantisation, ollama.chat_template, ollama.architecture) == (
        "Q4_K_M", False, "gemma3")
    hf = found[str(computer["huggingface"])]
    assert hf.where == "unsloth/tiny-chat-GGUF" and hf.chat_template
    assert hf.quantisation == "Q8_0"  # from the file name: its header does not say
    assert found[str(computer["jan"])].quantisation == "Q8_0"
    split = found[str(computer["split"])]
    assert split.size_bytes == 2 * computer["split"].stat().st_size


def test_fits_memory_follows_the_catalog_rule(computer, monkeypatch):
    small = by_path(discover(ram_gb=0.5))[str(computer["folder"])]
    assert small.min_ram_gb == 1 and small.fits_memory is False
    assert by_path(discover(ram_gb=1.0))[str(computer["folder"])].fits_memory is True
    monkeypatch.setattr(discovery, "total_ram_gb", lambda: None)  # a platform that won't say
    assert by_path(discover())[str(computer["folder"])].fits_memory is None


def test_the_memory_rule_gives_every_catalog_entry_its_figure():
    for entry in load_catalog():
        assert min_ram_gb_for(entry.size_mb * 1_000_000) == entry.min_ram_gb, entry.id


def test_files_the_writer_added_come_first_and_once(computer, tmp_path):
    own = tiny_gguf(tmp_path / "mine" / "my-model.gguf", "My Model")
    models = discover([str(own), str(computer["folder"]), str(tmp_path / "gone.gguf")])
    assert [m.source for m in models[:3]] == ["built-in", "added", "added"]
    assert models[1].path == own and models[2].path == computer["folder"]
    assert sum(m.path == computer["folder"] for m in models) == 1


def test_a_model_found_on_disk_loads(computer):
    ollama = by_path(discover())[str(computer["ollama"])]
    engine = Engine()
    try:
        loaded = engine.load(ollama.path, n_threads=1, n_ctx=256)
        assert loaded.name == "Gemma 3 270m" and loaded.path == ollama.path
    finally:
        engine.close()


def test_environment_variables_move_the_stores(home, tmp_path, monkeypatch):
    ollama = tmp_path / "big-disk" / "ollama"
    hub = tmp_path / "big-disk" / "hf"
    monkeypatch.setenv("OLLAMA_MODELS", str(ollama))
    monkeypatch.setenv("HF_HUB_CACHE", str(hub))
    model = ollama_model(ollama, "llama3.2", "1b", tiny_gguf(tmp_path / "t.gguf", "Llama"))
    cached = hf_cached(hub, "org/repo", "repo-Q4_K_M.gguf", tiny_gguf(tmp_path / "u.gguf", "R"))
    found = by_path(discover(include_builtin=False))
    assert found[str(model)].name == "llama3.2:1b"
    assert found[str(cached)].source == "huggingface"


def test_lm_studio_in_a_moved_home_is_found(home, tmp_path):
    moved = tmp_path / "lmstudio-elsewhere"
    (home / ".lmstudio-home-pointer").write_text(str(moved), encoding="utf-8")
    model = tiny_gguf(moved / "models" / "pub" / "m" / "m-Q4_K_M.gguf", "Moved")
    assert by_path(discover(include_builtin=False))[str(model)].source == "lmstudio"


@pytest.mark.parametrize(("platform", "env", "expected"), [
    ("darwin", {}, ["Library/Application Support/nomic.ai/GPT4All",
                    "Library/Application Support/Jan/data/models", ".ollama/models",
                    ".lmstudio/models", ".cache/huggingface/hub", "Downloads"]),
    ("win32", {"LOCALAPPDATA": "C:/Users/w/AppData/Local",
               "APPDATA": "C:/Users/w/AppData/Roaming"},
     ["C:/Users/w/AppData/Local/nomic.ai/GPT4All", "C:/Users/w/AppData/Roaming/Jan/data/models",
      ".ollama/models", ".lmstudio/models", ".cache/huggingface/hub"]),
    ("linux", {"HF_HOME": "/data/hf"},
     ["/usr/share/ollama/.ollama/models", "/data/hf/hub", ".local/share/nomic.ai/GPT4All",
      ".config/Jan/data/models"]),
])  # fmt: skip
def test_each_platform_has_its_own_places(tmp_path, platform, env, expected):
    places = [p.path.as_posix() for p in search_places(env, tmp_path, platform)]
    for where in expected:
        assert any(p.endswith(where) or p.startswith(where) for p in places), (where, places)


def test_models_command_prints_the_list(computer, capsys):
    assert models_main(["--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["source"] == "built-in"
    ollama = next(m for m in listed if m["path"] == str(computer["ollama"]))
    assert {"name", "path", "size_bytes", "source", "chat_template", "fits_memory"} <= set(ollama)
    assert ollama["name"] == "gemma3:270m" and ollama["chat_template"] is False
    assert models_main([]) == 0
    text = capsys.readouterr().out
    assert "gemma3:270m  [Ollama]" in text and "Qwen2.5 7B Instruct  [LM Studio]" in text


@pytest.mark.skipif(sys.platform == "win32", reason="symlink loops need POSIX links")
def test_a_folder_that_links_to_itself_does_not_loop(home):
    (home / "models").mkdir()
    (home / "models" / "loop").symlink_to(home / "models")
    tiny_gguf(home / "models" / "ok.gguf", "OK")
    assert [m.name for m in discover(include_builtin=False, places=in_home(home))] == ["OK"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="permissions do not stop root")
def test_an_unreadable_folder_is_skipped(home):
    locked = home / "models" / "locked"
    tiny_gguf(locked / "x.gguf", "Locked")
    tiny_gguf(home / "models" / "open.gguf", "Open")
    locked.chmod(0)
    try:
        names = [m.name for m in discover(include_builtin=False, places=in_home(home))]
    finally:
        locked.chmod(0o755)
    assert names == ["Open"]
