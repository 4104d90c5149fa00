"""Benchmark 3: the whole default study from a clean results/ folder, on 2 cores.

    .venv/bin/python benchmarks/study.py [--configfile config.yaml] [--cores 2] [targets...]

Runs Snakemake into a fresh temporary folder and prints the wall time, then a table per rule
from Snakemake's own `benchmark:` files: jobs, summed and longest job seconds, and the
largest peak RSS of any of its jobs. Default targets: the models of the config's top-level
study, each the named target of its GIF and MP4 (22 files for config.yaml; the further
studies and comparisons are left out).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import yaml

from landscape.config import sweep_models

REPO = Path(__file__).resolve().parents[1]


def rule_of(tsv: Path, root: Path) -> str:
    parts = tsv.relative_to(root).parts
    return parts[0] if len(parts) > 1 else tsv.stem


def summarise(bench_dir: Path) -> dict[str, dict]:
    rows = defaultdict(lambda: {"jobs": 0, "total_s": 0.0, "max_s": 0.0, "max_rss": 0.0})
    for tsv in sorted(bench_dir.rglob("*.tsv")):
        with tsv.open() as f:
            rec = next(csv.DictReader(f, delimiter="\t"))
        r = rows[rule_of(tsv, bench_dir)]
        s = float(rec["s"])
        rss = float(rec["max_rss"]) if rec["max_rss"] not in ("-", "NA", "") else 0.0
        r["jobs"] += 1
        r["total_s"] += s
        r["max_s"] = max(r["max_s"], s)
        r["max_rss"] = max(r["max_rss"], rss)
    return dict(rows)


def model_targets(configfile: Path) -> list[str]:
    """The named targets of the top-level study's models (listed and swept)."""
    config = yaml.safe_load(configfile.read_text())
    swept = sweep_models(config["sweep"]) if config.get("sweep") else {}
    return [*config.get("models", {}), *swept]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configfile", type=Path, default=REPO / "config.yaml")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--set-threads", nargs="+", default=[], metavar="RULE=N",
                        help="override rules' threads (Snakemake's --set-threads)")
    parser.add_argument("targets", nargs="*", help="default: every model's GIF and MP4")
    args = parser.parse_args()
    args.targets = args.targets or model_targets(args.configfile)
    workdir = Path(tempfile.mkdtemp(prefix="study-"))
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(workdir), "--configfile", str(args.configfile),
           "--cores", str(args.cores), *args.targets, "--quiet", "all"]
    if args.set_threads:
        cmd += ["--set-threads", *args.set_threads]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"snakemake failed:\n{proc.stderr[-3000:]}")
    rows = summarise(workdir / "results/benchmarks")
    print(f"{len(args.targets)} targets with {args.configfile.name} on {args.cores} cores: "
          f"wall {wall:.1f} s, {sum(r['jobs'] for r in rows.values())} jobs\n")
    print(f"{'rule':12s} {'jobs':>5s} {'sum s':>8s} {'max s':>7s} {'max RSS MB':>11s}")
    for rule, r in sorted(rows.items(), key=lambda kv: -kv[1]["total_s"]):
        print(f"{rule:12s} {r['jobs']:5d} {r['total_s']:8.1f} {r['max_s']:7.1f} "
              f"{r['max_rss']:11.0f}")
    total = sum(r["total_s"] for r in rows.values())
    peak = max(r["max_rss"] for r in rows.values())
    print(f"{'all':12s} {'':5s} {total:8.1f} {'':7s} {peak:11.0f}")
    print(f"\nresults in {workdir}" if args.keep else "")
    if not args.keep:
        subprocess.run(["rm", "-rf", str(workdir)])


if __name__ == "__main__":
    main()
