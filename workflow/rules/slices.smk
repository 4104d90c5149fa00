# Surfaces of three weights seen through 2D slices (w1, w2) at fixed w3 (part of target
# `toy`): a sweep of w3 as an animation with the slice's lowest point tracked, and a figure.
wildcard_constraints:
    sliced=_alternatives(SLICED),


rule slice_sweep:
    output:
        f"{TOY_DIR}/slices/{{sliced}}/slices.npz",
    params:
        sweep=TOY["slices"]["sweep"],
        resolution=TOY["slices"]["resolution"],
    log:
        f"{RESULTS}/logs/slice_sweep/{{sliced}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/slice_sweep/{{sliced}}.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 12.6 s, 409 MB (see common.smk)
    resources:
        mem_mb=1000,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/slice_sweep.py"


rule slice_frames:
    input:
        f"{TOY_DIR}/slices/{{sliced}}/slices.npz",
    output:
        directory(f"{TOY_DIR}/slices/{{sliced}}/frames"),
    params:
        max_frames=config["render"]["max_frames"],
        width=config["render"]["width"],
        height=config["render"]["height"],
        dpi=config["render"]["dpi"],
    log:
        f"{RESULTS}/logs/slice_frames/{{sliced}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/slice_frames/{{sliced}}.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 25.5 s, 347 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=3,
    conda:
        ENV
    script:
        "../scripts/slice_frames.py"


# GIF, MP4 and report page: the toy surfaces' rules, on the slices' frames (slowest job,
# peak memory: 5.0 s, 309 MB; the resources of toy_animation hold).
use rule toy_animation as slice_animation with:
    input:
        f"{TOY_DIR}/slices/{{sliced}}/frames",
    output:
        toy_report(f"{TOY_DIR}/animations/slices/{{sliced}}.{{kind}}",
                   "../report/slices_animation.rst", SLICES_CATEGORY,
                   "animation ({kind}, download)"),
    log:
        f"{RESULTS}/logs/slice_animation/{{sliced}}.{{kind}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/slice_animation/{{sliced}}.{{kind}}.tsv"


use rule toy_page as slice_page with:
    input:
        f"{TOY_DIR}/animations/slices/{{sliced}}.mp4",
    output:
        toy_report(f"{TOY_DIR}/animations/slices/{{sliced}}.html",
                   "../report/slices_animation.rst", SLICES_CATEGORY,
                   "animation (plays here)"),
    params:
        title=lambda wc: f"{wc.sliced}: slices of a surface of three weights",
    log:
        f"{RESULTS}/logs/slice_animation/{{sliced}}.html.log",
    benchmark:
        f"{RESULTS}/benchmarks/slice_animation/{{sliced}}.html.tsv"


rule slices_figure:
    input:
        f"{TOY_DIR}/slices/{{sliced}}/slices.npz",
    output:
        toy_figure_outputs("slices/{sliced}", "../report/slices_figure.rst", SLICES_CATEGORY,
                           "slices at a few w3"),
    params:
        panels=TOY["slices"]["panels"],
        width=FIGURES["wide_width"],
        height=FIGURES["height"],
        dpi=FIGURES["dpi"],
    log:
        f"{RESULTS}/logs/slices_figure/{{sliced}}.log",
    benchmark:
        f"{RESULTS}/benchmarks/slices_figure/{{sliced}}.tsv"
    group:
        TOY_GROUP
    threads: 1
    # slowest job, peak memory: 18.8 s, 359 MB (see common.smk)
    resources:
        mem_mb=750,
        runtime=2,
    conda:
        ENV
    script:
        "../scripts/slices_figure.py"
