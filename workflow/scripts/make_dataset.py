"""Rule dataset: the spiral, saved once and shared by every model."""

from landscape.datasets import spiral
from landscape.io import save_npz
from landscape.logs import job_logger

log = job_logger(snakemake.log[0])  # noqa: F821
data, seed = snakemake.params.data, snakemake.params.seed  # noqa: F821
X, y = spiral(data["classes"], data["points_per_class"], data["noise"], seed)
save_npz(snakemake.output[0], X=X, y=y)  # noqa: F821
log.info("spiral: %d samples, %d classes", len(X), data["classes"])
