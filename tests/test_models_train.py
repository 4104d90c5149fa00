import numpy as np
import pytest
import torch

from landscape.datasets import spiral
from landscape.models import (
    MLPSpec,
    build_mlp,
    flatten,
    n_params,
    param_layout,
    spec_from_json,
    spec_to_json,
    unflatten,
)
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


def test_training_records_the_held_out_loss_beside_the_training_loss():
    from torch.nn import functional as F

    from landscape.split import split_dataset

    parts = split_dataset({"kind": "spiral", "classes": 3, "points_per_class": 40,
                           "noise": 0.2, "test_fraction": 0.25}, seed=0)
    X, y, X_test, y_test = parts["X"], parts["y"], parts["X_test"], parts["y_test"]
    assert (len(y), len(y_test)) == (90, 30)
    seen = []
    model = init_model(MLPSpec(2, 3, 2, 32), seed=0)
    run = train(model, X, y, optimizer="adam", lr=0.03, epochs=40, batch_size=15, seed=0,
                X_test=X_test, y_test=y_test, on_epoch=lambda e, m: seen.append((e, m)))
    assert run["test_loss"].shape == run["test_acc"].shape == run["loss"].shape == (41,)
    # The last row is the trained model evaluated directly on the held-out set.
    with torch.no_grad():
        logits = model(torch.as_tensor(X_test))
    direct = F.cross_entropy(logits, torch.as_tensor(y_test)).item()
    assert run["test_loss"][-1] == pytest.approx(direct, abs=1e-5)
    right = (logits.argmax(1) == torch.as_tensor(y_test)).sum().item()
    assert run["test_acc"][-1] == pytest.approx(right / 30)  # in steps of 1/30
    # ... and the training columns are unchanged by the test set: same run without it
    alone = train(init_model(MLPSpec(2, 3, 2, 32), seed=0), X, y, optimizer="adam", lr=0.03,
                  epochs=40, batch_size=15, seed=0)
    np.testing.assert_array_equal(alone["theta"], run["theta"])
    np.testing.assert_array_equal(alone["loss"], run["loss"])
    assert "test_loss" not in alone
    # the callback gets both, every epoch
    assert [e for e, _ in seen] == list(range(1, 41))
    assert seen[-1][1] == {"loss": run["loss"][-1], "acc": run["acc"][-1],
                           "test_loss": run["test_loss"][-1], "test_acc": run["test_acc"][-1]}
    # this net learns the training arms better than it predicts the held-out points
    assert run["loss"][-1] < run["test_loss"][-1]


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


def set_weights(model, weights):
    """Load (weight, bias) pairs, as nested lists, into the Linear layers in order."""
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    with torch.no_grad():
        for layer, (w, b) in zip(linears, weights, strict=True):
            layer.weight.copy_(torch.tensor(w, dtype=torch.float32))
            layer.bias.copy_(torch.tensor(b, dtype=torch.float32))


def test_residual_forward_is_the_hand_computed_sum():
    # x = (1, 2); h1 = relu(I x) = (1, 2); block: relu(W2 h1 + b2) = relu((3, 2) + (0, -5))
    # = (3, 0), so h2 = h1 + (3, 0) = (4, 2); logits = h2 + (0.5, 0) = (4.5, 2).
    # Without the skip h2 = (3, 0) and the logits are (3.5, 0).
    weights = [([[1, 0], [0, 1]], [0, 0]), ([[1, 1], [0, 1]], [0, -5]),
               ([[1, 0], [0, 1]], [0.5, 0])]
    x = torch.tensor([[1.0, 2.0]])
    res = build_mlp(MLPSpec(2, 2, 2, 2, "relu", residual=True))
    plain = build_mlp(MLPSpec(2, 2, 2, 2, "relu"))
    set_weights(res, weights)
    set_weights(plain, weights)
    torch.testing.assert_close(res(x), torch.tensor([[4.5, 2.0]]))
    torch.testing.assert_close(plain(x), torch.tensor([[3.5, 0.0]]))


def test_deep_residual_forward_adds_every_block():
    spec = MLPSpec(3, 2, 4, 5, "tanh", residual=True)
    model = init_model(spec, seed=0)
    x = torch.randn(7, 3, generator=torch.Generator().manual_seed(0))
    (w1, b1), *blocks, (wo, bo) = [(m.weight, m.bias) for m in model
                                   if isinstance(m, torch.nn.Linear)]
    h = torch.tanh(x @ w1.T + b1)
    for w, b in blocks:  # three skip blocks for depth 4
        h = h + torch.tanh(h @ w.T + b)
    assert len(blocks) == 3
    torch.testing.assert_close(model(x), h @ wo.T + bo)


def test_residual_and_plain_nets_share_layout_and_initial_weights():
    plain, res = (init_model(MLPSpec(2, 3, 20, 5, residual=r), seed=4) for r in (False, True))
    assert param_layout(plain) == param_layout(res)
    torch.testing.assert_close(flatten(plain), flatten(res))
    assert n_params(param_layout(res)) == 15 + 19 * 30 + 18  # 2->5, 19 x 5->5, 5->3


def test_spec_json_round_trip_and_old_files():
    spec = MLPSpec(64, 10, 20, 5, "tanh", residual=True)
    assert spec_from_json(spec_to_json(spec)) == spec
    old = '{"activation": "relu", "depth": 1, "in_dim": 2, "out_dim": 3, "width": 5}'
    assert spec_from_json(old) == MLPSpec(2, 3, 1, 5, "relu", residual=False)


@pytest.mark.parametrize("schedule,expected", [
    (None, [0.1] * 7),
    ({"kind": "constant"}, [0.1] * 7),
    # epochs 1-2 at 0.1, 3-4 at 0.05, 5-6 at 0.025 (row 0 repeats epoch 1's)
    ({"kind": "step", "step_size": 2, "gamma": 0.5}, [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025]),
    # cosine over 6 epochs from 0.1 to 0.01: 0.01 + 0.045 * (1 + cos(pi * (e-1) / 6))
    ({"kind": "cosine", "min_lr": 0.01}, [0.1, 0.1, 0.093971, 0.0775, 0.055, 0.0325, 0.016029]),
])
def test_learning_rate_schedules(schedule, expected):
    X, y = spiral(3, 10, 0.2, seed=0)
    run = train(init_model(MLPSpec(2, 3, 1, 4), 0), X, y, optimizer="sgd", lr=0.1, epochs=6,
                schedule=schedule)
    np.testing.assert_allclose(run["lr"], expected, rtol=1e-4)


def test_batch_size_changes_the_path_not_its_length():
    X, y = spiral(3, 20, 0.2, seed=0)
    spec = MLPSpec(2, 3, 1, 8)
    full = train(init_model(spec, 0), X, y, epochs=4, batch_size=None)["theta"]
    mini = train(init_model(spec, 0), X, y, epochs=4, batch_size=8)["theta"]
    assert full.shape == mini.shape
    np.testing.assert_array_equal(full[0], mini[0])
    assert not np.allclose(full[-1], mini[-1])
