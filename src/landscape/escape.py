"""Escaping a saddle: a step along the eigenvector of the most negative Hessian eigenvalue,
against a random perturbation of the same length.

Near a saddle the gradient vanishes and gradient descent stalls, but the Hessian still says
which way is down: along the eigenvector v of its most negative eigenvalue lambda_min the
second-order model of the loss is

    L(x + s t v) ~ L(x) + s t (grad L . v) + lambda_min t^2 / 2,    s = +1 or -1,

so a step of length t lowers it by |lambda_min| t^2 / 2 even where the gradient is zero.
`curvature_step` measures both signs against that model, for any loss that is a torch
function of a flat vector: a textbook surface (`escape_step`, dense Hessian) or a network
(`hessian.analyse`, Lanczos eigenvector).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from torch.func import grad, hessian, vmap

from .critical import CriticalPoint, describe, newton
from .methods import ESCAPES
from .paths import optimizer_path
from .surfaces import Fn


def _tensor(x) -> torch.Tensor:
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


def lowest_curvature(fn: Fn, x) -> tuple[float, np.ndarray]:
    """The smallest eigenvalue of the Hessian of `fn` at `x` `(dim,)` (dense, `torch.func`)
    and its unit eigenvector `(dim,)`, signed so that its largest component is positive (an
    eigenvector's sign is arbitrary; this makes it reproducible)."""
    h = hessian(fn)(_tensor(x)).detach()
    evals, evecs = torch.linalg.eigh((h + h.T) / 2)
    v = evecs[:, 0].numpy()
    return float(evals[0]), v * np.sign(v[np.argmax(np.abs(v))])


def curvature_step(loss: Callable[[torch.Tensor], torch.Tensor], x, v, lam: float,
                   t: float) -> dict:
    """Steps of length `t` from `x` `(n,)` along +`v` and -`v` (`v` a unit vector, `lam`
    the curvature along it): the change of `loss` each one measures, and what the
    second-order model predicts, s t (grad . v) + lam t^2 / 2.

    Returns plain data: step (t), lambda (lam), slope (grad . v), curvature_change
    (lam t^2 / 2, the model's change where the gradient is zero), measured and predicted
    `{"+": , "-": }`, and for the better sign s (the lower measured loss): sign (+1 or -1),
    measured_change, predicted_change, slope_change (its first-order part s t grad.v),
    loss_before and loss_after."""
    xt, vt = _tensor(x), _tensor(v)
    with torch.no_grad():
        before = float(loss(xt))
        after = {"+": float(loss(xt + t * vt)), "-": float(loss(xt - t * vt))}
    slope = float(grad(loss)(xt).detach() @ vt)
    quadratic = 0.5 * lam * t**2
    predicted = {"+": t * slope + quadratic, "-": -t * slope + quadratic}
    measured = {s: a - before for s, a in after.items()}
    best = min(("+", "-"), key=lambda s: (measured[s], s))
    return {"step": t, "lambda": lam, "slope": slope, "curvature_change": quadratic,
            "measured": measured, "predicted": predicted, "sign": 1 if best == "+" else -1,
            "measured_change": measured[best], "predicted_change": predicted[best],
            "slope_change": predicted[best] - quadratic,
            "loss_before": before, "loss_after": after[best]}


def step_for_decrease(value: float, lam: float, fraction: float) -> float:
    """The step length t along a direction of curvature `lam` < 0 whose second-order
    decrease |lam| t^2 / 2 is `fraction` of the loss `value`: sqrt(2 fraction value / |lam|).
    Relative to the loss, so it suits losses of any scale."""
    return math.sqrt(2.0 * fraction * abs(value) / abs(lam))


def escape_step(fn: Fn, x, t: float, zero_tol: float = 1e-9) -> tuple[np.ndarray, dict]:
    """The escape step of length `t` from `x` `(dim,)`: along the eigenvector of the most
    negative Hessian eigenvalue, with the sign that lowers `fn` more (`curvature_step`).
    Returns the step `(dim,)` (zeros when no eigenvalue is below -`zero_tol`: a minimum, or a
    valley of minima, has nothing to escape) and the `curvature_step` data with the
    eigenvector `v`."""
    lam, v = lowest_curvature(fn, x)
    info = {**curvature_step(fn, x, v, lam, t), "v": v.tolist()}
    if lam >= -zero_tol:
        return np.zeros_like(v), info
    return info["sign"] * t * v, info


def random_step(dim: int, length: float, seed: int = 0) -> np.ndarray:
    """A random direction (uniform on the sphere, from `seed`) of length `length`. `(dim,)`"""
    u = np.random.default_rng(seed).standard_normal(dim)
    return length * u / np.linalg.norm(u)


def stall_index(fn: Fn, path: np.ndarray, tol: float) -> int:
    """The first row of `path` `(T, dim)` where |grad fn| <= `tol`: where gradient descent
    stalls. -1 if it never does (NaN rows, after a path stopped, never count)."""
    ok = np.isfinite(path).all(axis=1)
    g = vmap(grad(fn))(_tensor(np.where(ok[:, None], path, 0.0))).detach()
    small = ok & (torch.linalg.vector_norm(g, dim=-1).numpy() <= tol)
    return int(np.flatnonzero(small)[0]) if small.any() else -1


def kicked_path(fn: Fn, path: np.ndarray, k: int, kick: np.ndarray, lr: float,
                bounds: tuple | None = None) -> np.ndarray:
    """`path` `(T, dim)` up to its row k, then `kick` `(dim,)` added to row k instead of a
    gradient step, then gradient descent (`paths.optimizer_path`, plain SGD with `lr`) from
    there to row T-1. `(T, dim)`, NaN after the path left `bounds`."""
    rest = optimizer_path(fn, path[k] + kick, "gd", lr, len(path) - k - 2, bounds=bounds)
    return np.concatenate([path[: k + 1], rest])


def first_exit(path: np.ndarray, center, radius: float, after: int = 0) -> int:
    """The first row after `after` where `path` `(T, dim)` is farther than `radius` from
    `center` (or stopped: NaN, having left the box); -1 if it never is."""
    d = np.linalg.norm(path - np.asarray(center), axis=1)
    out = ~(d <= radius)
    out[: after + 1] = False
    return int(np.flatnonzero(out)[0]) if out.any() else -1


def escape_runs(fn: Fn, start, lr: float, steps: int, stall_tol: float, step: float,
                perturbation: float, seed: int = 0, bounds: tuple | None = None) -> dict:
    """Gradient descent from `start` `(dim,)` that stalls near a saddle, three ways: alone,
    with the escape step of length `step` along the most negative eigenvector
    (`escape_step`, from the Hessian at the first point where |grad| <= `stall_tol`), and
    with a random perturbation of length `perturbation` (`random_step`, seeded) there.

    Returns named arrays: methods `(3,)` (methods.ESCAPES), path `(3, steps+1, dim)`, loss
    `(3, steps+1)` (NaN after a path left `bounds`), stall (the stalled step k; -1 when GD
    never stalls or stalls where no eigenvalue is negative, at a minimum: then all three
    are GD alone), kicks `(3, dim)` (the step each method added at k: zeros for GD), and
    `info`, the escape step's `curvature_step` data with `v` (None when GD never stalls)."""
    gd = optimizer_path(fn, start, "gd", lr, steps, bounds=bounds)
    stall = stall_index(fn, gd, stall_tol)
    kicks = np.zeros((len(ESCAPES), gd.shape[1]))
    info = None
    if 0 <= stall < steps:
        kicks[1], info = escape_step(fn, gd[stall], step)
        kicks[2] = random_step(gd.shape[1], perturbation, seed)
    if not kicks[1].any():  # never stalled, or stalled at a minimum
        stall, kicks[:] = -1, 0.0
    paths = np.stack([gd] + [gd if stall < 0 else kicked_path(fn, gd, stall, kick, lr, bounds)
                             for kick in kicks[1:]])
    with torch.no_grad():
        loss = fn(_tensor(paths)).numpy()
    return {"methods": np.array(ESCAPES), "path": paths, "loss": loss, "stall": stall,
            "kicks": kicks, "info": info}


def saddle_near(fn: Fn, x, probe_radius: float = 0.01) -> CriticalPoint:
    """The critical point that Newton's method reaches from `x` `(dim,)` (for a point where
    gradient descent stalled: the saddle it stalled at), with its Hessian eigenvalues and
    eigenvectors (`critical.describe`)."""
    ends, _ = newton(fn, np.asarray(x, dtype=np.float64)[None])
    return describe(fn, ends[0], probe_radius)
