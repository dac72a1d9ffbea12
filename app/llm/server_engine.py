"""A model server behind the Engine interface: what the Rewriter and the model thread use of
Engine (model, stream, last_stats, close) with the text made by an OpenAI-compatible server
instead of llama.cpp in this process. The prompts, tones, quality gate and cancellation are
the same: a chat-style Prompt goes to /v1/chat/completions as messages, a base-style one to
/v1/completions as text, and the Prompt's stop sequences are applied here as the engine
applies them, whatever the server does with them.

Like Engine, a ServerEngine belongs to the model thread; only the cancel Event is touched
from outside.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.prompts import Prompt
from app.llm.engine import GenerationStats, _stop_prefix_length
from app.llm.runtime import EngineError
from app.llm.server_client import ServerClient, ServerError, StreamEnd, is_loopback

__all__ = ["ServerEngine", "ServerError", "ServerModel"]

PROMPT_STYLES = ("chat", "base")


@dataclass(frozen=True, slots=True)
class ServerModel:
    """The LoadedModel fields the app reads, for a model behind a server."""

    path: Path  # the model's name as a path, so the catalog recognises a file it knows
    name: str  # what the status bar and the suggestion's source show: "qwen2.5:7b on host"
    architecture: str
    file_size: int
    n_ctx: int
    n_threads: int
    n_gpu_layers: int
    load_seconds: float  # connecting and listing the models
    has_chat_template: bool  # True: the writer said it is a chat (instruct) model
    model_id: str  # the name the server knows it by
    base_url: str
    host: str
    loopback: bool


class ServerEngine:
    """Streams rewrites from a model server. Create, use and close it in the same thread."""

    def __init__(self) -> None:
        self._client: ServerClient | None = None
        self._model: ServerModel | None = None
        self.last_stats: GenerationStats | None = None
        self.last_end: StreamEnd | None = None  # usage and the server's own timings, if sent

    @property
    def model(self) -> ServerModel | None:
        return self._model

    def connect(
        self, url: str, model: str = "", prompt_style: str = "chat", api_key: str = ""
    ) -> ServerModel:
        """Check that the server answers and has the model (the first it lists when model is
        ""); raises ServerError with a sentence for the writer."""
        self.close()
        if prompt_style not in PROMPT_STYLES:
            raise EngineError(f"Unknown prompt style {prompt_style!r} for the model server.")
        started = time.perf_counter()
        client = ServerClient(url, api_key)
        try:
            names = client.list_models()
            if not names:
                raise ServerError(
                    f"The model server at {client.host} lists no models. Load or pull one "
                    "there, then choose Model ▸ Reload Model.", lasting=True)  # fmt: skip
            if model and model not in names:
                listed = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
                raise ServerError(
                    f"The model server at {client.host} has no model named “{model}” (it has "
                    f"{listed}). Pick one in Preferences ▸ Model.", lasting=True)  # fmt: skip
        except ServerError:
            client.close()
            raise
        model_id = model or names[0]
        self._client = client
        self._model = ServerModel(
            path=Path(model_id), name=f"{Path(model_id).name} on {client.host}",
            architecture="server", file_size=0, n_ctx=0, n_threads=0, n_gpu_layers=0,
            load_seconds=time.perf_counter() - started,
            has_chat_template=prompt_style == "chat", model_id=model_id,
            base_url=client.base_url, host=client.host, loopback=is_loopback(client.base_url),
        )  # fmt: skip
        return self._model

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self._client, self._model = None, None

    def stream(
        self,
        prompt: str | Prompt,
        *,
        max_tokens: int = 160,
        temperature: float = 0.7,
        top_p: float = 0.9,
        seed: int | None = None,
        stop: Sequence[str] = (),
        cancel: threading.Event | None = None,
        repeat_penalty: float = 1.0,  # llama.cpp's; the OpenAI API has no such parameter
    ) -> Iterator[str]:
        """Yield pieces of the server's text until a stop sequence, the end, max_tokens or
        cancel; statistics land in last_stats. A generator, like Engine.stream: nothing is
        sent until the caller starts iterating, and stopping early counts as a cancel."""
        if self._client is None or self._model is None:
            raise EngineError("No model server is connected.")
        client, model = self._client, self._model
        cancel = cancel or threading.Event()
        stops = tuple(s for s in (*stop, *getattr(prompt, "stop", ())) if s)
        body: dict = {
            "model": model.model_id, "max_tokens": max_tokens, "temperature": temperature,
            "top_p": top_p, "stream": True, "stream_options": {"include_usage": True},
        }  # fmt: skip
        if seed is not None:
            body["seed"] = seed
        if stops:
            body["stop"] = list(stops[:4])  # the OpenAI API takes four at most
        if isinstance(prompt, Prompt) and prompt.style == "chat":
            endpoint = "chat/completions"
            body["messages"] = [{"role": r, "content": c} for r, c in prompt.messages]
        else:
            endpoint = "completions"
            body["prompt"] = prompt.text if isinstance(prompt, Prompt) else prompt
        started = time.perf_counter()
        finish, pieces, first_at, pending = "cancelled", 0, 0.0, ""
        end = StreamEnd("")
        # Closed in finally: leaving early (a stop sequence, max_tokens, the caller) closes
        # the connection at once, which tells the server to stop generating.
        items = client.stream(endpoint, body, cancel, model.model_id)
        try:
            for item in items:
                if isinstance(item, StreamEnd):
                    end = item
                    finish = _finish(item.finish)
                    break
                pieces += 1
                first_at = first_at or time.perf_counter()
                pending += item
                cut = min((i for i in (pending.find(s) for s in stops) if i >= 0), default=-1)
                if cut >= 0:
                    pending, finish = pending[:cut], "stop"
                    break
                keep = _stop_prefix_length(pending, stops)
                ready, pending = pending[: len(pending) - keep], pending[len(pending) - keep :]
                if ready:
                    yield ready
                if pieces >= max_tokens:
                    finish = "length"
                    break
            if pending and finish != "cancelled":
                yield pending
        except GeneratorExit:
            finish = "cancelled"
            raise
        finally:
            items.close()
            now = time.perf_counter()
            tokens = end.completion_tokens or pieces  # servers send about a token a piece
            gen_time = now - first_at if first_at else 0.0
            self.last_end = end
            self.last_stats = GenerationStats(
                prompt_tokens=end.prompt_tokens, reused_tokens=0,
                prefill_seconds=(first_at or now) - started,
                first_token_seconds=first_at - started if first_at else 0.0,
                generated_tokens=tokens, generation_seconds=gen_time,
                tokens_per_second=(tokens - 1) / gen_time if tokens > 1 and gen_time else 0.0,
                finish=finish,
            )  # fmt: skip


def _finish(reason: str) -> str:
    """The server's finish_reason in GenerationStats' words."""
    return {"stop": "eos", "length": "length", "cancelled": "cancelled"}.get(reason, "eos")
