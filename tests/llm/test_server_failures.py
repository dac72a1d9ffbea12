"""What a writer gets when a model server misbehaves: refused keys, wrong addresses, unknown
models, a stream cut halfway, silence. A tiny standard-library HTTP server plays each part;
every failure is a sentence naming the server, nothing hangs, and a retry works."""

from __future__ import annotations

import threading
import time

import pytest

from app.llm import server_client, server_key
from app.llm.server_client import ServerClient, ServerError, is_loopback, normalise_url
from app.llm.server_engine import ServerEngine
from app.llm.server_key import save_api_key
from app.llm.worker import ModelConfig, ModelService
from tests.llm.server_fixtures import (
    FakeServer,
    completion_chunk,
    event,
    free_port,
    full_stream,
    models,
    send_json,
    start_stream,
)


def load(qtbot, config: ModelConfig) -> ModelService:
    service = ModelService()
    with qtbot.waitSignal(service.state_changed, timeout=30_000,
                          check_params_cb=lambda state, _d: state in ("ready", "failed")):
        service.load(config)
    return service


def refuse(status: int):
    return lambda h: send_json(h, status, {"error": {"message": "Invalid API key"}})


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_key_fails_the_load_with_a_clear_message(qtbot, status):
    with FakeServer({("GET", "/v1/models"): refuse(status)}) as fake:
        service = load(qtbot, ModelConfig(server_url=fake.url))
        service.shutdown()
    assert service.state == "failed" and not service.ready
    assert f"HTTP {status}" in service.detail and "API key" in service.detail
    assert fake.url.split("//")[1].removesuffix("/v1") in service.detail


def test_a_wrong_address_says_where_the_api_usually_is(qtbot):
    with FakeServer({}) as fake:  # a web server, but no API here: 404 for /v1/models
        service = load(qtbot, ModelConfig(server_url=fake.url))
        service.shutdown()
    assert service.state == "failed"
    assert "no OpenAI-compatible API" in service.detail and "/v1" in service.detail


def test_a_server_that_is_down_is_not_answering(qtbot):
    service = load(qtbot, ModelConfig(server_url=f"http://127.0.0.1:{free_port()}/v1"))
    service.shutdown()
    assert service.state == "failed" and "not answering" in service.detail


def test_a_model_gone_from_the_server_fails_the_model_not_just_the_request(qtbot):
    routes = {("GET", "/v1/models"): models("mistral"),
              ("POST", "/v1/chat/completions"):
                  lambda h: send_json(h, 404, {"error": {"message": 'model "mistral" not found'}})}
    with FakeServer(routes) as fake:
        service = load(qtbot, ModelConfig(server_url=fake.url, server_model="mistral"))
        assert service.state == "ready", service.detail
        with qtbot.waitSignal(service.failed, timeout=30_000) as blocker:
            service.request("We utilize cutting-edge tools to deliver value.", "Natural", 1)
        qtbot.waitUntil(lambda: service.state == "failed", timeout=10_000)
        service.shutdown()
    assert "no model named “mistral”" in blocker.args[1]
    assert "Refresh" in service.detail


def test_a_stream_cut_halfway_fails_that_request_and_the_next_one_works(qtbot):
    calls = []

    def sometimes_cut(handler):
        calls.append(1)
        if len(calls) == 1:
            start_stream(handler)
            event(handler, completion_chunk(" We use"))
            return  # the connection closes without finishing the stream
        full_stream(" We use new tools", " to help.")(handler)

    routes = {("GET", "/v1/models"): models("base-model"),
              ("POST", "/v1/completions"): sometimes_cut}
    with FakeServer(routes) as fake:
        service = load(qtbot, ModelConfig(server_url=fake.url, server_prompt_style="base"))
        with qtbot.waitSignal(service.failed, timeout=30_000) as blocker:
            service.request("We utilize cutting-edge tools in order to help.", "Natural", 1)
        assert "stopped in the middle" in blocker.args[1]
        qtbot.waitUntil(lambda: service.state == "ready", timeout=10_000)  # a retry can help
        with qtbot.waitSignal(service.finished, timeout=30_000) as done:
            service.request("We utilize cutting-edge tools in order to help.", "Natural", 1)
        service.shutdown()
    assert done.args[0].rewrites.drawn == 1
    body = fake.requests[-1][3]
    assert body["stream"] is True and body["model"] == "base-model" and "prompt" in body


def test_a_silent_server_times_out(monkeypatch):
    monkeypatch.setattr(server_client, "READ_TIMEOUT_S", 0.5)

    def silent(handler):
        time.sleep(3)

    with FakeServer({("GET", "/v1/models"): models("m"),
                     ("POST", "/v1/completions"): silent}) as fake:
        engine = ServerEngine()
        engine.connect(fake.url)
        started = time.monotonic()
        with pytest.raises(ServerError) as caught:
            list(engine.stream("Hello", max_tokens=8))
        engine.close()
    assert time.monotonic() - started < 2.5
    assert "stopped answering" in str(caught.value) and not caught.value.lasting


def test_cancel_stops_a_stream_that_waits_for_the_server():
    release = threading.Event()

    def slow(handler):
        start_stream(handler)
        event(handler, completion_chunk(" first"))
        release.wait(10)  # a long silence, as while a big prompt is evaluated

    with FakeServer({("GET", "/v1/models"): models("m"),
                     ("POST", "/v1/completions"): slow}) as fake:
        engine = ServerEngine()
        engine.connect(fake.url)
        cancel = threading.Event()
        stream = engine.stream("Original: x\nRewrite:", cancel=cancel)
        assert next(stream) == " first"
        threading.Timer(0.2, cancel.set).start()
        started = time.monotonic()
        assert list(stream) == []
        waited = time.monotonic() - started
        release.set()
        engine.close()
    assert waited < 1.0, "the blocked read was woken by the cancel"
    assert engine.last_stats.finish == "cancelled"


def test_chat_prompts_become_messages_and_the_key_goes_along(qtbot, monkeypatch):
    monkeypatch.setattr(server_key, "_system_keyring", lambda: None)  # never the real keychain
    seen = {}

    def chat(handler):
        seen["auth"] = handler.headers.get("Authorization")
        start_stream(handler)
        event(handler, {"choices": [{"delta": {"content": "We use new tools."}}]})
        event(handler, {"choices": [{"delta": {}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 50, "completion_tokens": 5}})
        event(handler, "[DONE]")

    with FakeServer({("GET", "/v1/models"): models("qwen2.5:7b"),
                     ("POST", "/v1/chat/completions"): chat}) as fake:
        store = save_api_key(fake.url, "sekrit")
        service = load(qtbot, ModelConfig(server_url=fake.url, server_key_store=store))
        assert service.state == "ready", service.detail
        assert service.model_name.startswith("qwen2.5:7b on 127.0.0.1:")
        with qtbot.waitSignal(service.finished, timeout=30_000):
            service.request("We utilize cutting-edge tools in order to deliver value.",
                            "Natural", 1)  # fmt: skip
        service.shutdown()
    body = fake.requests[-1][3]
    assert seen["auth"] == "Bearer sekrit"
    assert [m["role"] for m in body["messages"]][-1] == "user"
    assert body["messages"][-1]["content"].endswith("in order to deliver value.")


def test_a_server_without_the_completions_endpoint_says_which_kind_to_pick():
    with FakeServer({("GET", "/v1/models"): models("chat-only")}) as fake:
        engine = ServerEngine()
        engine.connect(fake.url)
        with pytest.raises(ServerError) as caught:
            list(engine.stream("Original: x\nRewrite:"))
        engine.close()
    assert "no /completions" in str(caught.value) and "chat" in str(caught.value)


def test_redirects_are_not_followed():
    def moved(handler):
        handler.send_response(307)
        handler.send_header("Location", "http://example.invalid/v1/models")
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    with FakeServer({("GET", "/v1/models"): moved}) as fake:
        client = ServerClient(fake.url)
        with pytest.raises(ServerError) as caught:
            client.list_models()
        client.close()
    assert "redirects elsewhere" in str(caught.value)


@pytest.mark.parametrize(("given", "expected"), [
    ("localhost:11434", "http://localhost:11434/v1"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1"),
    ("https://gpu.example.org/openai/v1/", "https://gpu.example.org/openai/v1"),
    ("  HTTP://Box:1234/v1 ", "http://Box:1234/v1"),
])  # fmt: skip
def test_addresses_are_normalised(given, expected):
    assert normalise_url(given) == expected


@pytest.mark.parametrize(("url", "loopback"), [
    ("http://localhost:11434/v1", True), ("http://127.0.0.1:8080", True),
    ("http://127.1.2.3", True), ("http://[::1]:8000/v1", True), ("http://app.localhost", True),
    ("http://192.168.1.5:8000", False), ("https://gpu.example.org", False),
    ("http://localhost.example.org", False), ("http://0.0.0.0:8000", False),
])  # fmt: skip
def test_only_this_computer_counts_as_loopback(url, loopback):
    assert is_loopback(url) is loopback


def test_an_address_that_is_not_http_is_refused():
    with pytest.raises(ServerError) as caught:
        ServerClient("ftp://box/v1")
    assert "http://" in str(caught.value) and caught.value.lasting


def test_stop_sequences_are_applied_here_whatever_the_server_sends():
    routes = {("GET", "/v1/models"): models("m"),
              ("POST", "/v1/completions"): full_stream(" We use", " new tools.\nOrig", "inal:")}
    with FakeServer(routes) as fake:
        engine = ServerEngine()
        engine.connect(fake.url)
        text = "".join(engine.stream("Original: x\nRewrite:", stop=("\n",)))
        engine.close()
    assert text == " We use new tools."
    assert engine.last_stats.finish == "stop" and fake.requests[-1][3]["stop"] == ["\n"]
