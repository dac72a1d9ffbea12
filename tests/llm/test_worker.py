"""The model thread with the real bundled model: load, rewrite, stream, cancel, shut down."""

from __future__ import annotations

import socket
import threading

import pytest
from PySide6.QtCore import QThread

from app.core.gate import MIN_KEPT, judge
from app.llm.worker import JobResult, ModelConfig, ModelService

PARAGRAPH = (
    "It is important to note that the quarterly report will be delayed due to unforeseen "
    "circumstances."
)


@pytest.fixture
def service(qtbot, bundled_model):
    svc = ModelService()
    with qtbot.waitSignal(svc.state_changed, timeout=60_000,
                          check_params_cb=lambda state, _d: state in ("ready", "failed")):
        svc.load(ModelConfig(path=str(bundled_model.path)))
    assert svc.state == "ready", svc.detail
    yield svc
    svc.shutdown()


def test_a_rewrite_streams_from_the_worker_thread_and_passes_the_gate(qtbot, service):
    pieces: list[str] = []
    threads: set[int] = set()
    service.pieces.connect(lambda _job, _c, text: pieces.append(text))
    service.pieces.connect(lambda *_: threads.add(threading.get_ident()))
    with qtbot.waitSignal(service.finished, timeout=120_000) as blocker:
        job = service.request(PARAGRAPH, "Natural", candidates=3)
    result: JobResult = blocker.args[0]
    assert result.job_id == job and result.model_name
    assert pieces, "the text was streamed while it was written"
    assert threads == {threading.get_ident()}  # signals arrive in the GUI thread
    assert result.rewrites.drawn == 3
    # Sampled drafts differ between CPUs and llama.cpp builds, so only what the gate
    # guarantees for every draft it lets through is asserted, not what a draft says.
    for text in result.rewrites.texts:
        verdict = judge(PARAGRAPH, text, "Natural")
        assert verdict.ok and verdict.text == text and text != PARAGRAPH
        assert verdict.kept >= MIN_KEPT
    assert service.state == "ready"


def test_typing_again_cancels_within_a_few_tokens(qtbot, service):
    pieces: list[str] = []
    finished: list[JobResult] = []
    service.pieces.connect(lambda _j, _c, text: pieces.append(text))
    service.finished.connect(finished.append)
    job = service.request(PARAGRAPH * 3, "Formal", candidates=3)
    qtbot.waitUntil(lambda: len(pieces) >= 1, timeout=60_000)
    service.cancel(job)
    count = len(pieces)
    # The next request runs as soon as the cancelled one stops.
    with qtbot.waitSignal(service.finished, timeout=120_000):
        service.request("We utilize cutting-edge tools in order to deliver value.", "Simple", 1)
    assert all(r.job_id != job for r in finished)
    assert len(pieces) - count < 40  # a few more batches at most, not three whole drafts


def test_generation_with_sockets_blocked(qtbot, service, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with qtbot.waitSignal(service.finished, timeout=120_000):
        service.request(PARAGRAPH, "Natural", candidates=1)


def test_a_broken_file_is_reported_and_nothing_crashes(qtbot, tmp_path):
    broken = tmp_path / "notes.gguf"
    broken.write_text("This is a text file renamed to .gguf\n" * 20, encoding="utf-8")
    svc = ModelService()
    with qtbot.waitSignal(svc.state_changed, timeout=30_000,
                          check_params_cb=lambda state, _d: state == "failed") as blocker:
        svc.load(ModelConfig(path=str(broken)))
    assert "notes.gguf" in blocker.args[1]
    assert not svc.ready
    svc.shutdown()


def test_shutdown_closes_the_model_in_its_thread_and_joins_it(qtbot, bundled_model):
    svc = ModelService()
    with qtbot.waitSignal(svc.state_changed, timeout=60_000,
                          check_params_cb=lambda state, _d: state == "ready"):
        svc.load(ModelConfig(path=str(bundled_model.path)))
    thread = svc.findChild(QThread)
    svc.request(PARAGRAPH, "Natural", candidates=3)
    svc.shutdown()
    assert not thread.isRunning()


def test_the_model_thread_yields_the_cpu_to_the_window():
    import os
    import sys
    import threading

    from app.llm.runtime import MODEL_NICENESS, yield_to_the_window

    if not sys.platform.startswith("linux"):
        assert yield_to_the_window() is False
        return
    seen = {}

    def run():
        tid = threading.get_native_id()
        before = os.getpriority(os.PRIO_PROCESS, tid)
        seen["done"] = yield_to_the_window()
        seen["change"] = os.getpriority(os.PRIO_PROCESS, tid) - before
        child = threading.Thread(target=lambda: seen.setdefault(
            "child", os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        child.start()
        child.join()
        seen["own"] = os.getpriority(os.PRIO_PROCESS, tid)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert seen["done"] is True
    assert seen["change"] == min(MODEL_NICENESS, 19 - (seen["own"] - seen["change"]))
    assert seen["child"] == seen["own"]  # threads it starts (llama.cpp's) inherit it
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) <= seen["own"]
