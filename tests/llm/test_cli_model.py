"""`humanize-writer check` with the real bundled model."""

from __future__ import annotations

import json

from app.cli import MODEL_FAILED, main

DRAFT = (
    "# Status\n\n"
    "It is important to note that the quarterly report will be delayed due to unforeseen "
    "circumstances.\n"
)


def test_check_adds_model_rewrites_that_point_into_the_text(tmp_path, capsys, bundled_model):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    code = main([str(path), "--json", "--tone", "Natural", "--model", str(bundled_model.path)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    rewrites = [s for s in data["suggestions"] if s["kind"] == "rewrite"]
    assert rewrites, "the model's rewrite passed the gate for this sentence in every run so far"
    for s in rewrites:
        assert DRAFT[s["start"] : s["end"]] == s["original"]
        assert s["replacement"] and s["replacement"] != s["original"]
        assert s["source"]
    assert any(s["kind"] == "ai_tell" for s in data["suggestions"])


def test_no_llm_leaves_the_model_out(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    assert main([str(path), "--json", "--no-llm"]) == 0
    kinds = {s["kind"] for s in json.loads(capsys.readouterr().out)["suggestions"]}
    assert "rewrite" not in kinds


def test_a_broken_model_file_still_prints_the_rule_report(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    broken = tmp_path / "model.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    assert main([str(path), "--json", "--model", str(broken)]) == MODEL_FAILED
    captured = capsys.readouterr()
    assert "model.gguf" in captured.err and "rule suggestions only" in captured.err
    assert json.loads(captured.out)["suggestions"]
