"""The prompt Humanize's rewriter adapter (humanize-lora.gguf) was trained with, in one place.

Training (training/humanizer/train.py) and the engine both build the prompt here, so the two
cannot drift apart. Gemma's chat turns, with our instruction and the writer's paragraph:

    <start_of_turn>user
    Humanize this text. Tone: Warm. Keep every fact, name and number.

    {paragraph}<end_of_turn>
    <start_of_turn>model
    {rewrite}<end_of_turn>

The tokenizer's BOS comes first, as for any prompt. No Qt, no llama_cpp here.
"""

from __future__ import annotations

# The tones of the training data; the adapter has seen no other.
TONES = ("Natural", "Warm", "Casual", "Formal", "Concise", "Simple")
STOP = "<end_of_turn>"
_INSTRUCTION = "Humanize this text. Tone: {tone}. Keep every fact, name and number."
_OPEN = "<start_of_turn>user\n" + _INSTRUCTION + "\n\n"
_CLOSE = STOP + "\n<start_of_turn>model\n"


def adapter_prompt(source: str, tone: str) -> tuple[str, ...]:
    """The prompt for rewriting `source` in `tone`, as segments that alternate between our
    template (even indices: tokenize with special tokens parsed, so "<start_of_turn>" is one
    token) and the writer's text (odd indices: tokenize with special tokens NOT parsed, so a
    draft that happens to contain "<end_of_turn>" cannot end the turn). Training tokenizes the
    segments the same way, one by one, and joins the ids. The model's answer ends with STOP.

    The paragraph is stripped of surrounding whitespace (the rewrite replaces the stripped
    text). Raises ValueError for a tone the adapter was not trained on.
    """
    if tone not in TONES:
        raise ValueError(f"the adapter knows the tones {', '.join(TONES)}, not {tone!r}")
    return (_OPEN.format(tone=tone), source.strip(), _CLOSE)
