# Loss-landscape figures and animations. Wiring only: the stages live in workflow/rules/,
# their logic in src/landscape/.
from snakemake.utils import min_version

min_version("9.0")


# The default study, unless --configfile names another one: a study file replaces it
# rather than being merged into it (merged, its models would join the default's 11).
if not workflow.overwrite_configfiles:

    configfile: "config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/data.smk"
include: "workflow/rules/train.smk"
include: "workflow/rules/landscape.smk"
include: "workflow/rules/render.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/compare.smk"
include: "workflow/rules/shared.smk"
include: "workflow/rules/toy.smk"
include: "workflow/rules/risk.smk"
include: "workflow/rules/slices.smk"
include: "workflow/rules/escape.smk"
include: "workflow/rules/hessian.smk"


rule all:
    input:
        all_animations(),
        all_figures(),
        comparison_figures(),
        toy_targets(),
        hessian_targets(),
    default_target: True


# Last: the named targets (one per model, study and comparison) check their names against
# every rule above.
include: "workflow/rules/targets.smk"
