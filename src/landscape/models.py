"""Fully connected classifiers, seen as pure functions of one flat parameter vector."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "gelu": nn.GELU}


@dataclass(frozen=True)
class MLPSpec:
    """`depth` hidden layers of `width` neurons; depth 0 is logistic regression."""

    in_dim: int
    out_dim: int
    depth: int
    width: int
    activation: str = "relu"


def build_mlp(spec: MLPSpec) -> nn.Sequential:
    """Linear layers with the activation between them; weights from torch's default init."""
    layers: list[nn.Module] = []
    fan_in = spec.in_dim
    for _ in range(spec.depth):
        layers += [nn.Linear(fan_in, spec.width), ACTIVATIONS[spec.activation]()]
        fan_in = spec.width
    layers.append(nn.Linear(fan_in, spec.out_dim))
    return nn.Sequential(*layers)


def param_layout(model: nn.Module) -> list[tuple[str, tuple[int, ...]]]:
    """(name, shape) of each parameter, in the order of the flat vector."""
    return [(name, tuple(p.shape)) for name, p in model.named_parameters()]


def n_params(layout: list[tuple[str, tuple[int, ...]]]) -> int:
    return sum(math.prod(shape) for _, shape in layout)


def flatten(model: nn.Module) -> torch.Tensor:
    """The model's parameters as one vector `(n_params,)`."""
    return nn.utils.parameters_to_vector(model.parameters()).detach().clone()


def unflatten(
    flat: torch.Tensor, layout: list[tuple[str, tuple[int, ...]]]
) -> dict[str, torch.Tensor]:
    """Split `(..., n_params)` into named tensors `(..., *shape)` (views, no copy).

    Leading dimensions are kept, so a batch of weight vectors becomes a batch of parameter
    dicts ready for `vmap(functional_call)`.
    """
    if flat.shape[-1] != n_params(layout):
        raise ValueError(
            f"flat vector has {flat.shape[-1]} entries, layout needs {n_params(layout)}")
    lead = flat.shape[:-1]
    out, start = {}, 0
    for name, shape in layout:
        size = math.prod(shape)
        out[name] = flat[..., start : start + size].reshape(*lead, *shape)
        start += size
    return out


def spec_to_json(spec: MLPSpec) -> str:
    return json.dumps(asdict(spec), sort_keys=True)


def spec_from_json(text: str) -> MLPSpec:
    return MLPSpec(**json.loads(text))
