"""Textbook loss surfaces: pure functions of a weight vector, registered by name.

Each function maps an array `(..., dim)` to `(...)`, so one definition serves a single point
(for `torch.func.grad` and `hessian`), a batch (for `vmap`) and a whole grid. It computes with
the array module of its argument: torch for tensors, so gradients and Hessians come from
autograd and are never written by hand; NumPy for arrays, so the jobs that only draw a
surface need not import torch (1.7 s and 220 MB each).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Fn = Callable[[Any], Any]  # NumPy array or torch tensor (..., dim) -> (...), the same kind


def array_module(w):
    """The array module of `w`: NumPy for NumPy arrays, else torch (whose tensors, batched
    ones under `vmap` included, exist only once torch is imported)."""
    return np if isinstance(w, np.ndarray | np.generic) else sys.modules["torch"]


@dataclass(frozen=True)
class Surface:
    """A loss function of `dim` weights, with the box it is drawn over and a default start."""

    name: str
    fn: Fn  # (..., dim) -> (...)
    lo: tuple[float, ...]  # (dim,) lower corner of the drawn box
    hi: tuple[float, ...]  # (dim,) upper corner
    start: tuple[float, ...]  # (dim,) default start of the optimiser paths
    formula: str  # mathtext, for titles
    shows: str  # what a reader should see, for captions
    lr_scale: float = 1.0  # multiplies every optimiser's learning rate on this surface
    log_scale: bool = False  # contour levels: log-spaced for a non-negative surface whose
    # interesting part is a thin, low valley; linear otherwise (and whenever it goes negative)

    @property
    def dim(self) -> int:
        return len(self.lo)


def _peaks(w):
    # MATLAB's `peaks`: three minima of different depth, three maxima and the saddles between.
    x, y, exp = w[..., 0], w[..., 1], array_module(w).exp
    return (3 * (1 - x) ** 2 * exp(-(x**2) - (y + 1) ** 2)
            - 10 * (x / 5 - x**3 - y**5) * exp(-(x**2) - y**2)
            - exp(-((x + 1) ** 2) - y**2) / 3)


SURFACES: dict[str, Surface] = {s.name: s for s in (
    Surface("bowl", lambda w: w[..., 0] ** 2 + w[..., 1] ** 2, (-2.0, -2.0), (2.0, 2.0),
            (-1.6, 1.4), r"$w_1^2 + w_2^2$",
            "one minimum: every optimiser converges, at its own pace"),
    Surface("cosine", lambda w: w[..., 0] ** 2 + array_module(w).cos(w[..., 1]), (-3.0, -5.0),
            (3.0, 5.0), (2.0, 0.05), r"$w_1^2 + \cos w_2$",
            "a row of minima separated by saddles: the start decides which minimum is reached"),
    Surface("peaks", _peaks, (-3.0, -3.0), (3.0, 3.0), (1.0, -0.25), "MATLAB's peaks function",
            "minima of different depth: an optimiser can stop in a local minimum",
            lr_scale=0.2),
    Surface("saddle", lambda w: w[..., 0] ** 2 - w[..., 1] ** 2, (-2.0, -2.0), (2.0, 2.0),
            (-1.8, 0.001), r"$w_1^2 - w_2^2$",
            "a saddle: gradient descent lingers near it, noise and adaptive steps escape"),
    Surface("valley", lambda w: (1 - w[..., 0] * w[..., 1]) ** 2, (-2.0, -2.0), (2.0, 2.0),
            (-0.3, 0.5), r"$(1 - w_1 w_2)^2$",
            "a saddle at the origin and a curved valley of minima on $w_1 w_2 = 1$",
            log_scale=True),
    Surface("monkey_saddle", lambda w: w[..., 0] ** 3 - 3 * w[..., 0] * w[..., 1] ** 2,
            (-1.5, -1.5), (1.5, 1.5), (0.6, 0.15), r"$w_1^3 - 3 w_1 w_2^2$",
            "a monkey saddle: three ways down, and a flat (degenerate) critical point",
            lr_scale=0.2),
    Surface("xcos", lambda x: x[..., 0] * array_module(x).cos(math.pi * x[..., 0]), (-1.0,), (2.0,),
            (-0.9,), r"$x \cos \pi x$",
            "a local and a global minimum: momentum can carry an optimiser over the hill"),
    Surface("cubic", lambda x: x[..., 0] ** 3, (-1.5,), (1.5,), (1.0,), r"$x^3$",
            "a saddle point in 1D: the gradient vanishes at 0 although it is no minimum"),
    Surface("tanh", lambda x: array_module(x).tanh(x[..., 0]), (-4.0,), (4.0,), (3.0,),
            r"$\tanh x$",
            "vanishing gradients: far from 0 the slope is tiny and plain steps hardly move"),
)}


def _double_well(w):
    # Two valleys at w1 = -1 and +1; w3 tilts the slice, so which one is deeper changes at 0.
    w1, w2, w3 = w[..., 0], w[..., 1], w[..., 2]
    return (w1**2 - 1) ** 2 + 0.5 * w3 * w1 + (w2 - 0.5 * w1) ** 2


# Surfaces of three weights, seen through 2D slices (w1, w2) at fixed w3 (`slices.py`).
# `start` is unused: nothing optimises on them.
SURFACES_3D: dict[str, Surface] = {s.name: s for s in (
    Surface("bowl_sin", lambda w: w[..., 0] ** 2 + w[..., 1] ** 2 + array_module(w).sin(w[..., 2]),
            (-2.0, -2.0, -math.pi), (2.0, 2.0, math.pi), (0.0, 0.0, 0.0),
            r"$w_1^2 + w_2^2 + \sin w_3$",
            "every slice is the same bowl, lifted by sin w3: its minimum stays at the origin "
            "and only its value follows w3"),
    Surface("orbit", lambda w: ((w[..., 0] - array_module(w).sin(w[..., 2])) ** 2
                                + (w[..., 1] - array_module(w).cos(w[..., 2])) ** 2),
            (-2.0, -2.0, 0.0), (2.0, 2.0, 2 * math.pi), (0.0, 0.0, 0.0),
            r"$(w_1 - \sin w_3)^2 + (w_2 - \cos w_3)^2$",
            "the slice's minimum circles the origin as w3 turns: in three weights the minima "
            "form a helix, and each slice cuts it once"),
    Surface("double_well", _double_well, (-2.0, -2.0, -2.0), (2.0, 2.0, 2.0), (0.0, 0.0, 0.0),
            r"$(w_1^2 - 1)^2 + (w_2 - w_1/2)^2 + w_1 w_3/2$",
            "two valleys, tilted by w3: the deeper one changes at w3 = 0 and the slice's "
            "minimum jumps from one to the other"),
)}


def _lookup(registry: dict[str, Surface], name: str) -> Surface:
    try:
        return registry[name]
    except KeyError:
        raise ValueError(f"unknown surface {name!r}; known: {', '.join(registry)}") from None


def get_surface(name: str) -> Surface:
    """A surface of one or two weights (SURFACES)."""
    return _lookup(SURFACES, name)


def get_surface_3d(name: str) -> Surface:
    """A surface of three weights (SURFACES_3D)."""
    return _lookup(SURFACES_3D, name)


def box_axes(surface: Surface, resolution: int) -> list[np.ndarray]:
    """One axis `(resolution,) float64` per weight, spanning the surface's box."""
    return [np.linspace(lo, hi, resolution) for lo, hi in zip(surface.lo, surface.hi,
                                                               strict=True)]


def evaluate(fn: Fn, points: np.ndarray) -> np.ndarray:
    """`fn` at each row of `points` `(..., dim)`, in float64 with NumPy; returns `(...)`."""
    return np.asarray(fn(np.asarray(points, dtype=np.float64)), dtype=np.float64)


def surface_grid(surface: Surface, resolution: int) -> tuple[list[np.ndarray], np.ndarray]:
    """The surface over its box: axes (one `(P,)` per weight) and values.

    For 2D surfaces the values are `(P, P)` with rows indexing w2 and columns w1, ready for
    `contour(w1, w2, z)`; for 1D they are `(P,)`.
    """
    axes = box_axes(surface, resolution)
    if surface.dim == 1:
        return axes, evaluate(surface.fn, axes[0][:, None])
    if surface.dim == 2:
        g2, g1 = np.meshgrid(axes[1], axes[0], indexing="ij")
        return axes, evaluate(surface.fn, np.stack([g1, g2], axis=-1))
    raise ValueError(f"only 1D and 2D surfaces can be drawn, {surface.name} has {surface.dim}")
