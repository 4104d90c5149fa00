rule plane:
    input:
        trajectory="{root}/models/{model}/trajectory.npz",
        fixed=plane_file,
    output:
        "{root}/models/{model}/plane.npz",
    params:
        landscape=directions_setting,
    log:
        "{root}/logs/plane/{model}.log",
    benchmark:
        "{root}/benchmarks/plane/{model}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 6.6 s, 560 MB (see common.smk)
    resources:
        mem_mb=1250,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/make_plane.py"


rule grid:
    input:
        data="{root}/data/dataset.npz",
        trajectory="{root}/models/{model}/trajectory.npz",
        plane="{root}/models/{model}/plane.npz",
    output:
        "{root}/models/{model}/grid.npz",
    params:
        resolution=setting("landscape", "resolution"),
        margin=setting("landscape", "margin"),
        memory_mb=setting("landscape", "memory_mb"),
    log:
        "{root}/logs/grid/{model}.log",
    benchmark:
        "{root}/benchmarks/grid/{model}.tsv"
    group:
        MODEL_GROUP
    threads: 1  # see common.smk
    # slowest job, peak memory: 198 s, 520 MB (see common.smk)
    resources:
        mem_mb=1250,
        runtime=17,
    conda:
        ENV
    script:
        "../scripts/loss_grid.py"
