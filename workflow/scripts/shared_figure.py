"""Rule shared_figure: a comparison's runs on the shared plane, for papers."""

from landscape.figures import save_figure
from landscape.logs import job_logger
from landscape.shared import comparison_title, read_comparison, shared_figure

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs, sl = read_comparison(p.runs, p.labels, p.l2, sm.input.trajectories, sm.input.paths,
                           sm.input.plane, sm.input.grid)
fig = shared_figure(runs, sl, comparison_title(p.name, p.architecture, sl.method),
                    (p.width, p.height), p.landscape)
save_figure(fig, sm.output, p.dpi)
