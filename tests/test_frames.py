import dataclasses

import numpy as np
import pytest
import torch
from matplotlib.contour import ContourSet
from matplotlib.legend import Legend

from landscape.compare import ComparisonRenderer, comparison_height, frame_index
from landscape.frames import FrameData, FrameRenderer, shown_landscapes
from landscape.models import MLPSpec, build_mlp
from landscape.plots import log_levels, log_ticks, region_rgb, row_percent
from landscape.regions import confusion_matrices
from landscape.trajectory import frame_indices


def test_frame_indices_keep_first_and_last():
    assert frame_indices(5, 50).tolist() == [0, 1, 2, 3, 4]
    idx = frame_indices(101, 50)
    assert len(idx) == 50 and idx[0] == 0 and idx[-1] == 100
    assert np.all(np.diff(idx) > 0)
    assert frame_indices(101, 2).tolist() == [0, 100]


def test_log_levels_and_ticks():
    levels = log_levels(np.array([[0.1, 10.0], [np.nan, np.inf]]), n=3)
    np.testing.assert_allclose(levels, [0.1, 1.0, 10.0])
    flat = log_levels(np.full((3, 3), 1.0986), n=4)
    assert np.all(np.diff(flat) > 0)
    assert log_ticks(0.012, 17.5).tolist() == [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]
    assert log_ticks(0.73, 1.71).tolist() == [0.73, 0.9, 1.1, 1.4, 1.7]
    # a nearly flat landscape (a model that never moved) still gets labelled ticks
    assert log_ticks(1.1331, 1.1362).tolist() == [1.134, 1.135, 1.136]


def test_region_rgb_is_paler_where_unsure():
    rgb = region_rgb(np.array([[0, 0]]), np.array([[1.0, 1 / 3]]), 3)
    assert rgb.shape == (1, 2, 3)
    assert rgb[0, 1].min() > rgb[0, 0].min()  # unsure: closer to white


@pytest.fixture
def frame_data():
    rng = np.random.default_rng(0)
    a, b = np.linspace(-2, 1, 15), np.linspace(-1, 1, 11)
    path = np.stack([np.linspace(-1.5, 0, 9), np.sin(np.linspace(0, 3, 9)) * 0.3], axis=1)
    classes = rng.integers(0, 3, (4, 20, 30)).astype(np.uint8)
    return FrameData(
        model="m", X=rng.uniform(-1, 1, (30, 2)), y=rng.integers(0, 3, 30),
        x1=np.linspace(-1, 1, 30), x2=np.linspace(-1, 1, 20), classes=classes,
        conf=rng.uniform(0.4, 1, classes.shape), a=a, b=b,
        loss_grid=np.exp(np.add.outer(b**2, a**2)), path=path, explained=np.array([0.9, 0.08]),
        epochs=np.array([0, 3, 6, 8]), loss=np.linspace(1, 0.1, 9), acc=np.linspace(0.3, 1, 9))


def test_renderer_size_and_changes(frame_data):
    r = FrameRenderer(frame_data, width=400, height=200, dpi=50)
    first, last = r.render(0), r.render(3)
    again = r.render(0)
    r.close()
    assert first.shape == (200, 400, 3) and first.dtype == np.uint8
    np.testing.assert_array_equal(first, again)  # blitting leaves nothing behind
    assert np.mean(np.any(first != last, axis=-1)) > 0.05


def with_test_set(d: FrameData) -> FrameData:
    rng = np.random.default_rng(5)
    return dataclasses.replace(
        d, X_test=rng.uniform(-1, 1, (12, 2)), y_test=rng.integers(0, 3, 12),
        test_loss_grid=10 * np.exp(np.add.outer(d.b**2, (d.a + 0.5) ** 2)),
        test_loss=np.linspace(1.2, 0.3, 9), test_acc=np.linspace(0.3, 0.9, 9))


def test_frames_show_the_test_landscape_beside_the_training_one(frame_data):
    d = with_test_set(frame_data)
    assert [k for k, _ in shown_landscapes(d, "both")] == ["train", "test"]
    assert [k for k, _ in shown_landscapes(d, "test")] == ["test"]
    assert [k for k, _ in shown_landscapes(frame_data, "both")] == ["train"]  # no test set
    with pytest.raises(ValueError, match="landscape must be one of"):
        shown_landscapes(d, "valid")
    r = FrameRenderer(d, width=1280, height=640, dpi=100, landscape="both")
    regions, train_ax, test_ax, cbar = r.fig.axes
    assert [train_ax.get_title(), test_ax.get_title()] == ["Training loss and path",
                                                           "Test loss (held-out data)"]
    levels = [next(c for c in ax.collections if isinstance(c, ContourSet) and c.filled).levels
              for ax in (train_ax, test_ax)]
    np.testing.assert_array_equal(levels[0], levels[1])  # one colour scale for both
    assert levels[0][0] == pytest.approx(d.loss_grid.min())  # training minimum: 1
    assert levels[0][-1] == pytest.approx(d.test_loss_grid.max())  # test maximum
    # the title gives both sets; epoch 8: train loss 0.1, accuracy 100%, test 0.3 and 90%
    assert r._title(3) == ("m   epoch 8/8   train loss 0.100, accuracy 100.0%   "
                           "test loss 0.300, accuracy 90.0%")
    # the held-out samples: white dots ringed in their class colour, and a legend
    rings = regions.collections[-1]
    assert len(rings.get_offsets()) == 12 and tuple(rings.get_facecolor()[0]) == (1, 1, 1, 1)
    assert [t.get_text() for t in r.fig.legends[0].get_texts()] == [
        "training samples", "test samples (held out)"]
    first, again = r.render(0), r.render(0)
    np.testing.assert_array_equal(first, again)
    r.close()
    only = FrameRenderer(d, width=640, height=320, dpi=50, landscape="test")
    assert len(only.fig.axes) == 3
    assert only.fig.axes[1].get_title() == "Test loss (held-out data) and training path"
    only.close()


def test_a_title_too_wide_for_the_frame_wraps(frame_data):
    d = with_test_set(frame_data)
    r = FrameRenderer(d, width=480, height=240, dpi=60)
    assert r.wrap and r._title(3) == ("m   epoch 8/8\ntrain loss 0.100, accuracy 100.0%   "
                                      "test loss 0.300, accuracy 90.0%")
    title = r.title.get_window_extent(r.fig.canvas.get_renderer())
    assert title.x0 >= 0 and title.x1 <= 480  # inside the frame
    r.close()


def test_renderer_rejects_odd_sizes(frame_data):
    with pytest.raises(ValueError, match="even"):
        FrameRenderer(frame_data, width=401, height=200)


def test_diverged_run_with_non_finite_cells(frame_data):
    """Training stopped at epoch 9 (the path holds epochs 0..8); the far corner of the grid
    overflowed. Levels come from the finite cells, the others are hatched and labelled."""
    loss = frame_data.loss_grid.copy()
    loss[:4, :5] = np.nan
    loss[0, 0] = np.inf
    frame_data.loss_grid, frame_data.diverged_at = loss, 9
    frame_data.loss = np.r_[np.linspace(1, 0.5, 8), 3.2e18]
    r = FrameRenderer(frame_data, width=400, height=200, dpi=50)
    first, last = r.render(0), r.render(3)
    assert "diverged" not in r._title(0)
    assert r._title(3) == ("m   epoch 8/8   loss 3.2e+18   accuracy 100.0%\n"
                           "training diverged at epoch 9 (loss not finite) and stopped")
    landscape = r.fig.axes[1]
    (legend,) = [a for a in landscape.artists if isinstance(a, Legend)]
    assert [t.get_text() for t in legend.get_texts()] == ["loss not finite (12%)"]  # 20/165
    filled = next(c for c in landscape.collections if isinstance(c, ContourSet) and c.filled)
    finite = loss[np.isfinite(loss)]
    assert filled.levels[0] == pytest.approx(finite.min())
    assert filled.levels[-1] == pytest.approx(finite.max())
    r.close()
    assert first.shape == last.shape == (200, 400, 3)


def test_single_point_path_renders(frame_data):
    """A run that diverged in its first epoch: one recorded point, one frame."""
    d = frame_data
    d.path, d.loss, d.acc, d.epochs = d.path[-1:] * 0, d.loss[:1], d.acc[:1], np.array([0])
    d.classes, d.conf, d.diverged_at = d.classes[:1], d.conf[:1], 1
    r = FrameRenderer(d, width=400, height=200, dpi=50)
    frame = r.render(0)
    assert "training diverged at epoch 1" in r._title(0) and "epoch 0/0" in r._title(0)
    r.close()
    assert frame.std() > 10  # a drawn frame, not a blank one


def test_confusion_matrices_count_true_against_predicted():
    # A linear model (logreg) whose logits are the inputs themselves: it predicts argmax(x).
    model = build_mlp(MLPSpec(3, 3, 0, 0))
    eye = torch.cat([torch.eye(3).ravel(), torch.zeros(3)])  # weight I, bias 0
    X = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 1, 0], [1, 0, 0]], np.float32)
    y = np.array([0, 1, 2, 2, 1])
    cm = confusion_matrices(model, torch.stack([eye, -eye]).numpy(), X, y, 3,
                            budget_bytes=1)  # one weight vector a chunk
    assert cm.shape == (2, 3, 3) and cm.dtype == np.int64
    # weights I: samples 0-2 right, sample 3 (class 2) taken for 1, sample 4 (class 1) for 0
    assert cm[0].tolist() == [[1, 0, 0], [1, 1, 0], [0, 1, 1]]
    assert cm.sum(axis=(1, 2)).tolist() == [5, 5]
    np.testing.assert_allclose(row_percent(cm[0])[2], [0, 50, 50])


def test_confusion_panel_renders_and_changes(frame_data):
    rng = np.random.default_rng(1)
    confusion = rng.integers(0, 20, (4, 10, 10))
    data = dataclasses.replace(frame_data, X=rng.normal(size=(30, 64)),
                               y=rng.integers(0, 10, 30), x1=None, x2=None, classes=None,
                               conf=None, confusion=confusion)
    r = FrameRenderer(data, width=640, height=320, dpi=50)
    first, last, again = r.render(0), r.render(3), r.render(0)
    texts = [t.get_text() for t in r.classes.texts]
    r.close()
    np.testing.assert_array_equal(first, again)
    left = np.s_[:, : 640 // 2]  # the confusion matrix is the left panel
    assert np.mean(np.any(first[left] != last[left], axis=-1)) > 0.05
    # frame 0's numbers are each row's percentages (shown when >= 0.5)
    pct = row_percent(confusion[0])
    assert texts == [f"{v:.0f}" if v >= 0.5 else "" for v in pct.ravel()]


def test_comparison_holds_the_shorter_path_at_its_end(frame_data, tmp_path):
    short = dataclasses.replace(frame_data, model="short", path=frame_data.path[:5],
                                loss=frame_data.loss[:5], acc=frame_data.acc[:5],
                                epochs=np.array([0, 2, 4]), classes=frame_data.classes[:3],
                                conf=frame_data.conf[:3], diverged_at=5)
    r = ComparisonRenderer([frame_data, short], width=600, dpi=50)
    assert r.fig.canvas.get_width_height() == (600, comparison_height(600, 2))
    frames = [r.render(i) for i in range(4)]  # the longer model's epochs 0, 3, 6, 8
    assert frame_index(short.epochs, 3) == 1 and frame_index(short.epochs, 8) == 2
    # its last recorded epoch, 4: loss 1 - 4 * 0.1125, accuracy 0.3 + 4 * 0.0875
    assert r.headers[1].get_text() == ("short: loss 0.550, accuracy 65.0% "
                                       "(diverged at epoch 5)")
    assert r.title.get_text().startswith("epoch 8/8: decision regions (top)")
    r.save(3, [tmp_path / "c.png", tmp_path / "c.pdf"], dpi=50)
    np.testing.assert_array_equal(r.render(3), frames[3])  # saving leaves frames as they were
    r.close()
    assert (tmp_path / "c.png").stat().st_size > 10_000
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    assert np.mean(np.any(frames[0] != frames[3], axis=-1)) > 0.02


def test_comparison_adds_a_row_of_test_landscapes(frame_data):
    a = with_test_set(frame_data)
    b = dataclasses.replace(a, model="n")
    r = ComparisonRenderer([a, b], width=600, dpi=50)
    assert r.kinds == ["train", "test"]
    assert r.fig.canvas.get_width_height() == (600, comparison_height(600, 2, rows=3))
    assert len(r.landscapes) == 4 and len(r.fig.axes) == 2 * 3 + 1  # and one colorbar
    r.render(3)
    assert r.headers[0].get_text() == ("m\ntrain loss 0.100, accuracy 100.0%\n"
                                       "test loss 0.300, accuracy 90.0%")
    assert len(r.fig.legends) == 1  # one legend of training and test samples
    r.close()
    # a model without a test set: every column shows the training loss alone
    r = ComparisonRenderer([a, frame_data], width=600, dpi=50, landscape="both")
    assert r.kinds == ["train"] and len(r.landscapes) == 2
    r.close()
