"""Further studies end to end: other data (moons, the user's own file), residual nets, a
side-by-side comparison, each in its own results/studies/<name>/ folder."""

import imageio.v3 as iio
import numpy as np
import pytest
import yaml
from conftest import TINY, planned_jobs, snakemake

from landscape.compare import comparison_height
from landscape.io import load_npz

pytestmark = pytest.mark.e2e

SKIPS = {"data": {"kind": "moons", "samples": 60},
         "sweep": {"depths": [3], "widths": [4], "activations": ["tanh"],
                   "residual": [False, True]},
         "compare": {"res": ["mlp-3x4-tanh", "mlp-3x4-tanh-res"]}}
OWN = {"data": {"kind": "file", "path": "own.csv", "label_column": "label"},
       "train": {"epochs": 5, "schedule": {"kind": "step", "step_size": 2, "gamma": 0.5}},
       "models": {"mlp-1x6": {"depth": 1, "width": 6, "train": {"batch_size": 10}}}}


TARGETS = ("results/studies/skips/compare/res.gif", "results/studies/own/models/mlp-1x6/frames")


def own_csv(n=45, seed=0):
    """3 classes in 3 features: the class is the index of the largest feature."""
    X = np.random.default_rng(seed).normal(size=(n, 3))
    rows = [f"{a:.4f},{b:.4f},{c:.4f},{k}" for (a, b, c), k in zip(X, X.argmax(1), strict=True)]
    return "f1,f2,f3,label\n" + "\n".join(rows) + "\n"


def write_config(workdir, **studies):
    config = yaml.safe_load(TINY.read_text())
    config["studies"] = studies
    path = workdir / "studies.yaml"
    path.write_text(yaml.safe_dump(config))
    return path, config


@pytest.fixture(scope="module")
def studies_run(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("studies")
    (workdir / "own.csv").write_text(own_csv())
    path, config = write_config(workdir, skips=SKIPS, own=OWN)
    # Only what the tests read; the study targets are checked by a dry run.
    snakemake(workdir, *TARGETS, configfile=path)
    return workdir, path, config


def test_studies_write_to_their_own_folders(studies_run):
    workdir, _, config = studies_run
    assert not (workdir / "results/models").exists()  # the top-level study was not asked for
    skips = workdir / "results/studies/skips"
    for m in ("mlp-3x4-tanh", "mlp-3x4-tanh-res"):
        for name in ("trajectory", "plane", "grid", "regions"):
            assert (skips / f"models/{m}/{name}.npz").is_file()
        assert (skips / f"logs/train/{m}.log").is_file()
    data = load_npz(skips / "data/dataset.npz")
    # 60 moons, a fifth of each class (30) held out: 6 + 6 test, 24 + 24 training samples
    assert data["X"].shape == (48, 2) and data["X_test"].shape == (12, 2)
    assert np.bincount(data["y_test"]).tolist() == [6, 6]
    traj = load_npz(skips / "models/mlp-3x4-tanh-res/trajectory.npz")
    assert '"residual": true' in str(traj["spec"]) and '"activation": "tanh"' in str(traj["spec"])
    # same seed, same layout: with and without skips start from the same weights
    plain = load_npz(skips / "models/mlp-3x4-tanh/trajectory.npz")
    np.testing.assert_array_equal(traj["theta"][0], plain["theta"][0])
    assert not np.array_equal(traj["theta"][-1], plain["theta"][-1])


def test_a_study_is_a_target(studies_run):
    workdir, path, _ = studies_run
    # what the fixture did not build yet: each model's frames and animations, the MP4
    jobs = planned_jobs(snakemake(workdir, "skips", "-n", configfile=path))
    assert jobs == {"frames": 2, "animation": 4, "compare_animation": 1, "skips": 1}


def test_comparison_animation_and_figures(studies_run):
    workdir, _, config = studies_run
    base = workdir / "results/studies/skips/compare"
    r = config["render"]
    n_frames = min(r["max_frames"], config["train"]["epochs"] + 1)
    gif = iio.imread(base / "res.gif", index=None)
    hold = round(r["fps"] * r["hold_seconds"])
    # a row of decision regions, one of training and one of test landscapes
    assert gif.shape[:3] == (n_frames + hold, comparison_height(r["width"], 2, rows=3),
                             r["width"])
    assert len(list((base / "res/frames").glob("frame_*.png"))) == n_frames
    png = iio.imread(base / "res.png")
    assert png.shape[0] > 100 and png.shape[1] > 100
    assert (base / "res.pdf").read_bytes().startswith(b"%PDF")


def test_file_study_shows_confusion_matrices(studies_run):
    workdir, _, config = studies_run
    own = workdir / "results/studies/own"
    data = load_npz(own / "data/dataset.npz")
    n_train = len(data["y"])
    assert n_train + len(data["y_test"]) == 45 and str(data["kind"]) == "file"
    assert data["X"].shape == (n_train, 3) and 30 <= n_train <= 40
    regions = load_npz(own / "models/mlp-1x6/regions.npz")
    assert str(regions["panel"]) == "confusion"
    n_frames = min(config["render"]["max_frames"], 5 + 1)
    assert regions["confusion"].shape == (n_frames, 3, 3)
    assert (regions["confusion"].sum(axis=(1, 2)) == n_train).all()  # the training set
    traj = load_npz(own / "models/mlp-1x6/trajectory.npz")
    np.testing.assert_allclose(traj["lr"], [0.02, 0.02, 0.02, 0.01, 0.01, 0.005])
    log = (own / "logs/train/mlp-1x6.log").read_text()
    assert "'batch_size': 10" in log and "epoch 5/5" in log
    frame = iio.imread(own / "models/mlp-1x6/frames/frame_00000.png")
    assert frame.shape == (config["render"]["height"], config["render"]["width"], 3)


def test_editing_the_data_file_rebuilds_only_that_study(studies_run, tmp_path):
    workdir, path, _ = studies_run
    assert planned_jobs(snakemake(workdir, *TARGETS, "-n", configfile=path)) == {}
    (workdir / "own.csv").write_text(own_csv(seed=1))
    jobs = planned_jobs(snakemake(workdir, *TARGETS, "-n", configfile=path))
    assert jobs["dataset"] == 1 and jobs["train"] == 1 and "compare_frames" not in jobs
    (workdir / "own.csv").write_text(own_csv())  # put it back for the other tests


def test_a_bad_data_file_stops_with_its_problem(tmp_path):
    (tmp_path / "own.csv").write_text("f1,f2,label\n0.1,0.2,0\n0.3,0.4,2\n")
    path, _ = write_config(tmp_path, own=OWN)
    proc = snakemake(tmp_path, "own", configfile=path, check=False)
    assert proc.returncode != 0
    assert "own.csv: labels must be the integers 0..K-1 with every class present; got [0, 2] " \
           "(missing [1])" in proc.stdout + proc.stderr
