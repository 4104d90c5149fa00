"""Figure of the empirical and the expected risk in one weight, with their minima: the
minimiser of what we optimise is not the minimiser of what we care about."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402
from .risk import CURVES  # noqa: E402


def draw_risks(ax, curves: dict, scale: float = 1.0) -> list:
    """Both risks over x (`risk.risk_curves` arrays): the expected one solid, the empirical
    one dashed. Returns the lines."""
    return [ax.plot(curves["x"], curves[name], color=style.RISK_COLORS[name],
                    ls="-" if name == "expected" else "--", lw=1.8 * scale,
                    label=style.RISK_LABELS[name], zorder=2)[0]
            for name in ("expected", "empirical")]


def draw_risk_minima(ax, minima: dict, ms: float = 10, fontsize: float = 8) -> list:
    """Every minimum of both curves (`risk.risk_minima`'s `minima`) as a star in its curve's
    colour: filled for the global minimum, white for the local ones; the global minima
    are labelled with their position and joined to the x axis by a dotted line, so the gap
    between the two minimisers shows. Returns the artists."""
    artists = []
    marker = style.CRITICAL_MARKERS["minimum"]
    size = ms * style.CRITICAL_MARKER_SCALE["minimum"]
    bottom = ax.get_ylim()[0]
    for name in CURVES:
        color = style.RISK_COLORS[name]
        points = minima[name]
        local = [m for m in points if not m["global"]]
        if local:
            artists += ax.plot([m["x"] for m in local], [m["value"] for m in local], marker,
                               ls="none", ms=0.75 * size, mfc="white", mec=color,
                               mew=0.12 * size, zorder=5)
        best = points[0]
        artists += ax.plot([best["x"]], [best["value"]], marker, ls="none", ms=size,
                           mfc=color, mec="black", mew=0.08 * size, zorder=6)
        artists.append(ax.vlines(best["x"], bottom, best["value"], colors=color, lw=0.8,
                                 ls=":", zorder=1))
    # The two global minima sit close together: one label to the left, one to the right.
    left, right = sorted(CURVES, key=lambda n: minima[n][0]["x"])
    for name, dx, ha in ((left, -1, "right"), (right, 1, "left")):
        best = minima[name][0]
        artists.append(ax.annotate(
            f"min of {name}\nrisk, x = {best['x']:.3f}", (best["x"], best["value"]),
            xytext=(dx * 1.2 * ms, -0.2 * ms), textcoords="offset points", ha=ha, va="top",
            fontsize=fontsize, color=style.RISK_COLORS[name], zorder=7))
    return artists


def risk_figure(curves: dict, result: dict, size: tuple[float, float] = (3.5, 2.9)):
    """The static figure, `size` inches in the print style (`style.PAPER_RC`): both risks,
    their minima, and a legend that tells filled (global) from white (local) minima.
    `result` is `risk.risk_minima`'s. Returns the Figure (save it with
    `figures.save_figure`)."""
    scale = style.PAPER_PATH_SCALE
    with plt.rc_context(style.PAPER_RC):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        draw_risks(ax, curves, scale)
        values = np.concatenate([curves[name] for name in CURVES])
        pad = 0.08 * float(np.ptp(values))
        ax.set(xlim=(curves["x"][0], curves["x"][-1]),
               ylim=(float(values.min()) - 3 * pad, float(values.max()) + pad),
               xlabel="weight $x$", ylabel="risk (loss)")
        draw_risk_minima(ax, result["minima"], ms=10 * scale,
                         fontsize=plt.rcParams["legend.fontsize"])
        marker = style.CRITICAL_MARKERS["minimum"]
        ax.plot([], [], marker, ls="none", mfc="0.3", mec="black", label="global minimum")
        ax.plot([], [], marker, ls="none", mfc="white", mec="0.3", label="local minimum")
        ax.legend(loc="upper left", frameon=False)
        # What minimising the empirical risk costs in expected risk.
        ax.set_title(r"excess risk $R(\hat{x}_{emp}) - \min\, R$ = "
                     f"{result['excess_risk']:.3g}")
    return fig
