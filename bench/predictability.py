"""The built-in model reading the draft: how well its predictability tells human writing from
machine writing, and what reading costs.

    python -m bench predictability

Quality, on our own samples (tests/data) and on the real texts of ../shared/corpus (skipped
when absent), each paragraph read after the one before it as the window reads it
(app/ui/gauges/predictability.py: 200 characters of context):
* human-ness 2.0 (app/core/analysis/predictability.py `model_humanness`) against the
  rules-only gauge measured in the same run: AUC human over machine, with and without the
  hard cases; human texts in the lowest band (below 40, "Sounds machine-written") and
  machine texts in the top band (80 and up, "Sounds human"). Its weights were fitted on the
  real corpus, so the figure there is in-sample (the fit's leave-one-out AUC is in
  MODEL_WEIGHTS' comment); our own samples were not used to fit it;
* `predictable` sentences at the shipped threshold and at others beside it: per 1,000 words
  and the share of paragraphs of 25 words or more with at least one, human and machine.
  The human figures are false alarms: a sentence a person wrote, flagged as a model's.
Cost, built-in model on THREADS threads: words read per second; resident memory before the
model is loaded (the baseline), after loading and at its peak while reading; and GUI stalls
in a real window (offscreen) while the model reads a 40,000-word draft, against the same
window with the model's reading held off (bench/predictability_window.py, in a child process
each so that their memory is their own).
Writes bench/results/predictability.json. Figures and ratios, no pass or fail.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import machine_info, write_results
from bench.corpus import Text, corpus_note, corpus_texts, own_samples
from bench.rules import auc
from bench.window import resident_mb

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "predictability.json"
THREADS = 2
CONTEXT_CHARS = 200
THRESHOLDS = (1.4, 1.6, 1.8, 2.0, 2.2, 2.4, 2.6)
LOW_BAND, TOP_BAND = 40, 80


def _read(text: Text, scorer) -> dict:
    """What the model read of each paragraph of one text."""
    from app.core.analysis.incremental import analyze_text
    from app.core.analysis.predictability import MIN_PARAGRAPH_WORDS, reading, summarize
    from app.core.document import split_lines

    paragraphs, total, words, seconds = [], None, 0, 0.0
    previous = ""
    for line in split_lines(text.text):
        if len(line.split()) < 4:
            previous = line or previous
            continue
        started = time.perf_counter()
        scores = scorer.score(line, previous[-CONTEXT_CHARS:])
        seconds += time.perf_counter() - started
        words += len(line.split())
        summary = summarize(line, scores.spans, scores.surprisal)
        read = reading(summary, scores.ranks)
        total = read if total is None else total + read
        paragraphs.append((line, summary, len(line.split()) >= MIN_PARAGRAPH_WORDS))
        previous = line
    return {"text": text, "paragraphs": paragraphs, "reading": total, "words": words,
            "seconds": seconds, "rules": analyze_text(text.text).humanness}


def _humanness(read: dict) -> int | None:
    from app.core.analysis.predictability import model_humanness

    h = read["rules"]
    if read["reading"] is None:
        return None
    return model_humanness(read["reading"], h.ai_tells_per_1000_words, h.sentence_length_cv)


def _predictable(reads: list[dict], threshold: float) -> dict:
    from app.core.analysis.predictability import predictable_findings

    out = {}
    for label in ("human", "machine"):
        mine = [r for r in reads if r["text"].label == label]
        words = sum(r["words"] for r in mine) or 1
        flagged = eligible = paragraphs_flagged = 0
        for r in mine:
            for line, summary, long_enough in r["paragraphs"]:
                found = predictable_findings(line, summary, threshold)
                flagged += len(found)
                eligible += long_enough
                paragraphs_flagged += bool(found)
        out[label] = {"per_1000_words": round(1000 * flagged / words, 2),
                      "paragraphs_with_one": round(paragraphs_flagged / max(1, eligible), 3)}
    return out


def _quality(name: str, reads: list[dict]) -> dict:
    from app.core.analysis.predictability import PREDICTABLE_THRESHOLD

    model = {r["text"].name: _humanness(r) for r in reads}
    rules = {r["text"].name: r["rules"].score for r in reads}

    def split(scores: dict, easy_only: bool = False) -> tuple[list[float], list[float]]:
        chosen = [r["text"] for r in reads if scores[r["text"].name] is not None
                  and not (easy_only and r["text"].hard)]  # fmt: skip
        return ([scores[t.name] for t in chosen if t.label == "human"],
                [scores[t.name] for t in chosen if t.label == "machine"])

    result = {
        "texts": {label: sum(r["text"].label == label for r in reads)
                  for label in ("human", "machine")},
        "humanness_auc": round(auc(*split(model)), 3),
        "humanness_auc_without_hard": round(auc(*split(model, True)), 3),
        "rules_auc": round(auc(*split(rules)), 3),
        "rules_auc_without_hard": round(auc(*split(rules, True)), 3),
        "human_in_lowest_band": sorted(n for n, s in model.items() if s is not None
                                       and s < LOW_BAND and _label(reads, n) == "human"),
        "machine_in_top_band": sorted(n for n, s in model.items() if s is not None
                                      and s >= TOP_BAND and _label(reads, n) == "machine"),
        "threshold": PREDICTABLE_THRESHOLD["gemma3"],
        "predictable": {str(t): _predictable(reads, t) for t in THRESHOLDS},
    }
    human, machine = split(model)
    fitted = " (in-sample: the weights were fitted on it)" if name == "real corpus" else ""
    print(f"  {name}: {result['texts']['human']} human, {result['texts']['machine']} machine "
          f"texts; human-ness 2.0 AUC{fitted} {result['humanness_auc']:.3f} (without the hard "
          f"cases {result['humanness_auc_without_hard']:.3f}) against the rules-only gauge's "
          f"{result['rules_auc']:.3f} ({result['rules_auc_without_hard']:.3f}); median "
          f"human {statistics.median(human or [0]):.0f}, machine "
          f"{statistics.median(machine or [0]):.0f}; humans below {LOW_BAND}: "
          f"{result['human_in_lowest_band'] or 'none'}; machines at {TOP_BAND} or above: "
          f"{result['machine_in_top_band'] or 'none'}")
    print("    predictable sentences, per 1,000 words and share of paragraphs with one "
          "(human = false alarms):")
    for t in THRESHOLDS:
        p = result["predictable"][str(t)]
        mark = "  <- shipped" if t == result["threshold"] else ""
        print(f"      below {t:.1f} nats: human {p['human']['per_1000_words']:5.2f} "
              f"({p['human']['paragraphs_with_one']:4.0%})   machine "
              f"{p['machine']['per_1000_words']:5.2f} "
              f"({p['machine']['paragraphs_with_one']:4.0%}){mark}")
    return result


def _label(reads: list[dict], name: str) -> str:
    return next(r["text"].label for r in reads if r["text"].name == name)


def _window(hold: bool) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.predictability_window"]
                          + (["--hold"] if hold else []), stdout=subprocess.PIPE, text=True,
                          check=True, cwd=ROOT)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(profile: bool = False) -> dict:
    del profile  # the time is spent in llama.cpp
    from app.llm.engine import Engine
    from app.llm.model_store import ensure_bundled_model
    from app.llm.scorer import Scorer

    print(f"Predictability with the built-in model; {corpus_note()}", flush=True)
    baseline_mb = resident_mb()
    engine = Engine()
    model = engine.load(ensure_bundled_model(), n_threads=THREADS)
    scorer = Scorer(engine)
    loaded_mb = resident_mb()
    result: dict[str, object] = {"machine": machine_info(), "model": model.name, "sets": {}}
    words = seconds = 0.0
    try:
        for name, texts in (("own samples", own_samples()), ("real corpus", corpus_texts())):
            texts = [t for t in texts if t.label in ("human", "machine")]
            if not texts:
                continue
            reads = [_read(t, scorer) for t in texts]
            words += sum(r["words"] for r in reads)
            seconds += sum(r["seconds"] for r in reads)
            result["sets"][name] = _quality(name, reads)
    finally:
        scorer.close()
        engine.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["cost"] = {
        "words_per_second": round(words / seconds, 1) if seconds else None,
        "words": int(words), "threads": THREADS,
        "rss_baseline_mb": round(baseline_mb, 1), "rss_loaded_mb": round(loaded_mb, 1),
        "rss_peak_mb": round(peak_mb, 1),
    }
    cost = result["cost"]
    print(f"  reading: {cost['words_per_second']} words/s on {THREADS} threads over "
          f"{cost['words']:,} words; resident memory {baseline_mb:.0f} MB before the model, "
          f"{loaded_mb:.0f} MB loaded, peak {peak_mb:.0f} MB "
          f"(+{peak_mb - baseline_mb:.0f} MB over the baseline)", flush=True)
    reading, held = _window(hold=False), _window(hold=True)
    result["window"] = {"reading": reading, "held_off": held}
    for name, w in (("model reading", reading), ("reading held off", held)):
        print(f"  window, {name:16}: GUI stall max {w['max_stall_ms']:.0f} ms, p99 "
              f"{w['p99_stall_ms']:.0f} ms, {w['stalls_over_16_ms']} over 16 ms in "
              f"{w['seconds']:.0f} s; {w['words_read']:,} words read "
              f"({w['words_per_second']} words/s); peak resident {w['rss_peak_mb']:.0f} MB")
    print(f"results: {write_results(RESULTS, result)}")
    return result
