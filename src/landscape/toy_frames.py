"""Animations and figures of optimiser paths on textbook surfaces.

A 2D surface is drawn as a contour map with the paths of all optimisers and its critical
points, beside the loss of each optimiser per step; a 1D surface as its curve with the
optimisers' current points on it, beside their position per step. As for the networks, the
figure is built once and each frame only redraws the moving artists (`frames.BlitRenderer`).
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from . import style  # noqa: E402
from .frames import BlitRenderer  # noqa: E402
from .methods import OPTIMIZER_LABELS  # noqa: E402
from .plots import (  # noqa: E402
    critical_labels,
    draw_critical_points,
    draw_landscape,
    draw_paths,
    draw_start,
    frame_figure,
    last_finite,
    loss_colorbar,
    path_marker_sizes,
    surface_levels,
    visible_path,
)
from .surfaces import surface_grid  # noqa: E402
from .trajectory import frame_indices  # noqa: E402


@dataclass
class ToyData:
    """Everything a toy animation or figure shows (see the `paths` and `critical_points`
    files of the toy rules)."""

    name: str
    formula: str  # mathtext
    axes: list  # one (P,) array per weight
    values: np.ndarray  # (P,) for 1D; (P, P) for 2D, rows index w2
    log_scale: bool  # colour scale of 2D contours
    methods: list  # (O,) optimiser method names (keys of style.OPTIMIZER_COLORS)
    labels: list  # (O,) legend text, e.g. "Adam (lr 0.1)"
    paths: np.ndarray  # (O, T, dim) weights per step, NaN after a path stopped
    losses: np.ndarray  # (O, T) value per step, NaN after a path stopped
    frames: np.ndarray  # (F,) step shown by each frame
    critical: list  # dicts with position, value, kind, probe

    @property
    def dim(self) -> int:
        return self.paths.shape[-1]

    @property
    def colors(self) -> list:
        return [style.OPTIMIZER_COLORS.get(m, "black") for m in self.methods]

    @property
    def steps(self) -> int:
        return self.paths.shape[1] - 1


def method_label(method: str, lr: float) -> str:
    return f"{OPTIMIZER_LABELS.get(method, method)} (lr {lr:g})"


def _critical_xy(d: ToyData) -> tuple[np.ndarray, list, list]:
    """Where to mark each critical point: (w1, w2), or (x, value) on a 1D curve; its kind
    and its text label."""
    if not d.critical:
        return np.zeros((0, 2)), [], []
    pos = np.array([c["position"] for c in d.critical], dtype=np.float64)
    values = [c["value"] for c in d.critical]
    xy = pos if d.dim == 2 else np.stack([pos[:, 0], values], 1)
    kinds = [c["kind"] for c in d.critical]
    return xy, kinds, critical_labels(kinds, values, [c["probe"] for c in d.critical])


def draw_toy_landscape(fig, ax, d: ToyData, scale: float = 1.0, max_text: int = 12):
    """The static part of the left panel: contour (2D, with colorbar) or curve (1D), the
    critical points (labelled when there are at most `max_text` of a kind) and the common
    start. `scale` shrinks lines and markers (paper figures). Returns the colour norm (2D)
    or None."""
    xy, kinds, labels = _critical_xy(d)
    if d.dim == 2:
        levels = surface_levels(d.values, d.log_scale)
        filled = draw_landscape(ax, d.axes[0], d.axes[1], d.values, levels, log=d.log_scale)
        label = "loss (log scale)" if d.log_scale else "loss"
        loss_colorbar(fig, filled, ax, label=label, log=d.log_scale)
        draw_start(ax, d.paths[0, 0], scale=1.7 * scale)
        ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=(d.axes[0][0], d.axes[0][-1]),
               ylim=(d.axes[1][0], d.axes[1][-1]), aspect="equal")
        norm = filled.norm
    else:
        ax.plot(d.axes[0], d.values, color="0.25", lw=1.8 * scale, zorder=2)
        ax.plot(d.paths[0, 0, 0], d.losses[0, 0], "o", ms=12 * scale, mfc="none", mec="0.3",
                mew=1.5 * scale, zorder=4)
        pad = 0.08 * float(np.ptp(d.values))
        ax.set(xlabel="$x$", ylabel="loss", xlim=(d.axes[0][0], d.axes[0][-1]),
               ylim=(float(d.values.min()) - pad, float(d.values.max()) + pad))
        norm = None
    if len(xy):
        draw_critical_points(ax, xy, kinds, labels if len(xy) <= max_text else None,
                             ms=10 * scale, fontsize=plt.rcParams["legend.fontsize"])
    ax.set_title(f"{d.name}: {d.formula}")
    return norm


def draw_series_panel(ax, d: ToyData, what: str, upto: int | None = None,
                      scale: float = 1.0, **kw) -> list:
    """Per-step panel of every optimiser: its `what` = "loss" or "position" (1D only), up to
    step `upto` (all by default), with a point at the latest step. Returns (line, point)
    pairs."""
    if what == "loss":
        series, critical, box = d.losses, (), None
        # A loss that cannot go negative converges to 0 only on a log axis visibly.
        log = bool(np.nanmin(d.values) >= 0 and np.nanmin(series) > 0)
    else:
        series, critical, log = d.paths[..., 0], d.critical, False
        box = (d.axes[0][0], d.axes[0][-1])
    draw_series_axes(ax, d.steps, series, "loss" if what == "loss" else "position $x$",
                     critical, box, log)
    k = d.steps if upto is None else upto
    artists = []
    sizes = path_marker_sizes(len(d.methods), 11 * scale)
    for row, c, ms in zip(series, d.colors, sizes, strict=True):
        (line,) = ax.plot(np.arange(k + 1), row[: k + 1], color=c, lw=1.8 * scale, **kw)
        (point,) = ax.plot(*([v] for v in last_finite(row, k)), "o", ms=0.8 * ms, color=c,
                           mec="black", mew=scale, **kw)
        artists.append((line, point))
    ax.set_title(f"{what} per step")
    return artists


def draw_series_axes(ax, steps: int, series: np.ndarray, ylabel: str,
                     critical: list = (), box: tuple | None = None, log: bool = False,
                     decades: float = 8.0) -> None:
    """Axes of a per-step panel `series` `(O, steps+1)`, with room for every path's values
    (and the interval `box`, if given); the positions of `critical` points are dotted
    horizontal lines (for the position of a 1D optimiser). `log`: a log axis showing at most
    `decades` below the largest value, for a loss that converges to 0."""
    finite = series[np.isfinite(series)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if log:
        hi = max(hi, 1e-300)
        ax.set(yscale="log", xlabel="step", ylabel=ylabel, xlim=(0, steps),
               ylim=(max(lo, hi * 10.0**-decades), hi * 2))
        ax.grid(alpha=0.3)
        return
    if box is not None:
        lo, hi = min(lo, box[0]), max(hi, box[1])
    labels = critical_labels([c["kind"] for c in critical], [c["value"] for c in critical],
                             [c["probe"] for c in critical])
    for c, text in zip(critical, labels, strict=True):
        x = c["position"][0]
        ax.axhline(x, color="0.5", lw=0.8, ls=":", zorder=1)
        ax.annotate(text, (1, x),
                    xycoords=("axes fraction", "data"), xytext=(-4, 3),
                    textcoords="offset points", ha="right",
                    fontsize=plt.rcParams["legend.fontsize"], color="0.35")
    pad = 0.06 * (hi - lo) if hi > lo else 0.5
    ax.set(xlabel="step", ylabel=ylabel, xlim=(0, steps), ylim=(lo - pad, hi + pad))
    ax.grid(alpha=0.3)


def legend_handles(d: ToyData, scale: float = 1.0, critical: bool = False) -> list:
    """Legend entries of the optimisers (and, with `critical`, of each kind of critical
    point shown)."""
    handles = [Line2D([], [], color=c, marker="o", ms=7 * scale, mec="black", lw=1.8 * scale,
                      label=label) for c, label in zip(d.colors, d.labels, strict=True)]
    kinds = {c["kind"] for c in d.critical} if critical else set()
    handles += [Line2D([], [], ls="none", marker=marker, mfc="white", mec="black",
                       ms=7 * scale * style.CRITICAL_MARKER_SCALE.get(kind, 1.0), label=kind)
                for kind, marker in style.CRITICAL_MARKERS.items() if kind in kinds]
    return handles


class ToyRenderer(BlitRenderer):
    """Draws frame i of a toy animation into an RGB array, reusing one figure."""

    def __init__(self, data: ToyData, width: int = 1280, height: int = 640, dpi: int = 100):
        self.data = d = data
        self.fig = frame_figure(width, height, dpi)
        left, right = self.fig.subplots(1, 2, width_ratios=(1.2, 1))
        draw_toy_landscape(self.fig, left, d)
        sizes = path_marker_sizes(len(d.methods))
        if d.dim == 2:
            self.paths = draw_paths(left, d.paths, d.colors, upto=0, animated=True)
            moving = [a for pair in self.paths for a in pair]
        else:
            self.points = [left.plot(d.paths[o, 0, 0], d.losses[o, 0], "o", ms=ms, color=c,
                                     mec="black", mew=1.2, zorder=5, animated=True)[0]
                           for o, (c, ms) in enumerate(zip(d.colors, sizes, strict=True))]
            moving = list(self.points)
        what = "loss" if d.dim == 2 else "position"
        self.series = d.losses if d.dim == 2 else d.paths[..., 0]
        self.curves = draw_series_panel(right, d, what, upto=0, animated=True)
        moving += [a for pair in self.curves for a in pair]
        right.legend(handles=legend_handles(d), loc="best", framealpha=0.9)
        self.title = self.fig.suptitle(self._title(0), animated=True)
        self._cache_background()
        self.animated = (*moving, self.title)

    def _title(self, i: int) -> str:
        return f"step {int(self.data.frames[i])}/{self.data.steps}"

    def update(self, i: int) -> None:
        """Move every optimiser to the step of frame i."""
        d, k = self.data, int(self.data.frames[i])
        if d.dim == 2:
            for (line, point), path in zip(self.paths, d.paths, strict=True):
                shown = visible_path(path, k)
                line.set_data(shown[:, 0], shown[:, 1])
                point.set_data(shown[-1:, 0], shown[-1:, 1])
        else:
            for point, path, loss in zip(self.points, d.paths, d.losses, strict=True):
                j, x = last_finite(path[:, 0], k)
                point.set_data([x], [loss[int(j)]])
        steps = np.arange(k + 1)
        for (line, point), row in zip(self.curves, self.series, strict=True):
            line.set_data(steps, row[: k + 1])
            point.set_data(*([v] for v in last_finite(row, k)))
        self.title.set_text(self._title(i))


def _inside(path: np.ndarray, lo, hi) -> np.ndarray:
    """`path` `(T, dim)` with rows outside the box [lo, hi] set to NaN (3D axes do not clip)."""
    out = path.copy()
    out[((path < np.asarray(lo)) | (path > np.asarray(hi))).any(axis=1)] = np.nan
    return out


def draw_surface_3d(ax, d: ToyData, norm, max_points: int = 80, scale: float = 1.0,
                    elev: float = 35.0, azim: float = -60.0) -> None:
    """The 2D surface as a shaded 3D plot with the full paths lying on it and the critical
    points marked, seen from `elev` and `azim` (degrees)."""
    step = max(1, len(d.axes[0]) // max_points)
    a, b = d.axes[0][::step], d.axes[1][::step]
    z = d.values[::step, ::step]
    A, B = np.meshgrid(a, b)
    face = plt.get_cmap(style.LOSS_CMAP)(norm(np.clip(z, norm.vmin, None)))
    ax.plot_surface(A, B, z, facecolors=face, rstride=1, cstride=1, linewidth=0,
                    antialiased=False, shade=False, alpha=0.9)
    lo, hi = (a[0], b[0]), (a[-1], b[-1])
    lift = 0.01 * float(np.ptp(z))  # keeps the lines visibly above the surface
    for path, loss, color in zip(d.paths, d.losses, d.colors, strict=True):
        inside = np.isfinite(_inside(path, lo, hi)).all(axis=1)
        ax.plot(path[inside, 0], path[inside, 1], loss[inside] + lift, color=color,
                lw=2 * scale, zorder=5)
    xy, kinds, _ = _critical_xy(d)
    for (x, y), kind, c in zip(xy, kinds, d.critical, strict=True):
        ms = 8 * scale / (2 if kinds.count(kind) > 12 else 1)  # a curve of points: small marks
        ax.plot([x], [y], [c["value"] + lift], style.CRITICAL_MARKERS[kind], ms=ms,
                mfc="white", mec="black", mew=min(scale, 0.12 * ms), zorder=6)
    # No z label: it collides with the tick labels; the title says what the height is.
    ax.set(xlabel="$w_1$", ylabel="$w_2$", title="3D view (height: loss)")
    ax.xaxis.set_major_locator(mticker.MaxNLocator(4))
    ax.yaxis.set_major_locator(mticker.MaxNLocator(4))
    ax.zaxis.set_major_locator(mticker.MaxNLocator(5))
    ax.tick_params(pad=0)
    ax.xaxis.labelpad = ax.yaxis.labelpad = 0
    ax.view_init(elev=elev, azim=azim)


def toy_figure(d: ToyData, size: tuple[float, float] = (7.0, 2.9), elev: float = 35.0,
               azim: float = -60.0):
    """A static figure for papers, `size` inches, in the print style (`style.PAPER_RC`): the
    landscape with the full paths, a 3D view (2D surfaces) or the position per step (1D),
    and the loss per step, over one legend of the optimisers and the kinds of critical
    point. Returns the Figure (save it with `figures.save_figure`)."""
    scale = style.PAPER_PATH_SCALE
    with plt.rc_context(style.PAPER_RC):
        fig = plt.figure(figsize=size, layout="constrained")
        ax1 = fig.add_subplot(1, 3, 1)
        # Text labels only where they fit; the legend names the marker shapes anyway.
        norm = draw_toy_landscape(fig, ax1, d, scale, max_text=4)
        if d.dim == 2:
            draw_paths(ax1, d.paths, d.colors, scale=scale)
            ax2 = fig.add_subplot(1, 3, 2, projection="3d", computed_zorder=False)
            draw_surface_3d(ax2, d, norm if norm is not None else mcolors.Normalize(),
                            scale=scale, elev=elev, azim=azim)
        else:
            sizes = path_marker_sizes(len(d.methods), 11 * scale)
            for path, loss, color, ms in zip(d.paths, d.losses, d.colors, sizes, strict=True):
                ax1.plot(path[:, 0], loss, ".", color=color, ms=2, alpha=0.6, zorder=4)
                j, x = last_finite(path[:, 0], d.steps)
                ax1.plot([x], [loss[int(j)]], "o", ms=ms, color=color, mec="black",
                         mew=scale, zorder=5)
            draw_series_panel(fig.add_subplot(1, 3, 2), d, "position", scale=scale)
        draw_series_panel(fig.add_subplot(1, 3, 3), d, "loss", scale=scale)
        handles = legend_handles(d, scale, critical=True)
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 5),
                   frameon=False)
    return fig


def toy_data(surface, run: dict, critical: list, resolution: int = 200,
             max_frames: int = 50) -> ToyData:
    """Assemble a surface (`surfaces.Surface`), its optimiser run (`paths.run_optimizers`
    arrays) and critical points (dicts) into what the renderer and the figure draw."""
    axes, values = surface_grid(surface, resolution)
    return ToyData(
        name=surface.name, formula=surface.formula, axes=axes, values=values,
        log_scale=surface.log_scale, methods=[str(m) for m in run["methods"]],
        labels=[method_label(str(m), float(lr)) for m, lr in zip(run["methods"], run["lr"],
                                                                  strict=True)],
        paths=run["path"], losses=run["loss"],
        frames=frame_indices(run["path"].shape[1], max_frames), critical=list(critical))
