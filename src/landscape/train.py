"""A plain PyTorch training loop that records the weights after every epoch."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .models import MLPSpec, build_mlp, flatten

OPTIMIZERS = ("sgd", "adam", "rmsprop", "adamw")


def init_model(spec: MLPSpec, seed: int) -> nn.Sequential:
    """The model with its initial weights drawn from `seed`, leaving torch's global RNG alone."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        return build_mlp(spec)


def make_optimizer(
    name: str, params, lr: float, momentum: float, weight_decay: float
) -> torch.optim.Optimizer:
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, weight_decay=weight_decay)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, momentum=momentum, weight_decay=weight_decay)
    raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {name!r}")


def make_scheduler(
    opt: torch.optim.Optimizer, schedule: dict | None, epochs: int
) -> torch.optim.lr_scheduler.LRScheduler | None:
    """The learning-rate schedule, stepped once per epoch: None or `{kind: constant}` keeps
    the rate; `{kind: step, step_size: s, gamma: g}` multiplies it by g every s epochs;
    `{kind: cosine, min_lr: m}` anneals it from lr to m over `epochs` along a half cosine."""
    kind = (schedule or {}).get("kind", "constant")
    if kind == "constant":
        return None
    if kind == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=schedule["step_size"],
                                               gamma=schedule["gamma"])
    if kind == "cosine":
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs,
                                                          eta_min=schedule["min_lr"])
    raise ValueError(f"schedule kind must be constant, step or cosine, got {kind!r}")


@torch.no_grad()
def evaluate(model: nn.Module, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of `model` on the whole set."""
    logits = model(X)
    return F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()


def train(
    model: nn.Module,
    X: np.ndarray,
    y: np.ndarray,
    *,
    optimizer: str = "adam",
    lr: float = 0.01,
    epochs: int = 100,
    batch_size: int | None = None,
    weight_decay: float = 0.0,
    momentum: float = 0.0,
    seed: int = 0,
    schedule: dict | None = None,
    X_test: np.ndarray | None = None,
    y_test: np.ndarray | None = None,
    on_epoch: Callable[[int, dict[str, float]], None] | None = None,
) -> dict[str, np.ndarray]:
    """Train in place on (X, y) and return the trajectory.

    `batch_size` None means full batch. Mini-batches are shuffled by a generator seeded with
    `seed`. `schedule` sets the learning rate per epoch (see `make_scheduler`). Training
    stops early if the training loss becomes NaN or infinite. A held-out set (X_test,
    y_test), never trained on, is evaluated beside the training set after every epoch.
    `on_epoch(epoch, metrics)` gets the row's loss and acc (and test_loss, test_acc).

    Returns named arrays:
      theta `(E+1, n_params) float32`: weights at init (row 0) and after each epoch,
      loss, acc `(E+1,) float64`: loss and accuracy on the whole training set at those
      weights,
      test_loss, test_acc `(E+1,) float64`: the same on the held-out set (only when one is
      given and not empty),
      lr `(E+1,) float64`: learning rate of the updates that led to each row (row 0, the
      initial weights, repeats the first epoch's),
      diverged_at `() int64`: first epoch with a non-finite loss, -1 if none; rows from it on
      are not recorded, so E+1 may be shorter than epochs+1.
    """
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    held_out = X_test is not None and len(X_test) > 0
    sets = {"": (Xt, yt)}
    if held_out:
        sets["test_"] = (torch.as_tensor(X_test), torch.as_tensor(y_test))
    n = len(Xt)
    bs = n if batch_size is None else min(batch_size, n)
    opt = make_optimizer(optimizer, model.parameters(), lr, momentum, weight_decay)
    scheduler = make_scheduler(opt, schedule, epochs)
    gen = torch.Generator().manual_seed(seed)

    # Filled in place: a list of tensors stacked at the end would hold the weights twice.
    theta = np.empty((epochs + 1, sum(p.numel() for p in model.parameters())), np.float32)
    theta[0] = flatten(model).numpy()
    metrics = _metrics(model, sets)
    history = {k: [v] for k, v in metrics.items()}
    rates = [opt.param_groups[0]["lr"]]
    diverged_at = -1
    for epoch in range(1, epochs + 1):
        order = torch.randperm(n, generator=gen) if bs < n else torch.arange(n)
        model.train()
        rate = opt.param_groups[0]["lr"]
        for start in range(0, n, bs):
            idx = order[start : start + bs]
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(Xt[idx]), yt[idx]).backward()
            opt.step()
        if scheduler is not None:
            scheduler.step()
        model.eval()
        metrics = _metrics(model, sets)
        if not np.isfinite(metrics["loss"]):
            diverged_at = epoch
            break
        theta[epoch] = flatten(model).numpy()
        for key, value in metrics.items():
            history[key].append(value)
        rates.append(rate)
        if on_epoch is not None:
            on_epoch(epoch, metrics)
    return {
        "theta": theta[: len(rates)],
        **{key: np.asarray(values) for key, values in history.items()},
        "lr": np.asarray(rates),
        "diverged_at": np.int64(diverged_at),
    }


def _metrics(model: nn.Module,
             sets: dict[str, tuple[torch.Tensor, torch.Tensor]]) -> dict[str, float]:
    """{prefix}loss and {prefix}acc of `model` on each set of `sets` (prefix -> (X, y))."""
    out = {}
    for prefix, (X, y) in sets.items():
        out[f"{prefix}loss"], out[f"{prefix}acc"] = evaluate(model, X, y)
    return out
