"""One place for the look of every frame and figure."""

from __future__ import annotations

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
CLASS_COLORS = (
    "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2",
    "#D55E00", "#F0E442", "#000000", "#999999", "#882255",
)
LOSS_CMAP = "viridis"  # perceptually uniform and colour-blind safe
CONFUSION_CMAP = "Blues"  # one hue, light to dark: readable in grey and for every viewer
# Training samples: dots filled with their class colour, a thin black edge; held-out (test)
# samples: white dots ringed in their class colour.
TRAIN_POINTS = {"s": 12, "linewidths": 0.4, "marker": "o"}
TEST_POINTS = {"s": 24, "linewidths": 1.6, "marker": "o"}
PATH_COLOR = "white"
POINT_COLOR = "#D55E00"
# Landscape cells whose loss is NaN or infinite: hatched grey, unlike any colour of the map.
NONFINITE_COLOR = "0.75"
NONFINITE_HATCH_COLOR = "0.45"
NONFINITE_HATCH = "///"

RC = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "figure.titlesize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "image.cmap": LOSS_CMAP,
    "savefig.bbox": "tight",
}

# Static figures for papers: sized in inches by config (3.5 in is one journal column), so the
# fonts are set for print (7-9 pt) rather than for a 1280-pixel frame. Saved at exactly the
# configured size (no tight bbox: constrained layout keeps everything inside), with TrueType
# fonts embedded in PDFs so that journals and editors accept and can edit the text.
PAPER_RC = {
    **RC,
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "figure.titlesize": 9,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "lines.linewidth": 1.0,
    "savefig.bbox": None,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.hashsalt": "landscape",  # stable SVG ids: same input, same file
}
# Marker and line sizes of the path in paper figures, relative to the animation frames.
PAPER_PATH_SCALE = 0.6
# Okabe-Ito again, ordered for lines on white (yellow, weak on white, last).
SERIES_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")
# Line styles of a model's training and held-out (test) curves; colour tells the width.
SET_LINESTYLES = {"train": "-", "test": "--"}
# One Okabe-Ito colour per optimiser, the same in every toy animation and figure.
OPTIMIZER_COLORS = {
    "gd": "#E69F00", "momentum": "#56B4E9", "nesterov": "#0072B2", "adam": "#CC79A7",
    "rmsprop": "#009E73", "noisy_gd": "#F0E442",
}
# Critical points: white markers with a black edge, one shape per kind.
CRITICAL_MARKERS = {"minimum": "*", "maximum": "^", "saddle": "X", "degenerate": "D"}
CRITICAL_MARKER_SCALE = {"minimum": 1.5, "degenerate": 0.8}  # so all look the same size
# Hessian eigenvalues: positive (curving up) and negative (curving down).
POSITIVE_COLOR = "#0072B2"
NEGATIVE_COLOR = "#D55E00"
# Empirical vs expected risk (1D): what we optimise, and what we care about.
RISK_COLORS = {"empirical": "#D55E00", "expected": "#0072B2"}
RISK_LABELS = {"empirical": "empirical risk (training set)",
               "expected": "expected risk (all data)"}
# Escaping a saddle: gradient descent alone, with a step along the most negative
# eigenvector, with a random perturbation of the same length.
ESCAPE_COLORS = {"gd": "0.35", "eigenvector": "#E69F00", "random": "#56B4E9"}
ARROW_COLOR = "white"  # directions (eigenvector, random kick), outlined in black
