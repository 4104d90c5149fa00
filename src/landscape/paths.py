"""Optimiser paths on an analytic surface, with PyTorch's own optimisers on one weight vector.

The same `torch.optim` classes that train the networks take the steps here, so a path on a
textbook surface shows exactly what the optimiser does, not a re-implementation of it.
"""

from __future__ import annotations

import numpy as np
import torch

from .methods import OPTIMIZERS
from .surfaces import Fn


def make_optimizer(method: str, params, lr: float, momentum: float = 0.9):
    """The torch optimiser behind each method name (noisy GD is plain SGD on a noisy
    gradient)."""
    if method in ("gd", "noisy_gd"):
        return torch.optim.SGD(params, lr=lr)
    if method == "momentum":
        return torch.optim.SGD(params, lr=lr, momentum=momentum)
    if method == "nesterov":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=True)
    if method == "adam":
        return torch.optim.Adam(params, lr=lr)
    if method == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr)
    raise ValueError(f"method must be one of {OPTIMIZERS}, got {method!r}")


def optimizer_path(
    fn: Fn,
    start,
    method: str,
    lr: float,
    steps: int,
    *,
    momentum: float = 0.9,
    noise: float = 0.0,
    seed: int = 0,
    bounds: tuple | None = None,
) -> np.ndarray:
    """The weights at the start and after each of `steps` optimiser steps on `fn`.

    start `(dim,)`. `noise` (noisy_gd only) is the standard deviation of the Gaussian noise
    added to every gradient component, drawn from a generator seeded with `seed`.
    `bounds` (lo, hi), each `(dim,)`: a path that leaves this box, or whose value stops being
    finite, is not followed further, since surfaces such as x^3 fall to minus infinity.
    Returns `(steps+1, dim) float64`, rows after the path stopped are NaN.
    """
    w = torch.tensor(np.asarray(start, dtype=np.float64), requires_grad=True)
    opt = make_optimizer(method, [w], lr, momentum)
    gen = torch.Generator().manual_seed(seed)
    path = np.full((steps + 1, w.numel()), np.nan)
    path[0] = w.detach().numpy()
    lo, hi = (None, None) if bounds is None else map(np.asarray, bounds)
    for k in range(1, steps + 1):
        opt.zero_grad()
        fn(w).backward()
        if method == "noisy_gd" and noise > 0:
            w.grad += noise * torch.randn(w.shape, generator=gen, dtype=w.dtype)
        opt.step()
        p = w.detach().numpy()
        if not np.isfinite(p).all() or (lo is not None and ((p < lo) | (p > hi)).any()):
            break
        path[k] = p
    return path


def padded_bounds(lo, hi, pad: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """The box [lo, hi] grown by `pad` times its size on every side: paths are followed a
    little beyond what is drawn, so they visibly leave the picture."""
    lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    return lo - pad * (hi - lo), hi + pad * (hi - lo)


def last_valid(path: np.ndarray) -> int:
    """Index of the last finite row of a path `(T, dim)` (0 if only the start is)."""
    ok = np.isfinite(path).all(axis=1)
    return int(np.flatnonzero(ok)[-1]) if ok.any() else 0


def run_optimizers(
    fn: Fn,
    start,
    optimizers: dict[str, dict],
    steps: int,
    *,
    lr_scale: float = 1.0,
    seed: int = 0,
    bounds: tuple | None = None,
) -> dict[str, np.ndarray]:
    """Every optimiser of `optimizers` ({method: {lr, momentum?, noise?}}) from the same
    `start` `(dim,)`, each with learning rate lr * `lr_scale`.

    Returns named arrays: methods `(O,) str`, lr `(O,)`, path `(O, steps+1, dim)` and loss
    `(O, steps+1)` (NaN after a path stopped), stopped_at `(O,)` (first step not taken
    because the path left `bounds` or blew up; -1 if it ran all steps).
    """
    # Always in the order of OPTIMIZERS, whatever the order of the config's keys.
    methods = sorted(optimizers, key=lambda m: OPTIMIZERS.index(m) if m in OPTIMIZERS
                     else len(OPTIMIZERS))
    lrs = np.array([optimizers[m]["lr"] * lr_scale for m in methods], dtype=np.float64)
    paths = np.stack([
        optimizer_path(fn, start, m, lr, steps, momentum=optimizers[m].get("momentum", 0.9),
                       noise=optimizers[m].get("noise", 0.0), seed=seed, bounds=bounds)
        for m, lr in zip(methods, lrs, strict=True)])
    with torch.no_grad():
        loss = fn(torch.as_tensor(paths)).numpy()
    ends = np.array([last_valid(p) for p in paths])
    return {"methods": np.array(methods), "lr": lrs, "path": paths, "loss": loss,
            "stopped_at": np.where(ends < steps, ends + 1, -1)}
