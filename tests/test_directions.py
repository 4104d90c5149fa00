import numpy as np
import pytest

from landscape.directions import (
    check_fixed_plane,
    filter_normalize,
    interpolation_directions,
    joint_pca_directions,
    make_plane,
    pca_directions,
    project,
    random_directions,
    variance_ratio,
)
from landscape.io import InputError
from landscape.models import MLPSpec, build_mlp, flatten, param_layout, param_shapes

SPEC = MLPSpec(2, 3, 2, 4)  # weights (4, 2), (4,), (4, 4), (4,), (3, 4), (3,): 47 in all


def known_plane_path(n_params=500, steps=40, seed=0):
    """A curved path that lies exactly in the plane theta* + span(u, v)."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((n_params, 2)))
    u, v = q.T
    t = np.linspace(0, 1, steps)
    a, b = 5 * (1 - t) ** 2, np.sin(3 * t) * (1 - t)
    center = rng.standard_normal(n_params)
    return center + np.outer(a, u) + np.outer(b, v), center, np.stack([u, v])


def test_pca_recovers_known_plane():
    theta, center, basis = known_plane_path()
    dirs, explained = pca_directions(theta)
    assert explained.sum() == pytest.approx(1.0, abs=1e-9)
    assert explained[0] > explained[1] > 0
    np.testing.assert_allclose(dirs @ dirs.T, np.eye(2), atol=1e-6)
    # Same plane: the found directions are combinations of the true ones.
    np.testing.assert_allclose(np.linalg.norm(basis @ dirs.T, axis=0), 1.0, atol=1e-6)
    path = project(theta, theta[-1], dirs)
    np.testing.assert_allclose(theta[-1] + path @ dirs, theta, atol=1e-5)
    np.testing.assert_allclose(path[-1], 0.0, atol=1e-9)
    assert (path[0] < 0).all()  # the sign convention: the start lies at negative coordinates


def test_pca_of_a_straight_path_still_gives_a_plane():
    theta = np.outer(np.linspace(0, 1, 10), np.ones(20))
    dirs, explained = pca_directions(theta)
    assert explained == pytest.approx([1.0, 0.0])
    np.testing.assert_allclose(dirs @ dirs.T, np.eye(2), atol=1e-6)


def test_pca_of_a_still_path_gives_a_plane():
    dirs, explained = pca_directions(np.ones((5, 7)))
    np.testing.assert_allclose(explained, 0.0)
    np.testing.assert_allclose(dirs @ dirs.T, np.eye(2), atol=1e-6)


def test_project_solves_least_squares_for_skewed_directions():
    rng = np.random.default_rng(1)
    dirs = rng.standard_normal((2, 30))
    center = rng.standard_normal(30)
    coords = rng.standard_normal((4, 2))
    np.testing.assert_allclose(project(center + coords @ dirs, center, dirs), coords, atol=1e-9)


def test_pca_of_a_single_point_gives_a_plane():
    """A run that diverged in its first epoch records only its initial weights."""
    theta = np.random.default_rng(0).standard_normal((1, 50))
    dirs, explained = pca_directions(theta)
    np.testing.assert_allclose(explained, 0.0)
    np.testing.assert_allclose(dirs @ dirs.T, np.eye(2), atol=1e-6)
    np.testing.assert_allclose(project(theta, theta[-1], dirs), [[0.0, 0.0]])


def test_filled_directions_are_generic_and_deterministic():
    """A missing direction is random (touching every weight, not one coordinate axis) and the
    same on every run."""
    theta = np.outer(np.linspace(0, 1, 10), np.arange(1.0, 201.0))  # a straight line
    dirs, explained = pca_directions(theta)
    assert explained[0] == pytest.approx(1.0) and explained[1] == 0.0
    assert np.count_nonzero(np.abs(dirs[1]) > 1e-4) > 190
    assert abs(dirs[0] @ dirs[1]) < 1e-6
    np.testing.assert_array_equal(pca_directions(theta)[0], dirs)


def test_pca_of_a_path_that_moves_1e_8():
    """Tiny but real motion still gives its own plane: the threshold is relative."""
    path, _, basis = known_plane_path()
    theta = path[-1] + 1e-8 * (path - path[-1])
    dirs, explained = pca_directions(theta)
    assert explained.sum() == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(np.linalg.norm(basis @ dirs.T, axis=0), 1.0, atol=1e-5)
    coords = project(theta, theta[-1], dirs)
    assert 1e-9 < np.ptp(coords[:, 0]) < 1e-7


def test_param_shapes_match_the_built_net():
    for spec in (SPEC, MLPSpec(64, 10, 0, 0), MLPSpec(2, 3, 3, 5, "tanh", True)):
        assert param_shapes(spec) == [shape for _, shape in param_layout(build_mlp(spec))]


def rows(flat, shapes):
    """The flat vector split into its parameters, matrices as (out, in)."""
    out, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(flat[start : start + size].reshape(shape))
        start += size
    return out


def test_filter_normalised_rows_have_the_centres_row_norms():
    shapes = param_shapes(SPEC)
    rng = np.random.default_rng(0)
    center, d = rng.standard_normal(47), rng.standard_normal(47)
    out = filter_normalize(d, center, shapes)
    for got, ref, shape in zip(rows(out, shapes), rows(center, shapes), shapes, strict=True):
        if len(shape) == 2:  # one neuron's incoming weights: the centre's norm, d's direction
            np.testing.assert_allclose(np.linalg.norm(got, axis=1), np.linalg.norm(ref, axis=1))
        else:  # biases: zeroed by default
            np.testing.assert_array_equal(got, 0.0)
    first = rows(d, shapes)[0]
    np.testing.assert_allclose(rows(out, shapes)[0] / np.linalg.norm(rows(out, shapes)[0],
                                                                      axis=1, keepdims=True),
                               first / np.linalg.norm(first, axis=1, keepdims=True))
    with_biases = filter_normalize(d, center, shapes, biases=True)
    for got, ref, shape in zip(rows(with_biases, shapes), rows(center, shapes), shapes,
                               strict=True):
        if len(shape) == 1:  # a bias vector counts as one filter
            assert np.linalg.norm(got) == pytest.approx(np.linalg.norm(ref))
    with pytest.raises(ValueError, match="layout covers 47 weights, the vectors have 46"):
        filter_normalize(d[:-1], center[:-1], shapes)


def test_random_directions_are_reproducible_from_the_seed():
    center = flatten(build_mlp(SPEC)).numpy()
    shapes = param_shapes(SPEC)
    a, b = random_directions(center, shapes, 3), random_directions(center, shapes, 3)
    np.testing.assert_array_equal(a, b)
    c = random_directions(center, shapes, 4)
    assert np.abs(a - c).max() > 0.1
    assert a.shape == (2, 47) and a.dtype == np.float32
    assert abs(a[0] @ a[1]) < np.linalg.norm(a[0]) * np.linalg.norm(a[1])  # two, not one


def test_interpolation_d1_points_from_initial_to_final():
    rng = np.random.default_rng(2)
    init, final = rng.standard_normal(47), rng.standard_normal(47)
    dirs = interpolation_directions(init, final, param_shapes(SPEC), seed=0)
    np.testing.assert_allclose(dirs[0], final - init, rtol=1e-6)
    assert abs(float(dirs[0].astype(np.float64) @ dirs[1])) < 1e-5 * np.linalg.norm(dirs[1]) \
        * np.linalg.norm(dirs[0])
    # around the final weights the start is at a = -1, b = 0 and the end at the origin
    np.testing.assert_allclose(project(np.stack([init, final]), final, dirs),
                               [[-1, 0], [0, 0]], atol=1e-5)


def test_joint_pca_recovers_the_plane_of_several_paths():
    _, _, basis = known_plane_path()
    rng = np.random.default_rng(5)
    reference = rng.standard_normal(500)
    # three paths, each a curve in the plane reference + span(u, v), ending elsewhere in it
    paths = [reference + np.outer(rng.standard_normal(30).cumsum(), basis[0])
             + np.outer(rng.standard_normal(30).cumsum(), basis[1]) for _ in range(3)]
    dirs, explained = joint_pca_directions(paths, reference)
    assert explained.sum() == pytest.approx(1.0, abs=1e-9)
    np.testing.assert_allclose(dirs @ dirs.T, np.eye(2), atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(basis @ dirs.T, axis=0), 1.0, atol=1e-6)
    for path in paths:  # every path lies in the plane: projecting loses nothing
        np.testing.assert_allclose(reference + project(path, reference, dirs) @ dirs, path,
                                   atol=1e-4)
    with pytest.raises(ValueError, match="every trajectory needs 500 weights"):
        joint_pca_directions([paths[0][:, :10]], reference)


def test_variance_ratio_is_what_pca_reports():
    theta, _, _ = known_plane_path()
    dirs, explained = pca_directions(theta)
    np.testing.assert_allclose(variance_ratio(theta, dirs), explained, atol=1e-9)
    np.testing.assert_allclose(variance_ratio(theta, 3 * dirs), explained, atol=1e-9)
    assert variance_ratio(np.ones((4, 500)), dirs).tolist() == [0.0, 0.0]


def test_make_plane_for_each_method():
    rng = np.random.default_rng(7)
    theta = np.cumsum(rng.standard_normal((20, 47)), axis=0).astype(np.float32)
    shapes = param_shapes(SPEC)
    planes = {m: make_plane(m, [theta], 0, shapes, seed=1) for m in
              ("pca", "joint-pca", "random", "interpolation")}
    for method, plane in planes.items():
        assert str(plane["method"]) == method
        np.testing.assert_array_equal(plane["center"], theta[-1])
        assert plane["dirs"].shape == (2, 47) and plane["axes"].shape == (2,)
        assert 0 <= plane["explained"].sum() <= 1 + 1e-9
    assert str(planes["interpolation"]["axes"][0]) == "initial to final"
    # PCA's plane holds far more of the path than a random one
    assert planes["pca"]["explained"].sum() > 5 * planes["random"]["explained"].sum()
    fixed = make_plane("fixed", [theta], 0, fixed={"dirs": planes["random"]["dirs"],
                                                   "center": theta[3]})
    np.testing.assert_array_equal(fixed["center"], theta[3])
    np.testing.assert_array_equal(fixed["dirs"], planes["random"]["dirs"])
    # a run that never moved has no line from start to end: random directions instead
    still = make_plane("interpolation", [np.repeat(theta[:1], 3, axis=0)], 0, shapes)
    assert str(still["method"]) == "random"


def test_a_fixed_plane_file_is_checked():
    dirs, center = np.eye(2, 47), np.zeros(47)
    assert check_fixed_plane({"dirs": dirs, "center": center}, 47, "p.npz")["dirs"] is not None
    with pytest.raises(InputError, match=r"p.npz: its plane has dirs \(2, 47\) .* this model "
                                         r"has 33 weights"):
        check_fixed_plane({"dirs": dirs, "center": center}, 33, "p.npz")
    with pytest.raises(InputError, match="do not span a plane"):
        check_fixed_plane({"dirs": np.ones((2, 47)), "center": center}, 47, "p.npz")
    with pytest.raises(InputError, match="not finite"):
        check_fixed_plane({"dirs": dirs, "center": center + np.nan}, 47, "p.npz")
