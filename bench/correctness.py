"""Spelling and grammar (Harper plus our rules): seeded errors caught, false flags, speed.

`python -m bench correctness` reports
* seeded: of the 20 misspellings and 20 grammar slips seeded into tests/data/correctness/
  seeded.md (listed in seeded.tsv), how many a finding covers, and how many its first
  replacement fixes exactly; every miss and every other flag on that text is printed;
* false flags: flags per 1,000 words on correct writing (tests/data/correctness/clean/*.md and
  tests/data/human/*.txt), each file checked in the dialect (US or UK) that flags it less, as
  its writer would have set it; every flag is printed so a reader can judge it;
* corpus: the same on the real human texts of ../shared/corpus/human when that folder exists.
  They contain real typos, so this is a count and a sample, not a false-flag rate; only figures
  from them go into the results file;
* speed: building the checker; a document of 100,000 words (the project's samples, each pass
  by a new checker; Harper still remembers what it read before in the process, so new text
  costs more: see window) checked as on opening a file
  (`check_paragraphs`, seconds and CPU seconds), one paragraph at a time as while typing
  (seconds, p50/p95 per paragraph), by two checkers in two threads, and by Harper alone, with
  our rules and with its defaults, a paragraph per call and all in one call; and the first
  pass alone (spelling and the commonest slips, CorrectnessChecker.check_paragraphs
  (first_pass=True));
* window: a whole document opened in the window, as a writer meets it (bench/
  correctness_window.py): seconds until the paragraphs on screen, the first pass and every
  rule are done.
Writes bench/results/correctness.json. Figures and ratios, no pass or fail.
"""

from __future__ import annotations

import cProfile
import csv
import pstats
import re
import statistics
import threading
import time
from pathlib import Path

from bench import machine_info, write_results

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDED = DATA / "correctness" / "seeded.md"
SEEDED_TSV = DATA / "correctness" / "seeded.tsv"
CLEAN = sorted((DATA / "correctness" / "clean").glob("*.md")) + sorted(
    (DATA / "human").glob("*.txt")
)
CORPUS = ROOT.parent / "shared" / "corpus" / "human"
RESULTS = ROOT / "bench" / "results" / "correctness.json"
TARGET_WORDS = 100_000
CORPUS_SAMPLE = 15


def _words(text: str) -> int:
    return len(text.split())


def _flags(checker, text: str) -> list[tuple[int, object]]:
    """(offset of the line in `text`, finding) for every line."""
    found = []
    offset = 0
    for line in text.split("\n"):
        found += [(offset, f) for f in checker.check_paragraph(line)]
        offset += len(line) + 1
    return found


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    before = text[max(0, start - width) : start].rsplit("\n", 1)[-1]
    after = text[end : end + width].split("\n", 1)[0]
    return f"…{before}[[{text[start:end]}]]{after}…".replace("\n", "⏎")


def _seeded(checker) -> dict[str, object]:
    text = SEEDED.read_text(encoding="utf-8")
    with SEEDED_TSV.open(encoding="utf-8", newline="") as rows:
        seeded = list(csv.DictReader(rows, delimiter="\t"))
    found = [(offset + f.start, offset + f.end, f) for offset, f in _flags(checker, text)]
    used: set[int] = set()
    result: dict[str, object] = {}
    misses: list[str] = []
    for kind in ("spelling", "grammar"):
        caught = fixed = total = 0
        for row in (r for r in seeded if r["kind"] == kind):
            total += 1
            pattern = r"(?<!\w)" + re.escape(row["text"]) + r"(?!\w)"
            match = list(re.finditer(pattern, text))[int(row["occurrence"]) - 1]
            start, end = match.span()
            covering = [(a, b, f) for a, b, f in found if a < end and start < b]
            used.update(a for a, _, _ in covering)
            if not covering:
                misses.append(f"{kind}: {row['text']!r} (fix {row['fix']!r})")
                print(f"  missed {kind} {row['text']!r}: {_context(text, start, end)}")
                continue
            caught += 1
            low = min([start] + [a for a, _, _ in covering])
            high = max([end] + [b for _, b, _ in covering])
            expected = text[low:start] + row["fix"] + text[end:high]
            got = text[low:high]
            for a, b, f in sorted(covering, key=lambda c: c[0], reverse=True):
                if f.replacement is not None:
                    got = got[: a - low] + f.replacement + got[b - low :]
            fixed += got == expected
            if got != expected:
                print(f"  {kind} {row['text']!r} caught, but the first fix gives {got!r} "
                      f"(wanted {expected!r})")  # fmt: skip
        result[f"{kind}_caught"], result[f"{kind}_fixed"], result[f"{kind}_total"] = (
            caught, fixed, total,
        )  # fmt: skip
    extra = [(a, b, f) for a, b, f in found if a not in used]
    for a, b, f in extra:
        print(f"  other flag on the seeded text: {f.source} {_context(text, a, b)}")
    result["missed"] = misses
    result["other_flags"] = len(extra)
    return result


def _best_dialect(checkers: dict, text: str) -> tuple[str, list]:
    """The dialect that flags the text least (ties: US), with its flags."""
    return min(((d, _flags(c, text)) for d, c in checkers.items()), key=lambda r: len(r[1]))


def _false_flags(checkers: dict) -> dict[str, object]:
    files: dict[str, object] = {}
    listed = []
    words = flags = 0
    for path in CLEAN:
        text = path.read_text(encoding="utf-8")
        dialect, found = _best_dialect(checkers, text)
        words += _words(text)
        flags += len(found)
        files[path.name] = {"dialect": dialect, "words": _words(text), "flags": len(found)}
        for offset, f in found:
            where = _context(text, offset + f.start, offset + f.end)
            print(f"  {path.name} ({dialect}) {f.source} {f.kind}: {where} -> {f.replacement!r}")
            listed.append({"file": path.name, "source": f.source, "original": f.original,
                           "replacement": f.replacement, "context": where})  # fmt: skip
    return {"words": words, "flags": flags, "per_1000_words": round(flags * 1000 / words, 2),
            "files": files, "listed": listed}  # fmt: skip


def _corpus(checkers: dict) -> dict[str, object]:
    paths = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if not paths:
        print(f"  corpus: {CORPUS} is not there; skipped")
        return {"present": False}
    words = 0
    by_source: dict[str, int] = {}
    sample = []
    for path in paths:
        text = path.read_text(encoding="utf-8", errors="replace")
        dialect, found = _best_dialect(checkers, text)
        words += _words(text)
        for offset, f in found:
            by_source[f.source] = by_source.get(f.source, 0) + 1
            if len(sample) < CORPUS_SAMPLE:
                where = _context(text, offset + f.start, offset + f.end, 25)
                sample.append(f"  {path.name} ({dialect}) {f.source}: {where} -> {f.replacement!r}")
    flags = sum(by_source.values())
    rate = flags * 1000 / words
    print(f"  corpus: {flags} flags in {words:,} words of {len(paths)} texts ({rate:.1f} per "
          "1,000 words, real typos included); a sample:")  # fmt: skip
    print("\n".join(sample))
    return {"present": True, "files": len(paths), "words": words, "flags": flags,
            "per_1000_words": round(flags * 1000 / words, 2),
            "by_source": dict(sorted(by_source.items(), key=lambda kv: -kv[1]))}  # fmt: skip


def _unique_paragraphs() -> list[str]:
    """Every paragraph of the project's own sample texts, once (about 25,000 words)."""
    paths = [*CLEAN, *sorted((DATA / "machine").glob("*.txt")),
             *sorted((DATA / "voices").glob("*.txt")), SEEDED]  # fmt: skip
    return [line for path in paths for line in path.read_text(encoding="utf-8").split("\n")
            if line.strip()]  # fmt: skip


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _speed(profile: bool) -> dict[str, object]:
    """The 100,000 words are the unique samples checked again and again, each time by a new
    checker, so that no checker has seen them. Harper also remembers, for the whole process,
    text it has read (reading new text costs about three times as much: bench/
    correctness_window.py measures that, in a fresh process), so these figures are the cost of
    the rules on text read before, and good for comparing configurations."""
    import harper

    from app.core.analysis.correctness import FIRST_PASS, CorrectnessChecker, harper_config

    unique = _unique_paragraphs()
    unique_words = sum(map(_words, unique))
    passes = -(-TARGET_WORDS // unique_words)
    profiler = cProfile.Profile() if profile else None
    each: list[float] = []
    one_by_one_s = document_s = document_cpu_s = two_threads_s = 0.0
    first_s = first_cpu_s = 0.0
    for _ in range(passes):
        checker = CorrectnessChecker("us")
        checker.check_paragraph("A first call to warm up.")
        started = time.perf_counter()
        for paragraph in unique:  # as while typing: one paragraph at a time
            t0 = time.perf_counter()
            checker.check_paragraph(paragraph)
            each.append((time.perf_counter() - t0) * 1000)
        one_by_one_s += time.perf_counter() - started
        checker = CorrectnessChecker("us")
        checker.check_paragraph("A first call to warm up.")
        if profiler:
            profiler.enable()
        cpu, started = time.process_time(), time.perf_counter()
        checker.check_paragraphs(unique)  # as on opening a document
        document_s += time.perf_counter() - started
        document_cpu_s += time.process_time() - cpu
        if profiler:
            profiler.disable()
        checker = CorrectnessChecker("us")  # the first pass over a whole document
        checker.check_paragraphs(["A first call to warm up."], first_pass=True)
        cpu, started = time.process_time(), time.perf_counter()
        checker.check_paragraphs(unique, first_pass=True)
        first_s += time.perf_counter() - started
        first_cpu_s += time.process_time() - cpu
        pair = (CorrectnessChecker("us"), CorrectnessChecker("us"))
        threads = [threading.Thread(target=c.check_paragraphs, args=(unique[k::2],))
                   for k, c in enumerate(pair)]  # fmt: skip
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        two_threads_s += time.perf_counter() - started

    def harper_alone(ours: bool, one_call: bool) -> float:
        linter = harper.Linter(harper.Dialect.AMERICAN)
        if ours:
            linter.set_lint_config(harper_config(linter))
        linter.lint("A first call to warm up.")
        cpu = time.process_time()
        if one_call:
            linter.organized_lints("\n\n".join(unique), dedup=False)
        else:
            for paragraph in unique:
                linter.organized_lints(paragraph, dedup=False)
        return (time.process_time() - cpu) * TARGET_WORDS / unique_words

    linter = harper.Linter(harper.Dialect.AMERICAN)
    linter.set_lint_config(harper_config(linter))
    words = unique_words * passes
    result = {
        "words": words,
        "unique_words": unique_words,
        "paragraphs": len(unique) * passes,
        "per_paragraph_p50_ms": round(_percentile(each, 0.5), 2),
        "per_paragraph_p95_ms": round(_percentile(each, 0.95), 2),
        "per_paragraph_max_ms": round(max(each), 1),
        "per_paragraph_mean_ms": round(statistics.fmean(each), 2),
        "document_s": round(document_s, 2),
        "document_one_paragraph_at_a_time_s": round(one_by_one_s, 2),
        "document_cpu_s": round(document_cpu_s, 2),
        "first_pass_s": round(first_s, 2),
        "first_pass_cpu_s": round(first_cpu_s, 2),
        "first_pass_rules": len(FIRST_PASS),
        "document_two_threads_s": round(two_threads_s, 2),
        "harper_our_rules_per_paragraph_cpu_s_per_100k": round(harper_alone(True, False), 2),
        "harper_our_rules_one_call_cpu_s_per_100k": round(harper_alone(True, True), 2),
        "harper_default_rules_per_paragraph_cpu_s_per_100k": round(harper_alone(False, False), 2),
        "rules_on": sum(1 for on in linter.get_lint_config().values() if on),
        "rules_on_by_default": sum(linter.get_default_lint_config().values()),
    }
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return result


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def run(profile: bool = False) -> dict[str, object]:
    from app.core.analysis.correctness import CorrectnessChecker

    started = time.perf_counter()
    checkers = {"us": CorrectnessChecker("us")}
    build_s = time.perf_counter() - started  # the first in a process loads the dictionary
    checkers["uk"] = CorrectnessChecker("uk")
    print("correctness: seeded errors (US dictionary)")
    seeded = _seeded(checkers["us"])
    print("correctness: flags on correct writing")
    clean = _false_flags(checkers)
    print("correctness: real human texts")
    corpus = _corpus(checkers)
    print("correctness: speed")
    speed = {"build_s": round(build_s, 2), **_speed(profile)}
    print("correctness: a whole document opened in the window (bench/correctness_window.py)")
    from bench import correctness_window

    window = correctness_window.run()
    result = {"seeded": seeded, "false_flags": clean, "corpus": corpus, "speed": speed,
              "window": window, "machine": machine_info()}  # fmt: skip
    where = write_results(RESULTS, result)
    print(
        f"correctness: spelling caught {seeded['spelling_caught']}/{seeded['spelling_total']} "
        f"(target >= 19, first fix right {seeded['spelling_fixed']}), grammar caught "
        f"{seeded['grammar_caught']}/{seeded['grammar_total']} (target >= 16, first fix right "
        f"{seeded['grammar_fixed']}), {seeded['other_flags']} other flags on the seeded text; "
        f"{clean['flags']} flags in {clean['words']:,} words of correct writing = "
        f"{clean['per_1000_words']} per 1,000 (target <= 2 that are not real errors)"
    )
    print(
        f"correctness: {speed['words']:,} words in {speed['document_s']:.1f} s "
        f"({speed['document_cpu_s']:.1f} s CPU; a paragraph at a time "
        f"{speed['document_one_paragraph_at_a_time_s']:.1f} s; in two threads "
        f"{speed['document_two_threads_s']:.1f} s; target <= 3 s); the first pass (spelling "
        f"and {speed['first_pass_rules'] - 1} rules for the commonest slips, what the window "
        f"does first) {speed['first_pass_s']:.1f} s ({speed['first_pass_cpu_s']:.1f} s CPU); "
        f"per paragraph p50 "
        f"{speed['per_paragraph_p50_ms']:.1f} ms, p95 "
        f"{speed['per_paragraph_p95_ms']:.1f} ms; Harper alone with our {speed['rules_on']} "
        f"rules, CPU s per 100,000 words: "
        f"{speed['harper_our_rules_per_paragraph_cpu_s_per_100k']:.1f} a paragraph at a time, "
        f"{speed['harper_our_rules_one_call_cpu_s_per_100k']:.1f} in one call; with its "
        f"{speed['rules_on_by_default']} default rules "
        f"{speed['harper_default_rules_per_paragraph_cpu_s_per_100k']:.1f}; first build "
        f"{speed['build_s']:.2f} s -> {where}"
    )
    return result
