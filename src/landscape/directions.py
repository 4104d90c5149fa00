"""Directions that span a 2D slice of weight space, and paths projected onto them."""

from __future__ import annotations

import numpy as np


def pca_directions(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Top two principal directions of a trajectory (Li et al. 2018).

    The rows theta_i - theta_final are centred (as scikit-learn's PCA does) and decomposed by
    SVD. Signs are fixed so that the start of the path has negative coordinates, which makes
    the result deterministic.

    theta: `(T, n_params)`. Returns directions `(2, n_params) float32` (orthonormal) and
    explained variance ratio `(2,) float64` (share of the path's total variance).
    """
    theta = np.asarray(theta, dtype=np.float64)
    if theta.shape[0] < 2:
        raise ValueError("a trajectory needs at least two points for PCA")
    diffs = theta - theta[-1]
    centred = diffs - diffs.mean(axis=0)
    # SVD of the small (T, T) Gram matrix is far cheaper than of (T, n_params).
    gram = centred @ centred.T
    evals, evecs = np.linalg.eigh(gram)
    order = np.argsort(evals)[::-1]
    evals, evecs = np.clip(evals[order], 0.0, None), evecs[:, order]
    total = evals.sum()
    dirs = np.zeros((2, theta.shape[1]))
    ratio = np.zeros(2)
    for k in range(2):
        if evals[k] <= 1e-12 * max(total, 1e-300):
            continue  # the path spans fewer than k+1 dimensions: leave a zero direction
        d = centred.T @ evecs[:, k]
        d /= np.linalg.norm(d)
        if diffs[0] @ d > 0:
            d = -d
        dirs[k], ratio[k] = d, evals[k] / total
    dirs = _fill_missing(dirs, theta.shape[1])
    return dirs.astype(np.float32), ratio


def _fill_missing(dirs: np.ndarray, n: int) -> np.ndarray:
    """Replace zero directions by unit vectors orthogonal to the others, so a path that does
    not move (or moves along a line) still gets a plane to draw."""
    for k in range(2):
        if np.linalg.norm(dirs[k]) > 0:
            continue
        for axis in range(n):
            d = np.zeros(n)
            d[axis] = 1.0
            for other in dirs:
                d -= (d @ other) * other
            if np.linalg.norm(d) > 1e-6:
                dirs[k] = d / np.linalg.norm(d)
                break
    return dirs


def project(theta: np.ndarray, center: np.ndarray, dirs: np.ndarray) -> np.ndarray:
    """Coordinates `(T, 2)` of each row of `theta` relative to `center` in the plane of `dirs`
    `(2, n_params)`: the least-squares (a, b) with center + a*d1 + b*d2 closest to each row,
    which is the plain dot product when the directions are orthonormal."""
    d = np.asarray(dirs, dtype=np.float64)
    diffs = np.asarray(theta, dtype=np.float64) - np.asarray(center, dtype=np.float64)
    return np.linalg.solve(d @ d.T, d @ diffs.T).T
