# Config validation and the helpers that list targets. Runs before any job starts.
import os
import re
import sys

# Jobs import the package from this checkout's src/, whatever is installed.
SRC = os.path.join(workflow.basedir, "src")
sys.path.insert(0, SRC)
os.environ.update(
    PYTHONPATH=os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH")) if p)
)

from landscape.config import ARCHITECTURE, ConfigError, studies, validate_config  # noqa: E402
from landscape.io import InputError, load_user_npz  # noqa: E402
from landscape.shared import differing_settings, run_label  # noqa: E402


def config_error(message):
    """Stop before any job with `message` (one or two lines), no traceback, exit status 1.
    Use it for any check of the config made in a .smk file."""
    logger.error(message)
    sys.exit(1)


try:
    validate_config(config, os.path.join(workflow.basedir, "workflow/schemas/config.schema.yaml"))
except ConfigError as err:
    config_error(str(err))

RESULTS = "results"
# Results folder -> complete settings of that study: RESULTS for the top-level study,
# RESULTS/studies/<name> for each entry of `studies`. Every rule's paths start with the
# {root} wildcard, so the same rules serve every study and their files never collide.
STUDIES = studies(config, RESULTS)
MODELS = list(config["models"])  # the top-level study's models (one named target each)
# A fixed plane's file is read before any job starts: a wrong path or file stops the run here
# (unless the workflow makes it: a plane under results/ is built first and checked by the job).
for _study in STUDIES.values():
    _landscape = _study["landscape"]
    if _landscape["method"] == "fixed" and not _landscape["file"].startswith(f"{RESULTS}/"):
        try:
            load_user_npz(_landscape["file"], ("dirs", "center"))
        except InputError as err:
            config_error(f"config error at landscape.file: {err}")

# Comparisons on a shared plane: studies whose models are the runs (see rules/shared.smk).
COMPARISONS = {root: s for root, s in STUDIES.items() if "shared" in s}
ENV = "../envs/landscape.yaml"

# Cluster conventions for every rule; workflow/profiles/slurm runs them on SLURM.
# - threads, resources mem_mb (MB) and runtime (minutes) come from measurements: the
#   benchmark TSVs of the default study and of the largest models of config/sweep.yaml
#   (mlp-20x100, mlp-20x50), run on a busy 2-core machine. mem_mb is 2x the peak RSS rounded
#   up to 250 MB, runtime 5x the slowest job rounded up to a minute (at least 2): what
#   `python -m landscape.resources results/benchmarks` prints for a run. Rules over all
#   models scale that by the sweep's 31 models over the 11 measured. Each rule says its
#   slowest job and peak memory in a comment above its resources.
# - threads: 1 for every rule, the torch ones included: two one-thread jobs side by side
#   finish sooner than one two-thread job (each torch job first spends 1.7 s importing on
#   one core, and the small nets' layers keep a second thread idle). Measured on 2 cores:
#   the 11 models' animations 186 s -> 131 s (benchmarks/study.py), the whole default build
#   711 s -> 615 s. A single large grid can take more: --set-threads grid=4.
# - every rule that runs a job declares a group; the profile's group-components says how
#   many of the group's independent parts share one sbatch submission. Locally, groups are
#   ignored.
#   MODEL_GROUP: one job per model, reading only that model's files (and shared inputs).
#     A model's jobs go out together, several models per submission.
#   STUDY_GROUP: jobs that read every model (montage, curves). They must stay out of
#     MODEL_GROUP, since one of them there would merge all models into a single job.
#   A new family of jobs that depends on no model (toy surfaces) takes a group of its own
#   and a group-components entry in the profile. Jobs of under a second go in localrules.
#   TOY_GROUP: the jobs of the textbook surfaces (rules/toy.smk), one part per surface.
MODEL_GROUP = "model"
STUDY_GROUP = "study"
TOY_GROUP = "toy"


def _alternatives(names):
    return "|".join(sorted(map(re.escape, set(names)), key=len, reverse=True)) or "(?!)"


COMPARISON_ROOTS = _alternatives(COMPARISONS)


wildcard_constraints:
    root=_alternatives(STUDIES),
    model=_alternatives(m for s in STUDIES.values() for m in s["models"]),
    name=_alternatives(c for s in STUDIES.values() for c in s["compare"]),


def setting(section, key=None):
    """A params function: the `section` (or its `key`) of the job's study."""

    def get(wildcards):
        value = STUDIES[wildcards.root][section]
        return value if key is None else value[key]

    return get


def model_of(wildcards):
    """The job's model: its architecture and complete training settings."""
    models = STUDIES[wildcards.root]["models"]
    if wildcards.model not in models:
        raise WorkflowError(
            f"{wildcards.model!r} is not a model of the study in {wildcards.root}/; "
            f"its models are: {', '.join(models)}"
        )
    return models[wildcards.model]


def data_file(wildcards):
    """The user's data file, for data.kind: file (so editing it rebuilds the dataset)."""
    data = STUDIES[wildcards.root]["data"]
    return [data["path"]] if data["kind"] == "file" else []


# The keys of the landscape section that choose the plane's directions.
DIRECTIONS = ("method", "seed", "biases", "file")


def directions_setting(wildcards):
    """The study's direction settings: only the keys that change the plane, so that a new
    resolution or margin recomputes grids but keeps planes."""
    landscape = STUDIES[wildcards.root]["landscape"]
    return {k: landscape[k] for k in DIRECTIONS if k in landscape}


# How the report's captions describe each method's plane.
PLANE_TEXT = {
    "pca": "the plane of the two principal directions of its training path (PCA of the "
           "weights at every epoch; each axis gives its share of the path's variance)",
    "joint-pca": "one plane for all runs: the principal directions of all their paths about "
                 "the reference run's final weights",
    "random": "a plane of two random directions, filter-normalised to the final weights (Li et "
              "al. 2018; each axis gives its share of the path's variance, which is small)",
    "interpolation": "the plane of the line from its initial to its final weights and a "
                     "random filter-normalised direction",
    "fixed": "a fixed plane read from a file",
}


def plane_text(wildcards):
    """A params function: the caption's words for the job's plane."""
    landscape = STUDIES[wildcards.get("root", RESULTS)]["landscape"]
    text = PLANE_TEXT[landscape["method"]]
    return f"{text} ({landscape['file']})" if landscape["method"] == "fixed" else text


def plane_file(wildcards):
    """The plane file of method fixed (so that replacing it redraws the study)."""
    landscape = STUDIES[wildcards.root]["landscape"]
    return [landscape["file"]] if landscape["method"] == "fixed" else []


def run_files(wildcards, name, reference=False):
    """The file of every run of a comparison (or of its reference run only): `name` is
    trajectory (models/RUN/trajectory.npz) or path (paths/RUN.npz)."""
    shared = STUDIES[wildcards.root]["shared"]
    runs = [shared["reference"]] if reference else shared["runs"]
    pattern = "{root}/paths/{run}.npz" if name == "path" else "{root}/models/{run}/{name}.npz"
    return [pattern.format(root=wildcards.root, run=r, name=name) for r in runs]


def comparison_name(wildcards):
    return os.path.basename(wildcards.root)


def _shared(key):
    """A params function: `key` of the job's comparison (see SHARED_PARAMS)."""

    def get(wildcards):
        study = STUDIES[wildcards.root]
        runs = [study["models"][r] for r in study["shared"]["runs"]]
        if key == "labels":
            differing = differing_settings([r["train"] for r in runs], [r["seed"] for r in runs])
            return [run_label(name, r["train"], r["seed"], differing)
                    for name, r in zip(study["shared"]["runs"], runs)]
        if key == "l2":
            return [coupled_l2(r["train"]) for r in runs]
        if key == "architecture":
            return {k: runs[0][k] for k in ARCHITECTURE}
        return study["shared"][key] if key in study["shared"] else study["landscape"][key]

    return get


# What the comparison jobs need to know of their runs (and the captions show).
SHARED_PARAMS = {k: _shared(k) for k in ("runs", "reference", "labels", "l2", "architecture",
                                          "method")} | {"name": comparison_name}


def shared_figure_outputs(stem, figure):
    """A comparison's figure `stem` in every configured format, the shown one flagged for the
    report under the comparison's category."""
    files = [f"{{root}}/{stem}.{ext}" for ext in FIGURES["formats"]]
    return [report(f, caption="../report/shared.rst", category=comparison_name,
                   subcategory=stem.capitalize(),
                   labels={"comparison": "{root}", "figure": figure})
            if f.endswith(f".{SHOWN}") else f for f in files]


def compared(wildcards, name):
    """The files of every model shown in comparison `wildcards.name`, in order."""
    models = STUDIES[wildcards.root]["compare"][wildcards.name]
    return [f"{wildcards.root}/models/{m}/{name}.npz" for m in models]


def animations(kind):
    """The GIF or MP4 of every model and every side-by-side comparison, in every study, and
    of every comparison on a shared plane."""
    out = []
    for root, study in STUDIES.items():
        if root in COMPARISONS:
            out.append(f"{root}/animation.{kind}")
            continue
        out += expand(f"{root}/animations/{{model}}.{kind}", model=study["models"])
        out += expand(f"{root}/compare/{{name}}.{kind}", name=study["compare"])
    return out


def comparison_figures(roots=STUDIES):
    """The static side-by-side figures (PNG and PDF) of the comparisons of `roots`, and the
    figures of the comparisons on a shared plane."""
    return [f for root in roots for f in
            ([f"{root}/{stem}.{ext}" for stem in ("landscape", "curves")
              for ext in FIGURES["formats"]] + [f"{root}/animation.html"]
             if root in COMPARISONS else
             [f"{root}/compare/{name}.{ext}" for name in STUDIES[root]["compare"]
              for ext in ("png", "pdf")])]


def study_outputs(root):
    """Everything one study makes: its models' animations and its comparisons (or, for a
    comparison on a shared plane, its animations and figures)."""
    if root in COMPARISONS:
        return [f"{root}/animation.{kind}" for kind in ("gif", "mp4")] + comparison_figures([root])
    study = STUDIES[root]
    return (expand(f"{root}/animations/{{model}}.{{kind}}", model=study["models"],
                   kind=("gif", "mp4"))
            + expand(f"{root}/compare/{{name}}.{{kind}}", name=study["compare"],
                     kind=("gif", "mp4"))
            + comparison_figures([root]))


def all_animations():
    return animations("gif") + animations("mp4")


def study_name(root):
    """`skips` for results/studies/skips; None for the top-level study."""
    return None if root == RESULTS else os.path.basename(root)


def report_category(wildcards):
    """The report's category of a model's files: the model's name, after its study's name
    outside the top-level study (two studies may each have an mlp-20x5)."""
    study = study_name(wildcards.root)
    return wildcards.model if study is None else f"{study}/{wildcards.model}"


def comparison_category(wildcards):
    """The report's category of a study's side-by-side comparisons."""
    return study_name(wildcards.root) or "Comparisons"


# Figures (rules/figures.smk): paper figures, the montage, the report's animation pages.
FIGURES = config["figures"]
# The report shows one format of each figure: the first of these that is configured.
SHOWN = next(ext for ext in ("png", "svg", "pdf") if ext in FIGURES["formats"])
STUDY = "All models"  # the report's category of the figures that show every model


def figure_outputs(stem, caption, model, subcategory, figure):
    """The figure `stem` in every configured format, the shown one flagged for the report
    under the model's category (or STUDY where `model` is None)."""
    files = [f"{RESULTS}/figures/{stem}.{ext}" for ext in FIGURES["formats"]]
    labels = {"model": model or "all", "figure": figure}
    return [report(f, caption=caption, category=model or STUDY, subcategory=subcategory,
                   labels=labels) if f.endswith(f".{SHOWN}") else f for f in files]


def model_figures(model):
    return [f"{RESULTS}/figures/{kind}/{model}.{ext}"
            for kind in ("landscape", "surface", "interpolation")
            for ext in FIGURES["formats"]]


# The top-level study has a held-out test set (data.test_fraction above 0): its grids and
# trajectories hold test losses, and the train/test figure can be drawn.
HELD_OUT = config["data"]["test_fraction"] > 0


def study_figures():
    """The figures over all models: montage, curves, and with a held-out set train_test."""
    names = ("montage", "curves") + ("train_test",) * HELD_OUT
    return [f"{RESULTS}/figures/{name}.{ext}" for name in names for ext in FIGURES["formats"]]


def montage_animations():
    return [f"{RESULTS}/montage/montage.{kind}" for kind in ("gif", "mp4", "html")]


def all_figures():
    """Every figure, the montage animation and the report's animation pages."""
    return [
        *(f for m in MODELS for f in model_figures(m)),
        *study_figures(),
        *montage_animations(),
        *expand(f"{RESULTS}/animations/{{model}}.html", model=MODELS),
    ]


def all_models(name):
    """The file `name`.npz of every model."""
    return expand(f"{RESULTS}/models/{{model}}/{name}.npz", model=MODELS)



FIGURE_SIZE = dict(width=FIGURES["width"], height=FIGURES["height"], dpi=FIGURES["dpi"])
# A per-model landscape figure with the training and the test loss side by side is as wide
# as the figures of all models (two journal columns).
LANDSCAPE_SIZE = ({**FIGURE_SIZE, "width": FIGURES["wide_width"]}
                  if FIGURES["landscape"] == "both" and HELD_OUT else FIGURE_SIZE)


# Textbook surfaces (workflow/rules/toy.smk) and Hessians (workflow/rules/hessian.smk).
TOY = config["toy"]
TOY_SURFACES = list(TOY["surfaces"])
TOY_DIR = f"{RESULTS}/toy"
TOY_CATEGORY = "Toy surfaces"  # the report's category of everything the toy rules make
HESSIAN_DIR = f"{RESULTS}/hessian"


def toy_report(path, caption, subcategory, figure):
    """`path` flagged for the report under the toy category."""
    return report(path, caption=caption, category=TOY_CATEGORY, subcategory=subcategory,
                  labels={"surface": subcategory, "figure": figure})


def toy_figure_outputs(stem="{surface}", caption="../report/toy_figure.rst",
                       subcategory="{surface}", figure="paths, 3D view, loss per step"):
    """A static toy figure `results/figures/toy/<stem>` in every configured format, the
    shown one flagged for the report under `subcategory` of the toy category."""
    files = [f"{RESULTS}/figures/toy/{stem}.{ext}" for ext in FIGURES["formats"]]
    return [toy_report(f, caption, subcategory, figure) if f.endswith(f".{SHOWN}") else f
            for f in files]


def toy_animations(folder, names):
    """The GIF, MP4 and report page of each of `names` in `TOY_DIR/animations/<folder>`,
    and its figure in every format in `results/figures/toy/<folder>`."""
    return expand(f"{TOY_DIR}/animations/{folder}{{name}}.{{kind}}", name=names,
                  kind=("gif", "mp4", "html")) + expand(
        f"{RESULTS}/figures/toy/{folder}{{name}}.{{ext}}", name=names, ext=FIGURES["formats"])


def toy_targets():
    """Every toy animation (GIF, MP4, report page), figure and table: the textbook
    surfaces' (rules/toy.smk), the risk curves' (rules/risk.smk), the slices'
    (rules/slices.smk) and the saddle escapes' (rules/escape.smk)."""
    tables = [f"{TOY_DIR}/critical_points.csv", f"{TOY_DIR}/critical_points.md"]
    return (
        (toy_animations("", TOY_SURFACES) + tables if TOY_SURFACES else [])
        + risk_targets()
        + toy_animations("slices/", SLICED)
        + toy_animations("escape/", ESCAPED)
    )


# Empirical vs expected risk (rules/risk.smk), slices of surfaces of three weights
# (rules/slices.smk), escaping a saddle (rules/escape.smk): all under the toy category.
SLICED = list(TOY["slices"]["surfaces"])
ESCAPED = list(TOY["escape"]["surfaces"])
RISK_DIR = f"{TOY_DIR}/risk"
# Their subcategories of the report's toy category.
RISK_CATEGORY = "empirical vs expected risk"
SLICES_CATEGORY = "slices: {sliced}"
ESCAPE_CATEGORY = "escape: {escaped}"


def risk_targets():
    return [f"{RESULTS}/figures/toy/risk.{ext}" for ext in FIGURES["formats"]] + [
        f"{RISK_DIR}/minima.csv", f"{RISK_DIR}/minima.md"]


def hessian_targets():
    """Every model's Hessian figure, and the table of all models."""
    return expand(f"{RESULTS}/figures/hessian/{{model}}.{{ext}}", model=MODELS,
                  ext=FIGURES["formats"]) + [
        f"{HESSIAN_DIR}/hessian.csv",
        f"{HESSIAN_DIR}/hessian.md",
    ]


def coupled_l2(train):
    """The L2 term the optimiser minimises: weight decay is part of the loss for SGD, Adam
    and RMSprop, but decoupled from it in AdamW."""
    return 0.0 if train["optimizer"] == "adamw" else train["weight_decay"]
