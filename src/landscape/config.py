"""Config validation with errors a user can act on: the field, the bad value, what is allowed."""

from __future__ import annotations

from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, validators


class ConfigError(ValueError):
    """The config does not match the schema; the message names the field."""


def _with_defaults(cls):
    """A validator that fills in each property's schema default before checking it."""
    check_properties = cls.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        if isinstance(instance, dict):
            for key, sub in properties.items():
                if "default" in sub:
                    instance.setdefault(key, sub["default"])
        yield from check_properties(validator, properties, instance, schema)

    return validators.extend(cls, {"properties": set_defaults})


def _where(path) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


def describe(error) -> str:
    """One or two lines for a jsonschema error: where, what was given, what is allowed."""
    where, value = _where(error.absolute_path), error.instance
    kind, arg = error.validator, error.validator_value
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed))
        hint = f"allowed keys: {', '.join(allowed)}" if allowed else "no other keys allowed"
        return f"config error at {where}: unknown key(s) {', '.join(map(repr, unknown))}; {hint}"
    if kind == "required":
        missing = [k for k in arg if k not in value]
        return f"config error at {where}: missing required key(s) {', '.join(map(repr, missing))}"
    if kind == "enum":
        allowed = ", ".join(map(repr, arg))
        return f"config error at {where}: got {value!r}; allowed values: {allowed}"
    if kind == "type":
        return f"config error at {where}: got {value!r} ({type(value).__name__}); expected {arg}"
    bounds = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">",
              "exclusiveMaximum": "<"}
    if kind in bounds:
        return f"config error at {where}: got {value!r}; must be {bounds[kind]} {arg}"
    if kind == "pattern" or (kind == "propertyNames"):
        return (f"config error at {where}: name {value!r} is not allowed; use letters, digits, "
                f"'.', '_' and '-' (first a letter or digit)")
    return f"config error at {where}: got {value!r}; {error.message}"


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def validate_config(config: dict, schema_path: str | Path) -> dict:
    """Check `config` against the YAML JSON-Schema, filling in defaults in place.

    Nested sections are re-ordered by key, so that Snakemake's params check (which compares
    dicts in order) does not rerun jobs when only the order of keys in a file changed.

    Raises ConfigError naming the first offending field (the most specific error).
    """
    schema = yaml.safe_load(Path(schema_path).read_text())
    validator = _with_defaults(Draft202012Validator)(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: (len(e.absolute_path), e.path))
    if errors:
        # Deepest error first: "train.epochs must be >= 1" beats "train is invalid".
        deepest = max(errors, key=lambda e: len(e.absolute_path))
        raise ConfigError(describe(deepest))
    for key in list(config):
        config[key] = _sorted(config[key])
    return config
