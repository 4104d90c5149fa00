"""Rule escape_frames: one PNG per selected step of the escape runs."""

from landscape.escape_frames import EscapeRenderer, escape_data
from landscape.io import load_json, load_npz
from landscape.logs import job_logger
from landscape.surfaces import get_surface

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
run = load_npz(sm.input.npz, required=("path", "loss", "stall", "kicks"))
data = escape_data(get_surface(sm.wildcards.escaped), run, load_json(sm.input.json),
                   p.resolution, p.max_frames)
renderer = EscapeRenderer(data, p.width, p.height, p.dpi)
log.info("%s: %s", data.name, renderer.write(len(data.frames), sm.output[0]))
