"""The local model: load a GGUF file with llama.cpp, stream text, stop when asked. No Qt here.

One Engine belongs to one thread (the worker's); llama.cpp contexts are not thread-safe. Only the
cancel Event is touched from outside, which is what threading.Event is for.

Two things make live suggestions feel quick on a small CPU:

* Prefix reuse. llama.cpp keeps the key/value cache of the last prompt. Prompts are built with
  their fixed part (instructions, examples) first, so a new request shares a long prefix with
  the previous one; we drop only the cache after the shared prefix and evaluate the rest.
* Cancellation everywhere. The prompt is evaluated in slices of PREFILL_SLICE tokens and the
  cancel event is checked between slices, then between generated tokens. A slice costs about
  75 ms for Gemma 3 270M on two cores, so a stale request never holds the model for long.
  A cancelled prefill is not wasted: the evaluated part stays cached for the next request.
"""

from __future__ import annotations

import codecs
import ctypes
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.prompts import Prompt
from app.llm.gguf import GGUF_MAGIC, ModelFileError, read_gguf_metadata
from app.llm.runtime import (
    EngineError,
    clear_native_errors,
    default_threads,
    import_llama,
    last_native_error,
    load_failure,
    model_loading,
    probe_model,
)

__all__ = [
    "Engine",
    "EngineError",
    "GenerationStats",
    "LoadedModel",
    "ModelFileError",
    "PromptTooLongError",
    "default_threads",
    "probe_model",
]

log = logging.getLogger(__name__)

PREFILL_SLICE = 32  # tokens per prompt slice: ~75 ms each on 2 cores; larger barely helps
BATCH = 64  # llama.cpp batch size; only needs to hold one slice
NO_SEED = 0xFFFFFFFF  # LLAMA_DEFAULT_SEED: a fresh random seed per request


class PromptTooLongError(EngineError):
    """The prompt does not fit the context window chosen at load time."""


@dataclass(frozen=True, slots=True)
class LoadedModel:
    path: Path
    name: str  # from the file's metadata, e.g. "Gemma 3 270m"
    architecture: str
    file_size: int
    n_ctx: int
    n_threads: int
    n_gpu_layers: int
    load_seconds: float
    has_chat_template: bool


@dataclass(frozen=True, slots=True)
class GenerationStats:
    prompt_tokens: int
    reused_tokens: int  # prompt tokens whose cache was kept from the previous request
    prefill_seconds: float  # evaluating the rest of the prompt
    first_token_seconds: float  # from the call to the first piece of text (0 when none came)
    generated_tokens: int
    generation_seconds: float  # from the first generated token to the end
    tokens_per_second: float  # generated_tokens / generation_seconds (0 when too few to say)
    finish: str  # "stop" (a stop sequence), "eos", "length", "cancelled"


class Engine:
    """Owns one llama_cpp.Llama. Create, use and close it in the same thread."""

    def __init__(self) -> None:
        self._llm = None
        self._low = None
        self._model: LoadedModel | None = None
        self._chat_template = ""
        self._adapter = None  # a llama_adapter_lora pointer, freed with the model
        self._adapter_path: Path | None = None
        self._adapter_on = False  # whether the context has it set (and the cache was made so)
        self.last_stats: GenerationStats | None = None

    @property
    def model(self) -> LoadedModel | None:
        return self._model

    def load(
        self,
        path: Path,
        n_threads: int | None = None,
        n_ctx: int = 2048,
        n_gpu_layers: int = 0,
    ) -> LoadedModel:
        """Check the file, then load it; raises ModelFileError or EngineError with a message."""
        self.close()
        path = Path(path)
        info, metadata = read_gguf_metadata(path)
        llama_cpp, low = import_llama()
        threads = n_threads or default_threads()
        if info.context_length:
            n_ctx = min(n_ctx, info.context_length)
        started = time.perf_counter()
        try:
            with model_loading(llama_cpp, low):
                llm = llama_cpp.Llama(
                    str(path),
                    n_ctx=n_ctx,
                    n_batch=BATCH,
                    n_ubatch=BATCH,
                    n_threads=threads,
                    n_threads_batch=threads,
                    n_gpu_layers=n_gpu_layers,
                    logits_all=False,
                    verbose=False,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelFileError(
                load_failure(path, info.architecture, info.file_size, exc)
            ) from None
        self._llm, self._low = llm, low
        template = metadata.get("tokenizer.chat_template")
        self._chat_template = template if isinstance(template, str) else ""
        self._model = LoadedModel(
            path=path,
            name=info.name,
            architecture=info.architecture,
            file_size=info.file_size,
            n_ctx=llm.n_ctx(),
            n_threads=threads,
            n_gpu_layers=n_gpu_layers,
            load_seconds=time.perf_counter() - started,
            has_chat_template=bool(self._chat_template),
        )
        log.info("loaded %s in %.2f s", path.name, self._model.load_seconds)
        return self._model

    def close(self) -> None:
        """Free the model and its cache (idempotent)."""
        if self._llm is not None:
            self._llm.close()  # frees the model and with it any adapter loaded for it
        self._llm, self._model, self._chat_template = None, None, ""
        self._adapter, self._adapter_path, self._adapter_on = None, None, False

    # --- the rewriter adapter ---------------------------------------------------------------

    @property
    def adapter_path(self) -> Path | None:
        """The LoRA adapter loaded for this model (None: none)."""
        return self._adapter_path

    def load_adapter(self, path: Path) -> None:
        """Load a LoRA adapter (a GGUF made for this model) that stream(..., adapter=True)
        applies. It is set on this engine's own context only, and only for those requests:
        other prompts and the scorer's context keep the base model's behaviour and numbers.
        Raises ModelFileError with a sentence when the file is missing or not an adapter for
        this model; the engine stays usable without it."""
        llm = self._require()
        path = Path(path)
        try:
            with path.open("rb") as handle:
                magic = handle.read(4)
        except OSError as exc:
            raise ModelFileError(f"The rewriter adapter {path.name} cannot be read: "
                                 f"{exc.strerror or exc}.") from None
        if magic != GGUF_MAGIC:
            raise ModelFileError(f"The rewriter adapter {path.name} is damaged (not a GGUF "
                                 "file). Reinstall Humanize to get it back.")
        clear_native_errors()
        adapter = self._low.llama_adapter_lora_init(llm._model.model, str(path).encode())
        if not adapter:
            detail = last_native_error()
            raise ModelFileError(
                f"The rewriter adapter {path.name} does not fit {self._model.name}"
                f"{f' ({detail})' if detail else ''}, so suggestions come from the model alone.")
        self._adapter, self._adapter_path = adapter, path
        log.info("loaded the adapter %s", path.name)

    def _set_adapter(self, on: bool) -> None:
        """Put the adapter on the context or take it off. The cached keys and values were
        computed with or without it, so a change forgets the cache."""
        on = on and self._adapter is not None
        if on == self._adapter_on:
            return
        llm = self._require()
        if on:
            adapters = (self._low.llama_adapter_lora_p_ctypes * 1)(self._adapter)
            scales = (ctypes.c_float * 1)(1.0)
            failed = self._low.llama_set_adapters_lora(llm._ctx.ctx, adapters, 1, scales)
        else:
            failed = self._low.llama_set_adapters_lora(llm._ctx.ctx, None, 0, None)
        if failed:
            raise EngineError("llama.cpp could not switch the rewriter adapter "
                              f"{'on' if on else 'off'}.")
        self._adapter_on = on
        llm.reset()
        llm._ctx.kv_cache_seq_rm(-1, 0, -1)

    def render_chat(self, messages: Sequence[tuple[str, str]]) -> str:
        """The prompt text for (role, content) messages, through the model's own chat template."""
        llm = self._require()
        if not self._chat_template:
            raise EngineError(f"{self._model.name} has no chat template; use base prompts.")
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        formatter = Jinja2ChatFormatter(
            template=self._chat_template,
            eos_token=self._token_text(llm.token_eos()),
            bos_token=self._token_text(llm.token_bos()),
            add_generation_prompt=True,
        )
        try:
            return formatter(messages=[{"role": r, "content": c} for r, c in messages]).prompt
        except Exception as exc:  # a template can raise anything (it is user-supplied code)
            raise EngineError(f"The chat template of {self._model.name} failed: {exc}") from None

    def tokenize(self, prompt: str | Prompt | tuple[str, ...]) -> list[int]:
        """Prompt tokens: base text gets BOS and no special tokens (writer text is data);
        chat text keeps the template's special tokens and its own BOS. A tuple is the
        adapter's prompt (app/llm/adapter_prompt.py): BOS, then its segments, the template's
        with special tokens and the writer's without, as the adapter was trained."""
        llm = self._require()
        if isinstance(prompt, tuple):
            ids = [llm.token_bos()]
            for index, segment in enumerate(prompt):
                ids += llm.tokenize(segment.encode("utf-8"), add_bos=False,
                                    special=index % 2 == 0)
            return ids
        if isinstance(prompt, Prompt) and prompt.style == "chat":
            text = self.render_chat(prompt.messages)
            bos = self._token_text(llm.token_bos())
            add_bos = not (bos and text.startswith(bos))
            return llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True)
        text = prompt.text if isinstance(prompt, Prompt) else prompt
        return llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)

    def stream(
        self,
        prompt: str | Prompt | tuple[str, ...],
        *,
        max_tokens: int = 160,
        temperature: float = 0.7,
        top_p: float = 0.9,
        seed: int | None = None,
        stop: Sequence[str] = (),
        cancel: threading.Event | None = None,
        repeat_penalty: float = 1.0,
        adapter: bool = False,
    ) -> Iterator[str]:
        """Yield pieces of generated text until a stop sequence, end of text, max_tokens or
        cancel. A Prompt adds its own stop sequences. Statistics land in last_stats.
        `adapter` generates with the loaded rewriter adapter (EngineError when none is);
        without it the base model answers, adapter or not.

        This is a generator: nothing runs (and PromptTooLongError or EngineError is not raised)
        until the caller starts iterating. Stopping the iteration early counts as a cancel.
        """
        llm = self._require()
        if adapter and self._adapter is None:
            raise EngineError("No rewriter adapter is loaded.")
        cancel = cancel or threading.Event()
        started = time.perf_counter()
        tokens = self.tokenize(prompt)
        stops = tuple(s for s in (*stop, *getattr(prompt, "stop", ())) if s)
        room = llm.n_ctx() - len(tokens)
        if room < 8:
            raise PromptTooLongError(
                f"The text is too long for the model's context ({len(tokens)} tokens; the limit "
                f"is {llm.n_ctx()}). Select a shorter passage."
            )
        max_tokens = min(max_tokens, room)
        self._set_adapter(adapter)
        reused = self._reuse_prefix(tokens)
        finish = "cancelled"
        generated, prefilled_at, first_piece_at, first_token_at = 0, 0.0, 0.0, 0.0
        sampler = None
        try:
            for start in range(reused, len(tokens), PREFILL_SLICE):
                if cancel.is_set():
                    return
                llm.eval(tokens[start : start + PREFILL_SLICE])
            prefilled_at = time.perf_counter()
            if cancel.is_set():
                return
            llm.set_seed(NO_SEED if seed is None else seed & 0xFFFFFFFF)
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            pending = ""  # text held back because it may be the start of a stop sequence
            finish = "length"
            # The whole prompt is cached now, so generate() samples at once without evaluating.
            sampler = llm.generate(
                tokens, temp=temperature, top_p=top_p, top_k=40, min_p=0.05,
                repeat_penalty=repeat_penalty,
            )  # fmt: skip
            for token in sampler:
                if cancel.is_set():
                    finish = "cancelled"
                    break
                if self._low.llama_vocab_is_eog(llm._model.vocab, token):
                    finish = "eos"
                    break
                generated += 1
                first_token_at = first_token_at or time.perf_counter()
                pending += decoder.decode(self._piece(token))
                cut = min((i for i in (pending.find(s) for s in stops) if i >= 0), default=-1)
                if cut >= 0:
                    pending, finish = pending[:cut], "stop"
                    break
                keep = _stop_prefix_length(pending, stops)
                ready, pending = pending[: len(pending) - keep], pending[len(pending) - keep :]
                if ready:
                    first_piece_at = first_piece_at or time.perf_counter()
                    yield ready
                if generated >= max_tokens:
                    break
            if pending and finish != "cancelled":
                first_piece_at = first_piece_at or time.perf_counter()
                yield pending
        except GeneratorExit:  # the caller stopped reading: the same as a cancel
            finish = "cancelled"
            raise
        finally:
            if sampler is not None:
                sampler.close()
            _free_sampler(llm)
            now = time.perf_counter()
            gen_time = now - first_token_at if first_token_at else 0.0
            self.last_stats = GenerationStats(
                prompt_tokens=len(tokens),
                reused_tokens=reused,
                prefill_seconds=(prefilled_at or now) - started,
                first_token_seconds=first_piece_at - started if first_piece_at else 0.0,
                generated_tokens=generated,
                generation_seconds=gen_time,
                tokens_per_second=(generated - 1) / gen_time if generated > 1 and gen_time else 0.0,
                finish=finish,
            )

    def _reuse_prefix(self, tokens: list[int]) -> int:
        """Keep the cache for the prefix shared with what is cached; return its length."""
        llm = self._require()
        cached = llm._input_ids.tolist()
        shared = 0
        for a, b in zip(cached, tokens, strict=False):
            if a != b:
                break
            shared += 1
        # The last prompt token is always evaluated again: sampling needs its fresh logits.
        shared = min(shared, len(tokens) - 1)
        if shared < llm.n_tokens and not llm._ctx.kv_cache_seq_rm(-1, shared, -1):
            # Some cache types cannot drop a tail; start from scratch then.
            llm.reset()
            llm._ctx.kv_cache_seq_rm(-1, 0, -1)
            shared = 0
        llm.n_tokens = shared
        return shared

    @property
    def native(self):
        """The llama_cpp.Llama itself, for the scorer's second context (same thread only)."""
        return self._require()

    def piece(self, token: int) -> bytes:
        """The bytes of one token (public for the scorer)."""
        return self._piece(token)

    def _piece(self, token: int) -> bytes:
        # llama_cpp's own detokenize assumes pieces of at most 32 bytes; some vocabularies
        # (Gemma's runs of spaces or newlines) have longer ones.
        size = 64
        while True:
            buf = ctypes.create_string_buffer(size)
            n = self._low.llama_token_to_piece(self._llm._model.vocab, token, buf, size, 0, False)
            if n >= 0:
                return buf.raw[:n]
            size = -n

    def _token_text(self, token: int) -> str:
        return self._llm._model.token_get_text(token) if token >= 0 else ""

    def _require(self):
        if self._llm is None:
            raise EngineError("No model is loaded.")
        return self._llm


def _free_sampler(llm) -> None:
    """Free the sampler llama-cpp-python made for generate() now. It holds ~3 MB of native
    memory (llama.cpp's candidate arrays), and its own clean-up closure refers back to it, so
    without this it lives until the cycle collector's next full pass: resident memory grew
    ~30 MB a minute with live suggestions on (bench soak), and more with the start-up data
    frozen and full passes left to the writer's pauses."""
    native = getattr(llm, "_sampler", None)
    if native is not None:
        llm._sampler = None
        native.close()


def _stop_prefix_length(text: str, stops: Sequence[str]) -> int:
    """Length of the longest end of text that could still grow into a stop sequence."""
    longest = 0
    for stop in stops:
        for n in range(min(len(stop) - 1, len(text)), longest, -1):
            if text.endswith(stop[:n]):
                longest = n
                break
    return longest
