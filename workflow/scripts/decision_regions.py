"""Rule regions: the model's predicted class over the input plane at each frame's epoch."""

import torch

from landscape.trajectory import frame_indices
from landscape.io import load_npz, save_npz
from landscape.logs import job_logger
from landscape.models import build_mlp, spec_from_json
from landscape.regions import decision_regions, region_axes

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
X = load_npz(sm.input.data, required=("X", "y"))["X"]
traj = load_npz(sm.input.trajectory, required=("theta", "spec"))
epochs = frame_indices(len(traj["theta"]), sm.params.max_frames)
x1, x2 = region_axes(X, sm.params.resolution)
classes, conf = decision_regions(build_mlp(spec_from_json(str(traj["spec"]))),
                                 traj["theta"][epochs], x1, x2,
                                 budget_bytes=sm.params.memory_mb * 2**20)
log.info("%s: regions for %d frames on a %dx%d mesh", sm.wildcards.model, len(epochs),
         len(x1), len(x2))
save_npz(sm.output[0], epochs=epochs, x1=x1, x2=x2, classes=classes,
         conf=conf.astype("float16"))
