rule train:
    input:
        f"{RESULTS}/data/dataset.npz",
    output:
        f"{RESULTS}/models/{{model}}/trajectory.npz",
    params:
        arch=lambda wc: config["models"][wc.model],
        train=config["train"],
        seed=config["seed"],
    log:
        f"{RESULTS}/logs/train/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/train/{{model}}.tsv"
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
