"""Rule risk_figure: both risks and their minima as a figure, in every format."""

from landscape.figures import save_figure
from landscape.io import load_json, load_npz
from landscape.logs import job_logger
from landscape.risk_figure import risk_figure

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
curves = load_npz(sm.input.npz, required=("x", "empirical", "expected"))
save_figure(risk_figure(curves, load_json(sm.input.json), (p.width, p.height)), sm.output,
            p.dpi)
log.info("wrote %s", ", ".join(sm.output))
