"""Input validation (`isocheck.validation`): YAML files read into builtin data, and every JSON Schema
error turned into a Problem with file, line, column, JSON path and isocheck's own hint.

Messages that jsonschema writes are never asserted here; the hints and the messages isocheck writes
are. Deciding on structured errors, not message text: tests/unit/test_structured_problems.py."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from isocheck.errors import InputError, Problem
from isocheck.packschema import STRUCTURE, STRUCTURE_NAME
from isocheck.resources import schema
from isocheck.validation import (
    missing_property,
    parse_yaml_bytes,
    read_yaml_file,
    schema_problems,
    validator,
)
from isocheck.yamlsrc import Positions

PROFILE = """\
format: isocheck/profile/v1
organization: {name: Acme}
scope: Everything we make
standards: [iso9001-2015]
"""


def problems_in(extra: str, base: str = PROFILE) -> list[Problem]:
    data, positions, _sha = parse_yaml_bytes((base + extra).encode(), "isocheck.yaml")
    return schema_problems("profile.schema.json", data, positions)


def only_problem(extra: str, base: str = PROFILE) -> Problem:
    (problem,) = problems_in(extra, base)
    assert problem.path == "isocheck.yaml"
    return problem


# --- validators -----------------------------------------------------------------------------------


def test_a_validator_is_built_once_per_schema() -> None:
    assert validator("profile.schema.json") is validator("profile.schema.json")
    assert validator("profile.schema.json") is not validator("report.schema.json")


def test_a_validator_checks_against_the_bundled_schema_or_the_pack_structure() -> None:
    assert validator("report.schema.json").schema == schema("report.schema.json")
    assert validator(STRUCTURE_NAME).schema is STRUCTURE


def test_formats_are_checked() -> None:
    data, _positions, _sha = parse_yaml_bytes(
        (PROFILE + "as_of: '2026-13-01'\n").encode(), "isocheck.yaml"
    )
    (error,) = validator("profile.schema.json").iter_errors(data)
    assert (error.validator, list(error.path)) == ("format", ["as_of"])


def test_each_required_error_names_the_one_property_it_misses() -> None:
    errors = list(validator("profile.schema.json").iter_errors({"organization": {}}))
    required = [e for e in errors if e.validator == "required"]
    assert sorted((tuple(e.path), missing_property(e)) for e in required) == [
        ((), "format"),
        ((), "scope"),
        ((), "standards"),
        (("organization",), "name"),
    ]


def test_an_error_that_is_not_required_misses_no_property() -> None:
    (error,) = validator("profile.schema.json").iter_errors(
        {
            "format": "isocheck/profile/v1",
            "organization": {"name": "A"},
            "scope": 1,
            "standards": ["x"],
        }
    )
    assert missing_property(error) == ""


# --- reading YAML ---------------------------------------------------------------------------------


def test_a_file_is_read_into_data_positions_and_the_hash_of_its_bytes(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfa: 2026-01-02\nb: 2026-01-02T03:04:05Z\nc: [x]\n"
    path = tmp_path / "p.yaml"
    path.write_bytes(raw)
    data, positions, sha = read_yaml_file(path)
    # Dates become ISO strings, the form JSON Schema's date format checks.
    assert data == {"a": "2026-01-02", "b": "2026-01-02T03:04:05+00:00", "c": ["x"]}
    assert positions.path == str(path) and positions.at(("c", 0)) == (3, 5)
    assert sha == hashlib.sha256(raw).hexdigest()  # of the bytes as read, byte order mark and all
    assert read_yaml_file(path, "packs/p.yaml")[1].path == "packs/p.yaml"


def test_a_file_that_cannot_be_read_is_a_problem_under_the_name_shown(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_yaml_file(tmp_path / "missing.yaml", "packs/missing.yaml")
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("packs/missing.yaml", None, None)
    assert problem.message.startswith("cannot read: ")


def test_text_that_is_not_utf8_is_a_problem() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml_bytes(b"scope: caf\xe9\n", "isocheck.yaml")
    (problem,) = info.value.problems
    assert problem.path == "isocheck.yaml"
    assert problem.message.startswith("not UTF-8 text (")
    assert problem.hint == "save the file as UTF-8"


def test_yaml_problems_name_the_file_as_shown() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml_bytes(b"a: [1\n", "shown/name.yaml")
    assert [p.path for p in info.value.problems] == ["shown/name.yaml"]


def test_every_key_that_is_not_a_string_is_reported_at_once() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml_bytes(b"a:\n  x: 1\n  3: y\nb:\n  4: z\n", "f.yaml")
    problems = info.value.problems
    assert [(p.message, p.hint, p.pointer) for p in problems] == [
        ("key 3 is not a string", "quote it: '3'", "$.a.3"),
        ("key 4 is not a string", "quote it: '4'", "$.b.4"),
    ]


def test_a_key_that_is_not_a_string_is_reported_on_its_own_line() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml_bytes(b"clauses:\n  '9.1': a\n  9.2: b\n", "f.yaml")
    (problem,) = info.value.problems
    assert problem.line == 3


@pytest.mark.parametrize(("written", "quoted"), [("5.10", "5.10"), ("yes", "yes")])
def test_the_hint_for_a_key_quotes_it_as_written(written: str, quoted: str) -> None:
    with pytest.raises(InputError) as info:
        parse_yaml_bytes(f"clauses:\n  {written}: a\n".encode(), "f.yaml")
    (problem,) = info.value.problems
    assert problem.hint.startswith(f"quote it: '{quoted}'")


# --- schema problems ------------------------------------------------------------------------------


def test_every_schema_error_is_reported_with_its_place() -> None:
    problems = problems_in("as_of: 2026-99-01x\npacks: [../x.yaml]\nlimits: {max_rows: 0}\n")
    assert sorted((p.pointer, p.line, p.column) for p in problems) == [
        ("$.as_of", 5, 8),
        ("$.limits.max_rows", 7, 20),
        ("$.packs[0]", 6, 9),
    ]


@pytest.mark.parametrize(
    ("extra", "pointer", "hint"),
    [
        ("as_of: 2026-99-01x\n", "$.as_of", "write dates as YYYY-MM-DD"),
        (
            "exclusions: [{clause: 8.a, justification: Not applicable here}]\n",
            "$.exclusions[0].clause",
            'write clause ids like "9.2.2" or "A.5.15"',
        ),
        (
            "waivers: [{rule: R 1, reason: r, approver: a, expires: 2027-01-01}]\n",
            "$.waivers[0].rule",
            "use only letters, digits, '.', '-' and '_'",
        ),
        ("colour: blue\n", "$", "remove it or check its spelling"),
        (
            "exclusions: [{clause: '8.3'}]\n",
            "$.exclusions[0]",
            "say why the clause does not apply to your organization",
        ),
        (
            "waivers: [{rule: R-1, reason: r, approver: a}]\n",
            "$.waivers[0]",
            "give the waiver an expiry date, e.g. expires: 2026-12-31",
        ),
    ],
)
def test_each_kind_of_error_gets_its_hint(extra: str, pointer: str, hint: str) -> None:
    problem = only_problem(extra)
    assert (problem.pointer, problem.hint) == (pointer, hint)


def test_a_missing_property_without_a_hint_of_its_own_is_named() -> None:
    problem = only_problem("", base=PROFILE.replace("scope: Everything we make\n", ""))
    assert (problem.pointer, problem.hint, problem.line) == ("$", "add `scope:`", 1)


def test_a_wrong_format_says_what_the_first_key_should_be() -> None:
    problem = only_problem("", base=PROFILE.replace("profile/v1", "profile/v2"))
    assert problem.hint == "the first key should be format: isocheck/profile/v1"
    assert (problem.pointer, problem.line, problem.column) == ("$.format", 1, 9)


def test_a_path_that_leaves_the_folder_says_so() -> None:
    problem = only_problem("packs: [packs/a.yaml, /etc/passwd]\n")
    assert problem.message == "'/etc/passwd' leaves the evidence folder"
    assert problem.hint == (
        "use a path relative to the evidence folder, without '..' and not absolute"
    )
    assert (problem.pointer, problem.line, problem.column) == ("$.packs[1]", 5, 23)


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        (
            "5.10",
            "quote it: '5.10' (YAML reads an unquoted 5.10 as the number 5.1, so clause ids "
            "must be quoted)",
        ),
        ("2015", "quote it: '2015'"),
    ],
)
def test_a_number_where_a_string_belongs_is_quoted_as_written(written: str, hint: str) -> None:
    problem = only_problem("", base=PROFILE.replace("name: Acme", f"name: {written}"))
    assert problem.message == f"{written} must be a string"
    assert problem.hint == hint
    assert (problem.pointer, problem.line, problem.column) == ("$.organization.name", 2, 22)


def without_reasons(results: dict[str, Any]) -> list[Problem]:
    del results["standards"][0]["verdict"]["reasons"]
    return schema_problems("report.schema.json", results, Positions("results.json"))


def test_an_error_among_alternatives_gets_the_hint_of_the_best_match(gaps: dict[str, Any]) -> None:
    # The verdict is one of null or an object: the object's missing property is what is wrong.
    (problem,) = without_reasons(gaps)
    assert problem.hint == "add `reasons:`"


def test_an_error_among_alternatives_stands_where_it_is(gaps: dict[str, Any]) -> None:
    (problem,) = without_reasons(gaps)
    assert problem.pointer == "$.standards[0].verdict"
