"""Rule slice_frames: one PNG per slice of the sweep, with its tracked lowest point."""

from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.slice_frames import SliceRenderer, slice_data
from landscape.surfaces import get_surface_3d

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
sweep = load_npz(sm.input[0], required=("w1", "w2", "w3", "values", "minimum", "min_value"))
data = slice_data(get_surface_3d(sm.wildcards.sliced), sweep, p.max_frames)
renderer = SliceRenderer(data, p.width, p.height, p.dpi)
log.info("%s: %s", data.name, renderer.write(len(data.frames), sm.output[0]))
