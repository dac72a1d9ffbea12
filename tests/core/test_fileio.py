"""Opening files in the encodings writers meet, and atomic saves."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
import sys
from pathlib import Path

import pytest

from app.core import fileio
from app.core.fileio import (
    FileReadError,
    FileWriteError,
    file_checksum,
    read_text_file,
    write_text_atomic,
)

SAMPLE = "Café “quoted” — naïve\nSecond line\n"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_real_permissions = pytest.mark.skipif(
    IS_ROOT or sys.platform == "win32",
    reason="root (and Windows) ignore POSIX permission bits",
)


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---- reading -----------------------------------------------------------------------------


def test_plain_utf8_has_no_notice_and_checksums_the_bytes(tmp_path: Path) -> None:
    raw = SAMPLE.encode("utf-8")
    path = tmp_path / "draft.md"
    path.write_bytes(raw)
    loaded = read_text_file(path)
    assert loaded.text == SAMPLE
    assert (loaded.encoding, loaded.newline, loaded.notice) == ("utf-8", "\n", "")
    assert loaded.checksum == hashlib.sha256(raw).hexdigest() == file_checksum(path)


def test_empty_file_is_plain_utf8(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    loaded = read_text_file(path)
    assert (loaded.text, loaded.encoding, loaded.newline, loaded.notice) == ("", "utf-8", "\n", "")


@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_byte_order_marks_are_recognised_and_saved_back_identically(
    tmp_path: Path, bom: bytes, codec: str, expected: str
) -> None:
    text = SAMPLE.replace("\n", "\r\n")
    raw = bom + text.encode(codec)
    path = tmp_path / "marked.txt"
    path.write_bytes(raw)
    loaded = read_text_file(path)
    assert loaded.text == SAMPLE  # no U+FEFF left at the start, newlines normalised
    assert (loaded.encoding, loaded.newline) == (expected, "\r\n")
    assert loaded.notice.startswith("Opened as ")
    write_text_atomic(path, loaded.text, loaded.encoding, loaded.newline)
    assert path.read_bytes() == raw


def test_utf16_without_a_mark_is_text_not_binary(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(SAMPLE.encode("utf-16-le"))
    loaded = read_text_file(path)
    assert loaded.text == SAMPLE
    assert loaded.encoding == "utf-16-le"
    assert "byte-order mark" in loaded.notice


def test_windows_1252_falls_back_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Café “quoted” – 50€\n".encode("cp1252"))
    loaded = read_text_file(path)
    assert loaded.text == "Café “quoted” – 50€\n"
    assert loaded.encoding == "cp1252"
    assert loaded.notice == "Opened as Windows-1252 because the file is not UTF-8."


def test_bytes_undefined_in_windows_1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"caf\xe9 \x81 end")
    loaded = read_text_file(path)
    assert loaded.text == "café \x81 end"
    assert loaded.encoding == "latin-1"
    assert "Latin-1" in loaded.notice


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 50,
        b"ELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00",
        bytes(range(1, 32)) * 100,  # no NUL at all, but control bytes everywhere
        codecs.BOM_UTF16_LE + bytes([1, 0, 2, 0, 3, 0, 4, 0]) * 200,  # a mark, then controls
    ],
    ids=["png", "elf", "controls", "fake-utf16-mark"],
)
def test_binary_files_are_refused(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "picture.bin"
    path.write_bytes(raw)
    with pytest.raises(FileReadError, match="looks like a binary file, not text") as caught:
        read_text_file(path)
    assert str(path) in str(caught.value)


def test_a_few_control_characters_do_not_make_text_binary(tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_bytes(b"\x1b[31mred\x1b[0m\tcolumn\x0cpage two\n" * 20 + b"bell \x07\n")
    assert read_text_file(path).text.endswith("bell \x07\n")


def test_missing_file_is_reported_by_name(tmp_path: Path) -> None:
    path = tmp_path / "gone.md"
    with pytest.raises(FileReadError, match="does not exist") as caught:
        read_text_file(path)
    assert str(path) in str(caught.value)
    assert file_checksum(path) is None


def test_folder_is_reported_as_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FileReadError, match="it is a folder, not a file"):
        read_text_file(tmp_path)


def test_unreadable_file_is_reported_when_open_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "locked.md"
    path.write_text("secret")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(fileio, "open", refuse, raising=False)
    with pytest.raises(FileReadError, match="permission was denied") as caught:
        read_text_file(path)
    assert str(path) in str(caught.value)


@needs_real_permissions
def test_unreadable_file_is_reported_for_real(tmp_path: Path) -> None:
    path = tmp_path / "locked.md"
    path.write_text("secret")
    path.chmod(0)
    try:
        with pytest.raises(FileReadError, match="permission was denied"):
            read_text_file(path)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    ("raw", "newline"),
    [(b"a\r\nb\r\nc", "\r\n"), (b"a\rb\rc", "\r"), (b"a\nb\nc", "\n")],
)
def test_newlines_are_normalised_and_the_style_remembered(
    tmp_path: Path, raw: bytes, newline: str
) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(raw)
    loaded = read_text_file(path)
    assert (loaded.text, loaded.newline, loaded.notice) == ("a\nb\nc", newline, "")
    write_text_atomic(path, loaded.text, loaded.encoding, loaded.newline)
    assert path.read_bytes() == raw


def test_mixed_newlines_use_the_commonest_and_say_so(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"a\r\nb\r\nc\nd")
    loaded = read_text_file(path)
    assert (loaded.text, loaded.newline) == ("a\nb\nc\nd", "\r\n")
    assert "mixed line endings" in loaded.notice and "CRLF" in loaded.notice


def test_large_file_reads_in_chunks_with_progress(tmp_path: Path) -> None:
    line = "The quick brown fox — jumps over the lazy dog, again and again.\r\n"
    raw = (line * (50 * 2**20 // len(line.encode()))).encode("utf-8")
    path = tmp_path / "big.txt"
    path.write_bytes(raw)
    seen: list[float] = []
    loaded = read_text_file(path, seen.append)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)
    assert len(seen) >= 10  # 50 MB in chunks of a few MB, not one blocking read
    assert loaded.newline == "\r\n"
    assert loaded.text.count("\n") == raw.count(b"\n") and "\r" not in loaded.text
    assert loaded.checksum == hashlib.sha256(raw).hexdigest()


def test_progress_callback_can_cancel_by_raising(tmp_path: Path) -> None:
    class Cancelled(Exception):
        pass

    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * (3 * fileio.READ_CHUNK // 5))
    calls: list[float] = []

    def cancel_after_first_chunk(fraction: float) -> None:
        calls.append(fraction)
        if fraction > 0:
            raise Cancelled

    with pytest.raises(Cancelled):
        read_text_file(path, cancel_after_first_chunk)
    assert calls == [0.0, pytest.approx(1 / 3)]


# ---- saving ------------------------------------------------------------------------------


def test_save_writes_text_and_returns_the_checksum(tmp_path: Path) -> None:
    path = tmp_path / "new.md"
    checksum = write_text_atomic(path, SAMPLE)
    assert path.read_bytes() == SAMPLE.encode("utf-8")
    assert checksum == file_checksum(path)
    assert files_in(tmp_path) == ["new.md"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_save_keeps_the_original_permissions(tmp_path: Path) -> None:
    path = tmp_path / "shared.md"
    path.write_text("old")
    path.chmod(0o640)
    write_text_atomic(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == "new"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_new_file_follows_the_umask_not_private_temp_mode(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "fresh.md", "text")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "fresh.md").stat().st_mode) == 0o644


def test_failing_rename_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.md"
    path.write_text("the old text")

    def broken_replace(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(FileWriteError) as caught:
        write_text_atomic(path, "the new text")
    message = str(caught.value)
    assert str(path) in message and "not changed" in message
    assert path.read_text() == "the old text"
    assert files_in(tmp_path) == ["draft.md"]


def test_disk_full_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.md"
    path.write_text("the old text")

    def full_disk(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(FileWriteError, match="the disk is full"):
        write_text_atomic(path, "the new text" * 1000)
    assert path.read_text() == "the old text"
    assert files_in(tmp_path) == ["draft.md"]


def test_interrupted_save_still_removes_its_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.md"
    path.write_text("the old text")

    def interrupt(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(path, "the new text")
    assert path.read_text() == "the old text"
    assert files_in(tmp_path) == ["draft.md"]


def test_permission_denied_when_creating_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.md"
    path.write_text("the old text")
    real_open = os.open

    def refuse_new_files(name: object, flags: int, *args: object) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, flags, *args)

    monkeypatch.setattr(os, "open", refuse_new_files)
    with pytest.raises(FileWriteError, match="permission was denied") as caught:
        write_text_atomic(path, "the new text")
    assert str(path) in str(caught.value)
    assert path.read_text() == "the old text"


@needs_real_permissions
def test_permission_denied_for_real_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = folder / "draft.md"
    path.write_text("the old text")
    folder.chmod(0o500)
    try:
        with pytest.raises(FileWriteError, match="permission was denied"):
            write_text_atomic(path, "the new text")
        assert path.read_text() == "the old text"
        assert files_in(folder) == ["draft.md"]
    finally:
        folder.chmod(0o700)


def test_missing_folder_is_a_clear_write_error(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "draft.md"
    with pytest.raises(FileWriteError, match="does not exist") as caught:
        write_text_atomic(path, "text")
    assert str(path) in str(caught.value)


def test_text_the_encoding_cannot_hold_is_refused_before_touching_the_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(b"caf\xe9")
    with pytest.raises(FileWriteError, match=r"Windows-1252: line 2 contains “😀”"):
        write_text_atomic(path, "café\nsmile 😀", encoding="cp1252", newline="\r\n")
    assert path.read_bytes() == b"caf\xe9"
    assert files_in(tmp_path) == ["old.txt"]


def test_unknown_encoding_or_newline_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(LookupError):
        write_text_atomic(tmp_path / "a.txt", "x", encoding="no-such-codec")
    with pytest.raises(ValueError):
        write_text_atomic(tmp_path / "a.txt", "x", newline="\n\r")
    assert files_in(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
