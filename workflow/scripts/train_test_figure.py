"""Rule train_test_figure: every model's training and test landscapes side by side, laid out
as the study."""

from landscape.figures import Run, Slice, montage_layout, save_figure, train_test_figure
from landscape.io import load_npz
from landscape.logs import job_logger

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
runs = [Run.from_trajectory(m, load_npz(f, keys=Run.KEYS))
        for m, f in zip(p.models, sm.input.trajectories)]
slices = [Slice.from_arrays(load_npz(plane, keys=("path", "explained")), load_npz(grid))
          for plane, grid in zip(sm.input.planes, sm.input.grids)]
layout = montage_layout({r.name: (r.depth, r.width) for r in runs})
save_figure(train_test_figure(runs, slices, layout, p.width), sm.output, p.dpi)
for run in runs:
    e = run.last
    log.info("%s: training loss %.4g (accuracy %.1f%%), test loss %.4g (%.1f%%), gap %.4g",
             run.name, run.loss[e], 100 * run.acc[e], run.test_loss[e], 100 * run.test_acc[e],
             run.test_loss[e] - run.loss[e])
