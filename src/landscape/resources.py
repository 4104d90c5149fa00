"""Cluster resources from measurements: each rule's slowest job and peak memory, read from the
benchmark TSVs that Snakemake writes (`benchmark:`), and the mem_mb and runtime to declare.

    python -m landscape.resources results/benchmarks

prints one line per benchmark folder: results/benchmarks/RULE.tsv or RULE/JOB.tsv, where
RULE names a rule (figures/landscape, montage) or a few that share a folder (animation:
the GIF, MP4 and HTML page). Columns `s` (wall seconds) and `max_rss` (MB) are read.
"""

from __future__ import annotations

import csv
import math
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RuleUsage:
    """What the jobs of one rule used: the largest wall time (s) and peak RSS (MB)."""

    rule: str
    jobs: int
    max_seconds: float
    max_rss_mb: float
    slowest_job: str


def _number(text: str) -> float:
    """A TSV cell as a float; Snakemake writes 'NA' when a job ended before it could measure."""
    try:
        return float(text)
    except ValueError:
        return 0.0


def read_benchmarks(root: str | Path) -> dict[str, RuleUsage]:
    """Benchmark folder (rule) -> usage, from every `*.tsv` under `root` (a row per job run)."""
    root = Path(root)
    rows: dict[str, list[tuple[str, float, float]]] = {}
    for path in sorted(root.rglob("*.tsv")):
        rel = path.relative_to(root)
        rule = rel.parent.as_posix() if len(rel.parts) > 1 else path.stem
        job = path.name[: -len(".tsv")]
        with open(path, newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                rows.setdefault(rule, []).append(
                    (job, _number(row["s"]), _number(row["max_rss"])))
    usage = {}
    for rule, jobs in rows.items():
        slowest = max(jobs, key=lambda j: j[1])
        usage[rule] = RuleUsage(rule, len(jobs), slowest[1], max(j[2] for j in jobs), slowest[0])
    return usage


def suggest_resources(usage: RuleUsage, mem_factor: float = 2.0, time_factor: float = 5.0,
                      min_mem_mb: int = 500, min_runtime: int = 2) -> tuple[int, int]:
    """(mem_mb, runtime in minutes) to declare for a rule: `mem_factor` x its peak RSS rounded
    up to 250 MB, and `time_factor` x its slowest job rounded up to a minute. The factors leave
    room for slower or busier cluster nodes than the machine measured on."""
    mem = max(min_mem_mb, 250 * math.ceil(mem_factor * usage.max_rss_mb / 250))
    runtime = max(min_runtime, math.ceil(time_factor * usage.max_seconds / 60))
    return int(mem), int(runtime)


def format_table(usage: dict[str, RuleUsage]) -> str:
    """A plain-text table: measured usage and the suggested declaration per rule."""
    lines = [f"{'rule':<22} {'jobs':>4} {'slowest s':>9} {'peak MB':>8}  {'mem_mb':>6} "
             f"{'runtime':>7}  slowest job"]
    for rule in sorted(usage):
        u = usage[rule]
        mem, runtime = suggest_resources(u)
        lines.append(f"{rule:<22} {u.jobs:>4} {u.max_seconds:>9.1f} {u.max_rss_mb:>8.0f}  "
                     f"{mem:>6} {runtime:>7}  {u.slowest_job}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "results/benchmarks")
    usage = read_benchmarks(root)
    if not usage:
        print(f"no benchmark files under {root}: run the workflow first", file=sys.stderr)
        return 1
    print(format_table(usage))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
