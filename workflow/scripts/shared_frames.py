"""Rule shared_frames: one PNG per epoch of a comparison, every run on the shared plane."""

import time

from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.shared import SharedRenderer, comparison_title, shared_data
from landscape.trajectory import frame_indices
from landscape.video import write_frames

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs, sl = shared_data(p.runs, p.labels, p.l2, [load_npz(f, keys=("loss", "acc", "diverged_at"))
                           for f in sm.input.trajectories],
                       [load_npz(f) for f in sm.input.paths], load_npz(sm.input.plane),
                       load_npz(sm.input.grid))
frames = frame_indices(max(len(r.path) for r in runs), p.max_frames)
start = time.perf_counter()
renderer = SharedRenderer(runs, sl, frames, comparison_title(p.name, p.architecture, sl.method),
                          p.width, p.height, p.dpi)
write_frames(renderer.render, len(frames), sm.output[0])
renderer.close()
log.info("%s: %d runs, %d frames in %.2f s", p.name, len(runs), len(frames),
         time.perf_counter() - start)
