"""Rule toy_table: the critical points of every surface in one CSV and one Markdown table."""

from landscape.critical_table import summary_rows, table_columns, table_rows
from landscape.io import load_json, save_text
from landscape.logs import job_logger
from landscape.tables import to_csv, to_markdown

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
results = [load_json(path) for path in sm.input]
dim = max(len(r["lo"]) for r in results)
rows, summary = [], []
for r in results:
    rows += table_rows(r["surface"], r["points"], dim)
    summary += summary_rows(r["surface"], r["points"])
    if not r["points"]:
        summary.append({"surface": r["surface"], "kind": "none found", "where": "—",
                        "value": "—", "eigenvalues": "—"})
save_text(sm.output.csv, to_csv(rows, table_columns(dim)))
save_text(sm.output.md, to_markdown(
    summary, ["surface", "kind", "where", "value", "eigenvalues"],
    ["surface", "critical point", "position", "loss", "Hessian eigenvalues"]))
log.info("%d critical points on %d surfaces", len(rows), len(results))
