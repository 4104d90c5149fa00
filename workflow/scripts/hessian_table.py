"""Rule hessian_table: curvature at the final weights of every model, CSV and Markdown."""

from landscape.io import load_json, save_text
from landscape.logs import job_logger
from landscape.tables import natural_key, sig, to_csv, to_markdown

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
rows = []
for path in sorted(sm.input, key=natural_key):
    r = load_json(path)
    f = r.get("fractions") or {}
    e = r.get("escape") or {}
    rows.append({"model": r["model"], "params": r["n_params"], "loss": r["loss"],
                 "grad_norm": r["grad_norm"], "lambda_max": r["lambda_max"],
                 "lambda_min": r["lambda_min"], "ratio": r["ratio"], "verdict": r["verdict"],
                 "positive": f.get("positive"), "negative": f.get("negative"),
                 "zero": f.get("zero"), "method": r["method"],
                 "escape_step": e.get("step"), "escape_change": e.get("measured_change"),
                 "escape_predicted": e.get("predicted_change"),
                 "escape_curvature": e.get("curvature_change"), "rel_tol": r["rel_tol"]})
columns = list(rows[0])
save_text(sm.output.csv, to_csv(rows, columns))
pct = lambda v: f"{100 * v:.1f}%"  # noqa: E731
# The second-order model's change, and in brackets its curvature term alone.
for row in rows:
    if row["escape_change"] is not None:
        row["escape_model"] = f"{row['escape_predicted']:.3g} ({row['escape_curvature']:.2g})"
save_text(sm.output.md, to_markdown(
    rows, [*columns[:12], "escape_step", "escape_change", "escape_model"],
    ["model", "weights", "loss", "‖∇L‖", "λ_max", "λ_min", r"\|λ_min / λ_max\|", "verdict",
     "positive", "negative", "≈ 0", "spectrum", "escape t", "escape ΔL",
     "model ΔL (λt²/2)"],
    {"loss": sig(3), "grad_norm": sig(3), "lambda_max": sig(4), "lambda_min": sig(3),
     "ratio": sig(2), "params": lambda v: f"{v:,}", "positive": pct, "negative": pct,
     "zero": pct, "method": lambda m: "all (dense)" if m == "dense" else "extremes (Lanczos)",
     "escape_step": sig(2), "escape_change": sig(3)}))
log.info("%d models", len(rows))
