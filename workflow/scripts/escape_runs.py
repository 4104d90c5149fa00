"""Rule escape_runs: gradient descent into a saddle, and out of it along the most negative
eigenvector and by a random perturbation."""

import numpy as np

from landscape.escape import escape_runs, first_exit, saddle_near
from landscape.io import save_json, save_npz
from landscape.logs import job_logger
from landscape.paths import last_valid, padded_bounds
from landscape.surfaces import get_surface

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params.escape
surface = get_surface(sm.wildcards.escaped)
start = np.asarray(p["surfaces"][surface.name]["start"], dtype=np.float64)
run = escape_runs(surface.fn, start, p["lr"], p["steps"], p["stall_tol"], p["step"],
                  p["perturbation"], seed=sm.params.seed,
                  bounds=padded_bounds(surface.lo, surface.hi))
stall, info = run.pop("stall"), run.pop("info")
summary = {"surface": surface.name, "formula": surface.formula, "start": start.tolist(),
           **{k: p[k] for k in ("lr", "steps", "stall_tol", "step", "perturbation", "radius")},
           "seed": sm.params.seed, "stall": stall, "escape_step": info}
if stall < 0:
    log.info("%s: gradient descent from %s does not stall at a saddle in %d steps%s",
             surface.name, start.tolist(), p["steps"],
             "" if info is None else f" (it stalls where lambda_min = {info['lambda']:.4g})")
    gd = run["path"][0]
    summary["saddle"] = saddle_near(surface.fn, gd[last_valid(gd)]).to_dict()
else:
    saddle = saddle_near(surface.fn, run["path"][0, stall])
    exits = {str(m): first_exit(path, saddle.position, p["radius"], after=stall)
             for m, path in zip(run["methods"], run["path"], strict=True)}
    summary.update(saddle=saddle.to_dict(), stall_point=run["path"][0, stall].tolist(),
                   steps_to_leave={m: (e - stall if e >= 0 else None) for m, e in exits.items()},
                   random_change=float(run["loss"][2, stall + 1] - run["loss"][2, stall]))
    log.info("%s: GD stalls at step %d at %s, near the %s at %s (eigenvalues %s)",
             surface.name, stall, np.round(run["path"][0, stall], 6).tolist(), saddle.kind,
             np.round(saddle.position, 6).tolist(), np.round(saddle.eigenvalues, 6).tolist())
    log.info("step of %g along v_min %s: loss %+.4g (second-order model %+.4g); random "
             "perturbation of %g: %+.4g", p["step"], np.round(info["v"], 4).tolist(),
             info["measured_change"], info["predicted_change"], p["perturbation"],
             summary["random_change"])
    log.info("steps from the stall until farther than %g from the saddle: %s", p["radius"],
             summary["steps_to_leave"])
save_npz(sm.output.npz, **run, stall=np.array(stall), start=start)
save_json(sm.output.json, summary)
