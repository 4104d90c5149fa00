# Empirical vs expected risk of one weight (part of target `toy`): the minimiser of what we
# optimise is not the minimiser of what we care about.
if TOY["risk"]["lo"] >= TOY["risk"]["hi"]:
    config_error(f"config error at toy.risk: lo ({TOY['risk']['lo']}) must be below hi "
                 f"({TOY['risk']['hi']})")


rule risk_minima:
    output:
        npz=f"{RISK_DIR}/curves.npz",
        json=f"{RISK_DIR}/minima.json",
        csv=toy_report(f"{RISK_DIR}/minima.csv", "../report/risk_table.rst", RISK_CATEGORY,
                       "minima of both risks (CSV)"),
        md=f"{RISK_DIR}/minima.md",
    params:
        risk=TOY["risk"],
        zero_tol=TOY["zero_tol"],
    log:
        f"{RESULTS}/logs/risk_minima.log",
    benchmark:
        f"{RESULTS}/benchmarks/risk_minima.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 9.9 s, 383 MB (see common.smk)
    resources:
        mem_mb=1000,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/risk_minima.py"


rule risk_figure:
    input:
        npz=f"{RISK_DIR}/curves.npz",
        json=f"{RISK_DIR}/minima.json",
    output:
        toy_figure_outputs("risk", "../report/risk_figure.rst", RISK_CATEGORY,
                           "both risks and their minima"),
    params:
        width=FIGURES["width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
    log:
        f"{RESULTS}/logs/risk_figure.log",
    benchmark:
        f"{RESULTS}/benchmarks/risk_figure.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 12.5 s, 335 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/risk_figure.py"
