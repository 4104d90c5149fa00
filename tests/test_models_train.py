import numpy as np
import pytest
import torch

from landscape.datasets import spiral
from landscape.models import MLPSpec, build_mlp, flatten, n_params, param_layout, unflatten
from landscape.train import init_model, train


def test_spiral_shapes_classes_and_seed():
    X, y = spiral(3, 50, 0.2, seed=0)
    assert X.shape == (150, 2) and X.dtype == np.float32
    assert np.bincount(y).tolist() == [50, 50, 50]
    assert np.abs(X).max() <= 1.0 + 1e-6
    np.testing.assert_array_equal(X, spiral(3, 50, 0.2, seed=0)[0])
    assert not np.array_equal(X, spiral(3, 50, 0.2, seed=1)[0])
    # noise 0: the first point of each arm is the origin, the last lies on the unit circle
    X0, _ = spiral(3, 10, 0.0)
    np.testing.assert_allclose(np.linalg.norm(X0[9::10], axis=1), 1.0, atol=1e-6)


@pytest.mark.parametrize("depth,width,expected", [(0, 0, 9), (1, 5, 33), (10, 100, 91503)])
def test_parameter_counts(depth, width, expected):
    model = build_mlp(MLPSpec(2, 3, depth, width))
    assert n_params(param_layout(model)) == expected


def test_unflatten_round_trip_and_batches():
    model = build_mlp(MLPSpec(2, 3, 2, 4))
    flat = flatten(model)
    parts = unflatten(flat, param_layout(model))
    for name, p in model.named_parameters():
        torch.testing.assert_close(parts[name], p.detach())
    batch = unflatten(torch.stack([flat, 2 * flat]), param_layout(model))
    torch.testing.assert_close(batch["0.weight"][1], 2 * model[0].weight.detach())
    with pytest.raises(ValueError, match="layout needs"):
        unflatten(flat[:-1], param_layout(model))


def test_training_records_every_epoch_and_learns():
    X, y = spiral(3, 40, 0.2, seed=0)
    model = init_model(MLPSpec(2, 3, 1, 32), seed=0)
    run = train(model, X, y, optimizer="adam", lr=0.02, epochs=30, batch_size=20, seed=0)
    assert run["theta"].shape == (31, n_params(param_layout(model)))
    assert run["theta"].dtype == np.float32
    assert run["loss"].shape == run["acc"].shape == (31,)
    assert run["loss"][-1] < 0.7 * run["loss"][0]
    assert int(run["diverged_at"]) == -1
    np.testing.assert_array_equal(run["theta"][-1], flatten(model).numpy())


def test_training_is_deterministic_and_seeded():
    X, y = spiral(3, 20, 0.2, seed=0)
    spec = MLPSpec(2, 3, 2, 8)

    def run(seed):
        return train(init_model(spec, seed), X, y, epochs=5, batch_size=16, seed=seed)["theta"]

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))


def test_divergence_stops_and_is_recorded():
    X, y = spiral(3, 20, 0.2, seed=0)
    model = init_model(MLPSpec(2, 3, 3, 16), seed=0)
    run = train(model, X, y, optimizer="sgd", lr=1e6, epochs=20)
    k = int(run["diverged_at"])
    assert 1 <= k <= 20
    assert len(run["theta"]) == len(run["loss"]) == k  # epochs 0..k-1 recorded
    assert np.isfinite(run["loss"]).all()
