"""Rule shared_frames: one PNG per epoch of a comparison, every run on the shared plane."""

from landscape.logs import job_logger
from landscape.shared import SharedRenderer, comparison_title, read_comparison
from landscape.trajectory import frame_indices

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs, sl = read_comparison(p.runs, p.labels, p.l2, sm.input.trajectories, sm.input.paths,
                           sm.input.plane, sm.input.grid)
frames = frame_indices(max(len(r.path) for r in runs), p.max_frames)
renderer = SharedRenderer(runs, sl, frames, comparison_title(p.name, p.architecture, sl.method),
                          p.width, p.height, p.dpi, p.landscape)
log.info("%s: %d runs, %s", p.name, len(runs), renderer.write(len(frames), sm.output[0]))
