"""Animation frames: what the model predicts beside the loss landscape and the path so far.

The figure is built once; each frame only updates the moving artists and blits them over a
cached background, which is several times faster than drawing a new figure per frame. The
panels are classes of their own so that a comparison of several models (`compare`) draws
them the same way. With a held-out set, the landscape can be the training loss (what the
optimiser minimises), the test loss, or both side by side on one colour scale.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from .figures import save_figure  # noqa: E402
from .plots import (  # noqa: E402
    axis_label,
    data_legend,
    draw_confusion,
    draw_data,
    draw_landscape,
    draw_path,
    draw_start,
    format_loss,
    frame_figure,
    landscape_kinds,
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
    the confusion matrices `confusion` for inputs of other dimensions. The `test_` fields
    are None without a held-out set.
    """

    model: str
    X: np.ndarray  # (N, in) training inputs; drawn when in == 2
    y: np.ndarray  # (N,) labels
    a: np.ndarray  # (Pa,) grid axes
    b: np.ndarray  # (Pb,)
    loss_grid: np.ndarray  # (Pb, Pa) training loss over the plane
    path: np.ndarray  # (T, 2) projected weights of every recorded epoch
    explained: np.ndarray  # (2,) each direction's share of the path's variance
    epochs: np.ndarray  # (F,) index into path of each frame
    loss: np.ndarray  # (T,) training loss per recorded epoch
    acc: np.ndarray  # (T,) training accuracy
    diverged_at: int = -1
    X_test: np.ndarray | None = None  # (M, in) held-out inputs, never trained on
    y_test: np.ndarray | None = None  # (M,)
    test_loss_grid: np.ndarray | None = None  # (Pb, Pa) test loss over the same plane
    test_loss: np.ndarray | None = None  # (T,) test loss per recorded epoch
    test_acc: np.ndarray | None = None  # (T,)
    x1: np.ndarray | None = None  # (W,) region mesh axes
    x2: np.ndarray | None = None  # (H,)
    classes: np.ndarray | None = None  # (F, H, W) predicted class per frame
    conf: np.ndarray | None = None  # (F, H, W) its probability
    confusion: np.ndarray | None = None  # (F, K, K) counts: rows true class, columns predicted
    axes: tuple[str, str] = ("PC1", "PC2")  # names of the plane's directions


def frame_data(model: str, data: dict, traj: dict, plane: dict, grid: dict,
               regions: dict) -> FrameData:
    """FrameData from the arrays of a model's dataset, trajectory, plane, grid and regions
    files (as `io.load_npz` returns them); the test fields where the files have them."""
    if "confusion" in regions:
        left = {"confusion": regions["confusion"]}
    else:
        left = {k: regions[k] for k in ("x1", "x2", "classes")}
        left["conf"] = regions["conf"].astype(np.float32)
    test = {}
    if len(data.get("y_test", ())) and "test_loss" in grid and "test_loss" in traj:
        test = dict(X_test=data["X_test"], y_test=data["y_test"],
                    test_loss_grid=grid["test_loss"], test_loss=traj["test_loss"],
                    test_acc=traj["test_acc"])
    return FrameData(
        model=model, X=data["X"], y=data["y"], a=grid["a"], b=grid["b"],
        loss_grid=grid["loss"], path=plane["path"], explained=plane["explained"],
        epochs=regions["epochs"], loss=traj["loss"], acc=traj["acc"],
        diverged_at=int(traj["diverged_at"]), axes=plane_axes(plane), **left, **test)


def shown_landscapes(d: FrameData, landscape: str) -> list[tuple[str, np.ndarray]]:
    """(kind, loss grid) of each landscape panel `landscape` asks for (see
    `plots.landscape_kinds`): "train", "test" or "both"."""
    grids = {"train": d.loss_grid, "test": d.test_loss_grid}
    return [(k, grids[k]) for k in landscape_kinds(landscape, d.test_loss_grid is not None)]


def landscape_title(kind: str, panels: int) -> str:
    """The title of a landscape panel of `kind` ("train" or "test") among `panels`."""
    if kind == "test":
        return "Test loss (held-out data)" if panels > 1 else \
            "Test loss (held-out data) and training path"
    return "Loss landscape and training path" if panels == 1 else "Training loss and path"


def scores(d: FrameData, e: int, sep: str = "   ") -> str:
    """Loss and accuracy at epoch `e`: "loss 0.123   accuracy 95.0%", and with a held-out
    set "train loss 0.123, accuracy 95.0%   test loss 0.456, accuracy 90.0%"."""
    if d.test_loss is None:
        return f"loss {format_loss(d.loss[e])}{sep}accuracy {100 * d.acc[e]:.1f}%"
    return (f"train loss {format_loss(d.loss[e])}, accuracy {100 * d.acc[e]:.1f}%{sep}"
            f"test loss {format_loss(d.test_loss[e])}, accuracy {100 * d.test_acc[e]:.1f}%")


class ClassPanel:
    """What the model predicts at frame i: its decision regions over the data (2D inputs),
    with the held-out samples ringed (and, where `legend`, a figure legend saying so), else
    its confusion matrix on the training data. `artists` are the ones that change."""

    def __init__(self, ax, d: FrameData, legend: bool = True):
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
        points = [draw_data(ax, d.X, d.y, animated=True)]
        if d.X_test is not None:
            points.append(draw_data(ax, d.X_test, d.y_test, held_out=True, animated=True))
            if legend:  # below the panels, where it covers nothing
                data_legend(ax.figure)
        ax.set(title="Decision regions", xlabel="$x_1$", ylabel="$x_2$")
        # Spines are redrawn so the region image, blitted first, does not cover them.
        self.artists = (self.image, *points, *ax.spines.values())

    def update(self, i: int) -> None:
        d = self.d
        if d.confusion is not None:
            update_confusion(self.image, self.texts, d.confusion[i])
        else:
            self.image.set_data(region_rgb(d.classes[i], d.conf[i], self.n_classes))


class LandscapePanel:
    """A loss contour of the model's plane (the training loss, or `loss` `(Pb, Pa)` such as
    the test loss) with its path up to the current epoch."""

    def __init__(self, ax, d: FrameData, levels: np.ndarray, title: str,
                 loss: np.ndarray | None = None):
        self.d = d
        loss = d.loss_grid if loss is None else loss
        self.filled = draw_landscape(ax, d.a, d.b, loss, levels)
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

    def _too_wide(self, text) -> bool:
        """Whether the Text artist `text` is wider than the figure (less a small margin)."""
        width = text.get_window_extent(self.fig.canvas.get_renderer()).width
        return width > 0.98 * self.fig.bbox.width

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
        rgba = np.asarray(canvas.buffer_rgba())
        # PIL drops the alpha channel in 2 ms; NumPy's strided copy of [..., :3] takes 7.
        image = Image.frombuffer("RGBA", rgba.shape[1::-1], rgba, "raw", "RGBA", 0, 1)
        return np.array(image.convert("RGB"))

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
    """Draws frame i of one model's animation into an RGB array, reusing one figure.

    `landscape` chooses the loss panels (see `shown_landscapes`): training and test side by
    side share one log colour scale, so a colour is the same loss in both."""

    def __init__(self, data: FrameData, width: int = 1280, height: int = 640, dpi: int = 100,
                 landscape: str = "both"):
        self.data = data
        self.fig = frame_figure(width, height, dpi)
        shown = shown_landscapes(data, landscape)
        left, *right = self.fig.subplots(1, 1 + len(shown),
                                         width_ratios=(1, 1.25) if len(shown) == 1 else None)
        self.classes = ClassPanel(left, data)
        levels = log_levels(np.concatenate([loss.ravel() for _, loss in shown]))
        self.landscapes = [
            LandscapePanel(ax, data, levels, landscape_title(kind, len(shown)), loss)
            for ax, (kind, loss) in zip(right, shown, strict=True)]
        filled = next((p.filled for p in self.landscapes if p.filled is not None), None)
        loss_colorbar(self.fig, filled, right)
        self.wrap = False  # the scores on a line of their own, where one line is too wide
        self.title = self.fig.suptitle(self._title(len(data.epochs) - 1), animated=True)
        if self._too_wide(self.title):
            self.wrap = True
            self.title.set_text(self._title(len(data.epochs) - 1))
        self._cache_background()
        self.animated = (*self.classes.artists, *(a for p in self.landscapes for a in p.artists),
                         self.title)

    def _title(self, i: int) -> str:
        """Model, epoch, loss and accuracy; the last frame of a run that diverged says so on
        a second line (the path ends at the last finite epoch)."""
        d = self.data
        e = int(d.epochs[i])
        last = len(d.path) - 1
        sep = "\n" if self.wrap else "   "
        text = f"{d.model}   epoch {e}/{last}{sep}{scores(d, e)}"
        if d.diverged_at >= 0 and e == last:
            text += f"\ntraining diverged at epoch {d.diverged_at} (loss not finite) and stopped"
        return text

    def update(self, i: int) -> None:
        self.classes.update(i)
        for panel in self.landscapes:
            panel.update(int(self.data.epochs[i]))
        self.title.set_text(self._title(i))
