"""Rule suggestions on real and own texts: how often each family and kind fires on human
writing and on machine writing, per goal, the way `check --json --no-llm` reports them.

The last line adds spelling and grammar (Harper, US dictionary), which every goal shows and
`check` includes by default: real human texts have real typos, machine texts have none.
The baseline measured in the same run is the Edit goal, which shows what Humanize flagged
before goals existed (the editing rules). What a humanizer must get right: in the Humanize
goal, human texts get at most a third of the machine texts' suggestions per 1,000 words, and
at most a sixth of their machine-family ones. The rules-only human-ness gauge is scored too
(AUC of human over machine). Machine-family flags on human texts are printed for reading:
each is a false alarm on a person's writing unless the person really wrote like a machine.
Writes bench/results/rules.json.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench import machine_info, write_results
from bench.corpus import Text, by_label, corpus_note, corpus_texts, own_samples

RESULTS = Path(__file__).resolve().parent / "results" / "rules.json"


def measure(texts: list[Text], goal: str, spelling: str | None = None) -> dict:
    """Flags per 1,000 words by family and kind, for the human and the machine texts
    (`spelling`: a dialect to add spelling and grammar, as `check` does by default)."""
    from app.cli import rule_suggestions
    from app.core.document import words

    out: dict = {}
    for label, group in by_label(texts):
        n_words = sum(len(words(t.text)) for t in group) or 1
        kinds, families = Counter(), Counter()
        for t in group:
            for s in rule_suggestions(t.text, goal=goal, spelling=spelling):
                kinds[s["kind"]] += 1
                families[s["family"]] += 1
        out[label] = {
            "texts": len(group), "words": n_words,
            "all": 1000 * sum(kinds.values()) / n_words,
            "families": {f: 1000 * n / n_words for f, n in families.items()},
            "kinds": {k: 1000 * n / n_words for k, n in kinds.items()},
        }
    return out


def auc(human: list[float], machine: list[float]) -> float:
    """Probability that a human text scores above a machine text (ties count half)."""
    if not human or not machine:
        return float("nan")
    wins = sum((h > m) + 0.5 * (h == m) for h in human for m in machine)
    return wins / (len(human) * len(machine))


def humanness_scores(texts: list[Text]) -> dict[str, list[float]]:
    from app.core.analysis.incremental import analyze_text

    scores: dict[str, list[float]] = {"human": [], "machine": []}
    for t in texts:
        scores[t.label].append(analyze_text(t.text).humanness.score)
    return scores


def false_alarms(texts: list[Text], limit: int = 40) -> list[tuple[str, str, str]]:
    from app.cli import rule_suggestions

    found = []
    for t in texts:
        if t.label != "human":
            continue
        for s in rule_suggestions(t.text, goal="humanize"):
            if s["family"] == "machine":
                found.append((t.name, s["kind"], s["original"][:70]))
    return found[:limit]


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "n/a"


def report(name: str, texts: list[Text]) -> dict:
    if not texts:
        return {}
    result: dict = {"goals": {}}
    print(f"\n== {name}: {sum(t.label == 'human' for t in texts)} human, "
          f"{sum(t.label == 'machine' for t in texts)} machine texts")
    for goal in ("humanize", "edit", "all", "humanize+spelling"):
        m = measure(texts, goal.split("+")[0], "us" if "+" in goal else None)
        result["goals"][goal] = m
        h, x = m["human"], m["machine"]
        hm, xm = h["families"].get("machine", 0.0), x["families"].get("machine", 0.0)
        print(f"  goal {goal:17}  all per 1,000 words: human {h['all']:5.1f}  machine "
              f"{x['all']:5.1f}  (human/machine {_ratio(h['all'], x['all'])})   machine "
              f"family: human {hm:5.2f}  machine {xm:5.2f}  ({_ratio(hm, xm)})")
    kinds = result["goals"]["humanize"]
    print("  Humanize goal, per kind (per 1,000 words; share = machine / (human + machine)):")
    every = sorted(set(kinds["human"]["kinds"]) | set(kinds["machine"]["kinds"]))
    for kind in every:
        h, x = kinds["human"]["kinds"].get(kind, 0.0), kinds["machine"]["kinds"].get(kind, 0.0)
        print(f"    {kind:22} human {h:5.2f}  machine {x:5.2f}  share {x / (h + x):4.0%}")
    structural = {"significance", "puffery", "formulaic", "chatbot", "copula_avoidance",
                  "negative_parallelism", "rule_of_three", "trailing_analysis",
                  "vague_attribution", "em_dash", "heading_case", "bold_lead_in",
                  "synonym_cycling", "monotony"}
    firing = sorted(k for k in kinds["machine"]["kinds"] if k in structural)
    result["structural_kinds_on_machine"] = firing
    print(f"  structural pattern kinds firing on machine texts: {len(firing)} "
          f"({', '.join(firing)})")
    scores = humanness_scores(texts)
    easy = [t for t in texts if not t.hard]
    easy_scores = humanness_scores(easy)
    result["humanness_auc"] = auc(scores["human"], scores["machine"])
    result["humanness_auc_without_hard"] = auc(easy_scores["human"], easy_scores["machine"])
    print(f"  human-ness (rules only) AUC human over machine: {result['humanness_auc']:.3f} "
          f"(without the hard cases {result['humanness_auc_without_hard']:.3f}); human "
          f"min {min(scores['human'], default=0)}, machine max "
          f"{max(scores['machine'], default=0)}")
    alarms = false_alarms(texts)
    result["machine_flags_on_human"] = alarms
    print(f"  machine-family flags on human texts (first {len(alarms)}):")
    for name_, kind, original in alarms:
        print(f"    {name_[:28]:28} {kind:20} “{original}”")
    return result


def run(profile: bool = False) -> dict:
    del profile  # nothing here is timed
    print("Rule suggestions per 1,000 words, human vs machine texts; " + corpus_note())
    corpus = corpus_texts()
    result = {
        "machine": machine_info(),
        "own_samples": report("own samples (tests/data)", own_samples()),
        "corpus": report("real texts (../shared/corpus, voices as human)", corpus),
        "corpus_without_voices": report(
            "real texts without the writers' voices", [t for t in corpus if not t.writer]),
    }
    print(f"\nwrote {write_results(RESULTS, result)}")
    return result
