"""Rule shared_figure: a comparison's runs on the shared plane, for papers."""

from landscape.figures import save_figure
from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.shared import (
    TRAJECTORY_KEYS,
    comparison_title,
    shared_figure,
    shared_runs,
    shared_slice,
)

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs = shared_runs(p.runs, p.labels, p.l2, [load_npz(f, keys=TRAJECTORY_KEYS)
                                            for f in sm.input.trajectories],
                   [load_npz(f) for f in sm.input.paths])
sl = shared_slice(load_npz(sm.input.plane), load_npz(sm.input.grid))
fig = shared_figure(runs, sl, comparison_title(p.name, p.architecture, sl.method),
                    (p.width, p.height), p.landscape)
save_figure(fig, sm.output, p.dpi)
