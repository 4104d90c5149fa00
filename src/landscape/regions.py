"""What a classifier predicts at several weight vectors: decision regions over its 2D input
plane, or, for inputs of other dimensions, confusion matrices on the data."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .grid import batched_logits, points_per_chunk


def region_axes(
    X: np.ndarray, resolution: int, pad: float = 0.1
) -> tuple[np.ndarray, np.ndarray]:
    """Input-space axes x1, x2 `(resolution,)` covering the data plus `pad` of its span."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    p = pad * (hi - lo)
    return tuple(np.linspace(lo[k] - p[k], hi[k] + p[k], resolution) for k in range(2))


@torch.no_grad()
def decision_regions(
    model: nn.Module,
    theta: np.ndarray,
    x1: np.ndarray,
    x2: np.ndarray,
    budget_bytes: int = 256 * 2**20,
) -> tuple[np.ndarray, np.ndarray]:
    """Predicted class and its softmax probability on the mesh x1 x x2, for each weight
    vector of `theta` `(F, n_params)`.

    Returns classes `(F, len(x2), len(x1)) uint8` and confidence of the same shape
    `float32` (rows index x2, columns x1, as `imshow(origin="lower")` expects).
    """
    g2, g1 = np.meshgrid(x2, x1, indexing="ij")
    mesh = torch.as_tensor(np.stack([g1.ravel(), g2.ravel()], axis=1), dtype=torch.float32)
    th = torch.as_tensor(theta, dtype=torch.float32)
    chunk = points_per_chunk(model, len(mesh), budget_bytes)
    classes, conf = [], []
    for start in range(0, len(th), chunk):
        prob = torch.softmax(batched_logits(model, th[start : start + chunk], mesh), dim=-1)
        top, cls = prob.max(dim=-1)
        classes.append(cls.to(torch.uint8))
        conf.append(top)
    shape = (len(th), len(x2), len(x1))
    return torch.cat(classes).numpy().reshape(shape), torch.cat(conf).numpy().reshape(shape)


@torch.no_grad()
def confusion_matrices(
    model: nn.Module,
    theta: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    n_classes: int,
    budget_bytes: int = 256 * 2**20,
) -> np.ndarray:
    """Confusion matrix on (X `(N, in)`, y `(N,)`) for each weight vector of `theta`
    `(F, n_params)`: `(F, K, K) int64` where entry [f, t, p] counts the samples of true class
    t predicted as class p at weights f (each matrix sums to N)."""
    Xt = torch.as_tensor(X, dtype=torch.float32)
    th = torch.as_tensor(theta, dtype=torch.float32)
    yt = torch.as_tensor(y, dtype=torch.int64)
    k = n_classes
    chunk = points_per_chunk(model, len(Xt), budget_bytes)
    out = []
    for start in range(0, len(th), chunk):
        pred = batched_logits(model, th[start : start + chunk], Xt).argmax(-1)  # (B, N)
        # One bincount for the whole chunk: cell (b, t, p) gets index (b*K + t)*K + p.
        cell = (torch.arange(len(pred))[:, None] * k + yt) * k + pred
        out.append(torch.bincount(cell.ravel(), minlength=len(pred) * k * k).view(-1, k, k))
    return torch.cat(out).numpy().astype(np.int64)
