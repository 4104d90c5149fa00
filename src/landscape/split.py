"""A held-out test set: the study's data split into training and test samples, stratified by
class, so that what the optimiser minimises (the training loss) can be set beside the loss on
data it has never seen.
"""

from __future__ import annotations

import numpy as np
from sklearn.preprocessing import StandardScaler

from .datasets import DatasetError, make_dataset

# The split draws from a stream of its own, so that splitting leaves the data noise and the
# weight init drawn from the same seed unchanged (and fraction 0 gives the data as before).
SPLIT_STREAM = 7357


def split_indices(
    y: np.ndarray, fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the training and the test samples, `(N - M,)` and `(M,)` int64, each in
    increasing order (the data's own order), disjoint and together 0..N-1.

    Each class k of n_k samples gives round(fraction * n_k) of them to the test set, at least
    one and at most n_k - 1, so every class is in both parts; which ones is drawn by a
    generator seeded with `seed`. `fraction` 0 keeps every sample for training.

    Raises DatasetError when a class has a single sample (it cannot be in both parts).
    """
    y = np.asarray(y)
    if not 0.0 <= fraction < 1.0:
        raise ValueError(f"test fraction must be in [0, 1), got {fraction}")
    if fraction == 0:
        return np.arange(len(y)), np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng([seed, SPLIT_STREAM])
    test = []
    for k in np.unique(y):
        members = np.flatnonzero(y == k)
        if len(members) < 2:
            raise DatasetError(f"class {k} has {len(members)} sample; a held-out split needs at "
                               f"least 2 per class (or set data.test_fraction: 0)")
        n_test = int(np.clip(np.floor(fraction * len(members) + 0.5), 1, len(members) - 1))
        test.append(rng.permutation(members)[:n_test])
    test = np.sort(np.concatenate(test))
    return np.setdiff1d(np.arange(len(y)), test), test


def standardized(X_train: np.ndarray, X_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both parts scaled with the mean and standard deviation of the training part only (the
    test samples must not shape the inputs the model learns from); `float32`. Features that
    never change in the training part stay as they are, minus their mean."""
    scaler = StandardScaler().fit(X_train.astype(np.float64))
    return tuple(scaler.transform(X.astype(np.float64)).astype(np.float32) if len(X)
                 else X.astype(np.float32) for X in (X_train, X_test))


def split_dataset(data: dict, seed: int) -> dict[str, np.ndarray]:
    """The dataset a config's `data` section describes, split by `data["test_fraction"]`:
    X `(N - M, features) float32` and y `(N - M,) int64` for training, X_test and y_test
    `(M, ...)` held out (M = 0 without a split). Where `data["standardize"]`, the features
    are standardised with the training part's statistics."""
    scale = bool(data.get("standardize", False))
    X, y = make_dataset({**data, "standardize": False}, seed)
    train, test = split_indices(y, data["test_fraction"], seed)
    X_train, X_test = X[train], X[test]
    if scale:
        X_train, X_test = standardized(X_train, X_test)
    return {"X": X_train, "y": y[train], "X_test": X_test, "y_test": y[test]}
