# Config validation and the helpers that list targets. Runs before any job starts.
import os
import sys

# Jobs import the package from this checkout's src/, whatever is installed.
SRC = os.path.join(workflow.basedir, "src")
sys.path.insert(0, SRC)
os.environ.update(
    PYTHONPATH=os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH")) if p)
)

from landscape.config import ConfigError, validate_config  # noqa: E402


def config_error(message):
    """Stop before any job with `message` (one or two lines), no traceback, exit status 1.
    Use it for any check of the config made in a .smk file."""
    logger.error(message)
    sys.exit(1)


try:
    validate_config(config, os.path.join(workflow.basedir, "workflow/schemas/config.schema.yaml"))
except ConfigError as err:
    config_error(str(err))

MODELS = list(config["models"])
RESULTS = "results"
ENV = "../envs/landscape.yaml"


wildcard_constraints:
    model="|".join(map(re.escape, MODELS)),


def model_dir(model):
    return f"{RESULTS}/models/{model}"


def animations(kind):
    """The GIF or MP4 of every model."""
    return expand(f"{RESULTS}/animations/{{model}}.{kind}", model=MODELS)


def all_animations():
    return animations("gif") + animations("mp4")
