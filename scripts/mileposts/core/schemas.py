"""Check parsed YAML against the JSON Schemas in data/schemas/, in plain words.

jsonschema's own messages are written for programmers; these say what was
expected and what was found, at the line of the offending value.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource

from .problems import Problem, describe, field_name
from .yamlfile import YamlFile

TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _is_integer(checker, instance) -> bool:
    """Whole numbers only: JSON Schema would take 3.0 as an integer, and true as one in some drafts."""
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _ecma_pattern(pattern: str) -> re.Pattern:
    """`pattern` as JSON Schema (ECMA-262) reads it: a final `$` is the end of the text, not the end or a final newline."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    """The pattern keyword with ECMA-262's end of text, so 'an-id\\n' is not taken for 'an-id'."""
    if validator.is_type(instance, "string") and not _ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


# JSON Schema 2020-12 with "integer" meaning a whole number as written, not any float with no fraction.
_Validator = validators.extend(
    Draft202012Validator,
    validators={"pattern": _pattern},
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@cache
def _validators(schema_dir: Path) -> dict:
    """One validator per schema file, able to follow references between them."""
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(schema_dir.glob("*.schema.json"))}
    registry = (
        Registry()
        .with_resources((name, Resource.from_contents(schema)) for name, schema in schemas.items())
        .with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas.values())
    )
    return {name: _Validator(schema, registry=registry) for name, schema in schemas.items()}


def check_schema(parsed: YamlFile, schema_dir: Path, schema_name: str) -> list[Problem]:
    """Every schema problem in the parsed file (none if it could not be parsed; none where loading refused a value)."""
    if parsed.data is None and parsed.problems:
        return []
    validator = _validators(schema_dir)[schema_name]
    problems = []
    for error in validator.iter_errors(parsed.data):
        path = tuple(error.absolute_path)
        if any(path[: len(refused)] == refused for refused in parsed.refused):
            continue  # already reported by the loader, more precisely
        problems.extend(_explain(error, parsed))
    return problems


def _explain(error, parsed: YamlFile) -> list[Problem]:
    """Plain-words problems for one jsonschema error (anyOf errors explained by their best branch)."""
    path = tuple(error.absolute_path)
    value, schema, kind = error.instance, error.schema, error.validator
    if kind in ("anyOf", "oneOf"):
        branch = _matching_branch(error)
        if branch:
            return [p for sub in branch for p in _explain(sub, parsed)]
        expected = schema.get("x-expected", "one of the allowed forms")
        return [parsed.problem(path, f"expected {expected}, found {describe(value)}")]
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = " or ".join(TYPE_NAMES.get(str(t), str(t)) for t in wanted)
        return [parsed.problem(path, f"expected {expected}, found {describe(value)}")]
    if kind == "required":
        missing = [name for name in error.validator_value if name not in value]
        return [
            parsed.problem(path, f"expected the field '{name}', found it missing", field_text=field_name(path + (name,)))
            for name in missing
        ]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        problems = []
        for name in [k for k in value if k not in allowed]:
            guess = difflib.get_close_matches(name, allowed, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else "allowed: " + ", ".join(allowed)
            message = f"expected a known field, found unknown field '{name}' ({hint})"
            problems.append(parsed.problem(path + (name,), message, key=True))
        return problems
    if kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        return [parsed.problem(path, f"expected one of {options}, found {describe(value)}")]
    if kind == "minItems":
        return [parsed.problem(path, f"expected at least {error.validator_value} item(s), found {len(value)}")]
    if kind == "maxItems":
        return [parsed.problem(path, f"expected at most {error.validator_value} items, found {len(value)}")]
    if kind == "uniqueItems":
        return [parsed.problem(path, f"expected each entry once, found a repeat in {describe(value)}")]
    if kind == "minLength":
        return [parsed.problem(path, f"expected at least {error.validator_value} characters, found {describe(value)}")]
    if kind == "maxLength":
        return [parsed.problem(path, f"expected at most {error.validator_value} characters, found {len(value)}")]
    if kind == "pattern":
        expected = schema.get("x-expected", f"text matching {error.validator_value}")
        return [parsed.problem(path, f"expected {expected}, found {describe(value)}")]
    return [parsed.problem(path, f"expected valid data, found {describe(value)} ({error.message})")]


def _matching_branch(error) -> list:
    """For anyOf/oneOf: the sub-errors of the branch whose type fits the value, if one does."""
    by_branch: dict[int, list] = {}
    for sub in error.context or []:
        by_branch.setdefault(sub.schema_path[0], []).append(sub)
    for subs in by_branch.values():
        if not any(s.validator == "type" and not s.relative_path for s in subs):
            return subs
    return []
