"""Recognising a nonconformity in a later run: by its rule and what is at fault, not by lines."""

from __future__ import annotations

from typing import Any

from isocheck.baseline import Baseline, Known, diff, fault_key, faults_of
from isocheck.model import Finding


def test_a_row_is_known_by_its_file_and_item_not_its_line_or_its_numbers() -> None:
    assert fault_key("instrument G-02: next_due 2026-03-01 is before the as-of date", "c.csv") == (
        "c.csv",
        "instrument G-02",
    )
    # No item named: the words without the numbers that change with the as-of date
    assert fault_key("next_review 2026-09-30 is 32 days before the as-of date", "p.md") == (
        "p.md",
        "next_review #-#-# is # days before the as-of date",
    )
    assert fault_key("no management review within 365 days", None) == (
        "",
        "no management review within # days",
    )


def test_a_document_without_faults_is_read_from_its_details() -> None:
    written_before: dict[str, Any] = {
        "details": [
            "people/staff.csv:10: name Megan Doyle: role 'CNC Machinist' needs 'CNC machining'",
            "policy/quality-policy.md: approved_by Quality Manager: not top management",
            "no register of competence in the evidence folder",
        ]
    }
    assert faults_of(written_before) == {
        ("people/staff.csv", "name Megan Doyle"),
        ("policy/quality-policy.md", "approved_by Quality Manager"),
        ("", "no register of competence in the evidence folder"),
    }


def finding(severity: str, *faults: tuple[str, str], outcome: str = "nonconform") -> Finding:
    return Finding(
        standard="iso9001-2015",
        pack="iso9001-2015",
        rule="QMS-7.1.5-01",
        clauses=("7.1.5",),
        title="Instruments are calibrated",
        severity=severity,  # type: ignore[arg-type]
        stage=2,
        outcome=outcome,  # type: ignore[arg-type]
        message="overdue",
        faults=faults,
    )


G02 = ("c.csv", "instrument G-02")
G04 = ("c.csv", "instrument G-04")


def test_status_against_a_baseline() -> None:
    baseline = Baseline(
        "old.json", "0" * 64, {("iso9001-2015", "QMS-7.1.5-01"): Known("minor", frozenset({G02}))}
    )
    assert baseline.status(finding("minor", G02)) == "recurring"
    assert baseline.status(finding("minor", G02, G04)) == "new"
    assert baseline.status(finding("major", G02)) == "regraded"
    assert baseline.status(finding("observation", G02)) == "regraded down"
    assert baseline.status(finding("minor", outcome="conform")) is None
    assert Baseline("old.json", "0" * 64, {}).status(finding("minor", G02)) == "new"


def document(*findings: dict[str, Any]) -> dict[str, Any]:
    return {"findings": list(findings)}


def nc(rule: str, severity: str, *faults: tuple[str, str]) -> dict[str, Any]:
    return {
        "standard": "iso9001-2015",
        "rule": rule,
        "clauses": ["7.1.5"],
        "title": rule,
        "severity": severity,
        "outcome": "nonconform",
        "message": "m",
        "number": None,
        "faults": [{"path": p, "item": i} for p, i in faults],
    }


def test_diff_sorts_each_nonconformity_once() -> None:
    old = document(nc("A", "minor", G02), nc("B", "minor", G02), nc("C", "minor", G02))
    new = document(nc("A", "minor", G02), nc("B", "major", G02), nc("D", "minor", G04))
    changes = diff(old, new, "old.json", "new.json")
    assert [c.rule for c in changes.new_ncs] == ["D"]
    assert [c.rule for c in changes.closed] == ["C"]
    assert [c.rule for c in changes.recurring] == ["A"]
    assert [(c.rule, c.was, c.severity) for c in changes.regraded] == [("B", "minor", "major")]
    grown = diff(old, document(nc("A", "minor", G02, G04)), "old.json", "new.json")
    assert [(c.rule, c.added) for c in grown.new_ncs] == [("A", [G04])]
