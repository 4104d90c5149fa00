"""Rule dataset: the study's dataset, split into training and held-out test samples, saved
once and shared by its models."""

import numpy as np

from landscape.io import save_npz
from landscape.logs import job_logger
from landscape.split import split_dataset

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
data = sm.params.data
parts = split_dataset(data, sm.params.seed)
save_npz(sm.output[0], **parts, kind=np.array(data["kind"]))
X, y, y_test = parts["X"], parts["y"], parts["y_test"]
log.info("%s: %d samples, %d features, %d classes; %d for training (per class %s), %d held "
         "out for testing (test_fraction %g, per class %s)", data["kind"], len(y) + len(y_test),
         X.shape[1], int(y.max()) + 1, len(y), np.bincount(y).tolist(), len(y_test),
         data["test_fraction"], np.bincount(y_test, minlength=int(y.max()) + 1).tolist())
