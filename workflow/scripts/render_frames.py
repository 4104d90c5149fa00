"""Rule frames: one PNG per selected epoch (no torch here: drawing only)."""

import time

import numpy as np
from PIL import Image

from landscape.frames import FrameData, FrameRenderer
from landscape.io import atomic_dir, load_npz
from landscape.logs import job_logger
from landscape.video import FRAME_PATTERN

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
data = load_npz(sm.input.data, required=("X", "y"))
traj = load_npz(sm.input.trajectory, required=("loss", "acc", "diverged_at"))
plane = load_npz(sm.input.plane, required=("path", "explained"))
grid = load_npz(sm.input.grid, required=("a", "b", "loss"))
regions = load_npz(sm.input.regions, required=("epochs", "x1", "x2", "classes", "conf"))

frame_data = FrameData(
    model=sm.wildcards.model, X=data["X"], y=data["y"], x1=regions["x1"], x2=regions["x2"],
    classes=regions["classes"], conf=regions["conf"].astype(np.float32), a=grid["a"],
    b=grid["b"], loss_grid=grid["loss"], path=plane["path"], explained=plane["explained"],
    epochs=regions["epochs"], loss=traj["loss"], acc=traj["acc"],
    diverged_at=int(traj["diverged_at"]))
start = time.perf_counter()
renderer = FrameRenderer(frame_data, sm.params.width, sm.params.height, sm.params.dpi)
with atomic_dir(sm.output[0]) as tmp:
    for i in range(len(frame_data.epochs)):
        # compress_level 1: PNGs are intermediates, a fast write beats a smaller file.
        Image.fromarray(renderer.render(i)).save(tmp / (FRAME_PATTERN % i), compress_level=1)
        if i % 10 == 0:
            log.info("frame %d/%d (epoch %d)", i + 1, len(frame_data.epochs),
                     frame_data.epochs[i])
renderer.close()
seconds = time.perf_counter() - start
log.info("%s: %d frames in %.2f s (%.1f ms/frame)", sm.wildcards.model,
         len(frame_data.epochs), seconds, 1000 * seconds / len(frame_data.epochs))
