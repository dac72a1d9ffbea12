"""The one place in Humanize that opens a network connection: a model server the writer chose,
spoken to through its OpenAI-compatible API (llama.cpp's llama-server, Ollama, LM Studio,
vLLM, llama-cpp-python's server). Nothing here runs unless the writer turned the server on
(Preferences ▸ Model) or passed `check --server`; httpx is imported only then.

What keeps it predictable:

* Text goes to the URL given and nowhere else: no proxy from the environment (trust_env is
  off: an HTTP_PROXY would quietly route the writer's text through another machine), no
  redirects followed, no cookies kept.
* Every wait has a limit (CONNECT_TIMEOUT_S, READ_TIMEOUT_S), and a stream stops within
  CANCEL_POLL_S of its job's cancel Event being set: a watcher thread shuts the socket down,
  which wakes the read that waits for the server. Each stream has a connection of its own
  (no keep-alive), so the socket being read is always the one the watcher can reach.
* Every failure is a ServerError, a sentence for the writer; `lasting` says whether retrying
  as is can help (a cut stream or a timeout) or the writer must act first (server down,
  wrong URL, refused key, unknown model).
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from app.llm.runtime import EngineError

__all__ = [
    "ServerClient",
    "ServerError",
    "StreamEnd",
    "host_name",
    "is_loopback",
    "normalise_url",
    "server_host",
    "server_permitted",
]

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5.0
READ_TIMEOUT_S = 60.0  # between two pieces of a stream: a slow server evaluating a prompt
LIST_TIMEOUT_S = 10.0
CANCEL_POLL_S = 0.05
MAX_ERROR_BODY = 4000
FIX_ADDRESS = "check the address in Preferences ▸ Model, then choose Model ▸ Reload Model"


class ServerError(EngineError):
    """The model server could not do what was asked; str() is a sentence for the writer."""

    def __init__(self, message: str, *, lasting: bool) -> None:
        super().__init__(message)
        self.lasting = lasting  # True: retrying unchanged will fail again


def normalise_url(url: str) -> str:
    """The API's base URL: "localhost:11434" -> "http://localhost:11434/v1". A URL with a path
    is kept as given (some servers serve the API below /api/v1 or /openai/v1)."""
    url = url.strip()
    if not url:
        return ""
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/v1"
    return f"{parts.scheme.lower()}://{parts.netloc}{path}"


def server_host(url: str) -> str:
    """host:port as the status bar shows it, e.g. "127.0.0.1:8080"."""
    parts = urlsplit(normalise_url(url))
    return parts.netloc.rpartition("@")[2] or url


def host_name(url: str) -> str:
    """The host alone, lower case: what the writer accepts once for a non-loopback server."""
    return (urlsplit(normalise_url(url)).hostname or "").lower()


def is_loopback(url: str) -> bool:
    """True when the URL names this computer itself (localhost, 127.0.0.0/8, ::1). Names are
    not looked up: a name that merely resolves to this computer counts as another host."""
    host = host_name(url)
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_permitted(url: str, accepted_hosts: list[str] | tuple[str, ...]) -> bool:
    """Whether text may go to url: a server on this computer, or a host the writer was told
    about (what is sent and to whom) and accepted."""
    return is_loopback(url) or host_name(url) in {h.lower() for h in accepted_hosts}


@dataclass(frozen=True, slots=True)
class StreamEnd:
    """What the server said about a finished stream (the last item a stream yields)."""

    finish: str  # the server's finish_reason ("stop", "length"), "cancelled" or "" if none
    prompt_tokens: int = 0  # 0 when the server does not report usage
    completion_tokens: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # llama-server's own, when sent


class ServerClient:
    """A client for one server; used by one thread at a time (the model thread)."""

    def __init__(self, base_url: str, api_key: str = "") -> None:
        try:
            import httpx  # only when a server is in use: the app never imports it otherwise
        except ImportError as exc:  # a build made without the model server's client
            raise ServerError(
                f"This installation of Humanize cannot talk to a model server ({exc}). "
                "Reinstall it with: pip install httpx", lasting=True) from None  # fmt: skip
        self.base_url = normalise_url(base_url)
        if not self.base_url.startswith(("http://", "https://")):
            raise ServerError(
                f"“{base_url}” is not an address Humanize can use: it should start with "
                f"http:// or https://. To fix it, {FIX_ADDRESS}.", lasting=True)  # fmt: skip
        self.host = server_host(self.base_url)
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._httpx = httpx
        self._client = httpx.Client(
            headers=headers,
            timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S),
            limits=httpx.Limits(max_keepalive_connections=0),
            trust_env=False,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    def list_models(self) -> list[str]:
        """The model names /v1/models lists, in the server's order."""
        url = f"{self.base_url}/models"
        try:
            response = self._client.get(url, timeout=LIST_TIMEOUT_S)
        except self._httpx.HTTPError as exc:
            raise self._transport_error(exc) from None
        if response.status_code >= 300:
            raise self._status_error(response.status_code, response.text, "models")
        try:
            data = response.json()["data"]
            return [str(item["id"]) for item in data if isinstance(item, dict) and "id" in item]
        except (ValueError, KeyError, TypeError):
            raise ServerError(
                f"The server at {self.host} answered, but not like an OpenAI-compatible API "
                f"(no model list at {url}). To fix it, {FIX_ADDRESS}.", lasting=True,
            ) from None  # fmt: skip

    def stream(
        self, endpoint: str, body: dict, cancel: threading.Event, model: str = ""
    ) -> Iterator[str | StreamEnd]:
        """POST body (with "stream": true) to endpoint ("chat/completions" or "completions");
        yield each piece of text, then one StreamEnd. Raises ServerError."""
        sockets: list[object] = []  # the connection's network stream, from httpcore's trace

        def trace(event: str, info: dict) -> None:
            if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
                sockets.append(info.get("return_value"))

        done = threading.Event()
        watcher = threading.Thread(
            target=_shut_on_cancel, args=(cancel, done, sockets), name="server-cancel",
            daemon=True,
        )  # fmt: skip
        watcher.start()
        end = StreamEnd("")
        try:
            with self._client.stream(
                "POST", f"{self.base_url}/{endpoint}", json=body, extensions={"trace": trace}
            ) as response:
                if response.status_code >= 300:
                    text = response.read()[:MAX_ERROR_BODY].decode("utf-8", "replace")
                    raise self._status_error(response.status_code, text, endpoint, model)
                for line in response.iter_lines():
                    if cancel.is_set():
                        yield StreamEnd("cancelled")
                        return
                    if not line.startswith("data:"):
                        continue  # SSE comments, "event:" lines, keep-alive blanks
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        yield end
                        return
                    piece, end = self._chunk(payload, end)
                    if piece:
                        yield piece
        except self._httpx.HTTPError as exc:
            if cancel.is_set():
                yield StreamEnd("cancelled")
                return
            raise self._transport_error(exc, streaming=True) from None
        finally:
            done.set()
        if cancel.is_set():
            yield StreamEnd("cancelled")
        elif end.finish:
            yield end  # some servers end with the last chunk instead of [DONE]
        else:
            raise ServerError(
                f"The model server at {self.host} stopped in the middle of a rewrite (the "
                "stream ended without finishing). The next request tries again.", lasting=False,
            )  # fmt: skip

    def _chunk(self, payload: str, end: StreamEnd) -> tuple[str, StreamEnd]:
        try:
            data = json.loads(payload)
        except ValueError:
            raise ServerError(
                f"The model server at {self.host} sent something that is not part of an "
                "OpenAI-compatible stream.", lasting=False,
            ) from None  # fmt: skip
        if not isinstance(data, dict):
            return "", end
        if "error" in data:
            raise self._status_error(500, json.dumps(data), "stream")
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        timings = data.get("timings") if isinstance(data.get("timings"), dict) else {}
        choices = data.get("choices") or [{}]
        choice = choices[0] if isinstance(choices[0], dict) else {}
        delta = choice.get("delta")
        piece = delta.get("content") if isinstance(delta, dict) else choice.get("text")
        end = StreamEnd(
            choice.get("finish_reason") or end.finish,
            int(usage.get("prompt_tokens") or end.prompt_tokens),
            int(usage.get("completion_tokens") or end.completion_tokens),
            {k: float(v) for k, v in timings.items() if isinstance(v, int | float)}
            or end.timings,
        )
        return piece if isinstance(piece, str) else "", end

    def _transport_error(self, exc: Exception, streaming: bool = False) -> ServerError:
        httpx = self._httpx
        if isinstance(exc, httpx.ConnectTimeout):
            return ServerError(
                f"The model server at {self.host} did not answer within "
                f"{CONNECT_TIMEOUT_S:.0f} s. Check that it is running and reachable, then "
                "choose Model ▸ Reload Model.", lasting=True)  # fmt: skip
        if isinstance(exc, httpx.ConnectError):
            reason = str(exc).rpartition("] ")[2] or "connection refused"
            return ServerError(
                f"The model server at {self.host} is not answering ({reason}). Start it, or "
                f"{FIX_ADDRESS}.", lasting=True)  # fmt: skip
        if isinstance(exc, httpx.TimeoutException):
            return ServerError(
                f"The model server at {self.host} stopped answering (nothing for "
                f"{READ_TIMEOUT_S:.0f} s). The next request tries again.", lasting=False)
        if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
            return ServerError(
                f"“{self.base_url}” is not an address Humanize can use. To fix it, "
                f"{FIX_ADDRESS}.", lasting=True)  # fmt: skip
        if streaming:
            return ServerError(
                f"The model server at {self.host} closed the connection in the middle of a "
                "rewrite. The next request tries again.", lasting=False)  # fmt: skip
        return ServerError(f"The model server at {self.host} failed: {exc}.", lasting=False)

    def _status_error(self, status: int, text: str, what: str, model: str = "") -> ServerError:
        detail = _error_detail(text)
        said = f" ({detail})" if detail else ""
        if status in (401, 403):
            return ServerError(
                f"The model server at {self.host} refused the request (HTTP {status}{said}). "
                "Check the API key in Preferences ▸ Model.", lasting=True)  # fmt: skip
        if status == 404 and what == "models":
            return ServerError(
                f"There is no OpenAI-compatible API at {self.base_url} (HTTP 404 for /models). "
                "The address usually ends in /v1, such as http://localhost:11434/v1 for "
                f"Ollama; {FIX_ADDRESS}.", lasting=True)  # fmt: skip
        about_model = "model" in detail.lower()
        if status == 404 and not about_model and what in ("completions", "chat/completions"):
            other = ("chat models only: set Kind of model to chat" if what == "completions"
                     else "base models only: set Kind of model to base")  # fmt: skip
            return ServerError(
                f"The model server at {self.host} has no /{what} (HTTP 404). It may serve "
                f"{other} in Preferences ▸ Model.", lasting=True)  # fmt: skip
        if status == 404 or (status == 400 and about_model and "not found" in detail.lower()):
            name = f" named “{model}”" if model else ""
            return ServerError(
                f"The model server at {self.host} has no model{name} (HTTP {status}{said}). "
                "Pick one with Preferences ▸ Model ▸ Refresh.", lasting=True)  # fmt: skip
        if 300 <= status < 400:
            return ServerError(
                f"The model server at {self.host} redirects elsewhere (HTTP {status}); Humanize "
                f"sends text only to the address given. To fix it, {FIX_ADDRESS}.",
                lasting=True)  # fmt: skip
        return ServerError(
            f"The model server at {self.host} could not do the rewrite (HTTP {status}{said}).",
            lasting=False)  # fmt: skip


def _error_detail(text: str) -> str:
    """The message in an OpenAI-style error body ({"error": {"message": …}}), else its text."""
    try:
        data = json.loads(text)
    except ValueError:
        return " ".join(text.split())[:200]
    error = data.get("error", data) if isinstance(data, dict) else data
    if isinstance(error, dict):
        error = error.get("message") or error.get("detail") or ""
    return " ".join(str(error).split())[:200]


def _shut_on_cancel(cancel: threading.Event, done: threading.Event, streams: list) -> None:
    """Runs beside a stream: when cancel is set, shut its socket down so that the read
    waiting for the server returns at once (closing alone does not wake it on Linux)."""
    while not done.is_set():
        if cancel.wait(CANCEL_POLL_S):
            for stream in streams:
                sock = stream.get_extra_info("socket") if stream is not None else None
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.shutdown(socket.SHUT_RDWR)
            return
