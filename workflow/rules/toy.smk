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
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 8.1 s, 305 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
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
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 8.9 s, 324 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
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
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 8.6 s, 284 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/toy_frames.py"


rule toy_animation:
    input:
        f"{TOY_DIR}/{{surface}}/frames",
    output:
        toy_report(f"{TOY_DIR}/animations/{{surface}}.{{kind}}", "../report/toy_animation.rst",
                   "{surface}", "animation ({kind}, download)"),
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
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 2.1 s, 283 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/encode_animation.py"


# A page that plays the MP4 inside the report (which offers GIF and MP4 only as downloads).
rule toy_page:
    input:
        f"{TOY_DIR}/animations/{{surface}}.mp4",
    output:
        toy_report(f"{TOY_DIR}/animations/{{surface}}.html", "../report/toy_animation.rst",
                   "{surface}", "animation (plays here)"),
    params:
        title=lambda wc: f"{wc.surface}: optimisers on a textbook surface",
    log:
        f"{RESULTS}/logs/toy_animation/{{surface}}.html.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_animation/{{surface}}.html.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 2.1 s, 283 MB (with toy_animation) (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/animation_page.py"


rule toy_figure:
    input:
        paths=f"{TOY_DIR}/{{surface}}/paths.npz",
        critical=f"{TOY_DIR}/{{surface}}/critical_points.json",
    output:
        toy_figure_outputs(),
    params:
        resolution=TOY["resolution"],
        width=FIGURES["wide_width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
        elev=FIGURES["surface_elev"],
        azim=FIGURES["surface_azim"],
    log:
        f"{RESULTS}/logs/toy_figure/{{surface}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_figure/{{surface}}.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 13.7 s, 309 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/toy_figure.py"


rule toy_table:
    input:
        expand(f"{TOY_DIR}/{{surface}}/critical_points.json", surface=TOY_SURFACES),
    output:
        csv=toy_report(f"{TOY_DIR}/critical_points.csv", "../report/toy_table.rst",
                       "Critical points", "critical points of every surface (CSV)"),
        md=f"{TOY_DIR}/critical_points.md",
    log:
        f"{RESULTS}/logs/toy_table.log",
    benchmark:
        f"{RESULTS}/benchmarks/toy_table.tsv"
    threads: 1
    # slowest job, peak memory: 1.7 s, 223 MB, mostly importing torch (see common.smk)
    resources:
        mem_mb=500,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/toy_table.py"


rule toy:
    input:
        toy_targets(),


# Merges small JSON files into one table: it runs on the submitting host, not as a job.
localrules:
    toy_table,
