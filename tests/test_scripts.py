"""The rules' scripts that only draw, encode or tabulate never import torch: it costs each
job 1.7 s and 220 MB before it does any work."""

import ast
import subprocess
import sys

from conftest import REPO, local_env

SCRIPTS = REPO / "workflow" / "scripts"

# The scripts whose rules compute with torch: training, forward passes over a grid or the
# data, Hessians, optimiser paths and Newton's method on the textbook surfaces.
COMPUTE = {"train_model", "loss_grid", "decision_regions", "interpolation", "hessian_spectrum",
           "shared_grid", "toy_paths", "toy_critical_points", "escape_runs", "slice_sweep",
           "risk_minima"}


def imports(script) -> str:
    """The script's top-level import statements (what runs before `snakemake` is used)."""
    tree = ast.parse(script.read_text())
    return "\n".join(ast.unparse(node) for node in tree.body
                     if isinstance(node, ast.Import | ast.ImportFrom))


def test_scripts_that_only_draw_do_not_import_torch():
    scripts = sorted(SCRIPTS.glob("*.py"))
    assert COMPUTE <= {s.stem for s in scripts}, COMPUTE - {s.stem for s in scripts}
    drawing = [s for s in scripts if s.stem not in COMPUTE]
    assert len(drawing) >= 25
    # One process: after each script's imports, name it if torch has appeared.
    program = "import sys\n" + "\n".join(
        f"{imports(s)}\nif 'torch' in sys.modules: sys.exit({s.stem!r})" for s in drawing)
    done = subprocess.run([sys.executable, "-c", program], env=local_env(),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"imports torch: {done.stderr.strip()}"


def test_the_check_sees_torch():
    # The same check on a script that computes with torch must fail.
    program = f"import sys\n{imports(SCRIPTS / 'loss_grid.py')}\nassert 'torch' in sys.modules"
    subprocess.run([sys.executable, "-c", program], env=local_env(), check=True, timeout=120)
