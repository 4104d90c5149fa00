"""Animation and figure of a surface of three weights seen through 2D slices at fixed w3.

Each frame is the slice (w1, w2) at one w3, on one colour scale for the whole sweep, with
the slice's lowest point and the trail of the lowest points of the slices before it; beside
it, the lowest value of every slice against w3, with the current w3 marked. The slice
itself changes every frame, so its contours are redrawn, over a background that the frame
renderer (`frames.BlitRenderer`) caches once.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402
from .frames import BlitRenderer  # noqa: E402
from .plots import (  # noqa: E402
    draw_contours,
    frame_figure,
    loss_colorbar,
    surface_levels,
)
from .trajectory import frame_indices  # noqa: E402

LEVEL_QUANTILE = 0.75  # values above this share of all slices' values get the top colour


@dataclass
class SliceData:
    """A sweep of slices (`slices.slice_sweep` arrays) and what to show of it."""

    name: str
    formula: str  # mathtext
    w1: np.ndarray  # (P1,)
    w2: np.ndarray  # (P2,)
    w3: np.ndarray  # (S,) the fixed third weight of each slice
    values: np.ndarray  # (S, P2, P1), rows index w2
    minimum: np.ndarray  # (S, 2) lowest point of each slice
    min_value: np.ndarray  # (S,)
    log_scale: bool  # colour scale of the contours
    frames: np.ndarray  # (F,) slice shown by each frame

    @property
    def levels(self) -> np.ndarray:
        """One set of contour levels for every slice, up to the LEVEL_QUANTILE of all values:
        the walls of a surface rise far above its valleys, and a scale over the whole range
        would give the valleys, which are what changes, a colour or two."""
        top = float(np.quantile(self.values, LEVEL_QUANTILE))
        return surface_levels(np.minimum(self.values, top), self.log_scale)

    def norm(self, levels: np.ndarray):
        return (mcolors.LogNorm if self.log_scale else mcolors.Normalize)(levels[0],
                                                                           levels[-1])


def slice_data(surface, sweep: dict, max_frames: int = 50) -> SliceData:
    """A three-weight surface (`surfaces.Surface`) and its sweep (`slices.slice_sweep`
    arrays) as what the renderer and the figure draw."""
    return SliceData(name=surface.name, formula=surface.formula, w1=sweep["w1"],
                     w2=sweep["w2"], w3=sweep["w3"], values=sweep["values"],
                     minimum=sweep["minimum"], min_value=sweep["min_value"],
                     log_scale=surface.log_scale,
                     frames=frame_indices(len(sweep["w3"]), max_frames))


def slice_title(d: SliceData, k: int) -> str:
    x, y = d.minimum[k]
    return (f"$w_3$ = {d.w3[k]:.2f}: lowest {d.min_value[k]:.3g} "
            f"at ({x:.2f}, {y:.2f})")


def draw_slice(ax, d: SliceData, k: int, levels: np.ndarray, **kw) -> list:
    """The contours of slice k (every slice on the colour scale of `levels`). Returns the
    contour artists."""
    return list(draw_contours(ax, d.w1, d.w2, d.values[k], levels, d.norm(levels), **kw))


def draw_slice_minimum(ax, d: SliceData, k: int, scale: float = 1.0, **kw) -> tuple:
    """The lowest point of slice k (a star) and of the slices before it (small dots: a
    trail, which may jump when another valley becomes the lowest). Returns (trail, star)."""
    (trail,) = ax.plot(d.minimum[:k, 0], d.minimum[:k, 1], "o", ls="none", ms=3.5 * scale,
                       mfc="white", mec="black", mew=0.5 * scale, zorder=5, **kw)
    (star,) = ax.plot(d.minimum[k:k + 1, 0], d.minimum[k:k + 1, 1],
                      style.CRITICAL_MARKERS["minimum"], ms=16 * scale,
                      mfc=style.POINT_COLOR, mec="white", mew=1.2 * scale, zorder=6, **kw)
    return trail, star


def set_slice_axes(ax, d: SliceData) -> None:
    ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=(d.w1[0], d.w1[-1]), ylim=(d.w2[0], d.w2[-1]),
           aspect="equal")


def sweep_series(d: SliceData, what: str) -> tuple[np.ndarray, list, list, str]:
    """What a panel over the sweep shows: the lowest loss of each slice (`what` = "value")
    or where it lies ("where": its w1 and w2). Returns the series `(n, S)`, their labels,
    colours and the axis label."""
    if what == "value":
        return d.min_value[None], [None], ["0.3"], "lowest loss of the slice"
    # (not SERIES_COLORS[1]: that is the marker's colour)
    colors = [style.SERIES_COLORS[0], style.SERIES_COLORS[2]]
    return d.minimum.T, ["$w_1$", "$w_2$"], colors, "where it lies"


def draw_sweep_panel(ax, d: SliceData, what: str, scale: float = 1.0) -> None:
    """The lowest point of every slice against w3, over the whole sweep (`sweep_series`)."""
    series, labels, colors, ylabel = sweep_series(d, what)
    for row, label, color in zip(series, labels, colors, strict=True):
        ax.plot(d.w3, row, color=color, lw=1.5 * scale, zorder=2, label=label)
    # A constant series (the orbit's lowest loss, 0) still gets a range: 2% of the surface's.
    span = float(np.ptp(d.values)) if what == "value" else float(d.w1[-1] - d.w1[0])
    pad = max(0.08 * float(np.ptp(series)), 0.02 * span)
    ax.set(xlim=(d.w3[0], d.w3[-1]), xlabel="$w_3$", ylabel=ylabel,
           ylim=(float(series.min()) - pad, float(series.max()) + pad))
    if labels[0]:
        ax.legend(loc="best", ncols=2)
    ax.grid(alpha=0.3)


def draw_w3_marker(ax, d: SliceData, k: int, what: str, scale: float = 1.0, **kw) -> list:
    """Where slice k lies in the sweep: a vertical line at its w3 and a point on each
    series of `sweep_series`. Returns the line and the points."""
    series, _, _, _ = sweep_series(d, what)
    artists = [ax.axvline(d.w3[k], color=style.POINT_COLOR, lw=1.2 * scale, zorder=3, **kw)]
    artists += [ax.plot([d.w3[k]], [row[k]], "o", ms=8 * scale, color=style.POINT_COLOR,
                        mec="black", mew=scale, zorder=4, clip_on=False, **kw)[0]
                for row in series]
    return artists


def move_w3_marker(artists: list, d: SliceData, k: int, what: str) -> None:
    series, _, _, _ = sweep_series(d, what)
    line, *points = artists
    line.set_xdata([d.w3[k], d.w3[k]])
    for point, row in zip(points, series, strict=True):
        point.set_data([d.w3[k]], [row[k]])


class SliceRenderer(BlitRenderer):
    """Draws frame i of a slice sweep into an RGB array, reusing one figure: the contours
    of the current slice and the moving markers are redrawn over a cached background."""

    def __init__(self, data: SliceData, width: int = 1280, height: int = 640, dpi: int = 100):
        self.data = d = data
        self.fig = frame_figure(width, height, dpi)
        axes = self.fig.subplot_mosaic([["slice", "value"], ["slice", "where"]],
                                        width_ratios=(1.35, 1))
        self.ax = axes["slice"]
        self.levels = d.levels
        k = int(d.frames[0])
        self.contours = draw_slice(self.ax, d, k, self.levels, animated=True)
        label = "loss (log scale)" if d.log_scale else "loss"
        loss_colorbar(self.fig, self.contours[0], self.ax, label=label, log=d.log_scale)
        set_slice_axes(self.ax, d)
        self.trail, self.star = draw_slice_minimum(self.ax, d, k, animated=True)
        self.slice_title = self.ax.set_title(slice_title(d, k), animated=True)
        self.markers = {}
        for what in ("value", "where"):
            draw_sweep_panel(axes[what], d, what)
            self.markers[what] = draw_w3_marker(axes[what], d, k, what, animated=True)
        axes["value"].set(xlabel=None, title="the lowest point of every slice, and this one")
        self.fig.suptitle(f"{d.name}: {d.formula}, sliced at fixed $w_3$ "
                          f"(range {d.w3[0]:.2f} to {d.w3[-1]:.2f})")
        self._cache_background()
        self.spines = tuple(self.ax.spines.values())

    @property
    def animated(self) -> tuple:
        # Spines last, so the contours, blitted over them, do not cover them.
        return (*self.contours, self.trail, self.star, self.slice_title,
                *self.markers["value"], *self.markers["where"], *self.spines)

    def update(self, i: int) -> None:
        d, k = self.data, int(self.data.frames[i])
        for artist in self.contours:
            artist.remove()
        self.contours = draw_slice(self.ax, d, k, self.levels, animated=True)
        self.trail.set_data(d.minimum[:k, 0], d.minimum[:k, 1])
        self.star.set_data(d.minimum[k:k + 1, 0], d.minimum[k:k + 1, 1])
        self.slice_title.set_text(slice_title(d, k))
        for what, artists in self.markers.items():
            move_w3_marker(artists, d, k, what)


def slices_figure(d: SliceData, panels: int = 4, size: tuple[float, float] = (7.0, 2.9)):
    """A static figure for papers, `size` inches in the print style (`style.PAPER_RC`):
    `panels` slices evenly spread over the sweep on one colour scale, each with its lowest
    point and the trail of those before, and the lowest value of every slice against w3
    with the shown ones marked. Returns the Figure (save it with `figures.save_figure`)."""
    scale = style.PAPER_PATH_SCALE
    shown = frame_indices(len(d.w3), panels)
    levels = d.levels
    with plt.rc_context(style.PAPER_RC):
        fig = plt.figure(figsize=size, layout="constrained")
        axes = fig.subplots(1, len(shown) + 1, width_ratios=[1] * len(shown) + [1.3])
        for ax, k in zip(axes, shown, strict=False):
            filled = draw_slice(ax, d, int(k), levels)[0]
            draw_slice_minimum(ax, d, int(k), scale)
            set_slice_axes(ax, d)
            ax.set_title(f"$w_3$ = {d.w3[k]:.2f}")
            if ax is not axes[0]:
                ax.set(ylabel=None, yticklabels=[])
        label = "loss (log scale)" if d.log_scale else "loss"
        loss_colorbar(fig, filled, list(axes[:-1]), label=label, log=d.log_scale,
                      location="bottom", shrink=0.6, aspect=40)
        side = axes[-1]
        draw_sweep_panel(side, d, "value", scale)
        side.set_box_aspect(1)  # as tall as the slices beside it
        side.plot(d.w3[shown], d.min_value[shown], "o", ms=5 * scale,
                  color=style.POINT_COLOR, mec="black", mew=0.5 * scale, zorder=4,
                  clip_on=False)
        side.set_title("every slice's lowest loss")
        fig.suptitle(f"{d.name}: {d.formula}")
    return fig
