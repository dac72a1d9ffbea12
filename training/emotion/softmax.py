"""Multinomial logistic regression with an L2 penalty, in numpy, minimised by L-BFGS.

The design matrix has a sparse part (word and phrase features, in coordinate form) and a small
dense part (word vectors and lexicon categories summed over a line's words).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


class Design:
    """Rows are lines; columns are the sparse features, then the dense ones."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray,
                 dense: np.ndarray, sparse_width: int):
        self.rows, self.cols, self.vals = rows, cols, vals
        self.dense = dense
        self.n = dense.shape[0]
        self.sparse_width = sparse_width
        self.width = sparse_width + dense.shape[1]

    def times(self, weights: np.ndarray) -> np.ndarray:
        sparse_w = weights[: self.sparse_width]
        gathered = sparse_w[self.cols] * self.vals[:, None]
        out = np.stack(
            [np.bincount(self.rows, gathered[:, k], self.n) for k in range(weights.shape[1])],
            axis=1,
        )
        return out + self.dense @ weights[self.sparse_width :]

    def transpose_times(self, grad: np.ndarray) -> np.ndarray:
        spread = grad[self.rows] * self.vals[:, None]
        sparse = np.stack(
            [np.bincount(self.cols, spread[:, k], self.sparse_width)
             for k in range(grad.shape[1])],
            axis=1,
        )
        return np.concatenate([sparse, self.dense.T @ grad])


def fit(x: Design, y: np.ndarray, l2: float, sample_weight: np.ndarray,
        iterations: int = 400) -> tuple[np.ndarray, np.ndarray]:
    """Weights (x.width by classes) and biases minimising the weighted mean cross-entropy
    against soft targets `y` plus l2/2 times the squared weights (biases are not penalised)."""
    k = y.shape[1]
    size = x.width * k
    total = sample_weight.sum()

    def loss_grad(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[:size].reshape(x.width, k)
        z = x.times(w) + theta[size:]
        z -= z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -(sample_weight[:, None] * y * log_p).sum() / total + 0.5 * l2 * (w * w).sum()
        g = (np.exp(log_p) - y) * (sample_weight[:, None] / total)
        grad_w = x.transpose_times(g) + l2 * w
        return loss, np.concatenate([grad_w.ravel(), g.sum(axis=0)])

    theta = lbfgs(loss_grad, np.zeros(size + k), iterations)
    return theta[:size].reshape(x.width, k), theta[size:]


def lbfgs(loss_grad: Callable[[np.ndarray], tuple[float, np.ndarray]], theta: np.ndarray,
          iterations: int, memory: int = 10, tolerance: float = 1e-7) -> np.ndarray:
    """Plain L-BFGS with a backtracking (Armijo) line search; stops when the loss settles."""
    loss, grad = loss_grad(theta)
    steps: list[tuple[np.ndarray, np.ndarray]] = []
    for _ in range(iterations):
        q = grad.copy()
        alphas = []
        for s, yv in reversed(steps):
            a = (s @ q) / (yv @ s)
            alphas.append(a)
            q -= a * yv
        if steps:
            s, yv = steps[-1]
            q *= (s @ yv) / (yv @ yv)
        else:
            q /= max(1.0, float(np.abs(q).max()))
        for (s, yv), a in zip(steps, reversed(alphas), strict=True):
            q += s * (a - (yv @ q) / (yv @ s))
        direction = -q
        slope = grad @ direction
        if slope >= 0:  # not a descent direction: fall back to the gradient
            steps.clear()
            direction, slope = -grad, -(grad @ grad)
        step = 1.0
        while True:
            candidate = theta + step * direction
            new_loss, new_grad = loss_grad(candidate)
            if new_loss <= loss + 1e-4 * step * slope or step < 1e-10:
                break
            step *= 0.5
        s, yv = candidate - theta, new_grad - grad
        if s @ yv > 1e-12:
            steps.append((s, yv))
            if len(steps) > memory:
                steps.pop(0)
        settled = abs(loss - new_loss) < tolerance * max(1.0, abs(loss))
        theta, loss, grad = candidate, new_loss, new_grad
        if settled:
            break
    return theta
