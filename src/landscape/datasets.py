"""Classification datasets: the toy 2D sets, scikit-learn's bundled digits and the user's file.

Every function returns X `(N, features) float32` and y `(N,) int64` in 0..K-1.
"""

from __future__ import annotations

import csv
import os
import zipfile
from pathlib import Path

import numpy as np
from sklearn import datasets as skd
from sklearn.preprocessing import StandardScaler

from .io import InputError


class DatasetError(InputError):
    """A data file that cannot be used; the message names the file and the problem."""


def spiral(
    classes: int = 3, points_per_class: int = 100, noise: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The classic K-arm spiral (CS231n).

    For class k: r = linspace(0, 1, N), t = linspace(4k, 4(k+1), N) + noise * normal,
    x = r * (sin t, cos t).

    Returns X `(classes*N, 2) float32` in [-1, 1] and y `(classes*N,) int64` in 0..classes-1.
    """
    rng = np.random.default_rng(seed)
    r = np.linspace(0.0, 1.0, points_per_class)
    xs, ys = [], []
    for k in range(classes):
        t = np.linspace(4.0 * k, 4.0 * (k + 1), points_per_class)
        t = t + noise * rng.standard_normal(points_per_class)
        xs.append(np.stack([r * np.sin(t), r * np.cos(t)], axis=1))
        ys.append(np.full(points_per_class, k))
    return np.concatenate(xs).astype(np.float32), np.concatenate(ys).astype(np.int64)


def _typed(X, y) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(X, dtype=np.float32), np.asarray(y, dtype=np.int64)


def moons(samples: int = 300, noise: float = 0.1, seed: int = 0):
    """Two interleaving half circles (scikit-learn's `make_moons`), 2 classes; x1 in about
    [-1, 2], x2 in [-0.5, 1] before noise; `noise` is the standard deviation of the added
    Gaussian noise."""
    return _typed(*skd.make_moons(n_samples=samples, noise=noise, random_state=seed))


def circles(samples: int = 300, noise: float = 0.05, factor: float = 0.5, seed: int = 0):
    """A circle of radius `factor` inside the unit circle (`make_circles`), 2 classes."""
    return _typed(*skd.make_circles(n_samples=samples, noise=noise, factor=factor,
                                    random_state=seed))


def blobs(classes: int = 3, samples: int = 300, cluster_std: float = 1.0, seed: int = 0):
    """`classes` Gaussian blobs with centres drawn uniformly from [-10, 10]^2
    (`make_blobs`)."""
    return _typed(*skd.make_blobs(n_samples=samples, centers=classes, n_features=2,
                                  cluster_std=cluster_std, random_state=seed))


def digits(classes: int = 10, standardize: bool = True):
    """The 8x8 handwritten digits bundled with scikit-learn (no download): 64 pixel features
    (0..16), the digits 0..classes-1 (1797 samples for all 10). Standardised features have
    zero mean and unit variance (pixels that never change stay 0)."""
    X, y = skd.load_digits(n_class=classes, return_X_y=True)
    return _typed(StandardScaler().fit_transform(X) if standardize else X, y)


def load_file(
    path: str | os.PathLike, label_column: int | str = -1, standardize: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The user's own data: an `.npz` with arrays `X (N, features)` and `y (N,)`, or a `.csv`
    with one sample per row, numeric features and an integer label column (the last one
    unless `label_column` names it by index or by header name; a first row that is not all
    numbers is taken as the header).

    Raises DatasetError naming the file and the problem: unreadable file, wrong shapes,
    non-finite or non-numeric values, labels that are not the integers 0..K-1.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".npz":
        X, y = _read_npz(path)
    elif suffix == ".csv":
        X, y = _read_csv(path, label_column)
    else:
        raise DatasetError(f"data file {path}: unknown format {suffix!r}; use .npz or .csv")
    X, y = check_dataset(X, y, str(path))
    if standardize:
        X = StandardScaler().fit_transform(X).astype(np.float32)
    return X, y


def _read_npz(path: Path) -> tuple[np.ndarray, np.ndarray]:
    if path.is_file() and not zipfile.is_zipfile(path):
        raise DatasetError(f"data file {path}: cannot be read as .npz (not a zip archive as "
                           f"numpy.savez writes)")
    try:
        with np.load(path, allow_pickle=False) as f:
            missing = [k for k in ("X", "y") if k not in f.files]
            if missing:
                raise DatasetError(f"data file {path}: lacks array(s) {missing} (has "
                                   f"{f.files}); save X (samples, features) and y (samples,)")
            return f["X"], f["y"]
    except DatasetError:
        raise
    except ValueError as e:
        if "allow_pickle" in str(e):
            raise DatasetError(f"data file {path}: holds object (pickled) arrays; save plain "
                               f"numeric arrays X and y") from e
        raise DatasetError(f"data file {path}: cannot be read as .npz ({e})") from e
    except Exception as e:
        raise DatasetError(f"data file {path}: cannot be read as .npz ({e})") from e


def _read_csv(path: Path, label_column: int | str) -> tuple[np.ndarray, np.ndarray]:
    try:
        with open(path, newline="") as f:
            rows = [row for row in csv.reader(f) if row and any(c.strip() for c in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise DatasetError(f"data file {path}: cannot be read as .csv ({e})") from e
    if not rows:
        raise DatasetError(f"data file {path}: is empty")
    header = None
    if not all(_is_number(c) for c in rows[0]):
        header, rows = [c.strip() for c in rows[0]], rows[1:]
    n_cols = len(header) if header is not None else len(rows[0])
    if n_cols < 2:
        raise DatasetError(f"data file {path}: needs at least 2 columns (features and a "
                           f"label), got {n_cols}")
    col = _column_index(label_column, header, n_cols, path)
    values = np.empty((len(rows), n_cols))
    for i, row in enumerate(rows):
        line = i + 1 + (header is not None)
        if len(row) != n_cols:
            raise DatasetError(f"data file {path}: line {line} has {len(row)} columns, "
                               f"expected {n_cols}")
        for j, cell in enumerate(row):
            try:
                values[i, j] = float(cell)
            except ValueError:
                raise DatasetError(f"data file {path}: line {line}, column {j + 1}: "
                                   f"{cell.strip()!r} is not a number") from None
    return np.delete(values, col, axis=1), values[:, col]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _column_index(label_column: int | str, header: list[str] | None, n_cols: int,
                  path: Path) -> int:
    if isinstance(label_column, str):
        if header is None or label_column not in header:
            names = f"the header has {header}" if header else "the file has no header row"
            raise DatasetError(f"data file {path}: no label column {label_column!r}; {names}")
        return header.index(label_column)
    if not -n_cols <= label_column < n_cols:
        raise DatasetError(f"data file {path}: label column {label_column} is out of range "
                           f"for {n_cols} columns")
    return label_column % n_cols


def check_dataset(X, y, source: str = "data") -> tuple[np.ndarray, np.ndarray]:
    """X and y as `float32 (N, F)` and `int64 (N,)`, or a DatasetError naming what is wrong:
    shapes, non-finite features, labels that are not the integers 0..K-1 with every class
    present (K >= 2)."""
    X, y = np.asarray(X), np.asarray(y)
    where = f"data file {source}"
    if X.ndim != 2 or X.shape[0] < 2 or X.shape[1] < 1:
        raise DatasetError(f"{where}: X must have shape (samples >= 2, features >= 1), got "
                           f"{X.shape}")
    if y.ndim != 1 or len(y) != len(X):
        raise DatasetError(f"{where}: y must have shape (samples,) = ({len(X)},) to match X, "
                           f"got {y.shape}")
    if not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise DatasetError(f"{where}: X must be numeric, got dtype {X.dtype}")
    if not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        raise DatasetError(f"{where}: y must hold integer labels, got dtype {y.dtype}")
    with np.errstate(over="ignore"):  # values beyond float32's range become inf: caught below
        X = X.astype(np.float32)
    bad = ~np.isfinite(X)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise DatasetError(f"{where}: X has {bad.sum()} non-finite value(s) (NaN or inf), the "
                           f"first at sample {row}, feature {col}")
    yf = y.astype(np.float64)
    if not np.isfinite(yf).all() or np.any(yf != np.round(yf)):
        i = int(np.flatnonzero(~np.isfinite(yf) | (yf != np.round(yf)))[0])
        raise DatasetError(f"{where}: labels must be integers 0..K-1, got {yf[i]:g} at sample "
                           f"{i}")
    labels = np.unique(yf).astype(np.int64)
    if labels[0] < 0:
        problem = "negative labels are not allowed"
    elif len(labels) < 2:
        problem = "at least 2 classes are needed"
    else:
        missing = sorted(set(range(int(labels[-1]) + 1)) - set(labels.tolist()))
        problem = f"missing {missing[:12]}" if missing else ""
    if problem:
        shown = labels.tolist() if len(labels) <= 12 else f"{labels[:12].tolist()}..."
        raise DatasetError(f"{where}: labels must be the integers 0..K-1 with every class "
                           f"present; got {shown} ({problem})")
    return X, yf.astype(np.int64)


def make_dataset(data: dict, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The dataset a config's `data` section describes (after validation: defaults filled)."""
    kind = data["kind"]
    if kind == "spiral":
        return spiral(data["classes"], data["points_per_class"], data["noise"], seed)
    if kind == "moons":
        return moons(data["samples"], data["noise"], seed)
    if kind == "circles":
        return circles(data["samples"], data["noise"], data["factor"], seed)
    if kind == "blobs":
        return blobs(data["classes"], data["samples"], data["cluster_std"], seed)
    if kind == "digits":
        return digits(data["classes"], data["standardize"])
    if kind == "file":
        return load_file(data["path"], data["label_column"], data["standardize"])
    raise ValueError(f"unknown data kind {kind!r}")
