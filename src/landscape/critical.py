"""Critical points of a smooth function of n weights, found by Newton's method on the gradient
and classified by the eigenvalues of the Hessian there.

Works in any dimension; gradients and Hessians come from `torch.func`, never by hand.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch.func import grad, hessian, vmap

from .surfaces import Fn

KINDS = ("minimum", "maximum", "saddle", "degenerate")


@dataclass(frozen=True)
class CriticalPoint:
    """A point where the gradient vanishes (to `grad_norm`), with its second-order shape."""

    position: tuple[float, ...]  # (dim,)
    value: float
    grad_norm: float
    eigenvalues: tuple[float, ...]  # (dim,) ascending
    eigenvectors: tuple[tuple[float, ...], ...]  # (dim, dim): row k goes with eigenvalue k
    kind: str  # one of KINDS, by the signs of the eigenvalues
    probe: str  # minimum / maximum / saddle / flat, from the values around the point

    def to_dict(self) -> dict:
        return asdict(self)


def start_grid(lo, hi, per_axis: int) -> np.ndarray:
    """Evenly spaced starts `(per_axis**dim, dim)` over the box [lo, hi]."""
    axes = [np.linspace(a, b, per_axis) for a, b in zip(lo, hi, strict=True)]
    return np.array(list(itertools.product(*axes)), dtype=np.float64)


def newton(fn: Fn, starts: np.ndarray, iters: int = 100, rcond: float = 1e-12,
           args: tuple = ()) -> tuple[np.ndarray, np.ndarray]:
    """Newton's method on grad(fn) = 0 from each row of `starts` `(S, dim)`, all at once.

    The step solves H s = g in the least-squares sense (pseudo-inverse), so it keeps going
    where the Hessian is singular, as on a valley of minima or at a degenerate point (there
    it converges linearly rather than quadratically, hence the generous `iters`).
    `args`, each `(S, ...)`, are further arguments of `fn` per start, held fixed: a family
    of functions solved in one batch (the slices of a surface at several w3, say).
    Returns the end points `(S, dim)` and the gradient norm there `(S,)`; starts that run
    off to infinity give NaN.
    """
    g_fn, h_fn = vmap(grad(fn)), vmap(hessian(fn))
    x = torch.as_tensor(np.asarray(starts, dtype=np.float64)).clone()
    args = tuple(torch.as_tensor(np.asarray(a, dtype=np.float64)) for a in args)
    with torch.no_grad():
        for _ in range(iters):
            g, h = g_fn(x, *args), h_fn(x, *args)
            step = (torch.linalg.pinv(h, rtol=rcond, hermitian=True) @ g[..., None])[..., 0]
            x = torch.where(torch.isfinite(step).all(-1, keepdim=True), x - step, np.nan)
        gnorm = torch.linalg.vector_norm(g_fn(x, *args), dim=-1)
    return x.numpy(), gnorm.numpy()


def merge(points: np.ndarray, tol: float) -> np.ndarray:
    """Indices of representatives of `points` `(K, dim)`: a point within `tol` (Euclidean) of
    an earlier representative is dropped. Pass the points best first."""
    keep: list[int] = []
    for i, p in enumerate(points):
        if all(np.linalg.norm(p - points[j]) > tol for j in keep):
            keep.append(i)
    return np.array(keep, dtype=np.int64)


def is_zero(eigenvalues: np.ndarray, atol: float = 1e-6, rtol: float = 1e-6) -> np.ndarray:
    """Which eigenvalues count as zero: |lambda| <= atol + rtol * max |lambda|."""
    ev = np.asarray(eigenvalues, dtype=np.float64)
    scale = np.abs(ev).max(initial=0.0)
    return np.abs(ev) <= atol + rtol * scale


def classify(eigenvalues, atol: float = 1e-6, rtol: float = 1e-6) -> str:
    """Second-derivative test: all positive is a minimum, all negative a maximum, both signs a
    saddle; any eigenvalue that counts as zero (`is_zero`) makes the test inconclusive:
    degenerate. (A saddle with a zero eigenvalue is still called degenerate.)"""
    ev = np.asarray(eigenvalues, dtype=np.float64)
    if is_zero(ev, atol, rtol).any():
        return "degenerate"
    if (ev > 0).all():
        return "minimum"
    if (ev < 0).all():
        return "maximum"
    return "saddle"


def probe(fn: Fn, x: np.ndarray, radius: float, n_dirs: int = 64, atol: float = 1e-12,
          seed: int = 0) -> str:
    """What the function does around `x` `(dim,)`: evaluates it at `x + radius * u` for unit
    vectors u (both signs of every axis and of `n_dirs` random directions) and says minimum
    (never lower), maximum (never higher), saddle (both) or flat. Decides the degenerate
    cases the Hessian cannot, such as x^3 at 0 (a saddle) or a valley of minima."""
    x = np.asarray(x, dtype=np.float64)
    rng = np.random.default_rng(seed)
    dirs = np.concatenate([np.eye(len(x)), rng.standard_normal((n_dirs, len(x)))])
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    pts = torch.as_tensor(np.concatenate([x + radius * dirs, x - radius * dirs, x[None]]))
    with torch.no_grad():
        values = vmap(fn)(pts).numpy()
    diff = values[:-1] - values[-1]
    up, down = (diff > atol).any(), (diff < -atol).any()
    return {(True, True): "saddle", (True, False): "minimum", (False, True): "maximum",
            (False, False): "flat"}[(bool(up), bool(down))]


def describe(fn: Fn, x: np.ndarray, probe_radius: float, atol: float = 1e-6,
             rtol: float = 1e-6) -> CriticalPoint:
    """Value, gradient norm, Hessian eigen-decomposition and kind of `fn` at `x` `(dim,)`."""
    xt = torch.as_tensor(np.asarray(x, dtype=np.float64))
    with torch.no_grad():
        value = float(fn(xt))
        gnorm = float(torch.linalg.vector_norm(grad(fn)(xt)))
        h = hessian(fn)(xt)
    evals, evecs = torch.linalg.eigh((h + h.T) / 2)
    ev = evals.numpy()
    return CriticalPoint(
        position=tuple(map(float, x)), value=value, grad_norm=gnorm,
        eigenvalues=tuple(map(float, ev)),
        eigenvectors=tuple(tuple(map(float, v)) for v in evecs.numpy().T),
        kind=classify(ev, atol, rtol), probe=probe(fn, x, probe_radius))


def critical_points(fn: Fn, lo, hi, per_axis: int = 15, gtol: float = 1e-8,
                    merge_tol: float | None = None, atol: float = 1e-6,
                    rtol: float = 1e-6) -> list[CriticalPoint]:
    """Every critical point Newton finds from a `per_axis`^dim grid of starts in the box
    [lo, hi], merged and classified, sorted by value (lowest first).

    A Newton end point counts if it is finite, lies in the box and has gradient norm <= gtol.
    Points closer than `merge_tol` (default: a hundredth of the box's longest side) are one
    point. Eigenvalues with |lambda| <= atol + rtol * max|lambda| count as zero.
    """
    lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    span = float((hi - lo).max())
    merge_tol = 0.01 * span if merge_tol is None else merge_tol
    ends, gnorm = newton(fn, start_grid(lo, hi, per_axis))
    slack = 1e-9 * span
    ok = (np.isfinite(ends).all(1) & (gnorm <= gtol)
          & (ends >= lo - slack).all(1) & (ends <= hi + slack).all(1))
    ends, gnorm = ends[ok], gnorm[ok]
    order = np.argsort(gnorm, kind="stable")
    reps = ends[order][merge(ends[order], merge_tol)]
    points = [describe(fn, x, probe_radius=merge_tol, atol=atol, rtol=rtol) for x in reps]
    return sorted(points, key=lambda p: (p.value, p.position))
