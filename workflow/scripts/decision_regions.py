"""Rule regions: what the frames' left panel shows at each frame's epoch: the model's
decision regions over the input plane (2D inputs), else its confusion matrix on the data."""

import numpy as np
import torch

from landscape.io import load_npz, save_npz
from landscape.logs import job_logger
from landscape.models import build_mlp, spec_from_json
from landscape.regions import confusion_matrices, decision_regions, region_axes
from landscape.trajectory import frame_indices

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
data = load_npz(sm.input.data, required=("X", "y", "X_test"))
X, y = data["X"], data["y"]  # the training set
traj = load_npz(sm.input.trajectory, required=("theta", "spec"))
spec = spec_from_json(str(traj["spec"]))
epochs = frame_indices(len(traj["theta"]), sm.params.max_frames)
budget = sm.params.memory_mb * 2**20
if X.shape[1] == 2:
    # The mesh covers the held-out samples too: the frames draw them over the regions.
    x1, x2 = region_axes(np.concatenate([X, data["X_test"]]), sm.params.resolution)
    classes, conf = decision_regions(build_mlp(spec), traj["theta"][epochs], x1, x2,
                                     budget_bytes=budget)
    log.info("%s: regions for %d frames on a %dx%d mesh", sm.wildcards.model, len(epochs),
             len(x1), len(x2))
    save_npz(sm.output[0], panel=np.array("regions"), epochs=epochs, x1=x1, x2=x2,
             classes=classes, conf=conf.astype("float16"))
else:
    confusion = confusion_matrices(build_mlp(spec), traj["theta"][epochs], X, y, spec.out_dim,
                                   budget_bytes=budget)
    log.info("%s: %d inputs, so confusion matrices (%d classes) for %d frames instead of "
             "decision regions; final accuracy %.4f", sm.wildcards.model, X.shape[1],
             spec.out_dim, len(epochs), np.trace(confusion[-1]) / len(y))
    save_npz(sm.output[0], panel=np.array("confusion"), epochs=epochs, confusion=confusion)
