"""Rule grid: loss and accuracy of the whole training set, and of the held-out test set, over
the plane (both in one pass)."""

import time

import numpy as np
import torch

from landscape.grid import grid_axes, min_halfwidth, split_grids
from landscape.io import load_npz, save_npz
from landscape.logs import job_logger
from landscape.models import build_mlp, spec_from_json

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
data = load_npz(sm.input.data, required=("X", "y", "X_test", "y_test"))
traj = load_npz(sm.input.trajectory, required=("spec",), keys=())  # not the weights
spec = spec_from_json(str(traj["spec"]))
plane = load_npz(sm.input.plane, required=("dirs", "center", "path"))
a, b = grid_axes(plane["path"], sm.params.resolution, sm.params.margin,
                 min_halfwidth(plane["center"]))
start = time.perf_counter()
out = split_grids(build_mlp(spec), plane["center"], plane["dirs"], a, b, data,
                  budget_bytes=sm.params.memory_mb * 2**20)
seconds = time.perf_counter() - start
for prefix in ("", "test_"):
    if f"{prefix}loss" not in out:
        continue
    loss = out[f"{prefix}loss"]
    log.info("%s: %s loss %.4g..%.4g, %d non-finite", sm.wildcards.model,
             prefix.rstrip("_") or "training", np.nanmin(loss), np.nanmax(loss),
             np.count_nonzero(~np.isfinite(loss)))
log.info("%s: %dx%d grid of %d training and %d test samples in %.2f s (%.0f points/s)",
         sm.wildcards.model, len(b), len(a), len(data["y"]), len(data["y_test"]), seconds,
         a.size * b.size / seconds)
save_npz(sm.output[0], a=a, b=b, **out)
