# Named targets: one per model of the top-level study and one per further study or
# comparison. Included last, so that a name clashing with any rule of the workflow is caught.
# One named target per model: `snakemake mlp-5x20` builds its GIF and MP4.
for _model in MODELS:
    if workflow.is_rule(_model):
        config_error(f"config error at models: {_model!r} is also the name of a rule of this "
                     "workflow; rename the model")

    rule:
        name:
            _model
        input:
            expand(f"{RESULTS}/animations/{_model}.{{kind}}", kind=("gif", "mp4")),


# One named target per further study or comparison: `snakemake skips` builds everything of
# config.studies.skips (in results/studies/skips/), `snakemake optimizers` everything of
# config.comparisons.optimizers (in results/comparisons/optimizers/).
for _root in STUDIES:
    if _root != RESULTS:
        if workflow.is_rule(study_name(_root)):
            _section = "comparisons" if _root in COMPARISONS else "studies"
            config_error(f"config error at {_section}: {study_name(_root)!r} is also the name "
                         "of a rule of this workflow; rename it")

        rule:
            name:
                study_name(_root)
            input:
                study_outputs(_root),
