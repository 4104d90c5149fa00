"""Benchmark 1: loss-grid evaluation, ours vs the obvious per-point loop, side by side.

    .venv/bin/python benchmarks/grid_eval.py [--resolution 100] [--threads 2]

For each model: points/s of the loop (for each grid point: build the weights,
load_state_dict, forward, loss; timed on a subset of points), of a plain vmap over explicit
weight vectors, and of `landscape.grid.plane_loss` on the whole grid, all on the 300 samples
as one set; their ratio; and the useful GFLOP/s (2 * samples * sum of in*out over layers, per
point) against a large float32 matmul measured in the same run (the ceiling).

A second table splits the same 300 samples as the workflow does (data.test_fraction 0.2:
240 training, 60 test samples) and times what the grid rule runs, `plane_losses` on both
sets in one pass, against one set of 300 (the grid before the split) and against two passes,
one per set.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from landscape.datasets import spiral
from landscape.grid import batched_loss, plane_loss, plane_losses, points_per_chunk
from landscape.models import MLPSpec, build_mlp, flatten, param_layout, unflatten
from landscape.split import split_indices

MODELS = {"logreg": (0, 0), "mlp-1x100": (1, 100), "mlp-20x5": (20, 5),
          "mlp-10x100": (10, 100)}


def loop_loss(model, center, dirs, coords, X, y):
    layout = param_layout(model)
    out = []
    with torch.no_grad():
        for ab in coords:
            model.load_state_dict(unflatten(center + ab @ dirs, layout))
            out.append(F.cross_entropy(model(X), y))
    return torch.stack(out)


def vmap_loss(model, center, dirs, coords, X, y):
    chunk = points_per_chunk(model, len(X), 256 * 2**20)
    return torch.cat([batched_loss(model, center + coords[s : s + chunk] @ dirs, X, y)[0]
                      for s in range(0, len(coords), chunk)])


def both_sets(model, center, dirs, coords, sets, _=None):
    return plane_losses(model, center, dirs, coords, sets)


def two_passes(model, center, dirs, coords, sets, _=None):
    return [plane_loss(model, center, dirs, coords, X, y) for X, y in sets]


def timed(fn, model, center, dirs, coords, X, y, repeats=3):
    """Best of `repeats` wall times of fn on all of `coords`, after a warm-up call on a few
    points (first-call costs: thread pools, allocator, kernel selection)."""
    fn(model, center, dirs, coords[:64], X, y)
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn(model, center, dirs, coords, X, y)
        best = min(best, time.perf_counter() - start)
    return best, result


def matmul_gflops(n=2048, repeats=10):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return repeats * 2 * n**3 / (time.perf_counter() - start) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--loop-points", type=int, default=300,
                        help="grid points the slow loop is timed on")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    X, y = spiral(3, 100, 0.2, seed=0)
    X, y = torch.as_tensor(X), torch.as_tensor(y)
    g = np.linspace(-1, 1, args.resolution)
    aa, bb = np.meshgrid(g, g)
    coords = torch.as_tensor(np.stack([aa.ravel(), bb.ravel()], 1), dtype=torch.float32)
    ceiling = matmul_gflops()
    print(f"{len(X)} samples, {args.resolution}x{args.resolution} grid, {args.threads} threads; "
          f"float32 matmul ceiling {ceiling:.1f} GFLOP/s\n")
    print(f"{'model':11s} {'params':>7s} {'loop pts/s':>11s} {'vmap pts/s':>11s} "
          f"{'ours pts/s':>11s} {'ours/loop':>9s} {'ours/vmap':>9s} {'GFLOP/s':>8s} "
          f"{'% ceiling':>9s} {'max |diff|':>10s}")
    split = {}
    for name, (depth, width) in MODELS.items():
        torch.manual_seed(0)
        model = build_mlp(MLPSpec(2, 3, depth, width))
        center = flatten(model)
        dirs = 0.1 * torch.randn(2, len(center))
        flops = 2 * len(X) * sum(m.in_features * m.out_features
                                 for m in model if isinstance(m, nn.Linear))
        sub = coords[: args.loop_points]
        t_loop, ref = timed(loop_loss, model, center, dirs, sub, X, y)
        t_vmap, _ = timed(vmap_loss, model, center, dirs, coords, X, y)
        t_ours, (ours, _) = timed(plane_loss, model, center, dirs, coords, X, y)
        loop_pts, vmap_pts, ours_pts = len(sub) / t_loop, len(coords) / t_vmap, \
            len(coords) / t_ours
        gflops = ours_pts * flops / 1e9
        diff = (ours[: len(sub)] - ref).abs().max().item()
        print(f"{name:11s} {len(center):7d} {loop_pts:11.0f} {vmap_pts:11.0f} {ours_pts:11.0f} "
              f"{ours_pts / loop_pts:9.1f} {ours_pts / vmap_pts:9.1f} {gflops:8.1f} "
              f"{100 * gflops / ceiling:8.0f}% {diff:10.1e}")
        split[name] = (model, center, dirs, ours_pts)

    train, test = split_indices(y.numpy(), 0.2, seed=0)
    sets = [(X[train], y[train]), (X[test], y[test])]
    print(f"\ntraining and test set ({len(train)} + {len(test)} samples) on the same grid:\n")
    print(f"{'model':11s} {'1 set pts/s':>12s} {'2 sets pts/s':>12s} {'2 sets/1 set':>12s} "
          f"{'2 passes pts/s':>14s} {'1 pass/2 passes':>15s} {'max |diff|':>10s}")
    for name, (model, center, dirs, one_pts) in split.items():
        t_both, both = timed(both_sets, model, center, dirs, coords, sets, None)
        t_two, two = timed(two_passes, model, center, dirs, coords, sets, None)
        both_pts, two_pts = len(coords) / t_both, len(coords) / t_two
        diff = max((p[0] - q[0]).abs().max().item() for p, q in zip(both, two, strict=True))
        print(f"{name:11s} {one_pts:12.0f} {both_pts:12.0f} {both_pts / one_pts:12.2f} "
              f"{two_pts:14.0f} {both_pts / two_pts:15.2f} {diff:10.1e}")


if __name__ == "__main__":
    main()
