"""GGUF models already on this computer: the built-in one, files the writer added, and the
models other tools downloaded (LM Studio, Ollama, GPT4All, Jan, the Hugging Face cache) or
left in ~/models and ~/Downloads. No network, no Qt, no llama.cpp: only directory listings and
GGUF headers (app/llm/gguf.py reads them without loading anything), so a search takes well
under a second for a few dozen models and can run in any background thread.

Where each tool keeps its models is in discovery_places.py, from the tools' documentation, per
platform; README.md ("Model sources") lists the same table for writers. What is not a usable
model is skipped without a word: other files, partial downloads, the second and later parts
of a split model, vision projectors (mmproj), and files whose header does not add up (tiny,
truncated or renamed). A split model is listed by its first part, which llama.cpp loads
together with the rest.

Whether a model fits this computer's memory follows the catalog: its min_ram_gb for a file it
names; otherwise the next power of two at or above three times the file size in GB, which
gives every catalog entry its listed figure (1 GB for the 253 MB built-in model, 4 GB for
0.8-1.1 GB files, 8 for 2-2.5 GB, 16 for 4.4-4.7 GB), compared with the installed memory in GB
of 10^9 bytes, as computers are sold (a "16 GB" laptop reports about 15.5 GiB, 16.6 GB).
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import stat
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.llm.catalog import CatalogEntry, CatalogError, find_entry, load_catalog, total_ram_gb
from app.llm.discovery_places import SearchPlace, search_places
from app.llm.gguf import ModelFileError, read_gguf_metadata

__all__ = [
    "FoundModel",
    "SOURCES",
    "SOURCE_LABELS",
    "SearchPlace",
    "discover",
    "memory_gb",
    "min_ram_gb_for",
    "search_places",
]

log = logging.getLogger(__name__)

SOURCES = ("built-in", "added", "lmstudio", "ollama", "gpt4all", "jan", "huggingface", "folder")
SOURCE_LABELS = {
    "built-in": "Built in", "added": "Added by you", "lmstudio": "LM Studio",
    "ollama": "Ollama", "gpt4all": "GPT4All", "jan": "Jan", "huggingface": "Hugging Face",
    "folder": "Folder",
}  # fmt: skip

# llama_ftype (general.file_type) -> the quantisation's usual name; from llama.h.
FILE_TYPES = {
    0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K",
    11: "Q3_K_S", 12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S",
    17: "Q5_K_M", 18: "Q6_K", 19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS",
    23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL", 26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S",
    29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0", 37: "TQ2_0",
    38: "MXFP4_MOE",
}  # fmt: skip
_QUANT_IN_NAME = re.compile(
    r"(?<![A-Za-z0-9])(I?Q\d(?:_[0-9A-Z]+)*|BF16|F16|F32|MXFP4)(?![A-Za-z0-9])", re.IGNORECASE
)
_SHARD = re.compile(r"-(\d{5})-of-(\d{5})\.gguf$", re.IGNORECASE)
# In-progress downloads that already carry the .gguf ending (GPT4All writes "incomplete-…";
# others end in .part, .download or .crdownload, which the .gguf test already skips).
_PARTIAL_PREFIXES = ("incomplete-", ".", "~")
OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model"
MAX_ENTRIES = 20_000  # directory entries looked at per place: a huge Downloads stays quick
MAX_MANIFEST_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class FoundModel:
    name: str
    path: Path | None  # None: the built-in model, assembled on first use
    size_bytes: int  # all parts of a split model
    source: str  # one of SOURCES
    quantisation: str  # "Q4_K_M", … or "" when neither the header nor the name says
    chat_template: bool
    fits_memory: bool | None  # None when the installed memory is unknown
    min_ram_gb: float
    architecture: str
    where: str  # a short hint of where it was found: "lmstudio-community/Qwen2.5-7B…"

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name, "path": str(self.path) if self.path else None,
            "size_bytes": self.size_bytes, "source": self.source,
            "quantisation": self.quantisation, "chat_template": self.chat_template,
            "fits_memory": self.fits_memory, "min_ram_gb": self.min_ram_gb,
            "architecture": self.architecture,
        }  # fmt: skip


# --- what is there --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    path: Path
    source: str
    name: str  # "" = the name in the file's metadata
    where: str


def discover(
    added: Sequence[str | Path] = (),
    *,
    include_builtin: bool = True,
    places: Sequence[SearchPlace] | None = None,
    ram_gb: float | None = None,
    cancel: threading.Event | None = None,
) -> list[FoundModel]:
    """The built-in model, then the files in added (newest first), then every model found in
    places (search_places() by default). The same file reached twice (a symlink, a shared
    Ollama blob) is listed once, under the first source. ram_gb: the memory to compare with
    (None: this computer's), in GB of 10^9 bytes. Stops early, returning what it has, when
    cancel is set."""
    ram = memory_gb() if ram_gb is None else ram_gb
    try:
        catalog = load_catalog()
    except CatalogError:
        catalog = ()
    found: list[FoundModel] = []
    seen: set[tuple[int, int]] = set()
    if include_builtin:
        found.append(_builtin(catalog, ram, seen))
    candidates = [_Candidate(Path(p).expanduser(), "added", "", "") for p in added if p]
    for place in search_places() if places is None else places:
        if cancel is not None and cancel.is_set():
            break
        candidates.extend(_candidates(place, cancel))
    for candidate in candidates:
        if cancel is not None and cancel.is_set():
            break
        model = _describe(candidate, catalog, ram, seen)
        if model is not None:
            found.append(model)
    return found


def _builtin(catalog: tuple[CatalogEntry, ...], ram: float | None, seen: set) -> FoundModel:
    from app.llm.model_store import bundled_model_ready

    entry = next((e for e in catalog if e.bundled), None)
    path = bundled_model_ready()
    if path is not None:
        model = _describe(_Candidate(path, "built-in", "", "built into Humanize"), catalog, ram,
                          seen)  # fmt: skip
        if model is not None:
            return model
    size = entry.size_mb * 1_000_000 if entry else 0
    need = entry.min_ram_gb if entry else min_ram_gb_for(size)
    return FoundModel(
        name=entry.name if entry else "Built-in model", path=None, size_bytes=size,
        source="built-in", quantisation=_quant_from_name(entry.file_name) if entry else "",
        chat_template=False, fits_memory=_fits(need, ram), min_ram_gb=need,
        architecture="", where="built into Humanize (prepared on first use)",
    )  # fmt: skip


def _candidates(place: SearchPlace, cancel: threading.Event | None) -> Iterator[_Candidate]:
    try:
        if not place.path.is_dir():
            return
    except OSError:
        return
    if place.layout == "ollama":
        yield from _ollama(place.path)
    elif place.layout == "huggingface":
        yield from _huggingface(place.path, cancel)
    else:
        for path in _gguf_files(place.path, place.depth, cancel):
            where = _relative_parent(path, place.path)
            yield _Candidate(path, place.source, "", where)


def _relative_parent(path: Path, root: Path) -> str:
    try:
        parent = path.parent.relative_to(root)
    except ValueError:
        return str(path.parent)
    return str(parent) if parent.parts else str(root)


def _gguf_files(root: Path, depth: int, cancel: threading.Event | None) -> Iterator[Path]:
    """.gguf files below root, depth folders deep at most; hidden folders and loops skipped."""
    budget = [MAX_ENTRIES]
    visited: set[tuple[int, int]] = set()

    def walk(folder: Path, level: int) -> Iterator[Path]:
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in visited:
                return
            visited.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        folders = []
        for entry in entries:
            budget[0] -= 1
            if budget[0] < 0 or (cancel is not None and cancel.is_set()):
                return
            name = entry.name
            try:
                if entry.is_dir():
                    if level < depth and not name.startswith("."):
                        folders.append(Path(entry.path))
                elif name.lower().endswith(".gguf") and _usable_name(name):
                    yield Path(entry.path)
            except OSError:
                continue
        for sub in folders:
            yield from walk(sub, level + 1)

    yield from walk(root, 0)


def _usable_name(name: str) -> bool:
    lower = name.lower()
    if lower.startswith(_PARTIAL_PREFIXES) or "mmproj" in lower:
        return False
    shard = _SHARD.search(name)
    return shard is None or int(shard.group(1)) == 1


def _ollama(root: Path) -> Iterator[_Candidate]:
    """Ollama names each model in manifests/<registry>/<namespace>/<model>/<tag>; the layer of
    type OLLAMA_MODEL_LAYER is the GGUF file, stored as blobs/sha256-<hex>."""
    manifests = root / "manifests"
    for manifest in sorted(_files_below(manifests, 4)):
        parts = manifest.relative_to(manifests).parts
        if len(parts) != 4:
            continue
        registry, namespace, model, tag = parts
        try:
            if manifest.stat().st_size > MAX_MANIFEST_BYTES:
                continue
            layers = json.loads(manifest.read_text(encoding="utf-8")).get("layers", [])
            digest = next(
                layer["digest"] for layer in layers
                if isinstance(layer, dict) and layer.get("mediaType") == OLLAMA_MODEL_LAYER
            )  # fmt: skip
        except (OSError, UnicodeDecodeError, ValueError, AttributeError, KeyError, TypeError,
                StopIteration):  # fmt: skip
            continue
        if not isinstance(digest, str) or not re.fullmatch(r"sha256[:-][0-9a-f]{64}", digest):
            continue
        blob = root / "blobs" / digest.replace(":", "-")
        if registry == "registry.ollama.ai":
            name = f"{model}:{tag}" if namespace == "library" else f"{namespace}/{model}:{tag}"
        else:
            name = f"{registry}/{namespace}/{model}:{tag}"
        yield _Candidate(blob, "ollama", name, f"ollama {name}")


def _huggingface(hub: Path, cancel: threading.Event | None) -> Iterator[_Candidate]:
    """hub/models--<org>--<name>/snapshots/<revision>/…/<file>.gguf (links into blobs/)."""
    try:
        repos = sorted(p for p in hub.iterdir() if p.name.startswith("models--"))
    except OSError:
        return
    for repo in repos:
        repo_id = "/".join(repo.name.split("--")[1:])
        for path in _gguf_files(repo / "snapshots", 4, cancel):
            yield _Candidate(path, "huggingface", "", repo_id)


def _files_below(root: Path, depth: int) -> Iterator[Path]:
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir() and depth > 1:
                yield from _files_below(Path(entry.path), depth - 1)
            elif entry.is_file():
                yield Path(entry.path)
        except OSError:
            continue


_header_cache: dict[tuple[str, int, int], tuple[str, str, bool, int] | None] = {}
_cache_lock = threading.Lock()


def _describe(
    candidate: _Candidate, catalog: tuple[CatalogEntry, ...], ram: float | None, seen: set
) -> FoundModel | None:
    path = candidate.path
    try:
        info = path.stat()  # follows links: a Hugging Face snapshot entry is a link to a blob
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) in seen:
        return None  # a FIFO or device named .gguf would block the header read forever
    header = _header(path, info)
    if header is None:
        return None
    name, architecture, chat_template, file_type = header
    rest = _other_shards_size(path)
    if rest < 0:
        return None  # a split model with parts missing: still downloading
    size = info.st_size + rest
    seen.add((info.st_dev, info.st_ino))
    entry = find_entry(catalog, path.name)
    need = entry.min_ram_gb if entry else min_ram_gb_for(size)
    return FoundModel(
        name=candidate.name or name, path=path, size_bytes=size, source=candidate.source,
        quantisation=FILE_TYPES.get(file_type) or _quant_from_name(path.name),
        chat_template=chat_template, fits_memory=_fits(need, ram), min_ram_gb=need,
        architecture=architecture, where=candidate.where or str(path.parent),
    )  # fmt: skip


def _header(path: Path, info: os.stat_result) -> tuple[str, str, bool, int] | None:
    """(name, architecture, has chat template, file type) from the GGUF header, or None when
    it is no usable model; remembered per file size and time, so a refresh costs a stat."""
    key = (str(path), info.st_size, info.st_mtime_ns)
    with _cache_lock:
        if key in _header_cache:
            return _header_cache[key]
    try:
        gguf, metadata = read_gguf_metadata(path)
    except (ModelFileError, OSError, ValueError) as exc:
        log.debug("Not listed: %s (%s)", path, exc)
        header = None
    else:
        vision = gguf.architecture == "clip" or "clip.projector_type" in metadata
        header = None if vision else (gguf.name, gguf.architecture, gguf.has_chat_template,
                                      gguf.file_type)  # fmt: skip
    with _cache_lock:
        _header_cache[key] = header
    return header


def _other_shards_size(path: Path) -> int:
    """Bytes in parts 2..n of a split model whose first part is path; -1 if any is missing."""
    shard = _SHARD.search(path.name)
    if shard is None:
        return 0
    total = 0
    count = int(shard.group(2))
    stem = path.name[: shard.start()]
    for part in range(2, count + 1):
        try:
            total += (path.parent / f"{stem}-{part:05d}-of-{count:05d}.gguf").stat().st_size
        except OSError:
            return -1
    return total


def _quant_from_name(name: str) -> str:
    match = _QUANT_IN_NAME.search(Path(name).stem)
    return match.group(1).upper() if match else ""


def min_ram_gb_for(size_bytes: int) -> float:
    """The memory a model file wants when the catalog does not say: the next power of two at
    or above three times its size in GB (this reproduces every entry of the catalog)."""
    wanted = 3 * size_bytes / 1e9
    return float(2 ** max(0, math.ceil(math.log2(wanted)))) if wanted > 1 else 1.0


def memory_gb() -> float | None:
    """This computer's memory in GB of 10^9 bytes (total_ram_gb counts GiB)."""
    gib = total_ram_gb()
    return None if gib is None else gib * 1024**3 / 1e9


def _fits(need_gb: float, ram_gb: float | None) -> bool | None:
    return None if ram_gb is None else need_gb <= ram_gb
