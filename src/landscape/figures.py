"""Static figures for papers, and the animated montage of every model of a study.

Figures are composed from the drawing functions of plots.py, in the print style of
`style.PAPER_RC`, at the size the config asks for (inches), and saved at exactly that size so
that a figure meant for one column fits one column. The montage is drawn by the same function
whether it is a static figure or a frame of the animation; the animation only updates the
moving artists and blits them over a cached background, as frames.py does.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from . import style  # noqa: E402
from .io import atomic_path  # noqa: E402
from .plots import (  # noqa: E402
    axis_label,
    draw_landscape,
    draw_path,
    draw_start,
    landscape_kinds,
    log_levels,
    log_ticks,
    loss_colorbar,
    plane_axes,
)
from .plots import log_yaxis as _log_yaxis  # noqa: E402
from .trajectory import frame_indices  # noqa: E402

FORMATS = ("pdf", "svg", "png")
PATH_SCALE = style.PAPER_PATH_SCALE


@dataclass
class Run:
    """What training recorded for one model (trajectory.npz)."""

    name: str
    depth: int  # hidden layers; 0 is logistic regression
    width: int  # neurons per hidden layer
    loss: np.ndarray  # (T,) mean cross-entropy of the training set at init and each epoch
    acc: np.ndarray  # (T,) accuracy in [0, 1]
    diverged_at: int = -1  # first epoch with a non-finite loss, -1 if none
    test_loss: np.ndarray | None = None  # (T,) the same on the held-out set, if there is one
    test_acc: np.ndarray | None = None  # (T,)

    # What it reads of a trajectory file (test_loss and test_acc where the file has them).
    KEYS = ("spec", "loss", "acc", "diverged_at", "test_loss", "test_acc")

    @classmethod
    def from_trajectory(cls, name: str, traj: Mapping[str, np.ndarray]) -> Run:
        spec = json.loads(str(traj["spec"]))
        test = {k: np.asarray(traj[k]) for k in ("test_loss", "test_acc") if k in traj}
        return cls(name, int(spec["depth"]), int(spec["width"]), np.asarray(traj["loss"]),
                   np.asarray(traj["acc"]), int(traj["diverged_at"]), **test)

    @property
    def last(self) -> int:
        """The last recorded epoch."""
        return len(self.loss) - 1

    def curves(self, kind: str = "train") -> tuple[np.ndarray, np.ndarray]:
        """Loss and accuracy per epoch on the training set or (`kind` "test") the held-out
        set."""
        return (self.loss, self.acc) if kind == "train" else (self.test_loss, self.test_acc)

    def summary(self, epoch: int | None = None, kind: str = "train") -> str:
        """"loss 0.0249, acc. 99.0%" at `epoch` (default and past the end: the last), on the
        training set or (`kind` "test") the held-out set."""
        e = self.last if epoch is None else min(epoch, self.last)
        loss, acc = self.curves(kind)
        return f"loss {loss[e]:#.3g}, acc. {100 * acc[e]:.1f}%"


@dataclass
class Slice:
    """A model's landscape: the loss over its plane and its path there (plane.npz, grid.npz)."""

    a: np.ndarray  # (Pa,) coordinates along the first direction
    b: np.ndarray  # (Pb,) along the second
    loss: np.ndarray  # (Pb, Pa) training loss: rows index b, columns a
    path: np.ndarray  # (T, 2) projected weights at init and after each epoch
    explained: np.ndarray  # (2,) each direction's share of the path's variance
    test_loss: np.ndarray | None = None  # (Pb, Pa) held-out loss, if there is a test set
    axes: tuple[str, str] = ("PC1", "PC2")  # names of the directions

    @classmethod
    def from_arrays(cls, plane: Mapping[str, np.ndarray], grid: Mapping[str, np.ndarray]):
        return cls(grid["a"], grid["b"], grid["loss"], plane["path"], plane["explained"],
                   test_loss=grid.get("test_loss"), axes=plane_axes(plane))

    def grid(self, kind: str) -> np.ndarray:
        """The loss over the plane of `kind`: "train" or "test"."""
        return self.loss if kind == "train" else self.test_loss

    def axis_labels(self, short: bool = False) -> tuple[str, str]:
        ratios = [float(r) if np.isfinite(r) else None for r in self.explained]
        if short:
            return tuple(n if r is None else f"{n} ({100 * r:.1f}%)"
                         for n, r in zip(self.axes, ratios, strict=True))
        return tuple(axis_label(n, r) for n, r in zip(self.axes, ratios, strict=True))

    def limits(self) -> dict:
        return {"xlim": (self.a[0], self.a[-1]), "ylim": (self.b[0], self.b[-1])}


def _paper_style(draw):
    """Run `draw` with the print style: fonts and ticks are read when artists are made."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with plt.rc_context(style.PAPER_RC):
            return draw(*args, **kwargs)

    return wrapper


@_paper_style
def save_figure(fig: Figure, paths: Sequence[str | os.PathLike], dpi: float) -> None:
    """Write `fig` to each path, the format from its suffix (pdf, svg, png), atomically.

    The layout is computed once and then frozen, so every format shows the same positions
    whatever the order of the paths; dates are left out of PDF and SVG files: the same inputs
    give the same bytes."""
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    for path in paths:
        fmt = os.fspath(path).rsplit(".", 1)[-1].lower()
        if fmt not in FORMATS:
            raise ValueError(f"figure format must be one of {FORMATS}, got {path}")
        metadata = {"pdf": {"CreationDate": None, "ModDate": None},
                    "svg": {"Date": None}}.get(fmt, {})
        with atomic_path(path) as tmp:
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=metadata)


def _start_end_legend(ax, start, end, last: int):
    start.set_label("start (epoch 0)")
    end.set_label(f"end (epoch {last})")
    # Dark frame: the start marker is white.
    return ax.legend(handles=[start, end], loc="best", facecolor="0.25",
                     edgecolor="none", labelcolor="white", framealpha=0.85)


# Panel titles by kind of landscape, where a figure shows both.
KIND_NAMES = {"train": "training", "test": "test (held out)"}


@_paper_style
def landscape_figure(run: Run, sl: Slice, size: tuple[float, float],
                     landscape: str = "train") -> Figure:
    """One model's final loss landscape with its whole training path, the start and the end
    marked, a log-scale colorbar and the explained variance on the axes. `landscape`: the
    training loss ("train"), the held-out loss ("test") or both side by side on one colour
    scale ("both"; a slice without a test grid shows the training loss)."""
    kinds = landscape_kinds(landscape, sl.test_loss is not None)
    fig = plt.figure(figsize=size, layout="constrained")
    axes = fig.subplots(1, len(kinds), squeeze=False)[0]
    levels = log_levels(np.concatenate([sl.grid(k).ravel() for k in kinds]))
    xlabel, ylabel = sl.axis_labels()
    filled = None
    for i, (ax, kind) in enumerate(zip(axes, kinds, strict=True)):
        drawn = draw_landscape(ax, sl.a, sl.b, sl.grid(kind), levels)
        filled = drawn if drawn is not None else filled
        start = draw_start(ax, sl.path[0], scale=PATH_SCALE)
        _, end = draw_path(ax, sl.path, scale=PATH_SCALE)
        if i == 0:
            _start_end_legend(ax, start, end, run.last)
        if len(kinds) > 1:  # the model's name goes over both panels
            title = f"{KIND_NAMES[kind].capitalize()}: {run.summary(kind=kind)}"
        elif kind == "train":
            title = f"{run.name}: {run.summary()}"
        else:
            title = f"{run.name}, {KIND_NAMES[kind]}: {run.summary(kind=kind)}"
        ax.set(xlabel=xlabel, ylabel=ylabel if i == 0 else None, title=title, **sl.limits())
    loss_colorbar(fig, filled, list(axes))
    if len(kinds) > 1:
        fig.suptitle(f"{run.name}: training and test loss over the same plane")
    return fig


def _start_marker(ax, x, y, **kw):
    return ax.plot(x, y, "o", ms=5, mfc="white", mec="black", mew=1, zorder=5, **kw)[0]


def _end_marker(ax, x, y, **kw):
    return ax.plot(x, y, "o", ms=5, color=style.POINT_COLOR, mec="black", mew=0.6, zorder=5,
                   **kw)[0]


@_paper_style
def interpolation_figure(
    run: Run,
    alphas: np.ndarray,
    line_loss: np.ndarray,
    plane_loss: np.ndarray,
    size: tuple[float, float],
) -> Figure:
    """Loss along the straight line from the initial to the final weights (left, against
    alpha) beside the loss along the path that training took (right, against the epoch), on
    one log-scale loss axis. `plane_loss` `(T,)` adds the path as the landscape's plane shows
    it (the projected weights), which tells how much of the path the plane misses."""
    fig = plt.figure(figsize=size, layout="constrained")
    line_ax, path_ax = fig.subplots(1, 2, sharey=True)
    (straight,) = line_ax.plot(alphas, line_loss, color="black",
                               label=r"straight line $\theta_0 \to \theta_T$")
    i0, i1 = int(np.argmin(np.abs(alphas))), int(np.argmin(np.abs(alphas - 1)))
    _start_marker(line_ax, 0.0, line_loss[i0])
    _end_marker(line_ax, 1.0, line_loss[i1])
    line_ax.set(xlabel=r"$\alpha$:  $(1-\alpha)\,\theta_0 + \alpha\,\theta_T$",
                ylabel="loss (log scale)", title="Straight line")
    epochs = np.arange(run.last + 1)
    (recorded,) = path_ax.plot(epochs, run.loss, color=style.SERIES_COLORS[0],
                               label="training path")
    (projected,) = path_ax.plot(epochs, plane_loss, "--", color=style.SERIES_COLORS[1],
                                label="path projected onto the plane")
    start = _start_marker(path_ax, 0, run.loss[0], label=r"start $\theta_0$ (init)")
    end = _end_marker(path_ax, run.last, run.loss[-1], label=r"end $\theta_T$ (final)")
    path_ax.set(xlabel="epoch", title="Training path")
    path_ax.tick_params(labelleft=False)
    fig.legend(handles=[straight, recorded, projected, start, end],
               loc="outside lower center", ncols=2, frameon=False)
    _log_yaxis(line_ax, np.concatenate([line_loss, run.loss, plane_loss]))
    fig.suptitle(run.name)
    return fig


@_paper_style
def surface_figure(
    run: Run,
    sl: Slice,
    plane_loss: np.ndarray,
    size: tuple[float, float],
    elev: float = 35.0,
    azim: float = -60.0,
) -> Figure:
    """The landscape as a 3D surface (height and colour: log loss) with the training path
    drawn on it at the loss of each projected point, `plane_loss` `(T,)`."""
    fig = plt.figure(figsize=size, layout="constrained")
    ax = fig.add_subplot(projection="3d", computed_zorder=False)
    levels = log_levels(np.concatenate([sl.loss.ravel(), plane_loss]))
    lo, hi = np.log10(levels[0]), np.log10(levels[-1])
    z = np.log10(np.clip(np.nan_to_num(sl.loss, nan=levels[-1]), levels[0], levels[-1]))
    aa, bb = np.meshgrid(sl.a, sl.b)
    ax.plot_surface(aa, bb, z, cmap=style.LOSS_CMAP, norm=mcolors.Normalize(lo, hi),
                    rstride=1, cstride=1, linewidth=0, antialiased=False,
                    alpha=0.95, zorder=1)
    zpath = np.log10(np.clip(plane_loss, levels[0], levels[-1]))
    outline = [pe.Stroke(linewidth=3.2 * PATH_SCALE, foreground="black"), pe.Normal()]
    ax.plot(sl.path[:, 0], sl.path[:, 1], zpath, color=style.PATH_COLOR, lw=1.8 * PATH_SCALE,
            zorder=3, path_effects=outline)
    ax.plot(*sl.path[0], zpath[0], "o", ms=5, mfc="white", mec="black", mew=1, zorder=4)
    ax.plot(*sl.path[-1], zpath[-1], "o", ms=6, color=style.POINT_COLOR, mec="white",
            mew=0.8, zorder=4)
    ticks = log_ticks(levels[0], levels[-1])
    decades = ticks[np.isclose(np.log10(ticks) % 1, 0) | np.isclose(np.log10(ticks) % 1, 1)]
    ticks = decades if len(ticks) > 6 and len(decades) >= 2 else ticks  # 3D axes are small
    ax.set_zticks(np.log10(ticks), [f"{t:g}" for t in ticks])
    ax.set_zlim(lo, hi)
    ax.xaxis.set_major_locator(mticker.MaxNLocator(4))
    ax.yaxis.set_major_locator(mticker.MaxNLocator(4))
    xlabel, ylabel = sl.axis_labels(short=True)
    ax.set(xlabel=xlabel, ylabel=ylabel, zlabel="loss (log scale)", **sl.limits())
    ax.set_title(f"{run.name}: {run.summary()}")
    ax.tick_params(pad=0)
    ax.xaxis.labelpad = ax.yaxis.labelpad = 0
    ax.zaxis.labelpad = 4
    ax.view_init(elev=elev, azim=azim)
    ax.set_box_aspect(None, zoom=0.85)  # leaves room for the z label inside the figure
    return fig


def width_colors(runs: Sequence[Run]) -> dict[int, str]:
    """A colour per width (neurons per hidden layer), in order; logistic regression (width 0)
    is black."""
    widths = sorted({r.width for r in runs if r.width > 0})
    colors = {w: style.SERIES_COLORS[i % len(style.SERIES_COLORS)] for i, w in enumerate(widths)}
    return {**colors, 0: "black"}


def depth_title(depth: int) -> str:
    return "logistic regression" if depth == 0 else \
        f"{depth} hidden layer{'s' * (depth > 1)}"


@_paper_style
def curves_figure(runs: Sequence[Run], size: tuple[float, float]) -> Figure:
    """Loss (log scale, top row) and accuracy (bottom row) of every model against the epoch,
    a column of panels per depth: colour tells the width, a solid line the training set
    (what the optimiser minimises) and a dashed one the held-out test set, so each model's
    generalisation gap is the space between its two lines. Rows share their y axis."""
    depths = sorted({r.depth for r in runs})
    fig = plt.figure(figsize=size, layout="constrained")
    axes = fig.subplots(2, len(depths), sharey="row", squeeze=False)
    colors = width_colors(runs)
    for run in sorted(runs, key=lambda r: (r.depth, r.width)):
        loss_ax, acc_ax = axes[:, depths.index(run.depth)]
        epochs = np.arange(run.last + 1)
        color = colors[run.width]
        for kind in ("train", "test"):
            loss, acc = run.curves(kind)
            if loss is not None:
                loss_ax.plot(epochs, loss, color=color, ls=style.SET_LINESTYLES[kind])
                acc_ax.plot(epochs, 100 * acc, color=color, ls=style.SET_LINESTYLES[kind])
        if run.diverged_at >= 0:  # the curve stops where the loss became non-finite
            loss_ax.plot(run.last, run.loss[-1], "x", color=color)
    _log_yaxis(axes[0, 0], np.concatenate([c for r in runs for c in (r.loss, r.test_loss)
                                           if c is not None]))
    for depth, (loss_ax, acc_ax) in zip(depths, axes.T, strict=True):
        loss_ax.set_title(depth_title(depth))
        acc_ax.set(xlabel="epoch", ylim=(0, 100))
        for ax in (loss_ax, acc_ax):
            ax.grid(True, lw=0.4, alpha=0.4)
    axes[0, 0].set_ylabel("loss (log scale)")
    axes[1, 0].set_ylabel("accuracy (%)")
    present = {r.width for r in runs}
    handles = [Line2D([], [], color=colors[w], label=f"{w} neurons")
               for w in sorted(present - {0})]
    if 0 in present:
        handles.append(Line2D([], [], color=colors[0], label="logistic regression"))
    has_test = any(r.test_loss is not None for r in runs)
    handles += [Line2D([], [], color="0.3", ls=style.SET_LINESTYLES["train"],
                       label="training set" if has_test else "training set (no test set)")]
    if has_test:
        handles.append(Line2D([], [], color="0.3", ls=style.SET_LINESTYLES["test"],
                              label="test set (held out)"))
    fig.legend(handles=handles, loc="outside right upper", handlelength=2.6)
    return fig


@dataclass(frozen=True)
class MontageLayout:
    """Where each model goes in the montage: `cells[name] = (row, col)`."""

    n_rows: int
    n_cols: int
    cells: dict[str, tuple[int, int]]
    row_labels: tuple[str, ...]  # per row: "5 hidden layers", or "" for the extra rows
    col_labels: tuple[str, ...]  # per column: "20 neurons", or "" without a grid


def montage_layout(models: Mapping[str, tuple[int, int]], max_cols: int = 4) -> MontageLayout:
    """Lay models out like a study: `models[name] = (depth, width)`.

    The grid has a row per depth that has models of at least two widths and a column per
    width found in those rows. Every other model (logistic regression, a depth with one
    width, a repeated architecture) goes in extra rows below, ordered by depth then width, as
    many per row as the grid has columns (`max_cols` without a grid)."""
    widths_at: dict[int, list[int]] = {}
    for depth, width in models.values():
        if depth > 0 and width not in widths_at.setdefault(depth, []):
            widths_at[depth].append(width)
    depths = sorted(d for d, ws in widths_at.items() if len(ws) >= 2)
    widths = sorted({w for d in depths for w in widths_at[d]})
    cells, extra, taken = {}, [], set()
    for name, (depth, width) in models.items():
        if depth in depths and (depth, width) not in taken:
            cells[name] = (depths.index(depth), widths.index(width))
            taken.add((depth, width))
        else:
            extra.append(name)
    extra.sort(key=lambda n: models[n])  # stable: config order among equals
    n_cols = len(widths) or max(1, min(max_cols, len(extra)))
    for i, name in enumerate(extra):
        cells[name] = (len(depths) + i // n_cols, i % n_cols)
    n_rows = len(depths) + -(-len(extra) // n_cols)
    row_labels = tuple(f"{d} hidden layer{'s' * (d > 1)}" for d in depths)
    return MontageLayout(n_rows, n_cols, cells, row_labels + ("",) * (n_rows - len(depths)),
                         tuple(f"{w} neurons" for w in widths) or ("",) * n_cols)


def montage_size(layout: MontageLayout, width: float, panels: int = 1) -> tuple[float, float]:
    """Figure size (inches) of a montage `width` inches wide whose cells hold `panels`
    near-square landscapes side by side (the training and the test loss: 2)."""
    cell = width / (layout.n_cols + 0.6)  # room for the row labels and the colorbar
    header = 0.25 if any(layout.col_labels) else 0.0
    if panels == 1:
        return width, cell * 1.02 * layout.n_rows + header + 0.1
    # Panels about as tall as they are wide, plus their title and label lines and a title
    # over the figure (at the print style's 7-8 pt).
    return width, (cell / panels + 0.3) * layout.n_rows + header + 0.35


def _draw_montage(fig: Figure, runs: Sequence[Run], slices: Sequence[Slice],
                  layout: MontageLayout, animated: bool,
                  kinds: tuple[str, ...] = ("train",)) -> dict[str, tuple]:
    """Draw every model's landscape in its cell on one shared log colour scale; with
    `kinds` ("train", "test") a cell holds the training and the test loss side by side.
    Returns name -> (path line, current point, cell title) of its first panel for the
    animation to update."""
    has_rows, has_cols = any(layout.row_labels), any(layout.col_labels)
    # A grid column per panel; the pairs of a multi-panel montage are set apart by a narrow
    # empty column between cells.
    n_panels = len(kinds)
    cell_cols = [1.0] * n_panels + [0.15] * (n_panels > 1)
    widths = [0.12] * has_rows + cell_cols * layout.n_cols
    if n_panels > 1:
        widths.pop()  # no gap after the last column of cells
    grid = fig.add_gridspec(layout.n_rows + has_cols, len(widths),
                            height_ratios=[0.12] * has_cols + [1] * layout.n_rows,
                            width_ratios=widths)

    def column(c: int, i: int = 0) -> int:
        """The grid column of panel i of the cells in column c."""
        return has_rows + c * len(cell_cols) + i

    for c, label in enumerate(layout.col_labels if has_cols else ()):
        header = fig.add_subplot(grid[0, column(c) : column(c, n_panels - 1) + 1])
        header.axis("off")
        header.text(0.5, 0.5, label, ha="center", va="center", weight="bold")
    for r, label in enumerate(layout.row_labels if has_rows else ()):
        header = fig.add_subplot(grid[r + has_cols, 0])
        header.axis("off")
        header.text(0.5, 0.5, label, ha="center", va="center", rotation=90, weight="bold")
    levels = log_levels(np.concatenate([s.grid(k).ravel() for s in slices for k in kinds]))
    artists, cell_axes, filled = {}, [], None
    for run, sl in zip(runs, slices, strict=True):
        row, col = layout.cells[run.name]
        for i, kind in enumerate(kinds):
            ax = fig.add_subplot(grid[row + has_cols, column(col, i)])
            cell_axes.append(ax)
            drawn = draw_landscape(ax, sl.a, sl.b, sl.grid(kind), levels)
            filled = drawn if drawn is not None else filled
            draw_start(ax, sl.path[0], scale=PATH_SCALE)
            shown = sl.path[:1] if animated else sl.path
            line, point = draw_path(ax, shown, scale=PATH_SCALE, animated=animated)
            ax.set(xticks=[], yticks=[], **sl.limits())
            if len(kinds) == 1:
                title = ax.set_title(f"{run.name}\n{run.summary()}", fontsize="small")
                xlabel, ylabel = sl.axis_labels(short=True)
                ax.set_xlabel(xlabel, fontsize="x-small", labelpad=1)
                ax.set_ylabel(ylabel, fontsize="x-small", labelpad=1)
            else:
                # Narrow panels: the name once over the pair, each set's final loss and
                # accuracy under its panel (the pair shares its plane: no axis labels).
                title = ax.set_title(run.name if i == 0 else "", fontsize="small",
                                     loc="left")
                loss, acc = run.curves(kind)
                ax.set_xlabel(f"{kind} {loss[-1]:#.3g}, {100 * acc[-1]:.1f}%",
                              fontsize="x-small", labelpad=2)
            title.set_animated(animated)
            artists.setdefault(run.name, (line, point, title))
    # Tall montages get a shorter bar: full height would stretch the ticks over many rows.
    loss_colorbar(fig, filled, cell_axes, shrink=0.6 if layout.n_rows > 2 else 1.0, aspect=30)
    return artists


@_paper_style
def montage_figure(runs: Sequence[Run], slices: Sequence[Slice], layout: MontageLayout,
                   width: float) -> Figure:
    """Every model's final landscape and whole path, laid out as the study's grid, each cell
    titled with the model's final loss and accuracy."""
    fig = plt.figure(figsize=montage_size(layout, width), layout="constrained")
    _draw_montage(fig, runs, slices, layout, animated=False)
    return fig


@_paper_style
def train_test_figure(runs: Sequence[Run], slices: Sequence[Slice], layout: MontageLayout,
                      width: float) -> Figure:
    """The montage with two panels per model: its training loss (what the optimiser
    minimised) and its test loss (held-out data) over the same plane, with the whole path on
    both, all on one log colour scale; the model's name over each pair, the final loss and
    accuracy on each set under its panel. Every model needs a test grid (a held-out
    split)."""
    missing = [r.name for r, s in zip(runs, slices, strict=True)
               if s.test_loss is None or r.test_loss is None]
    if missing:
        raise ValueError(f"no held-out test set for {', '.join(missing)}: the train/test "
                         "figure needs data.test_fraction above 0")
    fig = plt.figure(figsize=montage_size(layout, width, panels=2), layout="constrained")
    _draw_montage(fig, runs, slices, layout, animated=False, kinds=("train", "test"))
    fig.suptitle("Training loss (left of each pair) and test loss (right) over the same "
                 "plane and path")
    return fig


class MontageRenderer:
    """Frames of the montage in which every model advances epoch by epoch together."""

    @_paper_style
    def __init__(self, runs: Sequence[Run], slices: Sequence[Slice], layout: MontageLayout,
                 width_px: int, height_px: int, dpi: float, max_frames: int):
        if width_px % 2 or height_px % 2:
            raise ValueError(f"frame size must be even for H.264, got {width_px}x{height_px}")
        self.runs, self.slices = runs, slices
        self.last = max(r.last for r in runs)
        self.epochs = frame_indices(self.last + 1, max_frames)  # (F,) shared by every model
        self.fig = plt.figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi,
                              layout="constrained")
        self.artists = _draw_montage(self.fig, runs, slices, layout, animated=True)
        self.title = self.fig.suptitle(self._title(self.last), animated=True)
        self.fig.canvas.draw()  # lays out once, with the final (longest) titles
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def _title(self, epoch: int) -> str:
        return f"epoch {epoch}/{self.last}"

    @_paper_style
    def render(self, i: int) -> np.ndarray:
        """Frame i as `(height, width, 3) uint8`."""
        epoch = int(self.epochs[i])
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for run, sl in zip(self.runs, self.slices, strict=True):
            line, point, title = self.artists[run.name]
            e = min(epoch, run.last)  # a diverged run stays at its last finite point
            line.set_data(sl.path[: e + 1, 0], sl.path[: e + 1, 1])
            point.set_data(sl.path[e : e + 1, 0], sl.path[e : e + 1, 1])
            text = f"{run.name}\n{run.summary(e)}"
            if run.diverged_at >= 0 and epoch > run.last:
                text += " (diverged)"
            title.set_text(text)
            for artist in (line, point, title):
                self.fig.draw_artist(artist)
        self.title.set_text(self._title(epoch))
        self.fig.draw_artist(self.title)
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()

    def __len__(self) -> int:
        return len(self.epochs)

    def close(self) -> None:
        plt.close(self.fig)
