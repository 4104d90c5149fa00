# Side-by-side animations and figures of the models a study's `compare` section names.
rule compare_frames:
    input:
        data="{root}/data/dataset.npz",
        trajectories=lambda wc: compared(wc, "trajectory"),
        planes=lambda wc: compared(wc, "plane"),
        grids=lambda wc: compared(wc, "grid"),
        regions=lambda wc: compared(wc, "regions"),
    output:
        frames=directory("{root}/compare/{name}/frames"),
        png=report("{root}/compare/{name}.png", caption="../report/compare.rst",
                   category=comparison_category, subcategory="Side by side",
                   labels={"model": "{name}", "figure": "side by side, last epoch"}),
        pdf="{root}/compare/{name}.pdf",
    params:
        models=lambda wc: STUDIES[wc.root]["compare"][wc.name],
        width=setting("render", "width"),
        dpi=setting("render", "dpi"),
        plane=plane_text,
        landscape=setting("render", "landscape"),
    log:
        "{root}/logs/compare_frames/{name}.log",
    benchmark:
        "{root}/benchmarks/compare_frames/{name}.tsv"
    # It reads several models: out of MODEL_GROUP, which it would merge into one job.
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 9.6 s, 147 MB (2 models; see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/compare_frames.py"


use rule animation as compare_animation with:
    input:
        "{root}/compare/{name}/frames",
    output:
        report("{root}/compare/{name}.{kind}", caption="../report/compare.rst",
               category=comparison_category, subcategory="Side by side",
               labels={"model": "{name}", "figure": "side by side ({kind}, download)"}),
    params:  # merged into rule animation's: the caption shows several models, not one
        models=lambda wc: STUDIES[wc.root]["compare"][wc.name],
        model=None,
    log:
        "{root}/logs/compare_animation/{name}.{kind}.log",
    benchmark:
        "{root}/benchmarks/compare_animation/{name}.{kind}.tsv"
    group:
        STUDY_GROUP
    # slowest job, peak memory: 3.0 s, 411 MB (frames of 1280 x 1094; see common.smk)
    resources:
        mem_mb=1000,
        runtime=2,
