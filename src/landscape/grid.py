"""Loss and accuracy over a 2D grid of weight vectors theta = center + a*d1 + b*d2."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.func import functional_call, vmap
from torch.nn import functional as F

from .models import ResidualMLP, param_layout, unflatten


def grid_axes(
    path: np.ndarray, resolution: int, margin: float, min_halfwidth: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Axes a, b `(resolution,) float64` covering the projected `path` `(T, 2)`.

    Each axis spans the path plus `margin` times the longer of the two path spans on both
    sides, so a path that hardly moves along b still gets a readable strip around it. A path
    that barely moves at all (a diverged first epoch, a net stuck at its start) would give a
    window too small to show anything: the pad grows so that the longer axis spans at least
    `2 * min_halfwidth` (see `min_halfwidth`); a path that does not move and has no
    `min_halfwidth` gets a unit square around its position.
    """
    path = np.asarray(path, dtype=np.float64)
    if not np.isfinite(path).all():
        raise ValueError("the projected path has non-finite coordinates")
    lo, hi = path.min(axis=0), path.max(axis=0)
    span = float((hi - lo).max())
    pad = max(margin * span, min_halfwidth - span / 2)
    if pad <= 0:
        pad = 0.5
    return tuple(np.linspace(lo[k] - pad, hi[k] + pad, resolution) for k in range(2))


def min_halfwidth(center: np.ndarray, fraction: float = 0.05) -> float:
    """The smallest half-width of a readable window around weights `center` `(n_params,)`:
    `fraction` of their norm (a unit direction moves the weights by 1 per unit of a, b).

    With the default margin 0.25 this widens a window only when the path spans less than
    6.7% of the norm; in the default study the smallest spans are 12% (mlp-20x5, stuck) and
    13% (mlp-10x5), so it only changes paths that hardly move."""
    return fraction * float(np.linalg.norm(np.asarray(center, dtype=np.float64)))


def points_per_chunk(model: nn.Module, n_samples: int, budget_bytes: int) -> int:
    """How many weight vectors fit in `budget_bytes` of float32 work space: the weights
    themselves plus each layer's activations for every sample (twice, for the activation
    function's output; three times in a residual net, for the sum)."""
    n_params = sum(p.numel() for p in model.parameters())
    widths = sum(m.out_features for m in model.modules() if isinstance(m, nn.Linear))
    copies = 3 if isinstance(model, ResidualMLP) else 2
    per_point = 4 * (n_params + copies * n_samples * widths)
    return max(1, budget_bytes // per_point)


@torch.no_grad()
def batched_logits(model: nn.Module, theta: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """Outputs `(B, N, C)` of the model at each weight vector of `theta` `(B, n_params)` on
    inputs X `(N, in)`, in one vmapped forward pass."""
    params = unflatten(theta, param_layout(model))
    return vmap(lambda p: functional_call(model, p, (X,)))(params)


@torch.no_grad()
def batched_loss(
    model: nn.Module, theta: torch.Tensor, X: torch.Tensor, y: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean cross-entropy and accuracy `(B,)` of the model at each weight vector of `theta`
    `(B, n_params)`."""
    logits = batched_logits(model, theta, X)
    B, N, C = logits.shape
    loss = F.cross_entropy(logits.reshape(B * N, C), y.repeat(B), reduction="none")
    acc = (logits.argmax(-1) == y).float().mean(1)
    return loss.view(B, N).mean(1), acc


def loss_grid(
    model: nn.Module,
    center: np.ndarray,
    dirs: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    budget_bytes: int = 256 * 2**20,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy of the whole set at center + a_i*d1 + b_j*d2.

    center `(n_params,)`, dirs `(2, n_params)`, a `(Pa,)`, b `(Pb,)`. Returns loss and acc
    `(Pb, Pa) float32`: rows index b and columns index a, ready for `contour(a, b, loss)`.
    Points are evaluated in chunks sized so the work space stays under `budget_bytes`.
    """
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    c = torch.as_tensor(center, dtype=torch.float32)
    d = torch.as_tensor(dirs, dtype=torch.float32)
    bb, aa = np.meshgrid(b, a, indexing="ij")
    coords = torch.as_tensor(np.stack([aa.ravel(), bb.ravel()], axis=1), dtype=torch.float32)
    chunk = points_per_chunk(model, len(Xt), budget_bytes)
    losses, accs = [], []
    for start in range(0, len(coords), chunk):
        theta = c + coords[start : start + chunk] @ d
        loss, acc = batched_loss(model, theta, Xt, yt)
        losses.append(loss)
        accs.append(acc)
    shape = (len(b), len(a))
    return (
        torch.cat(losses).numpy().reshape(shape),
        torch.cat(accs).numpy().reshape(shape),
    )
