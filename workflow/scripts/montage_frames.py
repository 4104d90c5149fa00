"""Rule montage_frames: one PNG per selected epoch of every model advancing together."""

import time

from landscape.figures import MontageRenderer, Run, Slice, montage_layout, montage_size
from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.video import write_frames

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs = [Run.from_trajectory(m, load_npz(f)) for m, f in zip(p.models, sm.input.trajectories)]
slices = [Slice.from_arrays(load_npz(plane), load_npz(grid))
          for plane, grid in zip(sm.input.planes, sm.input.grids)]
layout = montage_layout({r.name: (r.depth, r.width) for r in runs})
width, height = montage_size(layout, p.width)
# Even pixel sizes for H.264.
width_px, height_px = 2 * round(width * p.dpi / 2), 2 * round(height * p.dpi / 2)
start = time.perf_counter()
renderer = MontageRenderer(runs, slices, layout, width_px, height_px, p.dpi, p.max_frames)
write_frames(renderer.render, len(renderer), sm.output[0])
renderer.close()
seconds = time.perf_counter() - start
log.info("montage of %d models, %dx%d cells: %d frames of %dx%d px in %.2f s (%.1f ms/frame)",
         len(runs), layout.n_rows, layout.n_cols, len(renderer), width_px, height_px, seconds,
         1000 * seconds / len(renderer))
