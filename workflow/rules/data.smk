rule dataset:
    input:
        data_file,
    output:
        "{root}/data/dataset.npz",
    params:
        data=setting("data"),
        seed=setting("seed"),
    log:
        "{root}/logs/dataset.log",
    benchmark:
        "{root}/benchmarks/dataset.tsv"
    threads: 1
    # slowest job, peak memory: 3.3 s, 153 MB, mostly importing scikit-learn (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/make_dataset.py"


# A few seconds and MB: on a cluster it runs on the submitting host, not as a job.
localrules:
    dataset,
