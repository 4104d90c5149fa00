"""Optimiser paths on the analytic surfaces, with torch's own optimisers."""

import numpy as np
import pytest

from landscape.methods import OPTIMIZERS
from landscape.paths import optimizer_path, padded_bounds, run_optimizers
from landscape.surfaces import get_surface

BOWL = get_surface("bowl")
LR = {"gd": 0.1, "momentum": 0.1, "nesterov": 0.1, "adam": 0.1, "rmsprop": 0.05,
      "noisy_gd": 0.1}


@pytest.mark.parametrize("method", OPTIMIZERS)
def test_every_optimizer_converges_to_the_bowl_minimum(method):
    path = optimizer_path(BOWL.fn, (-1.6, 1.4), method, LR[method], 300, noise=0.05, seed=0)
    assert path.shape == (301, 2) and np.isfinite(path).all()
    np.testing.assert_array_equal(path[0], (-1.6, 1.4))
    last = np.linalg.norm(path[-20:], axis=1).max()
    # noisy GD settles in a cloud of std lr*noise/sqrt(1-(1-2lr)^2) = 0.008 per axis
    assert last < (0.05 if method == "noisy_gd" else 1e-5)
    assert np.linalg.norm(path[-1]) < 0.01 * np.linalg.norm(path[0]) + 0.05


def test_gradient_descent_on_the_bowl_is_a_geometric_sequence():
    # w <- w - lr * 2w = (1 - 2 lr) w
    path = optimizer_path(BOWL.fn, (1.0, -2.0), "gd", 0.1, 10)
    expected = np.array([1.0, -2.0]) * 0.8 ** np.arange(11)[:, None]
    np.testing.assert_allclose(path, expected, rtol=1e-12)


def test_momentum_follows_the_heavy_ball_recursion():
    # torch's SGD momentum: v <- mu v + g, w <- w - lr v; on x^3: g = 3 w^2
    path = optimizer_path(get_surface("cubic").fn, (1.0,), "momentum", 0.01, 5, momentum=0.9)
    w, v, want = 1.0, 0.0, [1.0]
    for _ in range(5):
        v = 0.9 * v + 3 * w**2
        w = w - 0.01 * v
        want.append(w)
    np.testing.assert_allclose(path[:, 0], want, rtol=1e-12)


def test_noisy_gd_is_seeded_and_escapes_the_saddle_where_gd_stalls():
    saddle = get_surface("saddle")
    gd = optimizer_path(saddle.fn, (-1.8, 0.0), "gd", 0.1, 60)
    assert np.allclose(gd[-1], 0, atol=1e-4)  # on the ridge line w2 = 0 GD goes to the saddle
    a = optimizer_path(saddle.fn, (-1.8, 0.0), "noisy_gd", 0.1, 60, noise=0.1, seed=1)
    b = optimizer_path(saddle.fn, (-1.8, 0.0), "noisy_gd", 0.1, 60, noise=0.1, seed=1)
    c = optimizer_path(saddle.fn, (-1.8, 0.0), "noisy_gd", 0.1, 60, noise=0.1, seed=2)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert np.nanmax(np.abs(a[:, 1])) > 1.0  # it slid off the ridge


def test_paths_stop_when_they_leave_the_box():
    cubic = get_surface("cubic")
    lo, hi = padded_bounds(cubic.lo, cubic.hi)
    np.testing.assert_allclose([lo[0], hi[0]], [-3.0, 3.0])
    path = optimizer_path(cubic.fn, (-0.5,), "gd", 0.1, 50, bounds=(lo, hi))
    stop = np.flatnonzero(np.isnan(path[:, 0]))[0]
    assert np.all(np.isfinite(path[:stop])) and np.all(np.isnan(path[stop:]))
    assert path[stop - 1, 0] >= -3.0


def test_run_optimizers_orders_methods_and_scales_lr():
    run = run_optimizers(BOWL.fn, (1.0, 1.0), {"adam": {"lr": 0.1}, "gd": {"lr": 0.2}}, 5,
                         lr_scale=0.5)
    assert run["methods"].tolist() == ["gd", "adam"]
    np.testing.assert_allclose(run["lr"], [0.1, 0.05])
    assert run["path"].shape == (2, 6, 2) and run["loss"].shape == (2, 6)
    np.testing.assert_allclose(run["loss"], (run["path"] ** 2).sum(-1))
    assert run["stopped_at"].tolist() == [-1, -1]
    with pytest.raises(ValueError, match="method must be one of"):
        optimizer_path(BOWL.fn, (1.0, 1.0), "lbfgs", 0.1, 3)
