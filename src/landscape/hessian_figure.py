"""Figure of a model's Hessian at its final weights: the extreme eigenvalues (Lanczos) and,
for small models, a histogram of the whole spectrum."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402


def symmetric_log_bins(scale: float, zero: float, per_side: int = 25) -> np.ndarray:
    """Histogram edges for eigenvalues in [-scale, scale]: log-spaced on both sides of a
    single bin [-zero, zero] for the values that count as zero."""
    zero = min(max(zero, scale * 1e-12), scale * 0.5)
    side = np.geomspace(zero, scale * 1.0001, per_side + 1)
    return np.concatenate([-side[::-1], side])


def symlog_ticks(zero: float, low: float, high: float, per_side: int = 4) -> np.ndarray:
    """Ticks for a symmetric log axis with linear band |x| <= zero that shows values from
    `low` to `high`: 0 and +-10^k for powers of ten from twice the band up to the decade
    that covers each side's extreme, at most `per_side` on a side (every second or third
    decade when the range is wide)."""
    first = int(np.ceil(np.log10(2 * zero)))

    def side(extent: float) -> np.ndarray:
        if extent <= zero:
            return np.zeros(0)
        powers = np.arange(first, max(first, int(np.ceil(np.log10(extent)))) + 1)
        stride = int(np.ceil(len(powers) / per_side))
        return 10.0 ** powers[::-1][::stride][::-1]

    return np.concatenate([-side(-low)[::-1], [0.0], side(high)])


def _tick_text(v: float) -> str:
    if v == 0:
        return "0"
    k = int(round(np.log10(abs(v))))
    return ("-" if v < 0 else "") + (rf"$10^{{{k}}}$" if k not in (0, 1) else f"{10**k:g}")


def draw_extremes(ax, top: np.ndarray, bottom: np.ndarray, n: int, zero: float):
    """Stems of the k smallest (left) and k largest (right) eigenvalues on a symmetric log
    axis whose linear part is the band of eigenvalues that count as zero (|lambda| <= zero,
    shaded). Returns the stem containers."""
    k = len(bottom)
    values = np.concatenate([bottom, top[::-1]])
    x = np.concatenate([np.arange(1, k + 1), np.arange(k + 2, 2 * k + 2)])
    colors = np.where(values > zero, style.POSITIVE_COLOR,
                      np.where(values < -zero, style.NEGATIVE_COLOR, "0.5"))
    ax.axhspan(-zero, zero, color="0.9", zorder=0, label=r"counts as zero")
    ax.axhline(0, color="0.3", lw=0.6)
    ax.vlines(x, 0, values, colors=colors, lw=1.5)
    dots = ax.scatter(x, values, c=list(colors), s=14, zorder=3, edgecolors="black",
                      linewidths=0.4)
    ax.set_yscale("symlog", linthresh=zero, linscale=1.0)
    ticks = symlog_ticks(zero, float(values.min()), float(values.max()))
    ax.set_yticks(ticks, [_tick_text(t) for t in ticks])
    ax.yaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    labels = [str(i) for i in range(1, k + 1)] + [f"n-{k - i}" if k - i else "n"
                                                  for i in range(1, k + 1)]
    ax.set_xticks(x, labels)
    ax.set(xlim=(0, 2 * k + 2), ylabel="eigenvalue (symlog scale)",
           xlabel="index i of $\\lambda_i$, ascending (n = number of weights)",
           title=f"{k} smallest and {k} largest of {n:,} (Lanczos)")
    return dots


def draw_spectrum_histogram(ax, spectrum: np.ndarray, zero: float):
    """Histogram of every eigenvalue on a symmetric log axis (linear inside the zero band
    |lambda| <= zero), negatives and positives in their colours. Returns the bar containers."""
    scale = float(np.abs(spectrum).max())
    edges = symmetric_log_bins(scale, zero)
    groups = ((spectrum < -zero, style.NEGATIVE_COLOR, "negative"),
              (np.abs(spectrum) <= zero, "0.5", "counts as zero"),
              (spectrum > zero, style.POSITIVE_COLOR, "positive"))
    bars = [ax.hist(spectrum[mask], bins=edges, color=color, label=f"{label}: {mask.sum():,}")
            for mask, color, label in groups if mask.any()]
    ax.set_xscale("symlog", linthresh=zero, linscale=1.0)
    ticks = symlog_ticks(zero, -scale, scale, per_side=2)
    ax.set_xticks(ticks, [_tick_text(t) for t in ticks])
    ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    ax.set_yscale("log")
    ax.set_ylim(bottom=0.7)  # a bar of one eigenvalue stays visible
    ax.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set(xlabel="eigenvalue (symlog scale)", ylabel="count (log scale)",
           title=f"all {len(spectrum):,} eigenvalues (dense)")
    ax.legend(loc="upper left")
    return bars


def summary_text(r: dict) -> str:
    lines = [rf"$\lambda_{{max}}$ = {r['lambda_max']:.4g}",
             rf"$\lambda_{{min}}$ = {r['lambda_min']:.4g}",
             r"$|\lambda_{min}/\lambda_{max}|$ = "
             + ("undefined" if r["ratio"] is None else f"{r['ratio']:.3g}"),
             rf"$\|\nabla L\|$ = {r['grad_norm']:.3g}",
             f"loss = {r['loss']:.4g}",
             "",
             f"verdict: {r['verdict']}",
             rf"zero: $|\lambda| \leq$ {r['rel_tol']:g} max$|\lambda|$"]
    if r.get("fractions"):
        f = r["fractions"]
        lines += ["", f"positive: {100 * f['positive']:.1f}%",
                  f"negative: {100 * f['negative']:.1f}%", f"zero: {100 * f['zero']:.1f}%"]
    if r.get("escape"):
        e = r["escape"]
        lines += ["", rf"step $t$ = {e['step']:.2g} along $v_{{min}}$:",
                  rf"$\Delta L$ = {e['measured_change']:.3g}",
                  f"(2nd-order model {e['predicted_change']:.3g})"]
    return "\n".join(lines)


def hessian_figure(result: dict, top: np.ndarray, bottom: np.ndarray,
                   spectrum: np.ndarray | None, size: tuple[float, float] = (7.0, 2.9)):
    """The figure of one model's `hessian_spectrum` result, `size` inches in the print style
    (`style.PAPER_RC`): extreme eigenvalues, the histogram of all of them when known, and
    the numbers. Returns the Figure (save it with `figures.save_figure`)."""
    dense = spectrum is not None and len(spectrum) > 0
    ratios = (1, 1, 0.5) if dense else (1.6, 1)
    if not dense:  # one panel fewer: a narrower figure
        size = (0.7 * size[0], size[1])
    with plt.rc_context(style.PAPER_RC):
        fig, axes = plt.subplots(1, len(ratios), figsize=size, width_ratios=ratios,
                                 layout="constrained")
        scale = max(abs(result["lambda_max"]), abs(result["lambda_min"]), 1e-300)
        zero = result["rel_tol"] * scale
        draw_extremes(axes[0], np.asarray(top), np.asarray(bottom), result["n_params"], zero)
        axes[0].legend(loc="lower right")
        if dense:
            draw_spectrum_histogram(axes[1], np.asarray(spectrum), zero)
        axes[-1].axis("off")
        axes[-1].text(0.0, 1.0, summary_text(result), transform=axes[-1].transAxes, va="top",
                      linespacing=1.5 if result.get("escape") is None else 1.3)
        fig.suptitle(f"{result['model']}: Hessian of the training loss at its final weights "
                     f"(epoch {result['epoch']})")
    return fig
