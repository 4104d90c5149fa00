"""Loss and accuracy over a 2D grid of weight vectors theta = center + a*d1 + b*d2."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn
from torch.func import functional_call, vmap
from torch.nn import functional as F

from .models import ResidualMLP, param_layout, unflatten


def grid_axes(
    path: np.ndarray, resolution: int, margin: float, min_halfwidth: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """Axes a, b `(resolution,) float64` covering the projected `path` `(T, 2)`.

    Each axis spans the path plus `margin` times the longer of the two path spans on both
    sides, so a path that hardly moves along b still gets a readable strip around it. A path
    that barely moves at all (a diverged first epoch, a net stuck at its start) would give a
    window too small to show anything: the pad grows so that the longer axis spans at least
    `2 * min_halfwidth` (see `min_halfwidth`); a path that does not move and has no
    `min_halfwidth` gets a unit square around its position.
    """
    path = np.asarray(path, dtype=np.float64)
    if not np.isfinite(path).all():
        raise ValueError("the projected path has non-finite coordinates")
    lo, hi = path.min(axis=0), path.max(axis=0)
    span = float((hi - lo).max())
    pad = max(margin * span, min_halfwidth - span / 2)
    if pad <= 0:
        pad = 0.5
    return tuple(np.linspace(lo[k] - pad, hi[k] + pad, resolution) for k in range(2))


def min_halfwidth(center: np.ndarray, fraction: float = 0.05) -> float:
    """The smallest half-width of a readable window around weights `center` `(n_params,)`:
    `fraction` of their norm (a unit direction moves the weights by 1 per unit of a, b).

    With the default margin 0.25 this widens a window only when the path spans less than
    6.7% of the norm; in the default study the smallest spans are 12% (mlp-20x5, stuck) and
    13% (mlp-10x5), so it only changes paths that hardly move."""
    return fraction * float(np.linalg.norm(np.asarray(center, dtype=np.float64)))


def plane_sq_norm(center: np.ndarray, dirs: np.ndarray, a: np.ndarray,
                  b: np.ndarray) -> np.ndarray:
    """|center + a_i*d1 + b_j*d2|^2 over the grid `(len(b), len(a)) float64`, from the six
    inner products of center, d1 and d2 (no weight vector is formed): the L2 penalty of
    weight decay over the plane."""
    c, d1, d2 = (np.asarray(v, dtype=np.float64) for v in (center, *dirs))
    bb, aa = np.meshgrid(np.asarray(b, dtype=np.float64), np.asarray(a, dtype=np.float64),
                         indexing="ij")
    return (c @ c + 2 * aa * (c @ d1) + 2 * bb * (c @ d2) + aa**2 * (d1 @ d1)
            + 2 * aa * bb * (d1 @ d2) + bb**2 * (d2 @ d2))


def points_per_chunk(model: nn.Module, n_samples: int, budget_bytes: int) -> int:
    """How many weight vectors fit in `budget_bytes` of float32 work space: the weights
    themselves plus each layer's activations for every sample (twice, for the activation
    function's output; three times in a residual net, for the sum)."""
    n_params = sum(p.numel() for p in model.parameters())
    widths = sum(m.out_features for m in model.modules() if isinstance(m, nn.Linear))
    copies = 3 if isinstance(model, ResidualMLP) else 2
    per_point = 4 * (n_params + copies * n_samples * widths)
    return max(1, budget_bytes // per_point)


@torch.no_grad()
def batched_logits(model: nn.Module, theta: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """Outputs `(B, N, C)` of the model at each weight vector of `theta` `(B, n_params)` on
    inputs X `(N, in)`, in one vmapped forward pass."""
    params = unflatten(theta, param_layout(model))
    return vmap(lambda p: functional_call(model, p, (X,)))(params)


@torch.no_grad()
def sample_losses(
    model: nn.Module, theta: torch.Tensor, X: torch.Tensor, y: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Cross-entropy and whether the prediction is right, `(B, N)` each, for every sample
    of X `(N, in)` at each weight vector of `theta` `(B, n_params)`."""
    logits = batched_logits(model, theta, X)
    B, N, C = logits.shape
    loss = F.cross_entropy(logits.reshape(B * N, C), y.repeat(B), reduction="none")
    return loss.view(B, N), logits.argmax(-1) == y


@torch.no_grad()
def batched_loss(
    model: nn.Module, theta: torch.Tensor, X: torch.Tensor, y: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean cross-entropy and accuracy `(B,)` of the model at each weight vector of `theta`
    `(B, n_params)`."""
    loss, right = sample_losses(model, theta, X, y)
    return loss.mean(1), right.float().mean(1)


def set_means(
    loss: torch.Tensor, right: torch.Tensor, sizes: Sequence[int]
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Mean loss and accuracy `(B,)` of each set, from the per-sample `loss` and `right`
    `(B, N)` of the sets' samples laid end to end, `sizes` of them in each (summing to N)."""
    return [(part_loss.mean(1), part_right.float().mean(1)) for part_loss, part_right
            in zip(loss.split(sizes, dim=1), right.split(sizes, dim=1), strict=True)]


# Modules applied element by element: they work unchanged on a batch of activations.
ELEMENTWISE = (nn.ReLU, nn.Tanh, nn.Sigmoid, nn.GELU, nn.LeakyReLU, nn.Identity)

# Activations of a chunk of grid points should stay in cache: about this many bytes a layer.
CACHE_BYTES = 2 * 2**20


class PlaneNet:
    """A fully connected net restricted to the plane theta = c + a*d1 + b*d2.

    Every parameter is affine in (a, b), so each layer keeps its centre and two direction
    parts stacked as `(3, ...)`, and the weights of B grid points come from one small matmul
    with coefficients `(B, 3)` = [1, a, b]. The first layer is factored further: its
    pre-activations X @ W.T + bias are affine in (a, b) too, so they are computed once for
    the three parts and each grid point costs only a combination of them.

    Handles the nets `models.build_mlp` makes: Linear, activation, ..., Linear, plain or with
    identity skips around every hidden layer after the first (`models.ResidualMLP`).
    """

    def __init__(self, model: nn.Sequential, center: torch.Tensor, dirs: torch.Tensor,
                 X: torch.Tensor):
        layout = param_layout(model)
        parts = [unflatten(v, layout) for v in (center, dirs[0], dirs[1])]
        self.n_samples = len(X)
        skips = isinstance(model, ResidualMLP)
        # One block per Linear: (stacked weight (3, out*in), stacked bias (3, out), out, in,
        # activation after it or None, whether a skip adds its input back).
        self.blocks = []
        for k, idx in enumerate(range(0, len(model), 2)):
            act = model[idx + 1] if idx + 1 < len(model) else None
            w = torch.stack([p[f"{idx}.weight"] for p in parts])  # (3, out, in)
            bias = torch.stack([p[f"{idx}.bias"] for p in parts])  # (3, out)
            skip = skips and k > 0 and act is not None
            self.blocks.append((w.reshape(3, -1), bias, *w.shape[1:], act, skip))
        w0 = self.blocks[0][0].view(3, *self.blocks[0][2:4])
        # (3, out*N): the first layer's pre-activations for the centre and each direction.
        self.first = (torch.einsum("ni,koi->kon", X, w0)
                      + self.blocks[0][1][:, :, None]).reshape(3, -1)
        self.widths = [module.out_features for module in model[::2]]

    @staticmethod
    def supports(model: nn.Module) -> bool:
        """True for the nets `build_mlp` makes: a plain nn.Sequential or a ResidualMLP of
        Linear layers alternating with elementwise activations, ending with a Linear."""
        return (type(model) in (nn.Sequential, ResidualMLP) and len(model) % 2 == 1
                and all(isinstance(m, nn.Linear) for m in model[::2])
                and all(isinstance(m, ELEMENTWISE) for m in model[1::2]))

    def chunk_size(self, budget_bytes: int) -> int:
        """Grid points per chunk: activations of the widest layer near CACHE_BYTES, and the
        whole work space (activations plus per-point weights) under `budget_bytes`."""
        act = 4 * self.n_samples * max(self.widths)
        weights = 4 * sum(block[0].shape[1] for block in self.blocks[1:])
        fits = budget_bytes // (3 * act + weights)
        return int(max(1, min(fits, max(CACHE_BYTES // act, 1))))

    def logits(self, coef: torch.Tensor) -> torch.Tensor:
        """Outputs `(B, C, N)` at the points with coefficients `coef` `(B, 3)` = [1, a, b].

        Activations are kept features-first, `(B, width, N)`: each layer is then W @ h with
        the long sample axis last, which MKL's batched matmul runs several times faster than
        h @ W.T for narrow layers, and the logits come out in the layout cross_entropy takes.
        """
        B = len(coef)
        h = (coef @ self.first).view(B, -1, self.n_samples)
        act = self.blocks[0][4]
        if act is not None:
            h = act(h)
        for w, bias, n_out, n_in, act, skip in self.blocks[1:]:
            weights = (coef @ w).view(B, n_out, n_in)
            z = torch.baddbmm((coef @ bias).unsqueeze(2), weights, h)
            if act is not None:
                z = act(z)
            h = h + z if skip else z
        return h


@torch.no_grad()
def plane_losses(
    model: nn.Module, center: torch.Tensor, dirs: torch.Tensor, coords: torch.Tensor,
    sets: Sequence[tuple[torch.Tensor, torch.Tensor]], budget_bytes: int = 256 * 2**20,
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Mean cross-entropy and accuracy `(P,)` on each set (X `(N_s, in)`, y `(N_s,)`) of
    `sets` at center + a*d1 + b*d2, for each row (a, b) of `coords` `(P, 2)`, in chunks.

    All sets go through the net in one pass: their inputs laid end to end, the logits of
    every sample computed once per grid point and the loss averaged over each set's own
    samples, so a training and a test landscape cost about what one landscape of all the
    samples does. Fully connected nets take the PlaneNet path; any other model is evaluated
    by vmap(functional_call) over explicit weight vectors.
    """
    X = torch.cat([x for x, _ in sets])
    y = torch.cat([t for _, t in sets])
    sizes = [len(t) for _, t in sets]
    # Results go straight into tensors allocated once: small per-chunk tensors kept alive
    # between the large temporaries of each chunk fragment the heap, and the process then
    # grows with the number of grid points (seen: 2 GB at 100 x 100 for mlp-10x100).
    losses = torch.empty(len(sets), len(coords))
    accs = torch.empty(len(sets), len(coords))

    def store(start: int, loss: torch.Tensor, right: torch.Tensor) -> None:
        for s, (part_loss, part_acc) in enumerate(set_means(loss, right, sizes)):
            losses[s, start : start + len(part_loss)] = part_loss
            accs[s, start : start + len(part_acc)] = part_acc

    if PlaneNet.supports(model):
        net = PlaneNet(model, center, dirs, X)
        chunk = net.chunk_size(budget_bytes)
        target = None
        for start in range(0, len(coords), chunk):
            ab = coords[start : start + chunk]
            coef = torch.cat([torch.ones(len(ab), 1), ab], dim=1)
            logits = net.logits(coef)
            if target is None or len(target) != len(ab):
                target = y.expand(len(ab), -1)
            # max(1).indices, not argmax(1): the same first-maximum rule, and several times
            # faster over the short class axis of this layout.
            store(start, F.cross_entropy(logits, target, reduction="none"),
                  logits.max(1).indices == y)
    else:
        chunk = points_per_chunk(model, len(X), budget_bytes)
        for start in range(0, len(coords), chunk):
            theta = center + coords[start : start + chunk] @ dirs
            store(start, *sample_losses(model, theta, X, y))
    return [(losses[s], accs[s]) for s in range(len(sets))]


def plane_loss(
    model: nn.Module, center: torch.Tensor, dirs: torch.Tensor, coords: torch.Tensor,
    X: torch.Tensor, y: torch.Tensor, budget_bytes: int = 256 * 2**20,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean cross-entropy and accuracy `(P,)` of one set, see `plane_losses`."""
    return plane_losses(model, center, dirs, coords, [(X, y)], budget_bytes)[0]


def loss_grids(
    model: nn.Module,
    center: np.ndarray,
    dirs: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    sets: Sequence[tuple[np.ndarray, np.ndarray]],
    budget_bytes: int = 256 * 2**20,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Loss and accuracy of each whole set (X, y) of `sets` (e.g. the training and the test
    set) at center + a_i*d1 + b_j*d2, all sets in one pass (see `plane_losses`).

    center `(n_params,)`, dirs `(2, n_params)`, a `(Pa,)`, b `(Pb,)`. Returns, per set, loss
    and acc `(Pb, Pa) float32`: rows index b and columns index a, ready for
    `contour(a, b, loss)`. Points are evaluated in chunks sized for the cache, with the work
    space always under `budget_bytes`.
    """
    tensors = [(torch.as_tensor(X), torch.as_tensor(y)) for X, y in sets]
    c = torch.as_tensor(center, dtype=torch.float32)
    d = torch.as_tensor(dirs, dtype=torch.float32)
    bb, aa = np.meshgrid(b, a, indexing="ij")
    coords = torch.as_tensor(np.stack([aa.ravel(), bb.ravel()], axis=1), dtype=torch.float32)
    shape = (len(b), len(a))
    return [(loss.numpy().reshape(shape), acc.numpy().reshape(shape))
            for loss, acc in plane_losses(model, c, d, coords, tensors, budget_bytes)]


def loss_grid(
    model: nn.Module,
    center: np.ndarray,
    dirs: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    X: np.ndarray,
    y: np.ndarray,
    budget_bytes: int = 256 * 2**20,
) -> tuple[np.ndarray, np.ndarray]:
    """Loss and accuracy `(Pb, Pa) float32` of the whole set (X, y) over the grid, see
    `loss_grids`."""
    return loss_grids(model, center, dirs, a, b, [(X, y)], budget_bytes)[0]


def split_grids(
    model: nn.Module, center: np.ndarray, dirs: np.ndarray, a: np.ndarray, b: np.ndarray,
    data: dict, budget_bytes: int = 256 * 2**20,
) -> dict[str, np.ndarray]:
    """`loss`, `acc` of the training set (`data["X"]`, `data["y"]`) over the grid and, where
    the dataset has a held-out part (`X_test`, `y_test` not empty), `test_loss`, `test_acc`:
    the arrays of a grid file, both sets in one pass (see `loss_grids`)."""
    sets = {"": (data["X"], data["y"])}
    if len(data.get("y_test", ())):  # no held-out set where data.test_fraction is 0
        sets["test_"] = (data["X_test"], data["y_test"])
    grids = loss_grids(model, center, dirs, a, b, list(sets.values()), budget_bytes)
    out = {}
    for prefix, (loss, acc) in zip(sets, grids, strict=True):
        out[f"{prefix}loss"], out[f"{prefix}acc"] = loss, acc
    return out
