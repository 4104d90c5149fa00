"""Rule risk_minima: the empirical and the expected risk of one weight, and their minima."""

from landscape.io import save_json, save_npz, save_text
from landscape.logs import job_logger
from landscape.risk import minima_rows, risk_curves, risk_minima
from landscape.tables import sig, to_csv, to_markdown

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params.risk
curves = risk_curves(p["lo"], p["hi"], p["resolution"], p["wiggle"], p["frequency"])
result = risk_minima(p["lo"], p["hi"], p["wiggle"], p["frequency"], p["newton_starts"],
                     sm.params.zero_tol)
for curve, minima in result["minima"].items():
    best = minima[0]
    log.info("%s risk: %d minima, the lowest %.6g at x = %.6g", curve, len(minima),
             best["value"], best["x"])
log.info("minimisers %.4g apart; expected risk at the empirical minimiser %.6g (excess %.4g)",
         result["gap"], result["expected_at_empirical_minimum"], result["excess_risk"])
save_npz(sm.output.npz, **curves)
save_json(sm.output.json, {**result, **{k: p[k] for k in ("lo", "hi", "wiggle", "frequency")},
                           "empirical": "x cos(pi x) + wiggle cos(frequency pi x)",
                           "expected": "x cos(pi x)"})
rows = minima_rows(result)
columns = ["curve", "kind", "x", "value", "curvature"]
save_text(sm.output.csv, to_csv(rows, columns))
save_text(sm.output.md, to_markdown(rows, columns, ["risk", "minimum", "x", "risk there",
                                                    "second derivative"],
                                    {"x": sig(4), "value": sig(4), "curvature": sig(4)}))
