"""Shared input validation: YAML file -> builtin data, JSON Schema errors -> line-numbered Problems."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from isocheck.errors import InputError, Problem
from isocheck.packschema import STRUCTURE, STRUCTURE_NAME
from isocheck.resources import schema
from isocheck.yamlsrc import PathKey, Positions, load_yaml

# jsonschema is imported when something is validated: a run whose packs and profile are known
# valid (isocheck.plancache) validates nothing, and importing it was a tenth of a second.
if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator


def _required(
    validator: Validator, required: list[str], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """jsonschema's own `required`, asked about one name at a time, so that each error's schema
    path ends at the index of the name it reports missing (`.../required/1`): the name is read from
    the schema (`missing_property`), never from the message."""
    from jsonschema import Draft202012Validator

    own = Draft202012Validator.VALIDATORS["required"]
    for index, name in enumerate(required):
        for error in own(validator, [name], instance, schema):
            error.relative_schema_path.append(index)
            yield error


@cache
def validator(name: str) -> Validator:
    """The validator for a bundled schema, built once per process: a file in schemas/ by its name,
    or `STRUCTURE_NAME`, the structure of a rule pack that a pack file is checked against when it
    is read (isocheck.packschema; schemas/rulepack.schema.json adds the checks' parameters)."""
    bundled = STRUCTURE if name == STRUCTURE_NAME else schema(name)
    result: Validator = _validator_class()(
        bundled, format_checker=_validator_class().FORMAT_CHECKER
    )
    return result


@cache
def _validator_class() -> Any:
    """Draft 2020-12 with `_required` for `required`."""
    from jsonschema import Draft202012Validator, validators

    return validators.extend(  # type: ignore[no-untyped-call]  # the stubs leave it untyped
        Draft202012Validator, {"required": _required}
    )


def missing_property(error: ValidationError) -> str:
    """The property a `required` error of `validator()` reports missing."""
    index, names = error.relative_schema_path[-1], error.validator_value
    return str(names[index]) if isinstance(index, int) and isinstance(names, list) else ""


def read_yaml_file(path: Path, display: str | None = None) -> tuple[Any, Positions, str]:
    """Read and parse a YAML input file: (data with dates as ISO strings, positions, sha256)."""
    shown = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(shown, None, None, f"cannot read: {exc.strerror}")]) from None
    return parse_yaml_bytes(raw, shown)


def parse_yaml_bytes(raw: bytes, shown: str) -> tuple[Any, Positions, str]:
    """Parse the bytes of a YAML input file the caller read (`shown` names it in problems):
    (data with dates as ISO strings, positions, sha256 of `raw`)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(shown, None, None, f"not UTF-8 text ({exc.reason})", "save the file as UTF-8")]
        ) from None
    data, positions = load_yaml(text, shown)
    problems: list[Problem] = []
    data = normalize(data, positions, (), problems)
    if problems:
        raise InputError(problems)
    return data, positions, hashlib.sha256(raw).hexdigest()


def normalize(value: Any, positions: Positions, key: PathKey, problems: list[Problem]) -> Any:
    """Dates become ISO strings (JSON Schema sees strings); non-string mapping keys are reported."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10] if not isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                written = _written_key(k, key, positions)
                problems.append(
                    positions.problem(
                        (*key, written) if written is not None else key,
                        f"key {written if written is not None else repr(k)} is not a string",
                        f"quote it: '{written or k}'" + _number_hint(k),
                    )
                )
                k = str(k)
            out[k] = normalize(v, positions, (*key, k), problems)
        return out
    if isinstance(value, list):
        return [normalize(v, positions, (*key, i), problems) for i, v in enumerate(value)]
    return value


def _written_key(value: Any, mapping: PathKey, positions: Positions) -> str | None:
    """How a key that YAML did not read as a string was written (`5.10`, `yes`), found among
    the keys of `mapping` in the file; None if it cannot be told."""
    for path in positions.marks:
        if len(path) == len(mapping) + 1 and path[:-1] == mapping and isinstance(path[-1], str):
            try:
                read = yaml.safe_load(path[-1])
            except yaml.YAMLError:
                continue
            if read == value and type(read) is type(value):
                return path[-1]
    return None


def _number_hint(value: Any) -> str:
    if isinstance(value, float):
        return " (YAML reads an unquoted 5.10 as the number 5.1, so clause ids must be quoted)"
    return ""


_REQUIRED_HINTS = {
    "approver": "name who approved the waiver, e.g. approver: J. Smith (Quality Director)",
    "expires": "give the waiver an expiry date, e.g. expires: 2026-12-31",
    "justification": "say why the clause does not apply to your organization",
}


def schema_problems(name: str, data: Any, positions: Positions) -> list[Problem]:
    """Every schema error in `data`, with file:line:column, JSON path and a hint."""
    problems = []
    errors = sorted(
        validator(name).iter_errors(data), key=lambda e: (list(map(str, e.path)), e.message)
    )
    for error in errors:
        problems.append(_problem(error, positions))
    return problems


_EXPECTED = {
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping"


def _type_problem(error: ValidationError, key: PathKey, positions: Positions) -> tuple[str, str]:
    """A value of the wrong type, in the file's own words: YAML's `no` is shown as written, not
    as False, and an empty file as empty."""
    wanted = (
        error.validator_value
        if isinstance(error.validator_value, list)
        else [error.validator_value]
    )
    expected = " or ".join(_EXPECTED.get(str(w), str(w)) for w in wanted)
    if not key:
        what = (
            "the file is empty"
            if error.instance is None
            else f"the file holds {_kind(error.instance)}"
        )
        return f"{what}, where {expected} is expected", "start from `isocheck init` or an example"
    source = positions.sources.get(key)
    shown = source if source is not None else repr(error.instance)
    hint = f"quote it: '{shown}'" if "string" in wanted else f"write {expected}"
    return f"{shown} is {_kind(error.instance)}, where {expected} is expected", hint


def _problem(error: ValidationError, positions: Positions) -> Problem:
    if error.context:
        from jsonschema.exceptions import best_match

        error = best_match([error])
    key: PathKey = tuple(error.absolute_path)  # a best match's own path is relative
    message, hint = error.message, ""
    last = key[-1] if key else ""
    if (
        error.validator == "type"
        and error.validator_value == "string"
        and isinstance(error.instance, int | float)
    ):
        source = positions.sources.get(key, str(error.instance))
        message = f"{source} must be a string"
        hint = f"quote it: '{source}'" + _number_hint(error.instance)
    elif error.validator == "type":
        message, hint = _type_problem(error, key, positions)
    elif error.validator in ("maximum", "minimum"):
        bound = "at most" if error.validator == "maximum" else "at least"
        source = positions.sources.get(key, str(error.instance))
        message = f"{source} is out of bounds: {last} may be {bound} {error.validator_value:,}"
        hint = (
            "a hard ceiling: larger values cost memory and time no audit needs"
            if (error.validator == "maximum" and "limits" in key)
            else ""
        )
    elif error.validator == "required":
        missing = missing_property(error)
        hint = _REQUIRED_HINTS.get(missing, f"add `{missing}:`" if missing else "")
    elif error.validator == "not" and isinstance(error.instance, str):
        message = f"{error.instance!r} leaves the evidence folder"
        hint = "use a path relative to the evidence folder, without '..' and not absolute"
    elif error.validator == "pattern" and last in ("id", "rule", "extends", "standard"):
        hint = "use only letters, digits, '.', '-' and '_'"
    elif error.validator == "pattern" and "clause" in str(key):
        hint = 'write clause ids like "9.2.2" or "A.5.15"'
    elif error.validator == "additionalProperties":
        hint = "remove it or check its spelling"
    elif error.validator == "const" and last == "format":
        hint = f"the first key should be format: {error.validator_value}"
    elif error.validator == "format" and error.validator_value == "date":
        hint = "write dates as YYYY-MM-DD"
    return positions.problem(key, message, hint)
