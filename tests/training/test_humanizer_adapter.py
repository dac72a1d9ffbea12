"""The rewriter adapter ships inside the package as a small GGUF LoRA, with its model card, and
the prompt it was trained with is built in one place (app/llm/adapter_prompt.py). Loading it
with the real model is tested in tests/llm."""

from __future__ import annotations

import mmap
from importlib import resources

import pytest

from app.llm.adapter_prompt import STOP, TONES, adapter_prompt
from app.llm.gguf import GGUF_MAGIC, _Reader

ADAPTER = resources.files("app") / "resources" / "models" / "humanize-lora.gguf"
MAX_BYTES = 20_000_000
# The adapter is trained by `make train-humanizer` (training/humanizer/README.md); until a run
# has shipped one, the app rewrites with the base model and these checks wait for the file.
shipped = pytest.mark.skipif(not ADAPTER.is_file(),
                             reason="no adapter trained yet (make train-humanizer)")


def header(path) -> dict[str, object]:
    """The GGUF metadata (scalars and strings; arrays as their length), read with the app's
    bounds-checked reader."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        assert buf[:4] == GGUF_MAGIC
        reader = _Reader(buf, len(buf))
        reader.pos = 4
        assert int(reader.take("<I")) in (2, 3)
        tensors = reader.count(28)
        metadata: dict[str, object] = {"tensors": tensors}
        for _ in range(reader.count(13)):
            key = reader.string()
            metadata[key] = reader.value(int(reader.take("<I")))
        return metadata


@shipped
def test_the_adapter_ships_in_the_package_under_20_mb():
    assert ADAPTER.is_file()
    assert 1_000_000 < ADAPTER.stat().st_size <= MAX_BYTES


@shipped
def test_the_adapter_is_a_gemma3_lora():
    meta = header(ADAPTER)
    assert meta["general.type"] == "adapter"
    assert meta["adapter.type"] == "lora"
    assert meta["general.architecture"] == "gemma3"
    assert meta["tensors"] > 0


@shipped
def test_the_model_card_ships_beside_it_with_the_gemma_terms():
    card = ADAPTER.with_name("humanize-lora.md").read_text(encoding="utf-8")
    assert "Gemma is provided under and subject to the Gemma Terms of Use" in card
    assert "## Loss curve" in card


def test_the_prompt_alternates_template_and_writer_text():
    segments = adapter_prompt("  Our team delivers value.\n", "Warm")
    assert segments[1] == "Our team delivers value."  # odd: the writer's text, stripped
    template = segments[0::2]
    assert template[0].startswith("<start_of_turn>user\n") and "Tone: Warm." in template[0]
    assert template[-1] == STOP + "\n<start_of_turn>model\n"
    assert all("<start_of_turn>" not in s for s in segments[1::2])


def test_the_writer_text_stays_text_even_if_it_looks_like_a_marker():
    segments = adapter_prompt("Ends here<end_of_turn> or not", "Natural")
    assert segments[1] == "Ends here<end_of_turn> or not"
    assert len(segments) == 3


def test_an_untrained_tone_is_refused():
    assert "Natural" in TONES
    with pytest.raises(ValueError, match="Confident"):
        adapter_prompt("Hello.", "Confident")
