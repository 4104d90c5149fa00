"""Rule plane: the two directions of one model's slice and its path projected onto them."""

import json

import numpy as np

from landscape.directions import check_fixed_plane, make_plane, project, shapes_for
from landscape.io import load_npz, load_user_npz, save_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
traj = load_npz(sm.input.trajectory, required=("theta", "spec"))
theta = traj["theta"]
settings = sm.params.landscape
fixed = None
if settings["method"] == "fixed":
    fixed = check_fixed_plane(load_user_npz(settings["file"], ("dirs", "center")),
                              theta.shape[1], settings["file"])
plane = make_plane(settings["method"], [theta], 0, shapes_for(traj, settings["method"]),
                   seed=settings["seed"], biases=settings["biases"], fixed=fixed)
path = project(theta, plane["center"], plane["dirs"])
log.info("%s: %s directions, explained variance %s, path spans %s", sm.wildcards.model,
         plane["method"], np.round(plane["explained"], 4), np.ptp(path, axis=0))
params = {k: settings[k] for k in ("seed", "biases", "file") if k in settings}
save_npz(sm.output[0], **plane, path=path, params=np.array(json.dumps(params, sort_keys=True)))
