rule train:
    input:
        "{root}/data/dataset.npz",
    output:
        "{root}/models/{model}/trajectory.npz",
    params:
        arch=lambda wc: {k: model_of(wc)[k] for k in ARCHITECTURE},
        train=lambda wc: model_of(wc)["train"],
        seed=lambda wc: model_of(wc)["seed"],
    log:
        "{root}/logs/train/{model}.log",
    benchmark:
        "{root}/benchmarks/train/{model}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 34 s, 368 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=3,
    conda:
        ENV
    script:
        "../scripts/train_model.py"
