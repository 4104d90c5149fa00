"""Animation frames: decision regions beside the loss landscape and the path so far.

The figure is built once; each frame only updates the moving artists and blits them over a
cached background, which is several times faster than drawing a new figure per frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402
from .plots import (  # noqa: E402
    axis_label,
    draw_data,
    draw_landscape,
    draw_path,
    draw_start,
    format_loss,
    log_levels,
    loss_colorbar,
    region_rgb,
)


@dataclass
class FrameData:
    """Everything one model's animation shows (see the `regions`, `grid` and `plane` files)."""

    model: str
    X: np.ndarray  # (N, 2) inputs
    y: np.ndarray  # (N,) labels
    x1: np.ndarray  # (W,) region mesh axes
    x2: np.ndarray  # (H,)
    classes: np.ndarray  # (F, H, W) predicted class per frame
    conf: np.ndarray  # (F, H, W) its probability
    a: np.ndarray  # (Pa,) grid axes
    b: np.ndarray  # (Pb,)
    loss_grid: np.ndarray  # (Pb, Pa)
    path: np.ndarray  # (T, 2) projected weights of every recorded epoch
    explained: np.ndarray  # (2,) explained variance ratio, or NaN when not PCA
    epochs: np.ndarray  # (F,) index into path of each frame
    loss: np.ndarray  # (T,) training loss per recorded epoch
    acc: np.ndarray  # (T,) training accuracy
    diverged_at: int = -1


class FrameRenderer:
    """Draws frame i of an animation into an RGB array, reusing one figure."""

    def __init__(self, data: FrameData, width: int = 1280, height: int = 640, dpi: int = 100):
        if width % 2 or height % 2:
            raise ValueError(f"frame size must be even for H.264, got {width}x{height}")
        self.data = data
        plt.rcParams.update(style.RC)
        self.fig = plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi,
                              layout="constrained")
        left, right = self.fig.subplots(1, 2, width_ratios=(1, 1.25))
        d = data
        n_classes = int(max(d.y.max(), d.classes.max())) + 1
        self.n_classes = n_classes

        self.image = left.imshow(
            region_rgb(d.classes[0], d.conf[0], n_classes), origin="lower",
            extent=(d.x1[0], d.x1[-1], d.x2[0], d.x2[-1]), aspect="auto",
            interpolation="bilinear", animated=True)
        self.points = draw_data(left, d.X, d.y, animated=True)
        left.set(title="Decision regions", xlabel="$x_1$", ylabel="$x_2$")

        levels = log_levels(d.loss_grid)
        filled = draw_landscape(right, d.a, d.b, d.loss_grid, levels)
        loss_colorbar(self.fig, filled, right)
        draw_start(right, d.path[0])
        self.line, self.point = draw_path(right, d.path[:1], animated=True)
        ev = [None if not np.isfinite(r) else float(r) for r in d.explained]
        right.set(title="Loss landscape and training path", xlabel=axis_label("PC1", ev[0]),
                  ylabel=axis_label("PC2", ev[1]), xlim=(d.a[0], d.a[-1]),
                  ylim=(d.b[0], d.b[-1]))
        self.title = self.fig.suptitle(self._title(len(d.epochs) - 1), animated=True)

        self.fig.canvas.draw()
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        # Spines are redrawn so the region image, blitted last, does not cover them.
        self.animated = (self.image, self.points, *left.spines.values(), self.line,
                         self.point, self.title)

    def _title(self, i: int) -> str:
        """Model, epoch, loss and accuracy; the last frame of a run that diverged says so on
        a second line (the path ends at the last finite epoch)."""
        d = self.data
        e = int(d.epochs[i])
        last = len(d.path) - 1
        text = (f"{d.model}   epoch {e}/{last}   loss {format_loss(d.loss[e])}   "
                f"accuracy {100 * d.acc[e]:.1f}%")
        if d.diverged_at >= 0 and e == last:
            text += f"\ntraining diverged at epoch {d.diverged_at} (loss not finite) and stopped"
        return text

    def render(self, i: int) -> np.ndarray:
        """Frame i as `(height, width, 3) uint8`."""
        d = self.data
        e = int(d.epochs[i])
        self.image.set_data(region_rgb(d.classes[i], d.conf[i], self.n_classes))
        self.line.set_data(d.path[: e + 1, 0], d.path[: e + 1, 1])
        self.point.set_data(d.path[e : e + 1, 0], d.path[e : e + 1, 1])
        self.title.set_text(self._title(i))
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for artist in self.animated:
            self.fig.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()

    def close(self) -> None:
        plt.close(self.fig)
