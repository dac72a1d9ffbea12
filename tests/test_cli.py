import json

import textstat

from app.cli import main

DRAFT = "# Launch notes\n\nWe love the new design. The old one was slow and confusing.\n"


def test_json_report(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    assert main([str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"gauges", "suggestions"}
    assert data["suggestions"] == []
    gauges = data["gauges"]
    assert set(gauges) == {"readability", "sentiment", "counts"}
    assert gauges["counts"]["words"] == textstat.lexicon_count(DRAFT)
    assert gauges["counts"]["paragraphs"] == 2
    assert gauges["sentiment"]["label"] in {"negative", "neutral", "positive"}
    assert {"flesch_reading_ease", "smog_index", "dale_chall_readability_score"} <= set(
        gauges["readability"]
    )


def test_human_report(tmp_path, capsys):
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "Flesch reading ease" in out and "Sentiment" in out and "words" in out


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main([str(tmp_path / "nope.md")]) == 1
    err = capsys.readouterr().err
    assert "nope.md" in err


def test_binary_file_is_refused(tmp_path, capsys):
    path = tmp_path / "image.md"
    path.write_bytes(bytes(range(256)) * 64)
    assert main([str(path)]) == 1
    assert "image.md" in capsys.readouterr().err
