"""Animation and figure of gradient descent escaping a saddle, two ways side by side.

Left: gradient descent stalls near the saddle, then takes one step along the eigenvector of
the most negative Hessian eigenvalue (drawn as an arrow at the saddle) and runs down. Middle:
the same stall, escaped by a random perturbation of the same length. Right: the loss per step
of both, and of gradient descent alone, which stays at the saddle. As for the other
animations, the figure is built once and each frame redraws only the moving artists
(`frames.BlitRenderer`).
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from . import style  # noqa: E402
from .frames import BlitRenderer  # noqa: E402
from .methods import ESCAPE_LABELS, ESCAPES  # noqa: E402
from .plots import (  # noqa: E402
    draw_critical_points,
    draw_landscape,
    draw_path,
    draw_start,
    frame_figure,
    loss_colorbar,
    surface_levels,
    visible_path,
)
from .surfaces import surface_grid  # noqa: E402
from .toy_frames import draw_series_axes  # noqa: E402
from .trajectory import frame_indices  # noqa: E402

ARROW = 0.22  # half-length of the eigenvector's arrow, as a share of the box's width
STALL_LINE = {"color": "0.4", "ls": ":"}  # the step where gradient descent stalled


@dataclass
class EscapeData:
    """Everything an escape animation or figure shows (the `escape` files of the rule)."""

    name: str
    formula: str  # mathtext
    axes: list  # (P,) w1 and (P,) w2
    values: np.ndarray  # (P, P), rows index w2
    log_scale: bool
    paths: np.ndarray  # (3, T, 2) in the order of methods.ESCAPES, NaN after leaving the box
    losses: np.ndarray  # (3, T)
    stall: int  # the step where GD stalled and the kicks were added (-1: never)
    kicks: np.ndarray  # (3, 2) what each method added at the stall
    saddle: np.ndarray  # (2,) the saddle GD stalled at
    lam: float  # its most negative Hessian eigenvalue
    v: np.ndarray  # (2,) the eigenvector of lam
    stall_tol: float
    frames: np.ndarray  # (F,) step shown by each frame

    @property
    def steps(self) -> int:
        return self.paths.shape[1] - 1


def escape_data(surface, run: dict, summary: dict, resolution: int = 200,
                max_frames: int = 50) -> EscapeData:
    """A surface (`surfaces.Surface`), its escape runs (`escape.escape_runs` arrays) and the
    summary written beside them (saddle, lambda_min, v, stall_tol) as what the renderer and
    the figure draw. The frames always include the stalled step and the kick after it."""
    axes, values = surface_grid(surface, resolution)
    v = np.asarray(summary["saddle"]["eigenvectors"][0])  # its largest component positive
    stall = int(run["stall"])
    frames = frame_indices(run["path"].shape[1], max_frames)
    if stall >= 0:
        frames = np.union1d(frames, [stall, stall + 1])
    return EscapeData(
        name=surface.name, formula=surface.formula, axes=axes, values=values,
        log_scale=surface.log_scale, paths=run["path"], losses=run["loss"], stall=stall,
        kicks=run["kicks"], saddle=np.asarray(summary["saddle"]["position"]),
        lam=float(summary["saddle"]["eigenvalues"][0]),
        v=v * np.sign(v[np.argmax(np.abs(v))]), stall_tol=summary["stall_tol"],
        frames=frames)


def draw_arrow(ax, center, direction, length: float, color: str, both: bool = False,
               scale: float = 1.0):
    """An arrow of `length` from `center` along the unit vector `direction` (`both`: a
    double-headed one from center - length * direction), outlined so it shows on any
    colour. Returns the annotation."""
    center, direction = np.asarray(center), np.asarray(direction)
    tail = center - length * direction if both else center
    return ax.annotate(
        "", xy=center + length * direction, xytext=tail, zorder=5,
        arrowprops=dict(arrowstyle="<|-|>" if both else "-|>", color=color, lw=2.2 * scale,
                        mutation_scale=16 * scale, shrinkA=0, shrinkB=0,
                        path_effects=[pe.withStroke(linewidth=4 * scale, foreground="black")]))


def draw_escape_landscape(fig, ax, d: EscapeData, method: str, scale: float = 1.0,
                          colorbar: bool = True) -> None:
    """The static part of one contour panel: the surface, the start, the saddle, and the
    way out `method` takes ("eigenvector": the eigenvector of lambda_min as a double arrow
    at the saddle; "random": the direction of the random perturbation from where GD
    stalled)."""
    levels = surface_levels(d.values, d.log_scale)
    filled = draw_landscape(ax, d.axes[0], d.axes[1], d.values, levels, log=d.log_scale)
    if colorbar:
        label = "loss (log scale)" if d.log_scale else "loss"
        loss_colorbar(fig, filled, ax, label=label, log=d.log_scale)
    draw_start(ax, d.paths[0, 0], scale=1.7 * scale)
    draw_critical_points(ax, d.saddle[None], ["saddle"], ms=10 * scale)
    ax.set(xlabel="$w_1$", ylabel="$w_2$", xlim=(d.axes[0][0], d.axes[0][-1]),
           ylim=(d.axes[1][0], d.axes[1][-1]), aspect="equal")
    length = ARROW * float(d.axes[0][-1] - d.axes[0][0])
    if method == "eigenvector":
        draw_arrow(ax, d.saddle, d.v, length, style.ARROW_COLOR, both=True, scale=scale)
        # Labelled at the end the path does not take, so the path never covers the text.
        taken = 1.0 if d.stall < 0 else np.sign(d.kicks[ESCAPES.index(method)] @ d.v) or 1.0
        u, tip = -taken * d.v, d.saddle - taken * length * d.v
        text = "$v_{min}$"
    elif d.stall >= 0:
        kick = d.kicks[ESCAPES.index(method)]
        u, tip = kick / np.linalg.norm(kick), d.paths[0, d.stall]
        draw_arrow(ax, tip, u, length, style.ARROW_COLOR, scale=scale)
        tip, text = tip + length * u, "random"
    else:
        return
    # Beyond the arrow's tip, away from the middle of the box (where the paths run).
    outward = "right" if tip[0] < 0.5 * (d.axes[0][0] + d.axes[0][-1]) else "left"
    ax.annotate(text, tip, xytext=(0, 5 if u[1] >= 0 else -5), textcoords="offset points",
                ha=outward, va="bottom" if u[1] >= 0 else "top",
                color="black", zorder=7, fontsize=plt.rcParams["legend.fontsize"],
                path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])


def draw_escape_path(ax, d: EscapeData, method: str, upto: int | None = None,
                     scale: float = 1.0, **kw) -> tuple:
    """The path of `method` up to step `upto` (all by default). Returns (line, point)."""
    path = d.paths[ESCAPES.index(method)]
    color = style.ESCAPE_COLORS[method]
    line, point = draw_path(ax, visible_path(path, upto), scale, color=color,
                            point_color=color, **kw)
    point.set_markeredgecolor("black")
    return line, point


def draw_escape_losses(ax, d: EscapeData, upto: int | None = None, scale: float = 1.0,
                       **kw) -> list:
    """Loss per step of every method up to step `upto` (all by default), the stall marked
    by a dotted line. Returns (line, point) per method."""
    log = bool(np.nanmin(d.values) >= 0 and np.nanmin(d.losses) > 0)
    draw_series_axes(ax, d.steps, d.losses, "loss", log=log)
    if d.stall >= 0:
        ax.axvline(d.stall, **STALL_LINE, lw=0.8 * scale, zorder=1)
    k = d.steps if upto is None else upto
    artists = []
    for m, row in zip(ESCAPES, d.losses, strict=True):
        color = style.ESCAPE_COLORS[m]
        (line,) = ax.plot(np.arange(k + 1), row[: k + 1], color=color, lw=1.8 * scale,
                          ls="--" if m == "gd" else "-", **kw)
        shown = visible_path(row[: k + 1, None])
        j = len(shown) - 1
        (point,) = ax.plot([j], shown[-1:, 0], "o", ms=7 * scale, color=color, mec="black",
                           mew=scale, **kw)
        artists.append((line, point))
    ax.set_title("loss per step")
    return artists


def legend_handles(d: EscapeData, scale: float = 1.0) -> list:
    """The methods' lines, and the stall's dotted line."""
    handles = [Line2D([], [], color=style.ESCAPE_COLORS[m],
                      ls="--" if m == "gd" else "-", lw=1.8 * scale, marker="o", ms=6 * scale,
                      mec="black", label=ESCAPE_LABELS[m]) for m in ESCAPES]
    if d.stall >= 0:
        handles.append(Line2D([], [], **STALL_LINE, lw=0.8 * scale,
                              label=rf"stall: $\|\nabla L\| \leq$ {d.stall_tol:g}"))
    return handles


def panel_title(d: EscapeData, method: str) -> str:
    if method == "eigenvector":
        title = rf"step along $v_{{min}}$ ($\lambda_{{min}}$ = {d.lam:.3g})"
    else:
        title = "random perturbation"
    if d.stall < 0:
        return title
    return f"{title}, length {np.linalg.norm(d.kicks[ESCAPES.index(method)]):.2g}"


class EscapeRenderer(BlitRenderer):
    """Draws frame i of an escape animation into an RGB array, reusing one figure."""

    def __init__(self, data: EscapeData, width: int = 1280, height: int = 640, dpi: int = 100):
        self.data = d = data
        self.fig = frame_figure(width, height, dpi)
        axes = self.fig.subplots(1, 3, width_ratios=(1, 1, 0.8))
        self.paths = []
        for ax, method in zip(axes, ("eigenvector", "random"), strict=False):
            draw_escape_landscape(self.fig, ax, d, method, colorbar=method == "random")
            ax.set_title(panel_title(d, method))
            self.paths.append(draw_escape_path(ax, d, method, upto=0, animated=True))
        axes[1].set(ylabel=None)
        self.curves = draw_escape_losses(axes[2], d, upto=0, animated=True)
        # Below the panels: inside the loss panel, no corner stays clear of every path.
        handles = legend_handles(d)
        self.fig.legend(handles=handles, loc="outside lower center", ncols=len(handles),
                        frameon=False)
        self.title = self.fig.suptitle(self._title(0), animated=True)
        self._cache_background()
        self.animated = (*(a for pair in self.paths + self.curves for a in pair), self.title)

    def _title(self, i: int) -> str:
        d, k = self.data, int(self.data.frames[i])
        if d.stall < 0:
            phase = "gradient descent (it stalls at no saddle: nothing to escape)"
        elif k <= d.stall:
            phase = "gradient descent runs into the saddle"
        elif k == d.stall + 1:
            phase = "stalled: one step out (left: along $v_{min}$; middle: random)"
        else:
            phase = "gradient descent again, from the new point"
        return f"{d.name}: {d.formula}   step {k}/{d.steps}: {phase}"

    def update(self, i: int) -> None:
        d, k = self.data, int(self.data.frames[i])
        for (line, point), method in zip(self.paths, ("eigenvector", "random"), strict=True):
            shown = visible_path(d.paths[ESCAPES.index(method)], k)
            line.set_data(shown[:, 0], shown[:, 1])
            point.set_data(shown[-1:, 0], shown[-1:, 1])
        steps = np.arange(k + 1)
        for (line, point), row in zip(self.curves, d.losses, strict=True):
            line.set_data(steps, row[: k + 1])
            shown = visible_path(row[: k + 1, None])
            point.set_data([len(shown) - 1], shown[-1:, 0])
        self.title.set_text(self._title(i))


def escape_figure(d: EscapeData, size: tuple[float, float] = (7.0, 2.9)):
    """A static figure for papers, `size` inches in the print style (`style.PAPER_RC`): the
    whole paths of both escapes beside the loss per step. Returns the Figure (save it with
    `figures.save_figure`)."""
    scale = style.PAPER_PATH_SCALE
    with plt.rc_context(style.PAPER_RC):
        fig = plt.figure(figsize=size, layout="constrained")
        axes = fig.subplots(1, 3, width_ratios=(1, 1, 0.8))
        for ax, method in zip(axes, ("eigenvector", "random"), strict=False):
            draw_escape_landscape(fig, ax, d, method, scale, colorbar=method == "random")
            ax.set_title(panel_title(d, method))
            draw_escape_path(ax, d, method, scale=scale)
        axes[1].set(ylabel=None)
        draw_escape_losses(axes[2], d, scale=scale)
        handles = legend_handles(d, scale)
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles),
                   frameon=False)
        fig.suptitle(f"{d.name}: {d.formula}, escaping its saddle")
    return fig
