"""Empirical versus expected risk: their minima, against a dense grid."""

import math

import numpy as np
import pytest
import torch

from landscape.risk import (
    curve_minima,
    empirical_risk,
    expected_risk,
    minima_rows,
    risk_curves,
    risk_minima,
)


def grid_minimum(f, lo=-1.0, hi=2.0, n=3_000_001):
    x = np.linspace(lo, hi, n)
    y = f(x)
    return x[np.argmin(y)], y.min()


def test_the_curves():
    c = risk_curves(-1, 2, 7, wiggle=0.2, frequency=5)
    np.testing.assert_allclose(c["x"], [-1, -0.5, 0, 0.5, 1, 1.5, 2])
    np.testing.assert_allclose(c["expected"], c["x"] * np.cos(np.pi * c["x"]), atol=1e-15)
    # cos(5 pi x) is -1 at odd x, +1 at even x, 0 at half-integers
    np.testing.assert_allclose(c["empirical"] - c["expected"],
                               [-0.2, 0, 0.2, 0, -0.2, 0, 0.2], atol=1e-15)


def test_global_minima_where_they_should_be():
    result = risk_minima(-1, 2, wiggle=0.2, frequency=5)
    expected = result["minima"]["expected"][0]
    empirical = result["minima"]["empirical"][0]
    assert expected["global"] and empirical["global"]
    # x cos(pi x) on [-1, 2]: its derivative cos(pi x) - pi x sin(pi x) vanishes at 1.0904
    assert expected["x"] == pytest.approx(1.0904, abs=1e-4)
    assert expected["value"] == pytest.approx(-1.0467, abs=1e-4)
    x = torch.tensor([expected["x"]], dtype=torch.float64, requires_grad=True)
    expected_risk(x).backward()
    assert float(x.grad) == pytest.approx(0, abs=1e-10)
    # the empirical risk, independently: a dense grid (spacing 1e-6)
    x_grid, v_grid = grid_minimum(
        lambda x: x * np.cos(np.pi * x) + 0.2 * np.cos(5 * np.pi * x))
    assert empirical["x"] == pytest.approx(x_grid, abs=2e-6)
    assert empirical["value"] == pytest.approx(v_grid, abs=1e-10)
    assert 1.0 < empirical["x"] < 1.05  # pulled from 1.09 towards the bump's bottom at 1
    # the expected risk at the empirical minimiser is above the best expected risk
    at = x_grid * math.cos(math.pi * x_grid)
    assert result["excess_risk"] == pytest.approx(at - expected["value"], abs=1e-6)
    assert result["excess_risk"] > 0.005
    assert result["gap"] == pytest.approx(x_grid - 1.0904, abs=1e-4)


def test_local_minima():
    result = risk_minima(-1, 2, wiggle=0.2, frequency=5)
    expected = result["minima"]["expected"]
    # x cos(pi x) has one more minimum, at -0.2739 (value -0.1786)
    assert [round(m["x"], 4) for m in expected] == [1.0904, -0.2739]
    assert [m["global"] for m in expected] == [True, False]
    # the bumps of period 0.4 give the empirical risk a minimum near each trough of
    # cos(5 pi x), at odd multiples of 0.2 (between -1 and 2: -0.6 ... 1.8)
    empirical = result["minima"]["empirical"]
    assert len(empirical) >= 6
    xs = np.array([m["x"] for m in empirical])
    fn = empirical_risk(0.2, 5)
    for x in xs:
        t = torch.tensor([x], dtype=torch.float64, requires_grad=True)
        fn(t).backward()
        assert float(t.grad) == pytest.approx(0, abs=1e-8)
    assert all(m["curvature"] > 0 for m in empirical)
    rows = minima_rows(result)
    assert [r["kind"] for r in rows[:1]] == ["global minimum"]
    assert len(rows) == len(empirical) + len(expected)


def test_minimum_at_the_end_of_the_interval():
    # on [1.5, 2] x cos(pi x) only rises from its left end (the minimum 1.09 lies left of it)
    (m,) = curve_minima(expected_risk, 1.5, 2.0, starts=20)
    assert m == {"x": 1.5, "value": pytest.approx(0, abs=1e-15), "curvature": None,
                 "where": "end", "global": True}
