"""Rule landscape_figure: a model's final landscape with its whole path, in every format."""

from landscape.figures import Run, Slice, landscape_figure, save_figure
from landscape.io import load_npz

sm = snakemake  # noqa: F821
p = sm.params
run = Run.from_trajectory(sm.wildcards.model,
                          load_npz(sm.input.trajectory, keys=Run.KEYS))
sl = Slice.from_arrays(load_npz(sm.input.plane), load_npz(sm.input.grid))
save_figure(landscape_figure(run, sl, (p.width, p.height), p.landscape), sm.output, p.dpi)
