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
    # slowest job, peak memory: 0.4 s, 6 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/make_dataset.py"


# Under a second and a few MB: on a cluster it runs on the submitting host, not as a job.
localrules:
    dataset,
