"""Benchmark 2: ms per frame, our renderer vs a new figure per frame, side by side.

    make                                   # the default study's results/ first
    .venv/bin/python benchmarks/frame_render.py [--model mlp-5x20] [--frames 20]

Both draw the same content from the model's results files at the default frame size, on
one thread, each the best of `--repeats` runs (timings on a shared machine vary by +-20%
from run to run; the best is the least disturbed). "new figure" builds, draws and closes a
whole figure for each frame (what a plain matplotlib loop does); "ours" is
`landscape.frames.FrameRenderer`, which draws the static parts once and blits only the
moving artists: its set-up (building and drawing the figure, once per animation) is shown
apart from its time per frame. Times with and without the PNG write.
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import numpy as np
from PIL import Image

from landscape.frames import FrameData, FrameRenderer, frame_data
from landscape.io import load_npz


def load(results: Path, model: str) -> FrameData:
    base = results / "models" / model
    return frame_data(
        model, load_npz(results / "data/dataset.npz"), load_npz(base / "trajectory.npz"),
        load_npz(base / "plane.npz"), load_npz(base / "grid.npz"),
        load_npz(base / "regions.npz"))


def png_bytes(frame: np.ndarray) -> int:
    buf = io.BytesIO()
    Image.fromarray(frame).save(buf, format="png", compress_level=1)
    return buf.tell()


def new_figure_per_frame(data: FrameData, frames, size, write: bool) -> float:
    start = time.perf_counter()
    for i in frames:
        r = FrameRenderer(data, *size)  # builds and fully draws a new figure
        frame = r.render(i)
        r.close()
        if write:
            png_bytes(frame)
    return (time.perf_counter() - start) / len(frames)


def one_figure(data: FrameData, frames, size, write: bool) -> tuple[float, float]:
    """Seconds of the set-up (building and first drawing the figure, once per animation)
    and seconds per frame after it."""
    start = time.perf_counter()
    r = FrameRenderer(data, *size)
    setup = time.perf_counter() - start
    start = time.perf_counter()
    for i in frames:
        frame = r.render(i)
        if write:
            png_bytes(frame)
    per_frame = (time.perf_counter() - start) / len(frames)
    r.close()
    return setup, per_frame


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=Path("results"))
    parser.add_argument("--model", default="mlp-5x20")
    parser.add_argument("--frames", type=int, default=50, help="frames timed per method")
    parser.add_argument("--repeats", type=int, default=3, help="runs per method, best kept")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=640)
    args = parser.parse_args()
    data = load(args.results, args.model)
    frames = np.resize(np.arange(len(data.epochs)), args.frames)
    size = (args.width, args.height)
    print(f"{args.model}: {args.frames} frames at {args.width}x{args.height}, one thread, "
          f"best of {args.repeats}\n")
    print(f"{'':14s} {'new figure ms':>13s} {'ours ms':>8s} {'speed-up':>8s} "
          f"{'set-up ms':>9s}")
    for write in (False, True):
        naive = 1000 * min(new_figure_per_frame(data, frames, size, write)
                           for _ in range(args.repeats))
        runs = [one_figure(data, frames, size, write) for _ in range(args.repeats)]
        setup, ours = (1000 * min(r[k] for r in runs) for k in (0, 1))
        label = "draw + PNG" if write else "draw only"
        print(f"{label:14s} {naive:13.1f} {ours:8.1f} {naive / ours:7.1f}x {setup:9.0f}")


if __name__ == "__main__":
    main()
