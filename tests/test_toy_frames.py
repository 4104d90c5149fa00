"""Toy animations and figures: sizes, blitting, and what they show."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from landscape.critical import critical_points
from landscape.paths import padded_bounds, run_optimizers
from landscape.surfaces import get_surface
from landscape.toy_frames import ToyRenderer, method_label, toy_data, toy_figure

OPTS = {"gd": {"lr": 0.1}, "momentum": {"lr": 0.1, "momentum": 0.9}, "adam": {"lr": 0.1}}


def make_data(name, steps=12, frames=5):
    s = get_surface(name)
    run = run_optimizers(s.fn, s.start, OPTS, steps, bounds=padded_bounds(s.lo, s.hi))
    points = [p.to_dict() for p in critical_points(s.fn, s.lo, s.hi, 7)]
    return toy_data(s, run, points, resolution=30, max_frames=frames)


@pytest.mark.parametrize("name", ["saddle", "xcos"])
def test_toy_renderer_frames(name):
    d = make_data(name)
    assert d.frames.tolist() == [0, 3, 6, 9, 12]
    assert d.labels == ["GD (lr 0.1)", "momentum (lr 0.1)", "Adam (lr 0.1)"]
    r = ToyRenderer(d, width=320, height=160, dpi=40)
    first, last = r.render(0), r.render(4)
    again = r.render(0)
    r.close()
    assert first.shape == (160, 320, 3) and first.dtype == np.uint8
    np.testing.assert_array_equal(first, again)  # blitting leaves nothing behind
    assert np.mean(np.any(first != last, axis=-1)) > 0.005


def test_toy_data_of_a_path_that_left_the_box():
    d = make_data("cubic", steps=40)
    # momentum runs off to minus infinity and stops at the padded box; its point stays there
    stopped = np.isnan(d.paths[1, :, 0])
    assert stopped.any() and not stopped[0]
    r = ToyRenderer(d, width=320, height=160, dpi=40)
    r.render(len(d.frames) - 1)
    r.close()


@pytest.mark.parametrize("name", ["valley", "xcos"])
def test_toy_figure_has_three_panels(name):
    fig = toy_figure(make_data(name))
    assert len(fig.axes) >= 3
    names = [ax.name for ax in fig.axes]
    assert ("3d" in names) == (name == "valley")
    plt.close(fig)


def test_method_label():
    assert method_label("noisy_gd", 0.05) == "noisy GD (lr 0.05)"
