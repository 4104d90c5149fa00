# Textbook surfaces (target `toy`): optimiser paths, critical points, animations, figures.
wildcard_constraints:
    surface="|".join(map(re.escape, TOY_SURFACES)) or "(?!)",


rule toy_paths:
    output:
        f"{TOY_DIR}/{{surface}}/paths.npz",
    params:
        surface=lambda wc: TOY["surfaces"][wc.surface],
        optimizers=TOY["optimizers"],
        steps=TOY["steps"],
        seed=config["seed"],
    log:
        f"{RESULTS}/logs/toy_paths/{{surface}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_paths/{{surface}}.tsv"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/toy_paths.py"


rule toy_critical_points:
    output:
        json=f"{TOY_DIR}/{{surface}}/critical_points.json",
        csv=f"{TOY_DIR}/{{surface}}/critical_points.csv",
    params:
        starts=TOY["newton_starts"],
        gtol=TOY["grad_tol"],
        zero_tol=TOY["zero_tol"],
    log:
        f"{RESULTS}/logs/toy_critical_points/{{surface}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_critical_points/{{surface}}.tsv"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/toy_critical_points.py"


rule toy_frames:
    input:
        paths=f"{TOY_DIR}/{{surface}}/paths.npz",
        critical=f"{TOY_DIR}/{{surface}}/critical_points.json",
    output:
        directory(f"{TOY_DIR}/{{surface}}/frames"),
    params:
        resolution=TOY["resolution"],
        max_frames=config["render"]["max_frames"],
        width=config["render"]["width"],
        height=config["render"]["height"],
        dpi=config["render"]["dpi"],
    log:
        f"{RESULTS}/logs/toy_frames/{{surface}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_frames/{{surface}}.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=15,
    conda:
        ENV
    script:
        "../scripts/toy_frames.py"


rule toy_animation:
    input:
        f"{TOY_DIR}/{{surface}}/frames",
    output:
        f"{TOY_DIR}/animations/{{surface}}.{{kind}}",
    wildcard_constraints:
        kind="gif|mp4",
    params:
        fps=config["render"]["fps"],
        hold_seconds=config["render"]["hold_seconds"],
        gif_width=config["render"]["gif_width"],
        crf=config["render"]["mp4_crf"],
    log:
        f"{RESULTS}/logs/toy_animation/{{surface}}.{{kind}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_animation/{{surface}}.{{kind}}.tsv"
    threads: 1
    resources:
        mem_mb=500,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/encode_animation.py"


rule toy_figure:
    input:
        paths=f"{TOY_DIR}/{{surface}}/paths.npz",
        critical=f"{TOY_DIR}/{{surface}}/critical_points.json",
    output:
        png=f"{TOY_DIR}/figures/{{surface}}.png",
        pdf=f"{TOY_DIR}/figures/{{surface}}.pdf",
    params:
        resolution=TOY["resolution"],
        dpi=config["render"]["dpi"],
    log:
        f"{RESULTS}/logs/toy_figure/{{surface}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_figure/{{surface}}.tsv"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        ENV
    script:
        "../scripts/toy_figure.py"


rule toy_table:
    input:
        expand(f"{TOY_DIR}/{{surface}}/critical_points.json", surface=TOY_SURFACES),
    output:
        csv=f"{TOY_DIR}/critical_points.csv",
        md=f"{TOY_DIR}/critical_points.md",
    log:
        f"{RESULTS}/logs/toy_table.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_table.tsv"
    threads: 1
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        ENV
    script:
        "../scripts/toy_table.py"


rule toy:
    input:
        toy_targets(),
