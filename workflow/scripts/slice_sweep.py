"""Rule slice_sweep: the slices (w1, w2) of a surface of three weights at each w3 of a sweep,
and the lowest point of each."""

import numpy as np

from landscape.io import save_npz
from landscape.logs import job_logger
from landscape.slices import slice_sweep
from landscape.surfaces import get_surface_3d

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
surface = get_surface_3d(sm.wildcards.sliced)
w1, w2, w3 = (np.linspace(lo, hi, n) for lo, hi, n in zip(
    surface.lo, surface.hi, (p.resolution, p.resolution, p.sweep), strict=True))
sweep = slice_sweep(surface.fn, w1, w2, w3)
for z, (x, y), v in list(zip(w3, sweep["minimum"], sweep["min_value"], strict=True))[::10]:
    log.info("w3 = %.3f: lowest %.6g at (%.4f, %.4f)", z, v, x, y)
save_npz(sm.output[0], **sweep, surface=np.array(surface.name))
