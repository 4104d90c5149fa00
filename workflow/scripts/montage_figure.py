"""Rule montage_figure: every model's landscape in one figure, laid out as the study."""

from landscape.figures import Run, Slice, montage_figure, montage_layout, save_figure
from landscape.io import load_npz

sm = snakemake  # noqa: F821
p = sm.params
runs = [Run.from_trajectory(m, load_npz(f)) for m, f in zip(p.models, sm.input.trajectories)]
slices = [Slice.from_arrays(load_npz(plane), load_npz(grid))
          for plane, grid in zip(sm.input.planes, sm.input.grids)]
layout = montage_layout({r.name: (r.depth, r.width) for r in runs})
save_figure(montage_figure(runs, slices, layout, p.width), sm.output, p.dpi)
