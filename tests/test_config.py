import copy
import math
import re
from pathlib import Path

import pytest
import yaml
from conftest import snakemake
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from landscape.config import (
    ConfigError,
    load_schema,
    studies,
    sweep_models,
    validate,
    validate_config,
)

REPO = Path(__file__).resolve().parents[1]
SCHEMA_PATH = REPO / "workflow/schemas/config.schema.yaml"
SCHEMA = load_schema(SCHEMA_PATH)
DEFAULT = yaml.safe_load((REPO / "config.yaml").read_text())


def check(mutate):
    config = copy.deepcopy(DEFAULT)
    mutate(config)
    return validate_config(config, SCHEMA_PATH)


def test_default_and_tiny_configs_are_valid():
    check(lambda c: None)
    validate_config(yaml.safe_load((REPO / "config/tiny.yaml").read_text()), SCHEMA_PATH)


def test_defaults_are_filled_in():
    config = check(lambda c: c["render"].pop("fps"))
    assert config["render"]["fps"] == 10


def test_split_and_landscape_defaults():
    """A held-out fifth of each class, and train and test landscapes side by side, unless
    the config says otherwise; the split is a key of every data kind, studies included."""
    def drop(c):
        c["data"].pop("test_fraction")
        c["render"].pop("landscape")
        c["figures"].pop("landscape")
        c["studies"]["digits"]["data"]["test_fraction"] = 0.0

    config = check(drop)
    assert config["data"]["test_fraction"] == 0.2
    assert config["render"]["landscape"] == config["figures"]["landscape"] == "both"
    out = studies(config)
    assert out["results/studies/digits"]["data"]["test_fraction"] == 0.0  # no split there
    assert out["results/studies/skips"]["data"]["test_fraction"] == 0.2  # the top level's
    for kind in ("moons", "circles", "blobs", "digits"):
        assert check(lambda c, k=kind: c.update(data={"kind": k}))["data"]["test_fraction"] \
            == 0.2
    file = check(lambda c: c.update(data={"kind": "file", "path": "a.csv",
                                           "test_fraction": 0.5}))
    assert file["data"]["test_fraction"] == 0.5
    # a data key only: the other kind-dependent sections (schedules) do not take it
    for kind, filled in [("step", {"step_size": 30, "gamma": 0.1}), ("cosine", {"min_lr": 0.0})]:
        schedule = check(lambda c, k=kind: c["train"].update(schedule={"kind": k}))
        assert schedule["train"]["schedule"] == {"kind": kind, **filled}
    with pytest.raises(ConfigError, match="unknown key"):
        check(lambda c: c["train"].update(schedule={"kind": "step", "test_fraction": 0.2}))


def model(depth, width):
    return {"depth": depth, "width": width}


@pytest.mark.parametrize("mutate,message", [
    # a typo: named, with the key it probably meant
    (lambda c: c["train"].update(epoch=c["train"].pop("epochs")),
     "config error at train: unknown key(s) 'epoch' (did you mean 'epochs'?); allowed keys: "
     "batch_size, epochs, lr, momentum, optimizer, schedule, weight_decay"),
    (lambda c: c.update(sed=c.pop("seed")),
     "config error at (top level): unknown key(s) 'sed' (did you mean 'seed'?); allowed keys: "
     + ", ".join(sorted(SCHEMA["properties"]))),
    (lambda c: c["train"].update(epochs=0), "config error at train.epochs: got 0; must be >= 1"),
    (lambda c: c["train"].update(optimizer="sgdd"),
     "config error at train.optimizer: got 'sgdd'; allowed values: 'sgd', 'adam', 'adamw', "
     "'rmsprop' (did you mean 'sgd'?)"),
    (lambda c: c.pop("train"), "config error at (top level): missing required key(s) 'train'"),
    (lambda c: c["models"]["logreg"].pop("width"),
     "config error at models.logreg: missing required key(s) 'width'"),
    # integers are integers: 3.0 would crash range(), True is not 1
    (lambda c: c["train"].update(epochs=3.0),
     "config error at train.epochs: got 3.0 (number); expected a whole number"),
    (lambda c: c["landscape"].update(resolution=True),
     "config error at landscape.resolution: got True (true/false); expected a whole number"),
    # NaN passes every `minimum`, infinity every `exclusiveMinimum`: both are refused
    (lambda c: c["train"].update(lr=math.nan),
     "config error at train.lr: got nan; expected a finite number"),
    (lambda c: c["data"].update(noise=math.inf),
     "config error at data.noise: got inf; expected a finite number"),
    # YAML 1.1 reads 1e-3 as text
    (lambda c: c["train"].update(lr="1e-3"),
     "config error at train.lr: got '1e-3' (text); expected a finite number\n"
     "  write it as a number, e.g. 1.0e-03 (YAML reads 1e-3 as text)"),
    (lambda c: c["models"].update(m=model(2, 0)),
     "config error at models.m.width: got 0; must be >= 1\n"
     "  (a model with hidden layers needs width >= 1)"),
    (lambda c: c["models"]["logreg"].update(depth="one"),
     "config error at models.logreg.depth: got 'one' (text); expected a whole number"),
    (lambda c: c["render"].update(width=1281),
     "config error at render.width: got 1281; must be a multiple of 2"),
    (lambda c: c["render"].update(gif_width=10**6),
     "config error at render.gif_width: got 1000000; must be <= 7680"),
    (lambda c: c.update(seed=2**64), "config error at seed: got 18446744073709551616; must be <="),
    (lambda c: c.update(models={}), "config error at models: got {}; needs at least 1 entry"),
    (lambda c: c["train"].update(batch_size="all"),
     "config error at train.batch_size: got 'all' (text); expected a whole number or null"),
    # the held-out split and which landscapes to show
    (lambda c: c["data"].update(test_fraction=1),
     "config error at data.test_fraction: got 1; must be < 1\n  (the share of each class "
     "held out for testing; every class keeps training samples, so it must be below 1)"),
    (lambda c: c["data"].update(test_fraction=-0.1),
     "config error at data.test_fraction: got -0.1; must be >= 0"),
    (lambda c: c["data"].update(test_fraction="20%"),
     "config error at data.test_fraction: got '20%' (text); expected a finite number"),
    (lambda c: c["data"].update(test_frac=0.2),
     "config error at data: unknown key(s) 'test_frac' (did you mean 'test_fraction'?) for "
     "kind 'spiral'; allowed keys: classes, kind, noise, points_per_class, test_fraction"),
    (lambda c: c["render"].update(landscape="tests"),
     "config error at render.landscape: got 'tests'; allowed values: 'train', 'test', 'both' "
     "(did you mean 'test'?)"),
    (lambda c: c["figures"].update(landscape=True),
     "config error at figures.landscape: got True (true/false); expected text"),
])
def test_bad_config_names_the_field(mutate, message):
    with pytest.raises(ConfigError) as err:
        check(mutate)
    assert str(err.value).startswith(message)
    assert len(str(err.value).splitlines()) <= 2


NAME_RULE = "is not allowed; use letters, digits, '.', '_' and '-', starting with a letter or digit"


@pytest.mark.parametrize("name", ["..", "../evil", "a/b", ".hidden", "-x", "a b", "abc\n",
                                  "\nabc", "", "x" * 65, "mlp*", "naïve", "C:\\x"])
def test_unsafe_model_names_are_refused(name):
    with pytest.raises(ConfigError) as err:
        check(lambda c: c["models"].update({name: model(1, 5)}))
    message = str(err.value)
    assert message.startswith(f"config error at models: name {name!r}"[:80])
    assert message.endswith(f"{NAME_RULE} and at most 64 characters")


@pytest.mark.parametrize("name", ["a..b", "mlp-5x20", "M1", "x" * 64, "1", "a_b.c-d"])
def test_safe_model_names_are_accepted(name):
    check(lambda c: c["models"].update({name: model(1, 5)}))


def test_names_differing_only_in_case_are_refused():
    with pytest.raises(ConfigError, match="names 'mlp-1x5' and 'MLP-1x5' differ only in case"):
        check(lambda c: c["models"].update({"MLP-1x5": model(1, 5)}))


def test_name_definition_serves_any_name_field():
    """A future field such as `study: {name: ...}` refers to $defs/name and gets the same
    rule and message as model names."""
    schema = {"$defs": SCHEMA["$defs"], "type": "object",
              "properties": {"study": {"type": "object",
                                       "properties": {"name": {"$ref": "#/$defs/name"}}}}}
    validate({"study": {"name": "spiral-v2"}}, schema)
    with pytest.raises(ConfigError) as err:
        validate({"study": {"name": "../up"}}, schema)
    assert str(err.value).startswith(f"config error at study.name: name '../up' {NAME_RULE}")


def test_a_config_that_is_not_a_mapping():
    with pytest.raises(ConfigError, match="expected a mapping of sections"):
        validate([1, 2], SCHEMA)


# ---------------------------------------------------------------------------------------------
# Property: every mutation of the default config (wrong type, out of range, not finite, not in
# an enum, missing or unknown key, unsafe name) gives a ConfigError of at most two lines that
# names the mutated field, and nothing else.


def resolve(schema, value):
    """`schema` as it applies to `value`: its `$ref` followed (keywords beside it merged in,
    property by property) and, in a section whose keys depend on its `kind` (data, schedule),
    the `then` of the branch whose `if` names that kind merged in."""
    while "$ref" in schema:
        ref = SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
        local = {k: v for k, v in schema.items() if k != "$ref"}
        props = dict(ref.get("properties", {}))
        for key, sub in local.get("properties", {}).items():
            props[key] = {**props.get(key, {}), **sub}
        schema = {**ref, **local, "properties": props}
    for branch in schema.get("allOf", []):
        kind = branch.get("if", {}).get("properties", {}).get("kind", {})
        if isinstance(value, dict) and "const" in kind and value.get("kind") == kind["const"]:
            then = branch["then"]
            props = {**schema.get("properties", {}),
                     **{k: v for k, v in then["properties"].items() if isinstance(v, dict)}}
            schema = {**schema, **then, "properties": props}
    return schema


def schema_leaves(schema, config, path=()):
    """(path, leaf schema) of every value of `config`, and (path, schema) of every object."""
    schema = resolve(schema, config)
    leaves, objects = [], [(path, schema)]
    for key, value in config.items():
        sub = schema.get("properties", {}).get(key, schema.get("additionalProperties"))
        sub = resolve(sub, value)
        if isinstance(value, dict):
            more_leaves, more_objects = schema_leaves(sub, value, (*path, key))
            leaves += more_leaves
            objects += more_objects
        else:
            leaves.append(((*path, key), sub))
    return leaves, objects


LEAVES, OBJECTS = schema_leaves(SCHEMA, DEFAULT)
CLOSED = [(p, s) for p, s in OBJECTS if s.get("additionalProperties") is False]
REQUIRED = [(p, k) for p, s in OBJECTS for k in s.get("required", [])]
SAMPLES = {"string": "text", "integer": 7, "number": 2.5, "boolean": True, "null": None,
           "array": [1, 2], "object": {"k": 1}}


def wrong_types(leaf):
    types = leaf["type"] if isinstance(leaf["type"], list) else [leaf["type"]]
    ok = set(types) | ({"integer"} if "number" in types else set())
    return [v for t, v in SAMPLES.items() if t not in ok]


def out_of_range(leaf):
    values = []
    step = 1 if leaf["type"] == "integer" else 0.5
    if "minimum" in leaf:
        values.append(leaf["minimum"] - step)
    if "maximum" in leaf:
        values.append(leaf["maximum"] + step)
    values += [leaf[k] for k in ("exclusiveMinimum", "exclusiveMaximum") if k in leaf]
    if "number" in str(leaf["type"]) or leaf["type"] == "integer":
        values += [math.nan, math.inf, -math.inf]
    return values


def where(path):
    return ".".join(path) or "(top level)"


KINDS = ("type", "range", "enum", "missing", "unknown", "name")


@st.composite
def mutation(draw, kinds=KINDS):
    """(function that mutates a config, where the error must point)."""
    kind = draw(st.sampled_from(kinds))
    if kind in ("type", "range", "enum"):
        choices = [(p, s) for p, s in LEAVES
                   if (kind != "enum" or "enum" in s) and (kind != "range" or out_of_range(s))]
        path, leaf = draw(st.sampled_from(choices))
        if kind == "type":
            value = draw(st.sampled_from(wrong_types(leaf)))
        elif kind == "range":
            value = draw(st.sampled_from(out_of_range(leaf)))
        else:
            value = draw(st.text(min_size=1, max_size=8).filter(lambda v: v not in leaf["enum"]))

        def set_value(c):
            for key in path[:-1]:
                c = c[key]
            c[path[-1]] = value

        return set_value, where(path)
    if kind == "missing":
        path, key = draw(st.sampled_from(REQUIRED))
        return (lambda c: get(c, path).pop(key)), where(path)
    if kind == "unknown":
        path, schema = draw(st.sampled_from(CLOSED))
        key = draw(st.from_regex(r"[a-z_]{1,12}", fullmatch=True)
                   .filter(lambda k: k not in schema["properties"]))
        return (lambda c: get(c, path).update({key: 1})), where(path)
    name = draw(st.one_of(st.sampled_from(["..", "../x", "a/b", ".x", "x\n"]),
                          st.text(max_size=70).filter(lambda n: not is_safe_name(n))))
    return (lambda c: c["models"].update({name: model(1, 5)})), "models"


def get(config, path):
    for key in path:
        config = config[key]
    return config


def is_safe_name(name):
    return re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name) is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_every_mutation_names_its_field(m):
    mutate, location = m
    with pytest.raises(ConfigError) as err:
        check(mutate)
    message = str(err.value)
    assert message.startswith(f"config error at {location}: ")
    assert len(message.splitlines()) <= 2


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation(), min_size=2, max_size=4))
def test_several_mutations_name_one_of_them(ms):
    config = copy.deepcopy(DEFAULT)
    for mutate, _ in ms:
        try:
            mutate(config)
        except (KeyError, TypeError, AttributeError):
            pass  # an earlier mutation removed or replaced this one's section
    with pytest.raises(ConfigError) as err:
        validate_config(config, SCHEMA_PATH)
    message = str(err.value)
    assert any(message.startswith(f"config error at {loc}: ") for _, loc in ms) \
        or message.startswith("config error at models: names")
    assert len(message.splitlines()) <= 2


@pytest.mark.e2e
@pytest.mark.parametrize("kind", KINDS)
def test_snakemake_stops_with_the_message_and_writes_nothing(tmp_path_factory, kind):
    """One mutation of each kind through the real command line (a non-dry run): exit status
    1, the message on the terminal, no traceback, no results/."""
    run_mutation_through_snakemake(tmp_path_factory, kind)


@settings(max_examples=1, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def run_mutation_through_snakemake(tmp_path_factory, kind, data):
    mutate, location = data.draw(mutation(kinds=(kind,)))
    workdir = tmp_path_factory.mktemp("bad")
    config = copy.deepcopy(DEFAULT)
    mutate(config)
    try:
        text = yaml.safe_dump(config, allow_unicode=True)
    except yaml.YAMLError:
        assume(False)  # a name YAML cannot write (e.g. a lone surrogate)
    (workdir / "bad.yaml").write_text(text, encoding="utf-8")
    proc = snakemake(workdir, configfile=workdir / "bad.yaml", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert f"config error at {location}: " in out
    assert "Traceback" not in out and "File \"" not in out
    assert not (workdir / "results").exists()


@pytest.mark.parametrize("mutate,message", [
    (lambda c: c.update(data={"kind": "moons", "classes": 3}),
     r"data: unknown key\(s\) 'classes' for kind 'moons'; allowed keys: kind, noise, samples"),
    (lambda c: c.update(data={"kind": "circles", "factor": 1.5}),
     "data.factor: got 1.5; must be < 1"),
    (lambda c: c.update(data={"kind": "digits", "classes": 11}),
     "data.classes: got 11; must be <= 10"),
    (lambda c: c.update(data={"kind": "file"}), r"data: missing required key\(s\) 'path'"),
    (lambda c: c.update(data={"kind": "file", "path": "x.txt"}),
     "data.path: got 'x.txt'; expected the path of a .npz"),
    (lambda c: c.update(data={"kind": "mnist"}), "data.kind: got 'mnist'; allowed values: "
                                                 "'spiral', 'moons', 'circles', 'blobs', "
                                                 "'digits', 'file'"),
    (lambda c: c["models"]["mlp-1x5"].update(residual=True),
     r"models.mlp-1x5.depth: got 1; must be >= 2\n  \(residual nets need 2 or more hidden"),
    (lambda c: c["models"]["mlp-1x5"].update(activation="swish"),
     "models.mlp-1x5.activation: got 'swish'; allowed values: 'relu', 'tanh'"),
    (lambda c: c["models"]["mlp-1x5"].update(train={"batch_size": 0}),
     "models.mlp-1x5.train.batch_size: got 0; must be >= 1"),
    (lambda c: c["models"]["mlp-1x5"].update(train={"schedule": {"kind": "step", "min_lr": 0}}),
     r"models.mlp-1x5.train.schedule: unknown key\(s\) 'min_lr' for kind 'step'; allowed keys: "
     "gamma, kind, step_size"),
    (lambda c: c["train"].update(schedule={"kind": "cosine", "min_lr": -1}),
     "train.schedule.min_lr: got -1; must be >= 0"),
    (lambda c: c.update(sweep={"depths": [1], "widths": [0]}), r"sweep.widths.0: got 0"),
    (lambda c: c.update(sweep={"depths": [5], "widths": [20], "activations": ["tanh"]},
                        models={"mlp-5x20-tanh": {"depth": 5, "width": 21}}),
     "models.mlp-5x20-tanh: the sweep also makes a model of this name"),
    (lambda c: c.update(compare={"x": ["logreg", "mlp-9x9"]}),
     r"compare.x: unknown model\(s\) 'mlp-9x9'; models of this study: logreg, "),
    (lambda c: c.update(studies={"s": {"data": {"kind": "moons", "points_per_class": 3}}}),
     r"studies.s.data: unknown key\(s\) 'points_per_class' for kind 'moons'"),
    (lambda c: c.update(studies={"s": {"render": {"fps": 3}}}),
     r"studies.s: unknown key\(s\) 'render'; allowed keys: compare, data, landscape, models, "
     "seed, sweep, train"),
    (lambda c: c.update(studies={"s": {"landscape": {"resolution": 2}}}),
     r"studies.s.landscape.resolution: got 2; must be >= 3"),
    (lambda c: c.update(studies={"s": {"landscape": {"method": "joint-pca"}}}),
     r"studies.s.landscape.method: 'joint-pca' needs several runs"),
    (lambda c: c["landscape"].update(method="fixed"),
     r"landscape.file: method 'fixed' needs file"),
    (lambda c: c["landscape"].update(method="fixed", file="plane.txt"),
     r"landscape.file: got 'plane.txt'; expected the path of a plane .npz"),
    (lambda c: c.update(studies={"s": {"models": {}}}),
     "studies.s.models: got {}; needs at least 1 entry"),
    (lambda c: c.pop("models"), r"\(top level\): no models; list them under models or "),
    (lambda c: c.update(studies={"s": {"sweep": {"depths": [1], "widths": [5, 6]}},
                                 "S": {}}), "names 's' and 'S' differ only in case"),
    (lambda c: c.update(studies={"mlp-5x5": {}}), "'mlp-5x5' is also a model name"),
    (lambda c: c.update(studies={"a/b": {}}), "name 'a/b' is not allowed"),
])
def test_bad_study_options_name_the_field(mutate, message):
    with pytest.raises(ConfigError, match=message):
        check(mutate)


def test_sweep_expands_to_named_distinct_models():
    sweep = {"depths": [0, 1, 20], "widths": [5, 20], "activations": ["relu", "tanh"],
             "residual": [False, True]}
    models = sweep_models(sweep)
    # depth 0: one logreg; depth 1: 2 widths x 2 activations (a skip needs depth >= 2);
    # depth 20: 2 x 2 x 2
    assert len(models) == 1 + 4 + 8
    assert models["mlp-20x5-tanh-res"] == {"depth": 20, "width": 5, "activation": "tanh",
                                           "residual": True}
    assert models["mlp-1x20"] == {"depth": 1, "width": 20, "activation": "relu",
                                  "residual": False}
    assert "mlp-1x5-res" not in models and "logreg" in models
    config = check(lambda c: c.update(sweep=sweep))
    assert set(models) < set(config["models"])  # merged beside the listed ones
    assert len(config["models"]) == 11 + 13 - 4  # logreg, mlp-1x5, -1x20, -20x5 in both


def test_studies_inherit_and_override():
    config = check(lambda c: c.update(
        models={**c["models"], "m": {"depth": 2, "width": 4, "train": {"lr": 0.5}}},
        studies={"s": {"data": {"kind": "moons"}, "train": {"epochs": 7},
                       "sweep": {"depths": [3], "widths": [4], "residual": [False, True]},
                       "compare": {"c": ["mlp-3x4", "mlp-3x4-res"]}},
                 "t": {"seed": 5, "compare": {"d": ["logreg", "mlp-1x5"]}}}))
    out = studies(config)
    assert list(out)[:3] == ["results", "results/studies/s", "results/studies/t"]
    top, s, t = list(out.values())[:3]
    assert top["models"]["m"]["train"]["lr"] == 0.5  # the model's own setting
    assert top["models"]["logreg"]["train"] == {**config["train"]}
    assert s["data"] == {"kind": "moons", "samples": 300, "noise": 0.1,  # defaults filled
                         "test_fraction": 0.2}
    assert list(s["models"]) == ["mlp-3x4", "mlp-3x4-res"]
    assert s["models"]["mlp-3x4-res"]["train"] == {**config["train"], "epochs": 7}
    assert s["compare"] == {"c": ["mlp-3x4", "mlp-3x4-res"]}
    assert s["landscape"] == top["landscape"] and s["seed"] == 0
    # t changes only the seed: the top-level data and models, each with the study's seed
    assert t["seed"] == 5 and t["data"] == top["data"]
    assert t["models"] == {m: {**v, "seed": 5} for m, v in top["models"].items()}
    assert {m["seed"] for m in top["models"].values()} == {0}
    assert t["compare"] == {"d": ["logreg", "mlp-1x5"]}


def test_comparisons_are_studies_of_their_runs():
    config = check(lambda c: c.update(comparisons={
        "opt": {"model": {"depth": 2, "width": 4}, "train": {"epochs": 9},
                "runs": {"sgd": {"train": {"optimizer": "sgd", "lr": 0.1}}, "adam": {}},
                "reference": "adam", "landscape": {"resolution": 7}},
        "seeds": {"model": {"depth": 1, "width": 3, "train": {"lr": 0.2}}, "seeds": [3, 4],
                  "landscape": {"method": "random", "seed": 2}}}))
    out = studies(config)
    assert list(out)[-2:] == ["results/comparisons/opt", "results/comparisons/seeds"]
    opt, seeds = list(out.values())[-2:]
    assert opt["shared"] == {"runs": ["adam", "sgd"], "reference": "adam"}  # sorted by name
    assert opt["models"]["sgd"]["train"] == {**config["train"], "epochs": 9,
                                             "optimizer": "sgd", "lr": 0.1}
    assert opt["models"]["adam"]["train"] == {**config["train"], "epochs": 9}
    assert opt["models"]["adam"]["depth"] == 2 and opt["models"]["adam"]["seed"] == 0
    assert opt["landscape"] == {**config["landscape"], "method": "joint-pca", "resolution": 7}
    assert seeds["shared"] == {"runs": ["seed-3", "seed-4"], "reference": "seed-3"}
    assert [m["seed"] for m in seeds["models"].values()] == [3, 4]
    assert seeds["models"]["seed-4"]["train"]["lr"] == 0.2  # the model's own train settings
    assert seeds["landscape"]["method"] == "random" and seeds["landscape"]["seed"] == 2


@pytest.mark.parametrize("comparison, message", [
    ({"model": {"depth": 1, "width": 3}, "runs": {"a": {}}}, "got 1 run"),
    ({"model": {"depth": 1, "width": 3}, "seeds": [1, 2], "reference": "b"},
     r"comparisons.c.reference: got 'b'; allowed values: 'seed-1', 'seed-2'"),
    ({"model": {"depth": 1, "width": 3}, "runs": {"a": {"lr": 0.1}, "b": {}}},
     r"comparisons.c.runs.a: unknown key\(s\) 'lr'"),
    ({"runs": {"a": {}, "b": {}}}, r"comparisons.c: missing required key\(s\) 'model'"),
    ({"model": {"depth": 1, "width": 3}, "seeds": [1, 2], "landscape": {"method": "fixed"}},
     "comparisons.c.landscape.file: method 'fixed' needs file"),
])
def test_bad_comparisons_name_the_field(comparison, message):
    with pytest.raises(ConfigError, match=message):
        check(lambda c: c.update(comparisons={"c": comparison}))


def test_comparison_names_are_distinct_targets():
    seeds = {"model": {"depth": 1, "width": 3}, "seeds": [1, 2]}
    with pytest.raises(ConfigError, match="'mlp-5x5' is also a model name"):
        check(lambda c: c.update(comparisons={"mlp-5x5": seeds}))
    with pytest.raises(ConfigError, match="'x' is also a study name"):
        check(lambda c: c.update(comparisons={"x": seeds}, studies={"x": {}}))
    with pytest.raises(ConfigError, match="names 'x' and 'X' differ only in case"):
        check(lambda c: c.update(comparisons={"x": seeds, "X": seeds}))


def test_default_study_is_unchanged_by_the_new_options():
    config = check(lambda c: None)
    top = studies(config)["results"]
    assert len(top["models"]) == 11 and top["compare"] == {}
    assert top["data"] == {"kind": "spiral", "classes": 3, "points_per_class": 100,
                           "noise": 0.2, "test_fraction": 0.2}
    assert all(m["activation"] == "relu" and not m["residual"] for m in top["models"].values())
    assert top["models"]["mlp-5x20"]["train"] == {
        "optimizer": "adam", "lr": 0.01, "momentum": 0.0, "epochs": 100, "batch_size": 32,
        "weight_decay": 0.0, "schedule": {"kind": "constant"}}


def test_sweep_config_file_is_valid():
    config = validate_config(yaml.safe_load((REPO / "config/sweep.yaml").read_text()),
                             SCHEMA_PATH)
    assert len(config["models"]) == 1 + 6 * 5  # logreg and 6 depths x 5 widths
    for name in config["models"]:
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name)
