"""Benchmark 1: loss-grid evaluation, ours vs the obvious per-point loop, side by side.

    .venv/bin/python benchmarks/grid_eval.py [--resolution 100] [--threads 2]

For each model: points/s of the loop (for each grid point: build the weights,
load_state_dict, forward, loss; timed on a subset of points), of a plain vmap over explicit
weight vectors, and of `landscape.grid.plane_loss` (what the workflow uses) on the whole grid;
their ratio; and the useful GFLOP/s (2 * samples * sum of in*out over layers, per point)
against a large float32 matmul measured in the same run (the ceiling).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from landscape.datasets import spiral
from landscape.grid import batched_loss, plane_loss, points_per_chunk
from landscape.models import MLPSpec, build_mlp, flatten, param_layout, unflatten

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


if __name__ == "__main__":
    main()
