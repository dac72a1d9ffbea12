"""Model suggestions a writer can accept: how many machine paragraphs get one, how fast, what
it fixes, and whether it keeps the content, on our own paragraphs and on real texts.

Approaches, measured in the same run with the built-in model (two threads):
* baseline: the whole-paragraph rewrite as the app did before targeted fixes (prompted
  drafts through the quality gate alone, Natural tone, three drafts);
* fixes: the rules' candidate fixes judged by the model (app/llm/fixer.py), without the
  adapter (Preferences ▸ Model with the rewriter off, `check --no-adapter`);
* adapter: the same with Humanize's rewriter adapter proposing its own wording of each
  flagged sentence, judged with the rules' candidates: the live card's default now;
* adapter rewrite: the adapter rewriting the whole paragraph (its first choice and two
  samples) through the quality gate and checks; unasked, so it must resolve a machine finding.
The two adapter approaches run when the adapter ships (app/resources/models/humanize-lora.gguf).
Sets: our own machine paragraphs, the held-out pairs' machine-sounding sources (topics the
adapter never saw in training), and paragraphs of the real machine and human texts.
For each, on machine paragraphs: the share that get at least one suggestion within 3 s, the
time to the first suggestion, the machine findings left after accepting every suggestion,
names and numbers kept, and the model's mean surprisal before and after (higher: less
model-like). On human paragraphs of the real corpus: the share that get any suggestion.
Per tone (baseline): drafts passing the gate. The suggestions themselves are written to
bench/results/rewrites.json for reading; `--show N` prints N of them.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bench import machine_info, write_results

RESULTS = Path(__file__).resolve().parent / "results" / "rewrites.json"
DRAFTS = 3
THREADS = 2

# Written for this bench: stock phrases over plain facts, as generated text tends to be.
TEXTS = (
    "In today's fast-paced world, it is important to note that clear writing plays a crucial "
    "role in fostering meaningful connections. Furthermore, leveraging robust strategies can "
    "help writers delve into a myriad of opportunities and unlock their full potential.",
    "It is important to note that clear writing plays a crucial role in fostering meaningful "
    "connections with your readers.",
    "Our team is committed to leveraging cutting-edge tools in order to enhance the reading "
    "experience for every customer.",
    "It is worth noting that the meeting on Friday will delve into a myriad of topics, "
    "including the budget and the new office.",
    "In today's fast-paced world, it is essential to utilize effective strategies in order to "
    "foster collaboration within your team.",
    "The new library will be open on Saturdays, and residents can delve into a myriad of books "
    "in order to foster a love of reading.",
    "At the end of the day, it is important to note that a good night's sleep plays a crucial "
    "role in maintaining your overall well-being.",
    "Furthermore, the report highlights the pivotal role that robust data governance plays in "
    "navigating the ever-evolving landscape of modern business.",
    "We are thrilled to announce that our innovative platform seamlessly empowers users to "
    "unlock their full potential.",
    "Additionally, it should be noted that the museum will be closed on Monday for maintenance.",
    "In conclusion, leveraging a holistic approach can help organizations foster a culture of "
    "continuous improvement.",
    "The garden project serves as a testament to the community's unwavering commitment to "
    "sustainability.",
)


MAX_SECONDS = 3.0
PER_TEXT = 2  # paragraphs taken from each real text


def _machine_findings(text: str) -> int:
    from app.core.analysis.families import MACHINE_KINDS
    from app.core.analysis.incremental import shared_style_checker

    kinds = frozenset(MACHINE_KINDS) - {"predictable", "fix", "rewrite", "voice"}
    return len(shared_style_checker().check_paragraph(text, kinds))


def _facts_kept(before: str, after: str) -> bool:
    """Numbers and names kept, none added: the training data's content check
    (training/humanizer/checks.py), which leaves out words inside machine findings and
    sentence-initial capitals ("Moreover" is no name)."""
    from training.humanizer.checks import content_lost

    return not any(r.startswith(("drops the number", "drops the name", "adds the number"))
                   for r in content_lost(before, after))


def paragraphs(limit: int = 0) -> dict[str, list[str]]:
    """Own machine paragraphs, the held-out pairs' machine sources, and the first paragraphs
    of the real machine and human texts; at most `limit` of each set (0: all)."""
    from bench.corpus import corpus_texts
    from training.humanizer.pairs import load_pairs, split

    held_out = [p.source for p in split(load_pairs())[1] if p.type == "humanize"]
    found: dict[str, list[str]] = {"own machine": list(TEXTS), "held-out pairs": held_out,
                                   "real machine": [], "real human": []}
    for t in corpus_texts():
        if t.writer:
            continue
        kept = [p for p in t.text.split("\n") if len(p.split()) >= 25
                and not p.lstrip().startswith(("#", "-", "*", ">"))][:PER_TEXT]
        found["real machine" if t.label == "machine" else "real human"] += kept
    if limit:
        found = {name: items[:limit] for name, items in found.items()}
    return found


def _apply(paragraph: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, text in sorted(edits, reverse=True):
        paragraph = paragraph[:start] + text + paragraph[end:]
    return paragraph


def _approach(name: str, paragraph: str, rewriter, fixer, scorer) -> dict:
    started = time.perf_counter()
    if name in ("baseline", "adapter rewrite"):
        result = rewriter.rewrite(paragraph, "Natural", candidates=DRAFTS,
                                  must_resolve=name == "adapter rewrite")
        edits = [(0, len(paragraph), result.texts[0])] if result.texts else []
    else:
        fixes = fixer.fix_paragraph(paragraph, extra=fixer_extra(rewriter, name)) or []
        edits = [(f.start, f.end, f.replacement) for f in fixes]
    seconds = time.perf_counter() - started
    after = _apply(paragraph, edits)
    return {"paragraph": paragraph, "after": after, "suggestions": len(edits),
            "seconds": round(seconds, 2), "findings_before": _machine_findings(paragraph),
            "findings_after": _machine_findings(after) if edits else None,
            "facts_kept": _facts_kept(paragraph, after),
            "surprisal_before": scorer.score(paragraph).mean,
            "surprisal_after": scorer.score(after).mean if edits else None}


def fixer_extra(rewriter, name: str):
    """The adapter's own wording of a sentence, competing with the rules' candidates: the
    app's own proposer (app/llm/reading.py)."""
    if name != "adapter" or rewriter is None:
        return None
    from app.llm.reading import adapter_wording

    return adapter_wording(rewriter.engine)


def _summary(rows: list[dict]) -> dict:
    n = len(rows) or 1
    offered = [r for r in rows if r["suggestions"]]
    fast = [r for r in offered if r["seconds"] <= MAX_SECONDS]
    before = sum(r["findings_before"] for r in offered)
    after = sum(r["findings_after"] for r in offered)
    change = [r["surprisal_after"] - r["surprisal_before"] for r in offered]
    return {
        "paragraphs": len(rows),
        "with_suggestion": round(len(offered) / n, 3),
        "within_3s": round(len(fast) / n, 3),
        "first_suggestion_s": round(statistics.median([r["seconds"] for r in offered]), 2)
        if offered else None,
        "findings_removed": round(1 - after / before, 3) if before else None,
        "facts_kept": round(sum(r["facts_kept"] for r in offered) / len(offered), 3)
        if offered else None,
        "surprisal_change": round(statistics.fmean(change), 3) if change else None,
    }


def run(profile: bool = False, show: int = 0, limit: int = 0) -> dict[str, object]:
    """`limit`: paragraphs per set (0: all), and no per-tone drafts: a quicker run."""
    del profile  # the time is spent in llama.cpp
    from app.core.analysis.incremental import shared_style_checker
    from app.core.prompts import TONES
    from app.llm.engine import Engine
    from app.llm.fixer import Fixer
    from app.llm.humanizer import attach_adapter
    from app.llm.model_store import ensure_bundled_model
    from app.llm.rewriter import Rewriter
    from app.llm.scorer import Scorer
    from bench.corpus import corpus_note

    engine = Engine()
    model = engine.load(ensure_bundled_model(), n_threads=THREADS)
    scorer = Scorer(engine)
    problem = attach_adapter(engine)
    plain, tuned = Rewriter(engine, use_adapter=False), Rewriter(engine)
    approaches = {"baseline": plain, "fixes": plain}
    if tuned.uses_adapter:
        approaches |= {"adapter": tuned, "adapter rewrite": tuned}
    fixer = Fixer(scorer, shared_style_checker())
    result: dict[str, object] = {"machine": machine_info(), "model": model.name,
                                 "adapter": problem or "humanize-lora.gguf", "sets": {},
                                 "tones": {}}
    print(f"rewrites with {model.name}; {corpus_note()}", flush=True)
    if problem:
        print(f"  without the adapter: {problem}", flush=True)
    started = time.perf_counter()
    try:
        for set_name, items in paragraphs(limit).items():
            for approach, rewriter in approaches.items():
                rows = [_approach(approach, p, rewriter, fixer, scorer) for p in items]
                summary = _summary(rows)
                result["sets"].setdefault(set_name, {})[approach] = {**summary, "rows": rows}
                print(f"  {set_name:14} {approach:15} {summary}", flush=True)
                for row in [r for r in rows if r["suggestions"]][:show]:
                    print(f"      - {row['paragraph'][:200]}\n      + {row['after'][:200]}")
        for tone in () if limit else TONES:
            passed = sum(len(plain.rewrite(t, tone, candidates=DRAFTS).texts) for t in TEXTS)
            result["tones"][tone] = {"drafts_passed": passed, "drafts": DRAFTS * len(TEXTS)}
            print(f"  baseline {tone:<10} {passed:>2}/{DRAFTS * len(TEXTS)} drafts pass",
                  flush=True)
    finally:
        scorer.close()
        engine.close()
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(f"results: {write_results(RESULTS, result)}")
    return result
