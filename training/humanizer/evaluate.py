"""Evaluate the rewriter adapter as the app will run it: llama-cpp-python, the bundled Q4_K_M
model, the f16 GGUF adapter, greedy decoding, the app's own checks on every output.

    .venv/bin/python training/humanizer/evaluate.py --adapter build/humanizer/humanize-lora.gguf

Runs in the app's environment (llama_cpp, Harper). Writes a JSON report (--out) with:
* load: the adapter loads with Llama(model_path=..., lora_path=...), how long it takes, and
  whether it changes the greedy output of a fixed prompt (it must); decoding speed with and
  without it on that prompt;
* tokens: llama.cpp's token ids for pairs the training tokenized (--tokens) agree with them;
* held_out: every held-out source rewritten: pass rate of the data checks (checks.py: no
  machine finding, numbers, names and negations kept, no new spelling or grammar problem),
  machine findings removed, names and numbers kept, keep pairs returned unchanged, and the
  share the app's quality gate (app/core/gate.py) would let through;
* corpus: when ../shared/corpus is there, the same on its machine paragraphs (those with a
  machine finding) and the share of its human paragraphs returned unchanged. Those texts are
  read at run time and only figures are written; no sentence of them is stored.
Sample outputs of the held-out pairs (our own texts) go to samples.jsonl beside the report.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

import llama_cpp  # noqa: E402

from app.core.analysis.lexicon import fold  # noqa: E402
from app.core.gate import judge  # noqa: E402
from app.llm.adapter_prompt import STOP, adapter_prompt  # noqa: E402
from app.llm.engine import BATCH  # noqa: E402
from app.llm.humanizer import draft_limit  # noqa: E402
from app.llm.model_store import ensure_bundled_model  # noqa: E402
from app.llm.runtime import import_llama, model_loading  # noqa: E402
from training.humanizer import checks  # noqa: E402
from training.humanizer.pairs import Pair, load_pairs, split  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
# Written for this check; deliberately full of stock phrases.
FIXED_PROMPT = ("In today's fast-paced world, our dedicated team leverages cutting-edge tools to "
                "deliver seamless support. Moreover, every ticket is answered within 24 hours.")
MIN_WORDS = 20


class Rewriter:
    """Greedy rewrites through the adapter's prompt, tokenized as the engine will."""

    def __init__(self, model: Path, adapter: Path | None, threads: int) -> None:
        started = time.time()
        # As the engine loads it: its batch size and its guard against the AMX crash (a plain
        # Llama with the default batch segfaults on some Sapphire Rapids CPUs).
        with model_loading(*import_llama()):
            self.llm = llama_cpp.Llama(model_path=str(model), lora_path=str(adapter) if adapter
                                       else None, n_ctx=2048, n_batch=BATCH, n_ubatch=BATCH,
                                       n_threads=threads, seed=0, verbose=False)
        self.load_seconds = time.time() - started
        self.stop = self.llm.tokenize(STOP.encode(), add_bos=False, special=True)
        assert len(self.stop) == 1, "the stop marker must be one token"
        self.rewrite("A first paragraph to warm the model up.", "Natural")  # pages in, repacks

    def prompt_tokens(self, source: str, tone: str) -> list[int]:
        ids = [self.llm.token_bos()]
        for index, segment in enumerate(adapter_prompt(source, tone)):
            ids += self.llm.tokenize(segment.encode(), add_bos=False, special=index % 2 == 0)
        return ids

    def rewrite(self, source: str, tone: str) -> tuple[str, int, float]:
        """The rewrite, the number of tokens generated and the seconds it took."""
        prompt = self.prompt_tokens(source, tone)
        limit = draft_limit(len(prompt))  # as the app allows a draft
        started, out = time.time(), []
        for token in self.llm.generate(prompt, temp=0.0, top_k=1, repeat_penalty=1.0):
            if token in self.stop or token == self.llm.token_eos() or len(out) >= limit:
                break
            out.append(token)
        text = self.llm.detokenize(out).decode("utf-8", "replace").strip()
        return text, len(out), time.time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adapter", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--tokens", type=Path, help="token ids the training used (tokens.json)")
    parser.add_argument("--limit", type=int, default=0, help="first N held-out pairs only")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--corpus-limit", type=int, default=40,
                        help="machine and human paragraphs of the corpus to rewrite (each)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    model = ensure_bundled_model()
    base = Rewriter(model, None, args.threads)
    tuned = Rewriter(model, args.adapter, args.threads)
    report: dict = {"load": load_check(base, tuned)}
    print(f"load: {report['load']}", flush=True)
    del base
    if args.tokens and args.tokens.is_file():
        report["tokens"] = token_check(tuned, json.loads(args.tokens.read_text()))
        print(f"tokens: {report['tokens']}", flush=True)

    correctness, why_not = checks.correctness_checker()
    report["correctness"] = why_not or "checked with the app's correctness checker"
    _, held_out = split(load_pairs())
    if args.limit:
        held_out = held_out[: args.limit]
    rows = []
    with (args.out.parent / "samples.jsonl").open("w", encoding="utf-8") as samples:
        for pair in held_out:
            output, tokens, seconds = tuned.rewrite(pair.source, pair.tone)
            rows.append(score(pair, output, correctness) | {"tokens": tokens,
                                                           "seconds": seconds})
            samples.write(json.dumps({"id": pair.id, "type": pair.type, "tone": pair.tone,
                                      "output": output, "problems": rows[-1]["problems"]},
                                     ensure_ascii=False) + "\n")
            print(f"{pair.id} {pair.type}: {'pass' if rows[-1]['pass'] else 'fail'} "
                  f"{rows[-1]['problems'][:2]}", flush=True)
    report["held_out"] = summarise(rows)
    if (args.corpus / "labels.tsv").is_file() and args.corpus_limit:
        report["corpus"] = corpus_check(tuned, args.corpus, args.corpus_limit, correctness)
    else:
        report["corpus"] = f"not found at {args.corpus}"
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps({k: v for k, v in report.items() if k != "tokens"}, indent=2))
    return 0


def load_check(base: Rewriter, tuned: Rewriter) -> dict:
    """The adapter changes the greedy output of a fixed prompt; speeds are the best of three
    (the machine is shared)."""
    plain = [base.rewrite(FIXED_PROMPT, "Natural") for _ in range(3)]
    adapted = [tuned.rewrite(FIXED_PROMPT, "Natural") for _ in range(3)]
    return {"adapter_load_seconds": round(tuned.load_seconds - base.load_seconds, 2),
            "changes_fixed_output": plain[0][0] != adapted[0][0],
            "deterministic": len({p[0] for p in plain}) == len({a[0] for a in adapted}) == 1,
            "tokens_per_second_base": max(round(n / s, 1) for _, n, s in plain),
            "tokens_per_second_adapter": max(round(n / s, 1) for _, n, s in adapted)}


def token_check(rewriter: Rewriter, trained: dict[str, list[int]]) -> dict:
    """llama.cpp's ids for the prompt + target + stop of pairs, against the training's."""
    pairs = {p.id: p for p in load_pairs()}
    differ = []
    for pair_id, ids in trained.items():
        pair = pairs[pair_id]
        mine = rewriter.prompt_tokens(pair.source, pair.tone)
        mine += rewriter.llm.tokenize(pair.target.strip().encode(), add_bos=False, special=False)
        mine += rewriter.stop
        if mine != ids:
            differ.append(pair_id)
    return {"compared": len(trained), "differ": differ}


def score(pair: Pair, output: str, correctness) -> dict:
    """The data checks on the output as if it were the pair's target, and the figures."""
    as_target = Pair(pair.id, pair.topic, pair.register, pair.tone, pair.type, pair.patterns,
                     pair.source, output, pair.where)
    problems = checks.problems(as_target, correctness) if output else ["empty output"]
    before = _machine(pair.source)
    after = _machine(output)
    lost = checks.content_lost(pair.source, output) if output else ["empty"]
    return {
        "type": pair.type, "pass": not problems, "problems": problems,
        "findings_before": sum(before.values()),
        "findings_removed": sum((before - after).values()),
        "findings_after": sum(after.values()),
        "facts_kept": not any(r.startswith(("drops the number", "drops the name",
                                            "adds the number")) for r in lost),
        "negations_kept": "loses a negation" not in lost,
        "unchanged": output.strip() == pair.source.strip(),
        "gate_pass": pair.type == "humanize" and judge(pair.source, output, pair.tone).ok,
    }


def _machine(text: str) -> Counter:
    return Counter((f.kind, fold(f.original)) for f in checks.machine_findings(text))


def summarise(rows: list[dict]) -> dict:
    humanize = [r for r in rows if r["type"] == "humanize"]
    keep = [r for r in rows if r["type"] == "keep"]

    def share(items: list[dict], key: str) -> float:
        return round(sum(bool(r[key]) for r in items) / max(len(items), 1), 3)

    before = sum(r["findings_before"] for r in humanize)
    generated = sum(r["tokens"] for r in rows)
    return {
        "humanize_pairs": len(humanize),
        "humanize_pass_rate": share(humanize, "pass"),
        "machine_findings_before": before,
        "machine_findings_removed": round(
            sum(r["findings_removed"] for r in humanize) / max(before, 1), 3),
        "outputs_without_machine_finding": round(
            sum(r["findings_after"] == 0 for r in humanize) / max(len(humanize), 1), 3),
        "names_and_numbers_kept": share(humanize, "facts_kept"),
        "negations_kept": share(humanize, "negations_kept"),
        "gate_pass_rate": share(humanize, "gate_pass"),
        "keep_pairs": len(keep),
        "keep_unchanged": sum(r["unchanged"] for r in keep),
        "keep_pass": sum(r["pass"] for r in keep),
        "failure_reasons": Counter(p.split(":")[0].split(" “")[0] for r in rows
                                   for p in r["problems"]).most_common(8),
        "seconds_per_rewrite": round(sum(r["seconds"] for r in rows) / max(len(rows), 1), 2),
        "tokens_per_second": round(generated / max(sum(r["seconds"] for r in rows), 1e-9), 1),
    }


def corpus_check(rewriter: Rewriter, corpus: Path, limit: int, correctness) -> dict:
    machine, human = [], []
    for line in (corpus / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        path, label = line.split("\t")[:2]
        for paragraph in (corpus / path).read_text(encoding="utf-8").split("\n\n"):
            paragraph = paragraph.strip()
            if len(paragraph.split()) < MIN_WORDS or paragraph.startswith("#"):
                continue
            if label == "machine" and checks.machine_findings(paragraph):
                machine.append(paragraph)
            elif label == "human":
                human.append(paragraph)
    rows = []
    for paragraph in machine[:limit]:
        output, tokens, seconds = rewriter.rewrite(paragraph, "Natural")
        pair = Pair("corpus", "corpus", "corpus", "Natural", "humanize", (), paragraph, output,
                    "corpus")
        rows.append(score(pair, output, correctness) | {"tokens": tokens, "seconds": seconds})
    kept = 0
    for paragraph in human[:limit]:
        output, _, _ = rewriter.rewrite(paragraph, "Natural")
        kept += checks.edit_count(paragraph, output) <= checks.KEEP_MAX_EDITS
    result = summarise(rows)
    return {"machine_paragraphs": len(rows),
            "machine_pass_rate": result["humanize_pass_rate"],
            "machine_findings_removed": result["machine_findings_removed"],
            "names_and_numbers_kept": result["names_and_numbers_kept"],
            "gate_pass_rate": result["gate_pass_rate"],
            "seconds_per_rewrite": result["seconds_per_rewrite"],
            "human_paragraphs": min(limit, len(human)),
            "human_left_alone": kept}


if __name__ == "__main__":
    sys.exit(main())
