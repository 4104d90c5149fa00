rule plane:
    input:
        f"{RESULTS}/models/{{model}}/trajectory.npz",
    output:
        f"{RESULTS}/models/{{model}}/plane.npz",
    params:
        method=config["landscape"]["method"],
    log:
        f"{RESULTS}/logs/plane/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/plane/{{model}}.tsv"
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
        data=f"{RESULTS}/data/dataset.npz",
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
        plane=f"{RESULTS}/models/{{model}}/plane.npz",
    output:
        f"{RESULTS}/models/{{model}}/grid.npz",
    params:
        resolution=config["landscape"]["resolution"],
        margin=config["landscape"]["margin"],
        memory_mb=config["landscape"]["memory_mb"],
    log:
        f"{RESULTS}/logs/grid/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/grid/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 2
    # slowest job, peak memory: 198 s, 520 MB (see common.smk)
    resources:
        mem_mb=1250,
        runtime=17,
    conda:
        ENV
    script:
        "../scripts/loss_grid.py"
