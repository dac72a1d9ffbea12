"""Voice profiles: author attribution on text the profile has not seen, and speed.

Attribution, per set of writers (tests/data/voices: six fictional writers, four texts each;
../shared/corpus/voices: nine real writers, three texts each, read at run time and skipped
when absent). Leave one text out: for each fold k, every writer's profile is learned from
their texts other than the k-th, and the k-th texts of all writers are scored against every
profile. Units: paragraphs of 80+ words (the issue's measure), and passages (consecutive
paragraphs joined until they reach 80 words, so writers of short paragraphs count too; a
passage is scored from the summed counts of its paragraphs, as the gauge scores a document).
Figures:
* auc: for each profile, the probability that one of its writer's unseen units scores above
  another writer's unit (ties half), averaged over the writers (the issue's target: 0.85);
* pooled_auc: the same over all (profile, unit) pairs at once, which also asks the scores of
  different profiles to mean the same;
* top1: share of units whose highest-scoring profile is their writer's;
* mean own / other score.
Speed: learning a 50,000-word sample (our texts, repeated with a varying word so no cache
helps), on one core; matching a paragraph from its counts, counting and matching it, and a
document from summed paragraph counts.
Writes bench/results/voice.json.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from pathlib import Path

from bench import machine_info, write_results
from bench.corpus import SAMPLES, corpus_note, corpus_texts

RESULTS = Path(__file__).resolve().parent / "results" / "voice.json"
MIN_UNIT_WORDS = 80
LEARN_WORDS = 50_000


def own_writers() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted((SAMPLES / "voices").glob("*.txt")):
        found[path.stem.split("_")[0]].append(path.read_text(encoding="utf-8"))
    return dict(found)


def corpus_writers() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for t in corpus_texts():
        if t.writer:
            found[t.writer].append(t.text)
    return dict(found)


def units(text: str, mode: str) -> list:
    """The counts of each unit of `text`: paragraphs of 80+ words, or passages."""
    from app.core.voice.counts import count_paragraph, sum_counts

    counts = [count_paragraph(line, phrases=False) for line in text.split("\n") if line.strip()]
    if mode == "paragraphs":
        return [c for c in counts if c.words >= MIN_UNIT_WORDS]
    out, run = [], []
    for c in counts:
        run.append(c)
        if sum(x.words for x in run) >= MIN_UNIT_WORDS:
            out.append(sum_counts(run))
            run = []
    return out


def auc(pos: list[float], neg: list[float]) -> float:
    if not pos or not neg:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def scored_pairs(writers: dict[str, list[str]], mode: str,
                 samples: int | None = None) -> list[tuple[str, str, object]]:
    """(unit's writer, profile's writer, VoiceMatch) for every unit and profile, by fold;
    `samples`: learn from only that many of the other texts (the ones after the held-out)."""
    from app.core.voice.match import VoiceMatcher
    from app.core.voice.profile import learn

    names = sorted(writers)
    folds = min(len(writers[w]) for w in names)
    take = folds - 1 if samples is None else samples
    pairs = []
    for k in range(folds):
        matchers = {w: VoiceMatcher(learn([writers[w][(k + 1 + j) % folds]
                                           for j in range(take)], w))
                    for w in names}
        for w in names:
            for unit in units(writers[w][k], mode):
                for v in names:
                    pairs.append((w, v, matchers[v].match_counts(unit)))
    return pairs


def attribution(writers: dict[str, list[str]], mode: str, samples: int | None = None) -> dict:
    pairs = scored_pairs(writers, mode, samples)
    own, other = defaultdict(list), defaultdict(list)
    best: dict[int, tuple[float, bool]] = {}
    names = sorted(writers)
    for i, (w, v, m) in enumerate(pairs):
        (own if v == w else other)[v].append(m.score)
        unit = i // len(names)
        if unit not in best or m.score > best[unit][0]:
            best[unit] = (m.score, v == w)
    per_writer = {v: auc(own[v], other[v]) for v in names}
    valid = [a for a in per_writer.values() if a == a]
    all_own = [s for v in names for s in own[v]]
    all_other = [s for v in names for s in other[v]]
    return {
        "units": len(best),
        "auc": statistics.fmean(valid) if valid else float("nan"),
        "pooled_auc": auc(all_own, all_other),
        "top1": sum(hit for _, hit in best.values()) / max(1, len(best)),
        "mean_own_score": statistics.fmean(all_own) if all_own else float("nan"),
        "mean_other_score": statistics.fmean(all_other) if all_other else float("nan"),
        # None: the writer has no unit of this kind (no paragraph of 80+ words)
        "auc_by_writer": {v: round(a, 3) if a == a else None for v, a in per_writer.items()},
    }


def report(name: str, writers: dict[str, list[str]]) -> dict:
    if not writers:
        print(f"\n== {name}: not found (skipped)")
        return {}
    print(f"\n== {name}: {len(writers)} writers, "
          f"{sum(len(t) for t in writers.values())} texts (leave one text out)")
    result = {}
    for mode in ("paragraphs", "passages"):
        r = attribution(writers, mode)
        result[mode] = r
        print(f"  {mode:10} {r['units']:3} units  AUC {r['auc']:.3f}  pooled AUC "
              f"{r['pooled_auc']:.3f}  top-1 {r['top1']:.0%}  mean score own "
              f"{r['mean_own_score']:.0f} / other {r['mean_other_score']:.0f}")
        print("             by writer: " + ", ".join(
            f"{v} {'-' if a is None else f'{a:.2f}'}" for v, a in r["auc_by_writer"].items()))
    folds = min(len(t) for t in writers.values())
    curve = {n: attribution(writers, "passages", n)["auc"] for n in range(1, folds)}
    result["passages_auc_by_samples"] = curve
    print("  passages AUC by the number of sample texts learned: "
          + ", ".join(f"{n}: {a:.3f}" for n, a in curve.items()))
    return result


def sample_of(words: int) -> list[str]:
    """About `words` words of our own texts, each repetition made distinct."""
    texts = [p.read_text(encoding="utf-8") for folder in ("voices", "human", "machine")
             for p in sorted((SAMPLES / folder).glob("*.txt"))]
    out, total, round_ = [], 0, 0
    while total < words:
        round_ += 1
        for t in texts:
            lines = [f"{line} Round {round_}." if line.strip() else line for line in t.split("\n")]
            out.append("\n".join(lines))
            total += len(out[-1].split())
            if total >= words:
                break
    return out


def speed(profile: bool) -> dict:
    import textstat

    from app.core.voice.counts import count_paragraph, sum_counts
    from app.core.voice.match import VoiceMatcher
    from app.core.voice.profile import learn

    start = time.perf_counter()
    textstat.syllable_count("warm up the pronouncing dictionary")
    dictionary_s = time.perf_counter() - start
    texts = sample_of(LEARN_WORDS)
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            learned = learn(texts, "bench")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(15)
    else:
        learned = learn(texts, "bench")
    learn_s = time.perf_counter() - start
    m = VoiceMatcher(learned)
    paragraphs = [line for t in own_writers()["maya"] for line in t.split("\n") if line.strip()]
    counted = [count_paragraph(p, phrases=False) for p in paragraphs]
    reps = 20
    start = time.perf_counter()
    for _ in range(reps):
        for c in counted:
            m.match_counts(c)
    match_ms = 1000 * (time.perf_counter() - start) / (reps * len(counted))
    start = time.perf_counter()
    for i in range(reps):
        for p in paragraphs:
            m.match_counts(count_paragraph(f"{p} {i}", phrases=False))
    count_match_ms = 1000 * (time.perf_counter() - start) / (reps * len(paragraphs))
    doc = [count_paragraph(line, phrases=False) for t in texts[:40]
           for line in t.split("\n") if line.strip()]
    start = time.perf_counter()
    total = sum_counts(doc)
    m.match_counts(total, "document")
    doc_ms = 1000 * (time.perf_counter() - start)
    # A keystroke: the running totals lose the paragraph's old figures and gain its new ones.
    # The gauge's way keeps each paragraph's WordSums and a total without the word table.
    edited = count_paragraph(paragraphs[0] + " Edited.", phrases=False)
    habits = sum_counts(c.without_words() for c in doc)
    sums = [m.word_sums(c) for c in doc]
    words_total = sums[0]
    for s in sums[1:]:
        words_total = words_total + s
    start = time.perf_counter()
    for _ in range(reps):
        new_sums = m.word_sums(edited)
        m.match_counts(habits - doc[0].without_words() + edited.without_words(), "document",
                       words_total - sums[0] + new_sums)
    keystroke_ms = 1000 * (time.perf_counter() - start) / reps
    start = time.perf_counter()
    for _ in range(reps):
        m.match_counts(total - doc[0] + edited, "document")
    keystroke_full_ms = 1000 * (time.perf_counter() - start) / reps
    mean_words = statistics.fmean(c.words for c in counted)
    print(f"\n== speed\n  learning {words:,} words: {learn_s:.2f} s (one core; textstat's "
          f"dictionary loaded first in {dictionary_s:.2f} s)\n  a paragraph ({mean_words:.0f} "
          f"words on average) from its counts: {match_ms:.3f} ms; counted and matched: "
          f"{count_match_ms:.3f} ms\n  a document of {total.words:,} words from its "
          f"{len(doc)} paragraphs' counts (summed, then matched): {doc_ms:.1f} ms\n  after a "
          f"keystroke (running totals - old + new, matched): {keystroke_ms:.2f} ms with "
          f"WordSums per paragraph, {keystroke_full_ms:.2f} ms with the whole word table")
    return {"learn_words": words, "learn_s": learn_s, "dictionary_load_s": dictionary_s,
            "paragraph_match_ms": match_ms, "paragraph_count_and_match_ms": count_match_ms,
            "paragraph_mean_words": mean_words, "document_words": total.words,
            "document_paragraphs": len(doc), "document_sum_and_match_ms": doc_ms,
            "document_keystroke_ms": keystroke_ms,
            "document_keystroke_word_table_ms": keystroke_full_ms}


def run(profile: bool = False) -> dict:
    print("Voice profiles: author attribution on unseen texts, and speed; " + corpus_note())
    speed_figures = speed(profile)  # first, so textstat's dictionary loads cold
    result = {
        "machine": machine_info(),
        "own_voices": report("own writers (tests/data/voices)", own_writers()),
        "corpus_voices": report("real writers (../shared/corpus/voices)", corpus_writers()),
        "speed": speed_figures,
    }
    print(f"\nwrote {write_results(RESULTS, result)}")
    return result
