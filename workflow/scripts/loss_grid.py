"""Rule grid: loss and accuracy of the whole dataset over the plane."""

import time

import numpy as np
import torch

from landscape.grid import grid_axes, loss_grid, min_halfwidth
from landscape.io import load_npz, save_npz
from landscape.logs import job_logger
from landscape.models import build_mlp, spec_from_json

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
data = load_npz(sm.input.data, required=("X", "y"))
traj = load_npz(sm.input.trajectory, required=("spec",), keys=())  # not the weights
spec = spec_from_json(str(traj["spec"]))
plane = load_npz(sm.input.plane, required=("dirs", "center", "path"))
a, b = grid_axes(plane["path"], sm.params.resolution, sm.params.margin,
                 min_halfwidth(plane["center"]))
start = time.perf_counter()
loss, acc = loss_grid(build_mlp(spec), plane["center"], plane["dirs"], a, b, data["X"],
                      data["y"], budget_bytes=sm.params.memory_mb * 2**20)
seconds = time.perf_counter() - start
log.info("%s: %dx%d grid in %.2f s (%.0f points/s); loss %.4g..%.4g, %d non-finite",
         sm.wildcards.model, len(b), len(a), seconds, loss.size / seconds,
         np.nanmin(loss), np.nanmax(loss), np.count_nonzero(~np.isfinite(loss)))
save_npz(sm.output[0], a=a, b=b, loss=loss, acc=acc)
