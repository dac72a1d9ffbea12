"""Model servers for the server tests: llama-cpp-python's own OpenAI-compatible server with the
bundled model, and a tiny standard-library HTTP server that answers as a test tells it to
(refusals, unknown models, cut streams, silence)."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

START_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LlamaServer:
    """`python -m llama_cpp.server` on 127.0.0.1 with one thread (the test machine is small)."""

    def __init__(self, model: Path, folder: Path, port: int | None = None) -> None:
        self.model, self.folder = model, folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.process: subprocess.Popen | None = None

    def start(self) -> LlamaServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        log = (self.folder / f"server-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model),
             "--host", "127.0.0.1", "--port", str(self.port), "--n_threads", "1",
             "--n_ctx", "2048"],
            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited: {self.log()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/models", timeout=2, trust_env=False).is_success:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not start: {self.log()[-2000:]}")

    def completes(self) -> bool:
        """Whether the server writes a few tokens without dying: llama-cpp-python 0.3.36's
        server crashes (SIGSEGV) on some CPUs where the in-process engine works, and the tests
        here are about Humanize's client, not that server."""
        with contextlib.suppress(httpx.HTTPError):
            httpx.post(f"{self.url}/completions", json={"prompt": "A cat", "max_tokens": 2},
                       timeout=60, trust_env=False)
        time.sleep(0.5)
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        path = self.folder / f"server-{self.port}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


Answer = Callable[[BaseHTTPRequestHandler], None]


class FakeServer:
    """A stdlib HTTP server on 127.0.0.1; routes maps (method, path) to a function that
    writes the whole answer. Unknown routes get 404."""

    def __init__(self, routes: dict[tuple[str, str], Answer]) -> None:
        self.routes = routes
        self.requests: list[tuple[str, str, dict, dict]] = []  # method, path, headers, body
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                server.requests.append((method, self.path, dict(self.headers), body))
                answer = server.routes.get((method, self.path))
                if answer is None:
                    send_json(self, 404, {"error": {"message": "not found"}})
                else:
                    answer(self)

            def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
                self._handle("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._handle("POST")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FakeServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send_json(handler: BaseHTTPRequestHandler, status: int, data: object) -> None:
    raw = json.dumps(data).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(raw)))
    handler.end_headers()
    handler.wfile.write(raw)


def models(*names: str) -> Answer:
    return lambda h: send_json(h, 200, {"object": "list", "data": [{"id": n} for n in names]})


def start_stream(handler: BaseHTTPRequestHandler) -> None:
    """Headers of a server-sent event stream without a length: the body ends with the
    connection."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.close_connection = True


def event(handler: BaseHTTPRequestHandler, data: object) -> None:
    text = data if isinstance(data, str) else json.dumps(data)
    handler.wfile.write(f"data: {text}\n\n".encode())
    handler.wfile.flush()


def completion_chunk(text: str, finish: str | None = None) -> dict:
    return {"object": "text_completion", "choices": [{"text": text, "finish_reason": finish}]}


def full_stream(*pieces: str) -> Answer:
    def answer(handler: BaseHTTPRequestHandler) -> None:
        start_stream(handler)
        for piece in pieces:
            event(handler, completion_chunk(piece))
        event(handler, completion_chunk("", "stop"))
        event(handler, "[DONE]")

    return answer
