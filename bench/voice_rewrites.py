"""Rewrites in the writer's voice: are rewrites with a voice profile active closer to the
writer than rewrites without? (`python -m bench voice_rewrites`; minutes of model time.)

For each writer (our own fictional writers, tests/data/voices, and the real writers of
../shared/corpus/voices, read at run time and skipped when absent) a profile is learned from
all but one of their texts. The same machine-sounding paragraphs (bench/rewrites.py's TEXTS)
are rewritten by the built-in model, DRAFTS drafts each, through the quality gate and checks:
* without: Natural tone, no profile: the gate's order (the same drafts for every writer);
* with: the profile active: the "My voice" prompt with the writer's closest sentences, and
  the drafts ranked by closeness to the profile.
Figures per set of writers: the mean voice match (0-100, app/core/voice) of the original, of
the top rewrite without and with the profile (the original where no draft passed), and the
share of paragraphs with a passing draft. Writes bench/results/voice_rewrites.json, with the
rewrites themselves for reading.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench import machine_info, write_results
from bench.corpus import corpus_note
from bench.rewrites import TEXTS
from bench.voice import corpus_writers, own_writers

RESULTS = Path(__file__).resolve().parent / "results" / "voice_rewrites.json"
DRAFTS = 3
PARAGRAPHS = 3  # of TEXTS, the longer ones: short sentences say little about a voice
WRITERS = 4  # per set


def _rewriter():
    from app.llm.engine import Engine
    from app.llm.model_store import ensure_bundled_model
    from app.llm.rewriter import Rewriter

    engine = Engine()
    engine.load(ensure_bundled_model(), n_threads=2)
    return Rewriter(engine)


def _top(result, original: str) -> str:
    return result.texts[0] if result.texts else original


def measure(name: str, writers: dict[str, list[str]], rewriter, texts: list[str],
            plain: dict[str, object]) -> dict:
    from app.core.voice import VoiceStore, learn, match
    from app.core.voice.guide import MY_VOICE, resolve_tone

    store = VoiceStore(Path("/nonexistent-humanize-bench"))  # nothing saved: the profile is passed
    rows, before, without, with_ = [], [], [], []
    passed_without = passed_with = 0
    for writer, samples in list(writers.items())[:WRITERS]:
        profile = learn(samples[:-1], name=writer)
        for text in texts:
            start = time.perf_counter()
            voiced = rewriter.rewrite(
                text, MY_VOICE, candidates=DRAFTS,
                resolve=lambda t, x, p=profile: resolve_tone(t, x, store, p))
            seconds = time.perf_counter() - start
            base = plain[text]
            scores = [match(profile, t, "paragraph").score
                      for t in (text, _top(base, text), _top(voiced, text))]
            before.append(scores[0])
            without.append(scores[1])
            with_.append(scores[2])
            passed_without += bool(base.texts)
            passed_with += bool(voiced.texts)
            rows.append({"writer": writer, "original": text, "without": _top(base, text),
                         "with": _top(voiced, text), "scores": scores,
                         "seconds": round(seconds, 1)})
    n = len(rows)
    if not n:
        print(f"{name}: no writers")
        return {}
    figures = {
        "writers": min(WRITERS, len(writers)), "paragraphs": n,
        "mean_match_original": round(statistics.fmean(before), 1),
        "mean_match_without_profile": round(statistics.fmean(without), 1),
        "mean_match_with_profile": round(statistics.fmean(with_), 1),
        "with_minus_without": round(statistics.fmean(with_) - statistics.fmean(without), 1),
        "passing_without": round(passed_without / n, 2),
        "passing_with": round(passed_with / n, 2),
        "rewrites": rows,
    }
    print(f"{name}: {figures['writers']} writers × {len(texts)} paragraphs; mean match "
          f"original {figures['mean_match_original']}, without a profile "
          f"{figures['mean_match_without_profile']}, with {figures['mean_match_with_profile']}"
          f" ({figures['with_minus_without']:+}); a draft passed for "
          f"{figures['passing_without']:.0%} without, {figures['passing_with']:.0%} with")
    return figures


def run(profile: bool = False) -> dict:
    print("Rewrites in the writer's voice, built-in model; " + corpus_note())
    rewriter = _rewriter()
    texts = sorted(TEXTS, key=len, reverse=True)[:PARAGRAPHS]
    plain = {t: rewriter.rewrite(t, "Natural", candidates=DRAFTS) for t in texts}
    result = {
        "machine": machine_info(), "drafts": DRAFTS,
        "own_voices": measure("own writers", own_writers(), rewriter, texts, plain),
        "corpus_voices": measure("real writers", corpus_writers(), rewriter, texts, plain),
    }
    print(f"\nwrote {write_results(RESULTS, result)}")
    return result
