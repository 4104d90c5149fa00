rule dataset:
    output:
        f"{RESULTS}/data/dataset.npz",
    params:
        data=config["data"],
        seed=config["seed"],
    log:
        f"{RESULTS}/logs/dataset.log",
    benchmark:
        f"{RESULTS}/benchmarks/dataset.tsv"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/make_dataset.py"
