"""Rule train: fit one model and record its weights after every epoch."""

import numpy as np
import torch

from landscape.io import load_npz, save_npz
from landscape.logs import job_logger
from landscape.models import MLPSpec, n_params, param_layout, spec_to_json
from landscape.train import init_model, train

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
torch.set_num_threads(sm.threads)
data = load_npz(sm.input[0], required=("X", "y", "X_test", "y_test"))
X, y = data["X"], data["y"]  # the training set; X_test, y_test are held out
arch, cfg = sm.params.arch, sm.params.train
spec = MLPSpec(X.shape[1], int(y.max()) + 1, arch["depth"], arch["width"], arch["activation"],
               arch["residual"])
model = init_model(spec, sm.params.seed)
log.info("%s: %s, %d parameters; %s; %d training and %d test samples", sm.wildcards.model,
         spec, n_params(param_layout(model)), cfg, len(y), len(data["y_test"]))


def progress(epoch, m):
    test = (f"  test loss {m['test_loss']:.5f}  test accuracy {m['test_acc']:.4f}"
            if "test_loss" in m else "")
    log.info("epoch %d/%d  loss %.5f  accuracy %.4f%s", epoch, cfg["epochs"], m["loss"],
             m["acc"], test)


result = train(model, X, y, optimizer=cfg["optimizer"], lr=cfg["lr"], epochs=cfg["epochs"],
               batch_size=cfg["batch_size"], weight_decay=cfg["weight_decay"],
               momentum=cfg["momentum"], seed=sm.params.seed, schedule=cfg["schedule"],
               X_test=data["X_test"], y_test=data["y_test"], on_epoch=progress)
if result["diverged_at"] >= 0:
    log.warning("training diverged at epoch %d (non-finite loss); stopped there",
                result["diverged_at"])
save_npz(sm.output[0], **result, spec=np.array(spec_to_json(spec)))
