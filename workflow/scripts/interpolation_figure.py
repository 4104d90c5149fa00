"""Rule interpolation_figure: loss along the straight line from init to final weights, beside
the loss along the path that training took."""

from landscape.figures import Run, interpolation_figure, save_figure
from landscape.io import load_npz

sm = snakemake  # noqa: F821
p = sm.params
run = Run.from_trajectory(sm.wildcards.model,
                          load_npz(sm.input.trajectory, keys=Run.KEYS))
line = load_npz(sm.input.interpolation, required=("alpha", "line_loss", "plane_loss"))
fig = interpolation_figure(run, line["alpha"], line["line_loss"], line["plane_loss"],
                           (p.width, p.height))
save_figure(fig, sm.output, p.dpi)
