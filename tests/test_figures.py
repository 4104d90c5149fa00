import re
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from landscape.figures import (
    MontageLayout,
    MontageRenderer,
    Run,
    Slice,
    curves_figure,
    interpolation_figure,
    landscape_figure,
    montage_figure,
    montage_layout,
    montage_size,
    save_figure,
    surface_figure,
    train_test_figure,
    width_colors,
)
from landscape.pages import animation_page
from landscape.plots import log_ticks

REPO = Path(__file__).resolve().parents[1]


def arch(models: dict) -> dict:
    return {name: (m["depth"], m["width"]) for name, m in models.items()}


def test_montage_layout_of_the_default_study():
    models = yaml.safe_load((REPO / "config.yaml").read_text())["models"]
    layout = montage_layout(arch(models))
    assert (layout.n_rows, layout.n_cols) == (4, 3)
    assert layout.cells == {
        "mlp-1x5": (0, 0), "mlp-1x20": (0, 1), "mlp-1x100": (0, 2),
        "mlp-5x5": (1, 0), "mlp-5x20": (1, 1), "mlp-5x100": (1, 2),
        "mlp-10x5": (2, 0), "mlp-10x20": (2, 1), "mlp-10x100": (2, 2),
        "logreg": (3, 0), "mlp-20x5": (3, 1),  # outside the grid: the extra row
    }
    assert layout.row_labels == ("1 hidden layer", "5 hidden layers", "10 hidden layers", "")
    assert layout.col_labels == ("5 neurons", "20 neurons", "100 neurons")


def test_montage_layout_without_a_grid():
    layout = montage_layout({"logreg": (0, 0), "mlp-2x8": (2, 8)})
    assert (layout.n_rows, layout.n_cols) == (1, 2)
    assert layout.cells == {"logreg": (0, 0), "mlp-2x8": (0, 1)}
    assert not any(layout.row_labels) and not any(layout.col_labels)


def test_montage_layout_repeats_and_lone_depths_go_below():
    models = {"a": (2, 8), "b": (2, 16), "c": (2, 8), "d": (3, 8), "e": (0, 0)}
    layout = montage_layout(models)
    # Grid: depth 2 x widths 8, 16. Below, by (depth, width): e, c (a repeat of a), d.
    assert layout.cells == {"a": (0, 0), "b": (0, 1), "e": (1, 0), "c": (1, 1), "d": (2, 0)}
    assert (layout.n_rows, layout.n_cols) == (3, 2)
    width, height = montage_size(layout, 7.0)
    assert width == 7.0 and 7.0 < height < 10.0  # 3 rows of about 2.7-inch cells


def test_nearly_flat_landscapes_get_three_or_more_ticks():
    # mlp-10x5 of the default study: stuck at ln 3 = 1.0986, its plane rises to 1.1034.
    assert log_ticks(1.0986, 1.1034).tolist() == [1.099, 1.1, 1.101, 1.102, 1.103]
    assert log_ticks(1.0986, 1.1258).tolist() == [1.1, 1.11, 1.12]


def make_run(name="m", depth=2, width=8, epochs=8, diverged_at=-1, test=False):
    loss = np.geomspace(1.1, 0.05, epochs + 1)
    acc = np.linspace(0.3, 0.97, epochs + 1)
    held_out = dict(test_loss=2 * loss, test_acc=acc - 0.1) if test else {}
    return Run(name, depth, width, loss, acc, diverged_at, **held_out)


def make_slice(epochs=8, test=False):
    a, b = np.linspace(-2, 1, 15), np.linspace(-1, 1, 11)
    path = np.stack([np.linspace(-1.5, 0, epochs + 1),
                     np.sin(np.linspace(0, 3, epochs + 1)) * 0.3], axis=1)
    loss = 0.05 * np.exp(np.add.outer(b**2, a**2))
    # the held-out loss: higher, its minimum off the end of the path
    test_loss = 0.4 * np.exp(np.add.outer(b**2, (a + 0.5) ** 2)) if test else None
    return Slice(a, b, loss, path, np.array([0.9, 0.08]), test_loss)


def test_run_reads_a_trajectory():
    traj = {"spec": np.array('{"depth": 5, "width": 20, "in_dim": 2, "out_dim": 3}'),
            "loss": np.array([1.1, 0.5, 0.25]), "acc": np.array([0.3, 0.6, 0.9]),
            "diverged_at": np.int64(-1)}
    run = Run.from_trajectory("mlp-5x20", traj)
    assert (run.depth, run.width, run.last) == (5, 20, 2)
    assert run.summary() == "loss 0.250, acc. 90.0%"
    assert run.summary(1) == "loss 0.500, acc. 60.0%"
    assert run.summary(99) == run.summary()  # past the end: the last epoch
    assert run.test_loss is None
    held_out = Run.from_trajectory("m", {**traj, "test_loss": np.array([1.2, 0.7, 0.61]),
                                         "test_acc": np.array([0.3, 0.5, 0.8])})
    assert held_out.summary(kind="test") == "loss 0.610, acc. 80.0%"


def test_saved_figures_have_the_configured_size(tmp_path):
    fig = landscape_figure(make_run(), make_slice(), (3.5, 2.9))
    ax = fig.axes[0]
    assert ax.get_xlabel() == "PC1 (90.0% of variance)"
    assert ax.get_ylabel() == "PC2 (8.0% of variance)"
    assert fig.axes[1].get_ylabel() == "loss (log scale)"  # the colorbar
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "start (epoch 0)", "end (epoch 8)"]
    paths = [tmp_path / f"f.{ext}" for ext in ("png", "pdf", "svg")]
    save_figure(fig, paths, dpi=100)
    assert Image.open(paths[0]).size == (350, 290)
    pdf = paths[1].read_bytes()
    assert pdf.startswith(b"%PDF") and b"/MediaBox [ 0 0 252 208.8 ]" in pdf
    svg = paths[2].read_text()
    assert re.search(r'<svg[^>]*width="252pt" height="208.8pt"', svg)
    # Same inputs, same bytes: no dates in the files.
    again = tmp_path / "again.pdf"
    save_figure(landscape_figure(make_run(), make_slice(), (3.5, 2.9)),
                [again, tmp_path / "again.svg"], dpi=100)
    assert again.read_bytes() == pdf and (tmp_path / "again.svg").read_text() == svg
    with pytest.raises(ValueError, match="format"):
        save_figure(fig, [tmp_path / "f.jpg"], dpi=100)


def test_interpolation_figure_plots_the_given_losses():
    run = make_run()
    alphas = np.linspace(-0.25, 1.25, 7)
    line = 1 + (alphas - 1) ** 2
    plane = run.loss * 1.1
    fig = interpolation_figure(run, alphas, line, plane, (3.5, 2.9))
    line_ax, path_ax = fig.axes[:2]
    np.testing.assert_array_equal(line_ax.get_lines()[0].get_ydata(), line)
    np.testing.assert_array_equal(path_ax.get_lines()[0].get_ydata(), run.loss)
    np.testing.assert_array_equal(path_ax.get_lines()[1].get_ydata(), plane)
    assert line_ax.get_yscale() == "log" and path_ax.get_shared_y_axes().joined(line_ax, path_ax)


def test_surface_figure_puts_the_path_at_its_loss():
    run, sl = make_run(), make_slice()
    plane = np.geomspace(0.9, 0.05, run.last + 1)
    fig = surface_figure(run, sl, plane, (3.5, 2.9), elev=30, azim=-50)
    ax = fig.axes[0]
    path_line = ax.get_lines()[0]
    xs, ys, zs = path_line.get_data_3d()
    np.testing.assert_allclose(xs, sl.path[:, 0])
    np.testing.assert_allclose(zs, np.log10(plane), rtol=1e-6)
    assert (ax.elev, ax.azim) == (30, -50)
    assert ax.get_zlabel() == "loss (log scale)"


def test_curves_a_column_per_depth_colour_by_width_dashed_test():
    runs = [make_run("logreg", 0, 0, test=True), make_run("a", 1, 5, test=True),
            make_run("b", 1, 20, test=True), make_run("c", 5, 5, diverged_at=4, test=True)]
    colors = width_colors(runs)
    assert colors[0] == "black" and colors[5] != colors[20]
    fig = curves_figure(runs, (7.0, 2.9))
    axes = np.array(fig.axes).reshape(2, 3)  # loss and accuracy rows, depths 0, 1, 5
    assert [ax.get_title() for ax in axes[0]] == ["logistic regression", "1 hidden layer",
                                                  "5 hidden layers"]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["5 neurons", "20 neurons", "logistic regression", "training set",
                      "test set (held out)"]
    # depth 1: a and b, each a solid training and a dashed test line of its width's colour
    lines = [line for line in axes[0, 1].get_lines()]
    assert [(line.get_color(), line.get_linestyle()) for line in lines] == [
        (colors[5], "-"), (colors[5], "--"), (colors[20], "-"), (colors[20], "--")]
    np.testing.assert_array_equal(lines[1].get_ydata(), runs[1].test_loss)
    np.testing.assert_array_equal(axes[1, 1].get_lines()[1].get_ydata(),
                                  100 * runs[1].test_acc)
    assert axes[0, 0].get_yscale() == "log" and axes[0, 2].get_shared_y_axes().joined(
        axes[0, 0], axes[0, 2])
    # the diverged run's cross at its last finite loss
    assert axes[0, 2].get_lines()[-1].get_marker() == "x"
    # without a held-out set: only the training lines, and the legend says so
    fig = curves_figure([make_run("a", 1, 5)], (7.0, 2.9))
    assert [t.get_text() for t in fig.legends[0].get_texts()] == [
        "5 neurons", "training set (no test set)"]
    assert len(fig.axes[0].get_lines()) == 1


def test_landscape_figure_shows_test_beside_train_on_one_scale():
    run, sl = make_run(test=True), make_slice(test=True)
    fig = landscape_figure(run, sl, (7.0, 2.9), landscape="both")
    train_ax, test_ax, cbar = fig.axes
    assert train_ax.get_title() == "Training: loss 0.0500, acc. 97.0%"
    assert test_ax.get_title() == "Test (held out): loss 0.100, acc. 87.0%"
    filled = [[c for c in ax.collections if getattr(c, "filled", False)][0]
              for ax in (train_ax, test_ax)]
    np.testing.assert_array_equal(filled[0].levels, filled[1].levels)  # one colour scale
    assert filled[0].levels[0] == pytest.approx(sl.loss.min())
    assert filled[0].levels[-1] == pytest.approx(sl.test_loss.max())
    assert cbar.get_ylabel() == "loss (log scale)"
    only_test = landscape_figure(run, sl, (3.5, 2.9), landscape="test")
    assert only_test.axes[0].get_title() == "m, test (held out): loss 0.100, acc. 87.0%"
    # without a test grid, "both" shows the training loss alone, as before the split
    plain = landscape_figure(make_run(), make_slice(), (3.5, 2.9), landscape="both")
    assert len(plain.axes) == 2 and plain.axes[0].get_title() == "m: loss 0.0500, acc. 97.0%"


def test_train_test_figure_pairs_the_landscapes_of_each_model():
    runs = [make_run("a", 1, 5, test=True), make_run("b", 1, 20, test=True),
            make_run("c", 2, 5, test=True), make_run("d", 2, 20, test=True),
            make_run("logreg", 0, 0, test=True)]
    slices = [make_slice(test=True) for _ in runs]
    layout = montage_layout({r.name: (r.depth, r.width) for r in runs})
    fig = train_test_figure(runs, slices, layout, 7.0)
    assert tuple(fig.get_size_inches()) == pytest.approx(montage_size(layout, 7.0, panels=2))
    panels = [ax for ax in fig.axes if ax.get_xlabel().startswith(("train", "test"))]
    assert len(panels) == 10
    # each pair: the model's name over it, the final loss and accuracy of each set below
    assert [ax.get_title(loc="left") for ax in panels[:2]] == ["a", ""]
    assert [ax.get_xlabel() for ax in panels[:2]] == ["train 0.0500, 97.0%",
                                                      "test 0.100, 87.0%"]
    assert sorted(ax.get_title(loc="left") for ax in panels[::2]) == ["a", "b", "c", "d",
                                                                     "logreg"]
    levels = {tuple(c.levels) for ax in panels for c in ax.collections
              if getattr(c, "filled", False)}
    assert len(levels) == 1  # one colour scale for every panel
    with pytest.raises(ValueError, match="no held-out test set for a"):
        train_test_figure([make_run("a", 1, 5)], [make_slice()],
                          montage_layout({"a": (1, 5)}), 7.0)


def test_montage_figure_titles_each_cell():
    runs = [make_run("a", 1, 5), make_run("b", 1, 20), make_run("c", 2, 5),
            make_run("d", 2, 20), make_run("logreg", 0, 0)]
    slices = [make_slice() for _ in runs]
    layout = montage_layout({r.name: (r.depth, r.width) for r in runs})
    fig = montage_figure(runs, slices, layout, 7.0)
    titles = {ax.get_title() for ax in fig.axes}
    assert "a\nloss 0.0500, acc. 97.0%" in titles and "logreg\nloss 0.0500, acc. 97.0%" in titles
    assert tuple(fig.get_size_inches()) == pytest.approx(montage_size(layout, 7.0))


def test_montage_renderer_advances_every_model_together():
    runs = [make_run("a", 1, 5), make_run("b", 1, 20),
            make_run("short", 0, 0, epochs=4, diverged_at=5)]  # stopped at epoch 4
    slices = [make_slice(), make_slice(), make_slice(epochs=4)]
    layout = MontageLayout(1, 3, {"a": (0, 0), "b": (0, 1), "short": (0, 2)}, ("",), ("",) * 3)
    r = MontageRenderer(runs, slices, layout, width_px=600, height_px=240, dpi=60,
                        max_frames=5)
    assert r.epochs.tolist() == [0, 2, 4, 6, 8] and len(r) == 5
    first, last = r.render(0), r.render(4)
    assert first.shape == (240, 600, 3) and first.dtype == np.uint8
    np.testing.assert_array_equal(r.render(0), first)  # blitting leaves nothing behind
    assert np.mean(np.any(first != last, axis=-1)) > 0.01
    r.render(4)
    _, point, title = r.artists["short"]
    assert title.get_text() == "short\nloss 0.0500, acc. 97.0% (diverged)"
    np.testing.assert_array_equal(point.get_xydata(), slices[2].path[-1:])
    assert r.title.get_text() == "epoch 8/8"
    r.close()
    with pytest.raises(ValueError, match="even"):
        MontageRenderer(runs, slices, layout, 601, 240, 60, 5)


def test_animation_page_inlines_the_video():
    page = animation_page("a <b> & c", b"\x00\x01mp4 bytes", 640, 320, note="n")
    assert "<title>a &lt;b&gt; &amp; c</title>" in page
    src = re.search(r'src="data:video/mp4;base64,([^"]+)"', page).group(1)
    import base64

    assert base64.b64decode(src) == b"\x00\x01mp4 bytes"
    assert 'width="640" height="320"' in page and "loop" in page and "muted" in page
