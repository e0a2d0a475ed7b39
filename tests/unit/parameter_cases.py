"""Check parameters to validate: for each built-in check, full examples and their mutations.

`cases()` is deterministic: the same (id, check, parameters) every time, so expectations can be
recorded against the ids.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

WHERE = {"status": {"in": ["open", "closed"]}, "any": [{"a": {"present": True}}]}
REQUIRE = {"date": {"on_or_after": "as_of-30d"}, "not": {"b": {"equals": "x"}}}

# Each check with every parameter it takes, and some with fewer (several shapes).
BASES: dict[str, list[Any]] = {
    "exists": [{"evidence": "e", "where": WHERE, "min": 2, "max": 5}],
    "fields": [
        {"evidence": "e", "required": ["a", "b"]},
        {"evidence": "e", "where": WHERE, "required": ["a"], "schema": {"type": "object"}},
    ],
    "approved": [
        {
            "evidence": "e",
            "where": WHERE,
            "status": "final",
            "approver_not": "author",
            "review": False,
        },
        {"evidence": "e", "status": None, "approver_not": None},
        {"evidence": "e", "author": "prepared_by", "approver_not": "owner"},
    ],
    "justified": [
        {
            "evidence": "e",
            "where": WHERE,
            "listed": "not_applicable",
            "declares": ["exclusions"],
            "reasons": ["because"],
            "min_words": 8,
        },
        {"evidence": "e", "declares": ["exclusions"], "reasons": ["because"]},
    ],
    "max_age": [{"evidence": "e", "where": WHERE, "field": "date", "days": 30, "each": True}],
    "interval": [
        {"evidence": "e", "where": WHERE, "field": "date", "max_days": 30, "min_count": 2}
    ],
    "contains": [
        {
            "evidence": "e",
            "where": WHERE,
            "text": ["a b"],
            "headings": ["H"],
            "section": "S",
            "any": True,
        },
        {"evidence": "e", "headings": ["H"]},
    ],
    "records": [{"evidence": "e", "where": WHERE, "require": REQUIRE}],
    "covers": [
        {
            "evidence": "e",
            "where": WHERE,
            "column": "c",
            "values": ["a", 1],
            "separator": ";",
            "period_field": "date",
            "period_days": 365,
        },
        {
            "evidence": "e",
            "column": "c",
            "of": {"evidence": "t", "column": "d", "where": WHERE, "separator": ","},
        },
        {
            "evidence": "e",
            "column": "c",
            "of": {"evidence": "t", "column": "d"},
            "period_field": "date",
            "period_days": 100,
            "period_column": "every",
            "period_ahead_days": 30,
        },
    ],
    "closed_within": [{"evidence": "e", "where": WHERE, "opened": "o", "closed": "c", "days": 60}],
    "references": [
        {
            "evidence": "e",
            "where": WHERE,
            "column": "c",
            "separator": ";",
            "to": {"evidence": "t", "column": "d", "where": WHERE, "separator": ","},
        }
    ],
    "excludes": [
        {
            "evidence": "e",
            "where": WHERE,
            "column": "c",
            "separator": ";",
            "of": {"evidence": "t", "column": "d", "where": WHERE},
            "allow_empty": True,
        }
    ],
    "unique": [
        {"evidence": "e", "where": WHERE, "column": "c"},
        {"evidence": "e", "column": "c", "within": ["a", "b"], "allow_empty": True},
    ],
    "independent": [
        {
            "evidence": "e",
            "where": WHERE,
            "person": "auditor",
            "people": ["auditee"],
            "department": "d",
            "responsible_department": "rd",
            "owners": {"evidence": "p", "column": "c", "owner": "o", "named_in": ["area"]},
            "allow_empty": True,
        },
        {"evidence": "e", "person": "auditor"},
    ],
    "renewed": [
        {
            "evidence": "e",
            "where": WHERE,
            "person": "person",
            "value": "competence",
            "until": "valid_until",
            "people": {"evidence": "s", "person": "name", "kind": "role", "where": WHERE},
            "needs": {"evidence": "n", "key": "role", "value": "competence", "separator": ";"},
            "allow_empty": True,
        },
    ],
    "holds": [
        {
            "evidence": "e",
            "where": WHERE,
            "person": "name",
            "kind": "role",
            "needs": {"evidence": "n", "key": "role", "value": "competence"},
            "held": {
                "evidence": "h",
                "person": "person",
                "value": "competence",
                "where": WHERE,
                "whole_kind": True,
            },
            "holders_only": True,
            "codes_only": WHERE,
            "allow_empty": True,
        },
        {
            "evidence": "e",
            "person": "name",
            "kind": "role",
            "needs": {"evidence": "n", "key": "role", "value": "competence"},
            "held": {"evidence": "h", "person": "person", "value": "competence"},
        },
    ],
    "cites_current": [
        {
            "evidence": "e",
            "where": WHERE,
            "column": "plan",
            "date": "completed_on",
            "separator": ";",
            "documents": {
                "evidence": "d",
                "id": "doc_id",
                "version": "version",
                "in_force": {"status": {"equals": "current"}},
                "withdrawn": "withdrawn_on",
            },
            "allow_empty": True,
        },
        {
            "evidence": "e",
            "column": "plan",
            "documents": {
                "evidence": "d",
                "id": "i",
                "version": "v",
                "in_force": {"s": {"present": True}},
            },
        },
    ],
    "authorised": [
        {
            "evidence": "e",
            "where": WHERE,
            "person": "accepted_by",
            "level": "residual",
            "owner": "owner",
            "bands": {"evidence": "b", "low": "min", "high": "max", "authority": "who"},
            "roles": {"evidence": "r", "person": "p", "role": "r", "top_management": "t"},
            "owner_says": ["risk-owner"],
            "top_says": ["top-management-role"],
            "allow_empty": True,
        },
        {
            "evidence": "e",
            "person": "accepted_by",
            "level": "residual",
            "bands": {"evidence": "b", "low": "min", "high": "max", "authority": "who"},
            "roles": {"evidence": "r", "person": "p", "role": "r"},
        },
    ],
    "certification_cycle": [
        {
            "evidence": "e",
            "where": WHERE,
            "certificates": "certs",
            "surveillance": ["surveillance", "special"],
            "recertification": ["recertification"],
            "first_within_days": 300,
            "notice_days": 0,
        }
    ],
    "attested": [
        {
            "evidence": "e",
            "where": WHERE,
            "controls": ["walk-through", "fire drill"],
            "signed": True,
            "max_days": 92,
        },
        {"evidence": "e"},
    ],
    "site_sample": [
        {
            "evidence": "e",
            "where": WHERE,
            "sites": "s",
            "column": "visited",
            "separator": ",",
            "initial": ["stage2"],
            "surveillance": ["surveillance"],
            "recertification": ["recertification"],
        },
        {"evidence": "e", "sites": "s"},
    ],
    "ratio": [
        {"evidence": "e", "where": WHERE, "require": REQUIRE, "min": 0.5, "max": 1},
        {"evidence": "e", "require": REQUIRE, "max": 0},
    ],
    "all_of": [[{"exists": {"evidence": "e"}}, {"unique": {"evidence": "e", "column": "c"}}]],
    "any_of": [[{"exists": {"evidence": "e", "min": 2}}, {"not": {"exists": {"evidence": "f"}}}]],
    "not": [{"records": {"evidence": "e", "require": REQUIRE}}],
    "rated_as_scored": [
        {"evidence": "e", "where": WHERE, "score": "s", "rated": REQUIRE, "threshold": "auto"},
        {"evidence": "e", "score": "s", "rated": REQUIRE, "unless": WHERE, "threshold": 12},
    ],
    "at_each_site": [
        {
            "evidence": "e",
            "where": WHERE,
            "sites": "s",
            "column": "site",
            "date": "d",
            "days": 365,
            "everywhere": WHERE,
            "allow_empty": True,
        },
    ],
    "kept_above_floor": [
        {
            "evidence": "e",
            "where": WHERE,
            "score": "s",
            "floor": {"evidence": "d", "where": WHERE, "state": "status", "dropped": ["x"]},
            "allow_empty": True,
        },
    ],
}

# One value of each JSON kind, and the edges the schemas draw (empty, negative, fractional).
WRONG: list[tuple[str, Any]] = [
    ("null", None),
    ("true", True),
    ("-1", -1),
    ("0", 0),
    ("1.5", 1.5),
    ("2.0", 2.0),
    ("''", ""),
    ("'x'", "x"),
    ("[]", []),
    ("['']", [""]),
    ("[1]", [1]),
    ("{}", {}),
    ("{a:1}", {"a": 1}),
]


# Conditions are one shared definition: mutated inside for these checks only.
CONDITIONS_INSIDE = {("exists", "where"), ("records", "require")}


def _mutations(value: Any, where: str, check: str = "") -> Iterator[tuple[str, Any]]:
    """(description, mutated value): each key left out, each value replaced, a key added; the
    same further down inside mappings and lists (inside conditions for CONDITIONS_INSIDE only)."""
    yield where or "as given", value
    if isinstance(value, dict):
        for key in value:
            rest = {k: v for k, v in value.items() if k != key}
            yield f"{where}{key} left out", rest
            for label, wrong in WRONG:
                yield f"{where}{key}={label}", {**value, key: wrong}
            condition = key in ("where", "require") and (check, key) not in CONDITIONS_INSIDE
            if isinstance(value[key], dict | list) and value[key] and not condition:
                for label, inner in _mutations(value[key], f"{where}{key}.", check):
                    if label != f"{where}{key}.":
                        yield label, {**value, key: inner}
        yield f"{where}bogus added", {**value, "bogus": 1}
    elif isinstance(value, list):
        for i, item in enumerate(value):
            for label, wrong in WRONG[-3:]:
                yield f"{where}[{i}]={label}", [*value[:i], wrong, *value[i + 1 :]]
            if isinstance(item, dict):
                for label, inner in _mutations(item, f"{where}[{i}].", check):
                    if label != f"{where}[{i}].":
                        yield label, [*value[:i], inner, *value[i + 1 :]]


def cases() -> Iterator[tuple[str, str, Any]]:
    """(id, check name, parameters) for every check: each base and its mutations, and each kind of
    wrong value instead of the whole parameters. Ids are unique."""
    seen: set[str] = set()
    for name, bases in BASES.items():
        for n, base in enumerate(bases, 1):
            for label, params in _mutations(base, "", name):
                case = f"{name} #{n} {label}"
                if case not in seen:
                    seen.add(case)
                    yield case, name, copy.deepcopy(params)
        for label, wrong in WRONG:
            case = f"{name} params={label}"
            seen.add(case)
            yield case, name, copy.deepcopy(wrong)
