"""Several runs of one model on one shared plane: the paths of different optimisers, weight
decays or seeds over one loss landscape, comparable because the plane is the same.

A run trained with (coupled) L2 weight decay minimises loss + l2/2 * |theta|^2, not the loss:
each distinct l2 of the runs gets a panel of its own objective over the same plane, so that
the same model with and without weight decay shows how the penalty reshapes the slice. Every
panel shows every path; the runs that minimise another objective are drawn faded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from . import style  # noqa: E402
from .frames import BlitRenderer  # noqa: E402
from .plots import (  # noqa: E402
    axis_label,
    draw_landscape,
    draw_paths,
    draw_start,
    format_loss,
    frame_figure,
    log_levels,
    log_yaxis,
    loss_colorbar,
    path_marker_sizes,
    plane_axes,
    visible_path,
)
from .toy_frames import _point_at  # noqa: E402


@dataclass
class SharedRun:
    """One run of a comparison: what training recorded and its path on the shared plane."""

    name: str
    label: str  # legend text: the name and the settings that set it apart
    loss: np.ndarray  # (T,) training loss at init and after each epoch
    acc: np.ndarray  # (T,) training accuracy
    path: np.ndarray  # (T, 2) weights projected onto the shared plane
    l2: float = 0.0  # coupled weight decay: the run minimises loss + l2/2 |theta|^2
    diverged_at: int = -1


@dataclass
class SharedSlice:
    """The shared plane and the loss over it (the comparison's plane and grid files)."""

    a: np.ndarray  # (Pa,)
    b: np.ndarray  # (Pb,)
    loss: np.ndarray  # (Pb, Pa) mean cross-entropy
    sq_norm: np.ndarray  # (Pb, Pa) |theta|^2 at each grid point
    explained: np.ndarray  # (2,) each direction's share of the paths' spread
    axes: tuple[str, str]  # names of the directions
    method: str

    def objective(self, l2: float) -> np.ndarray:
        """The loss a run with coupled weight decay `l2` minimises, over the grid."""
        return self.loss + 0.5 * l2 * self.sq_norm if l2 > 0 else self.loss


def shared_data(names: Sequence[str], labels: Sequence[str], l2s: Sequence[float],
                trajectories: Sequence[dict], paths: Sequence[dict], plane: dict,
                grid: dict) -> tuple[list[SharedRun], SharedSlice]:
    """The runs and the slice of a comparison, from the arrays of its runs' trajectory and
    path files and of its plane and grid files (as `io.load_npz` returns them)."""
    runs = [SharedRun(name, label, t["loss"], t["acc"], p["path"], float(l2),
                      int(t["diverged_at"]))
            for name, label, l2, t, p in zip(names, labels, l2s, trajectories, paths,
                                             strict=True)]
    sl = SharedSlice(grid["a"], grid["b"], grid["loss"], grid["sq_norm"], plane["explained"],
                     plane_axes(plane), str(plane["method"]))
    return runs, sl


def comparison_title(name: str, architecture: dict, method: str) -> str:
    """E.g. "optimizers: 5 x 20 ReLU net, joint PCA plane"."""
    depth, width = architecture["depth"], architecture["width"]
    net = ("logistic regression" if depth == 0 else
           f"{depth} x {width} {architecture['activation']} net"
           + (" with skips" if architecture.get("residual") else ""))
    return f"{name}: {net}, {METHOD_NAMES.get(method, method)} plane"


METHOD_NAMES = {"pca": "PCA", "joint-pca": "joint PCA", "random": "random (filter-normalised)",
                "interpolation": "interpolation", "fixed": "fixed"}


def run_label(name: str, train: dict, seed: int, differing: Sequence[str]) -> str:
    """Legend text of a run: its name and the settings in `differing` (those that are not
    the same in every run), e.g. "momentum: sgd, lr 0.05, momentum 0.9"."""
    parts = []
    if "optimizer" in differing and train["optimizer"] != name:
        parts.append(train["optimizer"])
    for key, text in (("lr", "lr"), ("momentum", "momentum"), ("weight_decay", "weight decay"),
                      ("batch_size", "batch"), ("epochs", "epochs")):
        if key in differing and (key != "momentum" or train[key] > 0):
            value = train[key]
            parts.append(f"{text} {'full' if value is None else format(value, 'g')}")
    if "seed" in differing and name != f"seed-{seed}":
        parts.append(f"seed {seed}")
    return f"{name}: {', '.join(parts)}" if parts else name


def differing_settings(trains: Sequence[dict], seeds: Sequence[int]) -> list[str]:
    """The train keys (and "seed") whose values are not the same in every run."""
    keys = [k for k in trains[0] if any(t[k] != trains[0][k] for t in trains)]
    return keys + (["seed"] if len(set(seeds)) > 1 else [])


def objective_title(l2: float) -> str:
    return "loss" if l2 == 0 else rf"loss + $\frac{{\lambda}}{{2}}\|\theta\|^2$, $\lambda$ = {l2:g}"


def padded_paths(runs: Sequence[SharedRun]) -> np.ndarray:
    """Every run's path `(R, T_max, 2)`, NaN after a shorter path ended."""
    out = np.full((len(runs), max(len(r.path) for r in runs), 2), np.nan)
    for k, r in enumerate(runs):
        out[k, : len(r.path)] = r.path
    return out


def padded_losses(runs: Sequence[SharedRun]) -> np.ndarray:
    out = np.full((len(runs), max(len(r.loss) for r in runs)), np.nan)
    for k, r in enumerate(runs):
        out[k, : len(r.loss)] = r.loss
    return out


def run_colors(n: int) -> list[str]:
    return [style.SERIES_COLORS[k % len(style.SERIES_COLORS)] for k in range(n)]


def _objective_panels(fig, axes, runs: Sequence[SharedRun], sl: SharedSlice, scale: float,
                      upto: int | None, **kw) -> list[list]:
    """Each distinct objective of the runs on its axis of `axes`, on one log colour scale,
    with every path up to epoch `upto` (all by default) and every distinct start. Returns,
    per panel, one (line, point) pair per run."""
    l2s = sorted({r.l2 for r in runs})
    grids = [sl.objective(l2) for l2 in l2s]
    levels = log_levels(np.concatenate([g[np.isfinite(g)] for g in grids]))
    paths, colors = padded_paths(runs), run_colors(len(runs))
    artists, filled = [], None
    for ax, l2, grid in zip(axes, l2s, grids, strict=True):
        filled = draw_landscape(ax, sl.a, sl.b, grid, levels) or filled
        for start in np.unique(paths[:, 0], axis=0):
            draw_start(ax, start, scale=1.4 * scale)
        pairs = draw_paths(ax, paths, colors, upto=upto, scale=scale, **kw)
        for (line, point), r in zip(pairs, runs, strict=True):
            if r.l2 != l2:  # minimises another objective: shown faded
                line.set_alpha(0.45)
                point.set_alpha(0.45)
        minimised = [r.name for r in runs if r.l2 == l2]
        title = objective_title(l2)
        if len(l2s) > 1:
            title += f"\n(minimised by {', '.join(minimised)})"
        ratios = [float(v) if np.isfinite(v) else None for v in sl.explained]
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.set(title=title, xlabel=axis_label(sl.axes[0], ratios[0]),
               ylabel=axis_label(sl.axes[1], ratios[1]), xlim=(sl.a[0], sl.a[-1]),
               ylim=(sl.b[0], sl.b[-1]))
        artists.append(pairs)
    loss_colorbar(fig, filled, list(axes), label="loss (log scale)")
    return artists


def _legend_handles(runs: Sequence[SharedRun], scale: float = 1.0) -> list[Line2D]:
    return [Line2D([], [], color=c, marker="o", ms=7 * scale, mec="black", lw=1.8 * scale,
                   label=r.label) for r, c in zip(runs, run_colors(len(runs)), strict=True)]


class SharedRenderer(BlitRenderer):
    """Frame i of a comparison's animation: the training loss of every run per epoch (left)
    and every path so far on the shared plane over each objective (right), all on one log
    colour scale. Frames follow `frames`, epochs of the longest run; a shorter run (fewer
    epochs, or diverged) stays at its last epoch."""

    def __init__(self, runs: Sequence[SharedRun], sl: SharedSlice, frames: np.ndarray,
                 title: str, width: int = 1280, height: int = 640, dpi: int = 100):
        self.runs, self.frames, self.name = list(runs), np.asarray(frames), title
        n_objectives = len({r.l2 for r in runs})
        self.fig = frame_figure(width, height, dpi)
        curves_ax, *planes = self.fig.subplots(1, 1 + n_objectives,
                                               width_ratios=(1,) + (1.25,) * n_objectives)
        self.losses = padded_losses(runs)
        self.last = self.losses.shape[1] - 1
        log_yaxis(curves_ax, self.losses)
        curves_ax.set(xlabel="epoch", ylabel="training loss (log scale)", xlim=(0, self.last),
                      title="Training loss")
        curves_ax.grid(alpha=0.3)
        colors = run_colors(len(runs))
        sizes = path_marker_sizes(len(runs))
        self.curves = []
        for row, color, ms in zip(self.losses, colors, sizes, strict=True):
            curves_ax.plot(np.arange(len(row)), row, color=color, lw=1, alpha=0.25)
            (line,) = curves_ax.plot([0], row[:1], color=color, lw=1.8, animated=True)
            (point,) = curves_ax.plot([0], row[:1], "o", ms=0.8 * ms, color=color,
                                      mec="black", animated=True)
            self.curves.append((line, point))
        curves_ax.legend(handles=_legend_handles(runs), loc="best", framealpha=0.9)
        self.panels = _objective_panels(self.fig, planes, runs, sl, 1.0, upto=0, animated=True)
        self.paths = padded_paths(runs)
        self.title = self.fig.suptitle(self._title(len(self.frames) - 1), animated=True)
        self._cache_background()
        self.animated = (*(a for pair in self.curves for a in pair),
                         *(a for pairs in self.panels for pair in pairs for a in pair),
                         self.title)

    def _title(self, i: int) -> str:
        e = int(self.frames[i])
        now = "   ".join(f"{r.name} {format_loss(r.loss[min(e, len(r.loss) - 1)])}"
                         for r in self.runs)
        return f"{self.name}   epoch {e}/{self.last}   loss: {now}"

    def update(self, i: int) -> None:
        e = int(self.frames[i])
        for pairs in self.panels:
            for (line, point), path in zip(pairs, self.paths, strict=True):
                shown = visible_path(path, e)
                line.set_data(shown[:, 0], shown[:, 1])
                point.set_data(shown[-1:, 0], shown[-1:, 1])
        for (line, point), row in zip(self.curves, self.losses, strict=True):
            line.set_data(np.arange(e + 1), row[: e + 1])  # NaN after a run ended
            point.set_data(*([v] for v in _point_at(row, e)))
        self.title.set_text(self._title(i))


def shared_figure(runs: Sequence[SharedRun], sl: SharedSlice, title: str,
                  size: tuple[float, float]) -> Figure:
    """The comparison for papers, `size` inches, in print style: every run's whole path on
    the shared plane over each objective, starts marked, one log colorbar, one legend."""
    with plt.rc_context(style.PAPER_RC):
        fig = plt.figure(figsize=size, layout="constrained")
        axes = fig.subplots(1, len({r.l2 for r in runs}), squeeze=False)[0]
        _objective_panels(fig, axes, runs, sl, style.PAPER_PATH_SCALE, upto=None)
        handles = _legend_handles(runs, style.PAPER_PATH_SCALE)
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 2),
                   frameon=False)
        fig.suptitle(title)
    return fig
