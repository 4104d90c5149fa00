"""Rule shared_grid: loss and accuracy (training and held-out sets) over a comparison's
shared plane, wide enough for every run's path, and |theta|^2 there (for the weight-decay
objectives)."""

import time

import numpy as np
import torch

from landscape.grid import grid_axes, min_halfwidth, plane_sq_norm, split_grids
from landscape.io import load_npz, save_npz
from landscape.logs import job_logger
from landscape.models import build_mlp, spec_from_json

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
data = load_npz(sm.input.data, required=("X", "y"))
spec = spec_from_json(str(load_npz(sm.input.reference[0], required=("spec",), keys=())["spec"]))
plane = load_npz(sm.input.plane, required=("dirs", "center"))
paths = np.concatenate([load_npz(f, required=("path",))["path"] for f in sm.input.paths])
a, b = grid_axes(paths, sm.params.resolution, sm.params.margin, min_halfwidth(plane["center"]))
start = time.perf_counter()
grids = split_grids(build_mlp(spec), plane["center"], plane["dirs"], a, b, data,
                    budget_bytes=sm.params.memory_mb * 2**20)
loss = grids["loss"]
log.info("%dx%d grid (%s) in %.2f s; training loss %.4g..%.4g, %d non-finite", len(b), len(a),
         ", ".join(grids), time.perf_counter() - start, np.nanmin(loss), np.nanmax(loss),
         np.count_nonzero(~np.isfinite(loss)))
save_npz(sm.output[0], a=a, b=b, **grids,
         sq_norm=plane_sq_norm(plane["center"], plane["dirs"], a, b))
