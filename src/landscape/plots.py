"""Drawing functions shared by frames, figures and montages.

Each takes an `ax` (and arrays), draws on it and returns the artists it made, so the same
code draws one model's panel, a frame of an animation and a cell of a montage.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.patches as mpatches  # noqa: E402
import matplotlib.patheffects as pe  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker as mticker  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from . import style  # noqa: E402


def log_levels(loss: np.ndarray, n: int = 25, floor: float = 1e-6) -> np.ndarray:
    """`n` log-spaced contour levels spanning the finite values of `loss` (from `floor` at
    least); a flat landscape still gets a small increasing range."""
    finite = loss[np.isfinite(loss)]
    if finite.size == 0:
        return np.geomspace(0.1, 10.0, n)
    lo = max(float(finite.min()), floor)
    hi = max(float(finite.max()), lo * (1 + 1e-3))
    return np.geomspace(lo, hi, n)


LANDSCAPES = ("train", "test", "both")  # what render.landscape and figures.landscape take


def landscape_kinds(landscape: str, has_test: bool) -> tuple[str, ...]:
    """The losses to draw for `landscape` ("train", "test" or "both": training, then test),
    of those there are: without a held-out set only the training loss."""
    if landscape not in LANDSCAPES:
        raise ValueError(f"landscape must be one of {LANDSCAPES}, got {landscape!r}")
    if not has_test or landscape == "train":
        return ("train",)
    return ("test",) if landscape == "test" else ("train", "test")


def region_rgb(classes: np.ndarray, conf: np.ndarray, n_classes: int) -> np.ndarray:
    """Pale class colours, paler where the model is unsure. classes and conf `(H, W)`;
    returns `(H, W, 3) float32` in [0, 1]."""
    colors = np.array([mcolors.to_rgb(c) for c in style.CLASS_COLORS[:n_classes]], np.float32)
    certainty = np.clip((conf - 1.0 / n_classes) / (1.0 - 1.0 / n_classes), 0.0, 1.0)
    tint = (0.25 + 0.45 * certainty)[..., None]
    return (1.0 - tint) + tint * colors[classes]


def axis_label(name: str, ratio: float | None) -> str:
    """`name` with its share of the path's variance; for a principal component a ratio of
    exactly 0 marks a direction that `pca_directions` filled in at random because the path
    does not span it."""
    if ratio is None:
        return name
    if ratio == 0 and "PC" in name:
        return f"random direction (path has no {name})"
    return f"{name} ({100 * ratio:.1f}% of variance)"


def plane_axes(plane) -> tuple[str, str]:
    """The names of a plane file's two directions (PC1 and PC2 in files without them)."""
    return tuple(str(a) for a in plane.get("axes", ("PC1", "PC2")))


def format_loss(value: float) -> str:
    """A loss for a title: 3 decimals, or 3 significant digits once it is large."""
    return f"{value:.3f}" if abs(value) < 1000 else f"{value:.3g}"


def draw_data(ax, X: np.ndarray, y: np.ndarray, held_out: bool = False, **kw):
    """Scatter the samples coloured by class: training samples as filled dots, held-out
    (test) samples as white dots ringed in their class colour, so the two read apart on any
    background. Returns the PathCollection."""
    colors = list(np.array(style.CLASS_COLORS, dtype=object)[y])
    if held_out:
        return ax.scatter(X[:, 0], X[:, 1], facecolors="white", edgecolors=colors,
                          **style.TEST_POINTS, zorder=3, **kw)
    return ax.scatter(X[:, 0], X[:, 1], c=colors, edgecolors="black", **style.TRAIN_POINTS,
                      zorder=3, **kw)


def data_legend(fig, **kw):
    """A figure legend that tells training (filled) from test (ringed) samples, in neutral
    grey, below the panels (constrained layout makes room for it)."""
    handles = [Line2D([], [], ls="none", marker=p["marker"], ms=np.sqrt(p["s"]), mfc=face,
                      mec=edge, mew=p["linewidths"])  # scatter's s is the marker size squared
               for p, face, edge in [(style.TRAIN_POINTS, "0.45", "black"),
                                     (style.TEST_POINTS, "white", "0.3")]]
    return fig.legend(handles, ["training samples", "test samples (held out)"],
                      loc="outside lower left", ncols=2, frameon=False, **kw)


def linear_levels(values: np.ndarray, n: int = 25) -> np.ndarray:
    """`n` evenly spaced contour levels spanning the finite `values`, for surfaces that go
    negative (a log scale cannot show them); a flat surface gets a small range."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.linspace(0.0, 1.0, n)
    lo, hi = float(finite.min()), float(finite.max())
    if hi - lo < 1e-12 * max(1.0, abs(lo)):
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, n)


def draw_landscape(ax, a: np.ndarray, b: np.ndarray, loss: np.ndarray, levels: np.ndarray,
                   log: bool = True):
    """Filled contours of `loss` `(len(b), len(a))` at `levels`, on a log colour scale (or a
    linear one, `log=False`, for surfaces that go negative).

    Cells where the loss is NaN or infinite (weights far enough out for the logits to
    overflow) are left uncoloured over a hatched grey ground, with a legend entry that says
    so; `levels` should come from the finite values (`log_levels`). Returns the filled
    ContourSet (for `loss_colorbar`), or None when no cell is finite.
    """
    norm = (mcolors.LogNorm if log else mcolors.Normalize)(vmin=levels[0], vmax=levels[-1])
    bad = ~np.isfinite(loss)
    if bad.any():
        hatch = dict(facecolor=style.NONFINITE_COLOR, edgecolor=style.NONFINITE_HATCH_COLOR,
                     hatch=style.NONFINITE_HATCH, linewidth=0)
        ax.add_patch(mpatches.Rectangle((0, 0), 1, 1, transform=ax.transAxes, zorder=0,
                                        **hatch))
        share = f"{100 * bad.mean():.0f}%" if bad.mean() >= 0.01 else f"{bad.sum()} points"
        # An artist of its own rather than ax.legend(): it stays when a caller adds a legend.
        ax.add_artist(Legend(ax, [mpatches.Patch(**hatch)], [f"loss not finite ({share})"],
                             loc="best", framealpha=0.9, handlelength=1.5))
    if bad.all():
        ax.set(xlim=(a[0], a[-1]), ylim=(b[0], b[-1]))
        return None
    return draw_contours(ax, a, b, loss, levels, norm)[0]


def draw_contours(ax, a: np.ndarray, b: np.ndarray, loss: np.ndarray, levels: np.ndarray,
                  norm, **kw):
    """Filled contours of `loss` `(len(b), len(a))` at `levels` in the loss colour map with
    `norm`, and a thin line on every third level; NaN cells stay empty. `kw` go to both
    (e.g. animated=True). Returns (filled, lines)."""
    masked = np.ma.masked_invalid(np.clip(loss, levels[0], None))
    filled = ax.contourf(a, b, masked, levels=levels, norm=norm, cmap=style.LOSS_CMAP,
                         extend="max", zorder=1, **kw)
    lines = ax.contour(a, b, masked, levels=levels[::3], norm=norm, colors="black",
                       linewidths=0.4, alpha=0.35, zorder=1, **kw)
    return filled, lines


def surface_levels(values: np.ndarray, log: bool) -> np.ndarray:
    """Contour levels of an analytic surface: log-spaced down to a thousandth of its largest
    value (`log`, for a non-negative surface with a thin low valley), else linear."""
    if log:
        return log_levels(values, floor=1e-3 * float(np.nanmax(values)))
    return linear_levels(values)


def log_yaxis(ax, values: np.ndarray) -> None:
    """A log-scale y axis over `values` with plain ticks (0.05, 0.1, 0.2, ...), as on the
    colorbars, and a little room above and below."""
    finite = values[np.isfinite(values) & (values > 0)]
    lo, hi = float(finite.min()), float(finite.max())
    pad = (hi / lo) ** 0.05 if hi > lo else 1.05
    ax.set_yscale("log")
    ax.set_ylim(lo / pad, hi * pad)
    ax.yaxis.set_major_locator(mticker.FixedLocator(log_ticks(lo / pad, hi * pad)))
    ax.yaxis.set_major_formatter(mticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_locator(mticker.NullLocator())


def log_ticks(lo: float, hi: float, n: int = 5) -> np.ndarray:
    """Readable colorbar ticks for a log scale from lo to hi: 1, 2, 5 x 10^k where the range
    covers a decade or more, else about `n` log-spaced values rounded to as few significant
    digits (2 or more) as give at least three distinct ticks inside the range."""
    if hi / lo >= 10:
        k = np.arange(np.floor(np.log10(lo)), np.ceil(np.log10(hi)) + 1)
        ticks = (10.0 ** k[:, None] * np.array([1.0, 2.0, 5.0])).ravel()
        return np.unique(ticks[(ticks >= lo) & (ticks <= hi)])
    for digits in range(2, 8):
        ticks = np.unique([float(f"{t:.{digits}g}") for t in np.geomspace(lo, hi, n)])
        ticks = ticks[(ticks >= lo) & (ticks <= hi)]
        if len(ticks) >= 3:
            break
    return ticks


def loss_colorbar(fig, filled, ax, label: str = "loss (log scale)", log: bool = True, **kw):
    """Colorbar of a landscape with plain, readable ticks (log-spaced where `log`); `kw` go
    to `fig.colorbar` (e.g. shrink, aspect). None when `filled` is None (a landscape without
    a finite value has no scale to show)."""
    if filled is None:
        return None
    cbar = fig.colorbar(filled, ax=ax, label=label, **kw)
    lo, hi = filled.levels[0], filled.levels[-1]
    if not log:
        ticks = mticker.MaxNLocator(nbins=8).tick_values(lo, hi)
        cbar.set_ticks(ticks[(ticks >= lo) & (ticks <= hi)])
        return cbar
    cbar.set_ticks(log_ticks(lo, hi))
    cbar.formatter = mticker.FormatStrFormatter("%g")
    cbar.minorticks_off()
    return cbar


def draw_path(ax, path: np.ndarray, scale: float = 1.0, *, color: str = style.PATH_COLOR,
              point_color: str = style.POINT_COLOR, ms: float = 9, **kw):
    """The path as a line (white by default) with a dark outline, and its current point;
    returns both. `scale` shrinks lines and markers for small (paper) figures."""
    (line,) = ax.plot(path[:, 0], path[:, 1], color=color, lw=1.8 * scale, zorder=4,
                      path_effects=[pe.Stroke(linewidth=3.2 * scale, foreground="black"),
                                    pe.Normal()], **kw)
    (point,) = ax.plot(path[-1:, 0], path[-1:, 1], "o", ms=ms * scale, color=point_color,
                       mec="white", mew=1.5 * scale, zorder=5, **kw)
    return line, point


def draw_start(ax, xy, scale: float = 1.0, **kw):
    """The starting point of a path (the initial weights) as a hollow white circle."""
    (start,) = ax.plot(xy[0], xy[1], "o", ms=7 * scale, mfc="none", mec="white",
                       mew=1.5 * scale, zorder=4, **kw)
    return start


def row_percent(confusion: np.ndarray) -> np.ndarray:
    """Each row of a confusion matrix `(K, K)` as percentages of that true class (rows with
    no samples stay 0). `(K, K) float64`."""
    rows = confusion.sum(axis=-1, keepdims=True)
    return 100.0 * confusion / np.maximum(rows, 1)


def draw_confusion(ax, confusion: np.ndarray, **kw):
    """A confusion matrix `(K, K)` (rows: true class, columns: predicted) shown as each row's
    percentages, in colour and as a number per cell (blank where none). Returns the image and
    the `K*K` texts, row by row, for `update_confusion`."""
    k = len(confusion)
    image = ax.imshow(np.zeros((k, k)), cmap=style.CONFUSION_CMAP, vmin=0, vmax=100,
                      interpolation="nearest", **kw)
    size = float(np.clip(14 - 0.55 * k, 8, 12))
    texts = [ax.text(j, i, "", ha="center", va="center", fontsize=size, **kw)
             for i in range(k) for j in range(k)]
    ax.set(xticks=range(k), yticks=range(k), xlabel="predicted class", ylabel="true class")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    update_confusion(image, texts, confusion)
    return image, texts


def update_confusion(image, texts, confusion: np.ndarray) -> None:
    """Show another confusion matrix in the artists made by `draw_confusion`."""
    pct = row_percent(confusion)
    image.set_data(pct)
    for text, value in zip(texts, pct.ravel(), strict=True):
        text.set_text(f"{value:.0f}" if value >= 0.5 else "")
        text.set_color("white" if value > 55 else "black")


def critical_labels(kinds, values, probes=None) -> list[str]:
    """Short text per critical point: 'min' ('global min' / 'local min' when there are
    several, by `values`), 'max', 'saddle', or for a degenerate point what its neighbourhood
    looks like (`probes`), e.g. 'degenerate (saddle)'."""
    probes = [None] * len(kinds) if probes is None else list(probes)
    minima = [v for k, v in zip(kinds, values, strict=True) if k == "minimum"]
    labels = []
    for kind, value, probe in zip(kinds, values, probes, strict=True):
        if kind == "minimum" and len(minima) > 1:
            labels.append("global min" if value <= min(minima) + 1e-12 else "local min")
        elif kind == "degenerate":
            labels.append(f"degenerate ({probe})" if probe else "degenerate")
        else:
            labels.append({"minimum": "min", "maximum": "max"}.get(kind, kind))
    return labels


def draw_critical_points(ax, xy: np.ndarray, kinds, labels=None, max_text: int = 12,
                         ms: float = 10, fontsize: float = 8):
    """Mark critical points at `xy` `(K, 2)` (on a 1D curve: x and value) with one marker
    shape per kind (style.CRITICAL_MARKERS, legend label per kind) and their `labels` beside
    them. A kind with more than `max_text` points (a valley of minima, say) gets small
    marks that trace it and no labels. Returns the artists."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    kinds = list(kinds)
    crowded = {k for k in set(kinds) if kinds.count(k) > max_text}
    artists = []
    for kind, marker in style.CRITICAL_MARKERS.items():
        idx = [i for i, k in enumerate(kinds) if k == kind]
        if not idx:
            continue
        size = ms * style.CRITICAL_MARKER_SCALE.get(kind, 1.0) / (2 if kind in crowded else 1)
        (dots,) = ax.plot(xy[idx, 0], xy[idx, 1], marker, ls="none", ms=size, mfc="white",
                          mec="black", mew=min(1.2, 0.12 * size), zorder=6, label=kind)
        artists.append(dots)
    if labels is not None:
        outline = [pe.withStroke(linewidth=2.5, foreground="white")]
        for (x, y), kind, text in zip(xy, kinds, labels, strict=True):
            if kind not in crowded:
                artists.append(ax.annotate(
                    text, (x, y), xytext=(0.7 * ms, 0.5 * ms), textcoords="offset points",
                    fontsize=fontsize, zorder=7, path_effects=outline, annotation_clip=True))
    return artists


def frame_figure(width: int, height: int, dpi: int):
    """A figure of exactly `width` x `height` pixels for animation frames (both even, as
    H.264 needs)."""
    if width % 2 or height % 2:
        raise ValueError(f"frame size must be even for H.264, got {width}x{height}")
    plt.rcParams.update(style.RC)
    return plt.figure(figsize=(width / dpi, height / dpi), dpi=dpi, layout="constrained")


def path_marker_sizes(n: int, largest: float = 11.0) -> list[float]:
    """Marker sizes that shrink from the first path to the last, so that current points on
    top of each other stay visible as rings."""
    step = 1.2 * largest / 11.0
    return [max(largest - step * i, 0.36 * largest) for i in range(n)]


def draw_paths(ax, paths: np.ndarray, colors, upto: int | None = None, scale: float = 1.0,
               **kw):
    """Several optimiser paths `(O, T, 2)` on one landscape, each in its own colour, up to
    step `upto` (all by default; NaN rows, where a path stopped, are left out). `scale`
    shrinks lines and markers for paper figures. Returns one (line, point) pair per path."""
    artists = []
    sizes = path_marker_sizes(len(paths))
    for path, color, ms in zip(paths, colors, sizes, strict=True):
        line, point = draw_path(ax, visible_path(path, upto), scale, color=color,
                                point_color=color, ms=ms, **kw)
        point.set_markeredgecolor("black")
        artists.append((line, point))
    return artists


def last_finite(series_row: np.ndarray, k: int) -> tuple[float, float]:
    """The last finite (step, value) of a per-step series at or before step k."""
    idx = np.flatnonzero(np.isfinite(series_row[: k + 1]))
    j = int(idx[-1]) if idx.size else 0
    return float(j), float(series_row[j])


def visible_path(path: np.ndarray, upto: int | None = None) -> np.ndarray:
    """The finite rows of `path` `(T, d)` up to index `upto` (inclusive): what has been
    travelled by then. A path that stopped early keeps showing its last point."""
    shown = path if upto is None else path[: upto + 1]
    return shown[np.isfinite(shown).all(axis=1)]
