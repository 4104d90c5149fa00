"""Directions that span a 2D slice of weight space, and paths projected onto them.

Every method returns directions `(2, n_params) float32`; the plane is center + a*d1 + b*d2.

- `pca`: the top two principal components of one training path (Li et al. 2018): the plane
  that shows that path best, but every run gets its own.
- `joint-pca`: principal components of several paths about one reference point: one plane
  that shows all of them, for comparing runs.
- `random`: two Gaussian directions, filter-normalised (Li et al. 2018): a generic slice
  through the centre, the same for any run of the same architecture and seed; a training
  path looks like a random walk in it.
- `interpolation`: from the initial to the final weights, plus a random direction: the
  straight line that training could have taken, and the landscape beside it.
- `fixed`: directions read from a plane file of an earlier run: any run drawn on a plane
  chosen once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .io import InputError

METHODS = ("pca", "joint-pca", "random", "interpolation", "fixed")

# The names of each method's two directions, for axis labels (saved in the plane file).
AXES = {
    "pca": ("PC1", "PC2"),
    "joint-pca": ("joint PC1", "joint PC2"),
    "random": ("random direction 1", "random direction 2"),
    "interpolation": ("initial to final", "random direction"),
    "fixed": ("direction 1", "direction 2"),
}


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
    return _principal([theta], mean, theta[0].astype(np.float64) - theta[-1])


def joint_pca_directions(
    thetas: Sequence[np.ndarray], reference: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The two directions of largest spread of several trajectories about one `reference`
    point (the centre of the shared plane), so that one plane shows every path.

    thetas: each `(T_r, n_params)`. The rows theta - reference of all of them are decomposed
    together, not mean-centred: the plane passes through `reference`. Explained is each
    direction's share of the summed squared distance of all rows from `reference`. Signs put
    the first run's start at negative coordinates; missing directions are filled as in
    `pca_directions`. Returns `(2, n_params) float32` (orthonormal) and `(2,) float64`.
    """
    if len(thetas) == 0:
        raise ValueError("joint PCA needs at least one trajectory")
    ref = np.asarray(reference, dtype=np.float64)
    if any(np.ndim(t) != 2 or np.shape(t)[1] != len(ref) for t in thetas):
        raise ValueError(f"every trajectory needs {len(ref)} weights per row, like the "
                         f"reference; got {[np.shape(t) for t in thetas]}")
    return _principal(list(thetas), ref, np.asarray(thetas[0][0], dtype=np.float64) - ref)


def _principal(
    thetas: list[np.ndarray], offset: np.ndarray, first_step: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Top two right singular vectors of the rows of `thetas` minus `offset`, signed so that
    `first_step` has negative coordinates, with each one's share of the squared norm."""
    n_rows = sum(len(t) for t in thetas)
    # SVD of the small (rows, rows) Gram matrix is far cheaper than of (rows, n_params); it
    # is summed over blocks of columns so that memory stays at one float64 block.
    gram = np.zeros((n_rows, n_rows))
    for _, block in _centred_blocks(thetas, offset):
        gram += block @ block.T
    evals, evecs = np.linalg.eigh(gram)
    order = np.argsort(evals)[::-1]
    evals, evecs = np.clip(evals[order], 0.0, None), evecs[:, order]
    total = evals.sum()
    dirs = np.zeros((2, len(offset)))
    for cols, block in _centred_blocks(thetas, offset):
        dirs[: min(2, len(evals)), cols] = (block.T @ evecs[:, :2]).T
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


def _centred_blocks(thetas: list[np.ndarray], offset: np.ndarray, bytes_per_block: int = 2**23):
    """(column slice, float64 block of the stacked rows of `thetas` minus `offset`) over the
    columns."""
    n_rows = sum(len(t) for t in thetas)
    step = max(1, bytes_per_block // (8 * n_rows))
    for start in range(0, len(offset), step):
        cols = slice(start, start + step)
        yield cols, np.concatenate([t[:, cols] for t in thetas]).astype(np.float64) - offset[cols]


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


def filter_normalize(
    direction: np.ndarray, center: np.ndarray, shapes: Sequence[tuple[int, ...]],
    biases: bool = False,
) -> np.ndarray:
    """Filter normalisation (Li et al. 2018): each filter of `direction` `(n_params,)` is
    rescaled to the norm of the same filter of `center`, so that a step of 1 moves every
    neuron's weights by as much as their own size, whatever the layer's scale.

    `shapes` is the layout of the flat vectors (the shapes of `models.param_layout`). A
    filter is one row of a weight matrix: one neuron's incoming weights. Vectors (biases)
    are zeroed, as in Li et al., unless `biases`: then each bias vector counts as one filter.
    Returns `(n_params,) float64`.
    """
    d = np.array(direction, dtype=np.float64)
    c = np.asarray(center, dtype=np.float64)
    if d.ndim != 1 or d.shape != c.shape:
        raise ValueError(f"direction {d.shape} and center {c.shape} must be vectors of one size")
    if sum(math.prod(s) for s in shapes) != len(d):
        raise ValueError(f"the layout covers {sum(math.prod(s) for s in shapes)} weights, the "
                         f"vectors have {len(d)}")
    start = 0
    for shape in shapes:
        part = d[start : start + math.prod(shape)]  # a view: scaled in place
        ref = c[start : start + math.prod(shape)]
        if len(shape) >= 2:
            rows, ref_rows = part.reshape(shape[0], -1), ref.reshape(shape[0], -1)
            norms = np.linalg.norm(rows, axis=1, keepdims=True)
            rows *= np.linalg.norm(ref_rows, axis=1, keepdims=True) / np.where(norms > 0, norms,
                                                                               1.0)
        elif biases and np.linalg.norm(part) > 0:
            part *= np.linalg.norm(ref) / np.linalg.norm(part)
        else:
            part[:] = 0.0
        start += math.prod(shape)
    return d


def random_directions(
    center: np.ndarray, shapes: Sequence[tuple[int, ...]], seed: int, biases: bool = False
) -> np.ndarray:
    """Two Gaussian directions drawn from `seed`, each filter-normalised to `center` (see
    `filter_normalize`). In high dimension they are nearly orthogonal to each other and to
    any training path. Returns `(2, n_params) float32`."""
    rng = np.random.default_rng(seed)
    return np.stack([filter_normalize(rng.standard_normal(len(center)), center, shapes, biases)
                     for _ in range(2)]).astype(np.float32)


def interpolation_directions(
    theta_init: np.ndarray, theta_final: np.ndarray, shapes: Sequence[tuple[int, ...]],
    seed: int, biases: bool = False,
) -> np.ndarray:
    """d1 = theta_final - theta_init, so that around the final weights the start lies at
    a = -1 and the end at 0; d2 a filter-normalised random direction (`random_directions`)
    with its d1 component removed and its length kept. Returns `(2, n_params) float32`."""
    d1 = np.asarray(theta_final, dtype=np.float64) - np.asarray(theta_init, dtype=np.float64)
    if not np.linalg.norm(d1) > 0:
        raise ValueError("the initial and final weights are equal: no line to interpolate on")
    r = random_directions(theta_final, shapes, seed, biases)[0].astype(np.float64)
    d2 = r - (r @ d1) / (d1 @ d1) * d1
    d2 *= np.linalg.norm(r) / np.linalg.norm(d2)
    return np.stack([d1, d2]).astype(np.float32)


def variance_ratio(theta: np.ndarray, dirs: np.ndarray) -> np.ndarray:
    """Each direction's share of a trajectory's variance, the number PCA reports, for any
    directions: the variance of the path `(T, n_params)` along the unit vector of each row
    of `dirs` `(2, n_params)` over its total variance. `(2,) float64`; zeros for a path that
    does not move."""
    theta = np.asarray(theta)
    unit = np.asarray(dirs, dtype=np.float64)
    unit = unit / np.linalg.norm(unit, axis=1, keepdims=True)
    mean = theta.mean(axis=0, dtype=np.float64)
    along, total = np.zeros((len(theta), 2)), 0.0
    for cols, block in _centred_blocks([theta], mean):
        along += block @ unit[:, cols].T
        total += float((block**2).sum())
    return (along**2).sum(axis=0) / total if total > 0 else np.zeros(2)


def make_plane(
    method: str, thetas: Sequence[np.ndarray], reference: int = 0,
    shapes: Sequence[tuple[int, ...]] | None = None, *, seed: int = 0, biases: bool = False,
    fixed: dict | None = None,
) -> dict[str, np.ndarray]:
    """The plane of `method` (see the module's docstring) for the trajectories `thetas`
    (each `(T_r, n_params)`), centred on the final weights of `thetas[reference]`.

    `shapes` (the parameter layout) is needed by random and interpolation, `seed` and
    `biases` set their random direction; `fixed` (arrays `dirs`, `center` of an earlier
    plane file, see `check_fixed_plane`) by fixed, whose centre it also gives. pca,
    interpolation and `explained` use the reference's path; joint-pca all of them.
    Returns `dirs (2, n_params) float32`, `center (n_params,) float32`, `explained (2,)`
    (each direction's share of the variance that `pca_directions` or
    `joint_pca_directions` reports, `variance_ratio` for the others) and the `axes` names
    (2,) for labels.
    """
    ref = np.asarray(thetas[reference])
    center = ref[-1]
    if method == "pca":
        dirs, explained = pca_directions(ref)
    elif method == "joint-pca":
        dirs, explained = joint_pca_directions(thetas, center)
    elif method in ("random", "interpolation"):
        if shapes is None:
            raise ValueError(f"method {method!r} needs the parameter shapes")
        if method == "random" or not np.any(ref[0] != center):
            # A run that never moved has no line: random directions show its neighbourhood.
            method = "random"
            dirs = random_directions(center, shapes, seed, biases)
        else:
            dirs = interpolation_directions(ref[0], center, shapes, seed, biases)
        explained = variance_ratio(ref, dirs)
    elif method == "fixed":
        dirs, center = fixed["dirs"], fixed["center"]
        explained = variance_ratio(ref, dirs)
    else:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return {"dirs": np.asarray(dirs, dtype=np.float32),
            "center": np.asarray(center, dtype=np.float32), "explained": explained,
            "method": np.array(method), "axes": np.array(AXES[method])}


def shapes_for(trajectory: dict, method: str) -> list[tuple[int, ...]] | None:
    """The parameter shapes of a trajectory file's net (its `spec`) for the methods that
    need them (random, interpolation), else None: the models module, and torch with it, is
    imported only then (a second or two of start-up of every plane job)."""
    if method not in ("random", "interpolation"):
        return None
    from .models import param_shapes, spec_from_json

    return param_shapes(spec_from_json(str(trajectory["spec"])))


def check_fixed_plane(plane: dict, n_params: int, source: str) -> dict:
    """The `dirs` `(2, n_params)` and `center` `(n_params,)` of a plane file for the fixed
    method, checked: InputError naming `source` and the problem otherwise."""
    dirs, center = np.asarray(plane["dirs"]), np.asarray(plane["center"])
    if dirs.shape != (2, n_params) or center.shape != (n_params,):
        raise InputError(f"{source}: its plane has dirs {dirs.shape} and center "
                         f"{center.shape}; this model has {n_params} weights, so it needs "
                         f"(2, {n_params}) and ({n_params},): a plane of the same "
                         "architecture")
    if not (np.isfinite(dirs).all() and np.isfinite(center).all()):
        raise InputError(f"{source}: dirs or center has values that are not finite")
    if np.linalg.matrix_rank(dirs.astype(np.float64)) < 2:
        raise InputError(f"{source}: the two directions do not span a plane (zero or "
                         "parallel)")
    return {"dirs": dirs, "center": center}


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
