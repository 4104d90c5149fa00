"""Critical points of the textbook surfaces, against answers worked out by hand."""

import math

import numpy as np
import pytest
import torch

from landscape.critical import classify, critical_points, describe, probe
from landscape.critical_table import summary_rows, table_columns, table_rows
from landscape.risk import risk_functions
from landscape.surfaces import SURFACES, SURFACES_3D, get_surface, surface_grid
from landscape.tables import to_csv


def points_of(name, per_axis=11):
    s = get_surface(name)
    return critical_points(s.fn, s.lo, s.hi, per_axis)


def test_bowl_has_one_minimum_with_eigenvalues_2_2():
    (p,) = points_of("bowl")
    assert p.kind == "minimum" and p.probe == "minimum"
    np.testing.assert_allclose(p.position, (0, 0), atol=1e-12)
    np.testing.assert_allclose(p.eigenvalues, (2, 2), rtol=1e-12)
    assert p.value == pytest.approx(0, abs=1e-20)


def test_saddle_has_eigenvalues_minus_2_and_2():
    (p,) = points_of("saddle")
    assert p.kind == "saddle" and p.probe == "saddle"
    np.testing.assert_allclose(p.position, (0, 0), atol=1e-12)
    np.testing.assert_allclose(p.eigenvalues, (-2, 2), rtol=1e-12)
    # eigenvectors: the w2 axis curves down, the w1 axis up
    np.testing.assert_allclose(np.abs(p.eigenvectors), [[0, 1], [1, 0]], atol=1e-12)


def test_valley_saddle_at_origin_and_degenerate_minima_on_the_hyperbola():
    s = get_surface("valley")
    # Hessian of (1 - w1 w2)^2 at 0 is [[0, -2], [-2, 0]]: eigenvalues -2 and 2.
    origin = describe(s.fn, np.zeros(2), probe_radius=0.01)
    np.testing.assert_allclose(origin.eigenvalues, (-2, 2), rtol=1e-12)
    assert origin.kind == "saddle"
    points = points_of("valley")
    saddles = [p for p in points if p.kind == "saddle"]
    assert len(saddles) == 1 and np.allclose(saddles[0].position, 0, atol=1e-12)
    valley = [p for p in points if p.kind != "saddle"]
    assert len(valley) > 10
    for p in valley:
        w1, w2 = p.position
        assert w1 * w2 == pytest.approx(1, abs=1e-9)  # on the curve w1 w2 = 1
        assert p.kind == "degenerate" and p.probe == "minimum"
        # at (a, 1/a) the Hessian [[2/a^2, 2], [2, 2a^2]] has eigenvalues 0 and 2(a^2 + 1/a^2)
        assert p.eigenvalues[0] == pytest.approx(0, abs=1e-9)
        assert p.eigenvalues[1] == pytest.approx(2 * (w1**2 + w2**2), rel=1e-9)


def test_xcos_global_minimum_near_1_1():
    points = points_of("xcos", per_axis=15)
    assert [p.kind for p in points] == ["minimum", "minimum", "maximum"]
    best = points[0]
    x = best.position[0]
    assert x == pytest.approx(1.1, abs=0.02)
    # f'(x) = cos(pi x) - pi x sin(pi x) vanishes there
    assert math.cos(math.pi * x) - math.pi * x * math.sin(math.pi * x) == pytest.approx(0,
                                                                                      abs=1e-9)
    assert best.value == pytest.approx(x * math.cos(math.pi * x))
    # the local minimum and the maximum between them are mirror images: f is odd
    assert points[1].position[0] == pytest.approx(-points[2].position[0], abs=1e-9)


def test_cosine_row_of_minima_and_saddles():
    points = points_of("cosine")
    minima = sorted(p.position[1] for p in points if p.kind == "minimum")
    saddles = [p.position[1] for p in points if p.kind == "saddle"]
    np.testing.assert_allclose(minima, [-math.pi, math.pi], atol=1e-10)
    np.testing.assert_allclose(saddles, [0], atol=1e-10)
    for p in points:  # Hessian diag(2, -cos w2)
        np.testing.assert_allclose(sorted(p.eigenvalues),
                                   sorted([2, -math.cos(p.position[1])]), atol=1e-10)


@pytest.mark.parametrize("name", ["monkey_saddle", "cubic"])
def test_degenerate_saddles(name):
    (p,) = points_of(name)
    assert p.kind == "degenerate" and p.probe == "saddle"
    np.testing.assert_allclose(p.eigenvalues, 0, atol=1e-9)


def test_tanh_has_no_critical_point():
    assert points_of("tanh") == []


def test_peaks_has_three_minima_three_maxima_three_saddles():
    kinds = [p.kind for p in points_of("peaks", per_axis=15)]
    assert sorted(kinds) == ["maximum"] * 3 + ["minimum"] * 3 + ["saddle"] * 3
    assert kinds[0] == "minimum"  # sorted by value: the global minimum first


def test_classify_and_probe():
    assert classify([1.0, 2.0]) == "minimum"
    assert classify([-1.0, -2.0]) == "maximum"
    assert classify([-1.0, 2.0]) == "saddle"
    assert classify([0.0, 2.0]) == "degenerate"
    assert classify([1e-9, 2.0]) == "degenerate"  # below atol + rtol * 2
    assert probe(lambda w: w[..., 0] ** 4, np.zeros(1), 0.1) == "minimum"
    assert probe(lambda w: -(w[..., 0] ** 4), np.zeros(1), 0.1) == "maximum"
    assert probe(lambda w: 0 * w[..., 0], np.zeros(1), 0.1) == "flat"


def test_newton_works_in_three_dimensions():
    def fn(w):
        return w[..., 0] ** 2 + 2 * w[..., 1] ** 2 - 3 * w[..., 2] ** 2 + w[..., 0] * w[..., 2]

    (p,) = critical_points(fn, (-1, -1, -1), (1, 1, 1), per_axis=3)
    hess = np.array([[2, 0, 1], [0, 4, 0], [1, 0, -6]], dtype=float)
    np.testing.assert_allclose(p.eigenvalues, np.linalg.eigvalsh(hess), rtol=1e-12)
    assert p.kind == "saddle"
    v = np.array(p.eigenvectors[0])  # the direction of negative curvature
    np.testing.assert_allclose(hess @ v, p.eigenvalues[0] * v, atol=1e-12)


def test_summary_collapses_a_curve_of_points():
    s = get_surface("valley")
    points = [p.to_dict() for p in critical_points(s.fn, s.lo, s.hi, 11)]
    rows = summary_rows("valley", points)
    assert len(rows) == 2
    curve = next(r for r in rows if r["kind"] == "degenerate (minimum)")
    assert curve["where"].startswith(f"{len(points) - 1} points in ")


def test_surfaces_evaluate_on_grids_and_batches():
    for s in SURFACES.values():
        axes, z = surface_grid(s, 9)
        assert z.shape == (9,) * s.dim and np.isfinite(z).all()
        start = torch.tensor(s.start, dtype=torch.float64)
        assert s.fn(start).shape == ()
    axes, z = surface_grid(get_surface("saddle"), 5)
    assert z[0, 2] == pytest.approx(-4.0)  # rows index w2: (w1, w2) = (0, -2)
    with pytest.raises(ValueError, match="unknown surface"):
        get_surface("nope")


@pytest.mark.parametrize("name", [*SURFACES, *SURFACES_3D, "risk-empirical", "risk-expected"])
def test_numpy_and_torch_give_the_same_surface(name):
    # One definition serves both: NumPy for the drawing jobs, torch for autograd.
    if name.startswith("risk-"):
        fn, lo, hi = risk_functions(0.2, 5.0)[name[5:]], (-1.0,), (2.0,)
    else:
        s = SURFACES.get(name) or SURFACES_3D[name]
        fn, lo, hi = s.fn, s.lo, s.hi
    w = np.random.default_rng(0).uniform(lo, hi, size=(50, len(lo)))
    via_numpy = fn(w)
    assert isinstance(via_numpy, np.ndarray) and via_numpy.dtype == np.float64
    np.testing.assert_allclose(via_numpy, fn(torch.from_numpy(w)).numpy(), rtol=1e-12,
                               atol=1e-12)


def test_table_of_1d_points_among_2d_ones():
    xcos = get_surface("xcos")
    points = [p.to_dict() for p in critical_points(xcos.fn, xcos.lo, xcos.hi, 15)]
    csv = to_csv(table_rows("xcos", points, dim=2), table_columns(2)).splitlines()
    assert csv[0] == "surface,index,kind,probe,value,grad_norm,w1,w2,lambda1,lambda2"
    cells = csv[1].split(",")
    assert cells[:4] == ["xcos", "0", "minimum", "minimum"]
    assert float(cells[6]) == pytest.approx(1.0904, abs=1e-4) and cells[7] == ""
    assert float(cells[8]) > 0 and cells[9] == ""
