"""Per-job log files: the progress lines a user reads in results/logs/."""

from __future__ import annotations

import logging
import sys
import traceback

from .io import CorruptFileError, InputError


def job_logger(path: str, name: str = "landscape") -> logging.Logger:
    """A logger writing timestamped lines to `path` (the rule's log: file).

    It also records why a job failed: an uncaught exception goes into the log (which
    Snakemake shows for a failed job) as well as to stderr. A damaged input file
    (CorruptFileError) is reported as its message alone, since its traceback says nothing
    the message does not; nor is a file of the user's that cannot be used (InputError).
    """
    logging.basicConfig(filename=path, filemode="w", level=logging.INFO, force=True,
                        format="%(asctime)s %(levelname)s %(message)s")
    logging.captureWarnings(True)
    # Matplotlib's PDF backend subsets fonts with fontTools, which logs a hundred INFO lines
    # per figure: noise in a job's log.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logger = logging.getLogger(name)

    def report(kind, error, tb):
        if isinstance(error, CorruptFileError | InputError):
            logger.error("%s", error)
            print(f"error: {error}", file=sys.stderr)
        else:
            text = "".join(traceback.format_exception(kind, error, tb)).rstrip()
            logger.error("job failed:\n%s", text)
            print(text, file=sys.stderr)

    sys.excepthook = report
    return logger
