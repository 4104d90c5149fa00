"""Directions that span a 2D slice of weight space, and paths projected onto them."""

from __future__ import annotations

import numpy as np


def pca_directions(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Top two principal directions of a trajectory (Li et al. 2018).

    The rows theta_i - theta_final are centred (as scikit-learn's PCA does) and decomposed by
    SVD. Signs are fixed so that the start of the path has negative coordinates, which makes
    the result deterministic.

    A path that spans fewer than two dimensions (a straight line; a point, e.g. a run that
    diverged in its first epoch or never moved) has fewer than two components: the missing
    ones are filled by `_fill_missing` and get an explained ratio of 0.

    theta: `(T, n_params)`, T >= 1. Returns directions `(2, n_params) float32` (orthonormal)
    and explained variance ratio `(2,) float64` (share of the path's total variance).
    """
    theta = np.asarray(theta)
    if theta.ndim != 2 or theta.shape[0] < 1 or theta.shape[1] < 2:
        raise ValueError(f"need a trajectory (T >= 1, n_params >= 2), got {theta.shape}")
    # Centring removes any offset, so the rows centred are those of theta - theta_final.
    mean = theta.mean(axis=0, dtype=np.float64)
    # SVD of the small (T, T) Gram matrix is far cheaper than of (T, n_params); it is summed
    # over blocks of columns so that memory stays at one float64 block, not 3 copies of theta.
    gram = np.zeros((len(theta), len(theta)))
    for _, block in _centred_blocks(theta, mean):
        gram += block @ block.T
    evals, evecs = np.linalg.eigh(gram)
    order = np.argsort(evals)[::-1]
    evals, evecs = np.clip(evals[order], 0.0, None), evecs[:, order]
    total = evals.sum()
    dirs = np.zeros((2, theta.shape[1]))
    for cols, block in _centred_blocks(theta, mean):
        dirs[: min(2, len(evals)), cols] = (block.T @ evecs[:, :2]).T
    first_step = theta[0].astype(np.float64) - theta[-1]
    ratio = np.zeros(2)
    for k in range(2):
        # Relative threshold: a path that moves 1e-8 still has components; rounding noise
        # of the Gram matrix (about 1e-16 of its largest eigenvalue) does not.
        if k >= len(evals) or total <= 0 or evals[k] <= 1e-12 * evals[0]:
            dirs[k] = 0.0
            continue
        dirs[k] /= np.linalg.norm(dirs[k])
        if first_step @ dirs[k] > 0:
            dirs[k] = -dirs[k]
        ratio[k] = evals[k] / total
    dirs = _fill_missing(dirs)
    return dirs.astype(np.float32), ratio


def _centred_blocks(theta: np.ndarray, mean: np.ndarray, bytes_per_block: int = 2**23):
    """(column slice, float64 block of theta - mean) over the columns of `theta` `(T, n)`."""
    step = max(1, bytes_per_block // (8 * len(theta)))
    for start in range(0, theta.shape[1], step):
        cols = slice(start, start + step)
        yield cols, theta[:, cols].astype(np.float64) - mean[cols]


def _fill_missing(dirs: np.ndarray, seed: int = 0) -> np.ndarray:
    """Replace zero rows of `dirs` `(2, n)` by random unit directions orthogonal to the
    others, so that a path that does not move (or moves along a line) still gets a plane.

    Random Gaussian directions (from a fixed seed, so the result is deterministic) touch
    every weight, as a generic slice of the landscape should; a coordinate axis would move
    one weight only."""
    rng = np.random.default_rng(seed)
    for k in range(len(dirs)):
        if np.linalg.norm(dirs[k]) > 0:
            continue
        d = rng.standard_normal(dirs.shape[1])
        for other in dirs:
            d -= (d @ other) * other
        dirs[k] = d / np.linalg.norm(d)
    return dirs


def project(theta: np.ndarray, center: np.ndarray, dirs: np.ndarray) -> np.ndarray:
    """Coordinates `(T, 2)` of each row of `theta` relative to `center` in the plane of `dirs`
    `(2, n_params)`: the least-squares (a, b) with center + a*d1 + b*d2 closest to each row,
    which is the plain dot product when the directions are orthonormal."""
    d = np.asarray(dirs, dtype=np.float64)
    c = np.asarray(center, dtype=np.float64)
    # Rows in blocks: a float64 copy of a long trajectory would be twice its size again.
    step = max(1, 2**23 // (8 * d.shape[1]))
    dots = np.concatenate([d @ (np.asarray(theta[s : s + step], dtype=np.float64) - c).T
                           for s in range(0, len(theta), step)], axis=1)
    return np.linalg.solve(d @ d.T, dots).T
