"""File I/O between stages: atomic writes and safe, checked reads (never pickle).

Every script writes its outputs with `save_npz`, `save_json`, `atomic_path` (anything another
library writes, e.g. a PNG or an MP4) or `atomic_dir` (a folder of files), and reads its
inputs with `load_npz` or `load_json`. Then a killed job leaves no half-written file under its
final name, and a damaged input stops the job with a `CorruptFileError` that names the file
and says how to rebuild it (see `landscape.logs.job_logger`, which prints it without a
traceback).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np


class CorruptFileError(RuntimeError):
    """An intermediate file that cannot be read back; the message says how to rebuild it."""


class InputError(ValueError):
    """A file the user gave (data, a plane) that cannot be used; the message names the file
    and the problem."""


# Temporary names are ".<name>.tmp-XXXXXXXX<suffix>" beside the target: hidden, never matched
# by a rule's output pattern, and specific enough that `_remove_stale` only finds leftovers of
# this very target (not of "mlp-5x20.v2" when writing "mlp-5x20").
_TMP_TAG = ".tmp-"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove_stale(path: Path) -> None:
    """Delete temporary files or folders that an earlier, killed write of `path` left.

    Safe because Snakemake never runs two jobs that write the same output at once."""
    stale = re.compile(re.escape(f".{path.name}{_TMP_TAG}") + r"[a-z0-9_]{8}"
                       + re.escape(path.suffix) + r"\Z")
    for entry in path.parent.iterdir():
        if stale.match(entry.name):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _prepare(path: str | os.PathLike) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    return path


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `path` with the same suffix; rename it onto `path` when
    the block succeeds, delete it when it fails. A killed job leaves no half-written file
    (and the next write of `path` removes what it left)."""
    path = _prepare(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{_TMP_TAG}", suffix=path.suffix,
                               dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def atomic_dir(path: str | os.PathLike) -> Iterator[Path]:
    """Like `atomic_path` for a folder: fill a temporary folder, then rename it into place."""
    path = _prepare(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}{_TMP_TAG}", suffix=path.suffix,
                                dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if path.exists():
            shutil.rmtree(path)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def save_npz(path: str | os.PathLike, /, **arrays) -> None:
    """Write named arrays atomically (uncompressed: weights hardly compress). Object arrays
    are refused, so that every file can be read back without pickle."""
    for name, value in arrays.items():
        if np.asarray(value).dtype.hasobject:
            raise TypeError(f"array {name!r} holds Python objects; store numbers or strings")
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)


def load_npz(path: str | os.PathLike, required: tuple[str, ...] = (),
             keys: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """Read the arrays of an .npz into memory, without pickle, checking `required` names.
    `keys` reads only those (and `required`): a job that needs a trajectory's losses need
    not load its weights, which grow with epochs x parameters.

    Raises CorruptFileError (naming the file and how to rebuild it) if the file is missing,
    damaged (the zip CRC is checked while reading), holds pickled objects or lacks a name."""
    try:
        with np.load(path, allow_pickle=False) as f:
            wanted = f.files if keys is None else set(keys) | set(required)
            data = {k: f[k] for k in f.files if k in wanted}
    except FileNotFoundError as e:
        raise CorruptFileError(rebuild_hint(path, "does not exist")) from e
    except Exception as e:
        # Reading a file we wrote fails only if it is not what we wrote: a damaged header
        # alone makes numpy and zipfile raise a dozen kinds of error (BadZipFile,
        # NotImplementedError for "encryption", MemoryError for a huge shape, ...).
        raise CorruptFileError(rebuild_hint(path, f"is damaged ({e})")) from e
    missing = [k for k in required if k not in data]
    if missing:
        raise CorruptFileError(rebuild_hint(path, f"lacks the arrays {missing}"))
    return data


def load_user_npz(path: str | os.PathLike, required: tuple[str, ...]) -> dict[str, np.ndarray]:
    """The arrays of a user's .npz file (never unpickled), with the `required` names;
    InputError naming the file and the problem otherwise."""
    try:
        with np.load(path, allow_pickle=False) as f:
            data = {k: f[k] for k in f.files}
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file") from e
    except Exception as e:
        raise InputError(f"{path}: cannot be read as an .npz file of arrays ({e})") from e
    missing = [k for k in required if k not in data]
    if missing:
        raise InputError(f"{path}: lacks the arrays {missing} (it has {sorted(data)})")
    return data


def save_json(path: str | os.PathLike, obj) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, sort_keys=True, allow_nan=False) + "\n")


def load_json(path: str | os.PathLike):
    try:
        return json.loads(Path(path).read_text())
    except FileNotFoundError as e:
        raise CorruptFileError(rebuild_hint(path, "does not exist")) from e
    except (OSError, ValueError) as e:
        raise CorruptFileError(rebuild_hint(path, f"is damaged ({e})")) from e


def rebuild_hint(path: str | os.PathLike, problem: str) -> str:
    """`path` and `problem`, and how to rebuild it: deleting an output makes Snakemake run
    the job that writes it, and everything downstream, again."""
    return (f"{path} {problem}. It is an intermediate result: delete it (rm -r {path}) and "
            "run snakemake again to rebuild it and what depends on it.")


def save_text(path: str | os.PathLike, text: str) -> None:
    """Write a text file (CSV, Markdown) atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text)
