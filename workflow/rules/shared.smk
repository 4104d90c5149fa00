# Comparisons (config `comparisons`): several runs of one model on one shared plane. Each is
# a study in results/comparisons/<name>/ whose models are its runs (trained by rule train);
# these rules make its plane, the runs' paths on it, the loss grid and the pictures.
# They read several runs, so they go in STUDY_GROUP (see common.smk), one part per comparison.


rule shared_plane:
    input:
        trajectories=lambda wc: run_files(wc, "trajectory"),
        fixed=plane_file,
    output:
        "{root}/plane.npz",
    wildcard_constraints:
        root=COMPARISON_ROOTS,
    params:
        landscape=directions_setting,
        runs=lambda wc: STUDIES[wc.root]["shared"]["runs"],
        reference=lambda wc: STUDIES[wc.root]["shared"]["reference"],
    log:
        "{root}/logs/shared_plane.log",
    benchmark:
        "{root}/benchmarks/shared_plane.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 2.4 s, 292 MB (4 runs of mlp-5x20; see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/shared_plane.py"


rule shared_path:
    input:
        plane="{root}/plane.npz",
        trajectory="{root}/models/{model}/trajectory.npz",
    output:
        "{root}/paths/{model}.npz",
    wildcard_constraints:
        root=COMPARISON_ROOTS,
    log:
        "{root}/logs/shared_path/{model}.log",
    benchmark:
        "{root}/benchmarks/shared_path/{model}.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 0.3 s, 3 MB (numpy only; see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/shared_path.py"


rule shared_grid:
    input:
        data="{root}/data/dataset.npz",
        plane="{root}/plane.npz",
        paths=lambda wc: run_files(wc, "path"),
        reference=lambda wc: run_files(wc, "trajectory", reference=True),
    output:
        "{root}/grid.npz",
    wildcard_constraints:
        root=COMPARISON_ROOTS,
    params:
        resolution=setting("landscape", "resolution"),
        margin=setting("landscape", "margin"),
        memory_mb=setting("landscape", "memory_mb"),
    log:
        "{root}/logs/shared_grid.log",
    benchmark:
        "{root}/benchmarks/shared_grid.tsv"
    group:
        STUDY_GROUP
    threads: 1  # see common.smk
    # slowest job, peak memory: 1.7 s, 394 MB (mlp-5x20, 50 x 50); larger nets as rule grid
    resources:
        mem_mb=1250,
        runtime=17,
    conda:
        ENV
    script:
        "../scripts/shared_grid.py"


rule shared_frames:
    input:
        trajectories=lambda wc: run_files(wc, "trajectory"),
        paths=lambda wc: run_files(wc, "path"),
        plane="{root}/plane.npz",
        grid="{root}/grid.npz",
    output:
        directory("{root}/frames"),
    wildcard_constraints:
        root=COMPARISON_ROOTS,
    params:
        **SHARED_PARAMS,
        width=setting("render", "width"),
        height=setting("render", "height"),
        dpi=setting("render", "dpi"),
        max_frames=setting("render", "max_frames"),
        landscape=setting("render", "landscape"),
    log:
        "{root}/logs/shared_frames.log",
    benchmark:
        "{root}/benchmarks/shared_frames.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 4.9 s, 330 MB (4 runs, 50 frames; see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/shared_frames.py"


use rule animation as shared_animation with:
    input:
        "{root}/frames",
    output:
        report("{root}/animation.{kind}", caption="../report/shared.rst",
               category=comparison_name, subcategory="Animation",
               labels={"comparison": "{root}", "figure": "animation ({kind}, download)"}),
    wildcard_constraints:
        root=COMPARISON_ROOTS,
        kind="gif|mp4",
    params:  # merged into rule animation's: the caption shows the runs, not one model
        **SHARED_PARAMS,
        model=None,
    log:
        "{root}/logs/shared_animation.{kind}.log",
    benchmark:
        "{root}/benchmarks/shared_animation.{kind}.tsv"
    group:
        STUDY_GROUP


use rule animation_page as shared_page with:
    input:
        "{root}/animation.mp4",
    output:
        report("{root}/animation.html", caption="../report/shared.rst",
               category=comparison_name, subcategory="Animation",
               labels={"comparison": "{root}", "figure": "animation (plays here)"}),
    wildcard_constraints:
        root=COMPARISON_ROOTS,
    params:
        **SHARED_PARAMS,
        title=lambda wc: f"{comparison_name(wc)}: every run on one shared plane",
        model=None,
    log:
        "{root}/logs/shared_page.log",
    benchmark:
        "{root}/benchmarks/shared_page.tsv"
    group:
        STUDY_GROUP


rule shared_figure:
    input:
        trajectories=lambda wc: run_files(wc, "trajectory"),
        paths=lambda wc: run_files(wc, "path"),
        plane="{root}/plane.npz",
        grid="{root}/grid.npz",
    output:
        shared_figure_outputs("landscape", "paths on the shared plane"),
    wildcard_constraints:
        root=COMPARISON_ROOTS,
    params:
        **SHARED_PARAMS,
        width=FIGURES["wide_width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
        landscape=FIGURES["landscape"],
    log:
        "{root}/logs/shared_figure.log",
    benchmark:
        "{root}/benchmarks/shared_figure.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 3.3 s, 339 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/shared_figure.py"


rule shared_curves:
    input:
        lambda wc: run_files(wc, "trajectory"),
    output:
        shared_figure_outputs("curves", "loss and accuracy curves"),
    wildcard_constraints:
        root=COMPARISON_ROOTS,
    params:
        **SHARED_PARAMS,
        width=FIGURES["wide_width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
    log:
        "{root}/logs/shared_curves.log",
    benchmark:
        "{root}/benchmarks/shared_curves.tsv"
    group:
        STUDY_GROUP
    threads: 1
    # slowest job, peak memory: 4.2 s, 334 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/shared_curves.py"
