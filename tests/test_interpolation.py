import numpy as np
import pytest
from test_grid import direct_loss

from landscape.datasets import spiral
from landscape.interpolation import line_alphas, line_barrier, line_loss, plane_path_loss
from landscape.models import MLPSpec
from landscape.train import init_model, train


def test_line_alphas_include_both_ends_exactly():
    np.testing.assert_allclose(line_alphas(5, 0.25),
                               [-0.25, 0.0, 0.125, 0.5, 0.875, 1.0, 1.25])
    no_margin = line_alphas(11, 0.0)
    assert len(no_margin) == 11 and no_margin[0] == 0.0 and no_margin[-1] == 1.0


def test_line_barrier():
    alphas = np.array([-0.5, 0.0, 0.5, 1.0, 1.5])
    # Rises to 3 between ends at 1 and 0.5: a barrier of 3 - 1 = 2. Outside [0, 1] is ignored.
    assert line_barrier(alphas, np.array([9.0, 1.0, 3.0, 0.5, 7.0])) == 2.0
    assert line_barrier(alphas, np.array([9.0, 1.0, 0.7, 0.5, 7.0])) == 0.0


def test_straight_line_of_logistic_regression():
    X, y = spiral(3, 30, 0.2, seed=0)
    spec = MLPSpec(2, 3, 0, 0)
    model = init_model(spec, seed=0)
    theta1 = train(model, X, y, optimizer="adam", lr=0.05, epochs=20)["theta"][-1]
    theta0 = np.zeros_like(theta1)  # all logits 0: the loss is ln 3 whatever the data
    alphas = np.array([0.0, 0.5, 1.0])
    loss, acc = line_loss(model, theta0, theta1, alphas, X, y)
    assert loss[0] == pytest.approx(np.log(3), rel=1e-6)
    for k, alpha in enumerate(alphas):
        want_loss, want_acc = direct_loss(spec, (alpha * theta1).astype(np.float32), X, y)
        assert loss[k] == pytest.approx(want_loss, rel=1e-5)
        assert acc[k] == pytest.approx(want_acc)
    # Cross-entropy of a linear model is convex in its weights: no barrier on the line.
    fine = line_alphas(41, 0.0)
    assert line_barrier(fine, line_loss(model, theta0, theta1, fine, X, y)[0]) == 0.0


def test_plane_path_loss_of_a_path_inside_the_plane():
    """Weights that lie in the plane are reproduced exactly by their coordinates."""
    X, y = spiral(3, 20, 0.2, seed=1)
    spec = MLPSpec(2, 3, 1, 6)
    model = init_model(spec, seed=1)
    n = sum(p.numel() for p in model.parameters())
    rng = np.random.default_rng(0)
    center = rng.standard_normal(n)
    dirs, _ = np.linalg.qr(rng.standard_normal((n, 2)))
    dirs = dirs.T  # (2, n) orthonormal
    path = np.array([[-1.0, 0.5], [-0.5, 0.2], [0.0, 0.0]])
    loss, acc = plane_path_loss(model, center, dirs, path, X, y, budget_bytes=1)
    for t in range(len(path)):
        theta = (center + path[t] @ dirs).astype(np.float32)
        want_loss, want_acc = direct_loss(spec, theta, X, y)
        assert loss[t] == pytest.approx(want_loss, rel=1e-5)
        assert acc[t] == pytest.approx(want_acc)
