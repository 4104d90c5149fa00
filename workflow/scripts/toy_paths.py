"""Rule toy_paths: every configured optimiser from the same start on one analytic surface."""

import numpy as np

from landscape.io import save_npz
from landscape.logs import job_logger
from landscape.paths import padded_bounds, run_optimizers
from landscape.surfaces import get_surface

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
surface = get_surface(sm.wildcards.surface)
settings = sm.params.surface
start = np.asarray(settings.get("start") or surface.start, dtype=np.float64)
if start.shape != (surface.dim,):
    raise ValueError(f"toy.surfaces.{surface.name}.start needs {surface.dim} numbers, "
                     f"got {start.tolist()}")
lr_scale = settings.get("lr_scale") or surface.lr_scale
run = run_optimizers(surface.fn, start, sm.params.optimizers, sm.params.steps,
                     lr_scale=lr_scale, seed=sm.params.seed,
                     bounds=padded_bounds(surface.lo, surface.hi))
for m, lr, path, stopped in zip(run["methods"], run["lr"], run["path"], run["stopped_at"]):
    end = path[np.isfinite(path).all(1)][-1]
    log.info("%s on %s: lr %g, end %s after %s", m, surface.name, lr, np.round(end, 4),
             f"leaving the box at step {stopped}" if stopped >= 0 else "all steps")
save_npz(sm.output[0], **run, start=start, surface=np.array(surface.name),
         lo=np.array(surface.lo), hi=np.array(surface.hi))
