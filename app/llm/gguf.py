"""Checking a GGUF model file before llama.cpp sees it.

Older llama.cpp versions abort the whole process (a C assertion) on some malformed files, and
the writer would lose unsaved work. With llama-cpp-python 0.3.36 none of 29 malformed files
tried while writing this aborted (24 were refused with an error: truncated, renamed text,
random bytes behind the magic, impossible counts, wrong metadata types and values; 5 with odd
but harmless values loaded), but pyproject allows older versions, and llama.cpp's errors say
nothing a writer can act on. So before loading we read the header,
the metadata and the tensor table ourselves (pure Python, no llama_cpp import, about 35 ms for
the bundled model, most of it skipping its 262k-token vocabulary) and refuse anything that
does not add up: wrong magic or version, counts that cannot fit in the file, tensor data that
runs past the end (a truncated download), missing architecture metadata. Files that are not
models at all (a text file or web page renamed .gguf, a Git LFS pointer, a safetensors file)
get a message that says so.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GGML_BLOCKS", "GGUFInfo", "ModelFileError", "check_gguf", "read_gguf_metadata"]

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
MAX_DIMS = 4  # GGML_MAX_DIMS
MAX_NESTING = 3  # arrays of arrays: the spec allows them, real files use none

# ggml tensor type id -> (elements per block, bytes per block); from ggml.h / ggml.c. A test
# compares this with the installed libggml so a llama.cpp upgrade that adds types is noticed.
# Types not listed (removed ones, or ones newer than this table) skip the size check and are left
# to llama.cpp, which rejects unknown types with an error rather than an abort.
GGML_BLOCKS: dict[int, tuple[int, int]] = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34),
    9: (32, 36), 10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176), 14: (256, 210),
    15: (256, 292), 16: (256, 66), 17: (256, 74), 18: (256, 98), 19: (256, 50), 20: (32, 18),
    21: (256, 110), 22: (256, 82), 23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4),
    27: (1, 8), 28: (1, 8), 29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66),
    39: (32, 17), 40: (64, 36), 41: (128, 18), 42: (64, 18),
}  # fmt: skip

# GGUF metadata value types -> struct format of one scalar ("" = string, "array" = array).
_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
            10: "<Q", 11: "<q", 12: "<d"}  # fmt: skip
_STRING, _ARRAY = 8, 9
_U64 = struct.Struct("<Q")

FIX_REPLACE = "To fix it, download the model again or pick another (Model ▸ Choose model file…)."


class ModelFileError(Exception):
    """A model file is missing or unusable; str() is a sentence for the writer naming the file
    and saying what to do."""


@dataclass(frozen=True, slots=True)
class GGUFInfo:
    path: Path
    file_size: int
    version: int
    tensor_count: int
    architecture: str  # e.g. "gemma3", "llama", "qwen2"
    name: str  # general.name, or the file name when the file has none
    context_length: int  # what the model was trained for; 0 when the file does not say
    has_chat_template: bool
    file_type: int  # general.file_type (llama_ftype), -1 when absent; 15 = Q4_K_M


class _Truncated(Exception):
    """The metadata or tensor table claims more bytes than the file has."""


class _Reader:
    """Bounds-checked little-endian reads from a memory-mapped file."""

    def __init__(self, buf: mmap.mmap, size: int) -> None:
        self.buf, self.size, self.pos = buf, size, 0

    def take(self, fmt: str) -> int | float | bool:
        width = struct.calcsize(fmt)
        if self.pos + width > self.size:
            raise _Truncated
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += width
        return value

    def count(self, item_size: int) -> int:
        """A u64 count whose items (at least item_size bytes each) must fit in the rest."""
        n = int(self.take("<Q"))
        if n * item_size > self.size - self.pos:
            raise _Truncated
        return n

    def string(self) -> str:
        n = self.count(1)
        start, self.pos = self.pos, self.pos + n
        return bytes(self.buf[start : self.pos]).decode("utf-8", "replace")

    def _skip_strings(self, n: int) -> None:
        # A vocabulary is ~260k strings; a tight loop keeps the whole check near 50 ms.
        buf, pos, size, unpack = self.buf, self.pos, self.size, _U64.unpack_from
        for _ in range(n):
            if pos + 8 > size:
                raise _Truncated
            pos += 8 + unpack(buf, pos)[0]
        if pos > size:
            raise _Truncated
        self.pos = pos

    def value(self, vtype: int, depth: int = 0) -> object:
        if vtype in _SCALARS:
            return self.take(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY and depth < MAX_NESTING:
            item_type = int(self.take("<I"))
            if item_type in _SCALARS:
                width = struct.calcsize(_SCALARS[item_type])
                n = self.count(width)
                self.pos += n * width  # numeric arrays (scores, token types) are not needed
                return n
            if item_type == _STRING:
                n = self.count(8)
                self._skip_strings(n)
                return n
            n = self.count(12)
            for _ in range(n):
                self.value(item_type, depth + 1)
            return n
        raise ValueError(f"unknown metadata value type {vtype}")


def _not_a_model_reason(head: bytes) -> str:
    """Why a file without the GGUF magic is not a model, in words the writer can act on."""
    stripped = head.lstrip().lower()
    if stripped.startswith(b"version https://git-lfs"):
        return (
            "it is a Git LFS pointer, not the model itself. Run “git lfs pull” in that "
            "repository, or download the file directly"
        )
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml", b'{"error')):
        return (
            "it is a web page or an error message saved under a model's name, not the model. "
            "Download the .gguf file itself (on Hugging Face, the download button on the file)"
        )
    if head[8:10] == b'{"':
        return "it is a safetensors file. Humanize needs the model converted to GGUF"
    if head[:4] in (b"lmgg", b"fmgg", b"tjgg"):
        return "it uses the old GGML format. Humanize needs a GGUF file (convert it or get a GGUF)"
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "it is a text file, not a model"
    return "it is not a GGUF model file"


def read_gguf_metadata(path: Path) -> tuple[GGUFInfo, dict[str, object]]:
    """check_gguf plus the scalar and string metadata (arrays appear as their length)."""
    path = Path(path)
    shown = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ModelFileError(
            f"The model file {path} does not exist. Choose the file again with "
            "Model ▸ Choose model file…, or fix model_path in settings.toml."
        ) from None
    except OSError as exc:
        raise ModelFileError(f"The model file {path} cannot be read: {exc.strerror}.") from None
    if path.is_dir():
        raise ModelFileError(f"{path} is a folder; choose the .gguf file inside it.")
    if size < 24:
        raise ModelFileError(f"{shown} is not a model: it is only {size} bytes. {FIX_REPLACE}")
    try:
        with (
            path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf,
        ):
            if buf[:4] != GGUF_MAGIC:
                reason = _not_a_model_reason(bytes(buf[:4096]))
                raise ModelFileError(f"{shown} cannot be used: {reason}.")
            return _parse(path, buf, size)
    except OSError as exc:
        raise ModelFileError(f"The model file {path} cannot be read: {exc.strerror}.") from None


def check_gguf(path: Path) -> GGUFInfo:
    """Describe a GGUF model file, or raise ModelFileError saying what is wrong with it."""
    return read_gguf_metadata(path)[0]


def _parse(path: Path, buf: mmap.mmap, size: int) -> tuple[GGUFInfo, dict[str, object]]:
    shown = path.name
    damaged = f"{shown} is damaged or incomplete"
    reader = _Reader(buf, size)
    reader.pos = 4
    version = int(reader.take("<I"))
    if version not in SUPPORTED_VERSIONS:
        if version == 1:
            raise ModelFileError(
                f"{shown} uses GGUF version 1, which llama.cpp no longer reads. "
                "Get a newer conversion of the model."
            )
        raise ModelFileError(f"{damaged} (it says GGUF version {version}). {FIX_REPLACE}")
    metadata: dict[str, object] = {}
    try:
        # Each tensor record is at least 28 bytes, each key/value at least 13.
        tensor_count = reader.count(28)
        kv_count = reader.count(13)
        for _ in range(kv_count):
            key = reader.string()
            if key in metadata:
                raise ValueError(f"duplicate metadata key {key}")
            metadata[key] = reader.value(int(reader.take("<I")))
        alignment = metadata.get("general.alignment", DEFAULT_ALIGNMENT)
        if not isinstance(alignment, int) or alignment <= 0 or alignment & (alignment - 1):
            raise ValueError(f"bad alignment {alignment!r}")
        tensors = [_tensor_record(reader) for _ in range(tensor_count)]
    except _Truncated:
        raise ModelFileError(f"{damaged}: the file ends inside its header. {FIX_REPLACE}") from None
    except (ValueError, struct.error) as exc:
        raise ModelFileError(f"{damaged} ({exc}). {FIX_REPLACE}") from None

    data_start = -(-reader.pos // alignment) * alignment
    names: set[str] = set()
    for name, offset, nbytes in tensors:
        if name in names:
            raise ModelFileError(f"{damaged} (tensor {name} appears twice). {FIX_REPLACE}")
        names.add(name)
        if offset % alignment:
            raise ModelFileError(f"{damaged} (tensor {name} is misaligned). {FIX_REPLACE}")
        end = data_start + offset + max(nbytes, 0)
        if end > size:
            raise ModelFileError(
                f"{damaged}: it is {size:,} bytes but its contents need at least {end:,} "
                f"(tensor {name} runs past the end). The download or copy was probably cut "
                f"short. {FIX_REPLACE}"
            )
    if tensor_count == 0:
        raise ModelFileError(
            f"{shown} holds no model weights (it may be a vocabulary-only file). {FIX_REPLACE}"
        )

    arch = metadata.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        raise ModelFileError(
            f"{damaged}: it does not say which model architecture it is. {FIX_REPLACE}"
        )
    for key in (f"{arch}.block_count", f"{arch}.embedding_length"):
        value = metadata.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ModelFileError(f"{damaged}: its metadata lacks a valid {key}. {FIX_REPLACE}")
    if not isinstance(metadata.get("tokenizer.ggml.tokens"), int):
        raise ModelFileError(f"{damaged}: it has no vocabulary. {FIX_REPLACE}")

    context = metadata.get(f"{arch}.context_length", 0)
    name = metadata.get("general.name")
    file_type = metadata.get("general.file_type", -1)
    info = GGUFInfo(
        path=path,
        file_size=size,
        version=version,
        tensor_count=tensor_count,
        architecture=arch,
        name=name if isinstance(name, str) and name.strip() else path.stem,
        context_length=context if isinstance(context, int) and context > 0 else 0,
        has_chat_template=isinstance(metadata.get("tokenizer.chat_template"), str),
        file_type=file_type if isinstance(file_type, int) else -1,
    )
    return info, metadata


def _tensor_record(reader: _Reader) -> tuple[str, int, int]:
    """One tensor-table entry as (name, offset in the data section, size in bytes; -1 unknown)."""
    name = reader.string()
    n_dims = int(reader.take("<I"))
    if not 1 <= n_dims <= MAX_DIMS:
        raise ValueError(f"tensor {name} has {n_dims} dimensions")
    elements = 1
    dims = []
    for _ in range(n_dims):
        dim = int(reader.take("<Q"))
        dims.append(dim)
        elements *= dim
    if elements >= 2**63:
        raise ValueError(f"tensor {name} is impossibly large")
    ggml_type = int(reader.take("<I"))
    offset = int(reader.take("<Q"))
    block = GGML_BLOCKS.get(ggml_type)
    if block is None:
        return name, offset, -1
    per_block, block_bytes = block
    if dims[0] % per_block:
        raise ValueError(f"tensor {name} has a row length that does not fit its type")
    return name, offset, elements // per_block * block_bytes
