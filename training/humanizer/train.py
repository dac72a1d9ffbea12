"""Train Humanize's rewriter: a LoRA adapter for the built-in Gemma 3 270M (Q4_K_M).

    make train-humanizer                        # the whole pipeline, from a clean clone
    .venv-train/bin/python training/humanizer/train.py [--epochs 3] [--tiny] [--measure 8]

Runs in .venv-train (the `train` extra: torch CPU build, transformers, peft, gguf); the steps
that need the app's own checks and llama.cpp run in the app's .venv (--app-python):
1. the bundled GGUF (app.llm.model_store.ensure_bundled_model) is loaded into transformers,
   dequantised to float32, and saved as an HF folder (build/humanizer/hf-base) for the converter;
2. the pairs (training/humanizer/data, split by topic in pairs.py) are tokenized exactly as the
   engine will prompt the adapter (app/llm/adapter_prompt.py, segment by segment);
3. a peft LoRA on the attention and MLP projections is trained on the target tokens only: the
   model computes hidden states, and the 262k-word output layer runs only where there is a
   label, which is most of the saving on a CPU. bf16 autocast, seeds fixed, batches by length;
4. the held-out loss is measured before training and after every epoch;
5. llama.cpp's convert_lora_to_gguf.py (from the llama-cpp-python sdist of the runtime's own
   version, downloaded, never built) writes the adapter as an f16 GGUF;
6. evaluate.py loads it with the bundled model in llama-cpp-python, checks it changes a fixed
   greedy output, and rewrites the held-out sources (and, when present, paragraphs of
   ../shared/corpus) through the app's checks;
7. the adapter goes to app/resources/models/humanize-lora.gguf with its model card beside it.

Everything bulky stays in build/humanizer (gitignored). A rerun with the same data, settings
and seed compares its adapter with the previous one and reports the largest difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import math
import random
import shutil
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app.llm.adapter_prompt import STOP, adapter_prompt  # noqa: E402
from training.humanizer.pairs import Pair, load_pairs, split  # noqa: E402

BUILD = REPO / "build" / "humanizer"
SHIPPED = REPO / "app" / "resources" / "models" / "humanize-lora.gguf"
APP_PYTHON = REPO / ".venv" / "bin" / "python"
TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
MAX_ADAPTER_BYTES = 20_000_000
BASE_MODEL_ID = "google/gemma-3-270m"  # what the bundled Q4_K_M file was converted from
ADAPTER_NAME = "Humanize Rewriter"
IGNORE = -100


@dataclass(frozen=True)
class Settings:
    epochs: int = 3
    learning_rate: float = 3e-4
    warmup_steps: int = 20
    rank: int = 16
    alpha: int = 32
    dropout: float = 0.05
    max_tokens: int = 512  # longer pairs (prompt + target) are left out
    batch_tokens: int = 1536  # padded tokens per batch
    seed: int = 20261202
    threads: int = 2
    bf16: bool = True
    limit: int = 0  # train on the first N training pairs only (0: all); for a quick try

    def fingerprint(self, data: str) -> str:
        text = json.dumps(dataclasses.asdict(self), sort_keys=True) + data
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Example:
    pair_id: str
    ids: tuple[int, ...]
    prompt_length: int  # labels start here: the target and the stop token


def main() -> int:
    args = _arguments()
    settings = Settings(epochs=args.epochs, learning_rate=args.lr, limit=args.limit,
                        max_tokens=args.max_tokens, threads=args.threads, bf16=not args.fp32)
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(settings.threads)
    started = time.time()

    model_path = _app(args.app_python, "from app.llm.model_store import ensure_bundled_model; "
                      "print(ensure_bundled_model())")
    runtime = _app(args.app_python, "import importlib.metadata as m; "
                   "print(m.version('llama-cpp-python'))")
    base = BUILD / "hf-base"  # shared by every run: it depends on the GGUF alone
    _save_hf_base(Path(model_path), base)

    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base)
    pairs = load_pairs()
    train_pairs, held_pairs = split(pairs)
    if settings.limit:
        train_pairs = train_pairs[: settings.limit]
        held_pairs = held_pairs[: max(4, settings.limit // 4)]
    train_set, too_long = _encode_all(tokenizer, train_pairs, settings.max_tokens)
    held_set, _ = _encode_all(tokenizer, held_pairs, settings.max_tokens)
    _write_tokens(out / "tokens.json", tokenizer, held_pairs[:40] + train_pairs[:40])
    lengths = sorted(len(e.ids) for e in train_set)
    print(f"{len(train_set)} training pairs ({too_long} over {settings.max_tokens} tokens left "
          f"out), {len(held_set)} held out; tokens per pair: median {lengths[len(lengths) // 2]}"
          f", max {lengths[-1]}", flush=True)

    data_hash = hashlib.sha256("".join(
        json.dumps(dataclasses.asdict(p), sort_keys=True) for p in train_pairs).encode()
    ).hexdigest()
    model = _lora_model(base, settings)
    if args.measure:
        _measure(model, train_set, settings, args.measure)
        return 0

    log_path = out / "train-log.jsonl"
    curve = _train(model, train_set, held_set, settings, log_path)
    adapter_dir = out / "adapter"
    previous = _previous_adapter(adapter_dir, settings.fingerprint(data_hash))
    model.save_pretrained(adapter_dir)
    _describe(adapter_dir)
    (adapter_dir / "fingerprint").write_text(settings.fingerprint(data_hash))
    reproduced = _compare(previous, adapter_dir) if previous else None
    train_seconds = time.time() - started
    if not args.evaluate:
        print(f"adapter saved in {adapter_dir} (--no-eval: not converted or evaluated)")
        return 0

    gguf_path = out / "humanize-lora.gguf"
    converter = _converter(BUILD, runtime, args.app_python)
    subprocess.run([sys.executable, str(converter), "--base", str(base), "--outtype", "f16",
                    "--outfile", str(gguf_path), str(adapter_dir)], check=True)
    size = gguf_path.stat().st_size
    if size > MAX_ADAPTER_BYTES:
        raise SystemExit(f"the adapter is {size:,} bytes, over the {MAX_ADAPTER_BYTES:,} limit")

    eval_path = out / "eval.json"
    command = [str(args.app_python), str(REPO / "training" / "humanizer" / "evaluate.py"),
               "--adapter", str(gguf_path), "--tokens", str(out / "tokens.json"),
               "--out", str(eval_path)]
    if settings.limit:
        command += ["--limit", str(len(held_pairs)), "--corpus-limit", "2"]
    else:
        command += ["--limit", str(args.eval_limit), "--corpus-limit", str(args.corpus_limit)]
    subprocess.run(command, check=True)
    evaluation = json.loads(eval_path.read_text())

    summary = {
        "settings": dataclasses.asdict(settings), "curve": curve, "too_long": too_long,
        "train_pairs": len(train_set), "held_out_pairs": len(held_set),
        "data_pairs": len(pairs),
        "topics": len({p.topic for p in pairs}),
        "held_out_topics": len({p.topic for p in held_pairs}),
        "median_tokens": lengths[len(lengths) // 2], "max_tokens_seen": lengths[-1],
        "train_seconds": round(train_seconds), "adapter_bytes": size,
        "trainable_parameters": sum(p.numel() for p in model.parameters() if p.requires_grad),
        "reproduced": reproduced, "versions": _versions(runtime),
        "evaluation": evaluation, "data_sha256": data_hash,
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2))
    from training.humanizer.model_card import model_card

    card = model_card(summary)
    if args.ship:
        shutil.copyfile(gguf_path, SHIPPED)
        SHIPPED.with_suffix(".md").write_text(card, encoding="utf-8")
        print(f"wrote {SHIPPED.relative_to(REPO)} ({size:,} bytes) and its model card")
    else:
        (out / "humanize-lora.md").write_text(card, encoding="utf-8")
        print(f"not shipped (--no-ship): {gguf_path} and {out / 'humanize-lora.md'}")
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=Settings.epochs)
    parser.add_argument("--lr", type=float, default=Settings.learning_rate)
    parser.add_argument("--max-tokens", type=int, default=Settings.max_tokens)
    parser.add_argument("--threads", type=int, default=Settings.threads)
    parser.add_argument("--fp32", action="store_true", help="no bf16 autocast")
    parser.add_argument("--limit", type=int, default=0, help="first N training pairs only")
    parser.add_argument("--tiny", action="store_true",
                        help="a quick end-to-end try: 16 pairs, one epoch, not shipped")
    parser.add_argument("--measure", type=int, default=0, metavar="STEPS",
                        help="time this many training steps and stop")
    parser.add_argument("--no-ship", dest="ship", action="store_false",
                        help="leave the adapter in build/humanizer")
    parser.add_argument("--no-eval", dest="evaluate", action="store_false",
                        help="stop once the adapter is saved (and compared with the last run)")
    parser.add_argument("--eval-limit", type=int, default=0, metavar="N",
                        help="evaluate on the first N held-out pairs only (0: all)")
    parser.add_argument("--corpus-limit", type=int, default=40, metavar="N",
                        help="machine and human corpus paragraphs to evaluate on, N of each")
    parser.add_argument("--app-python", type=Path, default=APP_PYTHON)
    parser.add_argument("--out", type=Path, default=BUILD)
    args = parser.parse_args()
    if args.tiny:
        args.limit, args.epochs, args.ship = args.limit or 16, 1, False
        if args.out == BUILD:
            args.out = BUILD / "tiny"
    return args


def _app(python: Path, code: str) -> str:
    """Run a line of Python in the app's environment (it has the app's dependencies)."""
    done = subprocess.run([str(python), "-c", code], cwd=REPO, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def _save_hf_base(gguf: Path, folder: Path) -> None:
    """The bundled GGUF as an HF folder (float32): what training starts from and what the
    converter needs as --base. Made once; a stamp names the GGUF it came from."""
    stamp = f"{gguf.name} {gguf.stat().st_size}"
    if (folder / "stamp").is_file() and (folder / "stamp").read_text() == stamp:
        return
    from transformers import AutoModelForCausalLM, AutoTokenizer

    print(f"loading {gguf.name} into transformers (dequantised to float32)", flush=True)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name,
                                                 dtype=torch.float32)
    # The GGUF quantizer marker makes save_pretrained refuse; the weights are plain floats now.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    (folder / "stamp").write_text(stamp)


def encode(tokenizer, pair: Pair) -> Example:
    """The token ids the adapter sees for one pair: BOS, the prompt's segments (template with
    special tokens, the writer's text without), then the target and the stop token."""
    ids = [tokenizer.bos_token_id]
    for index, segment in enumerate(adapter_prompt(pair.source, pair.tone)):
        ids += _tokens(tokenizer, segment, writer=index % 2 == 1)
    prompt_length = len(ids)
    ids += _tokens(tokenizer, pair.target.strip(), writer=True)
    ids.append(tokenizer.convert_tokens_to_ids(STOP))
    return Example(pair.id, tuple(ids), prompt_length)


def _tokens(tokenizer, text: str, writer: bool) -> list[int]:
    return tokenizer(text, add_special_tokens=False, split_special_tokens=writer).input_ids


def _encode_all(tokenizer, pairs: list[Pair], limit: int) -> tuple[list[Example], int]:
    examples = [encode(tokenizer, p) for p in pairs]
    kept = [e for e in examples if len(e.ids) <= limit]
    return kept, len(examples) - len(kept)


def _write_tokens(path: Path, tokenizer, pairs: list[Pair]) -> None:
    """Token ids of some pairs, for evaluate.py to compare with llama.cpp's tokenizer."""
    path.write_text(json.dumps({p.id: list(encode(tokenizer, p).ids) for p in pairs}))


def _lora_model(base: Path, settings: Settings):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    _seed(settings.seed)
    # Eager attention: a little faster than sdpa on two cores with bf16, and deterministic.
    model = AutoModelForCausalLM.from_pretrained(base, dtype=torch.float32,
                                                 attn_implementation="eager")
    config = LoraConfig(r=settings.rank, lora_alpha=settings.alpha,
                        lora_dropout=settings.dropout, target_modules=list(TARGET_MODULES),
                        bias="none", task_type="CAUSAL_LM")
    model = get_peft_model(model, config)
    model.print_trainable_parameters()
    return model


def _seed(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def _batches(examples: list[Example], batch_tokens: int, rng: random.Random
             ) -> list[list[Example]]:
    """Examples of similar length together (little padding), the batches in random order."""
    ordered = sorted(examples, key=lambda e: (len(e.ids), e.pair_id))
    batches: list[list[Example]] = []
    current: list[Example] = []
    for example in ordered:
        if current and len(example.ids) * (len(current) + 1) > batch_tokens:
            batches.append(current)
            current = []
        current.append(example)
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def _tensors(batch: list[Example]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(e.ids) for e in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    for row, example in enumerate(batch):
        n = len(example.ids)
        ids[row, :n] = torch.tensor(example.ids)
        mask[row, :n] = 1
        labels[row, example.prompt_length : n] = ids[row, example.prompt_length : n]
    return ids, mask, labels


def _loss(model, batch: list[Example], bf16: bool) -> tuple[torch.Tensor, int]:
    """Mean cross-entropy over the target tokens, and their number. The output layer (262k
    words) runs only on the positions that predict a target token."""
    ids, mask, labels = _tensors(batch)
    causal = model.get_base_model()
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
        hidden = causal.model(input_ids=ids, attention_mask=mask).last_hidden_state
        wanted = labels[:, 1:] != IGNORE
        logits = causal.lm_head(hidden[:, :-1][wanted])
    cap = getattr(causal.config, "final_logit_softcapping", None)
    logits = logits.float()
    if cap:
        logits = torch.tanh(logits / cap) * cap
    targets = labels[:, 1:][wanted]
    return F.cross_entropy(logits, targets), int(targets.numel())


def _held_out_loss(model, examples: list[Example], settings: Settings) -> float:
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for batch in _batches(examples, settings.batch_tokens, random.Random(0)):
            loss, n = _loss(model, batch, settings.bf16)
            total, count = total + float(loss) * n, count + n
    model.train()
    return total / max(count, 1)


def _train(model, train_set: list[Example], held_set: list[Example], settings: Settings,
           log_path: Path) -> list[dict]:
    rng = random.Random(settings.seed)
    epochs = [_batches(train_set, settings.batch_tokens, rng) for _ in range(settings.epochs)]
    total_steps = sum(len(b) for b in epochs)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=settings.learning_rate, weight_decay=0.0)

    def rate(step: int) -> float:  # linear warm-up, then cosine down to a tenth
        if step < settings.warmup_steps:
            return (step + 1) / settings.warmup_steps
        progress = (step - settings.warmup_steps) / max(1, total_steps - settings.warmup_steps)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    curve = [{"epoch": 0, "step": 0, "held_out_loss": round(_held_out_loss(
        model, held_set, settings), 4)}]
    print(f"held-out loss before training: {curve[0]['held_out_loss']}", flush=True)
    model.train()
    step, started = 0, time.time()
    with log_path.open("w") as log:
        for epoch, batches in enumerate(epochs, 1):
            epoch_loss, epoch_tokens, window = 0.0, 0, []
            for batch in batches:
                loss, n = _loss(model, batch, settings.bf16)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(params, 1.0)
                optimizer.step()
                schedule.step()
                step += 1
                value = float(loss.detach())
                epoch_loss, epoch_tokens = epoch_loss + value * n, epoch_tokens + n
                window.append(value)
                log.write(json.dumps({"step": step, "epoch": epoch, "loss": round(value, 4),
                                      "tokens": n, "lr": schedule.get_last_lr()[0],
                                      "seconds": round(time.time() - started, 1)}) + "\n")
                log.flush()
                if step % 25 == 0 or step == total_steps:
                    spent = time.time() - started
                    print(f"step {step}/{total_steps} epoch {epoch} loss "
                          f"{sum(window) / len(window):.3f} ({spent / step:.1f} s/step, "
                          f"{spent * (total_steps - step) / step / 60:.0f} min left)", flush=True)
                    curve.append({"epoch": epoch, "step": step,
                                  "train_loss": round(sum(window) / len(window), 4)})
                    window = []
            held = _held_out_loss(model, held_set, settings)
            curve.append({"epoch": epoch, "step": step,
                          "epoch_train_loss": round(epoch_loss / max(epoch_tokens, 1), 4),
                          "held_out_loss": round(held, 4),
                          "minutes": round((time.time() - started) / 60, 1)})
            print(f"epoch {epoch}: train loss {epoch_loss / max(epoch_tokens, 1):.3f}, "
                  f"held-out loss {held:.3f}", flush=True)
    return curve


def _measure(model, train_set: list[Example], settings: Settings, steps: int) -> None:
    """Seconds per training step on real batches (the first is a warm-up)."""
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-5)
    batches = _batches(train_set, settings.batch_tokens, random.Random(settings.seed))
    for i, batch in enumerate(batches[: steps + 1]):
        started = time.time()
        loss, n = _loss(model, batch, settings.bf16)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        tokens = sum(len(e.ids) for e in batch)
        print(f"step {i}: {len(batch)} pairs, {tokens} tokens ({n} target), "
              f"{time.time() - started:.2f} s", flush=True)
    per_epoch = len(batches)
    print(f"{per_epoch} steps per epoch at batch_tokens={settings.batch_tokens}")


def _describe(adapter_dir: Path) -> None:
    """Name the base model and the adapter for the converter, which copies them into the GGUF
    (without this it names the build folder)."""
    config_path = adapter_dir / "adapter_config.json"
    config = json.loads(config_path.read_text())
    config["base_model_name_or_path"] = BASE_MODEL_ID
    config_path.write_text(json.dumps(config, indent=2))
    (adapter_dir / "README.md").write_text(
        f"---\nbase_model: {BASE_MODEL_ID}\nlicense: gemma\nmodel_name: {ADAPTER_NAME}\n---\n"
        "Humanize's rewriter adapter; see app/resources/models/humanize-lora.md.\n")


def _previous_adapter(folder: Path, fingerprint: str) -> dict[str, torch.Tensor] | None:
    """The adapter of the previous run, when it had the same data, settings and seed."""
    stamp, weights = folder / "fingerprint", folder / "adapter_model.safetensors"
    if not (stamp.is_file() and weights.is_file() and stamp.read_text() == fingerprint):
        return None
    from safetensors.torch import load_file

    return load_file(weights)


def _compare(previous: dict[str, torch.Tensor], folder: Path) -> dict[str, float]:
    from safetensors.torch import load_file

    now = load_file(folder / "adapter_model.safetensors")
    diff = max(float((now[k] - previous[k]).abs().max()) for k in now)
    scale = max(float(t.abs().max()) for t in now.values())
    print(f"same data, settings and seed as the previous run: largest weight difference "
          f"{diff:.2e} (largest weight {scale:.2e})")
    return {"max_abs_difference": diff, "max_abs_weight": scale}


def _converter(out: Path, version: str, app_python: Path) -> Path:
    """llama.cpp's convert_lora_to_gguf.py from the llama-cpp-python sdist of the runtime's
    version (downloaded with pip, never built), with the gguf-py and conversion code it uses."""
    folder = out / f"llama.cpp-{version}"
    script = folder / "convert_lora_to_gguf.py"
    if script.is_file():
        return script
    sdist = out / "sdist"
    archive = sdist / f"llama_cpp_python-{version}.tar.gz"
    if not archive.is_file():
        subprocess.run([str(app_python), "-m", "pip", "download", "--no-deps", "--no-binary",
                        ":all:", f"llama-cpp-python=={version}", "-d", str(sdist)], check=True)
    prefix = f"llama_cpp_python-{version}/vendor/llama.cpp/"
    wanted = ("convert_lora_to_gguf.py", "convert_hf_to_gguf.py", "conversion/", "gguf-py/")
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith(prefix)
                   and m.name[len(prefix):].startswith(wanted) and (m.isfile() or m.isdir())]
        for member in members:
            member.name = member.name[len(prefix):]
        tar.extractall(folder, members=members, filter="data")
    return script


def _versions(runtime: str) -> dict[str, str]:
    import peft
    import transformers

    return {"torch": torch.__version__, "transformers": transformers.__version__,
            "peft": peft.__version__, "llama-cpp-python": runtime,
            "python": sys.version.split()[0]}


if __name__ == "__main__":
    sys.exit(main())
