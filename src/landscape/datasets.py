"""Toy classification datasets."""

from __future__ import annotations

import numpy as np


def spiral(
    classes: int = 3, points_per_class: int = 100, noise: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The classic K-arm spiral (CS231n).

    For class k: r = linspace(0, 1, N), t = linspace(4k, 4(k+1), N) + noise * normal,
    x = r * (sin t, cos t).

    Returns X `(classes*N, 2) float32` in [-1, 1] and y `(classes*N,) int64` in 0..classes-1.
    """
    rng = np.random.default_rng(seed)
    r = np.linspace(0.0, 1.0, points_per_class)
    xs, ys = [], []
    for k in range(classes):
        t = np.linspace(4.0 * k, 4.0 * (k + 1), points_per_class)
        t = t + noise * rng.standard_normal(points_per_class)
        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        ys.append(np.full(points_per_class, k))
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.int64)
