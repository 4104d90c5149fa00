rule regions:
    input:
        data=f"{RESULTS}/data/dataset.npz",
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
    output:
        f"{RESULTS}/models/{{model}}/regions.npz",
    params:
        max_frames=config["render"]["max_frames"],
        resolution=config["render"]["region_resolution"],
        memory_mb=config["landscape"]["memory_mb"],
    log:
        f"{RESULTS}/logs/regions/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/regions/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 2
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
        data=f"{RESULTS}/data/dataset.npz",
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
        plane=f"{RESULTS}/models/{{model}}/plane.npz",
        grid=f"{RESULTS}/models/{{model}}/grid.npz",
        regions=f"{RESULTS}/models/{{model}}/regions.npz",
    output:
        directory(f"{RESULTS}/models/{{model}}/frames"),
    params:
        width=config["render"]["width"],
        height=config["render"]["height"],
        dpi=config["render"]["dpi"],
    log:
        f"{RESULTS}/logs/frames/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/frames/{{model}}.tsv"
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
        f"{RESULTS}/models/{{model}}/frames",
    output:
        report(f"{RESULTS}/animations/{{model}}.{{kind}}", caption="../report/animation.rst",
               category="{model}", subcategory="Animation",
               labels={"model": "{model}", "figure": "animation ({kind}, download)"}),
    wildcard_constraints:
        kind="gif|mp4",
    params:
        fps=config["render"]["fps"],
        hold_seconds=config["render"]["hold_seconds"],
        gif_width=config["render"]["gif_width"],
        crf=config["render"]["mp4_crf"],
    log:
        f"{RESULTS}/logs/animation/{{model}}.{{kind}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/animation/{{model}}.{{kind}}.tsv"
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
