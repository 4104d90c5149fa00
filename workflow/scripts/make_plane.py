"""Rule plane: the two directions of the slice and the path projected onto them."""

import numpy as np

from landscape.directions import pca_directions, project
from landscape.io import load_npz, save_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
theta = load_npz(sm.input[0], required=("theta",))["theta"]
center = theta[-1]
dirs, explained = pca_directions(theta)
path = project(theta, center, dirs)
log.info("%s: %s directions, explained variance %s, path spans a %s", sm.wildcards.model,
         sm.params.method, np.round(explained, 4), np.ptp(path, axis=0))
save_npz(sm.output[0], dirs=dirs, center=center, explained=explained, path=path,
         method=np.array(sm.params.method))
