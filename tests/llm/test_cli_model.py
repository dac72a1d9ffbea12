"""`humanize-writer check` with the real bundled model."""

from __future__ import annotations

import json

import pytest

from app.cli import MODEL_FAILED, main
from app.llm.humanizer import shipped_adapter

DRAFT = (
    "# Status\n\n"
    "It is important to note that the quarterly report will be delayed due to unforeseen "
    "circumstances. Moreover, the finance team will delve into the figures on Monday, and "
    "the board will meet on Friday to review the new dates.\n"
)


def test_check_adds_targeted_fixes_and_what_the_model_read(tmp_path, capsys, bundled_model):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    code = main([str(path), "--json", "--tone", "Natural", "--model", str(bundled_model.path)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    fixes = [s for s in data["suggestions"] if s["kind"] == "fix"]
    assert fixes, "the rules give candidates for this sentence; the model judges them"
    for s in fixes:
        assert DRAFT[s["start"] : s["end"]] == s["original"]
        assert s["replacement"] != s["original"] and s["family"] == "machine"
        assert "Gemma" in s["source"]
    # The built-in model is a judge, not a writer: no whole rewrites from it.
    assert not any(s["kind"] == "rewrite" for s in data["suggestions"])
    assert any(s["kind"] == "formulaic" or s["kind"] == "ai_tell" for s in data["suggestions"])
    humanness = data["gauges"]["humanness"]
    assert "mean_surprisal" in humanness["signals"] and humanness["model"]
    assert 0 <= humanness["score"] <= 100 and 0 <= humanness["rules_score"] <= 100
    paragraph = data["paragraphs"][1]
    assert paragraph["predictability"]["tokens"] > 10
    assert paragraph["predictability"]["mean_surprisal"] > 0
    assert [s["start"] for s in paragraph["sentences"]][0] == paragraph["start"]
    assert len(paragraph["sentences"]) == 2
    assert set(paragraph["emotion"]["scores"]) >= {"joy", "neutral", "trust"}


def test_no_llm_leaves_the_model_out(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    assert main([str(path), "--json", "--no-llm"]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = {s["kind"] for s in data["suggestions"]}
    assert not kinds & {"rewrite", "fix", "predictable"}
    assert data["gauges"]["humanness"]["model"] is None
    assert "predictability" not in data["paragraphs"][1] and "emotion" in data["paragraphs"][1]


def test_a_broken_model_file_still_prints_the_rule_report(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    broken = tmp_path / "model.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    assert main([str(path), "--json", "--model", str(broken)]) == MODEL_FAILED
    captured = capsys.readouterr()
    assert "model.gguf" in captured.err and "rule suggestions only" in captured.err
    assert json.loads(captured.out)["suggestions"]


@pytest.mark.skipif(not shipped_adapter().is_file(),
                    reason="no adapter trained yet (make train-humanizer)")
def test_the_adapter_changes_wordings_not_scores_and_no_adapter_leaves_it_out(
        tmp_path, capsys, bundled_model, monkeypatch):
    import app.cli_model

    monkeypatch.setattr(app.cli_model, "ensure_bundled_model", lambda: bundled_model.path)
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    reports = {}
    for flags in ((), ("--no-adapter",)):
        assert main([str(path), "--json", *flags]) == 0
        captured = capsys.readouterr()
        assert "rewriter" not in captured.err  # it loaded, nothing to say
        reports[flags] = json.loads(captured.out)
    with_adapter, without = reports[()], reports[("--no-adapter",)]
    assert not any("Humanize Rewriter" in s["source"] for s in without["suggestions"])
    # Scores are the base model's either way: the adapter only writes.
    assert with_adapter["paragraphs"][1]["predictability"] == \
        without["paragraphs"][1]["predictability"]
    assert with_adapter["gauges"]["humanness"] == without["gauges"]["humanness"]
    for s in with_adapter["suggestions"]:
        assert DRAFT[s["start"] : s["end"]] == s["original"]
