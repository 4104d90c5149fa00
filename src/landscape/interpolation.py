"""Loss along one-dimensional paths through weight space: the straight line from the initial
to the final weights (Goodfellow, Vinyals, Saxe 2015, arXiv 1412.6544), and the training path
as it lies in the plane of a landscape."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .grid import batched_loss, points_per_chunk


def line_alphas(n_points: int, margin: float) -> np.ndarray:
    """Increasing positions `float64` on the line theta(alpha) = (1 - alpha) theta_0 +
    alpha theta_T, `n_points` evenly from -margin to 1 + margin, plus 0 and 1 (the recorded
    weights) exactly where the spacing misses them, so the line meets the training path."""
    alphas = np.linspace(-margin, 1.0 + margin, n_points)
    return np.union1d(alphas, [0.0, 1.0])


def losses_at(
    model: nn.Module,
    theta: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    budget_bytes: int = 256 * 2**20,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy of the whole set at each weight vector of `theta` `(B, n_params)`,
    evaluated in vmapped chunks that keep the work space under `budget_bytes`. Returns two
    `(B,) float32` arrays."""
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    th = torch.as_tensor(theta, dtype=torch.float32)
    chunk = points_per_chunk(model, len(Xt), budget_bytes)
    losses, accs = [], []
    for start in range(0, len(th), chunk):
        loss, acc = batched_loss(model, th[start : start + chunk], Xt, yt)
        losses.append(loss)
        accs.append(acc)
    return torch.cat(losses).numpy(), torch.cat(accs).numpy()


def line_loss(
    model: nn.Module,
    theta0: np.ndarray,
    theta1: np.ndarray,
    alphas: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    budget_bytes: int = 256 * 2**20,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy `(len(alphas),)` at (1 - alpha) theta0 + alpha theta1.

    theta0, theta1 `(n_params,)`; computed in float64 then cast, so that alpha = 0 and 1
    reproduce the two weight vectors bit for bit."""
    t0 = np.asarray(theta0, np.float64)
    t1 = np.asarray(theta1, np.float64)
    theta = t0 + np.asarray(alphas, np.float64)[:, None] * (t1 - t0)
    return losses_at(model, theta.astype(np.float32), X, y, budget_bytes)


def plane_path_loss(
    model: nn.Module,
    center: np.ndarray,
    dirs: np.ndarray,
    path: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    budget_bytes: int = 256 * 2**20,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy `(T,)` at the points center + a_t d1 + b_t d2 of the projected path
    `(T, 2)`: the loss the landscape shows under the path, which differs from the recorded
    loss by however much of the path lies outside the plane."""
    theta = (np.asarray(center, np.float64)
             + np.asarray(path, np.float64) @ np.asarray(dirs, np.float64))
    return losses_at(model, theta.astype(np.float32), X, y, budget_bytes)


def line_barrier(alphas: np.ndarray, loss: np.ndarray) -> float:
    """How far the loss on the segment 0 <= alpha <= 1 rises above the higher of its two
    ends: 0 when the straight line never climbs above both ends (no barrier between the
    initial and the final weights)."""
    inside = (alphas >= 0) & (alphas <= 1)
    ends = loss[np.isin(alphas, (0.0, 1.0))]
    return float(max(0.0, loss[inside].max() - ends.max()))
