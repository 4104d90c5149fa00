"""The figure targets of the tiny workflow: every format, at the configured size."""

import re

import imageio.v2 as imageio
import imageio.v3 as iio
import numpy as np
import pytest
import yaml
from conftest import planned_jobs, snakemake
from PIL import Image

from landscape.figures import montage_layout, montage_size
from landscape.io import load_npz
from landscape.video import hold_frames

pytestmark = pytest.mark.e2e

KINDS = ("landscape", "surface", "interpolation")


def figure_paths(config):
    f = config["figures"]
    formats = f["formats"]
    per_model = {f"{kind}/{m}": (f["width"], f["height"])
                 for kind in KINDS for m in config["models"]}
    # tiny.yaml has a held-out split and the default figures.landscape, both: the landscape
    # figures show training and test side by side, as wide as the figures of all models
    assert config["data"]["test_fraction"] > 0 and "landscape" not in f
    per_model.update({f"landscape/{m}": (f["wide_width"], f["height"])
                      for m in config["models"]})
    layout = montage_layout({m: (a["depth"], a["width"]) for m, a in config["models"].items()})
    study = {"montage": montage_size(layout, f["wide_width"]),
             "train_test": montage_size(layout, f["wide_width"], panels=2),
             "curves": (f["wide_width"], f["height"])}
    return {stem: size for stem, size in {**per_model, **study}.items()}, formats


def pdf_size(data: bytes) -> tuple[float, float]:
    x0, y0, x1, y1 = map(float, re.search(rb"/MediaBox \[ ?([\d. ]+?) ?\]", data)
                         .group(1).split())
    return x1 - x0, y1 - y0


def check_sizes(folder, sizes, formats, dpi):
    """Each figure `stem` of `sizes` in `folder`, in every format, at its (w, h) inches."""
    for stem, (w, h) in sizes.items():
        base = folder / stem
        for ext in formats:
            assert (base.parent / f"{base.name}.{ext}").stat().st_size > 5000, (stem, ext)
        # PNG: exactly the configured inches times the dpi; PDF and SVG: in points (1/72 in).
        got = Image.open(f"{base}.png").size
        assert np.allclose(got, (w * dpi, h * dpi), atol=1), (stem, got)  # whole pixels
        assert pdf_size(base.with_suffix(".pdf").read_bytes()) == pytest.approx(
            (72 * w, 72 * h), abs=0.01), stem
        svg = base.with_suffix(".svg").read_text()
        got = re.search(r'<svg[^>]*width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups()
        assert tuple(map(float, got)) == pytest.approx((72 * w, 72 * h), abs=0.01), stem


def test_every_figure_in_every_format_at_its_size(tiny_run, tiny_config):
    sizes, formats = figure_paths(tiny_config)
    assert len(sizes) == 3 * len(tiny_config["models"]) + 3
    check_sizes(tiny_run / "results/figures", sizes, formats, tiny_config["figures"]["dpi"])


def test_toy_figures_at_their_size(tiny_run, tiny_config):
    f, toy = tiny_config["figures"], tiny_config["toy"]
    wide = (f["wide_width"], f["height"])
    sizes = {"risk": (f["width"], f["height"]),
             **{f"slices/{s}": wide for s in toy["slices"]["surfaces"]},
             **{f"escape/{s}": wide for s in toy["escape"]["surfaces"]},
             **{s: wide for s in toy["surfaces"]}}
    check_sizes(tiny_run / "results/figures/toy", sizes, f["formats"], f["dpi"])


def test_interpolation_meets_the_recorded_weights(tiny_run, tiny_config):
    for m in tiny_config["models"]:
        line = load_npz(tiny_run / f"results/models/{m}/interpolation.npz")
        traj = load_npz(tiny_run / f"results/models/{m}/trajectory.npz")
        alpha, loss = line["alpha"], line["line_loss"]
        assert alpha[0] == pytest.approx(-tiny_config["figures"].get("line_margin", 0.25))
        # alpha 0 and 1 are the initial and the final weights: their recorded losses.
        assert loss[alpha == 0][0] == pytest.approx(traj["loss"][0], rel=1e-5)
        assert loss[alpha == 1][0] == pytest.approx(traj["loss"][-1], rel=1e-5)
        # The plane is centred on the final weights, so there the path loses nothing.
        assert line["plane_loss"].shape == traj["loss"].shape
        assert line["plane_loss"][-1] == pytest.approx(traj["loss"][-1], rel=1e-5)


def test_montage_animation(tiny_run, tiny_config):
    r, f = tiny_config["render"], tiny_config["figures"]
    n_frames = min(r["max_frames"], tiny_config["train"]["epochs"] + 1)
    total = n_frames + hold_frames(r["fps"], r["hold_seconds"])
    layout = montage_layout({m: (a["depth"], a["width"])
                             for m, a in tiny_config["models"].items()})
    w, h = montage_size(layout, f["wide_width"])
    size = (2 * round(w * f["montage_dpi"] / 2), 2 * round(h * f["montage_dpi"] / 2))
    base = tiny_run / "results/montage"
    assert len(list((base / "frames").glob("frame_*.png"))) == n_frames
    gif = iio.imread(base / "montage.gif", index=None)
    assert gif.shape[:3] == (total, size[1], size[0])
    assert not np.array_equal(gif[0], gif[-1])  # the paths advance
    reader = imageio.get_reader(base / "montage.mp4", "ffmpeg")
    frames = [frame for frame in reader]
    reader.close()
    assert len(frames) == total and frames[0].shape == (size[1], size[0], 3)


def test_animation_pages_inline_their_video(tiny_run, tiny_config):
    for page, mp4 in [(f"animations/{m}.html", f"animations/{m}.mp4")
                      for m in tiny_config["models"]] + [("montage/montage.html",
                                                          "montage/montage.mp4")]:
        html = (tiny_run / "results" / page).read_text()
        assert "<video" in html and "data:video/mp4;base64," in html
        mp4_size = (tiny_run / "results" / mp4).stat().st_size
        assert mp4_size < len(html) < 1.4 * mp4_size + 2000  # base64 is 4/3 of the bytes


def test_figure_option_redraws_only_figures(tiny_run, tiny_config, tmp_path):
    changed = dict(tiny_config, figures={**tiny_config["figures"], "dpi": 80})
    config = tmp_path / "changed.yaml"
    config.write_text(yaml.safe_dump(changed))
    jobs = planned_jobs(snakemake(tiny_run, "-n", configfile=config))
    n, s = len(tiny_config["models"]), len(tiny_config["toy"]["surfaces"])
    c = len(tiny_config["comparisons"])
    sl, e = (len(tiny_config["toy"][k]["surfaces"]) for k in ("slices", "escape"))
    assert jobs == {"landscape_figure": n, "surface_figure": n, "interpolation_figure": n,
                    "montage_figure": 1, "train_test_figure": 1, "curves_figure": 1,
                    "hessian_figure": n, "toy_figure": s, "risk_figure": 1,
                    "slices_figure": sl, "escape_figure": e, "shared_figure": c,
                    "shared_curves": c, "all": 1}


def test_named_figure_targets_are_built(tiny_run):
    assert planned_jobs(snakemake(tiny_run, "-n", "figures", "montage", "train_test")) == {}


def test_figure_landscape_option_redraws_only_the_landscape_figures(tiny_run, tiny_config,
                                                                   tmp_path):
    changed = dict(tiny_config, figures={**tiny_config["figures"], "landscape": "train"})
    config = tmp_path / "changed.yaml"
    config.write_text(yaml.safe_dump(changed))
    jobs = planned_jobs(snakemake(tiny_run, "-n", configfile=config))
    assert jobs == {"landscape_figure": len(tiny_config["models"]),
                    "shared_figure": len(tiny_config["comparisons"]), "all": 1}


def test_train_test_figure_holds_the_final_losses(tiny_run, tiny_config):
    log = (tiny_run / "results/logs/figures/train_test.log").read_text()
    for m in tiny_config["models"]:
        traj = load_npz(tiny_run / f"results/models/{m}/trajectory.npz")
        assert (f"{m}: training loss {traj['loss'][-1]:.4g} (accuracy "
                f"{100 * traj['acc'][-1]:.1f}%), test loss {traj['test_loss'][-1]:.4g}") in log
    assert "fontTools" not in log and "glyph" not in log  # no font subsetting noise
