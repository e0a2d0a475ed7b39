"""isocheck decides on jsonschema's structured errors, never on message text: which problem is an
unknown check, which property a `required` error reports missing."""

from __future__ import annotations

from isocheck.plugins import make_host
from isocheck.validation import schema_problems
from isocheck.yamlsrc import Positions

HOST = make_host(load_entry_points=False)


def test_parameter_problems_have_codes() -> None:
    (unknown,) = HOST.checks.problems("aproved", {})
    assert (unknown.code, unknown.path) == ("unknown-check", ())
    (wrong,) = HOST.checks.problems("exists", {"evidence": "e", "min": -1})
    assert (wrong.code, wrong.keyword, wrong.path) == ("invalid", "minimum", ("min",))
    (nested,) = HOST.checks.problems("all_of", [{"aproved": {}}])
    assert (nested.code, nested.path) == ("unknown-check", (0, "aproved"))
    (shape,) = HOST.checks.problems("not", {"exists": {"evidence": "e"}, "unique": {}})
    assert (shape.code, shape.keyword) == ("invalid", "maxProperties")
    assert HOST.checks.validate("exists", {"evidence": "e", "min": -1}) == [
        (wrong.path, wrong.message)
    ]


def test_each_missing_property_gets_its_own_hint() -> None:
    data = {
        "format": "isocheck/profile/v1",
        "organization": {"name": "Acme"},
        "scope": "s",
        "standards": ["iso9001-2015"],
        "waivers": [{"rule": "R-1", "reason": "r"}],
    }
    problems = schema_problems("profile.schema.json", data, Positions("isocheck.yaml"))
    hints = {p.message: p.hint for p in problems}
    assert hints == {
        "'approver' is a required property": "name who approved the waiver, e.g. approver: J. "
        "Smith (Quality Director)",
        "'expires' is a required property": "give the waiver an expiry date, e.g. expires: 2026-12-31",
    }


def test_a_single_missing_property_is_named_in_the_hint() -> None:
    data = {
        "format": "isocheck/profile/v1",
        "organization": {},
        "scope": "s",
        "standards": ["iso9001-2015"],
    }
    (problem,) = schema_problems("profile.schema.json", data, Positions("isocheck.yaml"))
    assert problem.hint == "add `name:`"
