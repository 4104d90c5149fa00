"""Several models side by side, epoch by epoch: what each predicts (top row) over its loss
landscape and path (bottom row), on one loss colour scale, e.g. a deep net with and without
skip connections (Li et al. 2018)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402
from .frames import BlitRenderer, ClassPanel, FrameData, LandscapePanel  # noqa: E402
from .plots import format_loss, log_levels, loss_colorbar  # noqa: E402


def comparison_height(width: int, n_models: int) -> int:
    """Pixel height (even) of a comparison frame `width` wide: two rows of panels about
    0.8 times as tall as a column is wide, plus room for the titles."""
    height = int(round(2 * 0.8 * width / n_models + 70))
    return height + height % 2


def frame_index(epochs: np.ndarray, epoch: int) -> int:
    """Index of the last entry of `epochs` (increasing) at or before `epoch` (0 if none), so
    a model with fewer recorded epochs holds its last frame."""
    return max(int(np.searchsorted(epochs, epoch, side="right")) - 1, 0)


class ComparisonRenderer(BlitRenderer):
    """Draws frame i of a side-by-side animation of `models` (their FrameData, left to
    right) into an RGB array.

    Frames follow the recorded epochs of the model with the longest path; a model whose path
    is shorter (fewer epochs, or diverged) stays at its last epoch. All landscapes share one
    log colour scale, so a colour means the same loss in every panel (each panel is still
    its own model's PCA plane: axes are not comparable across panels).
    """

    def __init__(self, models: list[FrameData], width: int = 1280, height: int | None = None,
                 dpi: int = 100):
        height = comparison_height(width, len(models)) if height is None else height
        if width % 2 or height % 2:
            raise ValueError(f"frame size must be even for H.264, got {width}x{height}")
        self.models = models
        self.epochs = max(models, key=lambda d: len(d.path)).epochs
        plt.rcParams.update(style.RC)
        self.fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi,
                              layout="constrained")
        axes = self.fig.subplots(2, len(models), squeeze=False)
        finite = np.concatenate([d.loss_grid[np.isfinite(d.loss_grid)] for d in models])
        levels = log_levels(finite)
        self.tops, self.landscapes, self.headers = [], [], []
        for d, top, bottom in zip(models, axes[0], axes[1], strict=True):
            self.tops.append(ClassPanel(top, d))
            self.landscapes.append(LandscapePanel(bottom, d, levels,
                                                   "Loss landscape and training path"))
            self.headers.append(top.set_title(d.model, animated=True))
        # One scale for all: any panel with a finite loss gives the colorbar.
        filled = next((p.filled for p in self.landscapes if p.filled is not None), None)
        loss_colorbar(self.fig, filled, list(axes[1]))
        self.title = self.fig.suptitle("", animated=True)
        self.update(len(self.epochs) - 1)  # the layout makes room for the longest titles
        self._cache_background()
        self.animated = tuple(a for p in (*self.tops, *self.landscapes) for a in p.artists)
        self.animated += (*self.headers, self.title)

    def update(self, i: int) -> None:
        epoch = int(self.epochs[i])
        top = "decision regions" if self.models[0].confusion is None else "confusion matrices"
        self.title.set_text(f"epoch {epoch}/{int(self.epochs[-1])}: {top} (top) and loss "
                            f"landscape in each model's PCA plane (bottom)")
        for d, top, landscape, header in zip(self.models, self.tops, self.landscapes,
                                             self.headers, strict=True):
            e = min(epoch, len(d.path) - 1)
            top.update(frame_index(d.epochs, e))
            landscape.update(e)
            text = f"{d.model}: loss {format_loss(d.loss[e])}, accuracy {100 * d.acc[e]:.1f}%"
            if d.diverged_at >= 0 and e == len(d.path) - 1:
                text += f" (diverged at epoch {d.diverged_at})"
            header.set_text(text)
