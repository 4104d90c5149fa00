import copy
from pathlib import Path

import pytest
import yaml

from landscape.config import ConfigError, validate_config

REPO = Path(__file__).resolve().parents[1]
SCHEMA = REPO / "workflow/schemas/config.schema.yaml"
DEFAULT = yaml.safe_load((REPO / "config.yaml").read_text())


def check(mutate):
    config = copy.deepcopy(DEFAULT)
    mutate(config)
    return validate_config(config, SCHEMA)


def test_default_and_tiny_configs_are_valid():
    check(lambda c: None)
    validate_config(yaml.safe_load((REPO / "config/tiny.yaml").read_text()), SCHEMA)


def test_defaults_are_filled_in():
    config = check(lambda c: c["render"].pop("fps"))
    assert config["render"]["fps"] == 10


@pytest.mark.parametrize("mutate,message", [
    (lambda c: c["train"].update(epoch=3), r"train: unknown key\(s\) 'epoch'; allowed keys: "
                                           r"batch_size, epochs"),
    (lambda c: c["train"].update(epochs=0), "train.epochs: got 0; must be >= 1"),
    (lambda c: c["train"].update(optimizer="sgdd"), "train.optimizer: got 'sgdd'; allowed "
                                                    "values: 'sgd', 'adam'"),
    (lambda c: c["models"].update({"../evil": {"depth": 1, "width": 2}}), "name '../evil'"),
    (lambda c: c["models"]["logreg"].update(depth="one"), "models.logreg.depth: got 'one'"),
    (lambda c: c["models"].update(m={"depth": 2, "width": 0}), "models.m.width: got 0"),
    (lambda c: c.pop("train"), r"missing required key\(s\) 'train'"),
    (lambda c: c["render"].update(width=1281), "render.width: got 1281"),
])
def test_bad_config_names_the_field(mutate, message):
    with pytest.raises(ConfigError, match=message):
        check(mutate)
