"""Rule toy_frames: one PNG per selected step, all optimisers on one surface."""

from landscape.io import load_json, load_npz
from landscape.logs import job_logger
from landscape.surfaces import get_surface
from landscape.toy_frames import ToyRenderer, toy_data

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
run = load_npz(sm.input.paths, required=("methods", "lr", "path", "loss"))
critical = load_json(sm.input.critical)["points"]
data = toy_data(get_surface(sm.wildcards.surface), run, critical, p.resolution, p.max_frames)
renderer = ToyRenderer(data, p.width, p.height, p.dpi)
log.info("%s: %s", data.name, renderer.write(len(data.frames), sm.output[0]))
