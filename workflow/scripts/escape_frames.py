"""Rule escape_frames: one PNG per selected step of the escape runs."""

import time

from landscape.escape_frames import EscapeRenderer, escape_data
from landscape.io import load_json, load_npz
from landscape.logs import job_logger
from landscape.surfaces import get_surface
from landscape.video import write_frames

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
run = load_npz(sm.input.npz, required=("path", "loss", "stall", "kicks"))
data = escape_data(get_surface(sm.wildcards.escaped), run, load_json(sm.input.json),
                   p.resolution, p.max_frames)
start = time.perf_counter()
renderer = EscapeRenderer(data, p.width, p.height, p.dpi)
write_frames(renderer.render, len(data.frames), sm.output[0])
renderer.close()
seconds = time.perf_counter() - start
log.info("%s: %d frames in %.2f s (%.1f ms/frame)", data.name, len(data.frames), seconds,
         1000 * seconds / len(data.frames))
