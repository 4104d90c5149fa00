"""The Snakemake HTML report of the tiny workflow, opened in a real headless browser."""

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, snakemake

pytestmark = pytest.mark.e2e

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless and quiet: no GPU, no sandbox (root in CI), nothing fetched in the background.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
KINDS = {"Animation": 3, "Loss landscape": 1, "3D surface": 1, "1D interpolation": 1,
         "Hessian": 1}
TOY = "Toy surfaces"


@pytest.fixture(scope="module")
def report(tiny_run) -> Path:
    path = tiny_run / "results" / "report.html"
    snakemake(tiny_run, "--report", str(path))
    return path


def embedded(report: Path, name: str):
    """A JSON object the report embeds as `var name = {...};`."""
    text = report.read_text()
    return json.loads(re.search(rf"var {name} = (\{{.*?\}});\n", text, re.S).group(1))


def test_report_lists_every_result_with_a_caption(report, tiny_config):
    results = embedded(report, "results")
    models, surfaces = list(tiny_config["models"]), list(tiny_config["toy"]["surfaces"])
    # Per model: 4 figures, the GIF, the MP4 and the page; for all models: montage, train
    # and test landscapes and curves, the montage's GIF, MP4 and page, the Hessian table;
    # per toy surface, surface of three weights and saddle escape: its figure, GIF, MP4 and
    # page; the table of critical points; the risk figure and the table of its minima; per
    # comparison on a shared plane: its GIF, MP4 and page, its landscape and curves figures.
    toy = tiny_config["toy"]
    sliced, escaped = list(toy["slices"]["surfaces"]), list(toy["escape"]["surfaces"])
    n_toy = len(surfaces) + len(sliced) + len(escaped)
    comparisons = list(tiny_config["comparisons"])
    assert len(results) == 7 * len(models) + 7 + 4 * n_toy + 1 + 2 + 5 * len(comparisons)
    for path, entry in results.items():
        assert entry["caption"].strip(), path
        # docutils renders a caption's reStructuredText errors (e.g. |x| read as a
        # substitution) as a system message inside the page
        assert "system-message" not in entry["caption"], (path, entry["caption"])
        if path.startswith("results/comparisons/"):
            name = path.split("/")[2]
            caption = entry["caption"]
            assert f"Comparison <strong>{name}</strong>" in caption, path
            assert "<strong>one shared plane</strong> (joint-pca directions" in caption, path
        elif path.startswith(("results/toy/", "results/figures/toy/")):
            assert "Settings: " in entry["caption"] or "Newton" in entry["caption"], path
        else:
            assert "Settings: adam with learning rate 0.02, 8 epochs" in entry["caption"], path
    categories = embedded(report, "categories")
    assert set(categories) == {"All models", TOY, *models, *comparisons}
    for c in comparisons:
        assert {k: len(v) for k, v in categories[c].items()} == {"Animation": 3, "Landscape": 1,
                                                                 "Curves": 1}
    for m in models:
        assert {k: len(v) for k, v in categories[m].items()} == KINDS
    assert sorted(categories["All models"]) == ["Hessian", "Montage", "Train and test",
                                                "Training curves"]
    assert {k: len(v) for k, v in categories[TOY].items()} == {
        **{s: 4 for s in surfaces}, "Critical points": 1,
        **{f"slices: {s}": 4 for s in sliced}, **{f"escape: {s}": 4 for s in escaped},
        "empirical vs expected risk": 2}
    shown = [p for p in results if p.startswith("results/figures/")]
    assert all(p.endswith(".png") for p in shown)
    assert len(shown) == 4 * len(models) + 3 + n_toy + 1
    assert {p.rsplit(".", 1)[1] for p in results if p.startswith("results/comparisons/")} \
        == {"gif", "mp4", "html", "png"}
    # the held-out split is in the captions
    caption = results["results/figures/train_test.png"]["caption"]
    assert "The test set is 20.0% of each class" in caption
    assert "dashed line" in results["results/figures/curves.png"]["caption"]


def test_zip_report_holds_every_file(tiny_run):
    path = tiny_run / "results" / "report.zip"
    snakemake(tiny_run, "--report", str(path))
    names = zipfile.ZipFile(path).namelist()
    assert "report/report.html" in names
    for suffix in ("montage.gif", "montage.mp4", "montage.html", "curves.png"):
        assert any(n.endswith(suffix) for n in names), suffix


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}: `make test` installs Debian's chromium when "
                    "run as root with apt-get; elsewhere install it to run this test")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_report_opens_in_a_browser(report, browser, tiny_config, tiny_run):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}")
            if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url[:80]}"))
    page.goto(report.as_uri())
    assert page.title() == "Snakemake Report"
    menu = page.inner_text("body")
    for name in ["All models", *tiny_config["models"], *tiny_config["comparisons"]]:
        assert name in menu

    # A model's figures: the landscape image is shown inline.
    page.get_by_text("mlp-2x8", exact=True).click()
    for kind in KINDS:
        page.get_by_text(kind, exact=True).wait_for()
    page.get_by_text("Loss landscape", exact=True).click()
    page.locator("tr", has_text="loss landscape and path").locator("a[iconname=eye]").click()
    image = page.locator("img[src^='data:image/png']")
    image.wait_for()
    # training and test side by side (figures.landscape: both): two columns wide
    width = tiny_config["figures"]["wide_width"] * tiny_config["figures"]["dpi"]
    assert image.evaluate("img => img.naturalWidth") == round(width)

    # Its animation plays inside the report (the page that inlines the MP4).
    page.get_by_text("Results", exact=True).click()
    page.get_by_text("mlp-2x8", exact=True).click()
    page.get_by_text("Animation", exact=True).click()
    page.locator("tr", has_text="animation (plays here)").locator("a[iconname=eye]").click()
    page.frame_locator("iframe").locator("video").wait_for()
    # The page is a data: URL (an opaque origin): ask its own frame whether the MP4 decodes.
    frame = next(f for f in page.frames if f.url.startswith("data:text/html"))
    frame.wait_for_function("document.querySelector('video').readyState >= 2",
                            timeout=15_000)
    state = frame.evaluate("(v => [v.videoWidth, v.videoHeight, v.error])"
                           "(document.querySelector('video'))")
    assert state == [tiny_config["render"]["width"], tiny_config["render"]["height"], None]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "report-animation.png")

    # The montage under All models.
    page.get_by_text("Results", exact=True).click()
    page.get_by_role("link", name="All models", exact=True).click()
    page.get_by_text("Montage", exact=True).click()
    page.locator("tr", has_text="montage of all models").locator("a[iconname=eye]").click()
    page.locator("img[src^='data:image/png']").wait_for()
    page.screenshot(path=ARTIFACTS / "report.png")

    # The train/test figure beside it.
    page.get_by_text("Results", exact=True).click()
    page.get_by_role("link", name="All models", exact=True).click()
    page.get_by_text("Train and test", exact=True).click()
    page.locator("tr", has_text="training and test landscapes of all models").locator(
        "a[iconname=eye]").click()
    page.locator("img[src^='data:image/png']").wait_for()
    assert not problems, problems
