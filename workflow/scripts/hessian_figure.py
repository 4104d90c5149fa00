"""Rule hessian_figure: one model's Hessian eigenvalues as a figure, in every format."""

from landscape.figures import save_figure
from landscape.hessian_figure import hessian_figure
from landscape.io import load_json, load_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
result = load_json(sm.input.json)
arrays = load_npz(sm.input.npz, required=("top", "bottom", "spectrum"))
fig = hessian_figure(result, arrays["top"], arrays["bottom"], arrays["spectrum"],
                     (p.width, p.height))
save_figure(fig, sm.output, p.dpi)
log.info("wrote %s", ", ".join(sm.output))
