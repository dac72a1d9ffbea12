"""Humanize's rewriter adapter in the engine, with the real built-in model: it loads from the
installed package, changes what the model writes for its prompt (greedy, so repeatable), leaves
the scorer's numbers alone, and a missing or broken file leaves the engine working without it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.llm import humanizer, worker
from app.llm.adapter_prompt import adapter_prompt
from app.llm.engine import Engine, EngineError, ModelFileError
from app.llm.rewriter import Rewriter
from app.llm.scorer import Scorer
from app.llm.worker import ModelConfig, ModelService

# Written for this test: stock phrases over plain facts.
STOCK = ("In today's fast-paced world, our dedicated team leverages cutting-edge tools to "
         "deliver seamless support. Moreover, every ticket is answered within 24 hours.")
shipped = pytest.mark.skipif(not humanizer.shipped_adapter().is_file(),
                             reason="no adapter trained yet (make train-humanizer)")


@pytest.fixture
def own_engine(bundled_model) -> Iterator[Engine]:
    """An engine of its own: the session's shared one must stay without an adapter."""
    engine = Engine()
    engine.load(bundled_model.path, n_threads=2)
    yield engine
    engine.close()


def greedy(engine: Engine, adapter: bool) -> str:
    prompt = adapter_prompt(STOCK, "Natural")
    return "".join(engine.stream(prompt, max_tokens=60, temperature=0.0, seed=0,
                                 adapter=adapter))


@shipped
def test_the_adapter_loads_from_the_package_and_changes_the_greedy_output(own_engine):
    before = greedy(own_engine, adapter=False)
    assert humanizer.attach_adapter(own_engine) == ""
    assert own_engine.adapter_path == humanizer.shipped_adapter()
    tuned = greedy(own_engine, adapter=True)
    assert tuned != before
    # Each switch forgets the cache, so every call below evaluates its prompt afresh, the
    # same way (a prompt evaluated partly from the cache may round differently).
    assert greedy(own_engine, adapter=False) == before  # off again: the base model's answer
    assert greedy(own_engine, adapter=True) == tuned  # on again: the same, deterministic


@shipped
def test_the_adapter_drafts_end_on_their_own_and_keep_the_number(own_engine):
    assert humanizer.attach_adapter(own_engine) == ""
    drafted = humanizer.draft(own_engine, STOCK, "Natural")
    assert own_engine.last_stats.finish == "eos"  # it learned to stop
    # What holds for every draft is checked by the app's checks; this one, greedy, keeps it.
    assert drafted and "24" in drafted


@shipped
def test_scores_are_the_base_models_with_the_adapter_on(own_engine):
    scorer = Scorer(own_engine)
    try:
        before = scorer.score(STOCK)
        assert humanizer.attach_adapter(own_engine) == ""
        greedy(own_engine, adapter=True)  # the adapter is set on the engine's context now
        after = scorer.score(STOCK)
    finally:
        scorer.close()
    assert after.surprisal == before.surprisal
    assert after.ranks == before.ranks


@shipped
def test_rewrites_use_the_adapter_unless_turned_off(own_engine):
    assert humanizer.attach_adapter(own_engine) == ""
    assert Rewriter(own_engine).uses_adapter
    assert not Rewriter(own_engine, use_adapter=False).uses_adapter
    result = Rewriter(own_engine).rewrite(STOCK, "Natural", candidates=1)
    assert result.drawn == 1
    for text in result.texts:  # whatever passes keeps the facts
        assert "24" in text


def test_a_missing_adapter_is_said_and_the_engine_works_on(own_engine, monkeypatch, tmp_path):
    monkeypatch.setattr(humanizer, "shipped_adapter", lambda: tmp_path / "humanize-lora.gguf")
    problem = humanizer.attach_adapter(own_engine)
    assert "missing" in problem and "Reinstall" in problem
    assert own_engine.adapter_path is None
    assert not Rewriter(own_engine).uses_adapter
    with pytest.raises(EngineError, match="adapter"):
        greedy(own_engine, adapter=True)
    assert greedy(own_engine, adapter=False)


@pytest.mark.parametrize("content", [b"not a model at all", b"GGUF" + bytes(range(256)) * 8])
def test_a_broken_adapter_is_refused_with_a_message(own_engine, tmp_path, content):
    broken = tmp_path / "humanize-lora.gguf"
    broken.write_bytes(content)
    with pytest.raises(ModelFileError, match="humanize-lora.gguf"):
        own_engine.load_adapter(broken)
    assert own_engine.adapter_path is None
    assert greedy(own_engine, adapter=False)  # the model itself is fine


def test_the_model_itself_is_not_an_adapter(own_engine, bundled_model):
    with pytest.raises(ModelFileError, match="does not fit"):
        own_engine.load_adapter(bundled_model.path)
    assert own_engine.adapter_path is None


def _loaded(qtbot, service: ModelService, config: ModelConfig) -> None:
    with qtbot.waitSignal(service.state_changed, timeout=60_000,
                          check_params_cb=lambda state, _d: state in ("ready", "failed")):
        service.load(config)
    assert service.state == "ready", service.detail


@pytest.fixture
def service(qtbot, bundled_model, monkeypatch):
    """The model thread with the built-in model (the session's copy of it)."""
    monkeypatch.setattr(worker, "ensure_bundled_model", lambda progress=None: bundled_model.path)
    svc = ModelService()
    yield svc
    svc.shutdown()


@shipped
def test_the_model_thread_uses_the_adapter_by_default_and_can_leave_it_off(qtbot, service):
    notices: list[str] = []
    service.adapter_notice.connect(notices.append)
    _loaded(qtbot, service, ModelConfig())
    assert service.adapter == humanizer.ADAPTER_NAME and not service.adapter_problem
    _loaded(qtbot, service, ModelConfig(use_adapter=False))  # Preferences ▸ Model, unticked
    assert service.adapter == ""
    assert notices == []


def test_the_model_thread_says_when_the_adapter_is_missing(qtbot, service, monkeypatch,
                                                           tmp_path):
    monkeypatch.setattr(humanizer, "shipped_adapter", lambda: tmp_path / "humanize-lora.gguf")
    with qtbot.waitSignal(service.adapter_notice, timeout=60_000) as notice:
        service.load(ModelConfig())
    assert "missing" in notice.args[0]
    qtbot.waitUntil(lambda: service.state == "ready", timeout=60_000)
    assert service.adapter == "" and "missing" in service.adapter_problem
