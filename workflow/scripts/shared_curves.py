"""Rule shared_curves: loss and accuracy of a comparison's runs against the epoch."""

from landscape.figures import save_figure
from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.shared import TRAJECTORY_KEYS, shared_curves_figure, shared_runs

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs = shared_runs(p.runs, p.labels, p.l2, [load_npz(f, keys=TRAJECTORY_KEYS) for f in sm.input])
save_figure(shared_curves_figure(runs, (p.width, p.height)), sm.output, p.dpi)
