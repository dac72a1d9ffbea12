"""Real-model fixtures: the bundled Gemma 3 270M, assembled once per session into a temp dir."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.llm.engine import Engine
from app.llm.gguf import DEFAULT_ALIGNMENT, _Reader
from app.llm.model_store import ensure_bundled_model

# The Gemma chat template in its essentials, for testing the chat-style path with the bundled
# model (its GGUF carries no template).
GEMMA_CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "{% set role = 'model' if message['role'] == 'assistant' else message['role'] %}"
    "<start_of_turn>{{ role }}\n{{ message['content'] | trim }}<end_of_turn>\n"
    "{% endfor %}{% if add_generation_prompt %}<start_of_turn>model\n{% endif %}"
)


@dataclass(frozen=True)
class AssembledModel:
    path: Path
    progress: tuple[float, ...]  # what the first assembly reported
    seconds: float


@pytest.fixture(scope="session")
def bundled_model(tmp_path_factory) -> AssembledModel:
    import time

    calls: list[float] = []
    started = time.perf_counter()
    path = ensure_bundled_model(tmp_path_factory.mktemp("models"), calls.append)
    return AssembledModel(path, tuple(calls), time.perf_counter() - started)


@pytest.fixture(scope="session")
def engine(bundled_model) -> Iterator[Engine]:
    """One loaded engine for the session: loading costs about a second."""
    loaded = Engine()
    loaded.load(bundled_model.path)
    yield loaded
    loaded.close()


def write_gguf_with_metadata(source: Path, target: Path, extra: dict[str, str]) -> Path:
    """Copy a GGUF file, adding string metadata (header rewritten, tensor data unchanged)."""
    data = source.read_bytes()
    reader = _Reader(data, len(data))
    reader.pos = 8
    tensor_count, kv_count = int(reader.take("<Q")), int(reader.take("<Q"))
    kv_start = reader.pos
    for _ in range(kv_count):
        reader.string()
        reader.value(int(reader.take("<I")))
    kv_end = reader.pos
    for _ in range(tensor_count):
        reader.string()
        n_dims = int(reader.take("<I"))
        reader.pos += 8 * n_dims + 12  # dimensions, type, offset
    tensors_end = reader.pos
    data_start = -(-tensors_end // DEFAULT_ALIGNMENT) * DEFAULT_ALIGNMENT

    def gguf_string(text: str) -> bytes:
        raw = text.encode("utf-8")
        return struct.pack("<Q", len(raw)) + raw

    header = bytearray(data[:8] + struct.pack("<QQ", tensor_count, kv_count + len(extra)))
    header += data[kv_start:kv_end]
    for key, value in extra.items():
        header += gguf_string(key) + struct.pack("<I", 8) + gguf_string(value)
    header += data[kv_end:tensors_end]
    header += b"\0" * (-len(header) % DEFAULT_ALIGNMENT)
    with target.open("wb") as out:
        out.write(header)
        out.write(memoryview(data)[data_start:])
    return target
