"""Rule frames: one PNG per selected epoch (no torch here: drawing only)."""

import time

from landscape.frames import FrameRenderer, frame_data
from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.video import write_frames

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
frames = frame_data(
    sm.wildcards.model,
    load_npz(sm.input.data, required=("X", "y")),
    load_npz(sm.input.trajectory, required=("loss", "acc", "diverged_at"),
             keys=("test_loss", "test_acc")),
    load_npz(sm.input.plane, required=("path", "explained")),
    load_npz(sm.input.grid, required=("a", "b", "loss")),
    load_npz(sm.input.regions, required=("epochs",)))
start = time.perf_counter()
renderer = FrameRenderer(frames, sm.params.width, sm.params.height, sm.params.dpi,
                         sm.params.landscape)


def progress(i):
    if i % 10 == 0:
        log.info("frame %d/%d (epoch %d)", i + 1, len(frames.epochs), frames.epochs[i])


write_frames(renderer.render, len(frames.epochs), sm.output[0], progress)
renderer.close()
seconds = time.perf_counter() - start
log.info("%s: %d frames in %.2f s (%.1f ms/frame)", sm.wildcards.model, len(frames.epochs),
         seconds, 1000 * seconds / len(frames.epochs))
