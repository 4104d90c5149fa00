"""Empirical versus expected risk in one weight: what we optimise is not what we care about.

The textbook example (Zhang et al., Dive into Deep Learning, section 12.1): the expected risk
R(x) = x cos(pi x), the loss over all the data there could be, is smooth; the empirical risk
R_emp(x) = R(x) + a cos(k pi x), the loss over the training set we have, adds the bumps of a
finite sample. Their minimisers differ, and the empirical risk has local minima of its own.
Both are functions of `(..., 1)` like the textbook surfaces (NumPy or torch, by their
argument), so their minima are found with the same Newton code (`critical.critical_points`).
"""

from __future__ import annotations

import math

import numpy as np

from .surfaces import Fn, array_module, evaluate

CURVES = ("empirical", "expected")


def expected_risk(x):
    """x cos(pi x), for `x` `(..., 1)`; returns `(...)`."""
    return x[..., 0] * array_module(x).cos(math.pi * x[..., 0])


def empirical_risk(wiggle: float = 0.2, frequency: float = 5.0) -> Fn:
    """The expected risk plus `wiggle` * cos(`frequency` * pi * x): the bumps of a finite
    training set."""

    def fn(x):
        return expected_risk(x) + wiggle * array_module(x).cos(frequency * math.pi * x[..., 0])

    return fn


def risk_functions(wiggle: float, frequency: float) -> dict[str, Fn]:
    """{"empirical": R_emp, "expected": R}."""
    return {"empirical": empirical_risk(wiggle, frequency), "expected": expected_risk}


def risk_curves(lo: float, hi: float, resolution: int, wiggle: float,
                frequency: float) -> dict[str, np.ndarray]:
    """Both risks at `resolution` points of [lo, hi]: x `(P,)`, empirical `(P,)`,
    expected `(P,)` float64."""
    x = np.linspace(lo, hi, resolution)
    return {"x": x, **{name: evaluate(fn, x[:, None])
                       for name, fn in risk_functions(wiggle, frequency).items()}}


def curve_minima(fn: Fn, lo: float, hi: float, starts: int = 200,
                 zero_tol: float = 1e-6) -> list[dict]:
    """The minima of a function of one weight on [lo, hi], lowest first: the local minima
    Newton's method finds from `starts` points (second derivative > 0), and an end of the
    interval where it is lower than all of them (a minimum on the boundary, not a critical
    point). Each is {x, value, curvature (second derivative; None at an end), where
    ("inside" or "end"), global (True for the lowest)}."""
    from .critical import critical_points  # imports torch: here, so the risk figure needs none

    points = critical_points(fn, (lo,), (hi,), starts, atol=zero_tol, rtol=zero_tol)
    minima = [{"x": p.position[0], "value": p.value, "curvature": p.eigenvalues[0],
               "where": "inside"} for p in points if p.kind == "minimum"]
    ends = evaluate(fn, np.array([[lo], [hi]]))
    for x, value in zip((lo, hi), ends, strict=True):
        if not minima or value < min(m["value"] for m in minima):
            minima.append({"x": float(x), "value": float(value), "curvature": None,
                           "where": "end"})
    minima.sort(key=lambda m: (m["value"], m["x"]))
    return [{**m, "global": i == 0} for i, m in enumerate(minima)]


def risk_minima(lo: float, hi: float, wiggle: float, frequency: float,
                starts: int = 200, zero_tol: float = 1e-6) -> dict:
    """The minima of both risks on [lo, hi] (`curve_minima`) and what the gap between their
    minimisers costs: `excess_risk` = R(argmin R_emp) - min R, the expected risk lost by
    minimising the empirical one (0 only if both minimisers coincide)."""
    fns = risk_functions(wiggle, frequency)
    minima = {name: curve_minima(fns[name], lo, hi, starts, zero_tol) for name in CURVES}
    best = {name: minima[name][0] for name in CURVES}
    at_empirical = float(evaluate(fns["expected"], np.array([best["empirical"]["x"]])))
    return {"minima": minima,
            "gap": best["empirical"]["x"] - best["expected"]["x"],
            "expected_at_empirical_minimum": at_empirical,
            "excess_risk": at_empirical - best["expected"]["value"]}


def minima_rows(result: dict) -> list[dict]:
    """One row per minimum of `risk_minima`'s result, for a table: curve, kind (global or
    local minimum, or the end of the interval), x, value, curvature."""
    rows = []
    for curve in CURVES:
        for m in result["minima"][curve]:
            kind = ("global" if m["global"] else "local") + " minimum"
            rows.append({"curve": curve, "kind": kind + (" (end)" if m["where"] == "end" else ""),
                         "x": m["x"], "value": m["value"], "curvature": m["curvature"]})
    return rows
