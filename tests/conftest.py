import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "config" / "tiny.yaml"


def local_env() -> dict[str, str]:
    """The environment of a local snakemake run. The SLURM plugin asks `scontrol show config`
    at every start; where SLURM is installed with a slurm.conf but no controller is up, that
    waits up to 10 s. SLURM_CONF=/dev/null makes it fail at once (local runs need no SLURM)."""
    return {**os.environ, "PYTHONPATH": str(REPO / "src"), "SLURM_CONF": os.devnull}


def snakemake_command(workdir: Path, *args: str, configfile: Path = TINY):
    """The command line and environment that run the workflow with results under `workdir`."""
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(workdir), "--configfile", str(configfile), "--cores", "2", *args]
    return cmd, local_env()


def snakemake(workdir: Path, *args: str, configfile: Path = TINY, check: bool = True):
    """Run the repository's workflow with results under `workdir`."""
    cmd, env = snakemake_command(workdir, *args, configfile=configfile)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and proc.returncode != 0:
        raise AssertionError(f"snakemake failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def planned_jobs(proc) -> dict[str, int]:
    """Rule -> job count from the 'Job stats' table of a dry run."""
    lines = (proc.stdout + proc.stderr).splitlines()
    counts = {}
    if "Job stats:" not in lines:
        return counts
    for line in lines[lines.index("Job stats:") + 3:]:
        parts = line.split()
        if len(parts) != 2 or not parts[1].isdigit():
            break
        counts[parts[0]] = int(parts[1])
    counts.pop("total", None)
    return counts


@pytest.fixture(scope="session")
def tiny_config() -> dict:
    return yaml.safe_load(TINY.read_text())


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory) -> Path:
    """The tiny workflow, run once for every test that reads its outputs."""
    workdir = tmp_path_factory.mktemp("tiny")
    snakemake(workdir)
    return workdir
