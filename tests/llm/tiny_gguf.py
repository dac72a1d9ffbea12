"""Tiny but valid GGUF files (a header and one 32-byte tensor) for tests that list models
without loading them, and fake model folders of other tools built from them."""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path

ALIGNMENT = 32


def _string(text: str) -> bytes:
    raw = text.encode("utf-8")
    return struct.pack("<Q", len(raw)) + raw


def tiny_gguf(
    path: Path,
    name: str = "Tiny Model",
    *,
    chat_template: str | None = None,
    file_type: int | None = None,
    architecture: str = "llama",
    extra_tensor_bytes: int = 0,
) -> Path:
    """Write a GGUF file that check_gguf accepts; extra_tensor_bytes > 0 makes its tensor claim
    more data than the file holds (a truncated download)."""
    kv = [
        ("general.architecture", 8, _string(architecture)),
        ("general.name", 8, _string(name)),
        (f"{architecture}.block_count", 4, struct.pack("<I", 1)),
        (f"{architecture}.embedding_length", 4, struct.pack("<I", 8)),
        ("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 1) + _string("a")),
    ]
    if file_type is not None:
        kv.append(("general.file_type", 4, struct.pack("<I", file_type)))
    if chat_template is not None:
        kv.append(("tokenizer.chat_template", 8, _string(chat_template)))
    header = bytearray(b"GGUF" + struct.pack("<IQQ", 3, 1, len(kv)))
    for key, kind, value in kv:
        header += _string(key) + struct.pack("<I", kind) + value
    elements = 8 + extra_tensor_bytes // 4
    header += _string("token_embd.weight") + struct.pack("<IQIQ", 1, elements, 0, 0)
    header += b"\0" * (-len(header) % ALIGNMENT)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(header) + b"\0" * 32)
    return path


def link_or_copy(source: Path, target: Path) -> Path:
    """A hard link when the file system allows one (the bundled model is 253 MB)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        target.write_bytes(source.read_bytes())
    return target


def ollama_model(root: Path, name: str, tag: str, blob_source: Path | None, *,
                 namespace: str = "library", projector: bool = False) -> Path:
    """An Ollama store entry: manifests/registry.ollama.ai/<namespace>/<name>/<tag> naming a
    model blob (a link to blob_source; None: the blob is missing)."""
    digest = hashlib.sha256(f"{namespace}/{name}".encode()).hexdigest()
    if blob_source is not None:
        blob = root / "blobs" / f"sha256-{digest}"
        if not blob.exists():
            link_or_copy(blob_source, blob)
    layers = [{"mediaType": "application/vnd.ollama.image.model", "digest": f"sha256:{digest}",
               "size": 1}]  # fmt: skip
    if projector:
        layers.append({"mediaType": "application/vnd.ollama.image.projector",
                       "digest": "sha256:" + "0" * 64, "size": 1})  # fmt: skip
    layers.append({"mediaType": "application/vnd.ollama.image.template",
                   "digest": "sha256:" + "1" * 64, "size": 1})  # fmt: skip
    manifest = root / "manifests" / "registry.ollama.ai" / namespace / name / tag
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps({"schemaVersion": 2, "layers": layers}), encoding="utf-8")
    return root / "blobs" / f"sha256-{digest}"


def hf_cached(hub: Path, repo: str, file_name: str, source: Path, revisions=("main1",)) -> Path:
    """A Hugging Face hub cache entry: snapshots/<revision>/<file> links to blobs/<hash>."""
    folder = hub / ("models--" + repo.replace("/", "--"))
    blob = folder / "blobs" / hashlib.sha256(file_name.encode()).hexdigest()
    link_or_copy(source, blob)
    (folder / "blobs" / (blob.name + "x.incomplete")).write_bytes(b"partial")
    for revision in revisions:
        snapshot = folder / "snapshots" / revision / file_name
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.symlink_to(Path("..", "..", "blobs", blob.name))
    return folder / "snapshots" / revisions[0] / file_name
