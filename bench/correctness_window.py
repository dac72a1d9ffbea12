"""Spelling and grammar in the window: how long a whole document opened in Humanize takes to be
checked in the background, as a writer meets it (a fresh process, so Harper's dictionary and
its memory of words start cold).

A real MainWindow (offscreen, live suggestions off so that the model does not share the two
cores) opens a draft from disk; the clock starts at the open. Reported, in seconds from the
open and from the moment the text is loaded:
* on screen: the paragraphs on screen have their findings from every rule;
* first pass: every paragraph has had spelling and the commonest slips checked
  (CorrectnessChecker's first pass);
* every rule: every paragraph has been checked with all the rules;
* an edit: EDIT_AFTER_S after the text is loaded, a misspelt word is typed at the end of the
  last paragraph (off screen); the seconds until its findings arrive.
Two drafts: the keystroke benchmark's 100,000 generated words (bench/gauges.py), and real
writing, the project's samples with the human and machine texts of ../shared/corpus when it
is there (about 45,000 words, skipped part when absent), with its seconds also given per
100,000 words. Run by `python -m bench correctness` in a child process for each draft.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 11
WORDS = 100_000
LIMIT_S = 240
EDIT_AFTER_S = 2.0


def _real_paragraphs() -> list[str]:
    from bench.corpus import corpus_texts
    from bench.correctness import _unique_paragraphs

    paragraphs = _unique_paragraphs()
    for text in corpus_texts():
        paragraphs += [line for line in text.text.split("\n") if line.strip()]
    seen: set[str] = set()
    return [p for p in paragraphs if not (p in seen or seen.add(p))]


def child(draft_kind: str) -> dict:
    from bench.gauges import generate_draft
    from bench.window import DraftWindow

    paragraphs = generate_draft(SEED, WORDS) if draft_kind == "generated" else _real_paragraphs()
    drafted = DraftWindow(paragraphs, False, "humanize-correctness-")
    app, window = drafted.app, drafted.window
    spelling = window.review.late.spelling
    wanted = {p for p in paragraphs if p.strip()}
    seen: set[str] = set()
    spelling.ready.connect(lambda arrived: seen.update(text for _, text in arrived))
    marks: dict[str, float] = {}

    def on_screen_done() -> bool:
        editor = window.editor
        first = editor.firstVisibleBlock().blockNumber()
        texts = [editor.document().findBlockByNumber(i).text() for i in range(first, first + 6)]
        return all(t in seen for t in texts if t.strip()) and bool(seen)

    edited: list[str] = []

    def edit() -> None:
        from PySide6.QtGui import QTextCursor

        cursor = QTextCursor(window.editor.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(" We recieve it.")
        edited.append(window.editor.document().lastBlock().text())

    opened = time.perf_counter()
    drafted.open()
    end = opened + LIMIT_S
    while time.perf_counter() < end and "every rule" not in marks:
        app.processEvents()
        time.sleep(0.002)
        now = time.perf_counter() - opened
        if "loaded" not in marks and not window.session.is_loading:
            marks["loaded"] = now
        if "loaded" in marks:
            if "on screen" not in marks and on_screen_done():
                marks["on screen"] = now
            if "first pass" not in marks and wanted <= seen:
                marks["first pass"] = now
            if "edit" not in marks and now - marks["loaded"] >= EDIT_AFTER_S:
                marks["edit"] = now
                edit()
            if "edit checked" not in marks and edited and spelling.findings(edited[0]):
                marks["edit checked"] = now
            if "first pass" in marks and not spelling._asked and "edit checked" in marks:
                marks["every rule"] = now
    words = sum(len(p.split()) for p in paragraphs)
    drafted.close()
    return {"draft": draft_kind, "words": words, "paragraphs": len(wanted),
            **{k.replace(" ", "_") + "_s": round(v, 2) for k, v in marks.items()}}


def run() -> dict[str, dict]:
    results = {}
    for kind in ("generated", "real"):
        done = subprocess.run([sys.executable, "-m", "bench.correctness_window", kind],
                              stdout=subprocess.PIPE, text=True, check=True, cwd=ROOT)  # fmt: skip
        result = json.loads(done.stdout.strip().splitlines()[-1])
        loaded = result.get("loaded_s", 0.0)
        if "edit_s" in result and "edit_checked_s" in result:
            result["edit_waited_s"] = round(result["edit_checked_s"] - result["edit_s"], 2)
        per = WORDS / max(1, result["words"])
        for mark in ("on_screen", "first_pass", "every_rule"):
            if mark + "_s" in result:
                result[mark + "_after_load_s"] = round(result[mark + "_s"] - loaded, 2)
                result[mark + "_after_load_per_100k_s"] = round(
                    (result[mark + "_s"] - loaded) * per, 2)  # fmt: skip
        results[kind] = result
        print(f"correctness in the window, {kind} draft of {result['words']:,} words: loaded in "
              f"{loaded:.1f} s; after that, on screen {result.get('on_screen_after_load_s')} s, "
              f"first pass {result.get('first_pass_after_load_s')} s, every rule "
              f"{result.get('every_rule_after_load_s')} s (per 100,000 words: first pass "
              f"{result.get('first_pass_after_load_per_100k_s')} s, every rule "
              f"{result.get('every_rule_after_load_per_100k_s')} s); a word typed "
              f"{EDIT_AFTER_S:.0f} s after loading was checked in "
              f"{result.get('edit_waited_s')} s")  # fmt: skip
    return results


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1])))
