"""Rule slice_frames: one PNG per slice of the sweep, with its tracked lowest point."""

import time

from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.slice_frames import SliceRenderer, slice_data
from landscape.surfaces import get_surface_3d
from landscape.video import write_frames

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
sweep = load_npz(sm.input[0], required=("w1", "w2", "w3", "values", "minimum", "min_value"))
data = slice_data(get_surface_3d(sm.wildcards.sliced), sweep, p.max_frames)
start = time.perf_counter()
renderer = SliceRenderer(data, p.width, p.height, p.dpi)
write_frames(renderer.render, len(data.frames), sm.output[0])
renderer.close()
seconds = time.perf_counter() - start
log.info("%s: %d frames in %.2f s (%.1f ms/frame)", data.name, len(data.frames), seconds,
         1000 * seconds / len(data.frames))
