"""The generated parameter schemas accept and reject what the hand-written ones did.

The built-in checks' parameter schemas used to be written by hand in isocheck/checks/builtin.py.
Before they were deleted, both sets were asked about every case of parameter_cases.py and gave the
same problems in the same words; parameter_cases.expected.json records where each problem was
found (an empty list: the parameters are accepted). The validator's own wording is not recorded:
it belongs to jsonschema, not to isocheck.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from parameter_cases import cases

from isocheck.plugins import make_host

HOST = make_host(load_entry_points=False)
CASES = list(cases())
EXPECTED: dict[str, list[list[str | int]]] = json.loads(
    (Path(__file__).parent / "parameter_cases.expected.json").read_text(encoding="utf-8")
)


def test_every_case_has_its_recorded_outcome() -> None:
    assert [case for case, _, _ in CASES] == list(EXPECTED)
    outcomes = {not problems for problems in EXPECTED.values()}
    assert outcomes == {True, False}  # some parameters are accepted, some rejected
    assert {name for _, name, _ in CASES} == set(HOST.checks.names())


@pytest.mark.parametrize("name", HOST.checks.names())
def test_problems_are_found_where_the_hand_written_schemas_found_them(name: str) -> None:
    differ = []
    for case, check, params in CASES:
        if check != name:
            continue
        found = HOST.checks.validate(name, params)
        if [list(path) for path, _ in found] != EXPECTED[case]:
            differ.append((case, EXPECTED[case], found))
    assert differ == []


@pytest.mark.parametrize("name", HOST.checks.names())
def test_every_built_in_parameter_schema_is_a_valid_json_schema(name: str) -> None:
    # Registration trusts the schemas isocheck generates from typed parameters and does not check
    # them against the metaschema on every start; this is where they are checked.
    check = HOST.checks.get(name)
    assert check is not None
    Draft202012Validator.check_schema(check.schema)
