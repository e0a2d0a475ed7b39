"""The generated parameter schemas accept and reject exactly what the hand-written ones did.

HAND_WRITTEN is the table of parameter schemas `isocheck/checks/builtin.py` held before they were
generated from the checks' parameter types: both sets are registered and asked about the same
parameters (every case of parameter_cases.py), and must give the same problems at the same places
with the same messages.
"""

from __future__ import annotations

from typing import Any

import pytest
from parameter_cases import cases

from isocheck.checks import CheckRegistry, CheckResult
from isocheck.plugins import make_host

HOST = make_host(load_entry_points=False)

_EVIDENCE = {"type": "string", "minLength": 1}
_WHERE = {"$ref": "#/$defs/condition"}


def _schema(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["evidence", *required],
        "additionalProperties": False,
        "properties": {"evidence": _EVIDENCE, "where": _WHERE, **properties},
    }


HAND_WRITTEN: list[tuple[str, dict[str, Any], str, str | None]] = [
    (
        "exists",
        _schema(
            [], {"min": {"type": "integer", "minimum": 0}, "max": {"type": "integer", "minimum": 0}}
        ),
        "the evidence exists (at least `min`, at most `max` items)",
        None,
    ),
    (
        "fields",
        {
            **_schema(
                [],
                {
                    "required": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "schema": {"type": "object"},
                },
            ),
            "anyOf": [{"required": ["required"]}, {"required": ["schema"]}],
        },
        "every item has the required fields and matches the schema",
        None,
    ),
    (
        "approved",
        _schema(
            [],
            {
                "status": {"type": ["string", "null"]},
                "approver_not": {"type": ["string", "null"]},
                "review": {"type": "boolean"},
            },
        ),
        "documents are approved, by someone other than the owner, and not overdue for review",
        None,
    ),
    (
        "max_age",
        _schema(
            ["field", "days"],
            {
                "field": {"type": "string"},
                "days": {"type": "integer", "minimum": 0},
                "each": {"type": "boolean"},
            },
        ),
        "the newest (or every) date in `field` is at most `days` old",
        None,
    ),
    (
        "interval",
        _schema(
            ["field", "max_days"],
            {
                "field": {"type": "string"},
                "max_days": {"type": "integer", "minimum": 1},
                "min_count": {"type": "integer", "minimum": 1},
            },
        ),
        "dated events recur at most `max_days` apart, the last within `max_days`",
        None,
    ),
    (
        "contains",
        {
            **_schema(
                [],
                {
                    "text": {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "minItems": 1,
                    },
                    "headings": {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "minItems": 1,
                    },
                    "section": {"type": "string", "minLength": 1},
                    "any": {"type": "boolean"},
                },
            ),
            "anyOf": [{"required": ["text"]}, {"required": ["headings"]}],
        },
        "every item contains the phrases / headings (case-insensitive)",
        None,
    ),
    (
        "records",
        _schema(["require"], {"require": _WHERE}),
        "every item matching `where` satisfies `require`",
        None,
    ),
    (
        "covers",
        {
            **_schema(
                ["column"],
                {
                    "column": {"type": "string"},
                    "values": {"type": "array", "minItems": 1},
                    "of": {
                        "type": "object",
                        "required": ["evidence", "column"],
                        "additionalProperties": False,
                        "properties": {
                            "evidence": _EVIDENCE,
                            "column": {"type": "string"},
                            "where": _WHERE,
                            "separator": {"type": "string", "minLength": 1},
                        },
                    },
                    "separator": {"type": "string", "minLength": 1},
                    "period_field": {"type": "string"},
                    "period_days": {"type": "integer", "minimum": 0},
                },
            ),
            "oneOf": [{"required": ["values"]}, {"required": ["of"]}],
            "dependentRequired": {"period_field": ["period_days"], "period_days": ["period_field"]},
        },
        "the values of `column` cover a set, or another evidence type's column",
        None,
    ),
    (
        "closed_within",
        _schema(
            ["opened", "closed", "days"],
            {
                "opened": {"type": "string"},
                "closed": {"type": "string"},
                "days": {"type": "integer", "minimum": 0},
            },
        ),
        "items close within `days` of opening; open ones are not older than `days`",
        None,
    ),
    (
        "references",
        _schema(
            ["column", "to"],
            {
                "column": {"type": "string"},
                "separator": {"type": "string", "minLength": 1},
                "to": {
                    "type": "object",
                    "required": ["evidence", "column"],
                    "additionalProperties": False,
                    "properties": {
                        "evidence": _EVIDENCE,
                        "column": {"type": "string"},
                        "where": _WHERE,
                        "separator": {"type": "string", "minLength": 1},
                    },
                },
            },
        ),
        "every value of `column` appears in another evidence type's column",
        None,
    ),
    (
        "unique",
        _schema(["column"], {"column": {"type": "string"}}),
        "no value of `column` appears twice (case-insensitive)",
        None,
    ),
    (
        "certification_cycle",
        _schema(
            ["certificates"],
            {
                "certificates": _EVIDENCE,
                "surveillance": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "recertification": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "first_within_days": {"type": "integer", "minimum": 1},
                "notice_days": {"type": "integer", "minimum": 0},
            },
        ),
        "certification audits follow the ISO/IEC 17021-1 cycle for every certified standard",
        None,
    ),
    (
        "ratio",
        {
            **_schema(
                ["require"],
                {
                    "require": _WHERE,
                    "min": {"type": "number", "minimum": 0, "maximum": 1},
                    "max": {"type": "number", "minimum": 0, "maximum": 1},
                },
            ),
            "anyOf": [{"required": ["min"]}, {"required": ["max"]}],
        },
        "the share of items satisfying `require` is within bounds",
        None,
    ),
    (
        "all_of",
        {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "minProperties": 1, "maxProperties": 1},
        },
        "every nested check holds",
        "list",
    ),
    (
        "any_of",
        {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "minProperties": 1, "maxProperties": 1},
        },
        "at least one nested check holds",
        "list",
    ),
    (
        "not",
        {"type": "object", "minProperties": 1, "maxProperties": 1},
        "the nested check does not hold",
        "single",
    ),
]


def _legacy() -> CheckRegistry:
    registry = CheckRegistry()
    for name, schema, summary, nested in HAND_WRITTEN:
        registry.register(
            name, lambda ctx, p: CheckResult(), schema, summary=summary, nested=nested
        )
    return registry


LEGACY = _legacy()
CASES = list(cases())


def test_the_same_checks_with_the_same_summaries() -> None:
    assert LEGACY.names() == HOST.checks.names()
    for name in LEGACY.names():
        old, new = LEGACY.get(name), HOST.checks.get(name)
        assert old is not None and new is not None
        assert (old.summary, old.nested) == (new.summary, new.nested)


def test_the_cases_include_both_accepted_and_rejected_parameters() -> None:
    verdicts = {not LEGACY.validate(name, params) for _, name, params in CASES}
    assert verdicts == {True, False}
    assert {name for _, name, _ in CASES} == set(HOST.checks.names())


@pytest.mark.parametrize("name", HOST.checks.names())
def test_generated_schemas_give_the_problems_the_hand_written_ones_gave(name: str) -> None:
    differ = [
        (case, LEGACY.validate(name, params), HOST.checks.validate(name, params))
        for case, check, params in CASES
        if check == name and LEGACY.validate(name, params) != HOST.checks.validate(name, params)
    ]
    assert differ == []
