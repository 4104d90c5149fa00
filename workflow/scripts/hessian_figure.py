"""Rule hessian_figure: one model's Hessian eigenvalues as a figure (PNG and PDF)."""

from landscape.hessian_figure import hessian_figure
from landscape.io import atomic_path, load_json, load_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
result = load_json(sm.input.json)
arrays = load_npz(sm.input.npz, required=("top", "bottom", "spectrum"))
fig = hessian_figure(result, arrays["top"], arrays["bottom"], arrays["spectrum"])
for out in sm.output:
    with atomic_path(out) as tmp:
        fig.savefig(tmp, dpi=sm.params.dpi)
    log.info("wrote %s", out)
