"""The workflow on a real SLURM: a one-node cluster on localhost (munged, slurmctld, slurmd from
Debian's munge and slurm-wlm), driven by snakemake-executor-plugin-slurm through the
repository's SLURM profile. Installs the packages with apt-get when they are missing (root);
skipped elsewhere, except in CI, where a missing cluster is a failure."""

from __future__ import annotations

import copy
import math
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import REPO, TINY, local_env, planned_jobs, snakemake
from test_workflow import expected_files

from landscape.config import studies, validate_config

pytestmark = pytest.mark.e2e

PROFILE = REPO / "workflow/profiles/slurm"
SCHEMA = REPO / "workflow/schemas/config.schema.yaml"
PROGRAMS = ("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "srun", "squeue", "sinfo")


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the SLURM test: {reason}")
    pytest.skip(reason)


def _install_slurm() -> None:
    """munge and slurm-wlm from Debian, when any program is missing (about 20 s)."""
    if os.geteuid() != 0:
        _unavailable("a one-node SLURM (slurmd) runs as root; this test is not root")
    if all(shutil.which(p) for p in PROGRAMS):
        return
    if not shutil.which("apt-get"):
        _unavailable("SLURM is not installed and there is no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends",
               "-o", "DPkg::Lock::Timeout=120", "slurm-wlm", "munge"]
    proc = subprocess.run(install, capture_output=True, text=True, env=env)
    if proc.returncode != 0:  # a fresh machine has no package lists yet
        subprocess.run(["apt-get", "update", "-q", "-o", "DPkg::Lock::Timeout=120"],
                       capture_output=True, env=env)
        proc = subprocess.run(install, capture_output=True, text=True, env=env)
    if proc.returncode != 0 or not all(shutil.which(p) for p in PROGRAMS):
        _unavailable(f"apt-get could not install slurm-wlm and munge:\n{proc.stderr[-2000:]}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _slurm_conf(root: Path) -> str:
    """One node, `localhost`, with this machine's cores and memory, all on loopback.
    MinJobAge keeps finished jobs visible to squeue for an hour: the plugin checks job status
    with squeue, as there is no accounting database for sacct."""
    mem_mb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**20
    return f"""\
ClusterName=landscape-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={root}/munge.socket
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool
SlurmctldPidFile={root}/slurmctld.pid
SlurmdPidFile={root}/slurmd.pid
SlurmctldLogFile={root}/slurmctld.log
SlurmdLogFile={root}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
MinJobAge=3600
NodeName=localhost NodeAddr=127.0.0.1 CPUs={os.cpu_count()} RealMemory={mem_mb - 512} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
"""


def _wait(what: str, ready, timeout: float, logs: list[Path]) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p}\n{p.read_text()[-1500:]}" for p in logs if p.exists())
            raise RuntimeError(f"{what} not ready after {timeout:.0f} s\n{tails}")
        time.sleep(0.5)


@pytest.fixture(scope="module")
def slurm(tmp_path_factory):
    """A running one-node cluster; yields the environment that talks to it. The daemons this
    fixture started are stopped by their PIDs afterwards."""
    _install_slurm()
    root = tmp_path_factory.mktemp("slurm")
    root.chmod(0o755)  # munged wants a socket folder that others can traverse
    for sub in ("state", "spool", "bin"):
        (root / sub).mkdir()
    conf = root / "slurm.conf"
    conf.write_text(_slurm_conf(root))
    env = {**os.environ, "SLURM_CONF": str(conf)}
    for var in [v for v in env if v.startswith(("SBATCH_", "SRUN_", "SQUEUE_"))]:
        del env[var]  # the user's sbatch defaults would not fit this cluster
    # The jobstep plugin strips SLURM_* (SLURM_CONF too) before it calls srun inside a job; a
    # real cluster keeps slurm.conf where srun finds it without one. This srun on PATH
    # restores the variable and runs the real one.
    srun = root / "bin/srun"
    srun.write_text(f'#!/bin/sh\nSLURM_CONF="{conf}" exec "{shutil.which("srun")}" "$@"\n')
    srun.chmod(0o755)
    env["PATH"] = f"{root / 'bin'}{os.pathsep}{env['PATH']}"

    subprocess.run(["mungekey", "--create", f"--keyfile={root}/munge.key"], check=True,
                   capture_output=True)
    daemons: list[subprocess.Popen] = []

    def start(cmd, log):
        with open(root / log, "w") as out:
            daemons.append(subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True))

    logs = [root / n for n in ("munged.out", "slurmctld.log", "slurmd.log", "slurmd.out")]
    try:
        start(["munged", "--foreground", "--force", f"--socket={root}/munge.socket",
               f"--key-file={root}/munge.key", f"--pid-file={root}/munged.pid",
               f"--seed-file={root}/munged.seed", f"--log-file={root}/munged.log"],
              "munged.out")
        _wait("munged", (root / "munge.socket").exists, 20, logs)
        start(["slurmctld", "-D", "-i"], "slurmctld.out")
        start(["slurmd", "-D", "-N", "localhost"], "slurmd.out")

        def node_idle():
            out = subprocess.run(["sinfo", "-h", "-n", "localhost", "-o", "%t"], env=env,
                                 capture_output=True, text=True).stdout
            return out.strip() == "idle"

        _wait("the SLURM node", node_idle, 60, logs)
        yield env
    finally:
        subprocess.run(["scancel", "--full", "--partition=debug"], env=env, capture_output=True)
        for proc in reversed(daemons):
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def cluster_jobs(env) -> list[dict[str, str]]:
    """Every job the cluster has seen (MinJobAge keeps finished ones), from squeue."""
    out = subprocess.run(["squeue", "-h", "-t", "all", "-o", "%i|%j|%T|%C|%m|%l|%k"], env=env,
                         capture_output=True, text=True, check=True).stdout
    keys = ("id", "name", "state", "cpus", "mem", "time_limit", "comment")
    return [dict(zip(keys, line.split("|"), strict=True)) for line in out.splitlines()]


def models_per_submission() -> int:
    """The profile's group-components for the group "model": models per sbatch submission."""
    profile = yaml.safe_load((PROFILE / "config.yaml").read_text())
    (entry,) = [e for e in profile["group-components"] if e.startswith("model=")]
    return int(entry.split("=")[1])


def workflow_outputs(workdir: Path) -> dict[str, tuple[str, str]]:
    """Every output file of the workflow in `workdir` -> (rule, status), from --summary."""
    proc = snakemake(workdir, "--summary")
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    assert rows[0][:5] == ["output_file", "date", "rule", "log-file(s)", "status"]
    return {row[0]: (row[2], row[4]) for row in rows[1:]}


def dry_run_jobs(output: str) -> tuple[list[str], list[str]]:
    """(group of each group job, rule of each job outside a group) from a dry run's log."""
    groups, single = [], []
    for line in output.splitlines():
        if "] Group job " in line:
            groups.append(line.split("] Group job ")[1].split()[0])
        elif line.startswith(("rule ", "localrule ")):
            single.append(line.split()[1].rstrip(":"))
    return groups, single


@pytest.mark.slurm
def test_tiny_study_runs_through_sbatch(slurm, tmp_path, tiny_config):
    start = time.monotonic()
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(tmp_path), "--configfile", str(TINY),
           "--workflow-profile", str(PROFILE),
           # what this cluster lacks: an accounting database (so squeue, not sacct) and
           # accounts; logs kept to check them; status polled every few seconds, not 40 s
           "--slurm-status-command", "squeue", "--slurm-no-account",
           "--slurm-keep-successful-logs", "--slurm-init-seconds-before-status-checks", "2"]
    env = {**slurm, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=540)
    seconds = time.monotonic() - start
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-5000:]

    # Every output of the workflow, as Snakemake lists them, is there and up to date.
    outputs = workflow_outputs(tmp_path)
    assert len(outputs) > 20 * len(tiny_config["models"])
    assert {status for _, status in outputs.values()} == {"ok"}
    assert all((tmp_path / f).exists() for f in outputs)
    missing = [f for f in expected_files(tiny_config) if not (tmp_path / f).is_file()]
    assert not missing  # and the logs and benchmarks beside them

    # One sbatch submission per group job: the jobs of up to 4 models (group-components;
    # a comparison's runs count as models), the jobs over several models (montage, curves,
    # the comparison's shared plane and pictures), and those of the toy surfaces; the
    # datasets and the two tables run on the submitting host (localrules). For the 2
    # models and 2 runs of the tiny study: 3 submissions.
    config = validate_config(copy.deepcopy(tiny_config), SCHEMA)
    n_models = sum(len(study["models"]) for study in studies(config).values())
    submissions = math.ceil(n_models / models_per_submission()) + 2
    jobs = cluster_jobs(slurm)
    assert len(jobs) == submissions == 3, jobs
    assert all(j["state"] == "COMPLETED" for j in jobs), jobs
    assert sorted(j["comment"].split("_")[1] for j in jobs) == ["model", "study", "toy"], jobs
    assert output.count("has been submitted with SLURM jobid") == submissions
    assert "localrule dataset" in output

    # The plugin's log of each SLURM job shows the rules that ran inside it: all but the
    # local ones.
    logs = sorted((tmp_path / ".snakemake/slurm_logs").rglob("*.log"))
    assert sorted(p.stem for p in logs) == sorted(j["id"] for j in jobs)
    inside = "\n".join(p.read_text() for p in logs)
    rules = {rule for rule, _ in outputs.values()}
    assert {r for r in rules if f"rule {r}:" not in inside} == {"dataset", "toy_table",
                                                                 "hessian_table"}
    print(f"\ntiny study on SLURM in {seconds:.0f} s, {submissions} sbatch submissions: "
          + "; ".join(f"job {j['id']} ({j['comment'].split('_')[1]}): {j['cpus']} CPUs, "
                      f"{j['mem']}, {j['time_limit']}" for j in jobs))


def test_default_study_job_counts(tmp_path):
    """Dry runs of the default config (README, "Run on a cluster"): on the SLURM profile the
    same jobs as locally, all but the datasets and the two tables in group jobs: 6 of up to 4
    models each (11 models, the 5 of the further studies skips and digits and the 6 runs of
    the comparisons optimizers and weight-decay), 1 of the jobs over several models (montage,
    curves, side by side and shared planes), and 1 of the 9 toy surfaces, so 8 sbatch
    submissions."""
    default = REPO / "config.yaml"
    local = planned_jobs(snakemake(tmp_path, "-n", configfile=default))
    config = validate_config(yaml.safe_load(default.read_text()), SCHEMA)
    n_models = sum(len(study["models"]) for study in studies(config).values())
    n_studies = 1 + len(config["studies"]) + len(config["comparisons"])
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(REPO / "Snakefile"),
           "--directory", str(tmp_path), "--configfile", str(default),
           "--workflow-profile", str(PROFILE), "--slurm-status-command", "squeue", "-n"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=local_env())
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert planned_jobs(proc) == local
    groups, single = dry_run_jobs(output)
    # `all` only names targets: no job to run; each study's dataset and the two tables run
    # on the login node
    assert sorted(single) == ["all"] + ["dataset"] * n_studies + ["hessian_table", "toy_table"]
    assert n_studies == 5
    assert groups.count("model") == math.ceil(n_models / models_per_submission()) == 6
    assert groups.count("study") == 1
    assert groups.count("toy") == 1
    assert len(groups) == 8
