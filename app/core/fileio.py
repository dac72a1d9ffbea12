"""Opening and saving documents safely, and keeping autosaves of unsaved work.

Reading accepts the encodings writers actually meet (UTF-8, with or without a byte-order mark,
UTF-16, old Windows files) and says so when it had to guess. Saving is atomic: the new text goes
to a temporary file in the same folder and replaces the old file only once it is safely on disk,
so a failed save never leaves a half-written document behind.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.core.text_encoding import NotTextError, decode_document, encode_text, encoding_label

__all__ = [
    "FileReadError",
    "FileWriteError",
    "LoadedText",
    "RecoveryEntry",
    "RecoveryStore",
    "encoding_label",
    "file_checksum",
    "read_text_file",
    "write_bytes_atomic",
    "write_text_atomic",
]

log = logging.getLogger(__name__)

READ_CHUNK = 4 * 1024 * 1024
MAX_OPEN_BYTES = 512 * 1024 * 1024


class FileReadError(Exception):
    """A file could not be opened as text; str() is a sentence for the writer naming the file."""


class FileWriteError(Exception):
    """A save failed; str() names the file. The file on disk is unchanged when this is raised."""


@dataclass(frozen=True, slots=True)
class LoadedText:
    text: str  # newlines normalised to "\n"
    encoding: str  # codec name to save with, e.g. "utf-8", "utf-8-sig", "utf-16-le", "cp1252"
    newline: str  # the file's own line ending: "\n", "\r\n" or "\r"
    notice: str  # "" for plain UTF-8; otherwise a sentence saying what was assumed
    checksum: str  # sha256 of the bytes on disk


def read_text_file(
    path: Path, progress: Callable[[float], None] | None = None
) -> LoadedText:
    """Read a text file, working out its encoding and line endings.

    ``progress`` (if given) is called with 0.0 .. 1.0 while the bytes are read in chunks.
    Raises FileReadError for missing, unreadable, binary or too large files.
    """
    path = Path(path)
    data, checksum = _read_bytes(path, progress)
    try:
        decoded = decode_document(data)
    except NotTextError as exc:
        raise FileReadError(
            f"“{path}” looks like a binary file, not text, so Humanize did not open it."
        ) from exc
    return LoadedText(decoded.text, decoded.encoding, decoded.newline, decoded.notice, checksum)


def _read_bytes(path: Path, progress: Callable[[float], None] | None) -> tuple[bytearray, str]:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_OPEN_BYTES:
                raise FileReadError(
                    f"“{path}” is too large to open ({size / 2**20:,.0f} MB); "
                    f"Humanize opens text files up to {MAX_OPEN_BYTES // 2**20} MB."
                )
            if progress:
                progress(0.0)
            # One buffer filled in place: no chunk list to join, so a 50 MB file is copied once.
            data = bytearray(size)
            with memoryview(data) as view:
                done = 0
                while done < size:
                    count = handle.readinto(view[done : done + READ_CHUNK])
                    if not count:
                        break
                    digest.update(view[done : done + count])
                    done += count
                    if progress:
                        progress(done / size)
            del data[done:]  # the file shrank while we read it
            tail = handle.read()  # ... or grew
            digest.update(tail)
            data += tail
    except FileReadError:
        raise
    except FileNotFoundError as exc:
        raise FileReadError(f"Could not open “{path}”: the file does not exist.") from exc
    except IsADirectoryError as exc:
        raise FileReadError(f"Could not open “{path}”: it is a folder, not a file.") from exc
    except PermissionError as exc:
        if path.is_dir():  # Windows reports folders this way
            raise FileReadError(f"Could not open “{path}”: it is a folder, not a file.") from exc
        raise FileReadError(f"Could not open “{path}”: permission was denied.") from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FileReadError(f"Could not read “{path}”: {reason}.") from exc
    if progress:
        progress(1.0)
    return data, digest.hexdigest()


def write_text_atomic(
    path: Path, text: str, encoding: str = "utf-8", newline: str = "\n"
) -> str:
    """Save ``text`` (with "\\n" newlines) atomically; returns the sha256 of the bytes written.

    ``newline`` is the line ending to write. UTF-16 and UTF-32 are written with a byte-order
    mark. Raises FileWriteError, with the old file untouched, if the text cannot be encoded or
    the file cannot be written; LookupError for an unknown encoding, ValueError for an unknown
    line ending.
    """
    path = Path(path)
    try:
        data = encode_text(text, encoding, newline)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        line = exc.object.count(newline, 0, exc.start) + 1
        raise FileWriteError(
            f"Could not save “{path}” as {encoding_label(encoding)}: line {line} contains "
            f"“{bad}”, which that encoding cannot store. The file on disk was not changed; "
            "save it as UTF-8 to keep every character."
        ) from exc
    write_bytes_atomic(path, data)
    return hashlib.sha256(data).hexdigest()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permissions."""
    # Follow a symlink so the link stays a link and its target gets the new text.
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        old_mode: int | None = os.stat(target).st_mode & 0o7777
    except OSError:
        old_mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    # A short stem keeps the temporary name within the 255-byte limit of most file systems.
    temp = folder / f".{target.name[:80]}.{secrets.token_hex(4)}.tmp"
    try:
        # 0o666 lets the umask decide, as for any new file (mkstemp would force 0o600).
        fd = os.open(temp, flags, 0o666)
    except OSError as exc:
        raise FileWriteError(_save_failure(path, exc)) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if old_mode is not None:
            with contextlib.suppress(OSError):  # e.g. FAT or SMB: no modes to keep
                os.chmod(temp, old_mode)
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise FileWriteError(_save_failure(path, exc)) from exc
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX. Windows cannot open folders this way, and once
    # the rename has happened a failure here must not report the save as failed.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _save_failure(path: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        reason = "permission was denied"
    elif exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "the disk is full"
    elif exc.errno == errno.EROFS:
        reason = "the disk is read-only"
    elif isinstance(exc, FileNotFoundError):
        reason = f"the folder “{Path(path).parent}” does not exist"
    elif isinstance(exc, IsADirectoryError):
        reason = "a folder has that name"
    else:
        reason = (exc.strerror or str(exc)).rstrip(".")
    return f"Could not save “{path}”: {reason}. The file on disk was not changed."


def file_checksum(path: Path) -> str | None:
    """sha256 of the file's bytes, or None if it does not exist (any more).

    Raises FileReadError if it exists but cannot be read.
    """
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        reason = (exc.strerror or str(exc)).rstrip(".").lower()
        raise FileReadError(f"Could not check “{path}” for changes: {reason}.") from exc
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class RecoveryEntry:
    key: str
    source_path: str | None  # the document it belongs to; None for a never-saved draft
    saved_at: float  # time.time() of the autosave
    text: str
    path: Path  # the recovery file itself


_KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,100}")
_RECOVERY_SUFFIX = ".recovery"
_RECOVERY_FORMAT = 1


class RecoveryStore:
    """Autosaves of unsaved work, one file per editing session, offered back after a crash.

    A file is one line of JSON (format, key, source_path, saved_at, text_bytes) followed by the
    text as UTF-8. Keeping the text out of the JSON means a large draft is written as-is, with
    no escaping, and text_bytes catches a file cut short.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def new_key(self) -> str:
        """A key unique to one editing session (time, process and randomness)."""
        return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(4)}"

    def _file(self, key: str) -> Path:
        if not _KEY_PATTERN.fullmatch(key):
            raise ValueError(f"recovery key {key!r} must be 1-100 letters, digits, '-' or '_'")
        return self.folder / f"{key}{_RECOVERY_SUFFIX}"

    def save(self, key: str, text: str, source_path: str | None) -> None:
        """Store the latest text for ``key`` atomically; raises FileWriteError on failure."""
        target = self._file(key)
        body = text.encode("utf-8", "surrogatepass")
        header = {
            "format": _RECOVERY_FORMAT,
            "key": key,
            "source_path": source_path,
            "saved_at": time.time(),
            "text_bytes": len(body),
        }
        line = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise FileWriteError(_save_failure(target, exc)) from exc
        write_bytes_atomic(target, line + body)

    def entries(self) -> list[RecoveryEntry]:
        """Every readable autosave, newest first; damaged files are skipped and logged."""
        try:
            candidates = sorted(self.folder.glob(f"*{_RECOVERY_SUFFIX}"))
        except OSError as exc:
            log.warning("Cannot list recovery folder %s: %s", self.folder, exc)
            return []
        found = [entry for entry in map(self._load, candidates) if entry is not None]
        found.sort(key=lambda entry: entry.saved_at, reverse=True)
        return found

    def _load(self, file: Path) -> RecoveryEntry | None:
        try:
            raw = file.read_bytes()
            header_line, _, body = raw.partition(b"\n")
            header = json.loads(header_line)
            source = header["source_path"]
            saved_at = header["saved_at"]
            valid = (
                header["format"] == _RECOVERY_FORMAT
                and _KEY_PATTERN.fullmatch(file.stem) is not None
                and (source is None or isinstance(source, str))
                and isinstance(saved_at, int | float)
                and not isinstance(saved_at, bool)
                and header["text_bytes"] == len(body)
            )
            if not valid:
                raise ValueError("header does not match the recovery format")
            text = body.decode("utf-8", "surrogatepass")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            # Never let one damaged autosave stop the others from being offered.
            log.warning("Skipping damaged recovery file %s: %s", file, exc)
            return None
        return RecoveryEntry(file.stem, source, float(saved_at), text, file)

    def discard(self, key: str) -> None:
        """Forget the autosave for ``key`` (after a save, or when the writer declines it)."""
        try:
            self._file(key).unlink(missing_ok=True)
        except OSError as exc:
            # Worst case the writer is offered an old autosave later; not worth failing a save.
            log.warning("Could not remove recovery file for %s: %s", key, exc)
