"""Rule shared_curves: loss and accuracy of a comparison's runs against the epoch."""

from landscape.figures import Run, curves_figure, save_figure
from landscape.io import load_npz
from landscape.logs import job_logger
from landscape.shared import run_colors

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs = [Run.from_trajectory(label, load_npz(f, keys=Run.KEYS))
        for label, f in zip(p.labels, sm.input)]
styles = {r.name: {"color": c, "ls": "-"} for r, c in zip(runs, run_colors(len(runs)))}
save_figure(curves_figure(runs, (p.width, p.height), styles, legend_title="run"), sm.output,
            p.dpi)
