import numpy as np
import pytest

from landscape.frames import FrameData, FrameRenderer
from landscape.plots import log_levels, log_ticks, region_rgb
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


def test_renderer_rejects_odd_sizes(frame_data):
    with pytest.raises(ValueError, match="even"):
        FrameRenderer(frame_data, width=401, height=200)
