"""Animation frames: what the model predicts beside the loss landscape and the path so far.

The figure is built once; each frame only updates the moving artists and blits them over a
cached background, which is several times faster than drawing a new figure per frame. The
two panels are classes of their own so that a comparison of several models (`compare`)
draws them the same way.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .figures import save_figure  # noqa: E402
from .plots import (  # noqa: E402
    axis_label,
    draw_confusion,
    draw_data,
    draw_landscape,
    draw_path,
    draw_start,
    format_loss,
    frame_figure,
    log_levels,
    loss_colorbar,
    plane_axes,
    region_rgb,
    update_confusion,
)
from .video import write_frames  # noqa: E402


@dataclass(kw_only=True)
class FrameData:
    """Everything one model's animation shows (see the `regions`, `grid` and `plane` files).

    The left panel shows decision regions (`x1`, `x2`, `classes`, `conf`) for 2D inputs, or
    the confusion matrices `confusion` for inputs of other dimensions.
    """

    model: str
    X: np.ndarray  # (N, in) inputs; drawn when in == 2
    y: np.ndarray  # (N,) labels
    a: np.ndarray  # (Pa,) grid axes
    b: np.ndarray  # (Pb,)
    loss_grid: np.ndarray  # (Pb, Pa)
    path: np.ndarray  # (T, 2) projected weights of every recorded epoch
    explained: np.ndarray  # (2,) each direction's share of the path's variance
    epochs: np.ndarray  # (F,) index into path of each frame
    loss: np.ndarray  # (T,) training loss per recorded epoch
    acc: np.ndarray  # (T,) training accuracy
    diverged_at: int = -1
    x1: np.ndarray | None = None  # (W,) region mesh axes
    x2: np.ndarray | None = None  # (H,)
    classes: np.ndarray | None = None  # (F, H, W) predicted class per frame
    conf: np.ndarray | None = None  # (F, H, W) its probability
    confusion: np.ndarray | None = None  # (F, K, K) counts: rows true class, columns predicted
    axes: tuple[str, str] = ("PC1", "PC2")  # names of the plane's directions


def frame_data(model: str, data: dict, traj: dict, plane: dict, grid: dict,
               regions: dict) -> FrameData:
    """FrameData from the arrays of a model's dataset, trajectory, plane, grid and regions
    files (as `io.load_npz` returns them)."""
    if "confusion" in regions:
        left = {"confusion": regions["confusion"]}
    else:
        left = {k: regions[k] for k in ("x1", "x2", "classes")}
        left["conf"] = regions["conf"].astype(np.float32)
    return FrameData(
        model=model, X=data["X"], y=data["y"], a=grid["a"], b=grid["b"],
        loss_grid=grid["loss"], path=plane["path"], explained=plane["explained"],
        epochs=regions["epochs"], loss=traj["loss"], acc=traj["acc"],
        diverged_at=int(traj["diverged_at"]), axes=plane_axes(plane), **left)


class ClassPanel:
    """What the model predicts at frame i: its decision regions over the data (2D inputs),
    else its confusion matrix on the data. `artists` are the ones that change."""

    def __init__(self, ax, d: FrameData):
        self.d = d
        if d.confusion is not None:
            self.image, self.texts = draw_confusion(ax, d.confusion[0], animated=True)
            ax.set_title("Confusion matrix (% of each true class)")
            self.artists = (self.image, *self.texts)
            return
        self.n_classes = int(max(d.y.max(), d.classes.max())) + 1
        self.image = ax.imshow(
            region_rgb(d.classes[0], d.conf[0], self.n_classes), origin="lower",
            extent=(d.x1[0], d.x1[-1], d.x2[0], d.x2[-1]), aspect="auto",
            interpolation="bilinear", animated=True)
        points = draw_data(ax, d.X, d.y, animated=True)
        ax.set(title="Decision regions", xlabel="$x_1$", ylabel="$x_2$")
        # Spines are redrawn so the region image, blitted first, does not cover them.
        self.artists = (self.image, points, *ax.spines.values())

    def update(self, i: int) -> None:
        d = self.d
        if d.confusion is not None:
            update_confusion(self.image, self.texts, d.confusion[i])
        else:
            self.image.set_data(region_rgb(d.classes[i], d.conf[i], self.n_classes))


class LandscapePanel:
    """The loss contour of the model's plane with its path up to the current epoch."""

    def __init__(self, ax, d: FrameData, levels: np.ndarray, title: str):
        self.d = d
        self.filled = draw_landscape(ax, d.a, d.b, d.loss_grid, levels)
        draw_start(ax, d.path[0])
        self.line, self.point = draw_path(ax, d.path[:1], animated=True)
        ev = [None if not np.isfinite(r) else float(r) for r in d.explained]
        ax.set(title=title, xlabel=axis_label(d.axes[0], ev[0]),
               ylabel=axis_label(d.axes[1], ev[1]),
               xlim=(d.a[0], d.a[-1]), ylim=(d.b[0], d.b[-1]))
        self.artists = (self.line, self.point)

    def update(self, epoch: int) -> None:
        path = self.d.path
        self.line.set_data(path[: epoch + 1, 0], path[: epoch + 1, 1])
        self.point.set_data(path[epoch : epoch + 1, 0], path[epoch : epoch + 1, 1])


class BlitRenderer:
    """Draws frames by restoring a cached background and redrawing `self.animated`."""

    fig: plt.Figure
    animated: tuple

    def _cache_background(self) -> None:
        self.fig.canvas.draw()
        # Keep the first draw's layout, so later draws (a saved figure) do not move the axes.
        self.fig.set_layout_engine("none")
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)

    def _blit(self) -> np.ndarray:
        canvas = self.fig.canvas
        canvas.restore_region(self.background)
        for artist in self.animated:
            self.fig.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())[..., :3].copy()

    def save(self, i: int, paths, dpi: float) -> None:
        """Frame i as a static figure for papers, in each format of `paths` (pdf, svg, png by
        suffix; see `figures.save_figure`): every artist is drawn normally, so vector formats
        hold vectors."""
        self.update(i)
        was = [artist.get_animated() for artist in self.animated]
        for artist in self.animated:
            artist.set_animated(False)
        try:
            save_figure(self.fig, paths, dpi)
        finally:
            for artist, animated in zip(self.animated, was, strict=True):
                artist.set_animated(animated)
            self._cache_background()  # saving redraws the canvas

    def update(self, i: int) -> None:
        raise NotImplementedError

    def render(self, i: int) -> np.ndarray:
        """Frame i as `(height, width, 3) uint8`."""
        self.update(i)
        return self._blit()

    def close(self) -> None:
        plt.close(self.fig)

    def write(self, n: int, folder: str | os.PathLike) -> str:
        """Frames 0..n-1 as numbered PNGs in `folder` (`video.write_frames`), then closes the
        figure. Returns how long it took, for the log: "50 frames in 2.31 s (46.2 ms/frame)"."""
        start = time.perf_counter()
        try:
            write_frames(self.render, n, folder)
        finally:
            self.close()
        seconds = time.perf_counter() - start
        return f"{n} frames in {seconds:.2f} s ({1000 * seconds / n:.1f} ms/frame)"


class FrameRenderer(BlitRenderer):
    """Draws frame i of one model's animation into an RGB array, reusing one figure."""

    def __init__(self, data: FrameData, width: int = 1280, height: int = 640, dpi: int = 100):
        self.data = data
        self.fig = frame_figure(width, height, dpi)
        left, right = self.fig.subplots(1, 2, width_ratios=(1, 1.25))
        self.classes = ClassPanel(left, data)
        self.landscape = LandscapePanel(right, data, log_levels(data.loss_grid),
                                        "Loss landscape and training path")
        loss_colorbar(self.fig, self.landscape.filled, right)
        self.title = self.fig.suptitle(self._title(len(data.epochs) - 1), animated=True)
        self._cache_background()
        self.animated = (*self.classes.artists, *self.landscape.artists, self.title)

    def _title(self, i: int) -> str:
        """Model, epoch, loss and accuracy; the last frame of a run that diverged says so on
        a second line (the path ends at the last finite epoch)."""
        d = self.data
        e = int(d.epochs[i])
        last = len(d.path) - 1
        text = (f"{d.model}   epoch {e}/{last}   loss {format_loss(d.loss[e])}   "
                f"accuracy {100 * d.acc[e]:.1f}%")
        if d.diverged_at >= 0 and e == last:
            text += f"\ntraining diverged at epoch {d.diverged_at} (loss not finite) and stopped"
        return text

    def update(self, i: int) -> None:
        self.classes.update(i)
        self.landscape.update(int(self.data.epochs[i]))
        self.title.set_text(self._title(i))
