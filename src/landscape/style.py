"""One place for the look of every frame and figure."""

from __future__ import annotations

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
CLASS_COLORS = (
    "#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2",
    "#D55E00", "#F0E442", "#000000", "#999999", "#882255",
)
LOSS_CMAP = "viridis"  # perceptually uniform and colour-blind safe
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
