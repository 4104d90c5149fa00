"""Benchmark 4: time and peak memory as the grid resolution and the number of epochs grow.

    .venv/bin/python benchmarks/scaling.py [--model-depth 10 --model-width 100]

Each measurement runs in a fresh Python process so its peak RSS is its own.
- grid: `loss_grid` of one model at resolutions 25..200 (points grow 64x). Time should grow
  linearly with points (constant us/point) and peak memory stay flat (chunked evaluation).
- epochs: training, PCA plane and rendering every epoch as a frame for 50..1000 epochs of a
  small model. Time should grow linearly with frames; memory grows only with the stored
  trajectory (epochs x parameters x 4 bytes), which is listed beside it.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time


def child_grid(resolution: int, depth: int, width: int) -> dict:
    import numpy as np
    import torch

    from landscape.datasets import spiral
    from landscape.grid import loss_grid
    from landscape.models import MLPSpec
    from landscape.train import init_model

    torch.set_num_threads(2)
    X, y = spiral(3, 100, 0.2, seed=0)
    model = init_model(MLPSpec(2, 3, depth, width), seed=0)
    n = sum(p.numel() for p in model.parameters())
    rng = np.random.default_rng(0)
    center, dirs = rng.standard_normal(n).astype(np.float32), rng.standard_normal((2, n))
    g = np.linspace(-1, 1, resolution)
    start = time.perf_counter()
    loss_grid(model, center, dirs / np.linalg.norm(dirs, axis=1, keepdims=True), g, g, X, y)
    return {"seconds": time.perf_counter() - start, "points": resolution**2}


def child_epochs(epochs: int, depth: int, width: int) -> dict:
    import numpy as np
    import torch
    from PIL import Image

    from landscape.datasets import spiral
    from landscape.directions import pca_directions, project
    from landscape.frames import FrameData, FrameRenderer
    from landscape.grid import grid_axes, loss_grid
    from landscape.models import MLPSpec
    from landscape.regions import decision_regions, region_axes
    from landscape.train import init_model, train

    torch.set_num_threads(1)
    X, y = spiral(3, 100, 0.2, seed=0)
    model = init_model(MLPSpec(2, 3, depth, width), seed=0)
    times = {}
    t = time.perf_counter()
    run = train(model, X, y, optimizer="adam", lr=0.01, epochs=epochs, batch_size=32)
    times["train"] = time.perf_counter() - t
    t = time.perf_counter()
    dirs, explained = pca_directions(run["theta"])
    path = project(run["theta"], run["theta"][-1], dirs)
    times["pca"] = time.perf_counter() - t
    a, b = grid_axes(path, 50, 0.25)
    loss, _ = loss_grid(model, run["theta"][-1], dirs, a, b, X, y)
    epochs_idx = np.arange(len(path))
    x1, x2 = region_axes(X, 200)
    t = time.perf_counter()
    classes, conf = decision_regions(model, run["theta"], x1, x2)
    times["regions"] = time.perf_counter() - t
    data = FrameData(model="m", X=X, y=y, a=a, b=b, loss_grid=loss, path=path,
                     explained=explained, epochs=epochs_idx, loss=run["loss"], acc=run["acc"],
                     x1=x1, x2=x2, classes=classes, conf=conf)
    t = time.perf_counter()
    renderer = FrameRenderer(data)
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(len(epochs_idx)):
            Image.fromarray(renderer.render(i)).save(f"{tmp}/f{i}.png", compress_level=1)
    times["frames"] = time.perf_counter() - t
    return {**times, "frames_n": len(epochs_idx), "trajectory_mb": run["theta"].nbytes / 2**20}


def run_child(kind: str, value: int, depth: int, width: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(value),
                          "--model-depth", str(depth), "--model-width", str(width)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("KIND", "VALUE"), help=argparse.SUPPRESS)
    parser.add_argument("--model-depth", type=int, default=10)
    parser.add_argument("--model-width", type=int, default=100)
    parser.add_argument("--epochs-depth", type=int, default=1)
    parser.add_argument("--epochs-width", type=int, default=20)
    args = parser.parse_args()
    if args.child:
        kind, value = args.child[0], int(args.child[1])
        fn = child_grid if kind == "grid" else child_epochs
        result = fn(value, args.model_depth, args.model_width)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return

    d, w = args.model_depth, args.model_width
    print(f"grid: mlp-{d}x{w}, 300 samples, 2 threads")
    print(f"{'resolution':>10s} {'points':>7s} {'seconds':>8s} {'us/point':>9s} {'peak MB':>8s}")
    for res in (25, 50, 100, 200):
        r = run_child("grid", res, d, w)
        print(f"{res:10d} {r['points']:7d} {r['seconds']:8.2f} "
              f"{1e6 * r['seconds'] / r['points']:9.1f} {r['peak_rss_mb']:8.0f}")
    d, w = args.epochs_depth, args.epochs_width
    print(f"\nepochs: mlp-{d}x{w}, every epoch a frame, 1 thread")
    print(f"{'epochs':>6s} {'train s':>8s} {'pca s':>6s} {'regions s':>9s} {'frames s':>8s} "
          f"{'ms/frame':>8s} {'trajectory MB':>13s} {'peak MB':>8s}")
    for epochs in (50, 100, 200, 500, 1000):
        r = run_child("epochs", epochs, d, w)
        print(f"{epochs:6d} {r['train']:8.2f} {r['pca']:6.2f} {r['regions']:9.2f} "
              f"{r['frames']:8.2f} {1000 * r['frames'] / r['frames_n']:8.1f} "
              f"{r['trajectory_mb']:13.1f} {r['peak_rss_mb']:8.0f}")


if __name__ == "__main__":
    main()
