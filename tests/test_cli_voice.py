"""`humanize-writer voice …` and `check --voice`: learn, list, show, check, use, forget."""

import json
from pathlib import Path

import pytest

from app.cli import main as check_main
from app.cli_voice import main
from app.main import run

VOICES = Path(__file__).resolve().parent / "data" / "voices"


def samples(writer: str) -> list[str]:
    return [str(p) for p in sorted(VOICES.glob(f"{writer}_*.txt"))]


def test_round_trip_learn_list_show_check_forget(capsys):
    assert main(["learn", "Maya", *samples("maya")[:3]]) == 0
    out = capsys.readouterr().out
    assert "Learned the voice profile Maya from 3 files. It is the active profile." in out
    assert "contractions" in out and "Favourite words:" in out and "lovely" in out

    assert main(["learn", "Helen", *samples("helen")[:3]]) == 0
    capsys.readouterr()
    assert main(["list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("  Helen  ") and listed[1].startswith("* Maya  ")

    assert main(["show", "maya", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["active"] and shown["samples"] == [str(Path(s).absolute())
                                                     for s in samples("maya")[:3]]
    assert shown["features"]["contractions"] > 20 and "lovely" in shown["favourite_words"]

    unseen = samples("maya")[3]
    assert check_main([unseen, "--json", "--no-llm", "--voice", "Maya"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["voice"]["profile"] == "Maya" and data["voice"]["match"] >= 60
    assert all({"feature", "text", "yours", "here", "unit"} <= set(d)
               for d in data["voice"]["differences"])
    text = Path(unseen).read_text(encoding="utf-8")
    lines = [line for line in text.split("\n") if line.strip()]
    assert [text[p["start"]:p["end"]] for p in data["paragraph_voice"]] == lines
    assert all(0 <= p["voice_match"] <= 100 for p in data["paragraph_voice"])

    assert check_main([unseen, "--json", "--no-llm", "--voice", "Helen"]) == 0
    assert json.loads(capsys.readouterr().out)["voice"]["match"] < data["voice"]["match"]

    assert check_main([unseen, "--no-llm", "--voice", "Maya"]) == 0
    assert "Voice        " in capsys.readouterr().out

    assert main(["forget", "Maya"]) == 0
    assert "Its samples were not touched." in capsys.readouterr().out
    assert Path(unseen).is_file()
    assert main(["list"]) == 0
    assert "Maya" not in capsys.readouterr().out
    assert main(["forget", "Maya"]) == 1
    assert "no voice profile called Maya" in capsys.readouterr().err


def test_check_without_the_profile_is_a_bad_argument(capsys):
    assert check_main([samples("jo")[0], "--no-llm", "--voice", "nobody"]) == 2
    assert "no voice profile called nobody" in capsys.readouterr().err


def test_check_json_has_no_voice_without_the_option(capsys):
    assert check_main([samples("jo")[0], "--json", "--no-llm"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "voice" not in data and "paragraph_voice" not in data


def test_learn_add_updates_and_use_switches(capsys):
    assert main(["learn", "Work", samples("priya")[0]]) == 0
    assert main(["learn", "Work", "--add", samples("priya")[1]]) == 0
    assert "Updated the voice profile Work" in capsys.readouterr().out
    assert main(["learn", "Home", samples("jo")[0]]) == 0
    assert main(["use", "home"]) == 0
    assert "Home is now the active voice profile." in capsys.readouterr().out
    assert main(["show", "Work"]) == 0
    out = capsys.readouterr().out
    assert "Learned from 2 samples" in out and "priya_2" in out


def test_a_missing_sample_is_a_clear_error_and_saves_nothing(tmp_path, capsys):
    assert main(["learn", "Oops", str(tmp_path / "gone.md")]) == 1
    assert "gone.md" in capsys.readouterr().err
    assert main(["list"]) == 0
    assert "No voice profiles yet" in capsys.readouterr().out


def test_bad_names_and_commands_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["learn", "a/b", samples("jo")[0]])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit) as exit_:
        main(["teach"])
    assert exit_.value.code == 2


def test_the_entry_point_dispatches_and_config_dir_moves_the_profiles(tmp_path):
    elsewhere = tmp_path / "portable"
    with pytest.raises(SystemExit) as exit_:
        run(["humanize-writer", "voice", "learn", "Jo", samples("jo")[0],
             "--config-dir", str(elsewhere)])
    assert exit_.value.code == 0
    assert (elsewhere / "data" / "voice" / "profiles" / "jo.json").is_file()
