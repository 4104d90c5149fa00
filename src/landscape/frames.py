"""Animation frames: decision regions beside the loss landscape and the path so far.

The figure is built once; each frame only updates the moving artists and blits them over a
cached background, which is several times faster than drawing a new figure per frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402


def log_levels(loss: np.ndarray, n: int = 25) -> np.ndarray:
    """`n` log-spaced contour levels spanning the finite values of `loss`; a flat landscape
    still gets a small increasing range."""
    finite = loss[np.isfinite(loss)]
    if finite.size == 0:
        return np.geomspace(0.1, 10.0, n)
    lo = max(float(finite.min()), 1e-6)
    hi = max(float(finite.max()), lo * (1 + 1e-3))
    return np.geomspace(lo, hi, n)


def region_rgb(classes: np.ndarray, conf: np.ndarray, n_classes: int) -> np.ndarray:
    """Pale class colours, paler where the model is unsure. classes and conf `(H, W)`;
    returns `(H, W, 3) float32` in [0, 1]."""
    colors = np.array([mcolors.to_rgb(c) for c in style.CLASS_COLORS[:n_classes]], np.float32)
    certainty = np.clip((conf - 1.0 / n_classes) / (1.0 - 1.0 / n_classes), 0.0, 1.0)
    tint = (0.25 + 0.45 * certainty)[..., None]
    return (1.0 - tint) + tint * colors[classes]


def axis_label(name: str, ratio: float | None) -> str:
    return name if ratio is None else f"{name} ({100 * ratio:.1f}% of variance)"


def draw_data(ax, X: np.ndarray, y: np.ndarray, **kw):
    """Scatter the samples coloured by class; returns the PathCollection."""
    colors = np.array(style.CLASS_COLORS, dtype=object)[y]
    return ax.scatter(X[:, 0], X[:, 1], c=list(colors), s=12, edgecolors="black",
                      linewidths=0.4, zorder=3, **kw)


def draw_landscape(ax, a: np.ndarray, b: np.ndarray, loss: np.ndarray, levels: np.ndarray):
    """Filled log-spaced contours of `loss` `(len(b), len(a))`; non-finite cells stay grey.
    Returns the filled ContourSet (for a colorbar)."""
    norm = mcolors.LogNorm(vmin=levels[0], vmax=levels[-1])
    ax.set_facecolor("0.6")
    masked = np.ma.masked_invalid(np.clip(loss, levels[0], None))
    filled = ax.contourf(a, b, masked, levels=levels, norm=norm, cmap=style.LOSS_CMAP,
                         extend="max")
    ax.contour(a, b, masked, levels=levels[::3], norm=norm, colors="black",
               linewidths=0.4, alpha=0.35)
    return filled


def log_ticks(lo: float, hi: float, n: int = 5) -> np.ndarray:
    """Readable colorbar ticks for a log scale from lo to hi: 1, 2, 5 x 10^k where the range
    covers a decade or more, else about `n` log-spaced values rounded to two digits."""
    if hi / lo >= 10:
        k = np.arange(np.floor(np.log10(lo)), np.ceil(np.log10(hi)) + 1)
        ticks = (10.0 ** k[:, None] * np.array([1.0, 2.0, 5.0])).ravel()
    else:
        ticks = np.array([float(f"{t:.2g}") for t in np.geomspace(lo, hi, n)])
        if len(np.unique(ticks)) < 3:
            ticks = np.array([float(f"{t:.3g}") for t in np.geomspace(lo, hi, n)])
    return np.unique(ticks[(ticks >= lo) & (ticks <= hi)])


def loss_colorbar(fig, filled, ax, label: str = "loss (log scale)"):
    """Colorbar of a log-scale landscape with plain, readable ticks."""
    cbar = fig.colorbar(filled, ax=ax, label=label)
    cbar.set_ticks(log_ticks(filled.levels[0], filled.levels[-1]))
    cbar.formatter = mticker.FormatStrFormatter("%g")
    cbar.minorticks_off()
    return cbar


def draw_path(ax, path: np.ndarray, **kw):
    """The path as a white line with a dark outline, and its current point; returns both."""
    (line,) = ax.plot(path[:, 0], path[:, 1], color=style.PATH_COLOR, lw=1.8, zorder=4,
                      path_effects=[pe.Stroke(linewidth=3.2, foreground="black"), pe.Normal()],
                      **kw)
    (point,) = ax.plot(path[-1:, 0], path[-1:, 1], "o", ms=9, color=style.POINT_COLOR,
                       mec="white", mew=1.5, zorder=5, **kw)
    return line, point


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
        right.plot(*d.path[0], "o", ms=7, mfc="none", mec="white", mew=1.5, zorder=4)
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
        d = self.data
        e = int(d.epochs[i])
        last = len(d.path) - 1
        text = (f"{d.model}   epoch {e}/{last}   loss {d.loss[e]:.3f}   "
                f"accuracy {100 * d.acc[e]:.1f}%")
        if d.diverged_at >= 0 and e == last:
            text += f"   (diverged at epoch {d.diverged_at})"
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
