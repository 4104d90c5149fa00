"""The workflow end to end on the tiny config (config/tiny.yaml)."""

import csv
import hashlib
import json

import imageio.v2 as imageio
import imageio.v3 as iio
import numpy as np
import pytest
import yaml
from conftest import REPO, TINY, planned_jobs, snakemake

from landscape.config import comparison_runs
from landscape.datasets import spiral
from landscape.directions import project
from landscape.grid import plane_sq_norm
from landscape.io import load_npz
from landscape.trajectory import frame_indices
from landscape.video import hold_frames

pytestmark = pytest.mark.e2e


def expected_files(config):
    files = ["results/data/dataset.npz"]
    for m in config["models"]:
        files += [f"results/models/{m}/{name}.npz"
                  for name in ("trajectory", "plane", "grid", "regions")]
        files += [f"results/animations/{m}.gif", f"results/animations/{m}.mp4",
                  f"results/logs/train/{m}.log", f"results/benchmarks/grid/{m}.tsv",
                  f"results/models/{m}/hessian.json",
                  *(f"results/figures/hessian/{m}.{ext}" for ext in config["figures"]["formats"])]
    for s in config["toy"]["surfaces"]:
        files += [f"results/toy/{s}/paths.npz", f"results/toy/{s}/critical_points.csv",
                  *(f"results/toy/animations/{s}.{ext}" for ext in ("gif", "mp4", "html")),
                  *(f"results/figures/toy/{s}.{ext}" for ext in config["figures"]["formats"])]
    files += ["results/toy/critical_points.csv", "results/toy/critical_points.md",
              "results/hessian/hessian.csv", "results/hessian/hessian.md",
              "results/toy/risk/minima.json", "results/toy/risk/minima.csv",
              *(f"results/figures/toy/risk.{ext}" for ext in config["figures"]["formats"])]
    for folder, names in (("slices", config["toy"]["slices"]["surfaces"]),
                          ("escape", config["toy"]["escape"]["surfaces"])):
        for s in names:
            files += [*(f"results/toy/animations/{folder}/{s}.{ext}"
                        for ext in ("gif", "mp4", "html")),
                      *(f"results/figures/toy/{folder}/{s}.{ext}"
                        for ext in config["figures"]["formats"])]
    for c, comparison in config.get("comparisons", {}).items():
        base = f"results/comparisons/{c}"
        files += [f"{base}/{name}" for name in ("plane.npz", "grid.npz", "animation.gif",
                                                "animation.mp4", "animation.html")]
        files += [f"{base}/paths/{run}.npz" for run in comparison_runs(comparison)]
        files += [f"{base}/{stem}.{ext}" for stem in ("landscape", "curves")
                  for ext in config["figures"]["formats"]]
    return files


def n_runs(config):
    return sum(len(comparison_runs(c)) for c in config.get("comparisons", {}).values())


def test_every_output_exists(tiny_run, tiny_config):
    missing = [f for f in expected_files(tiny_config) if not (tiny_run / f).is_file()]
    assert not missing


def test_dataset_is_split_into_training_and_test_samples(tiny_run, tiny_config):
    data = load_npz(tiny_run / "results/data/dataset.npz")
    # 30 points per arm, a fifth held out: 24 training and 6 test samples of each class
    assert data["X"].shape == (72, 2) and data["X_test"].shape == (18, 2)
    assert np.bincount(data["y"]).tolist() == [24] * 3
    assert np.bincount(data["y_test"]).tolist() == [6] * 3
    # every sample of the spiral in exactly one part (the rows of both, sorted, are the
    # spiral's; the origin starts every arm, so rows alone need not be unique)
    whole = spiral(3, 30, 0.2, seed=tiny_config["seed"])[0]
    both = np.concatenate([data["X"], data["X_test"]])
    np.testing.assert_array_equal(np.unique(both, axis=0, return_counts=True)[1],
                                  np.unique(whole, axis=0, return_counts=True)[1])
    np.testing.assert_array_equal(np.unique(both, axis=0), np.unique(whole, axis=0))
    assert "72 for training" in (tiny_run / "results/logs/dataset.log").read_text()


def test_outputs_have_the_configured_shapes(tiny_run, tiny_config):
    r, epochs = tiny_config["render"], tiny_config["train"]["epochs"]
    res = tiny_config["landscape"]["resolution"]
    n_frames = min(r["max_frames"], epochs + 1)
    for m in tiny_config["models"]:
        base = tiny_run / "results/models" / m
        traj = load_npz(base / "trajectory.npz")
        assert traj["theta"].shape[0] == epochs + 1
        assert traj["test_loss"].shape == traj["test_acc"].shape == (epochs + 1,)
        assert np.isfinite(traj["test_loss"]).all()
        # accuracy on 18 test samples: multiples of 1/18
        np.testing.assert_allclose(traj["test_acc"] * 18, np.round(traj["test_acc"] * 18),
                                   atol=1e-4)
        plane = load_npz(base / "plane.npz")
        assert plane["path"].shape == (epochs + 1, 2)
        assert 0.5 < plane["explained"].sum() <= 1 + 1e-9
        grid = load_npz(base / "grid.npz")
        assert grid["loss"].shape == (res, res) and np.isfinite(grid["loss"]).all()
        assert grid["test_loss"].shape == grid["test_acc"].shape == (res, res)
        assert np.isfinite(grid["test_loss"]).all()
        assert not np.allclose(grid["test_loss"], grid["loss"])  # other data, other loss
        assert len(list((base / "frames").glob("frame_*.png"))) == n_frames
        total = n_frames + hold_frames(r["fps"], r["hold_seconds"])
        gif = iio.imread(tiny_run / f"results/animations/{m}.gif", index=None)
        assert gif.shape[:3] == (total, r["height"], r["width"])
        reader = imageio.get_reader(tiny_run / f"results/animations/{m}.mp4", "ffmpeg")
        frames = [f for f in reader]  # list() would ask len(), which is inf for video
        reader.close()
        assert len(frames) == total
        assert frames[0].shape == (r["height"], r["width"], 3)
        # the training log has a line per epoch, with the training and the test loss
        log = (tiny_run / f"results/logs/train/{m}.log").read_text()
        last = next(line for line in log.splitlines() if f"epoch {epochs}/{epochs}" in line)
        assert (f"loss {traj['loss'][-1]:.5f}  accuracy {traj['acc'][-1]:.4f}  test loss "
                f"{traj['test_loss'][-1]:.5f}  test accuracy {traj['test_acc'][-1]:.4f}") in last


def test_second_dry_run_has_nothing_to_do(tiny_run):
    proc = snakemake(tiny_run, "-n")
    assert planned_jobs(proc) == {}
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_render_option_reruns_frames_but_not_training(tiny_run, tiny_config, tmp_path):
    changed = dict(tiny_config, render={**tiny_config["render"], "dpi": 50})
    config = tmp_path / "changed.yaml"
    config.write_text(yaml.safe_dump(changed))
    jobs = planned_jobs(snakemake(tiny_run, "-n", configfile=config))
    n, s = len(tiny_config["models"]), len(tiny_config["toy"]["surfaces"])
    c = len(tiny_config["comparisons"])
    sl, e = (len(tiny_config["toy"][k]["surfaces"]) for k in ("slices", "escape"))
    # (and the report's pages that inline each MP4)
    assert jobs == {"frames": n, "animation": 2 * n, "animation_page": n, "toy_frames": s,
                    "toy_animation": 2 * s, "toy_page": s, "slice_frames": sl,
                    "slice_animation": 2 * sl, "slice_page": sl, "escape_frames": e,
                    "escape_animation": 2 * e, "escape_page": e, "shared_frames": c,
                    "shared_animation": 2 * c, "shared_page": c, "all": 1}


def test_landscape_option_reruns_only_frames_and_animations(tiny_run, tiny_config, tmp_path):
    """render.landscape (which loss the frames show) redraws the models' frames, and the
    GIF, MP4 and page made from them; not the grids (which hold both losses), not the toy
    surfaces, not the figures."""
    changed = dict(tiny_config, render={**tiny_config["render"], "landscape": "test"})
    config = tmp_path / "changed.yaml"
    config.write_text(yaml.safe_dump(changed))
    jobs = planned_jobs(snakemake(tiny_run, "-n", configfile=config))
    n, c = len(tiny_config["models"]), len(tiny_config["comparisons"])
    assert jobs == {"frames": n, "animation": 2 * n, "animation_page": n, "shared_frames": c,
                    "shared_animation": 2 * c, "shared_page": c, "all": 1}


def test_split_fraction_retrains(tiny_run, tiny_config, tmp_path):
    changed = dict(tiny_config, data={**tiny_config["data"], "test_fraction": 0.3})
    config = tmp_path / "changed.yaml"
    config.write_text(yaml.safe_dump(changed))
    jobs = planned_jobs(snakemake(tiny_run, "-n", configfile=config))
    # every study's dataset (the comparisons' too) and every model and run retrain
    c = len(tiny_config["comparisons"])
    assert jobs["dataset"] == 1 + c
    assert jobs["train"] == len(tiny_config["models"]) + n_runs(tiny_config)
    assert jobs["grid"] == len(tiny_config["models"]) and jobs["shared_grid"] == c


def test_without_a_split_everything_works_as_before(tiny_config, tmp_path):
    """data.test_fraction 0: every sample trains, no test arrays anywhere, frames and
    figures show the training loss alone, and there is no train/test figure to make."""
    config = tmp_path / "nosplit.yaml"
    config.write_text(yaml.safe_dump(dict(tiny_config, data={**tiny_config["data"],
                                                             "test_fraction": 0.0})))
    assert "train_test_figure" not in planned_jobs(snakemake(tmp_path, "-n",
                                                             configfile=config))
    snakemake(tmp_path, "results/models/logreg/frames", "results/figures/landscape/logreg.png",
              configfile=config)
    data = load_npz(tmp_path / "results/data/dataset.npz")
    assert data["X"].shape == (90, 2) and data["X_test"].shape == (0, 2)
    base = tmp_path / "results/models/logreg"
    assert "test_loss" not in load_npz(base / "trajectory.npz")
    assert "test_loss" not in load_npz(base / "grid.npz")
    f, r = tiny_config["figures"], tiny_config["render"]
    frame = iio.imread(base / "frames/frame_00000.png")
    assert frame.shape == (r["height"], r["width"], 3)
    png = iio.imread(tmp_path / "results/figures/landscape/logreg.png")  # one column wide
    assert png.shape[:2] == (round(f["height"] * f["dpi"]), round(f["width"] * f["dpi"]))


def test_training_option_retrains(tiny_run, tiny_config, tmp_path):
    changed = dict(tiny_config, train={**tiny_config["train"], "lr": 0.03})
    config = tmp_path / "changed.yaml"
    config.write_text(yaml.safe_dump(changed))
    jobs = planned_jobs(snakemake(tiny_run, "-n", configfile=config))
    # the comparisons' runs inherit the train section too
    assert jobs["train"] == len(tiny_config["models"]) + n_runs(tiny_config)


def test_named_model_target(tmp_path):
    proc = snakemake(tmp_path, "-n", "mlp-2x8")
    jobs = planned_jobs(proc)
    assert jobs["train"] == 1 and jobs["animation"] == 2 and "logreg" not in proc.stdout


def test_bad_config_stops_before_any_work(tmp_path):
    bad = yaml.safe_load(TINY.read_text())
    bad["train"]["epoch"] = 5
    config = tmp_path / "bad.yaml"
    config.write_text(yaml.safe_dump(bad))
    proc = snakemake(tmp_path, configfile=config, check=False)
    assert proc.returncode != 0
    assert "config error at train: unknown key(s) 'epoch'" in proc.stdout + proc.stderr
    assert not (tmp_path / "results").exists()


# What a different seed must change: the noise of the data, the initial weights and so
# everything after them. (The labels y and the method name do not depend on the seed.)
SEEDED = {"data/dataset": ["X", "X_test"],
          "models/logreg/trajectory": ["theta", "loss", "test_loss"],
          "models/logreg/plane": ["dirs", "center", "path"],
          "models/logreg/grid": ["a", "loss", "test_loss"], "models/logreg/regions": ["conf"]}


@pytest.mark.parametrize("seed", [0, 1])
def test_same_seed_same_numbers(tiny_run, tiny_config, tmp_path, seed):
    """A second run in a fresh folder with the same seed reproduces every array bit for bit
    and every frame pixel for pixel (PNG metadata aside); another seed changes them all."""
    config = tmp_path / "seed.yaml"
    config.write_text(yaml.safe_dump(dict(tiny_config, seed=seed)))
    snakemake(tmp_path, "results/models/logreg/frames", configfile=config)
    for name, seeded in SEEDED.items():
        a = load_npz(tiny_run / f"results/{name}.npz")
        b = load_npz(tmp_path / f"results/{name}.npz")
        assert a.keys() == b.keys()
        for key in a:
            if seed == 0:
                assert a[key].dtype == b[key].dtype
                np.testing.assert_array_equal(a[key], b[key], err_msg=f"{name}:{key}")
            elif key in seeded:
                assert not np.array_equal(a[key], b[key]), f"{name}:{key}"
    frames = sorted((tiny_run / "results/models/logreg/frames").glob("*.png"))
    assert [f.name for f in frames] == \
        sorted(f.name for f in (tmp_path / "results/models/logreg/frames").glob("*.png"))
    for f in frames:
        same = np.array_equal(iio.imread(f), iio.imread(tmp_path / f.relative_to(tiny_run)))
        assert same == (seed == 0), f.name


def test_toy_outputs(tiny_run, tiny_config):
    toy = tiny_config["toy"]
    run = load_npz(tiny_run / "results/toy/saddle/paths.npz")
    assert run["path"].shape == (len(toy["optimizers"]), toy["steps"] + 1, 2)
    np.testing.assert_array_equal(run["path"][:, 0], [toy["surfaces"]["saddle"]["start"]] * 3)
    rows = list(csv.DictReader(open(tiny_run / "results/toy/critical_points.csv")))
    saddle = [r for r in rows if r["surface"] == "saddle"]
    assert len(saddle) == 1 and saddle[0]["kind"] == "saddle"
    assert (float(saddle[0]["lambda1"]), float(saddle[0]["lambda2"])) == pytest.approx((-2, 2))
    frames = sorted((tiny_run / "results/toy/saddle/frames").glob("frame_*.png"))
    assert len(frames) == min(tiny_config["render"]["max_frames"], toy["steps"] + 1)
    md = (tiny_run / "results/toy/critical_points.md").read_text()
    assert "| saddle | saddle | (0, 0) | 0 | (-2, 2) |" in md


def test_risk_outputs(tiny_run, tiny_config):
    risk = json.loads((tiny_run / "results/toy/risk/minima.json").read_text())
    expected, empirical = risk["minima"]["expected"][0], risk["minima"]["empirical"][0]
    # x cos(pi x) on [-1, 2]: lowest at 1.0904; the bumps pull the empirical one to 1.017
    assert expected["global"] and expected["x"] == pytest.approx(1.0904, abs=1e-4)
    assert empirical["global"] and empirical["x"] == pytest.approx(1.017, abs=1e-3)
    assert risk["excess_risk"] == pytest.approx(0.0312, abs=1e-4)
    curves = load_npz(tiny_run / "results/toy/risk/curves.npz")
    assert curves["x"].shape == (tiny_config["toy"]["risk"]["resolution"],)
    rows = list(csv.DictReader(open(tiny_run / "results/toy/risk/minima.csv")))
    assert rows[0]["curve"] == "empirical" and rows[0]["kind"] == "global minimum"


def test_slice_outputs(tiny_run, tiny_config):
    sl = tiny_config["toy"]["slices"]
    sweep = load_npz(tiny_run / "results/toy/slices/orbit/slices.npz")
    res = sl["resolution"]
    assert sweep["values"].shape == (sl["sweep"], res, res)
    # the orbit's slices have their lowest point, 0, at (sin w3, cos w3)
    w3 = np.linspace(0, 2 * np.pi, sl["sweep"])
    np.testing.assert_allclose(sweep["w3"], w3)
    np.testing.assert_allclose(sweep["minimum"], np.stack([np.sin(w3), np.cos(w3)], 1),
                               atol=1e-9)
    frames = sorted((tiny_run / "results/toy/slices/orbit/frames").glob("frame_*.png"))
    assert len(frames) == min(sl["sweep"], tiny_config["render"]["max_frames"])


def test_escape_outputs(tiny_run, tiny_config):
    e = tiny_config["toy"]["escape"]
    summary = json.loads((tiny_run / "results/toy/escape/valley/escape.json").read_text())
    step = summary["escape_step"]
    # from the saddle of (1 - w1 w2)^2 the step goes along +-(1, 1)/sqrt(2) and lowers the
    # loss by about |lambda_min| t^2 / 2 = 2 * 0.2^2 / 2
    assert np.abs(step["v"]) == pytest.approx([2**-0.5] * 2)
    assert step["predicted_change"] == pytest.approx(-0.04, rel=1e-3)
    assert step["measured_change"] == pytest.approx(-0.0396, rel=1e-3)
    assert summary["saddle"]["position"] == pytest.approx([0, 0], abs=1e-12)
    assert summary["stall"] == 24 and summary["steps_to_leave"]["gd"] is None
    run = load_npz(tiny_run / "results/toy/escape/valley/escape.npz")
    assert run["path"].shape == (3, e["steps"] + 1, 2)
    frames = sorted((tiny_run / "results/toy/escape/valley/frames").glob("frame_*.png"))
    # evenly spread steps, and the stall and the kick after it
    shown = np.union1d(frame_indices(e["steps"] + 1, tiny_config["render"]["max_frames"]),
                       [24, 25])
    assert len(frames) == len(shown)


def test_hessian_outputs(tiny_run, tiny_config):
    rows = list(csv.DictReader(open(tiny_run / "results/hessian/hessian.csv")))
    assert [r["model"] for r in rows] == list(tiny_config["models"])
    by_model = {r["model"]: r for r in rows}
    # logreg (9 weights) is under dense_max_params: full spectrum, convex up to 3 zero directions
    logreg = by_model["logreg"]
    assert logreg["method"] == "dense" and logreg["verdict"] == "minimum"
    assert float(logreg["zero"]) == pytest.approx(3 / 9)
    assert json.loads((tiny_run / "results/models/logreg/hessian.json").read_text())[
        "lanczos_vs_dense"] < 1e-6
    mlp = by_model["mlp-2x8"]  # 123 weights > dense_max_params 50: Lanczos only
    assert mlp["method"] == "lanczos" and mlp["positive"] == ""
    # a saddle: the step along the most negative eigenvector lowers the loss, about as
    # much as the second-order model says; a minimum gets no step
    assert mlp["verdict"] == "saddle" and float(mlp["escape_change"]) < 0
    assert float(mlp["escape_change"]) == pytest.approx(float(mlp["escape_predicted"]),
                                                        rel=0.1)
    assert logreg["escape_step"] == logreg["escape_change"] == ""
    for r in rows:
        lmin, lmax = float(r["lambda_min"]), float(r["lambda_max"])
        assert lmin <= lmax and float(r["ratio"]) == pytest.approx(abs(lmin / lmax))
    spectrum = load_npz(tiny_run / "results/models/logreg/hessian.npz")["spectrum"]
    assert len(spectrum) == 9 and spectrum[-1] == pytest.approx(float(logreg["lambda_max"]))


def test_a_study_file_replaces_the_default_config(tiny_config):
    """Run from the checkout, where config.yaml exists, --configfile config/tiny.yaml must
    give the tiny study alone, not the default's models merged with tiny's."""
    proc = snakemake(REPO, "-n", "--forceall", "gifs")
    jobs = planned_jobs(proc)
    assert jobs["train"] == len(tiny_config["models"]) + n_runs(tiny_config)


def test_comparison_runs_share_one_plane(tiny_run, tiny_config):
    """Every run of a comparison is projected with the same plane file (the same hash), the
    plane is centred on the reference run's final weights, the seeds give different starts,
    and the grid's |theta|^2 is that of the weights at its points."""
    (name, comparison), = tiny_config["comparisons"].items()
    base = tiny_run / "results/comparisons" / name
    digest = hashlib.sha256((base / "plane.npz").read_bytes()).hexdigest()
    plane = load_npz(base / "plane.npz")
    assert str(plane["method"]) == "joint-pca" and plane["explained"].sum() <= 1 + 1e-9
    runs = list(comparison_runs(comparison))
    thetas = [load_npz(base / f"models/{run}/trajectory.npz")["theta"] for run in runs]
    np.testing.assert_array_equal(plane["center"], thetas[0][-1])  # reference: the first run
    assert not np.array_equal(thetas[0][0], thetas[1][0])  # seed 0 and seed 1
    for run, theta in zip(runs, thetas, strict=True):
        path = load_npz(base / f"paths/{run}.npz")
        assert str(path["plane_sha256"]) == digest
        np.testing.assert_allclose(path["path"], project(theta, plane["center"], plane["dirs"]))
    grid = load_npz(base / "grid.npz")
    i, j = 3, 5
    weights = plane["center"].astype(np.float64) + grid["a"][j] * plane["dirs"][0] \
        + grid["b"][i] * plane["dirs"][1]
    assert grid["sq_norm"][i, j] == pytest.approx(weights @ weights, rel=1e-6)
    np.testing.assert_allclose(grid["sq_norm"], plane_sq_norm(plane["center"], plane["dirs"],
                                                              grid["a"], grid["b"]))
    n_frames = min(tiny_config["render"]["max_frames"], tiny_config["train"]["epochs"] + 1)
    assert len(list((base / "frames").glob("frame_*.png"))) == n_frames
    r = tiny_config["render"]
    gif = iio.imread(base / "animation.gif", index=None)
    assert gif.shape[0] == n_frames + hold_frames(r["fps"], r["hold_seconds"])
