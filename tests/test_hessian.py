"""Hessian eigenvalues of network losses: products, Lanczos, dense spectrum, verdict."""

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from landscape.datasets import spiral
from landscape.escape import curvature_step
from landscape.hessian import (
    analyse,
    dense_hessian,
    hvp_operator,
    lanczos_extremes,
    loss_function,
    spectrum_fractions,
    verdict,
)
from landscape.models import MLPSpec, flatten
from landscape.train import init_model, train


@pytest.fixture(scope="module")
def small_net():
    """A 2-hidden-layer MLP (123 weights) trained a little on a small spiral."""
    X, y = spiral(3, 30, 0.2, seed=0)
    model = init_model(MLPSpec(2, 3, 2, 8), seed=0)
    run = train(model, X, y, optimizer="adam", lr=0.02, epochs=30, batch_size=30)
    return model, run["theta"][-1], X, y


def test_loss_function_is_the_training_loss(small_net):
    model, theta, X, y = small_net
    loss = loss_function(model, X, y)
    with torch.no_grad():
        want = F.cross_entropy(model(torch.as_tensor(X)), torch.as_tensor(y)).item()
    assert float(loss(torch.as_tensor(theta, dtype=torch.float64))) == pytest.approx(want,
                                                                                     rel=1e-6)
    l2 = loss_function(model, X, y, l2=0.1)
    t = torch.as_tensor(theta, dtype=torch.float64)
    assert float(l2(t) - loss(t)) == pytest.approx(0.05 * float(t @ t), rel=1e-12)


def test_hessian_vector_products_match_the_dense_hessian(small_net):
    model, theta, X, y = small_net
    loss = loss_function(model, X, y)
    h = dense_hessian(loss, theta).numpy()
    assert h.shape == (123, 123)
    np.testing.assert_allclose(h, h.T, atol=1e-12)
    v = np.random.default_rng(0).standard_normal(123)
    np.testing.assert_allclose(hvp_operator(loss, theta) @ v, h @ v, rtol=1e-9, atol=1e-12)


def test_lanczos_extremes_match_dense_eigendecomposition(small_net):
    model, theta, X, y = small_net
    loss = loss_function(model, X, y)
    exact = np.linalg.eigvalsh(dense_hessian(loss, theta).numpy())
    top, bottom = lanczos_extremes(hvp_operator(loss, theta), k=3)
    scale = np.abs(exact).max()
    np.testing.assert_allclose(top, exact[::-1][:3], rtol=1e-4, atol=1e-4 * scale)
    np.testing.assert_allclose(bottom, exact[:3], rtol=1e-4, atol=1e-4 * scale)
    assert exact[0] < 0 < exact[-1]  # a ReLU net after a little training: a saddle


def test_softmax_regression_is_convex_with_three_flat_directions():
    # Adding the same vector to every class's weights and bias leaves the softmax unchanged:
    # the Hessian of logistic regression on 2 inputs has a null space of dimension 2 + 1.
    X, y = spiral(3, 20, 0.2, seed=3)
    model = init_model(MLPSpec(2, 3, 0, 0), seed=0)
    r = analyse(model, flatten(model).numpy(), X, y, extremes=3)
    ev = r["spectrum"]
    assert len(ev) == 9 and r["method"] == "dense"
    assert np.sum(np.abs(ev) < 1e-12) == 3 and np.all(ev[3:] > 1e-4)
    assert r["verdict"] == "minimum"
    assert r["fractions"] == pytest.approx({"positive": 6 / 9, "negative": 0, "zero": 3 / 9})
    assert r["lanczos_vs_dense"] < 1e-8


def test_analyse_without_dense_spectrum_and_with_weight_decay(small_net):
    model, theta, X, y = small_net
    plain = analyse(model, theta, X, y, extremes=2, dense_max_params=10)
    assert plain["spectrum"] is None and plain["fractions"] is None
    assert plain["method"] == "lanczos" and plain["verdict"] == "saddle"
    assert plain["ratio"] == pytest.approx(abs(plain["lambda_min"] / plain["lambda_max"]))
    # L2 weight decay of 0.5 adds 0.5 to every eigenvalue
    decayed = analyse(model, theta, X, y, extremes=2, dense_max_params=10, l2=0.5)
    np.testing.assert_allclose(decayed["top"], plain["top"] + 0.5, rtol=1e-6)
    np.testing.assert_allclose(decayed["bottom"], plain["bottom"] + 0.5, rtol=1e-6)


def test_verdict_and_fractions():
    assert verdict(-1e-5, 1.0, rel_tol=1e-3, reference=1.0, flat_tol=1e-3) == "minimum"
    assert verdict(-0.01, 1.0, rel_tol=1e-3, reference=1.0, flat_tol=1e-3) == "saddle"
    assert verdict(-2.0, -0.5, rel_tol=1e-3, reference=1.0, flat_tol=1e-3) == "maximum"
    # tiny curvature everywhere, relative to the curvature at initialisation: flat
    assert verdict(-1e-7, 1e-6, rel_tol=1e-3, reference=10.0, flat_tol=1e-3) == "flat"
    # the same numbers without the reference point are a saddle: the test is relative
    assert verdict(-1e-7, 1e-6, rel_tol=1e-3, reference=1e-6, flat_tol=1e-3) == "saddle"
    # zero band: |lambda| <= 1e-4 * 5 = 5e-4, which holds -1e-5, 0 and 2e-4
    f = spectrum_fractions(np.array([-1.0, -1e-5, 0.0, 2e-4, 3.0, 5.0]), rel_tol=1e-4)
    assert f == pytest.approx({"positive": 2 / 6, "negative": 1 / 6, "zero": 3 / 6})


def test_saddle_escape_step_of_a_network_at_a_saddle():
    # A tanh net with every weight 0 on balanced classes is a saddle: the logits are 0, the
    # gradient is 0 (output bias: the mean of softmax - one-hot, 0 for balanced classes;
    # every other weight multiplies a zero), and the Hessian couples the first and second
    # layer's weights, so it has eigenvalues of both signs.
    X, y = spiral(2, 20, 0.2, seed=0)
    model = init_model(MLPSpec(2, 2, 1, 4, activation="tanh"), seed=0)
    theta = np.zeros(sum(p.numel() for p in model.parameters()))
    loss = loss_function(model, X, y)
    assert float(loss(torch.as_tensor(theta))) == pytest.approx(np.log(2))
    r = analyse(model, theta, X, y, extremes=2, escape_decrease=1e-3)
    assert r["grad_norm"] < 1e-12 and r["verdict"] == "saddle" and r["lambda_min"] < -0.01
    e = r["escape"]
    # the step: its curvature term is 1e-3 of the loss, |lambda_min| t^2 / 2 = 1e-3 ln 2
    assert e["lambda"] == pytest.approx(r["lambda_min"], rel=1e-8)
    assert 0.5 * abs(e["lambda"]) * e["step"] ** 2 == pytest.approx(1e-3 * np.log(2))
    assert e["slope"] == pytest.approx(0, abs=1e-12)
    # both signs lower the loss by about the second-order model's |lambda_min| t^2 / 2
    assert e["measured"]["+"] < 0 and e["measured"]["-"] < 0
    assert e["measured_change"] == pytest.approx(e["predicted_change"], rel=0.02)
    # and agree to second order: halving t cuts the model's error at least 6-fold (t^3)
    v = np.asarray(lanczos_extremes(hvp_operator(loss, theta), 1, lowest_vector=True)[2])
    errors = [abs(c["measured_change"] - c["predicted_change"])
              for c in (curvature_step(loss, theta, v, e["lambda"], t)
                        for t in (0.4, 0.2, 0.1))]
    assert errors[0] / errors[1] > 6 and errors[1] / errors[2] > 6


def test_no_escape_step_for_a_minimum():
    X, y = spiral(3, 20, 0.2, seed=3)
    model = init_model(MLPSpec(2, 3, 0, 0), seed=0)
    assert analyse(model, flatten(model).numpy(), X, y, extremes=3)["escape"] is None


def test_a_loss_that_underflowed_has_a_zero_hessian_and_a_flat_verdict():
    """Weights so large that every sample is classified with probability exactly 1 (as a
    diverged run leaves them): loss, gradient and Hessian are exactly 0 in float64. Lanczos
    must not fail on the zero operator, and the verdict is flat, not a crash."""
    X = np.array([[1.0, 0.0], [-1.0, 0.0]], dtype=np.float32)
    y = np.array([0, 1])
    model = init_model(MLPSpec(2, 2, 0, 0), seed=0)
    theta = np.array([1e4, 0.0, -1e4, 0.0, 0.0, 0.0])  # W (2, 2) then b (2,)
    top, bottom = lanczos_extremes(hvp_operator(loss_function(model, X, y), theta), 2)
    assert top.tolist() == bottom.tolist() == [0.0, 0.0]
    init = flatten(model).numpy()
    r = analyse(model, theta, X, y, theta_init=init, extremes=2, dense_max_params=0)
    assert r["loss"] == 0.0 and r["lambda_max"] == r["lambda_min"] == 0.0
    assert r["ratio"] == 0.0 and r["verdict"] == "flat" and r["escape"] is None
