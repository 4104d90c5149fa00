"""Rule toy_figure: the static figure of one surface (full paths, 3D view, loss per step)."""

from landscape.io import atomic_path, load_json, load_npz
from landscape.logs import job_logger
from landscape.surfaces import get_surface
from landscape.toy_frames import toy_data, toy_figure

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
run = load_npz(sm.input.paths, required=("methods", "lr", "path", "loss"))
critical = load_json(sm.input.critical)["points"]
data = toy_data(get_surface(sm.wildcards.surface), run, critical, sm.params.resolution)
fig = toy_figure(data)
for out in sm.output:
    with atomic_path(out) as tmp:
        fig.savefig(tmp, dpi=sm.params.dpi)
    log.info("wrote %s", out)
