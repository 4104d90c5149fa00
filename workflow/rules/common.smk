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
ENV = "../envs/landscape.yaml"

# Cluster conventions for every rule; workflow/profiles/slurm runs them on SLURM.
# - threads, resources mem_mb (MB) and runtime (minutes) come from measurements: the
#   benchmark TSVs of the default study and of the largest models of config/sweep.yaml
#   (mlp-20x100, mlp-20x50), run on a busy 2-core machine. mem_mb is 2x the peak RSS rounded
#   up to 250 MB, runtime 5x the slowest job rounded up to a minute (at least 2): what
#   `python -m landscape.resources results/benchmarks` prints for a run. Rules over all
#   models scale that by the sweep's 31 models over the 11 measured. Each rule says its
#   slowest job and peak memory in a comment above its resources.
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


def compared(wildcards, name):
    """The files of every model shown in comparison `wildcards.name`, in order."""
    models = STUDIES[wildcards.root]["compare"][wildcards.name]
    return [f"{wildcards.root}/models/{m}/{name}.npz" for m in models]


def animations(kind):
    """The GIF or MP4 of every model and every comparison, in every study."""
    out = []
    for root, study in STUDIES.items():
        out += expand(f"{root}/animations/{{model}}.{kind}", model=study["models"])
        out += expand(f"{root}/compare/{{name}}.{kind}", name=study["compare"])
    return out


def comparison_figures(roots=STUDIES):
    """The static side-by-side figures (PNG and PDF) of the comparisons of `roots`."""
    return [f"{root}/compare/{name}.{ext}" for root in roots
            for name in STUDIES[root]["compare"] for ext in ("png", "pdf")]


def study_outputs(root):
    """Everything one study makes: its models' animations and its comparisons."""
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


def toy_figure_outputs():
    """The static figure of a surface in every configured format, the shown one flagged for
    the report."""
    files = [f"{RESULTS}/figures/toy/{{surface}}.{ext}" for ext in FIGURES["formats"]]
    return [toy_report(f, "../report/toy_figure.rst", "{surface}",
                       "paths, 3D view, loss per step") if f.endswith(f".{SHOWN}") else f
            for f in files]


def toy_targets():
    """Every toy animation (GIF, MP4, report page), figure and table."""
    if not TOY_SURFACES:
        return []
    return (
        expand(f"{TOY_DIR}/animations/{{surface}}.{{kind}}", surface=TOY_SURFACES,
               kind=("gif", "mp4", "html"))
        + expand(f"{RESULTS}/figures/toy/{{surface}}.{{ext}}", surface=TOY_SURFACES,
                 ext=FIGURES["formats"])
        + [f"{TOY_DIR}/critical_points.csv", f"{TOY_DIR}/critical_points.md"]
    )


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
