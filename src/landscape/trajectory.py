"""Which recorded epochs of a training run become animation frames."""

from __future__ import annotations

import numpy as np


def frame_indices(n_points: int, max_frames: int) -> np.ndarray:
    """At most `max_frames` evenly spread indices into a path of `n_points`, always keeping
    the first and the last. `(F,) int64`, increasing."""
    if max_frames < 2 or n_points <= max_frames:
        return np.arange(n_points) if max_frames >= 2 else np.array([n_points - 1])
    return np.unique(np.round(np.linspace(0, n_points - 1, max_frames)).astype(np.int64))
