"""Saddle-escape animations and figures: sizes, blitting, what the frames include."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from landscape.escape import escape_runs, saddle_near
from landscape.escape_frames import EscapeRenderer, escape_data, escape_figure
from landscape.paths import padded_bounds
from landscape.surfaces import get_surface


def make_data(name="valley", start=(-1.2, 1.2), steps=40, frames=5):
    s = get_surface(name)
    run = escape_runs(s.fn, start, 0.1, steps, 0.01, 0.2, 0.2, bounds=padded_bounds(s.lo, s.hi))
    summary = {"saddle": saddle_near(s.fn, run["path"][0, run["stall"]]).to_dict(),
               "stall_tol": 0.01}
    return escape_data(s, run, summary, resolution=30, max_frames=frames)


def test_frames_include_the_stall_and_the_step_after_it():
    d = make_data()
    assert d.stall == 24
    assert d.frames.tolist() == [0, 10, 20, 24, 25, 30, 40]
    # the eigenvector is signed reproducibly (largest component positive), lambda_min -2
    np.testing.assert_allclose(d.v, [2**-0.5, 2**-0.5])
    assert d.lam == pytest.approx(-2)


def test_escape_renderer_frames():
    d = make_data()
    r = EscapeRenderer(d, width=480, height=240, dpi=40)
    first, last = r.render(0), r.render(len(d.frames) - 1)
    again = r.render(0)
    r.close()
    assert first.shape == (240, 480, 3) and first.dtype == np.uint8
    np.testing.assert_array_equal(first, again)
    assert np.mean(np.any(first != last, axis=-1)) > 0.005


def test_escape_figure_and_a_run_that_never_stalls():
    fig = escape_figure(make_data())
    assert [ax.get_title() for ax in fig.axes[:2]] == [
        r"step along $v_{min}$ ($\lambda_{min}$ = -2), length 0.2",
        "random perturbation, length 0.2"]
    plt.close(fig)
    # from off the line into the saddle, descent stalls only in the valley of minima
    # w1 w2 = 1, where no eigenvalue is negative: nothing to escape
    d = make_data(start=(1.5, 0.5))
    assert d.stall == -1 and not d.kicks.any()
    EscapeRenderer(d, width=480, height=240, dpi=40).render(0)
    plt.close("all")
