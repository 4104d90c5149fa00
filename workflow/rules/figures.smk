# Static figures for papers (src/landscape/figures.py), the animated montage of all models, and
# the small pages that play each animation inside the report (src/landscape/pages.py).


rule interpolation:
    input:
        data=f"{RESULTS}/data/dataset.npz",
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
        plane=f"{RESULTS}/models/{{model}}/plane.npz",
    output:
        f"{RESULTS}/models/{{model}}/interpolation.npz",
    params:
        points=FIGURES["line_points"],
        margin=FIGURES["line_margin"],
        memory_mb=config["landscape"]["memory_mb"],
    log:
        f"{RESULTS}/logs/interpolation/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/interpolation/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 13 s, 552 MB (see common.smk)
    resources:
        mem_mb=1250,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/interpolation.py"


rule landscape_figure:
    input:
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
        plane=f"{RESULTS}/models/{{model}}/plane.npz",
        grid=f"{RESULTS}/models/{{model}}/grid.npz",
    output:
        figure_outputs("landscape/{model}", "../report/landscape.rst", "{model}",
                       "Loss landscape", "loss landscape and path"),
    params:
        **LANDSCAPE_SIZE,
        landscape=FIGURES["landscape"],
        model=lambda wc: STUDIES[RESULTS]["models"][wc.model],  # for the caption
        plane=plane_text,
    log:
        f"{RESULTS}/logs/figures/landscape/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/figures/landscape/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 13 s, 114 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/landscape_figure.py"


rule surface_figure:
    input:
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
        plane=f"{RESULTS}/models/{{model}}/plane.npz",
        grid=f"{RESULTS}/models/{{model}}/grid.npz",
        interpolation=f"{RESULTS}/models/{{model}}/interpolation.npz",
    output:
        figure_outputs("surface/{model}", "../report/surface.rst", "{model}", "3D surface",
                       "3D surface and path"),
    params:
        **FIGURE_SIZE,
        model=lambda wc: STUDIES[RESULTS]["models"][wc.model],  # for the caption
        elev=FIGURES["surface_elev"],
        azim=FIGURES["surface_azim"],
        plane=plane_text,
    log:
        f"{RESULTS}/logs/figures/surface/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/figures/surface/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 10 s, 98 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/surface_figure.py"


rule interpolation_figure:
    input:
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
        interpolation=f"{RESULTS}/models/{{model}}/interpolation.npz",
    output:
        figure_outputs("interpolation/{model}", "../report/interpolation.rst", "{model}",
                       "1D interpolation", "loss along the straight line and the path"),
    params:
        **FIGURE_SIZE,
        model=lambda wc: STUDIES[RESULTS]["models"][wc.model],  # for the caption
        plane=plane_text,
    log:
        f"{RESULTS}/logs/figures/interpolation/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/figures/interpolation/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 10 s, 98 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/interpolation_figure.py"


rule montage_figure:
    input:
        trajectories=all_models("trajectory"),
        planes=all_models("plane"),
        grids=all_models("grid"),
    output:
        figure_outputs("montage", "../report/montage.rst", None, "Montage",
                       "montage of all models"),
    params:
        models=MODELS,
        width=FIGURES["wide_width"],
        dpi=FIGURES["dpi"],
        plane=plane_text,
    log:
        f"{RESULTS}/logs/figures/montage.log",
    benchmark:
        f"{RESULTS}/benchmarks/figures/montage.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 14 s, 124 MB for 11 models, sized for 31 (see common.smk)
    resources:
        mem_mb=750,
        runtime=4,
    conda:
        ENV
    script:
        "../scripts/montage_figure.py"


rule train_test_figure:
    input:
        trajectories=all_models("trajectory"),
        planes=all_models("plane"),
        grids=all_models("grid"),
    output:
        figure_outputs("train_test", "../report/train_test.rst", None, "Train and test",
                       "training and test landscapes of all models"),
    params:
        models=MODELS,
        width=FIGURES["wide_width"],
        dpi=FIGURES["dpi"],
    log:
        f"{RESULTS}/logs/figures/train_test.log",
    benchmark:
        f"{RESULTS}/benchmarks/figures/train_test.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 15 s, 126 MB for 11 models, sized for 31 (see common.smk)
    resources:
        mem_mb=750,
        runtime=4,
    conda:
        ENV
    script:
        "../scripts/train_test_figure.py"


rule curves_figure:
    input:
        all_models("trajectory"),
    output:
        figure_outputs("curves", "../report/curves.rst", None, "Training curves",
                       "loss and accuracy curves"),
    params:
        models=MODELS,
        width=FIGURES["wide_width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
    log:
        f"{RESULTS}/logs/figures/curves.log",
    benchmark:
        f"{RESULTS}/benchmarks/figures/curves.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 10 s, 100 MB for 11 models, sized for 31 (see common.smk)
    resources:
        mem_mb=500,
        runtime=3,
    conda:
        ENV
    script:
        "../scripts/curves_figure.py"


rule montage_frames:
    input:
        trajectories=all_models("trajectory"),
        planes=all_models("plane"),
        grids=all_models("grid"),
    output:
        directory(f"{RESULTS}/montage/frames"),
    params:
        models=MODELS,
        width=FIGURES["wide_width"],
        dpi=FIGURES["montage_dpi"],
        max_frames=config["render"]["max_frames"],
    log:
        f"{RESULTS}/logs/montage/frames.log",
    benchmark:
        f"{RESULTS}/benchmarks/montage/frames.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 23 s, 98 MB for 11 models, sized for 31 (see common.smk)
    resources:
        mem_mb=750,
        runtime=6,
    conda:
        ENV
    script:
        "../scripts/montage_frames.py"


rule montage_animation:
    input:
        f"{RESULTS}/montage/frames",
    output:
        report(f"{RESULTS}/montage/montage.{{kind}}", caption="../report/animation.rst",
               category=STUDY, subcategory="Montage",
               labels={"model": "all", "figure": "montage animation ({kind}, download)"}),
    wildcard_constraints:
        kind="gif|mp4",
    params:
        fps=config["render"]["fps"],
        hold_seconds=config["render"]["hold_seconds"],
        gif_width=config["render"]["gif_width"],
        crf=config["render"]["mp4_crf"],
        plane=plane_text,
    log:
        f"{RESULTS}/logs/montage/{{kind}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/montage/{{kind}}.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 8.0 s, 295 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/encode_animation.py"


# Snakemake's report shows images and HTML but offers GIF and MP4 only as downloads: a
# self-contained page (the MP4 inlined) plays each animation inside the report.
rule animation_page:
    input:
        f"{RESULTS}/animations/{{model}}.mp4",
    output:
        report(f"{RESULTS}/animations/{{model}}.html", caption="../report/animation.rst",
               category="{model}", subcategory="Animation",
               labels={"model": "{model}", "figure": "animation (plays here)"}),
    params:
        title=lambda wc: f"{wc.model}: training on its loss landscape",
        model=lambda wc: STUDIES[RESULTS]["models"][wc.model],  # for the caption
        plane=plane_text,
    log:
        f"{RESULTS}/logs/animation/{{model}}.html.log",
    benchmark:
        f"{RESULTS}/benchmarks/animation/{{model}}.html.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 2.8 s, 130 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/animation_page.py"


rule montage_page:
    input:
        f"{RESULTS}/montage/montage.mp4",
    output:
        report(f"{RESULTS}/montage/montage.html", caption="../report/animation.rst",
               category=STUDY, subcategory="Montage",
               labels={"model": "all", "figure": "montage animation (plays here)"}),
    params:
        title="All models training together",
    log:
        f"{RESULTS}/logs/montage/html.log",
    benchmark:
        f"{RESULTS}/benchmarks/montage/html.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 2.3 s, 125 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/animation_page.py"


rule figures:
    input:
        [f for m in MODELS for f in model_figures(m)] + study_figures(),


rule montage:
    input:
        expand(f"{RESULTS}/figures/montage.{{ext}}", ext=FIGURES["formats"]),
        montage_animations(),


# Every model's training and test landscapes (needs a held-out set: data.test_fraction > 0).
rule train_test:
    input:
        expand(f"{RESULTS}/figures/train_test.{{ext}}", ext=FIGURES["formats"]),
