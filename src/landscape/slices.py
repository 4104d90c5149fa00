"""A loss of three weights seen through 2D slices: E(w1, w2) at fixed w3, and the slice's
minimum as w3 sweeps its range.

Pure functions over arrays; the surfaces (`surfaces.SURFACES_3D`) also take torch tensors, so
the minimum of each slice is refined with the same Newton code that finds critical points.
"""

from __future__ import annotations

import numpy as np
import torch

from .critical import newton
from .surfaces import Fn, evaluate


def slice_grid(fn: Fn, w1: np.ndarray, w2: np.ndarray, w3: float) -> np.ndarray:
    """`fn` (a function of `(..., 3)`) over the grid w1 `(P1,)` x w2 `(P2,)` at `w3`:
    `(P2, P1)` float64, rows index w2 (ready for `contour(w1, w2, values)`)."""
    g2, g1 = np.meshgrid(w2, w1, indexing="ij")
    return evaluate(fn, np.stack([g1, g2, np.full_like(g1, w3)], axis=-1))


def slice_minima(fn: Fn, w1: np.ndarray, w2: np.ndarray, w3: np.ndarray,
                 values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The lowest point of each slice inside the grid's box: the grid's smallest value of
    `values` `(S, P2, P1)` (the slices at `w3` `(S,)`), refined by Newton's method on the
    slice's gradient (all slices in one batch). A refined point is kept only if it stays
    in the box and is no higher; otherwise (a minimum on the box's edge, say) the grid
    point is. Returns (w1, w2) of each `(S, 2)` and the value there `(S,)`."""
    rows, cols = np.unravel_index(np.nanargmin(values.reshape(len(w3), -1), axis=1),
                                  values.shape[1:])
    grid_points = np.stack([w1[cols], w2[rows]], axis=1)
    grid_values = values[np.arange(len(w3)), rows, cols]

    def sliced(w: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        return fn(torch.cat([w, z], dim=-1))

    third = np.asarray(w3, dtype=np.float64)[:, None]
    ends, _ = newton(sliced, grid_points, args=(third,))
    safe = np.where(np.isfinite(ends), ends, 0.0)
    end_values = evaluate(fn, np.concatenate([safe, third], axis=1))
    keep = (np.isfinite(ends).all(axis=1) & (ends[:, 0] >= w1[0]) & (ends[:, 0] <= w1[-1])
            & (ends[:, 1] >= w2[0]) & (ends[:, 1] <= w2[-1]) & (end_values <= grid_values))
    return (np.where(keep[:, None], ends, grid_points),
            np.where(keep, end_values, grid_values))


def slice_sweep(fn: Fn, w1: np.ndarray, w2: np.ndarray,
                w3: np.ndarray) -> dict[str, np.ndarray]:
    """Every slice of `fn` at the values `w3` `(S,)` and its minimum (`slice_minima`).

    Returns named arrays: w1 `(P1,)`, w2 `(P2,)`, w3 `(S,)`, values `(S, P2, P1)` (rows
    index w2), minimum `(S, 2)` (w1, w2 of each slice's lowest point) and min_value `(S,)`.
    """
    w1, w2, w3 = (np.asarray(a, dtype=np.float64) for a in (w1, w2, w3))
    values = np.stack([slice_grid(fn, w1, w2, float(z)) for z in w3])
    minimum, min_value = slice_minima(fn, w1, w2, w3, values)
    return {"w1": w1, "w2": w2, "w3": w3, "values": values, "minimum": minimum,
            "min_value": min_value}
