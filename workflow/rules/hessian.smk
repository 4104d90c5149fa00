# Curvature of each trained model's loss at its final weights (target `hessian`).
rule hessian_spectrum:
    input:
        data=f"{RESULTS}/data/dataset.npz",
        trajectory=f"{RESULTS}/models/{{model}}/trajectory.npz",
    output:
        json=f"{RESULTS}/models/{{model}}/hessian.json",
        npz=f"{RESULTS}/models/{{model}}/hessian.npz",
    params:
        hessian=config["hessian"],
        l2=coupled_l2(config["train"]),
        seed=config["seed"],
    log:
        f"{RESULTS}/logs/hessian_spectrum/{{model}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/hessian_spectrum/{{model}}.tsv"
    threads: 2
    resources:
        mem_mb=2000,
        runtime=30,
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
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
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
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/hessian_table.py"


rule hessian:
    input:
        hessian_targets(),
