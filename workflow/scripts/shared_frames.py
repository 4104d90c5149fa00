"""Rule shared_frames: one PNG per epoch of a comparison, every run on the shared plane."""

from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.shared import (
    TRAJECTORY_KEYS,
    SharedRenderer,
    comparison_title,
    shared_runs,
    shared_slice,
)
from landscape.trajectory import frame_indices

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs = shared_runs(p.runs, p.labels, p.l2, [load_npz(f, keys=TRAJECTORY_KEYS)
                                            for f in sm.input.trajectories],
                   [load_npz(f) for f in sm.input.paths])
sl = shared_slice(load_npz(sm.input.plane), load_npz(sm.input.grid))
frames = frame_indices(max(len(r.path) for r in runs), p.max_frames)
renderer = SharedRenderer(runs, sl, frames, comparison_title(p.name, p.architecture, sl.method),
                          p.width, p.height, p.dpi, p.landscape)
log.info("%s: %d runs, %s", p.name, len(runs), renderer.write(len(frames), sm.output[0]))
