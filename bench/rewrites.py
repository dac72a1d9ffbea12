"""Rewrite yield: how often the built-in model's drafts pass the quality gate, per tone.

`python -m bench rewrites` asks Gemma 3 270M (two threads) for three drafts of each of twelve
machine-sounding texts in every tone, as the app does (seeds 0-2, so a run repeats itself on
the same build), and reports per tone: drafts that pass the gate, texts that get at least one
rewrite, and the AI tells (rule checker) in those texts before and after the best rewrite; the
ratio is tells left / tells before. This is what the prompt examples (app/core/prompts.py) and
the gate (app/core/gate.py) were tuned on; it measures yield, not speed.
"""

from __future__ import annotations

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


def _tells(text: str) -> int:
    from app.cli import rule_suggestions

    return sum(1 for s in rule_suggestions(text) if s["kind"] == "ai_tell")


def run(profile: bool = False) -> dict[str, object]:
    del profile  # the time is spent in llama.cpp
    from app.core.prompts import TONES
    from app.llm.engine import Engine
    from app.llm.model_store import ensure_bundled_model
    from app.llm.rewriter import Rewriter

    engine = Engine()
    model = engine.load(ensure_bundled_model(), n_threads=THREADS)
    rewriter = Rewriter(engine)
    result: dict[str, object] = {"machine": machine_info(), "model": model.name,
                                 "texts": len(TEXTS), "drafts": DRAFTS, "tones": {}}
    started = time.perf_counter()
    try:
        for tone in TONES:
            passed = covered = before = after = 0
            for text in TEXTS:
                rewrites = rewriter.rewrite(text, tone, candidates=DRAFTS)
                passed += len(rewrites.texts)
                if rewrites.texts:
                    covered += 1
                    before += _tells(text)
                    after += _tells(rewrites.texts[0])
            ratio = round(after / before, 2) if before else None
            result["tones"][tone] = {"drafts_passed": passed, "texts_rewritten": covered,
                                     "tells_before": before, "tells_after": after,
                                     "tells_ratio": ratio}  # fmt: skip
            print(f"rewrites {tone:<10} {passed:>2}/{DRAFTS * len(TEXTS)} drafts pass, "
                  f"{covered:>2}/{len(TEXTS)} texts get one; AI tells in those {before} -> "
                  f"{after} (ratio {ratio})", flush=True)  # fmt: skip
    finally:
        engine.close()
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(f"results: {write_results(RESULTS, result)}")
    return result
