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
    """`depth` hidden layers of `width` neurons; depth 0 is logistic regression.

    `residual` adds an identity skip around every hidden layer after the first (see
    `ResidualMLP`); it needs depth >= 2 to change anything.
    """

    in_dim: int
    out_dim: int
    depth: int
    width: int
    activation: str = "relu"
    residual: bool = False


class ResidualMLP(nn.Sequential):
    """An MLP with identity skips: h_1 = act(W_1 x + b_1), h_l = h_{l-1} + act(W_l h_{l-1} + b_l)
    for l = 2..depth, logits = W_out h_depth + b_out.

    The first layer changes the width, so it has no skip. Each skip spans one layer (Li et
    al. 2018 compare ResNets, whose blocks span two convolutions): the simplest residual MLP,
    defined for every depth >= 2, and one that holds exactly the modules of the plain MLP in
    the same order (only forward differs). Both therefore have the same parameter names and
    flat layout, and the same seed gives them the same initial weights: a with/without
    comparison changes the skips and nothing else.
    """

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        *hidden, out = self
        h = hidden[1](hidden[0](x)) if hidden else x
        for linear, act in zip(hidden[2::2], hidden[3::2], strict=True):
            h = h + act(linear(h))
        return out(h)


def build_mlp(spec: MLPSpec) -> nn.Sequential:
    """Linear layers with the activation between them (a `ResidualMLP` if `spec.residual`);
    weights from torch's default init. Parameters are named `0.weight, 0.bias, 2.weight, ...`
    in both cases."""
    layers: list[nn.Module] = []
    fan_in = spec.in_dim
    for _ in range(spec.depth):
        layers += [nn.Linear(fan_in, spec.width), ACTIVATIONS[spec.activation]()]
        fan_in = spec.width
    layers.append(nn.Linear(fan_in, spec.out_dim))
    return ResidualMLP(*layers) if spec.residual else nn.Sequential(*layers)


def param_shapes(spec: MLPSpec) -> list[tuple[int, ...]]:
    """Shape of each parameter of `build_mlp(spec)`, in the order of the flat vector,
    without building it: (out, in) for each weight matrix, (out,) for its bias."""
    widths = [spec.in_dim] + [spec.width] * spec.depth + [spec.out_dim]
    layers = zip(widths[:-1], widths[1:], strict=True)
    return [shape for n_in, n_out in layers for shape in ((n_out, n_in), (n_out,))]


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
    """The spec written by `spec_to_json`; keys missing from older files (`residual`) take
    their defaults."""
    return MLPSpec(**json.loads(text))
