"""Slices of surfaces of three weights, and their tracked minimum."""

import math

import numpy as np
import pytest

from landscape.slices import slice_grid, slice_minima, slice_sweep
from landscape.surfaces import SURFACES_3D, get_surface_3d

AXIS = np.linspace(-2, 2, 41)


def minimum_of(surface, axis, w3):
    values = np.stack([slice_grid(surface.fn, axis, axis, z) for z in w3])
    return slice_minima(surface.fn, axis, axis, np.array(w3), values)


def test_slice_of_bowl_plus_sine_at_zero_is_the_bowl():
    s = get_surface_3d("bowl_sin")
    values = slice_grid(s.fn, AXIS, AXIS[:21], 0.0)
    assert values.shape == (21, 41)  # rows index w2
    w2, w1 = np.meshgrid(AXIS[:21], AXIS, indexing="ij")
    np.testing.assert_allclose(values, w1**2 + w2**2, rtol=0, atol=1e-15)
    # and at w3 = pi/2 it is the same bowl lifted by sin(pi/2) = 1
    np.testing.assert_allclose(slice_grid(s.fn, AXIS, AXIS, math.pi / 2),
                               slice_grid(s.fn, AXIS, AXIS, 0.0) + 1, atol=1e-14)


def test_tracked_minimum_of_the_orbit_is_sin_cos():
    # (w1 - sin w3)^2 + (w2 - cos w3)^2: each slice's minimum is (sin w3, cos w3), value 0,
    # off the grid's points (spacing 0.1): Newton's refinement finds it exactly.
    s = get_surface_3d("orbit")
    w3 = np.linspace(0, 2 * np.pi, 13)
    sweep = slice_sweep(s.fn, AXIS, AXIS, w3)
    assert sweep["values"].shape == (13, 41, 41)
    np.testing.assert_allclose(sweep["minimum"], np.stack([np.sin(w3), np.cos(w3)], 1),
                               atol=1e-10)
    np.testing.assert_allclose(sweep["min_value"], 0, atol=1e-20)


def test_minimum_of_the_double_well_jumps_at_zero():
    # (w1^2 - 1)^2 + (w2 - w1/2)^2 + w1 w3 / 2: for w3 > 0 the well at w1 < 0 is the deeper
    s = get_surface_3d("double_well")
    (left, right), (value, _) = minimum_of(s, AXIS, [0.5, -0.5])
    assert left[0] < -0.9 and right[0] > 0.9
    assert left[1] == pytest.approx(left[0] / 2)  # w2 = w1 / 2 at the bottom of a slice
    # the bottom solves 4 w1^3 - 4 w1 + w3/2 = 0 with w2 = w1/2
    assert 4 * left[0] ** 3 - 4 * left[0] + 0.25 == pytest.approx(0, abs=1e-10)
    assert value < 0


def test_minimum_outside_the_box_stays_on_its_edge():
    # the bowl's minimum (0, 0) lies outside [0.5, 2]^2: the lowest point is the corner
    s = get_surface_3d("bowl_sin")
    axis = np.linspace(0.5, 2, 16)
    (point,), (value,) = minimum_of(s, axis, [0.0])
    assert point.tolist() == [0.5, 0.5] and value == pytest.approx(0.5)


def test_every_three_weight_surface_evaluates():
    for s in SURFACES_3D.values():
        assert s.dim == 3
        sweep = slice_sweep(s.fn, AXIS[::4], AXIS[::4], np.linspace(s.lo[2], s.hi[2], 3))
        assert np.isfinite(sweep["values"]).all()
