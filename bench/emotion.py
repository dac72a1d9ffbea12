"""The emotion model: how well it reads, whether its cues are real, how fast it is.

- XED: 5-fold cross-validated macro-F1 on the single-label lines (eight emotions) when the
  training part is in ../shared/data/xed and the `train` extra is installed (it retrains, a
  few minutes); otherwise the figures recorded when the shipped weights were trained.
- Prose: tests/data/emotion/paragraphs.jsonl (48 paragraphs we wrote and labelled): the
  labelled emotion among the model's top two, and neutral paragraphs below intensity 0.3.
- Cues: deleting a paragraph's top three cue words for its label lowers that label's score.
- Speed: one paragraph (p50/p95, nothing cached) and a 100,000-word document.
- "Make it feel…": tests/data/emotion/make_it_feel.jsonl, the share of swap candidates that
  raise the target's score by at least 0.15, per target; and of what the writer is offered
  (the swaps that pass every check; the model's drafts are left out, so no model is needed).
- Real texts in ../shared/corpus/{human,machine} (read at run time, skipped when absent):
  label distribution and mean intensity, for a reader to judge.

Writes bench/results/emotion.json.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import re
import statistics
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench import machine_info, write_results
from bench.corpus import CORPUS  # HUMANIZE_CORPUS, else beside the checkout

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "emotion.json"
DATA = ROOT / "tests" / "data" / "emotion"
XED = ROOT.parent / "shared" / "data" / "xed"
MILD = 0.3
RISE = 0.15


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def xed_figures(model) -> dict[str, object]:
    recorded = model.training.get("cross_validation", {})
    if not XED.is_dir():
        print(f"emotion: no XED at {XED}; the figures recorded at training time: {recorded}")
        return {"source": "recorded at training", **recorded}
    try:
        from training.emotion import train
        from training.emotion.word_features import WordFeatures

        config = dict(train.CONFIG)
        words = WordFeatures(float(config["glove_scale"]), float(config["category_scale"]))
    except ImportError as missing:
        print(f"emotion: the train extra is not installed ({missing.name}); the figures "
              f"recorded at training time: {recorded}")
        return {"source": "recorded at training", **recorded}
    start = time.perf_counter()
    texts, labels = train.load_xed(XED)
    lines = train.Lines(texts, words, bool(config["bigrams"]))
    figures, _ = train.cross_validate(lines, labels, config, 5)
    figures["seconds"] = round(time.perf_counter() - start, 1)
    return {"source": "5-fold cross-validation, retrained now", **figures}


def prose_figures(model) -> dict[str, object]:
    rows = _jsonl(DATA / "paragraphs.jsonl")
    emotional = [r for r in rows if r["label"] != "neutral"]
    neutral = [r for r in rows if r["label"] == "neutral"]
    top_two = top_one = clear_hits = clear = 0
    confusion: list[str] = []
    for row in emotional:
        result = model.score_paragraph(row["text"]).emotion
        top = result.top(2)
        hit = row["label"] in top
        top_two += hit
        top_one += row["label"] == top[0]
        if row["intensity"] == "clear":
            clear += 1
            clear_hits += hit
        if not hit:
            confusion.append(f"{row['id']} {row['label']} -> {top[0]}, {top[1]}")
    mild = [model.score_paragraph(r["text"]).emotion.intensity for r in neutral]
    emotional_intensity = [model.score_paragraph(r["text"]).emotion.intensity for r in emotional]
    return {
        "emotional_paragraphs": len(emotional),
        "top_two_hit_rate": round(top_two / len(emotional), 3),
        "top_one_hit_rate": round(top_one / len(emotional), 3),
        "clear_top_two_hit_rate": round(clear_hits / clear, 3) if clear else None,
        "neutral_paragraphs": len(neutral),
        "neutral_below_0_3": round(sum(i < MILD for i in mild) / len(neutral), 3),
        "neutral_intensities": [round(i, 2) for i in mild],
        "emotional_mean_intensity": round(statistics.fmean(emotional_intensity), 3),
        "misses": confusion,
    }


def _delete_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return re.sub(r"  +", " ", text)


def cue_faithfulness(model) -> dict[str, object]:
    """For each paragraph, take its strongest emotion, delete its top three cues, re-score."""
    rows = _jsonl(DATA / "paragraphs.jsonl")
    lowered = tested = 0
    drops = []
    for row in rows:
        result = model.score_paragraph(row["text"]).emotion
        label = result.top(1)[0]
        cues = sorted((c for c in result.cues if c.emotion == label), key=lambda c: -c.weight)
        spans = _merged([(c.start, c.end) for c in cues[:3]])
        if not spans:
            continue
        after = model.score_paragraph(_delete_spans(row["text"], spans)).emotion
        tested += 1
        drop = result.scores[label] - after.scores[label]
        lowered += drop > 0
        drops.append(drop)
    return {"paragraphs": tested, "lowered_share": round(lowered / tested, 3),
            "mean_drop": round(statistics.fmean(drops), 4)}


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def speed(model_class, profile: bool) -> dict[str, object]:
    from bench.gauges import generate_draft

    paragraphs = [r["text"] for r in _jsonl(DATA / "paragraphs.jsonl")]
    model = model_class.load()
    times = []
    for _ in range(5):
        for text in paragraphs:
            model._sentence.cache_clear()
            start = time.perf_counter()
            model.score_paragraph(text)
            times.append((time.perf_counter() - start) * 1000)
    counts_times = []
    for text in paragraphs:
        model._sentence.cache_clear()
        start = time.perf_counter()
        model.count(text)
        counts_times.append((time.perf_counter() - start) * 1000)
    draft = generate_draft()
    words = sum(len(p.split()) for p in draft)
    # The generated draft repeats sentences, so the per-sentence cache is switched off here:
    # every sentence is scored, as in a real document opened for the first time.
    model = model_class.load(model_class.weights_path())
    model._sentence = model._measure_sentence
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    start = time.perf_counter()
    total = None
    for paragraph in draft:
        counts = model.count(paragraph)
        total = counts if total is None else total + counts
    document_s = time.perf_counter() - start
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
    start = time.perf_counter()
    model_class.load(model_class.weights_path())
    load_s = time.perf_counter() - start
    return {
        "paragraph_words_mean": round(statistics.fmean(len(p.split()) for p in paragraphs), 1),
        "paragraph_p50_ms": round(_percentile(times, 0.5), 3),
        "paragraph_p95_ms": round(_percentile(times, 0.95), 3),
        "paragraph_counts_only_p50_ms": round(_percentile(counts_times, 0.5), 3),
        "paragraph_counts_only_p95_ms": round(_percentile(counts_times, 0.95), 3),
        "document_words": words,
        "document_paragraphs": len(draft),
        "document_s": round(document_s, 3),
        "load_s": round(load_s, 3),
    }


def make_it_feel(model) -> dict[str, object]:
    from app.core.analysis.emotion_swaps import swap_candidates

    per_target: dict[str, list[float]] = defaultdict(list)
    best: dict[str, list[float]] = defaultdict(list)
    examples = []
    for row in _jsonl(DATA / "make_it_feel.jsonl"):
        candidates = swap_candidates(row["text"], row["target"], model)
        per_target[row["target"]].extend(c.delta for c in candidates)
        best[row["target"]].append(max((c.delta for c in candidates), default=0.0))
        if candidates:
            examples.append(f"{row['id']} {row['target']} {candidates[0].delta:+.2f}: "
                            f"{candidates[0].text}")
    targets = {}
    for target, deltas in per_target.items():
        targets[target] = {
            "candidates": len(deltas),
            "rise_share": _rise_share(deltas),
            "best_mean_delta": round(statistics.fmean(best[target]), 3),
        }
    for target in best:
        targets.setdefault(target, {"candidates": 0, "rise_share": 0.0,
                                    "best_mean_delta": 0.0})
    every = [d for deltas in per_target.values() for d in deltas]
    return {
        "rise_share_all": _rise_share(every),
        "candidates": len(every),
        "paragraphs_with_a_rise": sum(1 for v in best.values() for d in v if d >= RISE),
        "per_target": targets,
        "examples": examples,
        "offered": make_it_feel_offered(),
    }


def _rise_share(rises: list[float]) -> float:
    """The share of changes in the target's score that reach RISE."""
    return round(sum(r >= RISE for r in rises) / len(rises), 3) if rises else 0.0


def make_it_feel_offered() -> dict[str, object]:
    """What the writer is offered (app.llm.feeling.feel: the swaps after every check, the
    model's drafts left out so the bench needs no model): how many, and the share that raise
    the target's score by at least RISE, per target."""
    from app.llm.feeling import feel

    try:
        from app.core.analysis.correctness import CorrectnessChecker, default_dialect

        correctness = CorrectnessChecker(default_dialect()).check_paragraph
    except Exception:  # noqa: BLE001 - the checks run without spelling where Harper is missing
        correctness = None
    per_target: dict[str, list[float]] = defaultdict(list)
    paragraphs: Counter[str] = Counter()
    reached: Counter[str] = Counter()
    shown = []
    for row in _jsonl(DATA / "make_it_feel.jsonl"):
        found = feel(row["text"], row["target"], correctness=correctness)
        paragraphs[row["target"]] += 1
        per_target[row["target"]].extend(f.rise for f in found)
        reached[row["target"]] += any(f.rise >= RISE for f in found)
        if found:
            shown.append(f"{row['id']} {row['target']} {found[0].rise:+.2f}: {found[0].text}")
    every = [r for rises in per_target.values() for r in rises]
    return {
        "offered": len(every),
        "rise_share": _rise_share(every),
        "paragraphs": sum(paragraphs.values()),
        "paragraphs_reaching_the_rise": sum(reached.values()),
        "per_target": {t: {"paragraphs": paragraphs[t], "offered": len(per_target[t]),
                           "rise_share": _rise_share(per_target[t])} for t in paragraphs},
        "examples": shown,
    }


def corpus_figures(model) -> dict[str, object]:
    if not CORPUS.is_dir():
        print(f"emotion: no corpus at {CORPUS}; skipped")
        return {}
    out = {}
    for kind in ("human", "machine"):
        folder = CORPUS / kind
        if not folder.is_dir():
            continue
        labels: Counter[str] = Counter()
        intensities = []
        for path in sorted(folder.glob("*.txt")):
            for line in path.read_text(encoding="utf-8", errors="replace").split("\n"):
                if len(line.split()) < 8:
                    continue
                result = model.score_paragraph(line).emotion
                labels[result.label] += 1
                intensities.append(result.intensity)
        if intensities:
            total = sum(labels.values())
            out[kind] = {
                "paragraphs": total,
                "labels": {k: round(v / total, 3) for k, v in labels.most_common()},
                "mean_intensity": round(statistics.fmean(intensities), 3),
            }
    return out


def run(profile: bool = False) -> dict[str, object]:
    from app.core.analysis.emotion import EmotionModel

    model = EmotionModel.load()
    weights = EmotionModel.weights_path()
    result: dict[str, object] = {
        "weights_file_mb": round(weights.stat().st_size / 1e6, 2),
        "features": len(model.rows),
        "prose": prose_figures(model),
        "cues": cue_faithfulness(model),
        "speed": speed(EmotionModel, profile),
        "make_it_feel": make_it_feel(model),
        "corpus": corpus_figures(model),
        "xed": xed_figures(model),
        "machine": machine_info(),
    }
    where = write_results(RESULTS, result)
    p, c, s, f, x = (result["prose"], result["cues"], result["speed"], result["make_it_feel"],
                     result["xed"])
    print(f"emotion: XED macro-F1 {x.get('macro_f1', float('nan')):.3f} "
          f"(with offsets {x.get('macro_f1_with_offsets', float('nan')):.3f}; {x['source']})")
    print(f"emotion: prose top-two {p['top_two_hit_rate']:.0%} of {p['emotional_paragraphs']} "
          f"emotional paragraphs (target >= 60%), top-one {p['top_one_hit_rate']:.0%}; neutral "
          f"below 0.3: {p['neutral_below_0_3']:.0%} of {p['neutral_paragraphs']} (target >= 70%)")
    print(f"emotion: cues faithful in {c['lowered_share']:.0%} of {c['paragraphs']} paragraphs "
          f"(target >= 90%), mean drop {c['mean_drop']:.3f}")
    print(f"emotion: paragraph of ~{s['paragraph_words_mean']:.0f} words p50 "
          f"{s['paragraph_p50_ms']:.2f} ms, p95 {s['paragraph_p95_ms']:.2f} ms with cues, "
          f"counts only p50 {s['paragraph_counts_only_p50_ms']:.2f} ms, "
          f"p95 {s['paragraph_counts_only_p95_ms']:.2f} ms; "
          f"{s['document_words']:,} words in {s['document_s']:.2f} s (target <= 1.5 s); "
          f"load {s['load_s']:.2f} s")
    per = ", ".join(f"{t} {v['rise_share']:.0%} of {v['candidates']}"
                    for t, v in f["per_target"].items())
    print(f"emotion: make it feel: {f['rise_share_all']:.0%} of {f['candidates']} candidates "
          f"raise the target by >= {RISE} ({per})")
    o = f["offered"]
    per = ", ".join(f"{t} {v['rise_share']:.0%} of {v['offered']}"
                    for t, v in o["per_target"].items())
    print(f"emotion: make it feel, offered (swaps after the checks, no model drafts): "
          f"{o['rise_share']:.0%} of {o['offered']} raise the target by >= {RISE} (target >= "
          f"60%); {o['paragraphs_reaching_the_rise']} of {o['paragraphs']} paragraphs get one "
          f"({per})")
    for kind, figures in result["corpus"].items():
        top = ", ".join(f"{k} {v:.0%}" for k, v in list(figures["labels"].items())[:4])
        print(f"emotion: corpus {kind}: {figures['paragraphs']} paragraphs, mean intensity "
              f"{figures['mean_intensity']:.2f}; {top}")
    print(f"emotion: weights {result['weights_file_mb']} MB -> {where}")
    return result
