"""Loss-landscape figures and animations: the logic behind the Snakemake workflow.

Each module is a set of pure functions over arrays and tensors; file I/O lives in `io`
and in the workflow's scripts.
"""
