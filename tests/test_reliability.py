"""The workflow under stress: a killed run, a damaged file, a learning rate that diverges."""

import os
import shutil
import signal
import subprocess
import time

import imageio.v3 as iio
import numpy as np
import pytest
import yaml
from conftest import REPO, snakemake, snakemake_command

from landscape.io import load_npz

pytestmark = pytest.mark.e2e
PROFILE = ("--workflow-profile", str(REPO / "workflow/profiles/default"))


def assert_same_results(a, b):
    """Every result of run `b` is in run `a` (which may have made more): every array of every
    .npz bitwise equal, every frame and animation pixel-identical."""
    files = sorted(p.relative_to(b) for p in (b / "results").rglob("*")
                   if p.suffix in (".npz", ".png", ".gif", ".mp4"))
    assert len(files) > 20
    for f in files:
        if f.suffix == ".npz":
            x, y = load_npz(a / f), load_npz(b / f)
            assert x.keys() == y.keys(), f
            for key in x:
                assert x[key].dtype == y[key].dtype, (f, key)
                np.testing.assert_array_equal(x[key], y[key], err_msg=f"{f}:{key}")
        else:  # PNG metadata may differ between runs; the pictures may not
            np.testing.assert_array_equal(iio.imread(a / f, index=None),
                                          iio.imread(b / f, index=None), err_msg=str(f))


def model_animations(config):
    """The targets of the models' animations: their whole chain of jobs, without the toy
    surfaces, comparisons and figures (which only make the test slower)."""
    return [f"results/animations/{m}.{kind}" for m in config["models"] for kind in ("gif", "mp4")]


def test_killed_run_resumes_to_the_same_outputs(tiny_run, tiny_config, tmp_path):
    """SIGKILL to the whole process group (Snakemake and its jobs) in the middle of the run;
    the rerun completes and its outputs equal those of the uninterrupted run."""
    targets = model_animations(tiny_config)
    cmd, env = snakemake_command(tmp_path, *PROFILE, *targets)
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    incomplete = tmp_path / ".snakemake/incomplete"
    deadline = time.monotonic() + 300
    try:
        # Kill once a model is trained and other jobs are running (marked incomplete).
        while time.monotonic() < deadline and proc.poll() is None:
            trained = list(tmp_path.glob("results/models/*/trajectory.npz"))
            if trained and incomplete.is_dir() and any(incomplete.iterdir()):
                break
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    assert not (tmp_path / "results/animations/mlp-2x8.mp4").exists()

    resumed = snakemake(tmp_path, *PROFILE, *targets, check=False)
    if resumed.returncode != 0:
        # The killed Snakemake could not remove its lock; the message says what to do.
        assert "--unlock" in resumed.stdout + resumed.stderr
        snakemake(tmp_path, "--unlock")
        snakemake(tmp_path, *PROFILE, *targets)
    assert_same_results(tiny_run, tmp_path)
    assert all((tmp_path / t).is_file() for t in targets)
    assert not list((tmp_path / "results").rglob(".*.tmp-*"))  # no temporary files left
    assert "Nothing to be done" in snakemake(tmp_path, *PROFILE, *targets, "-n").stdout


def test_damaged_file_is_named_with_how_to_rebuild_it(tiny_run, tmp_path):
    """Cut a trajectory in half and ask for a plane built from it: the job fails with one
    line naming the file and how to rebuild it; doing that brings back the same file."""
    work = tmp_path / "w"
    shutil.copytree(tiny_run, work, ignore=shutil.ignore_patterns("animations", "frames"))
    traj = work / "results/models/logreg/trajectory.npz"
    os.truncate(traj, traj.stat().st_size // 2)
    proc = snakemake(work, "results/models/logreg/plane.npz", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    path = "results/models/logreg/trajectory.npz"
    assert f"error: {path} is damaged (File is not a zip file). It is an intermediate result: " \
        f"delete it (rm -r {path}) and run snakemake again to rebuild it" in out
    assert "Traceback" not in out
    # the job's log says the same (Snakemake shows it for a failed job)
    assert f"ERROR {path} is damaged" in (work / "results/logs/plane/logreg.log").read_text()
    traj.unlink()
    snakemake(work, "results/models/logreg/plane.npz")
    for name in ("trajectory", "plane"):
        a = load_npz(tiny_run / f"results/models/logreg/{name}.npz")
        b = load_npz(work / f"results/models/logreg/{name}.npz")
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])


def test_diverging_learning_rate_runs_to_the_end(tiny_config, tmp_path):
    """SGD with lr 1e8: mlp-5x5's loss overflows in epoch 2, mlp-2x8's in epoch 1. Both get a
    plane, a grid, frames and animations; the grid's non-finite cells are kept as NaN/inf.
    (On all 90 samples: on the 72 of the default split mlp-2x8's loss stays finite, if huge.)"""
    config = dict(tiny_config, train={**tiny_config["train"], "optimizer": "sgd", "lr": 1e8},
                  data={**tiny_config["data"], "test_fraction": 0.0},
                  models={"mlp-5x5": {"depth": 5, "width": 5},
                          "mlp-2x8": {"depth": 2, "width": 8}})
    path = tmp_path / "diverge.yaml"
    path.write_text(yaml.safe_dump(config))
    snakemake(tmp_path, *model_animations(config), configfile=path)
    for model, diverged_at in (("mlp-5x5", 2), ("mlp-2x8", 1)):
        base = tmp_path / "results/models" / model
        traj = load_npz(base / "trajectory.npz")
        assert int(traj["diverged_at"]) == diverged_at
        assert len(traj["theta"]) == len(traj["loss"]) == diverged_at  # epochs 0..k-1
        assert np.isfinite(traj["theta"]).all() and np.isfinite(traj["loss"]).all()
        plane = load_npz(base / "plane.npz")
        assert np.isfinite(plane["dirs"]).all() and plane["path"].shape == (diverged_at, 2)
        np.testing.assert_allclose(plane["dirs"] @ plane["dirs"].T, np.eye(2), atol=1e-5)
        grid = load_npz(base / "grid.npz")
        assert grid["a"][0] < grid["a"][-1] and grid["b"][0] < grid["b"][-1]
        assert len(list((base / "frames").glob("frame_*.png"))) == diverged_at
        log = (tmp_path / f"results/logs/train/{model}.log").read_text()
        assert f"training diverged at epoch {diverged_at} (non-finite loss)" in log
        gif = iio.imread(tmp_path / f"results/animations/{model}.gif", index=None)
        assert gif.shape[0] == diverged_at + 2  # fps 5 x hold 0.4 s
    # mlp-5x5's window reaches weights of 1e30: the loss there overflows
    grid = load_npz(tmp_path / "results/models/mlp-5x5/grid.npz")
    assert not np.isfinite(grid["loss"]).all()
    # mlp-2x8 never moved: a window of 5% of its weights' norm around them, all finite
    grid = load_npz(tmp_path / "results/models/mlp-2x8/grid.npz")
    assert np.isfinite(grid["loss"]).all() and np.ptp(grid["loss"]) > 1e-3
