"""Rule toy_figure: the static figure of one surface (full paths, 3D view, loss per step)."""

from landscape.figures import save_figure
from landscape.io import load_json, load_npz
from landscape.logs import job_logger
from landscape.surfaces import get_surface
from landscape.toy_frames import toy_data, toy_figure

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
run = load_npz(sm.input.paths, required=("methods", "lr", "path", "loss"))
critical = load_json(sm.input.critical)["points"]
data = toy_data(get_surface(sm.wildcards.surface), run, critical, p.resolution)
save_figure(toy_figure(data, (p.width, p.height), p.elev, p.azim), sm.output, p.dpi)
log.info("wrote %s", ", ".join(sm.output))
