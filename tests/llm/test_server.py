"""A model server as the model: llama-cpp-python's own OpenAI-compatible server on 127.0.0.1
with the bundled model, driven through the model thread exactly as the window drives it, and
through `check --server`. Only what holds for every model output is asserted: the text is
streamed, what the gate passes is what comes back, a cancel stops it, a dead server is
reported and a retry works."""

from __future__ import annotations

import json
import threading
import time

import pytest

from app.cli import MODEL_FAILED, main
from app.core.gate import judge
from app.llm.server_client import ServerError
from app.llm.server_engine import ServerEngine
from app.llm.worker import JobResult, ModelConfig, ModelService
from tests.llm.server_fixtures import LlamaServer, free_port

PARAGRAPH = (
    "It is important to note that the quarterly report will be delayed due to unforeseen "
    "circumstances."
)


@pytest.fixture(scope="module")
def llama_server(bundled_model, tmp_path_factory):
    server = LlamaServer(bundled_model.path, tmp_path_factory.mktemp("llama-server")).start()
    if not server.completes():
        server.stop()
        pytest.skip("llama_cpp.server crashed on a first completion on this machine")
    yield server
    server.stop()


def loaded(qtbot, config: ModelConfig) -> ModelService:
    service = ModelService()
    with qtbot.waitSignal(service.state_changed, timeout=60_000,
                          check_params_cb=lambda state, _d: state in ("ready", "failed")):
        service.load(config)
    return service


def test_a_rewrite_streams_from_the_server_through_the_model_thread(qtbot, llama_server):
    service = loaded(qtbot, ModelConfig(server_url=llama_server.url))
    try:
        assert service.state == "ready", service.detail
        # The status bar and the suggestion's source name the server.
        assert f"127.0.0.1:{llama_server.port}" in service.model_name
        pieces: list[str] = []
        service.pieces.connect(lambda _job, _c, text: pieces.append(text))
        with qtbot.waitSignal(service.finished, timeout=120_000) as blocker:
            job = service.request(PARAGRAPH, "Natural", candidates=2)
        result: JobResult = blocker.args[0]
        assert result.job_id == job and result.rewrites.drawn == 2
        assert pieces, "the server's text was streamed while it was written"
        for text in result.rewrites.texts:
            verdict = judge(PARAGRAPH, text, "Natural")
            assert verdict.ok and verdict.text == text and text != PARAGRAPH
        assert service.state == "ready"
    finally:
        service.shutdown()


def test_the_engine_streams_base_prompts_with_the_stop_sequence(llama_server):
    engine = ServerEngine()
    model = engine.connect(llama_server.url)
    try:
        # llama_cpp.server names the model by its file: the catalog knows it as a base model.
        assert model.path.name == "gemma-3-270m-q4_k_m.gguf" and model.loopback
        text = "".join(engine.stream("Original: a cat\nRewrite: a", max_tokens=24, seed=1,
                                     stop=("\n",)))  # fmt: skip
        stats = engine.last_stats
        assert "\n" not in text  # cut at the stop sequence, whatever the server sent after it
        assert stats.generated_tokens >= 1 and stats.first_token_seconds > 0
        assert stats.finish in ("eos", "length", "stop")
    finally:
        engine.close()


def test_cancelling_stops_the_stream_and_the_next_request_runs(qtbot, llama_server):
    service = loaded(qtbot, ModelConfig(server_url=llama_server.url))
    try:
        pieces: list[str] = []
        finished: list[JobResult] = []
        service.pieces.connect(lambda _j, _c, text: pieces.append(text))
        service.finished.connect(finished.append)
        job = service.request(PARAGRAPH * 3, "Formal", candidates=3)
        qtbot.waitUntil(lambda: len(pieces) >= 1, timeout=60_000)
        service.cancel(job)
        count = len(pieces)
        with qtbot.waitSignal(service.finished, timeout=120_000):
            service.request("We utilize cutting-edge tools in order to deliver value.", "Simple",
                            1)  # fmt: skip
        assert all(r.job_id != job for r in finished)
        assert len(pieces) - count < 40  # a few more batches at most, not three drafts
    finally:
        service.shutdown()


def test_cancel_interrupts_a_stream_that_is_waiting_for_the_server(llama_server):
    engine = ServerEngine()
    engine.connect(llama_server.url)
    cancel = threading.Event()
    try:
        stream = engine.stream(PARAGRAPH * 6, max_tokens=400, cancel=cancel)
        next(stream)
        cancel.set()
        started = time.monotonic()
        list(stream)
        assert time.monotonic() - started < 2.0
        assert engine.last_stats.finish == "cancelled"
    finally:
        engine.close()


def test_a_killed_server_is_reported_and_a_retry_works(qtbot, bundled_model, tmp_path):
    server = LlamaServer(bundled_model.path, tmp_path, free_port()).start()
    if not server.completes():
        server.stop()
        pytest.skip("llama_cpp.server crashed on a first completion on this machine")
    config = ModelConfig(server_url=server.url)
    service = loaded(qtbot, config)
    try:
        assert service.state == "ready", service.detail
        pieces: list[str] = []
        service.pieces.connect(lambda _j, _c, text: pieces.append(text))
        with qtbot.waitSignal(service.failed, timeout=120_000) as blocker:
            service.request(PARAGRAPH * 3, "Natural", candidates=3)
            qtbot.waitUntil(lambda: bool(pieces), timeout=60_000)
            server.kill()  # mid-stream
        message = blocker.args[1]
        assert f"127.0.0.1:{server.port}" in message
        assert "closed the connection" in message or "not answering" in message
        # With the server gone, the next request says so and the model shows as failed.
        if service.state != "failed":
            with qtbot.waitSignal(service.state_changed, timeout=30_000,
                                  check_params_cb=lambda state, _d: state == "failed"):
                service.request(PARAGRAPH, "Natural", candidates=1)
        assert "not answering" in service.detail
        # Model ▸ Reload Model once the server is back.
        server.start()
        with qtbot.waitSignal(service.state_changed, timeout=60_000,
                              check_params_cb=lambda state, _d: state in ("ready", "failed")):
            service.load(config)
        assert service.state == "ready", service.detail
        with qtbot.waitSignal(service.finished, timeout=120_000):
            service.request(PARAGRAPH, "Natural", candidates=1)
    finally:
        service.shutdown()
        server.stop()


def test_check_rewrites_with_a_server(tmp_path, capsys, llama_server):
    draft = tmp_path / "draft.md"
    draft.write_text(f"# Status\n\n{PARAGRAPH}\n", encoding="utf-8")
    code = main([str(draft), "--json", "--candidates", "1", "--server", llama_server.url])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "a server on this computer" in captured.err
    text = draft.read_text(encoding="utf-8")
    for s in json.loads(captured.out)["suggestions"]:
        assert text[s["start"] : s["end"]] == s["original"]
        if s["kind"] == "rewrite":
            assert f"127.0.0.1:{llama_server.port}" in s["source"]


def test_check_with_a_server_that_is_down_prints_the_rule_report(tmp_path, capsys):
    draft = tmp_path / "draft.md"
    draft.write_text(f"{PARAGRAPH}\n", encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}/v1"
    assert main([str(draft), "--json", "--server", url]) == MODEL_FAILED
    captured = capsys.readouterr()
    assert "not answering" in captured.err and "rule suggestions only" in captured.err
    assert json.loads(captured.out)["suggestions"]


def test_a_server_that_lists_no_such_model_is_refused(llama_server):
    with pytest.raises(ServerError) as caught:
        ServerEngine().connect(llama_server.url, "no-such-model")
    assert "no model named “no-such-model”" in str(caught.value) and caught.value.lasting
