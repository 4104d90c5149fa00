"""Several models side by side, epoch by epoch: what each predicts (top row) over its loss
landscape and path (a row for the training loss, and one for the held-out test loss where
asked), on one loss colour scale, e.g. a deep net with and without skip connections (Li et
al. 2018)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402
from .frames import (  # noqa: E402
    BlitRenderer,
    ClassPanel,
    FrameData,
    LandscapePanel,
    landscape_title,
    scores,
    shown_landscapes,
)
from .plots import log_levels, loss_colorbar  # noqa: E402


def comparison_height(width: int, n_models: int, rows: int = 2) -> int:
    """Pixel height (even) of a comparison frame `width` wide: `rows` rows of panels about
    0.8 times as tall as a column is wide, plus room for the titles."""
    height = int(round(rows * 0.8 * width / n_models + 35 * rows))
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
    its own model's PCA plane: axes are not comparable across panels). `landscape` chooses
    the landscape rows as for one model's frames (`frames.shown_landscapes`).
    """

    def __init__(self, models: list[FrameData], width: int = 1280, height: int | None = None,
                 dpi: int = 100, landscape: str = "both"):
        # The same rows for every model: test rows only where every model has a test set.
        if any(d.test_loss_grid is None for d in models):
            landscape = "train"
        shown = [shown_landscapes(d, landscape) for d in models]
        kinds = [k for k, _ in shown[0]]
        rows = 1 + len(kinds)
        height = comparison_height(width, len(models), rows) if height is None else height
        if width % 2 or height % 2:
            raise ValueError(f"frame size must be even for H.264, got {width}x{height}")
        self.models = models
        self.epochs = max(models, key=lambda d: len(d.path)).epochs
        plt.rcParams.update(style.RC)
        self.fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi,
                              layout="constrained")
        axes = self.fig.subplots(rows, len(models), squeeze=False)
        levels = log_levels(np.concatenate([loss.ravel() for grids in shown
                                            for _, loss in grids]))
        self.tops, self.landscapes, self.headers = [], [], []
        for d, grids, column in zip(models, shown, axes.T, strict=True):
            self.tops.append(ClassPanel(column[0], d, legend=not self.tops))  # one legend
            for (kind, loss), ax in zip(grids, column[1:], strict=True):
                self.landscapes.append(LandscapePanel(ax, d, levels,
                                                       landscape_title(kind, len(kinds)), loss))
            self.headers.append(column[0].set_title(d.model, animated=True))
        self.kinds = kinds
        # One scale for all: any panel with a finite loss gives the colorbar.
        filled = next((p.filled for p in self.landscapes if p.filled is not None), None)
        loss_colorbar(self.fig, filled, list(axes[1:].ravel()))
        self.title = self.fig.suptitle("", animated=True)
        self.wrap = False  # what is shown below the epoch on a line of its own
        self.update(len(self.epochs) - 1)
        if self._too_wide(self.title):
            self.wrap = True
            self.update(len(self.epochs) - 1)  # the layout makes room for the longest titles
        self._cache_background()
        self.animated = tuple(a for p in (*self.tops, *self.landscapes) for a in p.artists)
        self.animated += (*self.headers, self.title)

    def update(self, i: int) -> None:
        epoch = int(self.epochs[i])
        top = "decision regions" if self.models[0].confusion is None else "confusion matrices"
        below = {("train",): "loss landscape in each model's PCA plane (bottom)",
                 ("test",): "test loss landscape in each model's PCA plane (bottom)",
                 ("train", "test"): "training and test loss in each model's PCA plane "
                                    "(below)"}[tuple(self.kinds)]
        sep = ":\n" if self.wrap else ": "
        self.title.set_text(f"epoch {epoch}/{int(self.epochs[-1])}{sep}{top} (top) and {below}")
        n = len(self.kinds)
        for k, (d, top, header) in enumerate(zip(self.models, self.tops, self.headers,
                                                 strict=True)):
            e = min(epoch, len(d.path) - 1)
            top.update(frame_index(d.epochs, e))
            for landscape in self.landscapes[k * n : (k + 1) * n]:
                landscape.update(e)
            if d.test_loss is None:
                text = f"{d.model}: {scores(d, e, sep=', ')}"
            else:  # three lines: the model, its training and its test scores
                text = "\n".join([d.model, scores(d, e, sep="\n")])
            if d.diverged_at >= 0 and e == len(d.path) - 1:
                text += f" (diverged at epoch {d.diverged_at})"
            header.set_text(text)
