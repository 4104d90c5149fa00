"""Config validation with errors a user can act on: the field, the bad value, what is allowed.

`validate_config` checks a config against workflow/schemas/config.schema.yaml (JSON Schema
2020-12), fills in defaults, and raises `ConfigError` with one or two lines such as

    config error at train.epochs: got 0; must be >= 1

Three places where plain JSON Schema in Python is laxer than a user would expect are made
strict here: `integer` accepts no floats (3.0 would crash range()), `number` accepts no NaN or
infinity (NaN passes every `minimum`), and a `pattern` ending in `$` matches the end of the
text only, as in JSON Schema's own regex dialect (Python's `$` also matches before a final
newline, which would let the name "abc\\n" through).
"""

from __future__ import annotations

import copy
import difflib
import itertools
import math
import re
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, ValidationError, validators


class ConfigError(ValueError):
    """The config does not match the schema; the message names the field."""


def _is_integer(checker, value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(checker, value) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


def _pattern(validator, pattern: str, instance, schema):
    """`pattern` with JSON Schema's meaning of a final `$`: the end of the text."""
    if not validator.is_type(instance, "string"):
        return
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    if not re.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {schema['pattern']!r}")


def _set_defaults(check_properties):
    def properties(validator, props, instance, schema):
        if isinstance(instance, dict):
            for key, sub in props.items():
                # (`kind: true` in a kind-dependent section is a schema, not a dict)
                if isinstance(sub, dict) and "default" in sub:
                    instance.setdefault(key, copy.deepcopy(sub["default"]))
        yield from check_properties(validator, props, instance, schema)

    return properties


def _validator_class():
    base = Draft202012Validator
    checker = base.TYPE_CHECKER.redefine_many({"integer": _is_integer, "number": _is_number})
    return validators.extend(
        base,
        {"properties": _set_defaults(base.VALIDATORS["properties"]), "pattern": _pattern},
        type_checker=checker,
    )


_TYPE_WORDS = {
    "integer": "a whole number", "number": "a finite number", "string": "text",
    "boolean": "true or false", "null": "null", "array": "a list", "object": "a mapping",
}


def _kind(value) -> str:
    """What the user wrote, in YAML's words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    return "list" if isinstance(value, list) else "mapping"


def _where(path) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _did_you_mean(word, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _looks_like_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


NAME_RULE = "use letters, digits, '.', '_' and '-', starting with a letter or digit"


def describe(error) -> str:
    """One or two lines for a jsonschema error: where, what was given, what is allowed."""
    where, value = _where(error.absolute_path), error.instance
    kind, arg = error.validator, error.validator_value
    head = f"config error at {where}:"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed))
        hint = f"allowed keys: {', '.join(allowed)}" if allowed else "no other keys allowed"
        missing = [k for k in error.schema.get("required", []) if k not in value]
        guess = _did_you_mean(unknown[0], missing or allowed) if unknown else ""
        # Sections whose keys depend on their kind (data, schedule) say which kind.
        of_kind = f" for kind {value['kind']!r}" if "kind" in allowed else ""
        return (f"{head} unknown key(s) {', '.join(map(repr, unknown))}{guess}{of_kind}; "
                f"{hint}")
    if kind == "required":
        missing = [k for k in arg if k not in value]
        return f"{head} missing required key(s) {', '.join(map(repr, missing))}"
    if kind == "enum":
        allowed = ", ".join(map(repr, arg))
        return f"{head} got {_show(value)}; allowed values: {allowed}{_did_you_mean(value, arg)}"
    if kind == "type":
        types = [arg] if isinstance(arg, str) else arg
        expected = " or ".join(_TYPE_WORDS.get(t, t) for t in types)
        if isinstance(value, float) and not math.isfinite(value):
            return f"{head} got {value}; expected {expected}"
        msg = f"{head} got {_show(value)} ({_kind(value)}); expected {expected}"
        if isinstance(value, str) and _looks_like_number(value) and "number" in types:
            # YAML 1.1 reads 1e-3 (no dot) as text.
            msg += f"\n  write it as a number, e.g. {float(value):.1e} (YAML reads {value} as text)"
        return msg
    bounds = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">",
              "exclusiveMaximum": "<"}
    if kind in bounds:
        msg = f"{head} got {_show(value)}; must be {bounds[kind]} {arg}"
        why = error.schema.get("description")
        return f"{msg}\n  ({why})" if why else msg
    if kind == "multipleOf":
        return f"{head} got {_show(value)}; must be a multiple of {arg}"
    if kind == "minProperties":
        return f"{head} got {_show(value)}; needs at least {arg} entr{'y' if arg == 1 else 'ies'}"
    if kind == "pattern" and "description" in error.schema:  # a pattern that is not a name
        return f"{head} got {_show(value)}; expected {error.schema['description']}"
    if kind in ("pattern", "maxLength", "minLength"):
        # Names (of models, studies, ...) share $defs/name; its errors say how to fix them.
        limit = f" and at most {error.schema['maxLength']} characters" \
            if "maxLength" in error.schema else ""
        return f"{head} name {_show(value)} is not allowed; {NAME_RULE}{limit}"
    return f"{head} got {_show(value)}; {error.message}"


def _priority(error) -> tuple:
    """Deepest error first ("train.epochs must be >= 1" beats "train is invalid"); at the
    same depth an unknown key first, since it is usually a typo of the missing one."""
    return (len(error.absolute_path), error.validator == "additionalProperties")


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def load_schema(schema_path: str | Path) -> dict:
    return yaml.safe_load(Path(schema_path).read_text())


def validate(config: dict, schema: dict) -> dict:
    """Check `config` against `schema` (a dict), filling in defaults in place; raise
    ConfigError naming the most specific offending field."""
    if not isinstance(config, dict):
        raise ConfigError(f"config error at (top level): got {_show(config)}; expected a "
                          "mapping of sections (seed:, data:, train:, ...)")
    errors = list(_validator_class()(schema).iter_errors(config))
    if errors:
        raise ConfigError(describe(max(errors, key=_priority)))
    return config


def validate_config(config: dict, schema_path: str | Path) -> dict:
    """Check `config` against the YAML JSON-Schema at `schema_path`, filling in defaults in
    place, merge each `sweep` section into the models beside it (see `sweep_models`), then
    run the cross-field checks of `check_names`.

    Nested sections are re-ordered by key, so that Snakemake's params check (which compares
    dicts in order) does not rerun jobs when only the order of keys in a file changed.

    Raises ConfigError naming the first offending field (the most specific error).
    """
    schema = load_schema(schema_path)
    for _ in range(2):  # again after the sweeps, so generated models meet the schema too
        validate(config, schema)
        _expand_sweep(config, "")
        for name, study in config.get("studies", {}).items():
            _expand_sweep(study, f"studies.{name}.")
    check_names(config)
    for key in list(config):
        config[key] = _sorted(config[key])
    return config


def sweep_models(sweep: dict) -> dict[str, dict]:
    """Models of every combination of a sweep's depths, widths, activations and residual
    flags, named `mlp-<depth>x<width>[-<activation>][-res]` (relu and no skips are left out
    of the name, so `mlp-5x20` is the same net in a sweep and in the default study).

    Combinations that build the same network appear once: depth 0 is one `logreg` (no
    hidden layer, so width, activation and skips play no part), and residual nets of depth 1
    are left out (a skip joins two hidden layers). Returns name -> model, in sweep order.
    """
    models = {}
    options = itertools.product(sweep["depths"], sweep["widths"],
                                sweep.get("activations", ["relu"]),
                                sweep.get("residual", [False]))
    for depth, width, activation, residual in options:
        if depth == 0:
            models["logreg"] = {"depth": 0, "width": 0, "activation": "relu",
                                "residual": False}
        elif depth >= 2 or not residual:
            name = (f"mlp-{depth}x{width}" + ("" if activation == "relu" else f"-{activation}")
                    + ("-res" if residual else ""))
            models[name] = {"depth": depth, "width": width, "activation": activation,
                            "residual": residual}
    return models


ARCHITECTURE = ("depth", "width", "activation", "residual")


def _expand_sweep(section: dict, where: str) -> None:
    """Add the models of `section`'s sweep to its models. A model listed by name as well
    must be the same network (it may add its own train settings)."""
    if "sweep" not in section:
        return
    models = section.setdefault("models", {})
    for name, model in sweep_models(section["sweep"]).items():
        given = models.setdefault(name, model)
        if any(given.get(k) != model[k] for k in ARCHITECTURE if k in given):
            raise ConfigError(
                f"config error at {where}models.{name}: the sweep also makes a model of this "
                f"name, with {({k: model[k] for k in ARCHITECTURE})}; rename one of them")


def _case_clash(names, where: str) -> None:
    seen: dict[str, str] = {}
    for name in names:
        other = seen.setdefault(name.lower(), name)
        if other != name:
            raise ConfigError(
                f"config error at {where}: names {other!r} and {name!r} differ only in case; "
                "their results/ folders would clash on macOS and Windows")


def comparison_runs(comparison: dict) -> dict[str, dict]:
    """The runs of a comparison: its `runs`, then a run `seed-<k>` of each of its `seeds`."""
    runs = dict(comparison.get("runs", {}))
    runs.update({f"seed-{k}": {"seed": k} for k in comparison.get("seeds", [])})
    return runs


MAX_RUNS = 7  # runs of a comparison: one colour each in every figure


def check_names(config: dict) -> None:
    """Checks across fields that a schema cannot express: in every study (after its sweep)
    there are models, their names differ in more than case, and comparisons name them; a
    comparison has 2 to MAX_RUNS runs and its reference is one of them; only comparisons
    use joint-pca; a fixed plane has its file; names of studies, comparisons and the
    top-level models (all build targets) are distinct. Raises ConfigError."""
    sections = [("", config)] + [(f"studies.{n}.", s)
                                 for n, s in config.get("studies", {}).items()]
    for where, section in sections:
        models = section.get("models", config.get("models", {}))
        if not models:
            raise ConfigError(f"config error at {where.rstrip('.') or '(top level)'}: no "
                              f"models; list them under models or generate them with a sweep")
        _case_clash(models, f"{where}models")
        for name, shown in section.get("compare", {}).items():
            unknown = [m for m in shown if m not in models]
            if unknown:
                raise ConfigError(
                    f"config error at {where}compare.{name}: unknown model(s) "
                    f"{', '.join(map(repr, unknown))}; models of this study: "
                    f"{', '.join(models)}")
        if section.get("landscape", {}).get("method") == "joint-pca":
            raise ConfigError(
                f"config error at {where}landscape.method: 'joint-pca' needs several runs on "
                "one plane: use it in a comparison (comparisons.<name>.landscape); for one "
                "model use pca, random, interpolation or fixed")
    for name, comparison in config.get("comparisons", {}).items():
        where = f"comparisons.{name}"
        runs = comparison_runs(comparison)
        if not 2 <= len(runs) <= MAX_RUNS:
            raise ConfigError(f"config error at {where}: got {len(runs)} run(s); a comparison "
                              f"needs 2 to {MAX_RUNS} (under runs, or one per entry of seeds)")
        _case_clash(runs, f"{where}.runs")
        if comparison.get("reference", next(iter(runs))) not in runs:
            raise ConfigError(f"config error at {where}.reference: got "
                              f"{comparison['reference']!r}; allowed values: "
                              f"{', '.join(map(repr, runs))}")
    for where, landscape in _landscapes(config):
        if landscape.get("method") == "fixed" and "file" not in landscape:
            raise ConfigError(f"config error at {where}.file: method 'fixed' needs file: the "
                              "path of a plane .npz of an earlier run (arrays dirs, center)")
    _case_clash(config.get("studies", {}), "studies")
    _case_clash(config.get("comparisons", {}), "comparisons")
    for name in config.get("comparisons", {}):
        if name in config.get("studies", {}):
            raise ConfigError(f"config error at comparisons: {name!r} is also a study name "
                              "(both are targets); rename one of them")
    for section in ("studies", "comparisons"):
        clash = sorted(set(config.get(section, {})) & set(config.get("models", {})))
        if clash:
            raise ConfigError(f"config error at {section}: {', '.join(map(repr, clash))} is "
                              f"also a model name (both are targets); rename it")


def _landscapes(config: dict):
    """(where, merged landscape settings) of every study and comparison."""
    top = config.get("landscape", {})
    yield "landscape", top
    for section in ("studies", "comparisons"):
        for name, own in config.get(section, {}).items():
            if "landscape" in own:
                yield f"{section}.{name}.landscape", {**top, **own["landscape"]}


COMPARISONS = "comparisons"  # folder of the comparisons, under the results folder


def studies(config: dict, results: str = "results") -> dict[str, dict]:
    """Every study's complete settings, by the folder its results go to: `results` for the
    top-level study, `results/studies/<name>` for each entry of `studies` and
    `results/comparisons/<name>` for each entry of `comparisons`.

    A study's seed, data, models (with its sweep) and compare replace the top-level ones
    (the top-level compare only comes along with the top-level models); its train and
    landscape override only the keys they name; everything else (render, ...) is shared.
    A comparison is a study whose models are its runs: the comparison's model with each
    run's seed and train settings; its landscape method defaults to joint-pca, and its
    `shared` entry names the runs and the reference run. Each model gets its complete
    training settings under `train` (the study's, overridden by the model's own) and its
    `seed` (the study's unless it has its own). Call on a validated config.
    """
    top = {k: copy.deepcopy(v) for k, v in config.items() if k not in ("studies", "comparisons")}
    out = {results: top}
    for name, own in config.get("studies", {}).items():
        study = _derived(top, own)
        if "models" in own:  # the top-level comparisons name the top-level models
            study["models"] = copy.deepcopy(own["models"])
            study["compare"] = {}
        study["compare"] = copy.deepcopy(own.get("compare", study.get("compare", {})))
        out[f"{results}/studies/{name}"] = study
    for name, own in config.get(COMPARISONS, {}).items():
        study = _derived(top, {**own, "landscape": {"method": "joint-pca",
                                                    **own.get("landscape", {})}})
        model = copy.deepcopy(own["model"])
        study["train"].update(model.pop("train", {}))
        runs = comparison_runs(own)
        study["models"] = {run: {**model, **copy.deepcopy(settings)}
                           for run, settings in runs.items()}
        study["compare"] = {}
        study["shared"] = {"runs": list(runs), "reference": own.get("reference", next(iter(runs)))}
        out[f"{results}/{COMPARISONS}/{name}"] = study
    for study in out.values():
        study.setdefault("compare", {})
        study.pop("sweep", None)  # already merged into models
        for model in study["models"].values():
            model["train"] = _sorted({**study["train"], **model.get("train", {})})
            model.setdefault("seed", study["seed"])
    return out


def _derived(top: dict, own: dict) -> dict:
    """A study made from the top-level settings `top` and a study's or comparison's `own`:
    seed and data replaced, train and landscape overridden key by key."""
    study = copy.deepcopy(top)
    study.update({k: copy.deepcopy(own[k]) for k in ("seed", "data") if k in own})
    for section in ("train", "landscape"):
        study[section] = {**top[section], **copy.deepcopy(own.get(section, {}))}
    return study
