# Curvature of each trained model's loss at its final weights (target `hessian`), for the
# models of the top-level study, like the figures.
rule hessian_spectrum:
    input:
        data=f"{RESULTS}/data/dataset.npz",
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
    output:
        json=f"{RESULTS}/models/{{model}}/hessian.json",
        npz=f"{RESULTS}/models/{{model}}/hessian.npz",
    params:
        hessian=config["hessian"],
        l2=lambda wc: coupled_l2(STUDIES[RESULTS]["models"][wc.model]["train"]),
        seed=config["seed"],
    log:
        f"{RESULTS}/logs/hessian_spectrum/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/hessian_spectrum/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 1  # see common.smk
    # slowest job, peak memory: 20 s (mlp-10x100, Lanczos), 1101 MB (mlp-10x20, dense
    # Hessian of 3,903 weights); 157 s on a machine busy with 3 other builds (see common.smk)
    resources:
        mem_mb=2250,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/hessian_spectrum.py"


rule hessian_figure:
    input:
        json=f"{RESULTS}/models/{{model}}/hessian.json",
        npz=f"{RESULTS}/models/{{model}}/hessian.npz",
    output:
        figure_outputs("hessian/{model}", "../report/hessian.rst", "{model}", "Hessian",
                       "Hessian eigenvalues at the final weights"),
    params:
        width=FIGURES["wide_width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
    log:
        f"{RESULTS}/logs/hessian_figure/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/hessian_figure/{{model}}.tsv"
    group:
        MODEL_GROUP
    threads: 1
    # slowest job, peak memory: 2.5 s, 105 MB (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/hessian_figure.py"


rule hessian_table:
    input:
        expand(f"{RESULTS}/models/{{model}}/hessian.json", model=MODELS),
    output:
        csv=report(f"{HESSIAN_DIR}/hessian.csv", caption="../report/hessian_table.rst",
                   category=STUDY, subcategory="Hessian",
                   labels={"model": "all", "figure": "Hessian of every model (CSV)"}),
        md=f"{HESSIAN_DIR}/hessian.md",
    log:
        f"{RESULTS}/logs/hessian_table.log",
    benchmark:
        f"{RESULTS}/benchmarks/hessian_table.tsv"
    threads: 1
    # slowest job, peak memory: 0.1 s, 3 MB (see common.smk): runs on the submitting host
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/hessian_table.py"


rule hessian:
    input:
        hessian_targets(),


# Reads small JSON files and writes a table in well under a second: not worth a cluster job.
localrules:
    hessian_table,
