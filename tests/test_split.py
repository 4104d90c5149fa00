import numpy as np
import pytest

from landscape.datasets import DatasetError, make_dataset
from landscape.split import split_dataset, split_indices, standardized


def test_split_is_disjoint_covers_the_data_and_is_stratified():
    y = np.repeat([0, 1, 2], [100, 50, 7])  # unequal classes
    train, test = split_indices(y, 0.2, seed=0)
    assert np.intersect1d(train, test).size == 0
    np.testing.assert_array_equal(np.union1d(train, test), np.arange(157))
    assert len(train) + len(test) == 157
    assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)  # the data's own order
    # round(0.2 * n_k) of every class: 20 of 100, 10 of 50, 1 of 7 (1.4 rounds to 1)
    assert np.bincount(y[test]).tolist() == [20, 10, 1]
    assert np.bincount(y[train]).tolist() == [80, 40, 6]
    assert train.dtype == test.dtype == np.int64


def test_split_is_reproducible_from_the_seed():
    y = np.repeat([0, 1, 2], 100)
    a, b = split_indices(y, 0.2, seed=0), split_indices(y, 0.2, seed=0)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    other = split_indices(y, 0.2, seed=1)
    assert not np.array_equal(a[1], other[1])
    # the other seed draws other test samples, but as many of every class
    assert np.bincount(y[other[1]]).tolist() == [20, 20, 20]


def test_every_class_stays_in_both_parts():
    y = np.repeat([0, 1, 2], [2, 3, 40])
    for fraction in (0.01, 0.5, 0.99):
        train, test = split_indices(y, fraction, seed=3)
        assert set(y[train]) == set(y[test]) == {0, 1, 2}, fraction
    train, test = split_indices(y, 0.99, seed=3)
    assert np.bincount(y[train]).tolist() == [1, 1, 1]  # at least one sample left to train


def test_fraction_zero_keeps_every_sample_for_training():
    train, test = split_indices(np.array([0, 1, 1, 0]), 0.0, seed=0)
    assert train.tolist() == [0, 1, 2, 3] and test.size == 0


def test_a_class_of_one_sample_cannot_be_split():
    with pytest.raises(DatasetError, match="class 1 has 1 sample"):
        split_indices(np.array([0, 0, 1]), 0.2, seed=0)
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        split_indices(np.array([0, 1]), 1.0, seed=0)


SPIRAL = {"kind": "spiral", "classes": 3, "points_per_class": 30, "noise": 0.2}


@pytest.mark.parametrize("data,n,features", [
    (SPIRAL, 90, 2),
    ({"kind": "moons", "samples": 60, "noise": 0.1}, 60, 2),
    ({"kind": "circles", "samples": 60, "noise": 0.05, "factor": 0.5}, 60, 2),
    ({"kind": "blobs", "classes": 4, "samples": 80, "cluster_std": 1.0}, 80, 2),
    ({"kind": "digits", "classes": 3, "standardize": True}, 537, 64),
])
def test_every_kind_is_split(data, n, features):
    parts = split_dataset({**data, "test_fraction": 0.25}, seed=0)
    X, y, X_test, y_test = parts["X"], parts["y"], parts["X_test"], parts["y_test"]
    assert len(y) + len(y_test) == n and X.shape[1] == X_test.shape[1] == features
    assert X.dtype == X_test.dtype == np.float32 and y.dtype == y_test.dtype == np.int64
    assert set(y) == set(y_test) == set(range(int(y.max()) + 1))
    # every sample is in exactly one part: the rows of both are the rows of the whole set
    whole = make_dataset({**data, "standardize": False}, seed=0)[0]
    if data.get("standardize"):
        # scaled with the training part's statistics: mean 0 there, not in the test part
        np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-5)
        assert np.abs(X_test.mean(axis=0)).max() > 1e-3
    else:
        rows = {r.tobytes() for r in whole}
        assert {r.tobytes() for r in np.concatenate([X, X_test])} == rows


def test_file_data_is_split(tmp_path):
    X = np.arange(40, dtype=np.float32).reshape(20, 2)
    np.savez(tmp_path / "d.npz", X=X, y=np.repeat([0, 1], 10))
    data = {"kind": "file", "path": str(tmp_path / "d.npz"), "label_column": -1,
            "standardize": True, "test_fraction": 0.2}
    parts = split_dataset(data, seed=0)
    assert np.bincount(parts["y"]).tolist() == [8, 8]
    assert np.bincount(parts["y_test"]).tolist() == [2, 2]
    np.testing.assert_allclose(parts["X"].mean(axis=0), 0.0, atol=1e-6)
    np.testing.assert_allclose(parts["X"].std(axis=0), 1.0, atol=1e-6)


def test_no_split_gives_the_whole_dataset_as_before():
    for data in (SPIRAL, {"kind": "digits", "classes": 10, "standardize": True}):
        parts = split_dataset({**data, "test_fraction": 0.0}, seed=5)
        X, y = make_dataset(data, seed=5)
        np.testing.assert_array_equal(parts["X"], X)  # bit for bit, standardised or not
        np.testing.assert_array_equal(parts["y"], y)
        assert parts["X_test"].shape == (0, X.shape[1]) and parts["y_test"].shape == (0,)


def test_split_does_not_change_the_data_drawn_from_the_seed():
    parts = split_dataset({**SPIRAL, "test_fraction": 0.2}, seed=0)
    X, _ = make_dataset(SPIRAL, seed=0)
    train, test = split_indices(np.repeat([0, 1, 2], 30), 0.2, seed=0)
    np.testing.assert_array_equal(parts["X"], X[train])
    np.testing.assert_array_equal(parts["X_test"], X[test])


def test_standardized_uses_training_statistics():
    train = np.array([[0.0, 5.0], [2.0, 5.0]], np.float32)  # mean (1, 5), std (1, 0)
    test = np.array([[3.0, 6.0]], np.float32)
    a, b = standardized(train, test)
    np.testing.assert_allclose(a, [[-1, 0], [1, 0]])
    np.testing.assert_allclose(b, [[2, 1]])  # a constant feature is only centred
