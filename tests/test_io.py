"""Atomic writes, checked reads, no pickle, and what a failed job tells its user."""

import ast
import os
import pathlib
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landscape.io import (
    CorruptFileError,
    atomic_dir,
    atomic_path,
    load_json,
    load_npz,
    save_json,
    save_npz,
)

REPO = Path(__file__).resolve().parents[1]
ARRAYS = {"theta": np.arange(12, dtype=np.float32).reshape(3, 4), "diverged_at": np.int64(-1),
          "spec": np.array('{"depth": 2}')}


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_round_trip(tmp_path):
    save_npz(tmp_path / "t.npz", **ARRAYS)
    back = load_npz(tmp_path / "t.npz", required=("theta", "spec"))
    for key, value in ARRAYS.items():
        np.testing.assert_array_equal(back[key], value)
        assert back[key].dtype == np.asarray(value).dtype
    assert listing(tmp_path) == ["t.npz"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    save_npz(tmp_path / "t.npz", a=np.zeros(3))
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_path(tmp_path / "t.npz") as tmp:
            tmp.write_bytes(b"half a fi")
            raise RuntimeError("boom")
    with pytest.raises(RuntimeError, match="boom"):
        with atomic_dir(tmp_path / "frames") as tmp:
            (tmp / "frame_00000.png").write_bytes(b"x")
            raise RuntimeError("boom")
    assert listing(tmp_path) == ["t.npz"]
    np.testing.assert_array_equal(load_npz(tmp_path / "t.npz")["a"], np.zeros(3))


KILLED_WRITER = """
import os, signal, sys
from landscape.io import atomic_dir, atomic_path
with atomic_path(sys.argv[1] + "/grid.npz") as tmp:
    tmp.write_bytes(b"PK half of an npz")
    with atomic_dir(sys.argv[1] + "/frames") as d:
        (d / "frame_00000.png").write_bytes(b"a frame")
        os.kill(os.getpid(), signal.SIGKILL)  # as a killed job: no cleanup runs
"""


def test_a_killed_writer_leaves_no_output_and_the_next_write_sweeps_its_temporaries(tmp_path):
    (tmp_path / "grid.npz.v2.npz").write_bytes(b"another output, kept")
    proc = subprocess.run([sys.executable, "-c", KILLED_WRITER, str(tmp_path)],
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert proc.returncode == -9
    left = listing(tmp_path)
    assert "grid.npz" not in left and "frames" not in left  # nothing under the final names
    assert len(left) == 3  # the two temporaries and the unrelated file
    save_npz(tmp_path / "grid.npz", a=np.ones(2))
    with atomic_dir(tmp_path / "frames") as d:
        (d / "frame_00000.png").write_bytes(b"b")
    assert listing(tmp_path) == ["frames", "grid.npz", "grid.npz.v2.npz"]


def test_a_similar_name_is_not_swept(tmp_path):
    """Writing mlp-5x20.gif must not delete the temporary of mlp-5x20.v2.gif, written by
    another job at the same time."""
    with atomic_path(tmp_path / "mlp-5x20.v2.gif") as other:
        other.write_bytes(b"in progress")
        with atomic_path(tmp_path / "mlp-5x20.gif") as tmp:
            tmp.write_bytes(b"gif")
        assert other.exists()
    assert listing(tmp_path) == ["mlp-5x20.gif", "mlp-5x20.v2.gif"]


def test_truncated_file_is_named_with_how_to_rebuild_it(tmp_path):
    path = tmp_path / "trajectory.npz"
    save_npz(path, **ARRAYS)
    os.truncate(path, path.stat().st_size // 2)
    with pytest.raises(CorruptFileError) as err:
        load_npz(path)
    assert str(err.value).startswith(f"{path} is damaged (")
    assert f"delete it (rm -r {path}) and run snakemake again" in str(err.value)
    with pytest.raises(CorruptFileError, match="does not exist"):
        load_npz(tmp_path / "nothere.npz")
    save_npz(path, theta=np.zeros(2))
    with pytest.raises(CorruptFileError, match=r"lacks the arrays \['spec'\]"):
        load_npz(path, required=("theta", "spec"))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_damage_is_caught_or_harmless(tmp_path_factory, data):
    """Cut the file anywhere or flip any byte: load_npz either raises CorruptFileError or
    returns exactly the arrays that were saved (a flip in a field nobody reads)."""
    path = tmp_path_factory.mktemp("npz") / "grid.npz"
    save_npz(path, **ARRAYS)
    raw = bytearray(path.read_bytes())
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    else:
        raw[data.draw(st.integers(0, len(raw) - 1))] ^= data.draw(st.integers(1, 255))
    path.write_bytes(bytes(raw))
    try:
        back = load_npz(path, required=tuple(ARRAYS))
    except CorruptFileError as e:
        assert str(e).startswith(f"{path} ")
        return
    for key, value in ARRAYS.items():
        np.testing.assert_array_equal(back[key], value)


class Payload:
    """Unpickling this would create a file: proof that something was unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return pathlib.Path.touch, (self.marker,)


def test_nothing_is_unpickled(tmp_path):
    marker = tmp_path / "unpickled"
    path = tmp_path / "evil.npz"
    np.savez(path, x=np.array([Payload(marker)], dtype=object))  # np.savez pickles objects
    with pytest.raises(CorruptFileError, match="evil.npz is damaged .*allow_pickle"):
        load_npz(path)
    assert not marker.exists()
    with pytest.raises(TypeError, match="holds Python objects"):
        save_npz(tmp_path / "b.npz", x=np.array([{}], dtype=object))


def calls(tree, module, attr):
    """Calls such as np.load(...) in a parsed file."""
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == attr
            and isinstance(node.func.value, ast.Name) and node.func.value.id in module]


def keyword(call, name):
    return next((k.value.value for k in call.keywords
                 if k.arg == name and isinstance(k.value, ast.Constant)), None)


def test_no_code_can_unpickle():
    """Every np.load passes allow_pickle=False, every torch.load weights_only=True, and no
    module imports pickle (or its relatives)."""
    files = [*REPO.glob("src/**/*.py"), *REPO.glob("workflow/scripts/**/*.py"),
             *REPO.glob("benchmarks/**/*.py")]
    assert len(files) > 10
    for path in files:
        tree = ast.parse(path.read_text(), filename=str(path))
        for call in calls(tree, {"np", "numpy"}, "load"):
            assert keyword(call, "allow_pickle") is False, f"{path}:{call.lineno}"
        for call in calls(tree, {"torch"}, "load"):
            assert keyword(call, "weights_only") is True, f"{path}:{call.lineno}"
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                assert name.split(".")[0] not in {"pickle", "cPickle", "dill", "joblib",
                                                  "shelve"}, f"{path}: imports {name}"


def test_json_round_trip_and_damage(tmp_path):
    save_json(tmp_path / "m.json", {"b": 1, "a": [1.5]})
    assert load_json(tmp_path / "m.json") == {"a": [1.5], "b": 1}
    with pytest.raises(ValueError):
        save_json(tmp_path / "n.json", {"loss": float("nan")})  # not JSON; would not load
    assert not (tmp_path / "n.json").exists()
    (tmp_path / "m.json").write_text('{"a": [1.')
    with pytest.raises(CorruptFileError, match="m.json is damaged"):
        load_json(tmp_path / "m.json")


FAILING_JOB = """
import sys
from landscape.io import load_npz
from landscape.logs import job_logger
log = job_logger(sys.argv[1])
log.info("started")
if sys.argv[2] == "corrupt":
    load_npz(sys.argv[1] + ".missing.npz")
raise ZeroDivisionError("a bug")
"""


@pytest.mark.parametrize("kind", ["corrupt", "bug"])
def test_a_failed_job_says_why_in_its_log(tmp_path, kind):
    log = tmp_path / "job.log"
    proc = subprocess.run([sys.executable, "-c", FAILING_JOB, str(log), kind],
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert proc.returncode == 1
    text = log.read_text()
    assert "INFO started" in text
    if kind == "corrupt":
        # one line on the terminal, no traceback; the same in the log
        assert proc.stderr == f"error: {log}.missing.npz does not exist. It is an intermediate " \
            f"result: delete it (rm -r {log}.missing.npz) and run snakemake again to rebuild " \
            "it and what depends on it.\n"
        assert "ERROR " + proc.stderr.removeprefix("error: ") in text
    else:
        assert "Traceback" in proc.stderr and "ZeroDivisionError: a bug" in proc.stderr
        assert "ERROR job failed:\nTraceback" in text and "ZeroDivisionError: a bug" in text


def test_load_npz_reads_only_the_keys_asked_for(tmp_path):
    path = tmp_path / "t.npz"
    save_npz(path, theta=np.ones((3, 4)), loss=np.arange(3.0), spec=np.array("{}"))
    assert set(load_npz(path, keys=("loss",))) == {"loss"}
    assert set(load_npz(path, required=("spec",), keys=())) == {"spec"}
    assert set(load_npz(path)) == {"theta", "loss", "spec"}
