import numpy as np
import pytest

from landscape.directions import pca_directions, project


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
