"""The rule pack schema: generated from the code, shipped as schemas/rulepack.schema.json, and as
strict about a check's parameters as isocheck is when it loads a pack."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from parameter_cases import cases

from isocheck.checks import CheckRegistry, CheckResult
from isocheck.cli import main
from isocheck.errors import Problem
from isocheck.hookspecs import hookimpl
from isocheck.packformat import FORMAT_V2, CheckReader
from isocheck.packs import _PLACEHOLDER
from isocheck.packschema import PLACEHOLDER, STRUCTURE, pack_schema
from isocheck.plugins import make_host
from isocheck.validation import read_yaml_file

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "schemas" / "rulepack.schema.json"
HOST = make_host(load_entry_points=False)
REGENERATE = "isocheck schema --builtin-only > schemas/rulepack.schema.json"


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


SCHEMA = validator(json.loads(SHIPPED.read_text(encoding="utf-8")))


def pack(check: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "isocheck/rulepack/v1",
        "pack": {"id": "p", "standard": "p", "edition": "1", "version": "1", "title": "P"},
        "rules": [
            {
                "id": "R-1",
                "clauses": ["1"],
                "title": "t",
                "severity": "minor",
                "stage": 1,
                "checks": [check],
            }
        ],
    }


def test_the_shipped_schema_is_what_isocheck_schema_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "--builtin-only"]) == 0
    printed = capsys.readouterr().out
    assert printed == SHIPPED.read_text(encoding="utf-8"), f"regenerate it: {REGENERATE}"
    assert json.loads(printed) == pack_schema(HOST.checks)


def test_the_schema_is_the_structure_plus_the_parameters() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert {k: v for k, v in shipped.items() if k not in ("$comment", "$defs")} == {
        k: v for k, v in STRUCTURE.items() if k != "$defs"
    }
    for name, definition in STRUCTURE["$defs"].items():
        if name not in ("check", "selector"):
            assert shipped["$defs"][name] == definition, name
    # A selector is checked as a condition as it is written (not the name of another selector).
    assert shipped["$defs"]["selector"] == {
        **STRUCTURE["$defs"]["selector"],
        "$ref": "#/$defs/conditionWritten",
    }
    check = shipped["$defs"]["check"]
    assert {k: check[k] for k in ("type", "minProperties", "maxProperties")} == (
        {k: STRUCTURE["$defs"]["check"][k] for k in ("type", "minProperties", "maxProperties")}
    )
    assert sorted(check["properties"]) == HOST.checks.names()
    assert REGENERATE in shipped["$comment"]


def test_every_bundled_pack_is_valid() -> None:
    packs = sorted((ROOT / "rulepacks").glob("*.yaml"))
    assert len(packs) >= 7
    for path in packs:
        data, _, _ = read_yaml_file(path)
        assert [e.message for e in SCHEMA.iter_errors(data)] == [], path


def test_it_is_as_strict_as_loading_the_pack_on_every_parameter_case() -> None:
    """As strict as isocheck is on a v2 rule that names its evidence, in a pack with a selector
    `x`: the schema cannot know whether a rule names one, nor which selectors a pack has."""
    reader = CheckReader(FORMAT_V2, {"x": {"status": {"equals": "open"}}}, HOST.checks)
    compared = 0
    differ = []
    for case, name, params in cases():
        read, unknown = reader.check(name, params, "e", lambda *_: Problem("p", None, None, ""))
        problems = HOST.checks.problems(name, read)
        if any(p.code == "unknown-check" for p in problems):
            continue  # a check the schema does not know may be a plugin's: it passes
        compared += 1
        if SCHEMA.is_valid(pack({name: params})) != (not problems and not unknown):
            differ.append(case)
    assert compared > 1800
    assert differ == []


@pytest.mark.parametrize(
    ("check", "valid"),
    [
        ({"exists": {"evidence": "e", "min": "${fewest}"}}, True),
        ({"exists": {"evidence": "e", "min": "fewest"}}, False),
        ({"exists": {"evidence": "e", "min": "${2x}"}}, False),
        ({"records": {"evidence": "e", "require": {"d": {"before": "as_of-${days}d"}}}}, True),
        ({"records": {"evidence": "e", "require": {"d": {"before": "as_of-3x"}}}}, False),
        ({"records": {"evidence": "e", "require": {"d": {"max_age_days": "${days}"}}}}, True),
        ({"records": {"evidence": "e", "require": {"d": {"bogus": 1}}}}, False),
        ({"covers": {"evidence": "e", "column": "c", "values": "${clauses}"}}, True),
        ({"any_of": [{"exists": {"evidence": "e", "max": "${most}"}}]}, True),
        ({"any_of": [{"exists": {"evidence": 3}}]}, False),
        ({"aproved": {"evidence": "e"}}, True),  # perhaps a plugin's check: isocheck says at load
    ],
)
def test_placeholders_pass_where_a_value_may_be_one(check: dict[str, Any], valid: bool) -> None:
    assert SCHEMA.is_valid(pack(check)) == valid


@pytest.mark.parametrize("text", ["${a}", "x ${a_1} y", "${1a}", "$a", "${}", "${a-b}", "{a}"])
def test_the_placeholder_pattern_finds_what_packs_substitute_does(text: str) -> None:
    assert bool(re.search(PLACEHOLDER, text)) == bool(_PLACEHOLDER.search(text))


class SlaPlugin:
    """A plugin whose check has a dict schema with definitions of its own."""

    @hookimpl
    def isocheck_register_checks(self, registry: CheckRegistry) -> None:
        registry.register(
            "sla",
            lambda ctx, params: CheckResult(),
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "https://example.com/sla.json",
                "type": "object",
                "required": ["level"],
                "properties": {
                    "level": {"$ref": "#/$defs/level"},
                    "levels": {"type": "array", "items": {"$ref": "#/$defs/level"}},
                    "where": {"$ref": "#/$defs/condition"},
                },
                "$defs": {"level": {"enum": ["gold", "silver"]}},
            },
            summary="service levels are met",
        )


def test_a_plugins_checks_appear_with_their_own_definitions() -> None:
    host = make_host(load_entry_points=False, extra=(SlaPlugin(),))
    schema = pack_schema(host.checks)
    sla = schema["$defs"]["check"]["properties"]["sla"]
    assert sla["title"] == "service levels are met"
    assert sla["properties"]["level"]["anyOf"][0] == {"$ref": "#/$defs/sla.level"}
    assert schema["$defs"]["sla.level"] == {"enum": ["gold", "silver"]}
    assert "$defs" not in sla and "$id" not in sla and "$schema" not in sla
    check = validator(schema)
    assert check.is_valid(pack({"sla": {"level": "gold", "levels": ["silver"]}}))
    assert check.is_valid(pack({"sla": {"level": "${level}", "where": {"a": {"present": True}}}}))
    assert not check.is_valid(pack({"sla": {"level": "bronze"}}))
    assert not check.is_valid(pack({"sla": {"level": "gold", "levels": ["bronze"]}}))
    assert not check.is_valid(pack({"sla": {"level": "gold", "where": {"a": {"bogus": 1}}}}))
    # The built-in checks are the same as without the plugin.
    builtin = pack_schema(HOST.checks)["$defs"]["check"]["properties"]
    assert {
        k: v for k, v in schema["$defs"]["check"]["properties"].items() if k != "sla"
    } == builtin
