"""Rule escape_figure: both escapes from the saddle and the loss per step, in every format."""

from landscape.escape_frames import escape_data, escape_figure
from landscape.figures import save_figure
from landscape.io import load_json, load_npz
from landscape.logs import job_logger
from landscape.surfaces import get_surface

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
run = load_npz(sm.input.npz, required=("path", "loss", "stall", "kicks"))
data = escape_data(get_surface(sm.wildcards.escaped), run, load_json(sm.input.json),
                   p.resolution)
save_figure(escape_figure(data, (p.width, p.height)), sm.output, p.dpi)
log.info("wrote %s", ", ".join(sm.output))
