import numpy as np
import pytest
import torch
from torch.nn import functional as F

from landscape.datasets import spiral
from landscape.directions import pca_directions, project
from landscape.grid import (
    PlaneNet,
    batched_loss,
    grid_axes,
    loss_grid,
    loss_grids,
    min_halfwidth,
    plane_loss,
    plane_losses,
)
from landscape.models import MLPSpec, build_mlp, flatten, param_layout, unflatten
from landscape.split import split_dataset
from landscape.train import init_model, train


def direct_loss(spec, theta, X, y):
    """The obvious way: a model loaded with exactly these weights, one forward pass."""
    model = build_mlp(spec)
    model.load_state_dict(unflatten(torch.as_tensor(theta), param_layout(model)))
    with torch.no_grad():
        logits = model(torch.as_tensor(X))
    return F.cross_entropy(logits, torch.as_tensor(y)).item(), \
        (logits.argmax(1) == torch.as_tensor(y)).float().mean().item()


@pytest.mark.parametrize("depth,width,activation,residual", [
    (0, 0, "relu", False), (2, 16, "relu", False), (4, 8, "tanh", True), (3, 8, "gelu", True)])
def test_grid_matches_direct_forward(depth, width, activation, residual):
    X, y = spiral(3, 40, 0.2, seed=0)
    spec = MLPSpec(2, 3, depth, width, activation, residual)
    model = init_model(spec, seed=0)
    run = train(model, X, y, optimizer="adam", lr=0.02, epochs=15, batch_size=30)
    theta = run["theta"]
    dirs, _ = pca_directions(theta)
    center = theta[-1]
    a, b = grid_axes(project(theta, center, dirs), 7, 0.3)
    loss, acc = loss_grid(model, center, dirs, a, b, X, y, budget_bytes=200_000)
    assert loss.shape == acc.shape == (len(b), len(a))
    for j, i in [(0, 0), (3, 5), (6, 2), (2, 6)]:
        point = center + a[i] * dirs[0] + b[j] * dirs[1]
        want_loss, want_acc = direct_loss(spec, point.astype(np.float32), X, y)
        assert loss[j, i] == pytest.approx(want_loss, rel=1e-5, abs=1e-6)
        assert acc[j, i] == pytest.approx(want_acc)
    # The centre of the plane is the final weights: its loss is the final training loss.
    final, _ = loss_grid(model, center, dirs, np.array([0.0]), np.array([0.0]), X, y)
    assert final[0, 0] == pytest.approx(run["loss"][-1], rel=1e-5)


@pytest.mark.parametrize("depth,width,residual", [(0, 0, False), (3, 16, False),
                                                   (3, 8, True)])
def test_train_and_test_grids_match_direct_evaluation(depth, width, residual):
    """One pass over both sets: at a = b = 0 (the centre, the final weights) the test grid
    is the trained model evaluated on the held-out split, the training grid the model on the
    training split; elsewhere both are the model at those weights on each split."""
    parts = split_dataset({"kind": "spiral", "classes": 3, "points_per_class": 40,
                           "noise": 0.2, "test_fraction": 0.25}, seed=0)
    X, y, X_test, y_test = parts["X"], parts["y"], parts["X_test"], parts["y_test"]
    spec = MLPSpec(2, 3, depth, width, "relu", residual)
    model = init_model(spec, seed=0)
    run = train(model, X, y, optimizer="adam", lr=0.02, epochs=15, batch_size=30,
                X_test=X_test, y_test=y_test)
    theta = run["theta"]
    dirs, _ = pca_directions(theta)
    center = theta[-1]
    a, b = grid_axes(project(theta, center, dirs), 8, 0.3)
    a, b = np.union1d(a, 0.0), np.union1d(b, 0.0)  # the centre exactly on the grid
    i0, j0 = int(np.flatnonzero(a == 0)[0]), int(np.flatnonzero(b == 0)[0])
    (loss, acc), (test_loss, test_acc) = loss_grids(model, center, dirs, a, b,
                                                    [(X, y), (X_test, y_test)],
                                                    budget_bytes=300_000)
    assert loss.shape == test_loss.shape == test_acc.shape == (len(b), len(a))
    with torch.no_grad():  # the trained model itself, its final weights
        logits = model(torch.as_tensor(X_test))
    want = F.cross_entropy(logits, torch.as_tensor(y_test)).item()
    assert test_loss[j0, i0] == pytest.approx(want, abs=1e-5)
    assert test_loss[j0, i0] == pytest.approx(run["test_loss"][-1], abs=1e-5)
    assert test_acc[j0, i0] == pytest.approx(run["test_acc"][-1], abs=1e-6)
    assert loss[j0, i0] == pytest.approx(direct_loss(spec, center, X, y)[0], abs=1e-5)
    assert loss[j0, i0] == pytest.approx(run["loss"][-1], abs=1e-5)
    for j, i in [(0, 0), (2, 6), (7, 3)]:
        point = (center + a[i] * dirs[0] + b[j] * dirs[1]).astype(np.float32)
        for grid, grid_acc, (Xs, ys) in [(loss, acc, (X, y)),
                                         (test_loss, test_acc, (X_test, y_test))]:
            want_loss, want_acc = direct_loss(spec, point, Xs, ys)
            assert grid[j, i] == pytest.approx(want_loss, rel=1e-5, abs=1e-6)
            assert grid_acc[j, i] == pytest.approx(want_acc, abs=1e-6)
    # the same numbers as one set at a time
    alone, _ = loss_grid(model, center, dirs, a, b, X_test, y_test)
    np.testing.assert_allclose(test_loss, alone, rtol=1e-5, atol=1e-6)
    # the held-out loss differs from the training loss: they are different data
    assert abs(test_loss[j0, i0] - loss[j0, i0]) > 1e-3


def test_sets_in_one_pass_on_the_vmap_path():
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Dropout(0.0),
                                torch.nn.Linear(4, 3))
    assert not PlaneNet.supports(model)
    X, y = spiral(3, 10, 0.2, seed=0)
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    n = sum(p.numel() for p in model.parameters())
    gen = torch.Generator().manual_seed(0)
    dirs, coords = torch.randn(2, n, generator=gen), torch.rand(5, 2, generator=gen)
    (l1, a1), (l2, a2) = plane_losses(model, flatten(model), dirs, coords,
                                      [(Xt[:17], yt[:17]), (Xt[17:], yt[17:])],
                                      budget_bytes=2_000)
    for (loss, acc), sl in [((l1, a1), np.s_[:17]), ((l2, a2), np.s_[17:])]:
        want_loss, want_acc = batched_loss(model, flatten(model) + coords @ dirs, Xt[sl],
                                           yt[sl])
        torch.testing.assert_close(loss, want_loss)
        torch.testing.assert_close(acc, want_acc)


def test_chunking_does_not_change_results():
    X, y = spiral(3, 20, 0.2, seed=1)
    model = init_model(MLPSpec(2, 3, 1, 8), seed=1)
    n = sum(p.numel() for p in model.parameters())
    rng = np.random.default_rng(0)
    center, dirs = rng.standard_normal(n), rng.standard_normal((2, n))
    a = b = np.linspace(-1, 1, 9)
    big, _ = loss_grid(model, center, dirs, a, b, X, y)
    small, _ = loss_grid(model, center, dirs, a, b, X, y, budget_bytes=1)  # one point a chunk
    np.testing.assert_allclose(small, big, rtol=1e-6)


def test_grid_axes_cover_the_path_with_margin():
    path = np.array([[-4.0, -1.0], [-1.0, 0.5], [0.0, 0.0]])
    a, b = grid_axes(path, 5, 0.25)
    assert (a[0], a[-1]) == (-5.0, 1.0)  # span 4, pad 1
    assert (b[0], b[-1]) == (-2.0, 1.5)  # the shorter axis gets the same pad
    a, b = grid_axes(np.zeros((3, 2)), 5, 0.25)  # a path that never moves
    assert a[0] < 0 < a[-1] and b[0] < 0 < b[-1]


def test_grid_axes_of_a_path_that_barely_moves():
    center = np.full(100, 0.6)  # norm 6
    assert min_halfwidth(center) == pytest.approx(0.3)
    moving = np.array([[-4.0, -1.0], [0.0, 0.0]])
    assert np.array_equal(grid_axes(moving, 5, 0.25, 0.3)[0], grid_axes(moving, 5, 0.25)[0])
    for size in (0.0, 1e-8):  # no motion, and motion far below the plot's resolution
        path = np.array([[-size, size / 3], [0.0, 0.0]])
        a, b = grid_axes(path, 5, 0.25, min_halfwidth(center))
        # the longer axis spans 2 * 0.3 around the path; both get the same pad
        assert a[-1] - a[0] == pytest.approx(0.6)
        assert b[-1] - b[0] == pytest.approx(0.6 - size + size / 3)
        assert a[0] < -size and a[-1] > 0
    with pytest.raises(ValueError, match="non-finite"):
        grid_axes(np.array([[np.nan, 0.0], [0.0, 0.0]]), 5, 0.25)


@pytest.mark.parametrize("epochs,lr", [(0, 0.02), (10, 1e-9)])
def test_a_path_that_barely_moves_gets_a_readable_landscape(epochs, lr):
    """No motion (no epoch recorded after the initial weights) and motion of about 1e-8: the
    plane and the window still show the landscape around the weights."""
    X, y = spiral(3, 30, 0.2, seed=0)
    model = init_model(MLPSpec(2, 3, 2, 8), seed=0)
    theta = train(model, X, y, optimizer="sgd", lr=lr, epochs=max(epochs, 1))["theta"]
    theta = theta[: epochs + 1]
    dirs, _ = pca_directions(theta)
    center = theta[-1]
    path = project(theta, center, dirs)
    assert np.ptp(path) < 1e-6
    a, b = grid_axes(path, 9, 0.25, min_halfwidth(center))
    loss, _ = loss_grid(model, center, dirs, a, b, X, y)
    assert np.isfinite(loss).all()
    assert np.ptp(loss) > 1e-3 * loss.min()  # not a flat, empty contour plot


@pytest.mark.parametrize("depth,width,activation,residual", [
    (0, 0, "relu", False), (1, 12, "relu", False), (6, 3, "sigmoid", False),
    (3, 6, "tanh", True)])
def test_plane_path_equals_vmap_over_explicit_weights(depth, width, activation, residual):
    """The plane-factored evaluation (PlaneNet) against vmap(functional_call) on weight
    vectors built point by point, on a random plane far from any trained weights."""
    X, y = spiral(3, 25, 0.2, seed=2)
    model = init_model(MLPSpec(2, 3, depth, width, activation, residual), seed=2)
    assert PlaneNet.supports(model)
    n = sum(p.numel() for p in model.parameters())
    gen = torch.Generator().manual_seed(0)
    center, dirs = torch.randn(n, generator=gen), torch.randn(2, n, generator=gen)
    coords = 2 * torch.rand(37, 2, generator=gen) - 1
    Xt, yt = torch.as_tensor(X), torch.as_tensor(y)
    loss, acc = plane_loss(model, center, dirs, coords, Xt, yt, budget_bytes=50_000)
    want_loss, want_acc = batched_loss(model, center + coords @ dirs, Xt, yt)
    torch.testing.assert_close(loss, want_loss, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(acc, want_acc)


def test_other_modules_fall_back_to_vmap():
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Dropout(0.0),
                                torch.nn.Linear(4, 3))
    assert not PlaneNet.supports(model)
    X, y = spiral(3, 10, 0.2, seed=0)
    n = sum(p.numel() for p in model.parameters())
    dirs = torch.randn(2, n)
    loss, _ = plane_loss(model, flatten(model), dirs, torch.zeros(1, 2), torch.as_tensor(X),
                         torch.as_tensor(y))
    with torch.no_grad():
        want = F.cross_entropy(model(torch.as_tensor(X)), torch.as_tensor(y))
    assert loss.item() == pytest.approx(want.item(), rel=1e-6)
