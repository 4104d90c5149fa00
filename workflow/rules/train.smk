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
    threads: 1
    resources:
        mem_mb=1000,
        runtime=30,
    conda:
        ENV
    script:
        "../scripts/train_model.py"
