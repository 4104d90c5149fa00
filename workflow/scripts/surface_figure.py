"""Rule surface_figure: a model's landscape as a 3D surface with the path on it."""

from landscape.figures import Run, Slice, save_figure, surface_figure
from landscape.io import load_npz

sm = snakemake  # noqa: F821
p = sm.params
run = Run.from_trajectory(sm.wildcards.model,
                          load_npz(sm.input.trajectory, keys=Run.KEYS))
sl = Slice.from_arrays(load_npz(sm.input.plane), load_npz(sm.input.grid))
plane_loss = load_npz(sm.input.interpolation, required=("plane_loss",))["plane_loss"]
fig = surface_figure(run, sl, plane_loss, (p.width, p.height), p.elev, p.azim)
save_figure(fig, sm.output, p.dpi)
