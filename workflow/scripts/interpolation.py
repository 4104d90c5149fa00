"""Rule interpolation: loss along the straight line from the initial to the final weights, and
along the training path as projected onto the landscape's plane."""

import numpy as np
import torch

from landscape.interpolation import (line_alphas, line_barrier, line_loss,
                                    plane_path_loss)
from landscape.io import load_npz, save_npz
from landscape.logs import job_logger
from landscape.models import build_mlp, spec_from_json

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
data = load_npz(sm.input.data, required=("X", "y"))
traj = load_npz(sm.input.trajectory, required=("theta", "loss", "spec"))
plane = load_npz(sm.input.plane, required=("dirs", "center", "path"))
model = build_mlp(spec_from_json(str(traj["spec"])))
budget = sm.params.memory_mb * 2**20
theta = traj["theta"]
alphas = line_alphas(sm.params.points, sm.params.margin)
loss, acc = line_loss(model, theta[0], theta[-1], alphas, data["X"], data["y"], budget)
p_loss, p_acc = plane_path_loss(model, plane["center"], plane["dirs"], plane["path"],
                                data["X"], data["y"], budget)
log.info("%s: straight line of %d points, loss %.4g at init, %.4g at the end, barrier %.4g; "
         "path in the plane: loss %.4g at init (recorded %.4g)", sm.wildcards.model,
         len(alphas), loss[alphas == 0][0], loss[alphas == 1][0], line_barrier(alphas, loss),
         p_loss[0], traj["loss"][0])
save_npz(sm.output[0], alpha=alphas, line_loss=loss, line_acc=acc, plane_loss=p_loss,
         plane_acc=p_acc, epoch=np.arange(len(theta)))
