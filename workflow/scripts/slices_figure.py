"""Rule slices_figure: a few slices of the sweep side by side, in every format."""

from landscape.figures import save_figure
from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.slice_frames import slice_data, slices_figure
from landscape.surfaces import get_surface_3d

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
sweep = load_npz(sm.input[0], required=("w1", "w2", "w3", "values", "minimum", "min_value"))
data = slice_data(get_surface_3d(sm.wildcards.sliced), sweep)
save_figure(slices_figure(data, p.panels, (p.width, p.height)), sm.output, p.dpi)
log.info("wrote %s", ", ".join(sm.output))
