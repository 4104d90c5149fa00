"""Rule compare_frames: several models side by side, one PNG per epoch, plus the last epoch
as a static figure (PNG and PDF)."""

import time

from landscape.compare import ComparisonRenderer
from landscape.frames import frame_data
from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.video import write_frames

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
data = load_npz(sm.input.data, required=("X", "y"))
models = [
    frame_data(name, data, load_npz(traj, required=("loss", "acc", "diverged_at"),
                                    keys=("test_loss", "test_acc")),
               load_npz(plane, required=("path", "explained")),
               load_npz(grid, required=("a", "b", "loss")), load_npz(regions, required=("epochs",)))
    for name, traj, plane, grid, regions in zip(sm.params.models, sm.input.trajectories,
                                                sm.input.planes, sm.input.grids,
                                                sm.input.regions, strict=True)]
start = time.perf_counter()
renderer = ComparisonRenderer(models, sm.params.width, dpi=sm.params.dpi,
                              landscape=sm.params.landscape)
n = len(renderer.epochs)
write_frames(renderer.render, n, sm.output.frames)
renderer.save(n - 1, [sm.output.png, sm.output.pdf], sm.params.dpi)
renderer.close()
log.info("%s: %s side by side, %d frames in %.2f s", sm.wildcards.name,
         ", ".join(sm.params.models), n, time.perf_counter() - start)
