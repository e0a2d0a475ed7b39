"""The built-in check vocabulary, each check on small in-memory evidence."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given as given_examples
from hypothesis import strategies as st

from isocheck.checks import CheckContext, CheckResult, Violation
from isocheck.checks.documents import _not_done
from isocheck.checks.relations import _clause_cover
from isocheck.evidence import EvidenceIndex
from isocheck.meaning import to_days
from isocheck.model import EvidenceMapping, EvidenceType
from isocheck.plugins import make_host

HOST = make_host(load_entry_points=False)
AS_OF = dt.date(2026, 11, 1)

TYPES = {
    "doc": EvidenceType("doc", "document", "Procedure", ("docs/*.md",)),
    "staff": EvidenceType("staff", "table", "Staff register", ("staff.csv",)),
    "training": EvidenceType("training", "table", "Training records", ("training.csv",)),
    "ncs": EvidenceType("ncs", "table", "Nonconformity log", ("ncs.csv",)),
    "yaml_rows": EvidenceType("yaml_rows", "table", "Suppliers", ("suppliers.yaml",)),
}

DOC = """\
---
id: PRO-1
title: Procedure
owner: Ann
approved_by: Bob
approved_on: 2026-02-01
next_review: 2027-02-01
status: approved
---
# Procedure

## Inputs
Customer feedback and audit results.

## Outputs
Decisions on improvement.
"""

FILES = {
    "docs/pro.md": DOC,
    "staff.csv": "name,role\nAnn,welder\nBob,welder\nCid,clerk\n",
    "training.csv": (
        "person,course,date,valid_until\n"
        "Ann,Welding,2026-01-10,2027-01-10\n"
        "Bob,Welding,2024-01-10,2025-01-10\n"
    ),
    "ncs.csv": (
        "id,opened,closed\n"
        "NC-1,2026-01-01,2026-01-20\n"
        "NC-2,2026-01-01,2026-04-01\n"
        "NC-3,2026-10-20,\n"
        "NC-4,2026-01-05,\n"
    ),
    "suppliers.yaml": "suppliers:\n  - {name: Steelco, score: 4.5}\n  - {name: Boltco, score: 2}\n",
}


def run(
    spec: dict[str, Any], files: dict[str, str] | None = None, clauses: tuple[str, ...] = ()
) -> CheckResult:
    data = {k: v.encode() for k, v in (FILES if files is None else files).items()}
    index = EvidenceIndex(None, HOST.loaders, files=data)
    ctx = CheckContext(
        AS_OF, lambda name: index.resolve(TYPES[name], None, {}), HOST.checks, clauses=clauses
    )
    return ctx.run(spec)


def messages(result: CheckResult) -> list[str]:
    return [str(v) for v in result.violations]


# The people of the training records, each named in the staff register
PEOPLE_NAMED_IN_STAFF: dict[str, Any] = {
    "references": {
        "evidence": "training",
        "column": "person",
        "to": {"evidence": "staff", "column": "name"},
    }
}


def test_exists() -> None:
    assert run({"exists": {"evidence": "doc"}}).ok
    assert messages(run({"exists": {"evidence": "staff", "min": 4}})) == [
        "found 3 Staff register item(s), expected at least 4"
    ]
    assert messages(run({"exists": {"evidence": "doc"}}, {})) == [
        "no Procedure found (looked in: docs/*.md)"
    ]


def test_fields_required_and_schema() -> None:
    assert run({"fields": {"evidence": "staff", "required": ["name", "role"]}}).ok
    result = run(
        {
            "fields": {
                "evidence": "training",
                "required": ["valid_until"],
                "schema": {"properties": {"course": {"enum": ["Welding"]}}},
            }
        },
        {"training.csv": "person,course,valid_until\nAnn,Knitting,\n"},
    )
    missing, schema = messages(result)
    assert missing == "training.csv:2: person Ann: missing or empty: valid_until"
    # After the field's name comes the schema validator's own wording: not asserted.
    assert schema.startswith("training.csv:2: person Ann: course: ")


def test_approved() -> None:
    assert run({"approved": {"evidence": "doc"}}).ok
    bad = DOC.replace("approved_by: Bob", "approved_by: Ann").replace(
        "status: approved", "status: draft"
    )
    assert messages(run({"approved": {"evidence": "doc"}}, {"docs/pro.md": bad})) == [
        "docs/pro.md:5: id PRO-1: approved by its own owner (Ann)",
        "docs/pro.md:8: id PRO-1: status is 'draft', expected 'approved'",
    ]
    overdue = DOC.replace("next_review: 2027-02-01", "next_review: 2026-10-01")
    assert messages(run({"approved": {"evidence": "doc"}}, {"docs/pro.md": overdue})) == [
        "docs/pro.md:7: id PRO-1: review overdue since 2026-10-01 (31 days)"
    ]


def test_max_age() -> None:
    assert run({"max_age": {"evidence": "training", "field": "date", "days": 365}}).ok
    assert messages(
        run({"max_age": {"evidence": "training", "field": "date", "days": 365, "each": True}})
    ) == ["training.csv:3: person Bob: date 2024-01-10 is 1026 days old (max 365)"]


def test_interval() -> None:
    files = {"ncs.csv": "id,opened,closed\nA,2025-01-01,\nB,2025-06-01,\nC,2026-09-01,\n"}
    assert messages(
        run({"interval": {"evidence": "ncs", "field": "opened", "max_days": 400}}, files)
    ) == ["ncs.csv:4: 457 days between id B (2025-06-01) and id C (2026-09-01), max 400"]
    assert run({"interval": {"evidence": "ncs", "field": "opened", "max_days": 460}}, files).ok


def test_an_interval_of_a_month_is_met_by_one_item_each_calendar_month() -> None:
    # monthly reviews of the month before, held early in each month (AS_OF is 2026-11-01)
    files = {
        "ncs.csv": "id,opened,closed\nA,2026-01-03,\nB,2026-02-08,\nC,2026-03-31,\n"
        "D,2026-05-02,\nE,2026-10-05,\n"
    }
    spec = {"interval": {"evidence": "ncs", "field": "opened", "max_days": 35}}
    assert len(run(spec, files).violations) == 3  # by days: 36, 51 and 156 days
    spec["interval"]["calendar"] = True
    # by calendar month, January to March each had one; April had none, but 32 days is within
    # the interval by days; June to September had none
    assert messages(run(spec, files)) == [
        "ncs.csv:6: 156 days between id D (2026-05-02) and id E (2026-10-05), max 35",
    ]
    # an interval that is no month's or quarter's length is read in days alone
    spec["interval"]["max_days"] = 45
    assert not run(spec, files).ok


def test_a_section_named_by_a_topic_is_the_outermost_heading_saying_it() -> None:
    # "decisions" also says the Spanish "Decisiones": the whole "Salidas" section is the outputs,
    # not the subsection within it.
    minutes = (
        "---\nid: RD-1\ntitle: Acta\nowner: Ann\napproved_by: Bob\napproved_on: 2026-02-01\n"
        "next_review: 2027-02-01\nstatus: approved\n---\n# Acta\n## Entradas\nAuditorías.\n"
        "## Salidas\nConclusiones: el sistema es eficaz.\n### Decisiones sobre mejora\n"
        "Nueva lavadora.\n"
    )
    data = {"docs/rd.md": minutes.encode()}
    index = EvidenceIndex(None, HOST.loaders, files=data)
    topics = {"review-outputs": ["outputs", "decisions", "salidas", "decisiones"]}
    ctx = CheckContext(
        AS_OF, lambda name: index.resolve(TYPES[name], None, {}), HOST.checks, topics=topics
    )
    spec = {"contains": {"evidence": "doc", "section": "review-outputs", "text": ["Conclusiones"]}}
    assert ctx.run(spec).ok


def test_contains_text_headings_and_section() -> None:
    assert run({"contains": {"evidence": "doc", "headings": ["inputs", "OUTPUTS"]}}).ok
    assert messages(
        run({"contains": {"evidence": "doc", "headings": ["Inputs", "Risks"], "text": ["audit"]}})
    ) == ["docs/pro.md: id PRO-1: missing headings 'Risks'"]
    assert messages(
        run({"contains": {"evidence": "doc", "section": "Outputs", "text": ["audit"]}})
    ) == ["docs/pro.md: id PRO-1 in section 'Outputs': missing text 'audit'"]
    assert run({"contains": {"evidence": "doc", "section": "Inputs", "text": ["AUDIT"]}}).ok


def test_contains_latest_reads_only_the_latest_item() -> None:
    later = DOC.replace("approved_on: 2026-02-01", "approved_on: 2026-05-01").replace(
        "id: PRO-1", "id: PRO-2"
    )
    files = {"docs/early.md": DOC, "docs/late.md": later.replace("audit results", "complaints")}
    spec = {"contains": {"evidence": "doc", "latest": "approved_on", "text": ["audit"]}}
    # The earlier document says it; the latest does not, and only the latest is read.
    assert messages(run(spec, files)) == ["docs/late.md: id PRO-2: missing text 'audit'"]
    files = {"docs/early.md": DOC.replace("audit results", "complaints"), "docs/late.md": later}
    assert run(spec, files).ok
    # Without `latest`, every item is read.
    del spec["contains"]["latest"]
    assert messages(run(spec, files)) == ["docs/early.md: id PRO-1: missing text 'audit'"]


def test_contains_section_split_over_headings_of_one_level() -> None:
    minutes = """\
---
id: MR-1
---
# Review
## 1 Inputs
### Conclusions of the last review
All done; improvement plans kept.
## 2 Decisions and actions
Buy two trolleys.
## 3 Conclusion
The system is effective and supports our strategic direction.
"""
    index = EvidenceIndex(None, HOST.loaders, files={"docs/mr.md": minutes.encode()})
    ctx = CheckContext(
        AS_OF,
        lambda name: index.resolve(TYPES[name], None, {}),
        HOST.checks,
        topics={"outs": ("outputs", "decisions", "conclusions")},
    )
    spec: dict[str, Any] = {"evidence": "doc", "section": "outs"}
    # "Decisions and actions" and "Conclusion" both head outputs, at one level: both are read,
    # with the second one's heading.
    assert ctx.run({"contains": {**spec, "text": ["conclusions", "strategic direction"]}}).ok
    # A heading of another level that says a phrase (the inputs' "Conclusions of the last
    # review") is not part of the outputs.
    assert messages(ctx.run({"contains": {**spec, "text": ["improvement"]}})) == [
        "docs/mr.md: id MR-1 in section 'outputs': missing text 'improvement'"
    ]


def test_records_with_where() -> None:
    spec = {
        "records": {
            "evidence": "training",
            "where": {"course": {"equals": "welding"}},
            "require": {"valid_until": {"on_or_after": "as_of"}},
        }
    }
    assert messages(run(spec)) == [
        "training.csv:3: person Bob: valid_until is 2025-01-10, expected on or after 2026-11-01"
    ]


def test_covers_values_and_other_table() -> None:
    spec = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "of": {"evidence": "staff", "column": "name", "where": {"role": {"equals": "welder"}}},
        }
    }
    assert run(spec).ok
    spec["covers"]["of"]["where"] = {"role": {"in": ["welder", "clerk"]}}
    assert messages(run(spec)) == ["Training records column 'person' does not cover: Cid"]
    period = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "values": ["Ann", "Bob"],
            "period_field": "date",
            "period_days": 365,
        }
    }
    assert messages(run(period)) == [
        "Training records column 'person' within the last 365 days does not cover: Bob"
    ]
    # Names written surname first stay whole: a semicolon, not a comma, between them
    period["covers"]["values"] = ["Ann", "Howard, Alice", "Pike, Andrew"]
    assert messages(run(period)) == [
        "Training records column 'person' within the last 365 days does not cover: "
        "Howard, Alice; Pike, Andrew"
    ]


def test_none_matching_only_for_a_column_the_register_does_not_keep_is_not_kept() -> None:
    # A row would match but for a column the staff register keeps no column for at all
    unkept = run(
        {
            "exists": {
                "evidence": "staff",
                "where": {"role": {"equals": "welder"}, "certified": {"equals": "yes"}},
            }
        }
    )
    assert [v.code for v in unkept.violations] == ["not-kept"]
    # The register keeps the column, and no row says so: none matching, as before
    kept = run({"exists": {"evidence": "staff", "where": {"role": {"equals": "painter"}}}})
    assert [v.code for v in kept.violations] == ["none-matching"]
    # A column it lacks, and no row matches on the columns it keeps either
    both = run(
        {
            "exists": {
                "evidence": "staff",
                "where": {"role": {"equals": "painter"}, "certified": {"equals": "yes"}},
            }
        }
    )
    assert [v.code for v in both.violations] == ["none-matching"]


def test_covers_with_nothing_to_cover_it_says_none_was_found() -> None:
    spec = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "of": {"evidence": "staff", "column": "name"},
        }
    }
    files = dict(FILES)
    del files["training.csv"]
    result = run(spec, files)
    assert messages(result) == ["no Training records found (looked in: training.csv)"]
    assert [v.code for v in result.violations] == ["missing"]


def test_covers_a_period_each_required_value_sets_itself() -> None:
    # A policy tests Tier 1 stores quarterly, SaaS exports twice a year, the log archive yearly
    files = {
        "staff.csv": (
            "name,every\n"
            "Database,quarterly\n"
            "CRM export,every 6 months\n"
            "Log archive,yearly\n"
            "Wiki,\n"  # sets none: the pack's period applies
        ),
        "training.csv": (
            "person,date\n"
            "Database,2026-09-01\n"  # 61 days before the as-of date
            "CRM export,2026-06-01\n"  # 153 days
            "Log archive,2026-01-10\n"  # 295 days
            "Wiki,2026-08-20\n"  # 73 days
        ),
    }
    spec: dict[str, Any] = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "of": {"evidence": "staff", "column": "name"},
            "period_field": "date",
            "period_days": 100,
            "period_column": "every",
        }
    }
    assert run(spec, files).ok
    # Without the column, the pack's 100 days hold for all
    del spec["covers"]["period_column"]
    assert messages(run(spec, files)) == [
        "Training records column 'person' within the last 100 days does not cover: "
        "CRM export, Log archive"
    ]
    # A value found too long ago for its own period; each listed with the period it missed
    spec["covers"]["period_column"] = "every"
    late = dict(files, **{"staff.csv": files["staff.csv"].replace("yearly", "monthly")})
    late["staff.csv"] = late["staff.csv"].replace("Wiki,", "Wiki,30 days")
    assert messages(run(spec, late)) == [
        "Training records column 'person' does not cover: "
        "Log archive (within 31 days), Wiki (within 30 days)"
    ]
    # A cell that says no period is reported, never read as no period at all
    vague = dict(files, **{"staff.csv": files["staff.csv"].replace("yearly", "as needed")})
    assert messages(run(spec, vague)) == [
        "staff.csv:4: name Log archive: every 'as needed' is not a period: write it as a number "
        "of days, months or years ('90 days', 'every 6 months') or a word such as 'quarterly' or "
        "'yearly', or map it in the profile",
        "Training records column 'person' within the last 100 days does not cover: Log archive",
    ]


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("quarterly", 92),
        ("Every 6 months", 184),
        ("half-yearly", 184),
        ("twice a year", 184),
        ("jährlich", 366),
        ("per kwartaal", 92),
        ("12 months", 366),
        ("every two years", 731),
        ("90 days", 90),
        ("90d", 90),
        ("90", 90),
        ("P3M", 92),
        ("alle 2 Jahre", 731),
        ("2 weeks", 14),
        ("raz w roku", 366),
        ("una vez al año", 366),
        ("Simulacro anual", 366),  # the kind of exercise, then its period's adjective
        ("Simulacro anual con bomberos", 366),
        ("Ćwiczenie ewakuacyjne raz w roku", 366),
        ("Drill - annual per project", 366),
        ("Yearly tabletop", 366),  # the period, then the kind of exercise
        ("Yearly drill before NE monsoon", 366),
        ("Half-yearly evacuation drill", 184),
        ("Each site at start-up and 6-monthly", 184),  # an occasion, then the period
        ("Annual and after each change", 366),  # the period, then an occasion
        ("letno", 366),  # Slovenian
        ("dvakrat letno", 184),
        ("godišnje", 366),  # Croatian, Serbian
        ("polročne", 184),  # Slovak
        ("reizi gadā", 366),  # Latvian
        ("kartą per metus", 366),  # Lithuanian
        ("kord poolaastas", 184),  # Estonian
        ("iga-aastane", 366),  # Estonian, as an adjective: a yearly drill
        ("igakuine", 31),
        ("metinis", 366),  # Lithuanian, as an adjective
        ("ikgadējs", 366),  # Latvian, as an adjective
        ("щорічно", 366),  # Ukrainian
        ("ежеквартально", 92),  # Russian
    ],
)
def test_periods_as_people_write_them(cell: str, days: int) -> None:
    assert to_days(cell) == days


@pytest.mark.parametrize(
    "cell",
    [
        "as needed",
        "As needed drill",
        "Drill 2026",
        "",
        "every",
        "0 days",
        "x months",
        "yes",
        True,
        "9" * 50,
        "after each change of the plant",  # no period's word
        "as needed and after incidents",  # occasions only
    ],
)
def test_what_is_no_period(cell: object) -> None:
    with pytest.raises(ValueError, match="not a period"):
        to_days(cell)


def test_closed_within() -> None:
    spec = {
        "closed_within": {"evidence": "ncs", "opened": "opened", "closed": "closed", "days": 60}
    }
    assert messages(run(spec)) == [
        "ncs.csv:3: id NC-2: closed after 90 days (max 60)",
        "ncs.csv:5: id NC-4: open for 300 days since 2026-01-05 (max 60)",
    ]


def test_closed_within_never_holds_an_item_to_its_own_due_date_only() -> None:
    ncs = (
        "id,opened,due,closed\n"
        "NC-1,2024-01-01,,\n"  # open for years: no limit
        "NC-2,2026-01-01,2026-01-10,2026-02-20\n"  # closed after its own date
        "NC-3,2026-01-01,2026-01-10,2026-01-09\n"
    )
    spec = {
        "closed_within": {
            "evidence": "ncs",
            "opened": "opened",
            "closed": "closed",
            "due": "due",
            "days": "never",
        }
    }
    assert messages(run(spec, {"ncs.csv": ncs})) == [
        "ncs.csv:3: id NC-2: closed 41 days after the date set for it, 2026-01-10 (due)"
    ]


def test_closed_within_holds_an_item_to_a_later_due_date_only() -> None:
    ncs = (
        "id,opened,due,closed\n"
        "NC-1,2026-01-01,2026-01-10,2026-02-20\n"  # due early: the 60 days are judged, kept
        "NC-2,2026-01-01,2026-06-30,2026-06-20\n"  # due extended, closed by it
        "NC-3,2026-01-01,2026-06-30,2026-07-08\n"  # closed 8 days after the extended date
        "NC-4,2026-05-01,2026-12-31,\n"  # open, due later
        "NC-5,2026-01-01,2026-09-30,\n"  # open past its extended date
        "NC-6,2026-01-01,,\n"  # open, no due date: the 60 days
    )
    spec = {
        "closed_within": {
            "evidence": "ncs",
            "opened": "opened",
            "closed": "closed",
            "due": "due",
            "days": 60,
        }
    }
    assert messages(run(spec, {"ncs.csv": ncs})) == [
        "ncs.csv:4: id NC-3: closed 8 days after the date set for it, 2026-06-30 (due)",
        "ncs.csv:6: id NC-5: open 32 days past the date set for it, 2026-09-30 (due), "
        "opened 2026-01-01",
        "ncs.csv:7: id NC-6: open for 304 days since 2026-01-01 (max 60)",
    ]


def test_references() -> None:
    spec = {
        "references": {
            "evidence": "staff",
            "column": "name",
            "where": {"role": {"equals": "welder"}},
            "to": {
                "evidence": "training",
                "column": "person",
                "where": {"valid_until": {"on_or_after": "as_of"}},
            },
        }
    }
    assert messages(run(spec)) == [
        "staff.csv:3: name Bob: name 'Bob' not found in Training records column 'person' "
        "where valid_until is on or after the as-of date"
    ]


def test_a_reference_may_be_a_list_in_one_cell_or_stand_before_its_locator() -> None:
    files = {
        "docs/va.md": DOC,
        "staff.csv": 'name,role\nAnn Roe,welder\nBo Li,welder\n"Roe, Ann",clerk\n',
        "training.csv": (
            "person,course,date,valid_until\n"
            "Ann Roe; Bo Li,Welding,2026-01-10,2027-01-10\n"  # a list: both named
            '"Roe, Ann",Filing,2026-01-10,2027-01-10\n'  # one name with a comma
            "Bo Li (extern),Welding,2026-01-10,2027-01-10\n"  # a remark after the name
            "Bo Li section 4,Welding,2026-01-10,2027-01-10\n"  # a locator after the name
            "Ann Roe and Cid,Welding,2026-01-10,2027-01-10\n"  # Cid is nobody
            "Bo Lin,Welding,2026-01-10,2027-01-10\n"  # a longer word is another name
        ),
    }
    spec = PEOPLE_NAMED_IN_STAFF
    assert messages(run(spec, files)) == [
        "training.csv:6: person Ann Roe and Cid: person 'Ann Roe and Cid' not found in Staff "
        "register column 'name'",
        "training.csv:7: person Bo Lin: person 'Bo Lin' not found in Staff register column 'name'",
    ]


def test_independent_compares_people_departments_and_the_owners_of_named_processes() -> None:
    files = {
        "staff.csv": "name,role\nP01 Sales,Ann Roe\nP02 Quality,Bo Li\n",
        "training.csv": (
            "person,course,date,valid_until,dept,area_dept\n"
            "Cid Ho,P01 Sales,Ann Roe,,Quality,\n"  # independent
            "Bo Li (extern),P02 Quality and P01 Sales,Ann Roe,,,\n"  # owns P02
            'Ann Roe,Sales,"Cid Ho, Ann Roe",,,\n'  # an auditee too
            "Dee Fox,Sales,Ann Roe,,Sales,sales\n"  # from the department responsible
        ),
    }
    spec = {
        "independent": {
            "evidence": "training",
            "person": "person",
            "people": ["date"],
            "department": "dept",
            "responsible_department": "area_dept",
            "owners": {
                "evidence": "staff",
                "column": "name",
                "owner": "role",
                "named_in": ["course"],
            },
        }
    }
    assert messages(run(spec, files)) == [
        "training.csv:3: person Bo Li (extern): Bo Li (extern) owns process P02 Quality, "
        "which it covers",
        "training.csv:4: person Ann Roe: Ann Roe is also named as responsible (date)",
        "training.csv:5: person Dee Fox: dept 'Sales' runs what it covers (area_dept)",
    ]


def test_independent_reads_a_remark_with_commas_as_part_of_one_name() -> None:
    files = {
        "staff.csv": "name,role\nP01 Sales,Ann Roe\n",
        "training.csv": (
            "person,course,date,valid_until,dept,area_dept\n"
            '"Tom Roe","Site audit","Raj Li; Tom Roe (investigations, PR-13)",,,\n'
        ),
    }
    spec = {"independent": {"evidence": "training", "person": "person", "people": ["date"]}}
    assert messages(run(spec, files)) == [
        "training.csv:2: person Tom Roe: Tom Roe is also named as responsible (date)"
    ]


def test_references_read_alternatives_and_roles_held_per_project() -> None:
    files = {
        "staff.csv": (
            "name,role\n"
            "Project Manager P-2231,Ben\n"
            "Project Manager P-2244,Meg\n"
            "HSEQ Manager,Lee\n"
            "Foreman,Dean\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            '"Project Manager (own project) or HSEQ Manager",x,,\n'
            '"Site Manager or Foreman",x,,\n'
            '"Foreman (yard: the area manager, or the HSEQ Manager)",x,,\n'
            "Project Manager 2231,x,,\n"
        ),
    }
    spec = PEOPLE_NAMED_IN_STAFF
    # "Project Manager" names the role held on each project; "or" lists alternatives, each of
    # which must be a role; a remark in parentheses is never split. A number alone is no
    # project's code.
    assert messages(run(spec, files)) == [
        "training.csv:3: person Site Manager or Foreman: person 'Site Manager or Foreman' not "
        "found in Staff register column 'name'",
        "training.csv:5: person Project Manager 2231: person 'Project Manager 2231' not found in "
        "Staff register column 'name'",
    ]


def test_a_name_followed_by_a_dash_and_the_role_names_the_person() -> None:
    files = {
        "staff.csv": "name,role\nMehmet Ali Karaca,Genel Müdür\nZeynep Arslan,Kalite Müdürü\n",
        "training.csv": (
            "person,course,date,valid_until\n"
            "Mehmet Ali Karaca - Genel Müdür,x,,\n"
            "Zeynep Arslan – Kalite Müdürü,x,,\n"
            "Deniz Polat - Kalite Mühendisi,x,,\n"  # a dash, but no one known before it
            "Karaca-Arslan,x,,\n"  # a double name is no name and role
        ),
    }
    assert [v.ref.line for v in run(PEOPLE_NAMED_IN_STAFF, files).violations] == [4, 5]


def test_a_job_title_written_for_people_stands_for_each_holder_of_it() -> None:
    files = {
        "staff.csv": "name,role\nAnn,Welder\nBob,Welder\nCid,Clerk\nDee,Shift Leader\n",
        "training.csv": "person,course,date,valid_until\nAnn,x,,\nBob,x,,\nDee,x,,\n",
        # who must be trained, as a register names them: by name or by their job
        "ncs.csv": (
            'id\n"Welders, shift leaders"\n"Dee, welders"\nAll clerks\nProcess engineers\n'
        ),
    }
    spec = {
        "references": {
            "evidence": "ncs",
            "column": "id",
            "to": {"evidence": "training", "column": "person"},
            "titles": {"evidence": "staff", "name": "name", "title": "role"},
        }
    }
    assert messages(run(spec, files)) == [
        "ncs.csv:4: id All clerks: id 'All clerks' stands for Cid, who is not found in Training "
        "records column 'person'",
        "ncs.csv:5: id Process engineers: id 'Process engineers' not found in Training records "
        "column 'person'",
    ]
    # without it, a title names nobody ("Dee, welders" still reads as a name and her job)
    del spec["references"]["titles"]
    assert len(run(spec, files).violations) == 3


def test_references_find_a_name_whose_words_one_known_name_holds_in_order() -> None:
    files = {
        "staff.csv": (
            "name,role\n"
            "Transport & Dispatch Manager,Gerard\n"
            "John Paul Smith,Ann\n"
            "Quality Assurance Manager,Bo\n"
            "Quality Control Manager,Cy\n"
            "NC-2026-014,x\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "Transport Manager,x,,\n"  # one name holds its words in order
            "John Smith,x,,\n"
            "Quality Manager,x,,\n"  # two names hold them: which one is not said
            "Dispatch Transport,x,,\n"  # not in order
            "NC-014,x,,\n"  # an identifier is never matched so
        ),
    }
    spec = PEOPLE_NAMED_IN_STAFF
    assert [m.split(":")[2].strip() for m in messages(run(spec, files))] == [
        "person Quality Manager",
        "person Dispatch Transport",
        "person NC-014",
    ]


# Everyone in the staff register is named in the training records
STAFF_TRAINED = {
    "covers": {
        "evidence": "training",
        "column": "person",
        "of": {"evidence": "staff", "column": "name"},
    }
}


def test_a_full_name_with_every_given_name_names_the_name_written_with_the_first() -> None:
    files = {
        "staff.csv": (
            "name,role\n"
            "Johannes Tau,fitter\n"
            "Pieter van der Merwe,director\n"
            "Maria Berg,hr\n"
            "Maria van Berg,hr\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "Johannes Thabo Tau,x,,\n"  # as a payroll export writes him
            "Pieter Johannes van der Merwe,x,,\n"
            "Maria Lisa van Berg,x,,\n"  # Maria Berg or Maria van Berg: not said
            "Thabo Jacob Tau,x,,\n"  # another first name
        ),
    }
    assert [m.split(":")[2].strip() for m in messages(run(PEOPLE_NAMED_IN_STAFF, files))] == [
        "person Maria Lisa van Berg",
        "person Thabo Jacob Tau",
    ]
    # and a register of full names is covered by records of the short ones
    files["staff.csv"] = "name,role\nAbram Petrus Gumede,fitter\nLucky Joseph Nel,rigger\n"
    files["training.csv"] = "person,course,date,valid_until\nAbram Gumede,x,,\n"
    assert messages(run(STAFF_TRAINED, files)) == [
        "Training records column 'person' does not cover: Lucky Joseph Nel"
    ]


def test_a_payroll_name_written_surname_first_names_the_given_name_and_surname() -> None:
    # East African and many Asian payrolls write the surname first, every given name after it
    files = {
        "staff.csv": (
            "name,role\n"
            "NJOROGE PETER KAMAU,director\n"
            "WANJIRU MARY AKINYI,hr\n"
            "OTIENO JOHN OMONDI,grader\n"
            "OTIENO JOHN ODHIAMBO,grader\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "Peter Njoroge,x,,\n"  # the first given name, then the surname
            "Mary Wanjiru,x,,\n"
            "Kamau Njoroge,x,,\n"  # not his first given name
            "John Otieno,x,,\n"  # two people written so: which one is not said
        ),
    }
    assert [m.split(":")[2].strip() for m in messages(run(PEOPLE_NAMED_IN_STAFF, files))] == [
        "person Kamau Njoroge",
        "person John Otieno",
    ]
    # and the payroll's people are covered by records of the names written short
    files["staff.csv"] = "name,role\nNJOROGE PETER KAMAU,director\nAKINYI ROSE ATIENO,picker\n"
    files["training.csv"] = "person,course,date,valid_until\nPeter Njoroge,x,,\n"
    assert messages(run(STAFF_TRAINED, files)) == [
        "Training records column 'person' does not cover: AKINYI ROSE ATIENO"
    ]


def test_a_name_is_named_by_its_letters_whatever_marks_join_its_parts() -> None:
    files = {
        "staff.csv": "name,role\nEun-ji Park,designer\nSean O'Brien,ops\nAnna Lisa Berg,hr\n",
        "training.csv": (
            "person,course,date,valid_until\n"
            "eunji.park@quillon.io,x,,\n"  # the address spells the name without its hyphen
            "sean.obrien@quillon.io,x,,\n"
            "Annalisa Berg,x,,\n"
            "Eunji Parks,x,,\n"  # another name
        ),
    }
    assert [m.split(":")[2].strip() for m in messages(run(PEOPLE_NAMED_IN_STAFF, files))] == [
        "person Eunji Parks"
    ]


def test_a_reports_count_of_what_it_references_is_looked_for_in_its_text() -> None:
    report = "---\nid: AI-26-01\nnonconformities: 1\n---\n# Audit\n\n- **NC (8.4.1):** {said}\n"
    spec = {
        "references": {
            "evidence": "doc",
            "column": "nonconformities",
            "to": {"evidence": "ncs", "column": "id"},
        }
    }
    files = dict(FILES, **{"docs/pro.md": report.format(said="Raised as NC-2 / AC-26-09.")})
    assert run(spec, files).ok
    files["docs/pro.md"] = report.format(said="Two hauliers overdue for re-evaluation.")
    assert messages(run(spec, files)) == [
        "docs/pro.md:3: id AI-26-01: nonconformities counts 1, and the text names none in "
        "Nonconformity log column 'id'"
    ]


def _holds_spec(held_where: dict[str, Any] | None, **options: Any) -> dict[str, Any]:
    """A holds check of people's roles against what each role needs and what each person holds."""
    held: dict[str, Any] = {"evidence": "held", "person": "person", "value": "competence"}
    if held_where is not None:
        held["where"] = held_where
    return {
        "holds": {
            "evidence": "people",
            "person": "name",
            "kind": "role",
            "needs": {"evidence": "needs", "key": "role", "value": "competence"},
            "held": held,
            **options,
        }
    }


def _roles_context(files: dict[str, str], held: str = "Competence register") -> CheckContext:
    """Staff, what each role needs, and what each person holds, from `files`."""
    types = {
        "people": EvidenceType("people", "table", "Staff", ("people.csv",)),
        "needs": EvidenceType("needs", "table", "Role requirements", ("needs.csv",)),
        "held": EvidenceType("held", "table", held, ("held.csv",)),
    }
    index = EvidenceIndex(None, HOST.loaders, files={k: v.encode() for k, v in files.items()})
    return CheckContext(AS_OF, lambda name: index.resolve(types[name], None, {}), HOST.checks)


def test_holds_each_thing_a_role_needs_competence_by_competence() -> None:
    files = {
        "people.csv": (
            "name,role\n"
            "Ann Roe,Plant Operator (Roller)\n"
            "Bo Li,Plant Operator (Grader)\n"
            "Cid Ho (extern),Crane Operator\n"
            "Dee Fox,Clerk\n"
        ),
        "needs.csv": (
            "role,competence\n"
            "Plant Operator (Roller),VOC Roller\n"
            "Plant Operator (Grader),VOC Grader\n"
            "Crane Operator,White Card\n"
            "Crane Operator,HRWL Crane (C6)\n"
        ),
        "held.csv": (
            "person,competence,until\n"
            "Ann Roe,VOC Roller,2027-01-01\n"
            "Bo Li,VOC Roller,2027-01-01\n"  # not the grader VOC his role needs
            "Cid Ho,White Card,\n"
            "Cid Ho,HRWL Crane (C6),2026-09-14\n"  # expired
        ),
    }
    ctx = _roles_context(files)
    spec = _holds_spec(
        {"any": [{"until": {"present": False}}, {"until": {"on_or_after": "as_of"}}]}
    )
    assert [m.split(" where ")[0] for m in messages(ctx.run(spec))] == [
        "people.csv:3: name Bo Li: role 'Plant Operator (Grader)' needs 'VOC Grader', not found "
        "for Bo Li in Competence register",
        "people.csv:4: name Cid Ho (extern): role 'Crane Operator' needs 'HRWL Crane (C6)', not "
        "found for Cid Ho (extern) in Competence register",
    ]
    # the records the condition selects, as the pack calls them, instead of the condition
    spec["holds"]["held"]["records"] = "cards in date"
    assert messages(ctx.run(spec))[0] == (
        "people.csv:3: name Bo Li: role 'Plant Operator (Grader)' needs 'VOC Grader', not found "
        "for Bo Li in Competence register (cards in date)"
    )


def test_holds_a_need_restricted_in_words_only_to_the_people_whose_record_names_it() -> None:
    files = {
        "people.csv": (
            "name,role,site\n"
            "Ann Roe,Cleaner,Kennet Valley Hospital (C101)\n"
            "Bo Li,Cleaner,TVBP Building 2 (C102)\n"
            "Cid Ho,Porter,Kennet Valley Hospital (C101)\n"
            "Dee Fox,Porter,Riverside Offices\n"
        ),
        "needs.csv": (
            "role,competence,criteria\n"
            "Cleaner,Infection Control,Healthcare sites only (C101) - the Trust's requirement\n"
            "Porter,Manual Handling,Only where portering on wards\n"  # names no one: all
        ),
        "held.csv": "person,competence\nAnn Roe,Infection Control\nCid Ho,Manual Handling\n",
    }
    spec = _holds_spec(None)
    spec["holds"]["needs"]["scope"] = "criteria"
    assert [m.split(" where ")[0] for m in messages(_roles_context(files).run(spec))] == [
        "people.csv:5: name Dee Fox: role 'Porter' needs 'Manual Handling', not found for Dee Fox "
        "in Competence register"
    ]
    files["held.csv"] = "person,competence\nCid Ho,Manual Handling\nDee Fox,Manual Handling\n"
    assert [m.split(" where ")[0] for m in messages(_roles_context(files).run(spec))] == [
        "people.csv:2: name Ann Roe: role 'Cleaner' needs 'Infection Control', not found for "
        "Ann Roe in Competence register"
    ]


def test_holds_reads_names_in_either_order_and_documents_by_their_codes() -> None:
    files = {
        "people.csv": (
            "name,role\n"
            "Simone Bormolini,Conduttore centrale termica\n"
            "Luca Songini,Conduttore centrale termica\n"
            "Chiara Fumagalli,Energy Manager\n"
        ),
        "needs.csv": (
            "role,competence\n"
            "Conduttore centrale termica,IO-CT-01 con verifica in campo\n"
            '"Energy Manager","Certificazione EGE UNI CEI 11339; aggiornamento ISO 50001:2018"\n'
        ),
        "held.csv": (
            "person,competence\n"
            # surname first, as a "Cognome e nome" column writes people; a code it does not need
            "Bormolini Simone,Abilitazione generatori di vapore (D.M. 01/03/1974)\n"
            "Songini Luca,IO-CT-01 rev. 4 Conduzione centrale termica\n"
            # each code in a record of its own; the edition's year is no code
            "Fumagalli Chiara,Aggiornamento EGE (UNI CEI 11339)\n"
            "Fumagalli Chiara,Corso ISO 50001\n"
        ),
    }
    ctx = _roles_context(files, held="Training register")
    spec = _holds_spec(None, holders_only=True)
    assert messages(ctx.run(spec)) == [
        "people.csv:2: name Simone Bormolini: role 'Conduttore centrale termica' needs 'IO-CT-01 "
        "con verifica in campo', not found for Simone Bormolini in Training register"
    ]


def test_holds_what_records_hold_under_the_name_in_either_order_together() -> None:
    files = {
        "people.csv": "name,role\nJiří Pospíšil,Svářeč\n",
        "needs.csv": (
            "role,competence\nSvářeč,Svářečský certifikát EN ISO 9606-1\n"
            "Svářeč,Pracovnělékařská prohlídka\n"
        ),
        # the certificates by first name, the medical examinations surname first
        "held.csv": (
            "person,competence\nJiří Pospíšil,Svářečský certifikát EN ISO 9606-1\n"
            "Pospíšil Jiří,Pracovnělékařská prohlídka\n"
        ),
    }
    assert messages(_roles_context(files).run(_holds_spec(None))) == []


def test_holds_what_a_register_records_under_the_first_given_name_only() -> None:
    files = {
        "people.csv": "name,role\nHendrik Jacobus Venter,Rigger\n",
        "needs.csv": "role,competence\nRigger,Rigging ticket\nRigger,Medical fitness\n",
        "held.csv": "person,competence\nHendrik Venter,Rigging ticket\n",
    }
    assert messages(_roles_context(files).run(_holds_spec(None))) == [
        "people.csv:2: name Hendrik Jacobus Venter: role 'Rigger' needs 'Medical fitness', not "
        "found for Hendrik Jacobus Venter in Competence register"
    ]


def test_holds_only_coded_needs_of_people_the_register_does_not_say_need_competence() -> None:
    files = {
        "people.csv": (
            "name,role,flag\n"
            "Ann Roe,Administrateur systèmes,\n"  # not flagged: held to codes only
            "Bo Li,Administrateur systèmes,yes\n"  # flagged: held to every need
            "Cy Dee,Ingénieur réseau,\n"
        ),
        "needs.csv": (
            "role,competence\n"
            "Administrateur systèmes,Administration Linux et sécurité de l'hébergement\n"
            "Ingénieur réseau,Fortinet NSE4\n"
        ),
        "held.csv": (
            "person,competence,on\n"
            "Ann Roe,Formation interne Exploitation HDS,2026-01-10\n"
            "Bo Li,Formation interne Exploitation HDS,2026-01-10\n"
            "Cy Dee,Fortinet NSE4 certification,2019-01-15\n"  # old, but coded needs look at all
        ),
    }
    spec = _holds_spec({"on": {"max_age_days": 1095}}, codes_only={"flag": {"present": False}})
    assert [m.split(", not found")[0] for m in messages(_roles_context(files).run(spec))] == [
        "people.csv:3: name Bo Li: role 'Administrateur systèmes' needs \"Administration Linux et "
        "sécurité de l'hébergement\""
    ]


def test_holds_a_free_worded_need_the_register_records_in_those_words_in_date() -> None:
    files = {
        "people.csv": "name,role,flag\nAl Cantu,Forklift Operator,\nEd Ruiz,Forklift Operator,\n",
        "needs.csv": (
            "role,competence\n"
            "Forklift Operator,Forklift (PIT) Evaluation\n"
            "Forklift Operator,Manual handling awareness\n"  # no record is named so: not held to it
        ),
        "held.csv": (
            "person,competence,on\n"
            "Al Cantu,Forklift (PIT) Evaluation,2023-09-12\n"  # its three years are over
            "Ed Ruiz,Forklift (PIT) Evaluation,2025-05-15\n"
            "Ed Ruiz,HazCom,2026-01-20\n"
        ),
    }
    spec = _holds_spec({"on": {"max_age_days": 1095}}, codes_only={"flag": {"present": False}})
    assert [m.split(", not found")[0] for m in messages(_roles_context(files).run(spec))] == [
        "people.csv:2: name Al Cantu: role 'Forklift Operator' needs 'Forklift (PIT) Evaluation'"
    ]


def test_unique() -> None:
    assert run({"unique": {"evidence": "staff", "column": "name"}}).ok
    files = {"staff.csv": "name,role\nAnn,welder\nBob,clerk\nann,clerk\n"}
    assert messages(run({"unique": {"evidence": "staff", "column": "name"}}, files)) == [
        "staff.csv:4: name 'ann' is used again (first at staff.csv:2)"
    ]


def test_ratio_on_yaml_rows() -> None:
    spec = {"ratio": {"evidence": "yaml_rows", "require": {"score": {"gte": 3}}, "min": 0.9}}
    assert messages(run(spec)) == [
        "in 50.0% of 2 item(s), score is at least 3; expected at least 90%; "
        "not in: name Boltco (suppliers.yaml)"
    ]
    spec["ratio"]["min"] = 0.5
    assert run(spec).ok


def test_combinators() -> None:
    good = {"exists": {"evidence": "doc"}}
    bad = {"exists": {"evidence": "staff", "min": 10}}
    assert run({"all_of": [good, good]}).ok
    assert not run({"all_of": [good, bad]}).ok
    assert run({"any_of": [bad, good]}).ok
    fewer = {"exists": {"evidence": "staff", "min": 20}}
    assert messages(run({"any_of": [bad, fewer]})) == [
        "either: found 3 Staff register item(s), expected at least 10",
        "or: found 3 Staff register item(s), expected at least 20",
    ]
    # Ways failing for the same reasons are said once, plainly; a way failing for another's
    # reasons and more is not the nearest way to hold, and is left out.
    assert messages(run({"any_of": [bad, bad]})) == [
        "found 3 Staff register item(s), expected at least 10"
    ]
    assert messages(run({"any_of": [{"all_of": [fewer, bad]}, bad]})) == [
        "found 3 Staff register item(s), expected at least 10"
    ]
    # A way led by a condition that another way's guard, holding, denies was never the
    # organization's way: its reasons (the condition itself among them) are not the finding's.
    regime = {"exists": {"evidence": "staff", "min": 50}}
    ways = [{"all_of": [regime, bad]}, {"all_of": [{"not": regime}, fewer]}]
    assert messages(run({"any_of": ways})) == [
        "found 3 Staff register item(s), expected at least 20"
    ]
    # A way whose guard does not hold was not the organization's: the other way's reasons stand.
    assert messages(run({"any_of": [{"all_of": [{"not": good}, good]}, bad]})) == [
        "found 3 Staff register item(s), expected at least 10"
    ]
    # ... and where it fails on more than its guard too, its other reasons are not the finding.
    assert messages(run({"any_of": [{"all_of": [{"not": good}, bad]}, bad]})) == [
        "found 3 Staff register item(s), expected at least 10"
    ]
    assert run({"not": bad}).ok
    # What holds is said in words, not in the check's parameter names
    assert messages(run({"not": good})) == ["this must not hold, but does: Procedure found"]
    assert messages(run({"not": {"all_of": [good]}})) == [
        "this must not hold, but does: every nested check holds"
    ]


def test_a_reference_names_the_columns_as_the_registers_do() -> None:
    files = {
        "staff.csv": "Mitarbeiter,Funktion\nAnn,Schweißer\n",
        "training.csv": "Teilnehmer,Kurs,Datum\nBob,Welding,2026-01-10\n",
    }
    index = EvidenceIndex(None, HOST.loaders, files={k: v.encode() for k, v in files.items()})
    mappings = {
        "staff": EvidenceMapping(
            None,
            {"name": "Mitarbeiter", "role": "Funktion"},
            {},
            values={"role": {"Schweißer": "welder", "Bürokraft": "clerk"}},
        ),
        "training": EvidenceMapping(
            None, {"person": "Teilnehmer", "course": "Kurs", "date": "Datum"}, {}
        ),
    }
    ctx = CheckContext(
        AS_OF, lambda name: index.resolve(TYPES[name], mappings.get(name), {}), HOST.checks
    )
    assert messages(ctx.run(PEOPLE_NAMED_IN_STAFF)) == [
        "training.csv:2: person Bob: Teilnehmer 'Bob' not found in Staff register column "
        "'Mitarbeiter'"
    ]
    # and what the rows must be, where none is, in the register's words
    clerks = {"exists": {"evidence": "staff", "where": {"role": {"equals": "clerk"}}}}
    assert messages(ctx.run(clerks)) == [
        "no Staff register matching Funktion is 'Bürokraft' found (looked in: staff.csv)"
    ]
    trained = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "of": {"evidence": "staff", "column": "name"},
        }
    }
    assert messages(ctx.run(trained)) == [
        "Training records column 'Teilnehmer' does not cover: Ann"
    ]


def test_a_failed_any_of_says_the_way_nearest_to_holding() -> None:
    welders = {"records": {"evidence": "staff", "require": {"role": {"equals": "welder"}}}}
    clerks = {"records": {"evidence": "staff", "require": {"role": {"equals": "clerk"}}}}
    cid = "staff.csv:4: name Cid: role is 'clerk', expected 'welder'"
    # one row to put right is nearer than two
    assert messages(run({"any_of": [clerks, welders]})) == [cid]
    # a way that found records and faults one is the organization's, over a way that found
    # none of its own
    none_such = {"exists": {"evidence": "ncs", "where": {"id": {"equals": "NC-9"}}}}
    assert messages(run({"any_of": [none_such, welders]})) == [cid]
    # a coverage lacking two people is two faults, not one
    trained = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "where": {"valid_until": {"on_or_after": "as_of"}},
            "of": {"evidence": "staff", "column": "name"},
        }
    }
    assert messages(run({"any_of": [trained, welders]})) == [cid]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "01/02/2026",
            "'01/02/2026' is ambiguous (day/month order); write dates as YYYY-MM-DD, or say in "
            'the profile how this evidence writes them (dates: "%d/%m/%Y"), or how all of it '
            "does, at the profile's top",
        ),
        ("3 Feb 2026", None),  # a month by its name: one reading only
        ("2026/02/03", None),
        (
            "next week",
            "'next week' is not a date; write the date, as YYYY-MM-DD or in the format the "
            "profile gives for this evidence",
        ),
    ],
)
def test_bad_dates_are_violations_with_hint(cell: str, expected: str | None) -> None:
    files = {"training.csv": f"person,course,date\nAnn,Welding,{cell}\n"}
    result = run({"max_age": {"evidence": "training", "field": "date", "days": 10}}, files)
    if expected is None:  # read, and too old
        assert messages(result) == [
            "training.csv:2: person Ann: date 2026-02-03 is 271 days old (max 10)"
        ]
    else:
        assert messages(result) == [f"training.csv:2: person Ann: date: {expected}"]


def test_ragged_row_is_reported() -> None:
    files = {"staff.csv": "name,role\nAnn,welder,extra\n"}
    assert messages(run({"exists": {"evidence": "staff"}}, files)) == [
        "staff.csv:2: row has 3 cells, the header has 2"
    ]


def test_parameter_validation_names_the_problem() -> None:
    # The place and the check are isocheck's; the rest is the schema validator's wording.
    ((path, message),) = HOST.checks.validate(
        "records", {"evidence": "x", "require": {"a": {"bogus": 1}}}
    )
    assert path == ("require", "a")
    assert message.startswith("records: ")
    ((path, message),) = HOST.checks.validate("all_of", [{"exists": {"evidence": 3}}])
    assert path == (0, "exists", "evidence")
    assert message.startswith("exists: ")


def test_registering_a_check_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="check 'exists' is registered twice"):
        HOST.checks.register("exists", lambda ctx, p: CheckResult(), {"type": "object"})


def test_the_shared_condition_schema_is_a_valid_schema() -> None:
    from jsonschema import Draft202012Validator

    from isocheck.conditions import CONDITION_SCHEMA

    Draft202012Validator.check_schema(CONDITION_SCHEMA)
    for name in HOST.checks.names():
        check = HOST.checks.get(name)
        assert check is not None
        Draft202012Validator.check_schema(check.schema)


def test_max_age_is_not_fooled_by_a_planned_date() -> None:
    files = {"training.csv": "person,course,date\nAnn,Welding,2024-01-10\nAnn,Welding,2027-01-10\n"}
    assert messages(
        run({"max_age": {"evidence": "training", "field": "date", "days": 365}}, files)
    ) == ["training.csv:2: person Ann: date 2024-01-10 is 1026 days old (max 365)"]
    assert messages(
        run(
            {"max_age": {"evidence": "training", "field": "date", "days": 365, "each": True}}, files
        )
    ) == [
        "training.csv:3: person Ann: date 2027-01-10 is after the as-of date",
        "training.csv:2: person Ann: date 2024-01-10 is 1026 days old (max 365)",
    ]


def test_contains_matches_a_phrase_wrapped_across_lines() -> None:
    wrapped = DOC.replace(
        "Customer feedback and audit results.", "Customer feedback and\n  audit results."
    )
    assert run(
        {"contains": {"evidence": "doc", "text": ["feedback and audit"]}}, {"docs/pro.md": wrapped}
    ).ok


PACK_CLAUSES = ("7", "7.1", "7.1.1", "7.1.2", "7.1.5", "7.1.5.1", "7.1.5.2", "7.2", "8", "8.3")


def clauses_covered() -> dict[str, Any]:
    """An audit log's clauses cover 7.1, 7.2 and 8.3, clauses rolling up and down."""
    return {
        "covers": {
            "evidence": "ncs",
            "column": "clauses",
            "separator": ";",
            "values": ["7.1", "7.2", "8.3"],
            "clauses": True,
        }
    }


@pytest.mark.parametrize(
    ("audited", "uncovered"),
    [
        ("7.1;7.2;8.3", []),
        ("7.1.1;7.1.2;7.1.5;7.2;8.3", []),  # every subclause of 7.1 covers 7.1
        ("7.1.1;7.1.2;7.1.5.1;7.1.5.2;7.2;8.3", []),  # and of 7.1.5, two levels down
        ("7;8", []),  # an audit of 7 covers 7.1 and 7.2
        ("7.1.1;7.1.5;7.2;8.3", ["7.1"]),  # 7.1.2 was not audited: 7.1 is not covered
        ("7.1.2;8", ["7.1", "7.2"]),
        ("7.1.1–7.1.2, 7.1.5 and 7.2; clause 8.3", []),  # as people list clauses
        ("7.1.1-2;7.2;8.3", ["7.1"]),  # 7.1.5 left out of the range
        ("7.1.1 à 7.1.5, 7.2 ; 8.3", []),  # ranges in French, Dutch, Spanish and Italian words
        ("7.1.1 t/m 7.1.5; 7.2; 8.3", []),
        ("7.1.1 a 7.1.2; 7.2; 8.3", ["7.1"]),  # 7.1.5 left out of the range
        ("7.1.1 al 7.1.5; 7.2; 8.3", []),
        ("All clauses", []),  # the whole standard
        ("Both standards (sampled)", []),
    ],
)
def test_covers_clauses_rolls_subclauses_up_and_clauses_down(
    audited: str, uncovered: list[str]
) -> None:
    files = {"ncs.csv": f'id,clauses\nIA-1,"{audited}"\n'}
    spec = clauses_covered()
    found = messages(run(spec, files, PACK_CLAUSES))
    expected = f"Nonconformity log column 'clauses' does not cover: {', '.join(uncovered)}"
    assert found == ([expected] if uncovered else [])
    spec["covers"]["clauses"] = False  # without it, only the very numbers count
    assert run(spec, files, PACK_CLAUSES).ok == (audited == "7.1;7.2;8.3")


def test_a_clause_is_covered_by_its_subclauses_but_the_one_that_opens_it_in_general() -> None:
    from isocheck.checks import CheckContext

    files = {"ncs.csv": 'id,clauses\nIA-1,"7.1.2;7.1.5;7.2;8.3"\n'}
    spec = clauses_covered()
    data = {k: v.encode() for k, v in files.items()}
    index = EvidenceIndex(None, HOST.loaders, files=data)

    def context(general: tuple[str, ...]) -> CheckContext:
        return CheckContext(
            AS_OF,
            lambda name: index.resolve(TYPES[name], None, {}),
            HOST.checks,
            clauses=PACK_CLAUSES,
            general=general,
        )

    assert messages(context(()).run(spec)) == [
        "Nonconformity log column 'clauses' does not cover: 7.1"
    ]
    assert context(("7.1.1",)).run(spec).ok  # 7.1.1 Resources - general


# The training records name every member of staff
TRAINING_COVERS_STAFF: dict[str, Any] = {
    "covers": {
        "evidence": "training",
        "column": "person",
        "of": {"evidence": "staff", "column": "name"},
    }
}


def test_a_reference_with_a_remark_after_it_names_what_it_says() -> None:
    files = {
        **FILES,
        "staff.csv": "name,role\nAnn (Welding supervisor),welder\nBob, welder\n",
        "training.csv": "person,course\nAnn,Welding\nbob (contractor),Welding\n",
    }
    spec = STAFF_IN_TRAINING
    assert run(spec, files).ok


def test_people_named_by_address_in_one_register_and_by_name_in_another_match() -> None:
    # Addresses and logins (an asset tool's pauline.giraud) are written without accents.
    files = {
        **FILES,
        "staff.csv": "name,role\naisha.bello@example.com,welder\nbob_kent@example.com,clerk\n"
        "ines.laurent@example.fr,developer\npauline.giraud,developer\n",
        "training.csv": "person,course\nAisha Bello,Welding\nBob Kent (temp),Filing\n"
        "Inès Laurent,OWASP\nPauline Giraud,OWASP\n",
    }
    spec = TRAINING_COVERS_STAFF
    assert run(spec, files).ok
    files["training.csv"] = "person,course\nAisha Bello,Welding\nInès Laurent,OWASP\n"
    assert messages(run(spec, files)) == [
        "Training records column 'person' does not cover: bob_kent@example.com, pauline.giraud"
    ]


def test_a_name_written_surname_first_is_the_person_it_names() -> None:
    # Payroll exports write "Surname, Given"; registers kept by hand "Given Surname".
    files = {
        **FILES,
        "staff.csv": (
            'name,role\n"Ferrer Albiol, Vicente",director\n"Müller-Kern, Sabine",clerk\n'
            '"O\'Neill, Mary Ann",welder\n'
        ),
        "training.csv": (
            "person,course\nVicente Ferrer Albiol,Induction\nSabine Müller-Kern (QMB),Induction\n"
            '"O\'Neill, Mary Ann",Induction\n'
        ),
    }
    covers = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "of": {"evidence": "staff", "column": "name"},
        }
    }
    assert run(covers, files).ok
    references = {
        "references": {
            "evidence": "training",
            "column": "person",
            "to": {"evidence": "staff", "column": "name"},
        }
    }
    assert run(references, files).ok
    # A list of references is still a list, and another person is still another.
    files["training.csv"] = (
        'person,course\n"AB-05, AB-06",Induction\nCarlos Ferrer Albiol,Induction\n'
    )
    assert len(run(references, files).violations) == 2


def test_a_name_written_surname_first_without_a_comma_is_the_person_it_names() -> None:
    # An Italian "Cognome e nome" column: "Mainetti Alessandro" is Alessandro Mainetti.
    files = {
        **FILES,
        "staff.csv": "name,role\nAlessandro Mainetti,operator\nGiulia Della Vedova,buyer\n",
        "training.csv": "person,course\nMainetti Alessandro,SGE\nDella Vedova Giulia,SGE\n",
    }
    for spec in (
        {
            "covers": {
                "evidence": "training",
                "column": "person",
                "of": {"evidence": "staff", "column": "name"},
            }
        },
        {
            "references": {
                "evidence": "training",
                "column": "person",
                "to": {"evidence": "staff", "column": "name"},
            }
        },
    ):
        assert run(spec, files).ok
    # Other words are another person, and a name needs two words at least.
    files["training.csv"] = "person,course\nMainetti Alessio,SGE\nGiulia,SGE\n"
    covers = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "of": {"evidence": "staff", "column": "name"},
        }
    }
    assert not run(covers, files).ok


def test_a_cell_of_the_other_register_listing_identifiers_names_each() -> None:
    # Where ";" delimits the CSV, a register lists several ids in a cell with commas.
    files = {
        **FILES,
        "staff.csv": 'name,role\n"AA-22, AA-24",spill\nAA-21,fire\n"Müller, Thomas",x\n',
        "training.csv": "person,course\nAA-22,x\nAA-24,x\nAA-21,x\n",
    }
    spec = {
        "references": {
            "evidence": "training",
            "column": "person",
            "to": {"evidence": "staff", "column": "name", "separator": ";"},
        }
    }
    assert run(spec, files).ok
    # Words listed with a comma are not identifiers: "Thomas" alone names nobody.
    files["training.csv"] = "person,course\nThomas,x\n"
    assert len(run(spec, files).violations) == 1


def test_a_party_is_named_by_its_acronym_or_one_of_its_alternative_names() -> None:
    files = {
        **FILES,
        "staff.csv": (
            "name,role\nMinisterio para la Transición Ecológica (MITECO),regulator\n"
            "ANAIP / PlasticsEurope (Operation Clean Sweep),scheme\nAnn (QA),welder\n"
        ),
        "training.csv": "person,course\nMITECO,x\nANAIP (OCS),x\nPlasticsEurope,x\n",
    }
    spec = PEOPLE_NAMED_IN_STAFF
    assert run(spec, files).ok
    # A remark of two letters is no acronym the entry answers to.
    files["training.csv"] = "person,course\nQA,x\n"
    assert len(run(spec, files).violations) == 1


def test_a_reference_may_name_a_value_of_another_register_instead() -> None:
    files = {
        **FILES,
        "staff.csv": "name,role\nCO-01,control\n",
        "ncs.csv": "id,opened,closed\nESC-01,2026-01-01,\n",
        "training.csv": "person,course\nCO-01,x\nESC-01,x\n",
    }
    spec = copy.deepcopy(PEOPLE_NAMED_IN_STAFF)
    assert messages(run(spec, files)) == [
        "training.csv:3: person ESC-01: person 'ESC-01' not found in Staff register column 'name'"
    ]
    spec["references"]["or_to"] = [{"evidence": "ncs", "column": "id"}]
    assert run(spec, files).ok
    files["training.csv"] = "person,course\nESC-02,x\n"
    assert messages(run(spec, files)) == [
        "training.csv:2: person ESC-02: person 'ESC-02' not found in Staff register column 'name' "
        "or in Nonconformity log column 'id'"
    ]
    # each register is named once, the columns read alike together
    spec["references"]["or_to"] = [
        {"evidence": "staff", "column": "role"},
        {"evidence": "ncs", "column": "id", "where": {"closed": {"present": True}}},
        {"evidence": "staff", "column": "name", "where": {"role": {"equals": "control"}}},
    ]
    assert messages(run(spec, files)) == [
        "training.csv:2: person ESC-02: person 'ESC-02' not found in Staff register column "
        "'name' or 'role', or column 'name' where role is 'control' or in Nonconformity log "
        "column 'id' where closed is filled in"
    ]
    # what the pack calls the records a condition selects is said instead of the condition
    spec["references"]["or_to"] = [
        {
            "evidence": "ncs",
            "column": "id",
            "where": {"closed": {"present": True}},
            "records": "closed ones",
        }
    ]
    assert messages(run(spec, files)) == [
        "training.csv:2: person ESC-02: person 'ESC-02' not found in Staff register column "
        "'name' or in Nonconformity log column 'id' (closed ones)"
    ]


def test_a_reference_in_another_numbering_may_name_another_registers_record() -> None:
    files = {
        **FILES,
        "staff.csv": "name,role\nJHA-001,hazard\nJHA-002,hazard\n",
        "training.csv": "person,course\nJHA-001,x\nA-03,x\nJHA-009,x\n",
    }
    spec = copy.deepcopy(PEOPLE_NAMED_IN_STAFF)
    missing = [
        "training.csv:3: person A-03: person 'A-03' not found in Staff register column 'name'",
        "training.csv:4: person JHA-009: person 'JHA-009' not found in Staff register column 'name'",
    ]
    assert messages(run(spec, files)) == missing
    # "A-03" is an aspect of an integrated log; "JHA-009" is a hazard the register lacks
    spec["references"]["other_numbering"] = True
    assert messages(run(spec, files)) == missing[1:]
    # a target not numbered throughout has no numbering to be another's
    files["staff.csv"] += "Forklift traffic,hazard\n"
    assert messages(run(spec, files)) == missing


def test_a_cell_listing_references_may_need_only_one_to_name_the_target() -> None:
    files = {
        **FILES,
        "staff.csv": "name,role\nES-01,scenario\nES-02,scenario\n",
        "training.csv": "person,course\nOC-04; ES-02,x\nES-01,x\nOC-07,x\n",
    }
    spec = copy.deepcopy(PEOPLE_NAMED_IN_STAFF)
    spec["references"].update(separator=";", any_listed=True)
    assert messages(run(spec, files)) == [
        "training.csv:4: person OC-07: person 'OC-07' names nothing in Staff register column 'name'"
    ]
    del spec["references"]["any_listed"]  # every reference must then name one
    assert len(messages(run(spec, files))) == 2


def test_covers_finds_a_name_inside_a_longer_value_and_numbers_whatever_their_zeros() -> None:
    files = {
        "staff.csv": "name,role\nTOPdesk,x\nGitLab,x\nNC-26-4,x\nA.5.1,x\n",
        "training.csv": (
            "person,course,date,valid_until\n"
            "App: TOPdesk,review,2026-10-01,\n"
            "Interne VM's (GitLab; Wazuh),review,2026-10-01,\n"
            "NC-26-004,review,2026-10-01,\n"
            "A.5.10,review,2026-10-01,\n"  # another control: A.5.1 is not inside it
        ),
    }
    spec = TRAINING_COVERS_STAFF
    assert messages(run(spec, files)) == ["Training records column 'person' does not cover: A.5.1"]


def test_a_reference_may_compare_with_the_referring_items_own_fields() -> None:
    # Every failed restore test is followed by a passed one of the same system.
    files = {
        "training.csv": (
            "person,course,date,valid_until\n"
            "ERP,failed,2026-03-01,\n"
            "ERP,passed,2026-03-20,\n"  # the retest
            "CRM,passed,2026-02-01,\n"
            "CRM,failed,2026-04-01,\n"  # passed only before it failed
            "Mail,failed,2026-05-01,\n"  # never retested
        )
    }
    spec = {
        "references": {
            "evidence": "training",
            "column": "person",
            "where": {"course": {"equals": "failed"}},
            "to": {
                "evidence": "training",
                "column": "person",
                "where": {"course": {"equals": "passed"}, "date": {"after": "from:date"}},
            },
        }
    }
    assert messages(run(spec, files)) == [
        "training.csv:5: person CRM: person 'CRM' not found in Training records column 'person' "
        "where course is 'passed' and date is after the referring item's date",
        "training.csv:6: person Mail: person 'Mail' not found in Training records column "
        "'person' where course is 'passed' and date is after the referring item's date",
    ]


def test_a_reference_written_short_names_the_one_name_it_abbreviates() -> None:
    files = {
        "staff.csv": (
            "name,role\nCertificate errors per 1000 certs,x\nLab on-time delivery %,x\n"
            "Customer complaints,x\nCustomer compliments,x\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "Lab on-time delivery %; cert errors,kpi,2026-10-01,\n"
            "cust compl,kpi,2026-10-01,\n"  # two names start so: none is meant for sure
            "ce,kpi,2026-10-01,\n"
        ),
    }
    spec = PEOPLE_NAMED_IN_STAFF
    assert [m.split(": ", 1)[0] for m in messages(run(spec, files))] == [
        "training.csv:3",
        "training.csv:4",
    ]


def test_independent_reads_a_list_of_departments_responsible() -> None:
    files = {
        "training.csv": (
            "person,course,date,valid_until,dept,area_dept\n"
            'Eve Park,Suppliers,Ann Roe,,Security & Compliance,"Servicedesk, Security & Compliance"\n'
            'Cid Ho,Suppliers,Ann Roe,,Finance,"Servicedesk, Security & Compliance"\n'
        )
    }
    spec = {
        "independent": {
            "evidence": "training",
            "person": "person",
            "department": "dept",
            "responsible_department": "area_dept",
        }
    }
    assert messages(run(spec, files)) == [
        "training.csv:2: person Eve Park: dept 'Security & Compliance' runs what it covers "
        "(area_dept)"
    ]
    # a team in parentheses after its department is in that department
    files["training.csv"] = (
        "person,course,date,valid_until,dept,area_dept\n"
        "Nik Sharma,Secure development,Ann Roe,,Engineering (QA),Engineering\n"
        "Kay Doyle,Secure development,Ann Roe,,External (Doyle Assurance),Engineering\n"
    )
    assert messages(run(spec, files)) == [
        "training.csv:2: person Nik Sharma: dept 'Engineering (QA)' runs what it covers (area_dept)"
    ]


def test_covers_reads_a_name_shortened_or_labelled_by_a_tool() -> None:
    files = {
        "staff.csv": (
            "name,role\nTOPdesk SaaS (ITSM/CMDB),x\nGit-repositories (GitLab self-managed),x\n"
            "Payroll (AFAS),x\nERP,x\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "App: TOPdesk,review,2026-10-01,\n"
            "App: GitLab,review,2026-10-01,\n"
            "ER,review,2026-10-01,\n"  # too short to name anything
        ),
    }
    spec = TRAINING_COVERS_STAFF
    result = run(spec, files)
    assert messages(result) == [
        "Training records column 'person' does not cover: ERP, Payroll (AFAS)"
    ]
    assert "say so in the profile" in result.notes[-1]


def test_covers_reads_a_name_whose_words_come_in_another_order() -> None:
    files = {
        "staff.csv": (
            "name,role\nledgerline GitHub organisation,x\nSlack workspace,x\n"
            "Customer API gateway,x\nLinear workspace,x\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "GitHub (ledgerline org),review,2026-10-01,\n"
            "Workspace (Slack),review,2026-10-01,\n"
            "API gateway,review,2026-10-01,\n"  # a word fewer: another thing, or part of it
            "Workspace tools,review,2026-10-01,\n"  # another word: another thing
        ),
    }
    assert messages(run(TRAINING_COVERS_STAFF, files)) == [
        "Training records column 'person' does not cover: Customer API gateway, Linear workspace"
    ]


def test_covers_reads_longer_forms_remarks_and_compounds_of_a_name() -> None:
    files = {
        "staff.csv": (
            "name,role\n"
            "Klantportaal mijn.example.nl,x\n"
            "Microsoft 365 tenant example.nl,x\n"
            "Monitoring (Zabbix),x\n"
            "Core network (FortiGate HA),x\n"
            "Customer documents (SharePoint),x\n"
            "Microsoft Azure subscription,x\n"
            "Sales Cloud EU,x\n"
            "Sales Cloud US,x\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "App: Klantportaal (internal admins),review,2026-10-01,\n"
            "All Microsoft 365 groups and Teams (guests + members),review,2026-10-01,\n"
            '"Internal VMs (GitLab, Wazuh, Zabbix)",review,2026-10-01,\n'
            "FortiGate-configuration (lab restore),review,2026-10-01,\n"
            '"Microsoft 365 (5 mailboxes, 2 SharePoint-sites)",review,2026-10-01,\n'
            "Sales Cloud APAC,review,2026-10-01,\n"  # shares its start with two: names neither
        ),
    }
    spec = TRAINING_COVERS_STAFF
    assert messages(run(spec, files)) == [
        "Training records column 'person' does not cover: "
        "Microsoft Azure subscription, Sales Cloud EU, Sales Cloud US"
    ]


def test_covers_reads_each_name_a_value_gives_as_alternatives() -> None:
    files = {
        "staff.csv": (
            "name,role\n"
            "Microsoft 365 / Entra ID,x\n"
            "Sage Intacct / Finance system,x\n"
            "Payroll / HR system,x\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "Entra ID directory roles (Global Administrator),review,2026-10-01,\n"
            "Finance system H2 2026,review,2026-10-01,\n"
        ),
    }
    assert messages(run(TRAINING_COVERS_STAFF, files)) == [
        "Training records column 'person' does not cover: Payroll / HR system"
    ]


def test_covers_reads_a_name_led_by_its_identifier_as_either() -> None:
    files = {
        "staff.csv": (
            "name,role\n"
            "VR-01 latte lavorato,x\n"
            "VR-02 acqua evaporata,x\n"
            "VR-03 gradi giorno,x\n"
            "VR-04 ore linee,x\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "Latte lavorato,plan,2026-10-01,\n"  # the name without its identifier
            "VR-02,plan,2026-10-01,\n"  # the identifier without its name
            "DC-12 Gradi giorno,plan,2026-10-01,\n"  # its own identifier and the same name
            "VR-40 ore linee,plan,2026-10-01,\n"  # another identifier, the same words
        ),
    }
    spec = TRAINING_COVERS_STAFF
    assert messages(run(spec, files)) == []
    files["training.csv"] = "person,course,date,valid_until\nVR-1,plan,2026-10-01,\n"
    assert messages(run(spec, files)) == [
        "Training records column 'person' does not cover: "
        "VR-01 latte lavorato, VR-02 acqua evaporata, VR-03 gradi giorno, VR-04 ore linee"
    ]


def test_covers_requires_nothing_for_a_value_that_answers_none() -> None:
    files = {
        "staff.csv": (
            "name,role\nLatte lavorato,x\nnessuna significativa (VR-04 non significativa),x\n"
            "None,x\nNo significant variables,x\nNO2 emissions,x\n"
        ),
        "training.csv": "person,course,date,valid_until\nLatte lavorato,plan,2026-10-01,\n",
    }
    spec = TRAINING_COVERS_STAFF
    assert messages(run(spec, files)) == [
        "Training records column 'person' does not cover: NO2 emissions"
    ]


def test_a_campaign_covers_what_signs_on_through_the_system_it_names() -> None:
    files = {
        "staff.csv": (
            "name,role\n"
            "Okta,identity provider\n"
            "Insight,app behind Okta SSO\n"
            "Billing,app behind Okta SSO\n"
            "Legacy FTP,local accounts\n"
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "All Okta-assigned applications,user access,2026-10-01,\n"
        ),
    }
    spec = {
        "covers": {
            "evidence": "training",
            "column": "person",
            "of": {
                "evidence": "staff",
                "column": "name",
                "where": {"role": {"not_in": ["identity provider"]}},
            },
        }
    }
    assert messages(run(spec, files)) == [
        "Training records column 'person' does not cover: Legacy FTP"
    ]
    files["training.csv"] = (
        "person,course,date,valid_until\nAll applications,user access,2026-10-01,\n"
    )
    assert messages(run(spec, files)) == [
        "Training records column 'person' does not cover: Billing, Insight, Legacy FTP"
    ]


def authorised(**more: Any) -> dict[str, Any]:
    """An `authorised` check of ncs.csv: bands in training.csv, roles in staff.csv."""
    return {
        "authorised": {
            "evidence": "ncs",
            "person": "accepted_by",
            "level": "level",
            "owner": "owner",
            "bands": {
                "evidence": "training",
                "low": "low",
                "high": "high",
                "authority": "authority",
            },
            "roles": {
                "evidence": "staff",
                "person": "name",
                "role": "role",
                "top_management": "board",
            },
            **more,
        }
    }


def test_authorised_reads_the_band_of_each_level_and_who_holds_its_authority() -> None:
    files = {
        "training.csv": (  # the criteria: who may accept a residual risk of each level
            "low,high,authority\n"
            "1,6,Risk owner\n"
            "8,12,Risk owner with the consent of the Security Officer\n"
            "15,25,Directie (CEO)\n"
        ),
        "staff.csv": (
            "name,role,board\n"
            "Mia Berg,Managing director,yes\n"
            "Sam Lee,Security Officer / ISMS manager,no\n"
            "Ann Roe,Deputy Security Officer,no\n"
            "Bo Li,Network lead,no\n"
        ),
        "ncs.csv": (
            "id,level,owner,accepted_by\n"
            "R-1,4,Bo Li,Bo Li\n"  # the owner's band
            "R-2,8,Bo Li,Bo Li / Sam Lee\n"  # owner with the Security Officer's consent
            "R-3,9,Bo Li,Mia Berg\n"  # top management may accept every band
            "R-4,15,Bo Li,Jan Smit (CEO)\n"  # top management by the title written
            "R-5,13,Bo Li,Bo Li / Sam Lee\n"  # between bands: the higher one's authority
            "R-6,10,Bo Li,Bo Li / Ann Roe\n"  # a deputy is not the Security Officer
            "R-7,15,Bo Li,Bo Li\n"
            "R-8,30,Bo Li,Mia Berg\n"  # above every band
            "R-9,2,Bo Li,Sam Lee / Bo Li\n"  # a higher band's authority accepts a lower band
            "R-10,hoch,Bo Li,Bo Li\n"  # a level that is no number is said, never passed
        ),
    }
    spec = authorised(owner_says=["risk owner"], top_says=["ceo", "directie"])
    assert messages(run(spec, files)) == [
        "ncs.csv:6: id R-5: accepted_by Bo Li, Sam Lee for level 13, which the criteria reserve "
        "to 'Directie (CEO)'",
        "ncs.csv:7: id R-6: accepted_by Bo Li, Ann Roe for level 10, which the criteria reserve "
        "to 'Risk owner with the consent of the Security Officer'",
        "ncs.csv:8: id R-7: accepted_by Bo Li for level 15, which the criteria reserve to "
        "'Directie (CEO)'",
        "ncs.csv:9: id R-8: level 30 is above every band of the criteria (Training records)",
        "ncs.csv:11: id R-10: level 'hoch' is not a level the criteria's bands can hold (not a "
        "number); map the register's words to numbers in the profile",
    ]
    files["training.csv"] = (
        "low,high,authority\n1,6,Risk owner or Security Officer\n7,25,Directie\n"
    )
    files["ncs.csv"] = "id,level,owner,accepted_by\nR-1,5,Bo Li,Sam Lee\nR-2,5,Bo Li,Ann Roe\n"
    assert messages(run(spec, files)) == [
        "ncs.csv:3: id R-2: accepted_by Ann Roe for level 5, which the criteria reserve to "
        "'Risk owner or Security Officer'"
    ]


def test_authorised_reads_a_role_held_on_one_project_as_the_role() -> None:
    files = {
        "training.csv": (
            "low,high,authority\n"
            "5,9,Project Manager (own project) or HSEQ Manager\n"
            "10,16,General Manager Operations\n"
        ),
        "staff.csv": (
            "name,role,board\n"
            "Ben Roe,Project Manager P-2231,no\n"
            "Ann Li,General Manager Operations,no\n"
        ),
        "ncs.csv": "id,level,owner,accepted_by\nHZ-1,8,Cy Ho,Ben Roe\nHZ-2,12,Cy Ho,Ben Roe\n",
    }
    spec = authorised()
    assert messages(run(spec, files)) == [
        "ncs.csv:3: id HZ-2: accepted_by Ben Roe for level 12, which the criteria reserve to "
        "'General Manager Operations'"
    ]


def test_authorised_reads_a_role_held_at_each_site_as_one_role() -> None:
    files = {
        "training.csv": "low,high,authority\n1,4,Area Supervisor\n5,9,Site Manager\n10,15,VP Operations\n",
        "staff.csv": (
            "name,role,board\n"
            "Gary Pruitt,Site Manager (Pasadena),no\n"
            "Jolene Thibodeaux,Site Manager (Baton Rouge),no\n"
            "Denise Okafor,VP Operations,no\n"
            "Curtis Landry,Area Supervisor,no\n"
        ),
        "ncs.csv": (
            "id,level,owner,accepted_by\n"
            "JHA-1,8,Cy Ho,Gary Pruitt\n"  # either site's manager is the Site Manager
            "JHA-2,6,Cy Ho,Jolene Thibodeaux\n"
            "JHA-3,8,Cy Ho,Curtis Landry\n"
        ),
    }
    assert messages(run(authorised(), files)) == [
        "ncs.csv:4: id JHA-3: accepted_by Curtis Landry for level 8, which the criteria reserve "
        "to 'Site Manager'"
    ]


def test_authorised_reads_a_roles_row_of_risk_owners_as_the_owner_the_band_names() -> None:
    files = {
        "training.csv": "low,high,authority\n1,4,Risk owner\n5,9,CTO\n",
        "staff.csv": (
            "name,role,board\n"
            "Heads of department (see risk register),Risk owners,no\n"
            "Ollie Brennan,CTO,no\n"
        ),
        "ncs.csv": (
            "id,level,owner,accepted_by\n"
            "R-5,4,Marta Kowalczyk,Marta Kowalczyk\n"  # its own owner, in the owner's band
            "R-6,4,Marta Kowalczyk,Hannah Doyle\n"  # not its owner
        ),
    }
    assert messages(run(authorised(owner_says=["risk owner"]), files)) == [
        "ncs.csv:3: id R-6: accepted_by Hannah Doyle for level 4, which the criteria reserve to "
        "'Risk owner'"
    ]


def test_authorised_reads_a_role_in_parentheses_after_a_name_as_that_persons() -> None:
    # "&" inside the parentheses joins two words of one role, not two people
    files = {
        "training.csv": "low,high,authority\n1,9,Risk owner\n10,16,COO\n",
        "staff.csv": "name,role,board\nPriya Raman,COO,no\n",
        "ncs.csv": (
            "id,level,owner,accepted_by\n"
            "R-3,6,Daniel Okafor,Daniel Okafor (Head of Information Security & Compliance)\n"
            "R-19,12,Hannah Lee,Hannah Lee (Engineering Manager & Product Lead)\n"
        ),
    }
    assert messages(run(authorised(owner_says=["risk owner"]), files)) == [
        "ncs.csv:3: id R-19: accepted_by Hannah Lee (Engineering Manager & Product Lead) for "
        "level 12, which the criteria reserve to 'COO'"
    ]


def test_authorised_holds_a_band_no_one_may_accept_and_says_an_authority_it_cannot_read() -> None:
    files = {
        "training.csv": (
            "low,high,authority\n"
            "1,3,le propriétaire du risque\n"
            "4,6,la RSSI\n"  # an article before the role as the roles register names it
            "8,9,la Présidente (ou le CODIR)\n"
            "12,16,non acceptable\n"
        ),
        "staff.csv": (
            "name,role,board\n"
            "Claire Dumas,Présidente,yes\n"
            "Sophie Bernard,RSSI,no\n"
            "Karim Haddad,DPO,no\n"
        ),
        "ncs.csv": (
            "id,level,owner,accepted_by\n"
            "R-1,4,Karim Haddad,Sophie Bernard\n"
            "R-2,9,Karim Haddad,Claire Dumas\n"
            "R-3,12,Karim Haddad,Claire Dumas\n"  # not even top management may accept it
            "R-4,9,Karim Haddad,Sophie Bernard\n"
        ),
    }
    spec = authorised(
        owner_says=["propriétaire du risque"],
        top_says=["Présidente"],
        nobody_says=["non acceptable"],
    )
    assert messages(run(spec, files)) == [
        "ncs.csv:4: id R-3: accepted_by Claire Dumas for level 12, which the criteria allow no "
        "one to accept ('non acceptable')",
        "ncs.csv:5: id R-4: accepted_by Sophie Bernard for level 9, which the criteria reserve to "
        "'la Présidente (ou le CODIR)'",
    ]
    files["training.csv"] = "low,high,authority\n1,6,Head of Security\n8,16,Présidente\n"
    files["ncs.csv"] = "id,level,owner,accepted_by\nR-2,9,Karim Haddad,Claire Dumas\n"
    # a band below every level asked about decides nothing: its authority is not asked
    assert messages(run(spec, files)) == []
    files["ncs.csv"] += "R-5,5,Karim Haddad,Sophie Bernard\n"
    assert messages(run(spec, files)) == [
        "training.csv:2: low 1: authority 'Head of Security' names no role of the Staff "
        "register, nor the owner or top management; write the role as the roles register names it",
        "ncs.csv:3: id R-5: accepted_by Sophie Bernard for level 5, which the criteria reserve to "
        "'Présidente'",
    ]


def test_authorised_lets_a_role_of_a_higher_band_decide_a_lower_one_alone() -> None:
    files = {
        "training.csv": (
            "low,high,authority\n"
            "5,9,Production Manager or Yard Manager\n"
            "10,15,Operations Director with the Managing Director\n"
        ),
        "staff.csv": (
            "name,role,board\n"
            "Declan Brennan,Managing Director,yes\n"
            "Siobhán Kelly,Operations Director,no\n"
            "Tomás Byrne,Production Manager,no\n"
            "Gerard Flynn,Transport & Dispatch Manager,no\n"
        ),
        "ncs.csv": (
            "id,level,owner,accepted_by\n"
            "HZ-1,6,Tomás Byrne,Operations Director\n"  # senior to the band's roles
            "HZ-2,12,Tomás Byrne,Operations Director\n"  # the band asks the MD as well
            "HZ-3,5,Tomás Byrne,Transport & Dispatch Manager\n"  # one role, not two people
        ),
    }
    assert messages(run(authorised(), files)) == [
        "ncs.csv:3: id HZ-2: accepted_by Operations Director for level 12, which the criteria "
        "reserve to 'Operations Director with the Managing Director'",
        "ncs.csv:4: id HZ-3: accepted_by Transport & Dispatch Manager for level 5, which the "
        "criteria reserve to 'Production Manager or Yard Manager'",
    ]


def test_a_register_that_points_to_another_file_takes_it_in_whole() -> None:
    files = {
        "staff.csv": "name,role\nERP,application\nEndpoint fleet,see the Kandji device export\n",
        "ncs.csv": "id,opened,closed\nMBP-001,2026-01-01,\nMBP-002,2026-01-01,\n",
    }
    spec = {
        "references": {
            "evidence": "ncs",
            "column": "id",
            "to": {"evidence": "staff", "column": "name"},
        }
    }
    assert messages(run(spec, files)) != []  # ncs.csv is named by one word of its name only
    TYPES["kandji"] = EvidenceType("kandji", "table", "Devices", ("kandji_device_export.csv",))
    try:
        files["kandji_device_export.csv"] = files.pop("ncs.csv")
        spec["references"]["evidence"] = "kandji"
        assert run(spec, files).ok
        # Saying the file's words is not pointing to it
        files["staff.csv"] = "name,role\nERP,application\nKandji,reviews the device export\n"
        assert len(messages(run(spec, files))) == 2
        # One word of the name that few files' names share points to it; a common one does not
        files["staff.csv"] = "name,role\nPostes de travail,voir Kandji\n"
        assert run(spec, files).ok
        files["staff.csv"] = "name,role\nPostes de travail,voir export\n"
        assert len(messages(run(spec, files))) == 2
    finally:
        del TYPES["kandji"]


def test_cites_current_knows_the_revision_in_force_when_the_record_was_made() -> None:
    files = {
        "staff.csv": (  # the document register
            "name,role,status,withdrawn\n"
            "VA-03,2,current,\n"
            "VA-03,1,obsolete,2026-03-01\n"
            "PP-4711,C,current,\n"  # B and A were never listed: earlier revisions
            "PP-88,B,current,\n"
            "PP-88,A,obsolete,\n"  # withdrawn, on a day not recorded
        ),
        "training.csv": (
            "person,course,date,valid_until\n"
            "J-1,VA-03 Rev. 1,2026-02-10,\n"  # withdrawn only after
            "J-2,VA-03 Rev. 1,2026-04-10,\n"  # withdrawn before: obsolete
            "J-3,VA-03 Version 2,2026-04-10,\n"
            "J-4,PP-4711 (B),2026-04-10,\n"  # earlier than the one in force, not listed
            "J-5,PP-4711 Index D,2026-04-10,\n"  # later than any released
            "J-6,PP-4711,2026-04-10,\n"  # no revision: the one in force
            "J-7,PP-88 A,2026-04-10,\n"
            "J-8,WI-12 rev 9,2026-04-10,\n"  # a document the register does not list
            "J-9,VA-031,2026-04-10,\n"  # another document's number
            "J-10,VA-03 wyd. 2,2026-04-10,\n"  # in Polish: issue 2
            "J-11,VA-03 vydání 1,2026-04-10,\n"  # in Czech: issue 1, withdrawn
        ),
    }
    spec = {
        "cites_current": {
            "evidence": "training",
            "column": "course",
            "date": "date",
            "documents": {
                "evidence": "staff",
                "id": "name",
                "version": "role",
                "in_force": {"status": {"equals": "current"}},
                "withdrawn": "withdrawn",
            },
        }
    }
    assert messages(run(spec, files)) == [
        "training.csv:3: person J-2: course cites 'VA-03 Rev. 1': revision '1' withdrawn on "
        "2026-03-01 (in force: 2)",
        "training.csv:6: person J-5: course cites 'PP-4711 Index D': revision 'D' which the "
        "register does not list (in force: C)",
        "training.csv:12: person J-11: course cites 'VA-03 vydání 1': revision '1' withdrawn on "
        "2026-03-01 (in force: 2)",
    ]


@pytest.mark.parametrize(
    ("written", "version"),
    [
        ("Rev. 03", ("3",)),
        ("wyd. 5", ("5",)),
        ("Wydanie 3", ("3",)),
        ("vydání 2", ("2",)),
        ("Änderungsstand 4", ("4",)),
        ("Issue B", ("b",)),
        ("v2.01", ("2", "1")),
        ("utgåva 2", ("2",)),
        ("Kapitel 3", None),
    ],
)
def test_a_version_is_read_after_its_word_in_the_languages_documents_are_kept_in(
    written: str, version: tuple[str, ...] | None
) -> None:
    from isocheck.conditions import version_of

    assert version_of(written) == version


@pytest.mark.parametrize("score", ["NaN", "nan", "inf", "-Infinity", ".nan", "-.inf"])
def test_a_score_that_is_no_finite_number_never_meets_a_threshold(score: str) -> None:
    files = {"suppliers.yaml": f"suppliers:\n  - {{name: Steelco, score: {score}}}\n"}
    csv_files = {"staff.csv": f"name,role\nAnn,{score}\n"}
    for spec, given in (
        ({"records": {"evidence": "yaml_rows", "require": {"score": {"gte": 3}}}}, files),
        ({"records": {"evidence": "staff", "require": {"role": {"lte": 3}}}}, csv_files),
    ):
        assert not run(spec, given).ok, (spec, score)


def test_items_chosen_once_are_kept_for_the_next_rule_and_each_gets_its_own_result() -> None:
    data = {k: v.encode() for k, v in FILES.items()}
    index = EvidenceIndex(None, HOST.loaders, files=data)
    resolved = {name: index.resolve(TYPES[name], None, {}) for name in TYPES}
    selections: dict[Any, Any] = {}
    where = {"role": {"equals": "welder"}}
    first = CheckContext(AS_OF, resolved.__getitem__, HOST.checks, selections=selections)
    items, result = first.items("staff", where)
    assert [i.fields["name"] for i in items] == ["Ann", "Bob"] and len(selections) == 1
    items.clear()
    result.violations.append(Violation("a violation of the first rule"))
    again = CheckContext(AS_OF, resolved.__getitem__, HOST.checks, selections=selections)
    items, result = again.items("staff", where)
    assert [i.fields["name"] for i in items] == ["Ann", "Bob"] and result.violations == []
    other, _ = again.items("staff", {"role": {"equals": "clerk"}})
    assert [i.fields["name"] for i in other] == ["Cid"] and len(selections) == 2


def test_a_rule_that_can_tell_no_row_it_applies_to_says_so() -> None:
    # The staff register has no column saying who needs a competence: nobody is checked, and
    # the result says why rather than passing in silence.
    spec = {"exists": {"evidence": "staff", "where": {"licensed": {"equals": "yes"}}, "min": 0}}
    result = run(spec)
    assert result.ok
    assert result.notes == [
        "Staff register has no column 'licensed' (staff.csv): no row is taken as meeting a "
        "condition on it; if your register says it in a column of its own, map it in the profile "
        "(evidence: staff: columns: {licensed: 'your column'})"
    ]
    assert (
        run(
            {"exists": {"evidence": "staff", "where": {"role": {"equals": "pilot"}}, "min": 0}}
        ).notes
        == []
    )


def test_a_context_records_what_checks_ask_of_the_pack_and_which_answer_alike() -> None:
    from isocheck.checks import answered_alike
    from isocheck.meaning import PhraseTable

    table = PhraseTable({"policy": ["quality policy"]})
    ctx = CheckContext(AS_OF, {}.__getitem__, HOST.checks, table, ["4", "5"], ["8.3"])
    assert ctx.asked == {}
    assert ctx.phrases("policy") == ("quality policy",)
    assert ctx.excluded == ("8.3",)
    asked = dict(ctx.asked)
    assert set(asked) == {("phrases", "policy"), ("excluded",)}
    assert answered_alike(asked, table, ["4"], ["8.3"])  # the clauses were not asked
    assert not answered_alike(asked, table, ["4", "5"], [])
    other = PhraseTable({"policy": ["energy policy"]})
    assert not answered_alike(asked, other, ["4", "5"], ["8.3"])


def test_what_checks_work_out_from_chosen_items_is_kept_for_the_next_rule() -> None:
    data = {k: v.encode() for k, v in FILES.items()}
    index = EvidenceIndex(None, HOST.loaders, files=data)
    resolved = {name: index.resolve(TYPES[name], None, {}) for name in TYPES}
    selections: dict[Any, Any] = {}
    made: list[str] = []

    def names(ctx: CheckContext, where: dict[str, Any] | None) -> set[str]:
        items, _ = ctx.items("staff", where)

        def make() -> set[str]:
            made.append(repr(where))
            return {i.fields["name"] for i in items}

        return ctx.kept("staff", where, ("names", "name"), make)

    welders = {"role": {"equals": "welder"}}
    first = CheckContext(AS_OF, resolved.__getitem__, HOST.checks, selections=selections)
    again = CheckContext(AS_OF, resolved.__getitem__, HOST.checks, selections=selections)
    assert names(first, welders) == names(again, welders) == {"Ann", "Bob"}
    assert names(again, None) == {"Ann", "Bob", "Cid"} and again.touched == {"staff"}
    assert len(made) == 2
    alone = CheckContext(AS_OF, resolved.__getitem__, HOST.checks)  # nothing kept without
    assert names(alone, welders) == {"Ann", "Bob"} and len(made) == 3


@given_examples(
    st.text(alphabet="ab _-.1éß\u0660", max_size=12),
    st.text(alphabet="ab _-.1éß\u0660", min_size=1, max_size=4),
)
def test_a_name_is_found_as_whole_words_as_the_pattern_finds_it(text: str, name: str) -> None:
    import re

    from isocheck.checks.relations import _says_whole

    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    assert _says_whole(text, name) == bool(pattern.search(text))


# Every member of staff is named in the training records
STAFF_IN_TRAINING: dict[str, Any] = {
    "references": {
        "evidence": "staff",
        "column": "name",
        "to": {"evidence": "training", "column": "person"},
    }
}


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Dr Jane Smith", True),
        ("Dr. Jane Smith", True),
        ("Prof. Dr. Jane Smith", True),
        ("Ms Jane Smith", True),
        ("Jane Smith MSc CMIOSH", True),
        ("Smith, Jane, PhD", True),
        ("Jane A. Smith", True),
        ("J. Smith", True),  # one name known has that initial and surname
        ("jsmith@example.com", True),  # an address of the initial and surname run together
        ("jsmith", True),  # a login so written
        ("JSmith Ltd", False),  # a word, not a login
        ("tsmythe@example.com", True),
        ("ksmith@example.com", False),
        ("Smith J.", True),
        ("Jane Smith-Jones", False),  # another surname
        ("K. Smith", False),
        ("DR Jane Smith", False),  # capitals: an acronym, not a title
    ],
)
def test_a_person_is_found_whatever_title_letters_or_initials_surround_the_name(
    written: str, found: bool
) -> None:
    spec = STAFF_IN_TRAINING
    files = {
        "staff.csv": f'name,role\n"{written}",x\n',
        "training.csv": (
            "person,course,date,valid_until\nJane Smith,c,2026-01-01,\nTom Smythe,c,2026-01-01,\n"
        ),
    }
    assert (messages(run(spec, files)) == []) is found


def test_an_address_two_known_names_could_give_names_neither() -> None:
    files = {
        "staff.csv": "name,role\njsmith@example.com,x\n",
        "training.csv": (
            "person,course,date,valid_until\nJane Smith,c,2026-01-01,\nJohn Smith,c,2026-01-01,\n"
        ),
    }
    assert messages(run(STAFF_IN_TRAINING, files)) != []


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Dipl.-Ing. Klaus Berger", "klaus berger"),
        ("Dott.ssa Elena Rovedatti", "elena rovedatti"),
        ("Ir. Joost de Vries", "joost de vries"),
        ("DR Test Plan", "dr test plan"),  # disaster recovery
        ("MS Teams", "ms teams"),
        ("Hall A Cooling", "hall a cooling"),  # no dot: a hall's letter, not an initial
        ("Rev. 3 Manual", "rev. 3 manual"),
        ("Line II", "line ii"),
        # a title of Spanish or Polish usage, a role signed after a comma or a dash
        ("Lic. Fernando Herrera Cantú, Director General", "fernando herrera cantu"),
        ("Q.F.B. Patricia Mendoza Aguilar", "patricia mendoza aguilar"),  # dotted capitals
        ("DR Smith Jones", "dr smith jones"),  # undotted capitals: an acronym, not a title
        ("mgr inż. Anna Nowak", "anna nowak"),
        # Austrian titles: in capitals, and with the kind of school after them
        ("DI Florian Wallner", "florian wallner"),
        ("Mag. (FH) Sabine Pichler", "sabine pichler"),
        ("Ing. (HTL) Thomas Reisinger", "thomas reisinger"),
        # Czech titles before and after the name
        ("MUDr. Alena Křenková", "alena krenkova"),
        ("Bc. Jan Novák", "jan novak"),
        ("Ing. Jan Král, CSc.", "jan kral"),
        ("BC Security team", "bc security team"),  # in capitals: an acronym
        ("Labor (FH) Wels", "labor (fh) wels"),  # not after a title: as written
        ("Antoine MERCERON, Responsable bureau d'études", "antoine merceron"),
        ("Helen Carter - Managing Director", "helen carter"),
        ("Ferrer Albiol, Vicente", "vicente ferrer albiol"),  # surname first: no role
        ("Supplier audit, Leeds", "leeds supplier audit"),  # no role word: as before
    ],
)
def test_only_a_persons_decorations_are_set_aside(value: str, key: str) -> None:
    from isocheck.names import reference_key

    assert reference_key(value) == key


def test_a_name_followed_by_its_role_after_a_comma_names_the_person() -> None:
    spec = STAFF_IN_TRAINING
    files = {
        "staff.csv": 'name,role\n"Jane Smith, Managing Director",x\n"Tom Roe, HSEQ Manager",x\n',
        "training.csv": "person,course,date,valid_until\nJane Smith,c,2026-01-01,\n",
    }
    assert messages(run(spec, files)) == [
        "staff.csv:3: name Tom Roe, HSEQ Manager: name 'Tom Roe, HSEQ Manager' not found in "
        "Training records column 'person'"
    ]


def test_minutes_are_read_without_the_items_they_record_as_not_discussed() -> None:
    from isocheck.checks.documents import _discussed

    minutes = (
        "## 5. Feedback\nCustomer satisfaction 7.9.\n"
        "## 6. Risk assessment and risk treatment\n"
        "Niet behandeld wegens tijdgebrek; doorgeschoven naar een volgend overleg.\n"
        "## 7. Decisions\nBudget approved.\n"
        "**8. Audit results:** Not discussed (time), postponed to the next meeting.\n"
        "**9. Resources:** adequate; the items not discussed in 2025 are closed.\n"
    )
    assert _discussed(minutes) == (
        "## 5. Feedback\nCustomer satisfaction 7.9.\n"
        "## 7. Decisions\nBudget approved.\n"
        "**9. Resources:** adequate; the items not discussed in 2025 are closed.\n"
    )
    # a part that says more than that it was not discussed stays, and so does a status of
    # actions some of which were put off
    kept = "## 6. Risks\nPostponed: the review of R-04.\nR-01 to R-03 reviewed, effective.\n"
    assert _discussed(kept) == kept
    actions = (
        "**1. Actions from the last review:** deferred: 2; postponed to Q1: the ERP; 5 closed\n"
    )
    assert _discussed(actions) == actions
    assert _discussed("No heading at all.\n") == "No heading at all.\n"


def test_a_label_heading_a_paragraph_is_a_heading_to_contains() -> None:
    from isocheck.checks.documents import labels

    text = (
        "# Manual\n\n**Requirement not applicable:** ISO 9001 8.3, because ...\n"
        "- __Method__ rated L x S\nSignificance criteria:\nA sentence: with a colon inside it.\n"
        "| cell: | x |\n"
    )
    assert list(labels(text)) == ["Requirement not applicable", "Method", "Significance criteria"]
    # a bold label naming several inputs of a review at once, as long as a line of them
    long = (
        "**9. Monitoring and measurement results, environmental performance and WHS "
        "performance:** dust, noise and basin discharge within criteria\n"
    )
    assert list(labels(long)) == [
        "9. Monitoring and measurement results, environmental performance and WHS performance"
    ]
    # a short label leading a list item is one; a colon inside a sentence is none
    assert list(labels("4. Remote working: company device only\nA sentence: with words\n")) == [
        "Remote working"
    ]
    # a list item's label of up to nine words, numbers among them, after its own letter
    minutes = (
        "- Requisitos legales y otros requisitos: proyecto de NOM-002\n"
        "- d.3) Resultados de la evaluación del cumplimiento legal 2026: 49 requisitos\n"
        "- We decided that the plan was fine and that nothing else mattered: ok\n"
    )
    assert list(labels(minutes)) == [
        "Requisitos legales y otros requisitos",
        "Resultados de la evaluación del cumplimiento legal 2026",
    ]
    # several inputs of a review in one label, between commas, semicolons or "&"
    inputs = (
        "- Significant environmental aspects; environmental performance: TIW -7%\n"
        "- Extent to which quality, environmental and OH&S objectives have been met: 9 of 10\n"
    )
    assert list(labels(inputs)) == [
        "Significant environmental aspects; environmental performance",
        "Extent to which quality, environmental and OH&S objectives have been met",
    ]
    # a label in bold that goes on in bold before its colon: each part in bold heads the item;
    # bold after the colon is the matter's, not its label's
    going_on = (
        "3. **Needs and expectations of interested parties**, including **compliance "
        "obligations** (legal and other requirements): a customer asks for a carbon footprint\n"
        "4. **Significant aspects**: no change, **13** significant\n"
        "5. **Exclusions:** none, as **annex B** says: all apply\n"
    )
    assert list(labels(going_on)) == [
        "Needs and expectations of interested parties",
        "compliance obligations",
        "Significant aspects",
        "Exclusions",
    ]
    # Chinese and Japanese minutes write a colon of their own, with no space after it
    cjk = "- 合规义务的变化：GB 18597-2023实施\n外部因素：\n"
    assert list(labels(cjk)) == ["合规义务的变化", "外部因素"]
    files = {
        "docs/pro.md": "---\nid: PRO-1\n---\n# Procedure\n\n**Exclusions:** none.\n",
        "staff.csv": "name,role\n",
    }
    assert run({"contains": {"evidence": "doc", "headings": ["exclusions"]}}, files).ok


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Manual Handling (QQI) - 3 yr", "manual handling"),
        ("Safe Pass - 4 yr", "safe pass"),
        ("First aid (3 yrs)", "first aid"),
        ("Forklift – 3 years", "forklift"),
        ("ISO 9001 - 2015", "iso 9001 - 2015"),  # a year, not a period
        ("Line 3", "line 3"),
    ],
)
def test_a_competence_named_with_how_often_it_is_renewed_is_the_competence(
    value: str, key: str
) -> None:
    from isocheck.names import reference_key

    assert reference_key(value) == key


def test_contains_in_one_is_said_by_one_of_the_items() -> None:
    other = DOC.replace("id: PRO-1", "id: PRO-2").replace("Customer feedback", "Supplier data")
    files = {"docs/pro.md": DOC, "docs/pro2.md": other}
    spec: dict[str, Any] = {
        "contains": {"evidence": "doc", "text": ["customer feedback"], "in_one": True}
    }
    assert run(spec, files).ok
    spec["contains"]["in_one"] = False  # each must say it: PRO-2 does not
    assert messages(run(spec, files)) == [
        "docs/pro2.md: id PRO-2: missing text 'customer feedback'"
    ]
    files["docs/pro.md"] = other.replace("PRO-2", "PRO-1")
    spec["contains"]["in_one"] = True
    assert messages(run(spec, files)) == ["none of the 2 Procedure says 'customer feedback'"]


@pytest.mark.parametrize(
    ("cell", "standard", "clauses"),
    [
        # an integrated programme's cell: the clauses after each standard's number are its own
        ("27001 4-6, 8.2-8.3; 50001 4-6.2", "iso27001-2022", ["4", "5", "6", "8.2", "8.3"]),
        ("27001 4-6, 8.2-8.3; 50001 4-6.2", "iso50001-2018", ["4", "5", "6.1", "6.2"]),
        ("ISO 9001:2015 7.5; ISO 14001 6.1", "iso9001-2015", ["7.5"]),
        ("8.1; ISO 14001 6.1", "iso9001-2015", ["8.1"]),  # before any standard: everyone's
        ("7.5 (audit 2026-03)", "iso9001-2015", ["7.5"]),  # a year names none; a remark aside
        ("see WI-1234; 8.6", "iso9001-2015", ["see WI-1234", "8.6"]),  # a document's number
        ("ISO9001 7.5; ISO 14001 6.1", "iso9001-2015", ["7.5"]),
        ("27001 7", "", ["27001 7"]),  # no standard asked: the cell as it is
        # a colon after the number, a slash between the standards, as a programme writes them
        ("9001: 7.1.5, 8.7 / 45001: 5.4, 8.1.2", "iso9001-2015", ["7.1.5", "8.7"]),
        ("9001: 7.1.5, 8.7 / 45001: 5.4, 8.1.2", "iso45001-2018", ["5.4", "8.1.2"]),
        ("7.1/7.2 | 8.5", "", ["7.1", "7.2", "8.5"]),
        ("4 t/m 6", "", ["4", "5", "6"]),  # Dutch "tot en met" is a range, not two parts
        ("A.5.1〜A.5.3", "", ["A.5.1", "A.5.2", "A.5.3"]),  # a Japanese range
        # from a subclause of one clause to one of a later clause, a remark after it
        ("4.3〜6.2 (ISMS要求事項)", "", [*(f"4.{n}" for n in range(3, 21)), "5", "6.1", "6.2"]),
    ],
)
def test_a_cell_of_clauses_names_each_standards_own(
    cell: str, standard: str, clauses: list[str]
) -> None:
    from isocheck.checks.relations import _clause_list

    assert _clause_list([cell], standard) == clauses


@given_examples(
    st.one_of(
        st.none(),
        st.text(alphabet=" ;,ab\t\n", max_size=12),
        st.lists(st.text(alphabet=" ab", max_size=3), max_size=3),
        st.dates(),
        st.integers(),
    ),
    st.sampled_from([None, "", ";", ","]),
)
def test_a_columns_values_are_its_cells_parts_stripped_of_blanks(
    cell: Any, separator: str | None
) -> None:
    from isocheck.checks import values_of
    from isocheck.evidence import Item
    from isocheck.model import EvidenceRef

    if cell is None:
        expected: list[str] = []
    elif isinstance(cell, list):
        expected = [v.strip() for v in cell if v.strip()]
    elif isinstance(cell, dt.date):
        expected = [cell.isoformat()]
    else:
        # a list the pack separates with commas may be written with semicolons (not the
        # reverse: a semicolon list keeps its commas, "Howard, Alice; Ryan, Amy")
        text = str(cell).replace(";", ",") if separator == "," and isinstance(cell, str) else cell
        parts = str(text).split(separator) if separator else [str(text)]
        expected = [p.strip() for p in parts if p.strip()]
    assert values_of(Item({"c": cell}, EvidenceRef("r.csv")), "c", separator) == expected


@pytest.mark.parametrize(
    ("cell", "named"),
    [
        ("1 (AFV-2026-02)", ["AFV-2026-02"]),  # a count, then what it counts
        ("2 (NC-7, NC-9)", ["NC-7", "NC-9"]),
        ("1 minor (EV-2026-0012)", ["EV-2026-0012"]),  # words for what it counts
        ("2 minor NCs (NC-7; NC-9)", ["NC-7", "NC-9"]),
        ("0", []),  # a count of none names nothing
        ("None", []),  # nor does an answer of none
        ("keine", []),
        ("1件（NC-2026-02）", ["NC-2026-02"]),  # a Japanese counter, parentheses of full width
        ("0件", []),
        ("1 ข้อ (CAR-2026-04)", ["CAR-2026-04"]),  # a Thai counter, its vowel and tone marks
        ("0 ข้อ", []),
        ("ไม่มี", []),  # Thai: none
        ("0 NCs", []),
        ("Nenustatyta", []),  # Lithuanian: none found
        ("NC-7 (closed)", ["NC-7 (closed)"]),  # a remark after a reference stays the reference's
        ("10", ["10"]),
    ],
)
def test_a_reference_cell_that_counts_what_it_names(cell: str, named: list[str]) -> None:
    from isocheck.checks.relations import _counted

    assert _counted(cell) == named


def test_a_target_condition_may_take_the_referring_items_date_moved_by_days() -> None:
    from isocheck.checks.relations import _filled
    from isocheck.evidence import Item
    from isocheck.model import EvidenceRef

    item = Item({"test_date": "2026-09-01", "system": "KYC"}, EvidenceRef("t.csv"))
    where = {"test_date": {"after": "from:test_date", "on_or_before": "from:test_date+30d"}}
    assert _filled(where, item) == {
        "test_date": {"after": "2026-09-01", "on_or_before": "2026-10-01"}
    }
    assert _filled("from:test_date-7d", item) == "2026-08-25"
    assert _filled("from:system+7d", item) == "\x00nothing"  # no date to move: names nothing


def test_a_documents_head_lines_say_nothing_of_what_it_considered() -> None:
    minutes = (
        "# Managementbewertung 2026\n\n**Datum:** 27.10.2026\n"
        "**Teilnehmende:** Martin Kessler, Jana Vogel (Interne Auditorin)\n\n"
        "## Eingaben\n\n1. Status von Maßnahmen: erledigt.\n{more}"
    )
    spec = {"contains": {"evidence": "doc", "text": ["internal audit"]}}
    files = dict(FILES, **{"docs/pro.md": minutes.format(more="")})
    assert messages(run(spec, files)) == [
        "docs/pro.md: Datum 27.10.2026: missing text 'internal audit'"
    ]
    files["docs/pro.md"] = minutes.format(more="2. Interne Audits: drei Nebenabweichungen.\n")
    assert run(spec, files).ok


ASPECTS = (
    "name,score,significant,legal\n"
    "Paint solvent,24,yes,no\n"
    "Sawdust,18,yes,no\n"
    "Packaging,12,yes,yes\n"  # significant for its legal requirement, below the register's own
    "Office paper,6,no,no\n"
)


@pytest.mark.parametrize(
    ("register", "threshold", "out_of_step"),
    [
        (ASPECTS, "auto", []),
        # a score as high as one the register rates significant, not rated so
        (ASPECTS + "Glue,20,no,no\n", "auto", ["Glue"]),
        # a threshold the profile sets holds the register to it
        (ASPECTS, 10, []),
        (ASPECTS + "Glue,11,no,no\n", 10, ["Glue"]),
        # nothing rated for its score alone: no criterion of its own to hold it to
        ("name,score,significant,legal\nPackaging,12,yes,yes\nGlue,20,no,no\n", "auto", []),
        # one rated far below the others for a reason the register does not record (a permit
        # limit) does not become the criterion: the register rates from 18 on
        (
            ASPECTS + "Oil separator,8,yes,no\nDust,15,no,no\nNoise,12,no,no\nFuel,9,no,no\n",
            "auto",
            [],
        ),
        (
            ASPECTS + "Oil separator,8,yes,no\nDust,15,no,no\nNoise,12,no,no\nBitumen,18,no,no\n",
            "auto",
            ["Bitumen"],
        ),
        # ratings no score explains (three of nine out of step at best): the register rates on
        # something else, and no score is its criterion
        (
            ASPECTS
            + "Dust,20,no,no\nGlue,19,no,no\nBark,21,no,no\nOil,10,yes,no\nFuel,14,yes,no\n",
            "auto",
            [],
        ),
    ],
)
def test_rated_as_scored(register: str, threshold: object, out_of_step: list[str]) -> None:
    spec = {
        "rated_as_scored": {
            "evidence": "staff",
            "score": "score",
            "rated": {"significant": {"equals": "yes"}},
            "unless": {"legal": {"equals": "yes"}},
            "threshold": threshold,
        }
    }
    result = run(spec, {**FILES, "staff.csv": register})
    assert [m.split(":")[2].strip().removeprefix("name ") for m in messages(result)] == out_of_step


def test_closed_within_says_nothing_of_a_register_with_no_column_for_closing() -> None:
    # a complaints log that keeps no response date: open or answered, it cannot say
    register = "id,opened\nC-1,2025-01-09\nC-2,2026-10-30\n"
    spec = {
        "closed_within": {"evidence": "ncs", "opened": "opened", "closed": "closed", "days": 10}
    }
    assert messages(run(spec, {**FILES, "ncs.csv": register})) == []
    # the column kept and left empty is an open item, as before
    kept = "id,opened,closed\nC-1,2025-01-09,\n"
    assert len(run(spec, {**FILES, "ncs.csv": kept}).violations) == 1


def test_a_list_of_names_joined_by_and_in_another_language_names_each() -> None:
    spec = STAFF_IN_TRAINING
    files = {
        "staff.csv": 'name,role\n"Dennis Kok en Lotte de Graaf",x\n"Jane Smith y Tom Roe",x\n',
        "training.csv": (
            "person,course,date,valid_until\nDennis Kok,c,2026-01-01,\nLotte de Graaf,c,2026-01-01,\n"
            "Jane Smith,c,2026-01-01,\n"
        ),
    }
    # every one of them must be known: Tom Roe is not
    assert messages(run(spec, files)) == [
        "staff.csv:3: name Jane Smith y Tom Roe: name 'Jane Smith y Tom Roe' not found in "
        "Training records column 'person'"
    ]


DRILLS_ON_SCHEDULE: dict[str, Any] = {
    "covers": {
        "evidence": "training",
        "column": "person",
        "of": {"evidence": "staff", "column": "name"},
        "period_field": "date",
        "period_days": 365,
        "planned_field": "planned",
    }
}


def test_covers_takes_a_value_held_and_next_planned_on_its_own_schedule() -> None:
    files = {
        "staff.csv": "name,role\nGas leak,x\nFire,x\nSpill,x\n",
        "training.csv": (
            "person,date,planned\n"
            "Gas leak,2025-09-30,2025-09-30\n"
            "Gas leak,,2027-09-28\n"  # every two years, the next one planned
            "Fire,2025-06-24,2025-06-24\n"
            "Fire,,2026-06-23\n"  # postponed: its plan has passed
            "Spill,2025-05-02,2025-05-02\n"
            "Spill,,sometime next year\n"  # a plan that is no date is said, and no plan
        ),
    }
    assert messages(run(DRILLS_ON_SCHEDULE, files)) == [
        "training.csv:7: person Spill: planned: 'sometime next year' is not a date; write the "
        "date, as YYYY-MM-DD or in the format the profile gives for this evidence",
        "Training records column 'person' within the last 365 days does not cover: Fire, Spill",
    ]


@pytest.mark.parametrize(
    ("part", "not_done"),
    [
        ("| Activity | Result |\n|---|---|\n| Validation (pilot) | N/A - pilot not run |\n", True),
        (
            "| Activity | Result |\n|---|---|\n| Validation (pilot) | Pilot delivered 21/04/2026 |\n",
            False,
        ),
        ("Not carried out this year.\n", True),
        ("Nicht durchgeführt (kein Prototyp).\n", True),
        ("Validated on the pilot site in March.\n", False),
        ("N/A\n\nCustomer field trial of 20 units passed.\n", False),  # one line says it was
        ("", False),  # an empty part is the heading's matter, not this one's
    ],
)
def test_a_part_saying_its_matter_was_not_done(part: str, not_done: bool) -> None:
    assert _not_done(part) is not_done


@pytest.mark.parametrize(
    ("authority", "accepted"),
    [
        # roles listed with commas: any one of them decides
        ("Produktionschef, Underhållschef", True),
        ("Produktionschef eller Underhållschef", True),
        # the parties of a joint decision: both must take part
        ("Produktionschef och Underhållschef", False),
        ("Produktionschef + Underhållschef", False),
    ],
)
def test_authorised_reads_a_list_of_roles_as_alternatives_unless_it_joins_them(
    authority: str, accepted: bool
) -> None:
    files = {
        "training.csv": f'low,high,authority\n1,4,Risk owner\n5,9,"{authority}"\n',
        "staff.csv": (
            "name,role,board\n"
            "Eva Sandberg,Produktionschef,no\n"
            "Mikael Burström,Underhållschef,no\n"
            "Lars Nyström,VD,yes\n"
        ),
        "ncs.csv": "id,level,owner,accepted_by\nH-22,5,Mikael Burström,Mikael Burström\n",
    }
    spec = authorised(owner_says=["risk owner"], top_says=["vd"])
    assert (messages(run(spec, files)) == []) is accepted


def test_a_cell_is_split_on_its_separator_outside_parentheses() -> None:
    from isocheck.checks import split_outside

    assert split_outside("Executive Board (EB minute 26/031)", "/") == [
        "Executive Board (EB minute 26/031)"
    ]
    assert split_outside("Ann Roe / Bo Li (CISO, 2026/03)", "/") == [
        "Ann Roe ",
        " Bo Li (CISO, 2026/03)",
    ]
    assert split_outside("A (x; y); B", ";") == ["A (x; y)", " B"]


@pytest.mark.parametrize(
    ("cell", "people"),
    [
        ("Priya d/o Selvaraj", ["Priya d/o Selvaraj"]),  # "daughter of": one name
        ("Rajesh Kumar s/o Ramasamy / Tan Ah Kow", ["Rajesh Kumar s/o Ramasamy", "Tan Ah Kow"]),
        ("Ann Roe/Bo Li", ["Ann Roe", "Bo Li"]),
        ("Ann Roe; Bo Li", ["Ann Roe", "Bo Li"]),
    ],
)
def test_the_people_of_a_joint_decision_and_a_name_with_son_or_daughter_of(
    cell: str, people: list[str]
) -> None:
    from isocheck.checks.authority import _people

    assert [p.strip() for p in _people(cell)] == people


@pytest.mark.parametrize(
    ("cell", "places"),
    [
        ("Allenwood; Carrigtwohill", ("allenwood", "carrigtwohill")),
        ("Both", None),  # every place
        ("All sites", None),
        ("Alle locaties", None),
        ("", None),
        # a class of places is no place of its own: its members are not listed
        ("Alle sjølokaliteter og fartøy", ("fartøy",)),
        ("All projects and Yatala Depot", ("yatala depot",)),
    ],
)
def test_the_places_a_scenario_names(cell: str, places: tuple[str, ...] | None) -> None:
    from isocheck.checks.relations import _places_in

    assert _places_in(cell) == places


@pytest.mark.parametrize(
    ("site", "frequency", "each"),
    [
        ("Both", "annual", True),
        ("All sites", "annual per site", True),
        ("Alle Standorte", "jährlich je Standort", True),
        ("All sites", "annual", False),  # drilled once a year, somewhere
        ("All sites", "once per year", False),
        ("All sites", "every other year", False),
        ("All sites", "once per annum", False),
        ("Alle locaties", "Jaarlijks", False),
    ],
)
def test_a_scenario_of_every_place_is_drilled_at_each_where_its_plan_says_so(
    site: str, frequency: str, each: bool
) -> None:
    from isocheck.checks.relations import _each_place
    from isocheck.evidence import EvidenceRef, Item

    item = Item({"site": site, "frequency": frequency}, EvidenceRef("s.csv", 2, ""))
    assert _each_place(item, "site", "frequency") is each


def test_a_clause_the_pack_does_not_divide_is_covered_by_the_organization_s_finer_numbers() -> None:
    """ISO 50001's 9.2 has no subclauses in its pack; a programme auditing "9.2.1; 9.2.2" (the
    organization's numbering) audits it. A clause the pack divides still needs every part."""
    pack = ["9.1", "9.1.1", "9.1.2", "9.2", "9.3", "7.1", "7.1.1", "7.1.2"]
    covered = _clause_cover({"9.2.1", "9.2.2", "9.1.1", "7.1.1"}, pack)
    assert covered("9.2")
    assert not covered("9.1")  # divided by the pack: 9.1.2 is not audited
    assert not covered("7.1")
    assert not covered("9.3")


def test_a_heading_of_exclusions_naming_annex_controls_declares_no_requirement_excluded() -> None:
    spec = {"justified": {"evidence": "doc", "declares": ["Exclusions"], "reasons": ["because"]}}
    scope = DOC.replace(
        "## Outputs", "## Exclusions of Annex A controls\nA.8.30 excluded.\n\n## Outputs"
    )
    assert messages(run(spec, {"docs/pro.md": scope})) == []
    # a requirement's number beside it is an exclusion the document does not list
    named = scope.replace("A.8.30 excluded.", "8.3 and A.8.30 excluded.")
    assert messages(run(spec, {"docs/pro.md": named})) != []
    # a long run of digits and dots in that section is read in a step per character: this
    # returns at once (read with backtracking into it, it would run for hours)
    run_on = scope.replace("A.8.30 excluded.", "A.8.30 excluded; " + "1." * 1_000_000 + "1a1")
    assert messages(run(spec, {"docs/pro.md": run_on})) == []


def test_excludes_names_the_records_it_looked_in_as_the_pack_calls_them() -> None:
    spec: dict[str, Any] = {
        "excludes": {
            "evidence": "training",
            "column": "person",
            "of": {"evidence": "staff", "column": "name", "where": {"role": {"equals": "welder"}}},
        }
    }
    assert messages(run(spec)) == [
        "training.csv:2: person Ann: person 'Ann' is in Staff register column 'name' where role "
        "is 'welder'",
        "training.csv:3: person Bob: person 'Bob' is in Staff register column 'name' where role "
        "is 'welder'",
    ]
    spec["excludes"]["of"]["records"] = "welders"
    assert messages(run(spec))[0] == (
        "training.csv:2: person Ann: person 'Ann' is in Staff register column 'name' (welders)"
    )
