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
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
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
    threads: 2
    resources:
        mem_mb=1500,
        runtime=30,
    conda:
        ENV
    script:
        "../scripts/loss_grid.py"
