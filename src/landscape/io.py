"""File I/O between stages: atomic writes and safe, checked reads (never pickle)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np


class CorruptFileError(RuntimeError):
    """An intermediate file that cannot be read back; the message says how to rebuild it."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `path` with the same suffix; rename it onto `path` when
    the block succeeds, delete it when it fails. A killed job leaves no half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if path.exists():
            shutil.rmtree(path)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def save_npz(path: str | os.PathLike, /, **arrays) -> None:
    """Write named arrays atomically (uncompressed: weights hardly compress)."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)


def load_npz(path: str | os.PathLike, required: tuple[str, ...] = ()) -> dict[str, np.ndarray]:
    """Read all arrays of an .npz into memory, without pickle, checking `required` names."""
    try:
        with np.load(path, allow_pickle=False) as f:
            data = {k: f[k] for k in f.files}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as e:
        raise CorruptFileError(_rebuild_hint(path, f"cannot be read ({e})")) from e
    missing = [k for k in required if k not in data]
    if missing:
        raise CorruptFileError(_rebuild_hint(path, f"lacks arrays {missing}"))
    return data


def save_json(path: str | os.PathLike, obj) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(obj, indent=2, sort_keys=True) + "\n")


def load_json(path: str | os.PathLike):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as e:
        raise CorruptFileError(_rebuild_hint(path, f"cannot be read ({e})")) from e


def _rebuild_hint(path, problem: str) -> str:
    return (
        f"{path} {problem}. It is an intermediate result: delete it and run snakemake again "
        f"to rebuild it (or `snakemake --forcerun <rule>` for the rule that makes it)."
    )
