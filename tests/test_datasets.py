import numpy as np
import pytest

from landscape.datasets import (
    DatasetError,
    blobs,
    check_dataset,
    circles,
    digits,
    load_file,
    make_dataset,
    moons,
)


@pytest.mark.parametrize("config,n,features,classes", [
    ({"kind": "spiral", "classes": 4, "points_per_class": 25, "noise": 0.2}, 100, 2, 4),
    ({"kind": "moons", "samples": 101, "noise": 0.1}, 101, 2, 2),
    ({"kind": "circles", "samples": 60, "noise": 0.05, "factor": 0.5}, 60, 2, 2),
    ({"kind": "blobs", "classes": 5, "samples": 100, "cluster_std": 1.0}, 100, 2, 5),
    ({"kind": "digits", "classes": 10, "standardize": True}, 1797, 64, 10),
    ({"kind": "digits", "classes": 3, "standardize": False}, 537, 64, 3),
])
def test_each_kind_has_the_right_shapes_classes_and_seed(config, n, features, classes):
    X, y = make_dataset(config, seed=0)
    assert X.shape == (n, features) and X.dtype == np.float32
    assert y.shape == (n,) and y.dtype == np.int64
    assert sorted(np.unique(y)) == list(range(classes))
    X2, y2 = make_dataset(config, seed=0)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    if config["kind"] != "digits":  # the digits are a fixed set: no seed
        assert not np.array_equal(X, make_dataset(config, seed=1)[0])


def test_toy_sets_have_their_shapes():
    # no noise: the moons are two unit half circles, the circles radius 1 and `factor`
    X, y = moons(200, noise=0.0, seed=0)
    upper = X[y == 0]
    np.testing.assert_allclose(np.linalg.norm(upper, axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1] - [1.0, 0.5], axis=1), 1.0, atol=1e-6)
    X, y = circles(200, noise=0.0, factor=0.3, seed=0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(X[y == 1], axis=1), 0.3, atol=1e-6)
    X, y = blobs(3, 300, cluster_std=0.01, seed=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    assert max(X[y == k].std(axis=0).max() for k in range(3)) < 0.02  # tight blobs


def test_digits_are_standardised():
    X, y = digits(10, standardize=True)
    np.testing.assert_allclose(X.mean(axis=0), 0.0, atol=1e-5)
    std = X.std(axis=0)
    assert np.sum(std < 1e-6) == 3  # three pixels are 0 in every image: they stay 0
    np.testing.assert_allclose(std[std > 1e-6], 1.0, atol=1e-4)
    raw, _ = digits(10, standardize=False)
    assert raw.min() == 0 and raw.max() == 16


def test_npz_and_csv_files_load(tmp_path):
    X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.5], [6.0, 7.0]])
    y = np.array([1, 0, 2, 1])
    np.savez(tmp_path / "d.npz", X=X, y=y)
    Xn, yn = load_file(tmp_path / "d.npz")
    np.testing.assert_array_equal(Xn, X.astype(np.float32))
    np.testing.assert_array_equal(yn, y)
    (tmp_path / "d.csv").write_text("a,b,label\n0,1,1\n2,3,0\n4,5.5,2\n6,7,1\n")
    Xc, yc = load_file(tmp_path / "d.csv")
    np.testing.assert_array_equal(Xc, Xn)
    np.testing.assert_array_equal(yc, yn)
    # the label column by name, by index, and a file without a header
    (tmp_path / "e.csv").write_text("label,a,b\n1,0,1\n0,2,3\n2,4,5.5\n1,6,7\n")
    np.testing.assert_array_equal(load_file(tmp_path / "e.csv", "label")[0], Xn)
    (tmp_path / "f.csv").write_text("1,0,1\n0,2,3\n2,4,5.5\n1,6,7\n")
    np.testing.assert_array_equal(load_file(tmp_path / "f.csv", 0)[1], yn)
    Xs, _ = load_file(tmp_path / "d.npz", standardize=True)
    np.testing.assert_allclose(Xs.mean(axis=0), 0.0, atol=1e-6)


@pytest.mark.parametrize("name,content,message", [
    ("bad.csv", "a,b,label\n0,1,0\n2,x,1\n", r"line 3, column 2: 'x' is not a number"),
    ("bad.csv", "a,b,label\n0,1,0\n2,3\n", "line 3 has 2 columns, expected 3"),
    ("bad.csv", "a,b,label\n0,nan,0\n2,3,1\n", r"1 non-finite value\(s\).*sample 0, feature 1"),
    ("bad.csv", "a,b,label\n0,1,0\n2,3,1.5\n", "labels must be integers 0..K-1, got 1.5"),
    ("bad.csv", "a,b,label\n0,1,0\n2,3,2\n", r"got \[0, 2\] \(missing \[1\]\)"),
    ("bad.csv", "a,b,label\n0,1,1\n2,3,2\n", r"got \[1, 2\] \(missing \[0\]\)"),
    ("bad.csv", "a,b,label\n0,1,-1\n2,3,0\n", "negative labels"),
    ("bad.csv", "a,b,label\n0,1,0\n2,3,0\n", "at least 2 classes"),
    ("bad.csv", "label\n0\n1\n", "needs at least 2 columns"),
    ("bad.csv", "", "is empty"),
    ("bad.txt", "0,1,0\n", "unknown format '.txt'"),
])
def test_bad_files_are_rejected_naming_the_problem(tmp_path, name, content, message):
    (tmp_path / name).write_text(content)
    with pytest.raises(DatasetError, match=message) as err:
        load_file(tmp_path / name)
    assert name in str(err.value)


def test_bad_npz_files_are_rejected(tmp_path):
    np.savez(tmp_path / "a.npz", X=np.zeros((4, 2)))
    with pytest.raises(DatasetError, match=r"lacks array\(s\) \['y'\]"):
        load_file(tmp_path / "a.npz")
    np.savez(tmp_path / "b.npz", X=np.zeros(4), y=np.array([0, 1, 0, 1]))
    with pytest.raises(DatasetError, match=r"X must have shape \(samples >= 2, features >= 1\), "
                                           r"got \(4,\)"):
        load_file(tmp_path / "b.npz")
    np.savez(tmp_path / "c.npz", X=np.zeros((4, 2)), y=np.array([0, 1, 0]))
    with pytest.raises(DatasetError, match=r"y must have shape \(samples,\) = \(4,\).*got \(3,\)"):
        load_file(tmp_path / "c.npz")
    np.savez(tmp_path / "d.npz", X=np.array([[1.0], [np.inf], [0], [1e40]]), y=[0, 1, 0, 1])
    with pytest.raises(DatasetError, match=r"2 non-finite value\(s\).*first at sample 1"):
        load_file(tmp_path / "d.npz")
    np.savez(tmp_path / "e.npz", X=np.zeros((2, 2)), y=np.array([{"a": 1}, 2], dtype=object))
    with pytest.raises(DatasetError, match="pickled"):
        load_file(tmp_path / "e.npz")
    (tmp_path / "f.npz").write_bytes(b"not a zip")
    with pytest.raises(DatasetError, match="cannot be read as .npz"):
        load_file(tmp_path / "f.npz")
    with pytest.raises(DatasetError, match="no label column 'cls'"):
        (tmp_path / "g.csv").write_text("a,label\n1,0\n2,1\n")
        load_file(tmp_path / "g.csv", "cls")


def test_check_dataset_accepts_integer_valued_floats():
    X, y = check_dataset(np.ones((3, 2)), np.array([0.0, 1.0, 1.0]))
    assert y.dtype == np.int64 and y.tolist() == [0, 1, 1]
