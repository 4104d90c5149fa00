"""Rule toy_critical_points: Newton from a grid of starts, merged, classified by the Hessian."""

from landscape.critical import critical_points
from landscape.critical_table import table_columns, table_rows
from landscape.io import save_json, save_text
from landscape.logs import job_logger
from landscape.surfaces import get_surface
from landscape.tables import to_csv

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
surface = get_surface(sm.wildcards.surface)
p = sm.params
points = critical_points(surface.fn, surface.lo, surface.hi, p.starts, gtol=p.gtol,
                         atol=p.zero_tol, rtol=p.zero_tol)
for pt in points:
    log.info("%s at %s: value %.6g, eigenvalues %s (%s)", pt.kind, pt.position, pt.value,
             pt.eigenvalues, pt.probe)
log.info("%s: %d critical points from %d^%d Newton starts", surface.name, len(points),
         p.starts, surface.dim)
rows = [pt.to_dict() for pt in points]
save_json(sm.output.json, {
    "surface": surface.name, "formula": surface.formula, "lo": surface.lo, "hi": surface.hi,
    "newton_starts_per_axis": p.starts, "grad_tol": p.gtol, "zero_tol": p.zero_tol,
    "points": rows})
save_text(sm.output.csv, to_csv(table_rows(surface.name, rows, surface.dim),
                                table_columns(surface.dim)))
