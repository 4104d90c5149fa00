"""Rule dataset: the study's dataset, saved once and shared by its models."""

import numpy as np

from landscape.datasets import make_dataset
from landscape.io import save_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
data = sm.params.data
X, y = make_dataset(data, sm.params.seed)
save_npz(sm.output[0], X=X, y=y, kind=np.array(data["kind"]))
log.info("%s: %d samples, %d features, %d classes (samples per class %s)", data["kind"],
         len(X), X.shape[1], int(y.max()) + 1, np.bincount(y).tolist())
