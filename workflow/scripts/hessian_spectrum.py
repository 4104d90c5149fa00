"""Rule hessian_spectrum: extreme (and, for small models, all) Hessian eigenvalues of the
training loss at a model's final weights."""

import time

import numpy as np
import torch

from landscape.hessian import analyse
from landscape.io import load_npz, save_json, save_npz
from landscape.logs import job_logger
from landscape.models import build_mlp, spec_from_json

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
cfg = sm.params.hessian
data = load_npz(sm.input.data, required=("X", "y"))
traj = load_npz(sm.input.trajectory, required=("theta", "spec"))
model = build_mlp(spec_from_json(str(traj["spec"])))
start = time.perf_counter()
result = analyse(model, traj["theta"][-1], data["X"], data["y"], theta_init=traj["theta"][0],
                 l2=sm.params.l2, extremes=cfg["extremes"],
                 dense_max_params=cfg["dense_max_params"], rel_tol=cfg["rel_tol"],
                 flat_tol=cfg["flat_tol"], tol=cfg["lanczos_tol"],
                 escape_decrease=cfg["escape_decrease"], seed=sm.params.seed)
seconds = time.perf_counter() - start
log.info("%s: %d parameters, %s in %.1f s: lambda_max %.6g, lambda_min %.6g, ratio %.3g, "
         "|grad| %.3g -> %s", sm.wildcards.model, result["n_params"], result["method"],
         seconds, result["lambda_max"], result["lambda_min"], result["ratio"],
         result["grad_norm"], result["verdict"])
if result["escape"] is not None:
    e = result["escape"]
    log.info("escape step of %.4g along v_min (v.Hv = %.4g, slope %.3g): loss %+.4g and %+.4g "
             "(sign +, -); second-order model %+.4g and %+.4g", e["step"], e["lambda"],
             e["slope"], e["measured"]["+"], e["measured"]["-"], e["predicted"]["+"],
             e["predicted"]["-"])
if result["lanczos_vs_dense"] is not None:
    log.info("Lanczos extremes differ from the dense ones by %.2e of max |lambda|",
             result["lanczos_vs_dense"])
spectrum = result.pop("spectrum")
top, bottom = result.pop("top"), result.pop("bottom")
save_npz(sm.output.npz, top=top, bottom=bottom,
         spectrum=np.zeros(0) if spectrum is None else spectrum)
save_json(sm.output.json, {**result, "model": sm.wildcards.model, "epoch": len(traj["theta"]) - 1,
                           "top": top.tolist(), "bottom": bottom.tolist()})
