"""Rule shared_plane: one plane for every run of a comparison, centred on the reference
run's final weights."""

import json

import numpy as np

from landscape.directions import check_fixed_plane, make_plane, shapes_for
from landscape.io import load_npz, load_user_npz, save_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
trajectories = [load_npz(f, required=("theta", "spec")) for f in sm.input.trajectories]
thetas = [t["theta"] for t in trajectories]
reference = p.runs.index(p.reference)
settings = p.landscape
fixed = None
if settings["method"] == "fixed":
    fixed = check_fixed_plane(load_user_npz(settings["file"], ("dirs", "center")),
                              thetas[0].shape[1], settings["file"])
plane = make_plane(settings["method"], thetas, reference,
                   shapes_for(trajectories[reference], settings["method"]), seed=settings["seed"],
                   biases=settings["biases"], fixed=fixed)
log.info("%s: %s directions of %d runs (reference %s), explained %s", sm.wildcards.root,
         plane["method"], len(thetas), p.reference, np.round(plane["explained"], 4))
params = {k: settings[k] for k in ("seed", "biases", "file") if k in settings}
save_npz(sm.output[0], **plane, runs=np.array(p.runs), reference=np.array(p.reference),
         params=np.array(json.dumps(params, sort_keys=True)))
