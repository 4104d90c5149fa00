"""Decision regions of a classifier over its 2D input plane, at several weight vectors."""

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
