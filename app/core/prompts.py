"""Rewrite prompts per tone, for base models (few-shot text) and chat models (messages).

The bundled Gemma 3 270M is a base model: it continues text, so it is shown a few pairs of a
machine-sounding sentence and a natural rewrite in the chosen tone, and the prompt ends exactly
where the next rewrite begins. Instruct models get the same pairs as earlier chat turns; the
engine renders them with the model's own chat template.

Prompts are ordered for llama.cpp's prefix cache: the fixed part (instruction and examples for
the tone) comes first and never changes, then the writer's own accepted examples (which change
rarely), then the text. Consecutive requests in one tone therefore share everything up to the
text, and only the text is evaluated again. Prompts stay small because evaluating a prompt is
the slow part on a laptop CPU (about 400 tokens/s for Gemma 3 270M on two cores).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "MAX_WRITER_EXAMPLES",
    "TONES",
    "TONE_DESCRIPTIONS",
    "Example",
    "Prompt",
    "PromptStyle",
    "ToneGuide",
    "build_rewrite_prompt",
]

PromptStyle = Literal["base", "chat"]

TONE_DESCRIPTIONS: dict[str, str] = {
    "Natural": "plain and natural, the way a thoughtful person would say it",
    "Warm": "friendly and kind, as if writing to someone you like",
    "Formal": "polite and professional, without stiff or inflated words",
    "Casual": "relaxed and conversational, with everyday words and contractions",
    "Confident": "direct and sure, without hedging",
    "Empathetic": "understanding and caring, acknowledging how the reader may feel",
    "Concise": "as short as possible while keeping every fact",
    "Simple": "short everyday words and short sentences that anyone can follow",
}
TONES: tuple[str, ...] = tuple(TONE_DESCRIPTIONS)

MAX_WRITER_EXAMPLES = 2  # each costs prompt tokens on every change of the example set
MAX_EXAMPLE_CHARS = 300  # longer accepted rewrites are skipped as examples
MAX_CONTEXT_CHARS = 240  # the end of the preceding text, for pronouns and continuity
CHAT_FIXED_EXAMPLES = 2  # instruct models need fewer demonstrations than a base model


@dataclass(frozen=True, slots=True)
class Example:
    original: str
    rewrite: str


@dataclass(frozen=True, slots=True)
class ToneGuide:
    """A tone beyond the presets (app/core/voice/guide.py makes them): "My voice" or one the
    writer added. Its own example pairs come first, the Natural preset's fill in up to three
    (a base model needs that many to follow the format); the writer's own sentences, when
    there are some, are shown as the voice to sound like."""

    name: str  # as the writer sees it
    description: str  # one line: "dry, short sentences, a little wry"
    examples: tuple[Example, ...] = ()
    voice_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Prompt:
    style: PromptStyle
    tone: str
    text: str  # the full prompt for base style; "" for chat style
    messages: tuple[tuple[str, str], ...]  # (role, content) for chat style; () for base style
    stop: tuple[str, ...]  # stop sequences for the generation
    max_tokens: int  # enough for a rewrite up to the gate's length limit, with slack
    original: str  # the text being rewritten, for the gate


# Machine-sounding sentence -> a human rewrite in the tone, meaning and facts kept. The base
# model imitates these closely: examples that drop content teach it to drop content (and the
# gate then rejects nearly everything), and examples about unrelated topics get copied. So
# most tones share three originals full of stock phrases, rewritten faithfully in the tone.
# With these, Gemma 3 270M's drafts that pass the gate went from 5/4/10 to 15/16/14 of 36 for
# Warm/Casual/Simple, and 13 to 16 for Natural (`python -m bench rewrites`).
_DEADLINE = "It is important to note that the deadline has been moved to Friday."
_TOOLS = ("Our team leverages cutting-edge tools to deliver seamless experiences for our valued "
          "customers.")
_PLAN = ("In today's fast-paced world, a good plan plays a crucial role in the success of any "
         "project. Moreover, utilizing a checklist can help you stay on track.")
_EXAMPLES: dict[str, tuple[Example, ...]] = {
    "Natural": (
        Example(_DEADLINE, "The deadline has moved to Friday."),
        Example(_TOOLS, "Our team uses modern tools to give our customers a smooth experience."),
        Example(_PLAN,
                "A good plan is key to any project's success, and a checklist helps you stay on "
                "track."),
    ),
    "Warm": (
        Example(_DEADLINE,
                "Good news: the deadline has moved to Friday, so there's a bit more time."),
        Example(_TOOLS, "Our team uses modern tools to make things easy for you, our customers."),
        Example(_PLAN,
                "A good plan really helps a project succeed, and a checklist can keep you on "
                "track."),
    ),
    "Formal": (
        Example("We're super excited to kick off this awesome project with you guys!",
                "We look forward to starting this project with you."),
        Example("It is worth noting that the results were, in many ways, quite unexpected.",
                "The results were unexpected in several respects."),
        Example("Let's dive into the data to unlock game-changing insights.",
                "We will review the data to identify the key findings."),
    ),
    "Casual": (
        Example(_DEADLINE, "Heads up, the deadline's moved to Friday."),
        Example(_TOOLS, "We use modern tools so things just work for our customers."),
        Example(_PLAN,
                "A good plan can make or break a project, and a checklist helps you stay on "
                "track."),
    ),
    "Confident": (
        Example("We believe that our product may potentially help you save some time.",
                "Our product will save you time."),
        Example("It could be argued that this approach might be somewhat more effective.",
                "This approach works better."),
        Example("We hope to possibly deliver the update by the end of the month.",
                "We will deliver the update by the end of the month."),
    ),
    "Empathetic": (
        Example("Your request cannot be processed at this time.",
                "I'm sorry, we can't process your request right now."),
        Example("It is unfortunate that the issue you experienced has occurred.",
                "I'm so sorry you ran into this problem."),
        Example("The deadline was missed due to the form not being submitted.",
                "The deadline passed because the form wasn't sent in. I know that's frustrating."),
    ),
    "Concise": (
        Example("At this point in time, we are currently in the process of reviewing your "
                "application.",
                "We're reviewing your application."),
        Example("Due to the fact that the server was down, the update was not able to be "
                "completed.",
                "The update failed because the server was down."),
        Example("In order to achieve optimal results, it is recommended that you restart the "
                "device.",
                "Restart the device for the best results."),
    ),
    "Simple": (
        Example("The utilization of renewable energy sources facilitates the mitigation of "
                "carbon emissions.",
                "Using clean energy helps cut carbon emissions."),
        Example(_TOOLS, "Our team uses new tools to make things easy for our customers."),
        Example(_PLAN, "A good plan helps a project work. A checklist helps you stay on track."),
    ),
}  # fmt: skip


def build_rewrite_prompt(
    text: str,
    tone: str = "Natural",
    style: PromptStyle = "base",
    examples: Sequence[Example] = (),
    context: str = "",
    guide: ToneGuide | None = None,
) -> Prompt:
    """A prompt asking for one rewrite of text in tone.

    examples: rewrites the writer accepted earlier (newest last); at most MAX_WRITER_EXAMPLES
    short ones are used, so the prompt stays small and its prefix stays stable.
    context: the text just before (it helps with pronouns); only its end is used.
    guide: a custom tone or "My voice"; then `tone` is the preset behind it (for the gate).
    """
    if guide is not None:
        return _guided_prompt(text, guide, style, examples, context)
    if tone not in TONE_DESCRIPTIONS:
        raise ValueError(f"unknown tone {tone!r}; expected one of {', '.join(TONES)}")
    if style not in ("base", "chat"):
        raise ValueError(f"unknown prompt style {style!r}")
    text = _one_line(text)
    if not text:
        raise ValueError("nothing to rewrite")
    chosen = _writer_examples(examples)
    before = _context_tail(context)
    # A rewrite may be up to 1.6 times longer (the gate's limit); ~3.5 characters per token.
    max_tokens = int(len(text) / 3.5 * 1.7) + 16
    if style == "base":
        return Prompt("base", tone, _base_text(text, tone, chosen, before), (), ("\n",),
                      max_tokens, text)  # fmt: skip
    return Prompt("chat", tone, "", _chat_messages(text, tone, chosen, before), (), max_tokens,
                  text)  # fmt: skip


def _guided_prompt(text: str, guide: ToneGuide, style: PromptStyle,
                   examples: Sequence[Example], context: str) -> Prompt:
    if style not in ("base", "chat"):
        raise ValueError(f"unknown prompt style {style!r}")
    text = _one_line(text)
    if not text:
        raise ValueError("nothing to rewrite")
    own = tuple(Example(_one_line(e.original), _one_line(e.rewrite)) for e in guide.examples
                if e.original.strip() and e.rewrite.strip())
    shots = (own + _EXAMPLES["Natural"])[: max(3, len(own))]
    writer = _writer_examples(examples)
    before = _context_tail(context)
    max_tokens = int(len(text) / 3.5 * 1.7) + 16
    name = _one_line(guide.name) or "custom"
    instruction = (
        "Rewrite each text so that it sounds like a person wrote it. Tone: "
        f"{name}, {_one_line(guide.description)}. Keep the meaning, the facts and the "
        "language of the original.")
    voice = [_one_line(line) for line in guide.voice_lines if line.strip()]
    if voice:
        instruction += " Sound like these sentences by the writer: " + " ".join(
            f"“{line}”" for line in voice)
    if style == "base":
        label = f"Rewrite ({name.lower()}):"
        parts = [instruction, ""]
        for example in (*shots, *writer):
            parts += [f"Original: {example.original}", f"{label} {example.rewrite}", ""]
        if before:
            parts.append(f"(Text before it: {before})")
        parts += [f"Original: {text}", label]
        return Prompt("base", guide.name, "\n".join(parts), (), ("\n",), max_tokens, text)
    header = f"{instruction} Reply with the rewritten text only.\n\n"
    messages: list[tuple[str, str]] = []
    for i, example in enumerate((*shots[:max(CHAT_FIXED_EXAMPLES, len(own))], *writer)):
        messages += [("user", (header if i == 0 else "") + example.original),
                     ("assistant", example.rewrite)]  # fmt: skip
    final = f"(Text before it, not to be rewritten: {before})\n\n{text}" if before else text
    messages.append(("user", (header if not messages else "") + final))
    return Prompt("chat", guide.name, "", tuple(messages), (), max_tokens, text)


def _one_line(text: str) -> str:
    # The few-shot format is line-based: a newline inside the text would end it early.
    return " ".join(text.split())


def _writer_examples(examples: Sequence[Example]) -> tuple[Example, ...]:
    usable = [
        Example(_one_line(e.original), _one_line(e.rewrite))
        for e in examples
        if e.original.strip() and e.rewrite.strip()
        and len(e.original) + len(e.rewrite) <= 2 * MAX_EXAMPLE_CHARS
    ]  # fmt: skip
    return tuple(usable[-MAX_WRITER_EXAMPLES:])


def _context_tail(context: str) -> str:
    context = _one_line(context)
    if len(context) <= MAX_CONTEXT_CHARS:
        return context
    tail = context[-MAX_CONTEXT_CHARS:]
    return "…" + tail[tail.find(" ") + 1 :] if " " in tail else "…" + tail


def _instruction(tone: str) -> str:
    return (
        "Rewrite each text so that it sounds like a person wrote it. Tone: "
        f"{tone.lower()}, {TONE_DESCRIPTIONS[tone]}. Keep the meaning, the facts and the "
        "language of the original."
    )


def _base_text(text: str, tone: str, writer: tuple[Example, ...], before: str) -> str:
    label = f"Rewrite ({tone.lower()}):"
    parts = [_instruction(tone), ""]
    for example in (*_EXAMPLES[tone], *writer):
        parts += [f"Original: {example.original}", f"{label} {example.rewrite}", ""]
    if before:
        parts.append(f"(Text before it: {before})")
    parts += [f"Original: {text}", label]
    # The prompt ends right after the label: the model's first token carries its own leading
    # space, which tokenizes better than a prompt that ends in a space.
    return "\n".join(parts)


def _chat_messages(
    text: str, tone: str, writer: tuple[Example, ...], before: str
) -> tuple[tuple[str, str], ...]:
    shots = (*_EXAMPLES[tone][:CHAT_FIXED_EXAMPLES], *writer)
    header = f"{_instruction(tone)} Reply with the rewritten text only.\n\n"
    messages: list[tuple[str, str]] = []
    for i, example in enumerate(shots):
        messages += [("user", (header if i == 0 else "") + example.original),
                     ("assistant", example.rewrite)]  # fmt: skip
    final = f"(Text before it, not to be rewritten: {before})\n\n{text}" if before else text
    messages.append(("user", (header if not shots else "") + final))
    return tuple(messages)
