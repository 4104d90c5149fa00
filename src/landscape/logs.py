"""Per-job log files: the progress lines a user reads in results/logs/."""

from __future__ import annotations

import logging


def job_logger(path: str, name: str = "landscape") -> logging.Logger:
    """A logger writing timestamped lines to `path` (the rule's log: file)."""
    logging.basicConfig(filename=path, filemode="w", level=logging.INFO, force=True,
                        format="%(asctime)s %(levelname)s %(message)s")
    logging.captureWarnings(True)
    return logging.getLogger(name)
