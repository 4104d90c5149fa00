rule regions:
    input:
        data="{root}/data/dataset.npz",
        trajectory="{root}/models/{model}/trajectory.npz",
    output:
        "{root}/models/{model}/regions.npz",
    params:
        max_frames=setting("render", "max_frames"),
        resolution=setting("render", "region_resolution"),
        memory_mb=setting("landscape", "memory_mb"),
    log:
        "{root}/logs/regions/{model}.log",
    benchmark:
        "{root}/benchmarks/regions/{model}.tsv"
    group:
        MODEL_GROUP
    threads: 1  # see common.smk
    # slowest job, peak memory: 88 s, 1032 MB (see common.smk)
    resources:
        mem_mb=2250,
        runtime=8,
    conda:
        ENV
    script:
        "../scripts/decision_regions.py"


rule frames:
    input:
        data="{root}/data/dataset.npz",
        trajectory="{root}/models/{model}/trajectory.npz",
        plane="{root}/models/{model}/plane.npz",
        grid="{root}/models/{model}/grid.npz",
        regions="{root}/models/{model}/regions.npz",
    output:
        directory("{root}/models/{model}/frames"),
    params:
        width=setting("render", "width"),
        height=setting("render", "height"),
        dpi=setting("render", "dpi"),
        landscape=setting("render", "landscape"),
    log:
        "{root}/logs/frames/{model}.log",
    benchmark:
        "{root}/benchmarks/frames/{model}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 21 s, 196 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/render_frames.py"


rule animation:
    input:
        "{root}/models/{model}/frames",
    output:
        report("{root}/animations/{model}.{kind}", caption="../report/animation.rst",
               category=report_category, subcategory="Animation",
               labels={"model": "{model}", "figure": "animation ({kind}, download)"}),
    wildcard_constraints:
        kind="gif|mp4",
    params:
        fps=setting("render", "fps"),
        hold_seconds=setting("render", "hold_seconds"),
        gif_width=setting("render", "gif_width"),
        crf=setting("render", "mp4_crf"),
        # For the report's caption only: they change only when the frames do.
        model=model_of,
        data=setting("data"),
        seed=setting("seed"),
        plane=plane_text,
    log:
        "{root}/logs/animation/{model}.{kind}.log",
    benchmark:
        "{root}/benchmarks/animation/{model}.{kind}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 7.6 s, 281 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/encode_animation.py"


rule gifs:
    input:
        animations("gif"),


rule mp4s:
    input:
        animations("mp4"),
