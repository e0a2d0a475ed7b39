"""Each family module registers its own checks, through the hook a third party uses, and a check
function can be called directly with its typed parameters."""

from __future__ import annotations

import datetime as dt

import pytest

from isocheck.checks import CheckContext, CheckRegistry, builtin
from isocheck.checks.dates import MaxAgeParams, check_max_age
from isocheck.checks.documents import ExistsParams, check_exists
from isocheck.checks.relations import CoversParams, Target, check_covers
from isocheck.evidence import EvidenceIndex
from isocheck.model import EvidenceType
from isocheck.plugins import BUILTINS, make_host

FAMILIES = {
    "documents": ["approved", "cites_current", "contains", "exists", "fields", "justified"],
    "dates": ["closed_within", "interval", "max_age"],
    "records": ["at_each_site", "kept_above_floor", "rated_as_scored", "ratio", "records"],
    "relations": [
        "covers",
        "excludes",
        "holds",
        "independent",
        "references",
        "renewed",
        "unique",
    ],
    "authority": ["authorised"],
    "certification": ["certification_cycle", "site_sample"],
    "attestations": ["attested"],
    "combinators": ["all_of", "any_of", "not"],
}


@pytest.mark.parametrize("family", builtin.FAMILIES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_each_family_registers_its_own_checks(family: object) -> None:
    registry = CheckRegistry()
    family.register(registry)  # type: ignore[attr-defined]
    assert registry.names() == FAMILIES[family.__name__.rsplit(".", 1)[-1]]  # type: ignore[attr-defined]


def test_the_families_are_the_builtin_plugins_checks() -> None:
    host = make_host(load_entry_points=False)
    assert sorted(name for names in FAMILIES.values() for name in names) == host.checks.names()
    assert host.pm.get_plugin(BUILTINS) is not None


TYPES = {
    "training": EvidenceType("training", "table", "Training records", ("training.csv",)),
    "staff": EvidenceType("staff", "table", "Staff register", ("staff.csv",)),
}
FILES = {
    "training.csv": "person,date\nAnn,2026-10-01\nBob,2024-01-10\n",
    "staff.csv": "name\nAnn\nBob\nCid\n",
}


def context() -> CheckContext:
    index = EvidenceIndex(
        None,
        make_host(load_entry_points=False).loaders,
        files={k: v.encode() for k, v in FILES.items()},
    )
    return CheckContext(
        dt.date(2026, 11, 1),
        lambda name: index.resolve(TYPES[name], None, {}),
        make_host(load_entry_points=False).checks,
    )


def test_check_functions_take_their_typed_parameters() -> None:
    ctx = context()
    assert [
        v.message for v in check_exists(ctx, ExistsParams(evidence="staff", max=2)).violations
    ] == ["found 3 item(s), expected at most 2: staff.csv:2, staff.csv:3, staff.csv:4"]
    aged = check_max_age(ctx, MaxAgeParams(evidence="training", field="date", days=40, each=True))
    assert [(str(v), v.code) for v in aged.violations] == [
        ("training.csv:3: person Bob: date 2024-01-10 is 1026 days old (max 40)", "stale")
    ]
    covers = check_covers(
        ctx,
        CoversParams(
            evidence="training", column="person", of=Target(evidence="staff", column="name")
        ),
    )
    assert [(str(v), v.code) for v in covers.violations] == [
        ("Training records column 'person' does not cover: Cid", "not-covered")
    ]
