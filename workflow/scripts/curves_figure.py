"""Rule curves_figure: loss and accuracy of every model against the epoch."""

from landscape.figures import Run, curves_figure, save_figure
from landscape.io import load_npz

sm = snakemake  # noqa: F821
p = sm.params
runs = [Run.from_trajectory(m, load_npz(f)) for m, f in zip(p.models, sm.input)]
save_figure(curves_figure(runs, (p.width, p.height)), sm.output, p.dpi)
