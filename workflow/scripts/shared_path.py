"""Rule shared_path: one run's weights projected onto its comparison's shared plane."""

import hashlib
from pathlib import Path

import numpy as np

from landscape.directions import project
from landscape.io import load_npz, save_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
plane = load_npz(sm.input.plane, required=("dirs", "center"))
theta = load_npz(sm.input.trajectory, required=("theta",))["theta"]
path = project(theta, plane["center"], plane["dirs"])
# The hash of the plane file it was projected with: every run of a comparison has the same.
digest = hashlib.sha256(Path(sm.input.plane).read_bytes()).hexdigest()
log.info("%s: %d epochs projected, ends at %s (plane sha256 %s)", sm.wildcards.model,
         len(path), np.round(path[-1], 4), digest[:12])
save_npz(sm.output[0], path=path, plane_sha256=np.array(digest))
