"""Several runs of one model on one shared plane: the paths of different optimisers, weight
decays or seeds over one loss landscape, comparable because the plane is the same.

A run trained with (coupled) L2 weight decay minimises loss + l2/2 * |theta|^2, not the loss:
each distinct l2 of the runs gets a panel of its own objective over the same plane, so that
the same model with and without weight decay shows how the penalty reshapes the slice. Every
panel shows every path; the runs that minimise another objective are drawn faded. With a
held-out set, a panel of the test loss over the same plane can join them or replace them
(`render.landscape`, `figures.landscape`), and the curves show it dashed.
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
from .io import load_npz  # noqa: E402
from .plots import (  # noqa: E402
    axis_label,
    draw_landscape,
    draw_paths,
    draw_start,
    format_loss,
    frame_figure,
    landscape_kinds,
    last_finite,
    log_levels,
    log_yaxis,
    loss_colorbar,
    path_marker_sizes,
    plane_axes,
    visible_path,
)

# What the comparison's pictures read of each run's trajectory file (not the weights).
TRAJECTORY_KEYS = ("loss", "acc", "diverged_at", "test_loss", "test_acc")


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
    test_loss: np.ndarray | None = None  # (T,) on the held-out set, if there is one
    test_acc: np.ndarray | None = None


@dataclass
class SharedSlice:
    """The shared plane and the loss over it (the comparison's plane and grid files)."""

    a: np.ndarray  # (Pa,)
    b: np.ndarray  # (Pb,)
    loss: np.ndarray  # (Pb, Pa) mean cross-entropy of the training set
    sq_norm: np.ndarray  # (Pb, Pa) |theta|^2 at each grid point
    explained: np.ndarray  # (2,) each direction's share of the paths' spread
    axes: tuple[str, str]  # names of the directions
    method: str
    test_loss: np.ndarray | None = None  # (Pb, Pa) of the held-out set, if there is one

    def objective(self, l2: float) -> np.ndarray:
        """The loss a run with coupled weight decay `l2` minimises, over the grid."""
        return self.loss + 0.5 * l2 * self.sq_norm if l2 > 0 else self.loss


def shared_runs(names: Sequence[str], labels: Sequence[str], l2s: Sequence[float],
                trajectories: Sequence[dict], paths: Sequence[dict] | None = None
                ) -> list[SharedRun]:
    """The runs of a comparison, from the arrays of their trajectory and path files (as
    `io.load_npz` returns them; without `paths`, runs for the curves alone)."""
    paths = paths if paths is not None else [{"path": np.zeros((0, 2))}] * len(names)
    return [SharedRun(name, label, t["loss"], t["acc"], p["path"], float(l2),
                      int(t["diverged_at"]), t.get("test_loss"), t.get("test_acc"))
            for name, label, l2, t, p in zip(names, labels, l2s, trajectories, paths,
                                             strict=True)]


def shared_slice(plane: dict, grid: dict) -> SharedSlice:
    """The slice of a comparison, from the arrays of its plane and grid files."""
    return SharedSlice(grid["a"], grid["b"], grid["loss"], grid["sq_norm"], plane["explained"],
                       plane_axes(plane), str(plane["method"]), grid.get("test_loss"))


def read_comparison(names: Sequence[str], labels: Sequence[str], l2s: Sequence[float],
                    trajectory_files: Sequence, path_files: Sequence, plane_file,
                    grid_file) -> tuple[list[SharedRun], SharedSlice]:
    """The runs of a comparison and its slice, read from their files (one trajectory and
    one path file per run, in the order of `names`)."""
    runs = shared_runs(names, labels, l2s,
                       [load_npz(f, keys=TRAJECTORY_KEYS) for f in trajectory_files],
                       [load_npz(f) for f in path_files])
    return runs, shared_slice(load_npz(plane_file), load_npz(grid_file))


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
    return ("training loss" if l2 == 0 else
            rf"training loss + $\frac{{\lambda}}{{2}}\|\theta\|^2$, $\lambda$ = {l2:g}")


def padded_paths(runs: Sequence[SharedRun]) -> np.ndarray:
    """Every run's path `(R, T_max, 2)`, NaN after a shorter path ended."""
    out = np.full((len(runs), max(len(r.path) for r in runs), 2), np.nan)
    for k, r in enumerate(runs):
        out[k, : len(r.path)] = r.path
    return out


def padded_losses(runs: Sequence[SharedRun], kind: str = "train") -> np.ndarray | None:
    """Every run's training (or `kind` "test": held-out) loss `(R, T_max)`, NaN after a
    shorter run ended; None for "test" without a held-out set."""
    series = [r.loss if kind == "train" else r.test_loss for r in runs]
    if any(s is None for s in series):
        return None
    out = np.full((len(runs), max(len(r.loss) for r in runs)), np.nan)
    for k, s in enumerate(series):
        out[k, : len(s)] = s
    return out


def panels(runs: Sequence[SharedRun], sl: SharedSlice, landscape: str) -> list[tuple]:
    """(title, loss grid, l2 of the runs it is the objective of, or None) of each landscape
    panel: one per distinct objective of the runs (`landscape` train or both), and the test
    loss (`landscape` test or both, where there is a held-out set)."""
    kinds = landscape_kinds(landscape, sl.test_loss is not None)
    out = []
    if "train" in kinds:
        l2s = sorted({r.l2 for r in runs})
        for l2 in l2s:
            title = objective_title(l2)
            if len(l2s) > 1:
                title += f"\n(minimised by {', '.join(r.name for r in runs if r.l2 == l2)})"
            out.append((title, sl.objective(l2), l2))
    if "test" in kinds:
        out.append(("test loss (held-out data)", sl.test_loss, None))
    return out


def run_colors(n: int) -> list[str]:
    return [style.SERIES_COLORS[k % len(style.SERIES_COLORS)] for k in range(n)]


def _landscape_panels(fig, axes, runs: Sequence[SharedRun], sl: SharedSlice, shown: list,
                      scale: float, upto: int | None, **kw) -> list[list]:
    """Each panel of `shown` (see `panels`) on its axis of `axes`, on one log colour scale,
    with every path up to epoch `upto` (all by default) and every distinct start; a run
    whose objective a panel is not is faded there. Returns, per panel, one (line, point)
    pair per run."""
    levels = log_levels(np.concatenate([g.ravel() for _, g, _ in shown]))
    paths, colors = padded_paths(runs), run_colors(len(runs))
    ratios = [float(v) if np.isfinite(v) else None for v in sl.explained]
    artists, filled = [], None
    for ax, (title, grid, l2) in zip(axes, shown, strict=True):
        filled = draw_landscape(ax, sl.a, sl.b, grid, levels) or filled
        for start in np.unique(paths[:, 0], axis=0):
            draw_start(ax, start, scale=1.4 * scale)
        pairs = draw_paths(ax, paths, colors, upto=upto, scale=scale, **kw)
        for (line, point), r in zip(pairs, runs, strict=True):
            if l2 is not None and r.l2 != l2:
                line.set_alpha(0.45)
                point.set_alpha(0.45)
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
                 title: str, width: int = 1280, height: int = 640, dpi: int = 100,
                 landscape: str = "both"):
        self.runs, self.frames, self.name = list(runs), np.asarray(frames), title
        shown = panels(runs, sl, landscape)
        self.fig = frame_figure(width, height, dpi)
        curves_ax, *planes = self.fig.subplots(1, 1 + len(shown),
                                               width_ratios=(1,) + (1.25,) * len(shown))
        self.losses = padded_losses(runs)
        self.last = self.losses.shape[1] - 1
        test = padded_losses(runs, "test")
        log_yaxis(curves_ax, self.losses if test is None else np.concatenate([self.losses,
                                                                              test]))
        curves_ax.set(xlabel="epoch", ylabel="loss (log scale)", xlim=(0, self.last),
                      title="Training loss" + ("" if test is None else " (dashed: test)"))
        curves_ax.grid(alpha=0.3)
        colors = run_colors(len(runs))
        sizes = path_marker_sizes(len(runs))
        self.curves = []  # (line, point) of the training loss, (line, None) of the test loss
        for k, (row, color, ms) in enumerate(zip(self.losses, colors, sizes, strict=True)):
            curves_ax.plot(np.arange(len(row)), row, color=color, lw=1, alpha=0.25)
            (line,) = curves_ax.plot([0], row[:1], color=color, lw=1.8, animated=True)
            (point,) = curves_ax.plot([0], row[:1], "o", ms=0.8 * ms, color=color,
                                      mec="black", animated=True)
            self.curves.append((line, point, row))
            if test is not None:
                (dashed,) = curves_ax.plot([0], test[k, :1], color=color, lw=1.2,
                                           ls=style.SET_LINESTYLES["test"], animated=True)
                self.curves.append((dashed, None, test[k]))
        curves_ax.legend(handles=_legend_handles(runs), loc="best", framealpha=0.9,
                         fontsize="small")
        self.panels = _landscape_panels(self.fig, planes, runs, sl, shown, 1.0, upto=0,
                                        animated=True)
        self.paths = padded_paths(runs)
        self.title = self.fig.suptitle(self._title(len(self.frames) - 1), animated=True)
        self._cache_background()
        self.animated = (*(a for line, point, _ in self.curves for a in (line, point) if a),
                         *(a for pairs in self.panels for pair in pairs for a in pair),
                         self.title)

    def _title(self, i: int) -> str:
        e = int(self.frames[i])
        now = "   ".join(f"{r.name} {format_loss(r.loss[min(e, len(r.loss) - 1)])}"
                         for r in self.runs)
        return f"{self.name}   epoch {e}/{self.last}\ntraining loss: {now}"

    def update(self, i: int) -> None:
        e = int(self.frames[i])
        for pairs in self.panels:
            for (line, point), path in zip(pairs, self.paths, strict=True):
                shown = visible_path(path, e)
                line.set_data(shown[:, 0], shown[:, 1])
                point.set_data(shown[-1:, 0], shown[-1:, 1])
        for line, point, row in self.curves:
            line.set_data(np.arange(e + 1), row[: e + 1])  # NaN after a run ended
            if point is not None:
                point.set_data(*([v] for v in last_finite(row, e)))
        self.title.set_text(self._title(i))


def shared_figure(runs: Sequence[SharedRun], sl: SharedSlice, title: str,
                  size: tuple[float, float], landscape: str = "both") -> Figure:
    """The comparison for papers, `size` inches, in print style: every run's whole path on
    the shared plane over each panel of `panels`, starts marked, one log colorbar, one
    legend."""
    shown = panels(runs, sl, landscape)
    with plt.rc_context(style.PAPER_RC):
        fig = plt.figure(figsize=size, layout="constrained")
        axes = fig.subplots(1, len(shown), squeeze=False)[0]
        _landscape_panels(fig, axes, runs, sl, shown, style.PAPER_PATH_SCALE, upto=None)
        handles = _legend_handles(runs, style.PAPER_PATH_SCALE)
        fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 2),
                   frameon=False)
        fig.suptitle(title)
    return fig


def shared_curves_figure(runs: Sequence[SharedRun], size: tuple[float, float]) -> Figure:
    """Loss (log scale) and accuracy of every run against the epoch, for papers: one colour
    per run, solid on the training set and dashed on the held-out set (if there is one)."""
    with plt.rc_context(style.PAPER_RC):
        fig = plt.figure(figsize=size, layout="constrained")
        loss_ax, acc_ax = fig.subplots(1, 2)
        for run, color in zip(runs, run_colors(len(runs)), strict=True):
            for kind, loss, acc in (("train", run.loss, run.acc),
                                    ("test", run.test_loss, run.test_acc)):
                if loss is not None:
                    epochs = np.arange(len(loss))
                    ls = style.SET_LINESTYLES[kind]
                    loss_ax.plot(epochs, loss, color=color, ls=ls)
                    acc_ax.plot(epochs, 100 * acc, color=color, ls=ls)
        losses = [c for r in runs for c in (r.loss, r.test_loss) if c is not None]
        log_yaxis(loss_ax, np.concatenate(losses))
        loss_ax.set(xlabel="epoch", ylabel="loss (log scale)")
        acc_ax.set(xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 100))
        for ax in (loss_ax, acc_ax):
            ax.grid(True, lw=0.4, alpha=0.4)
        handles = _legend_handles(runs, style.PAPER_PATH_SCALE)
        if any(r.test_loss is not None for r in runs):
            handles += [Line2D([], [], color="0.3", ls=style.SET_LINESTYLES[k], label=text)
                        for k, text in (("train", "training set"),
                                        ("test", "test set (held out)"))]
        fig.legend(handles=handles, loc="outside right upper", handlelength=2.6)
    return fig
