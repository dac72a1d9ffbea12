import json

import pytest
import textstat

from app.cli import main

DRAFT = "# Launch notes\n\nWe love the new design. The old one was slow and confusing.\n"


def test_json_report(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    assert main([str(path), "--json", "--no-llm"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"gauges", "suggestions"}
    gauges = data["gauges"]
    assert set(gauges) == {"readability", "sentiment", "counts", "humanness"}
    assert 0 <= gauges["humanness"]["score"] <= 100
    assert gauges["counts"]["words"] == textstat.lexicon_count(DRAFT)
    assert gauges["counts"]["paragraphs"] == 2
    assert gauges["sentiment"]["label"] in {"negative", "neutral", "positive"}
    assert {"flesch_reading_ease", "smog_index", "dale_chall_readability_score"} <= set(
        gauges["readability"]
    )


def test_human_report(tmp_path, capsys):
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    assert main([str(path), "--no-llm"]) == 0
    out = capsys.readouterr().out
    assert "Flesch reading ease" in out and "Sentiment" in out and "words" in out


def test_missing_file_is_a_clear_error(tmp_path, capsys):
    assert main([str(tmp_path / "nope.md"), "--no-llm"]) == 1
    err = capsys.readouterr().err
    assert "nope.md" in err


def test_binary_file_is_refused(tmp_path, capsys):
    path = tmp_path / "image.md"
    path.write_bytes(bytes(range(256)) * 64)
    assert main([str(path), "--no-llm"]) == 1
    assert "image.md" in capsys.readouterr().err


MACHINE = (
    "# Update\n\nIn today's fast-paced world, it is important to note that we leverage "
    "cutting-edge tools 🎉 in order to delve into the data.\nThe chairman said it was a "
    "ballpark figure.\n"
)


def test_suggestions_point_into_the_text(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(MACHINE, encoding="utf-8")
    assert main([str(path), "--json", "--no-llm", "--goal", "all"]) == 0
    data = json.loads(capsys.readouterr().out)
    text = path.read_text(encoding="utf-8")
    suggestions = data["suggestions"]
    kinds = {s["kind"] for s in suggestions}
    assert {"ai_tell", "wordy", "inclusive", "idiom"} <= kinds
    for s in suggestions:
        assert text[s["start"] : s["end"]] == s["original"]
        assert {"replacement", "reason", "source", "family"} <= set(s)
    assert data["gauges"]["humanness"]["ai_tells"] >= 3


def test_kinds_limits_the_suggestions(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(MACHINE, encoding="utf-8")
    assert main([str(path), "--json", "--no-llm", "--kinds", "wordy,idiom", "--goal", "edit"]) == 0
    kinds = {s["kind"] for s in json.loads(capsys.readouterr().out)["suggestions"]}
    assert kinds == {"wordy", "idiom"}


def test_unknown_kind_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(MACHINE, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main([str(path), "--kinds", "nonsense"])
    assert exit_info.value.code == 2
    assert "unknown kind" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["check", "export", "window", "selftest"])
def test_every_command_takes_the_common_options(command, tmp_path):
    from app import paths
    from app.cli import build_parser as check_parser
    from app.cli_export import build_parser as export_parser
    from app.cli_options import apply_common_options
    from app.main import build_parser as window_parser

    draft = tmp_path / "draft.md"
    argv, parser = {
        "check": ([str(draft), "--no-llm"], check_parser),
        "export": ([str(draft), "--to", "txt"], export_parser),
        "window": ([str(draft)], window_parser),
        "selftest": (["--selftest"], window_parser),
    }[command]
    args = parser().parse_args([*argv, "--config-dir", str(tmp_path / "portable")])
    try:
        apply_common_options(args)
        assert paths.config_dir() == tmp_path / "portable"
        assert paths.data_dir() == tmp_path / "portable" / "data"
    finally:
        paths.set_portable_root(None)


def test_check_accepts_config_dir(tmp_path, capsys):
    from app import paths

    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    try:
        assert main([str(path), "--json", "--no-llm", "--config-dir", str(tmp_path / "p")]) == 0
        assert paths.config_dir() == tmp_path / "p"
    finally:
        paths.set_portable_root(None)
    assert json.loads(capsys.readouterr().out)["gauges"]["counts"]["words"]


MIXED = ("In today's fast-paced world, we delve into the data.\n\n"
         "I think it's really just fine, honestly.\n")


@pytest.mark.parametrize(("goal", "families"), [
    (None, {"machine"}), ("humanize", {"machine"}), ("edit", {"editing"}),
    ("all", {"machine", "editing"}),
])
def test_check_goal_chooses_the_families(tmp_path, capsys, goal, families):
    path = tmp_path / "draft.md"
    path.write_text(MIXED, encoding="utf-8")
    argv = [str(path), "--json", "--no-llm"] + (["--goal", goal] if goal else [])
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert {s["family"] for s in data["suggestions"]} == families
    assert data["gauges"]["humanness"]["ai_tells"] == 2  # the gauges do not follow the goal


def test_check_refuses_an_unknown_goal(tmp_path, capsys):
    path = tmp_path / "draft.md"
    path.write_text(MIXED, encoding="utf-8")
    with pytest.raises(SystemExit) as raised:
        main([str(path), "--goal", "polish", "--no-llm"])
    assert raised.value.code == 2
