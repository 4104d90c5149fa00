from pathlib import Path

from landscape.resources import RuleUsage, format_table, read_benchmarks, suggest_resources

HEADER = "s\th:m:s\tmax_rss\tmax_vms\tmax_uss\tmax_pss\tio_in\tio_out\tmean_load\tcpu_time\n"


def bench(path: Path, seconds, rss) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + f"{seconds}\t0:00:00\t{rss}\t1\t1\t1\t0\t0\t0\t0\n")


def test_reads_the_slowest_job_and_the_peak_memory_of_each_rule(tmp_path):
    bench(tmp_path / "train/logreg.tsv", 1.5, 120.0)
    bench(tmp_path / "train/mlp-10x100.tsv", 4.9, 368.3)
    bench(tmp_path / "train/mlp-5x100.tsv", 3.0, 400.0)  # not the slowest, but the largest
    bench(tmp_path / "animation/m.gif.tsv", 1.7, "NA")  # too short to measure memory
    bench(tmp_path / "dataset.tsv", 0.2, 0.9)
    bench(tmp_path / "figures/landscape/logreg.tsv", 2.5, 124.0)  # a folder per figure kind
    usage = read_benchmarks(tmp_path)
    assert usage["train"] == RuleUsage("train", 3, 4.9, 400.0, "mlp-10x100")
    assert usage["animation"] == RuleUsage("animation", 1, 1.7, 0.0, "m.gif")
    assert usage["dataset"] == RuleUsage("dataset", 1, 0.2, 0.9, "dataset")
    assert usage["figures/landscape"] == RuleUsage("figures/landscape", 1, 2.5, 124.0, "logreg")
    table = format_table(usage).splitlines()
    assert [line.split()[0] for line in table] == [
        "rule", "animation", "dataset", "figures/landscape", "train"]
    # 2 x 400 MB = 800 -> 1000 MB; 5 x 4.9 s < 2 min -> 2 min
    assert table[4].split() == ["train", "3", "4.9", "400", "1000", "2", "mlp-10x100"]


def test_suggestion_is_twice_the_peak_and_five_times_the_slowest_job():
    # the grid of mlp-20x100 in config/sweep.yaml: 2 x 520 MB = 1040 -> 1250 MB;
    # 5 x 198 s = 16.5 min -> 17 min
    assert suggest_resources(RuleUsage("grid", 2, 198.0, 520.0, "mlp-20x100")) == (1250, 17)
    # floors: 500 MB, 2 minutes
    assert suggest_resources(RuleUsage("r", 1, 0.2, 1.0, "j")) == (500, 2)
    # exactly on a step: 2 x 500 = 1000 MB; 5 x 120 s = 10 min
    assert suggest_resources(RuleUsage("r", 1, 120.0, 500.0, "j")) == (1000, 10)
