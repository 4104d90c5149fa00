"""Slice animations and figures: sizes, blitting, one colour scale."""

import matplotlib.pyplot as plt
import numpy as np

from landscape.slice_frames import SliceRenderer, slice_data, slices_figure
from landscape.slices import slice_sweep
from landscape.surfaces import get_surface_3d


def make_data(name="double_well", sweep=7, frames=4):
    s = get_surface_3d(name)
    axis = np.linspace(-2, 2, 25)
    return slice_data(s, slice_sweep(s.fn, axis, axis, np.linspace(s.lo[2], s.hi[2], sweep)),
                      max_frames=frames)


def test_slice_renderer_frames():
    d = make_data()
    assert d.frames.tolist() == [0, 2, 4, 6]
    r = SliceRenderer(d, width=320, height=160, dpi=40)
    first, last = r.render(0), r.render(3)
    again = r.render(0)
    r.close()
    assert first.shape == (160, 320, 3) and first.dtype == np.uint8
    np.testing.assert_array_equal(first, again)  # the redrawn contours leave nothing behind
    assert np.mean(np.any(first != last, axis=-1)) > 0.05


def test_one_colour_scale_for_every_slice_up_to_a_quantile():
    d = make_data()
    levels = d.levels
    assert levels[0] == d.values.min()
    assert levels[-1] == np.quantile(d.values, 0.75) < d.values.max()


def test_slices_figure_has_a_panel_per_slice_and_the_sweep():
    d = make_data()
    fig = slices_figure(d, panels=3)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[:3] == ["$w_3$ = -2.00", "$w_3$ = 0.00", "$w_3$ = 2.00"]
    assert "every slice's lowest loss" in titles
    plt.close(fig)
