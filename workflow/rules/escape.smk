# Escaping a saddle (part of target `toy`): gradient descent stalls at it, then leaves it
# along the eigenvector of the most negative Hessian eigenvalue, or by a random
# perturbation of the same length; an animation and a figure per surface.
wildcard_constraints:
    escaped=_alternatives(ESCAPED),


rule escape_runs:
    output:
        npz=f"{TOY_DIR}/escape/{{escaped}}/escape.npz",
        json=f"{TOY_DIR}/escape/{{escaped}}/escape.json",
    params:
        escape=TOY["escape"],
        seed=config["seed"],
    log:
        f"{RESULTS}/logs/escape_runs/{{escaped}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/escape_runs/{{escaped}}.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 15.6 s, 394 MB (see common.smk)
    resources:
        mem_mb=1000,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/escape_runs.py"


rule escape_frames:
    input:
        npz=f"{TOY_DIR}/escape/{{escaped}}/escape.npz",
        json=f"{TOY_DIR}/escape/{{escaped}}/escape.json",
    output:
        directory(f"{TOY_DIR}/escape/{{escaped}}/frames"),
    params:
        resolution=TOY["resolution"],
        max_frames=config["render"]["max_frames"],
        width=config["render"]["width"],
        height=config["render"]["height"],
        dpi=config["render"]["dpi"],
    log:
        f"{RESULTS}/logs/escape_frames/{{escaped}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/escape_frames/{{escaped}}.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 19.1 s, 359 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/escape_frames.py"


# GIF, MP4 and report page: the toy surfaces' rules, on the escape's frames (slowest job,
# peak memory: 4.1 s, 310 MB; the resources of toy_animation hold).
use rule toy_animation as escape_animation with:
    input:
        f"{TOY_DIR}/escape/{{escaped}}/frames",
    output:
        toy_report(f"{TOY_DIR}/animations/escape/{{escaped}}.{{kind}}",
                   "../report/escape_animation.rst", ESCAPE_CATEGORY,
                   "animation ({kind}, download)"),
    log:
        f"{RESULTS}/logs/escape_animation/{{escaped}}.{{kind}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/escape_animation/{{escaped}}.{{kind}}.tsv"


use rule toy_page as escape_page with:
    input:
        f"{TOY_DIR}/animations/escape/{{escaped}}.mp4",
    output:
        toy_report(f"{TOY_DIR}/animations/escape/{{escaped}}.html",
                   "../report/escape_animation.rst", ESCAPE_CATEGORY,
                   "animation (plays here)"),
    params:
        title=lambda wc: f"{wc.escaped}: escaping the saddle",
    log:
        f"{RESULTS}/logs/escape_animation/{{escaped}}.html.log",
    benchmark:
        f"{RESULTS}/benchmarks/escape_animation/{{escaped}}.html.tsv"


rule escape_figure:
    input:
        npz=f"{TOY_DIR}/escape/{{escaped}}/escape.npz",
        json=f"{TOY_DIR}/escape/{{escaped}}/escape.json",
    output:
        toy_figure_outputs("escape/{escaped}", "../report/escape_figure.rst", ESCAPE_CATEGORY,
                           "both escapes and the loss per step"),
    params:
        resolution=TOY["resolution"],
        width=FIGURES["wide_width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
    log:
        f"{RESULTS}/logs/escape_figure/{{escaped}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/escape_figure/{{escaped}}.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 21.6 s, 360 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/escape_figure.py"
