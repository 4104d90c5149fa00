"""Escaping a saddle on the textbook surfaces: numbers worked out by hand."""

import math

import numpy as np
import pytest
import torch

from landscape.escape import (
    curvature_step,
    escape_runs,
    escape_step,
    first_exit,
    kicked_path,
    lowest_curvature,
    random_step,
    saddle_near,
    stall_index,
    step_for_decrease,
)
from landscape.paths import optimizer_path, padded_bounds
from landscape.surfaces import get_surface


def test_escape_step_on_the_valley_points_along_the_diagonal():
    # (1 - w1 w2)^2 at 0: value 1, gradient 0, Hessian [[0, -2], [-2, 0]] with eigenvalue -2
    # along (1, 1)/sqrt(2). A step of length t there gives (1 - t^2/2)^2 = 1 - t^2 + t^4/4.
    fn = get_surface("valley").fn
    step, info = escape_step(fn, np.zeros(2), 0.2)
    assert np.linalg.norm(step) == pytest.approx(0.2)
    direction = step / 0.2
    assert abs(direction @ np.array([1, 1]) / math.sqrt(2)) == pytest.approx(1, abs=1e-12)
    assert info["lambda"] == pytest.approx(-2)
    assert info["slope"] == pytest.approx(0, abs=1e-15)
    after = float(fn(torch.as_tensor(step)))
    assert after == pytest.approx(1 - 0.04 + 0.0004, abs=1e-12) and after < 1
    assert info["measured_change"] == pytest.approx(-0.04 + 0.0004, abs=1e-12)
    assert info["predicted_change"] == pytest.approx(-0.04)  # -|lambda| t^2 / 2
    assert info["curvature_change"] == pytest.approx(-0.04)


def test_escape_step_on_the_saddle_points_along_w2():
    # w1^2 - w2^2: Hessian diag(2, -2), so the way down is the w2 axis; exactly quadratic,
    # so the model is exact: -t^2 for both signs.
    fn = get_surface("saddle").fn
    step, info = escape_step(fn, np.zeros(2), 0.3)
    np.testing.assert_allclose(np.abs(step), [0, 0.3], atol=1e-12)
    assert info["measured"] == pytest.approx({"+": -0.09, "-": -0.09})
    assert info["predicted"] == pytest.approx({"+": -0.09, "-": -0.09})
    lam, v = lowest_curvature(fn, np.zeros(2))
    assert lam == pytest.approx(-2) and v.tolist() == pytest.approx([0, 1])


def test_no_escape_step_at_a_minimum():
    step, info = escape_step(get_surface("bowl").fn, np.zeros(2), 0.1)
    assert info["lambda"] == pytest.approx(2) and not step.any()


def test_curvature_step_picks_the_sign_that_goes_down_the_slope():
    # f(x) = x - x^2 at 0: slope 1, curvature -2; a step of 0.1 each way: -0.11 or +0.09.
    def fn(x):
        return x[..., 0] - x[..., 0] ** 2

    info = curvature_step(fn, np.zeros(1), np.ones(1), -2.0, 0.1)
    assert info["sign"] == -1 and info["slope"] == pytest.approx(1)
    assert info["measured"] == pytest.approx({"+": 0.09, "-": -0.11})
    assert info["measured_change"] == pytest.approx(info["predicted_change"]) == -0.11


def test_step_for_decrease():
    # |lambda| t^2 / 2 = fraction * value: t = sqrt(2 * 0.01 * 0.5 / 4) = 0.05
    assert step_for_decrease(0.5, -4.0, 0.01) == pytest.approx(0.05)


def test_random_step_is_seeded_and_has_the_length_asked():
    a, b = random_step(2, 0.3, seed=1), random_step(2, 0.3, seed=1)
    np.testing.assert_array_equal(a, b)
    assert np.linalg.norm(a) == pytest.approx(0.3)
    assert not np.array_equal(a, random_step(2, 0.3, seed=2))


def test_gradient_descent_on_the_ridge_stalls_at_the_saddle():
    # w1^2 - w2^2 from (1.5, 0) with lr 0.1: w1 <- 0.8 w1, w2 stays 0; |grad| = 3 * 0.8^k
    # drops below 0.01 first at k = 26 (3 * 0.8^26 = 0.0090).
    fn = get_surface("saddle").fn
    path = optimizer_path(fn, (1.5, 0.0), "gd", 0.1, 40)
    np.testing.assert_allclose(path[:, 0], 1.5 * 0.8 ** np.arange(41), rtol=1e-12)
    assert stall_index(fn, path, 0.01) == 26
    assert stall_index(fn, path, 1e-12) == -1
    kicked = kicked_path(fn, path, 26, np.array([0.0, 0.1]), 0.1)
    assert kicked.shape == path.shape
    np.testing.assert_array_equal(kicked[:27], path[:27])
    assert kicked[27].tolist() == pytest.approx([1.5 * 0.8**26, 0.1])
    assert kicked[28, 1] == pytest.approx(0.12)  # w2 <- 1.2 w2: away from the saddle


def test_escape_runs_on_the_valley():
    s = get_surface("valley")
    run = escape_runs(s.fn, (-1.2, 1.2), lr=0.1, steps=80, stall_tol=0.01, step=0.2,
                      perturbation=0.2, seed=0, bounds=padded_bounds(s.lo, s.hi))
    k = run["stall"]
    assert run["path"].shape == (3, 81, 2) and k > 0
    gd, eig, rnd = run["path"]
    # on the line w1 = -w2 gradient descent runs into the saddle and stays there
    np.testing.assert_allclose(gd[:, 0], -gd[:, 1], atol=1e-12)
    assert np.linalg.norm(gd[-1]) < 1e-3
    # the escape step is along +-(1, 1)/sqrt(2) and lowers the loss at once
    np.testing.assert_allclose(np.abs(run["kicks"][1]), [0.2 / math.sqrt(2)] * 2, atol=1e-3)
    assert run["loss"][1, k + 1] < run["loss"][1, k]
    assert np.linalg.norm(run["kicks"][2]) == pytest.approx(0.2)
    # after it, descent reaches the valley w1 w2 = 1 (loss ~ 0); GD alone is still at 1
    assert run["loss"][1, -1] < 1e-6 and run["loss"][0, -1] == pytest.approx(1, abs=1e-4)
    # the eigenvector step leaves the saddle's neighbourhood 20 steps before the random one,
    # which this seed points mostly along the direction of positive curvature, (1, -1)
    out = [first_exit(p, (0, 0), 0.5, after=k) for p in run["path"]]
    assert k == 24 and out == [-1, 31, 51]


def test_first_exit():
    path = np.array([[0.0, 0], [0.1, 0], [0.6, 0], [0.1, 0], [np.nan, np.nan]])
    assert first_exit(path, (0, 0), 0.5) == 2
    assert first_exit(path, (0, 0), 0.5, after=2) == 4  # a stopped path has left
    assert first_exit(path[:2], (0, 0), 0.5) == -1


def test_saddle_near_a_stalled_point():
    p = saddle_near(get_surface("valley").fn, np.array([-0.003, 0.003]))
    np.testing.assert_allclose(p.position, [0, 0], atol=1e-12)
    assert p.kind == "saddle" and p.eigenvalues == pytest.approx((-2, 2))
