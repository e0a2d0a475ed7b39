"""The auditor's vocabulary (`isocheck.model`): clause order, the evidence a rule reads, references,
and findings that travel as builtin types (between xdist workers, into JSON) and come back equal."""

from __future__ import annotations

import dataclasses
import json
import random
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isocheck.model import (
    OUTCOMES,
    SEVERITIES,
    CheckSpec,
    Clause,
    EvidenceRef,
    Finding,
    Outcome,
    Rule,
    RulePack,
    Severity,
    SourceRef,
    clause_sort_key,
    evidence_names,
)

# --- clause order ---------------------------------------------------------------------------------

DOCUMENT_ORDER = ["4.1", "4.2", "7.1", "7.1.5", "7.1.5.1", "7.2", "9.2", "10.2", "A.5.1", "A.5.15"]


def test_clauses_sort_in_document_order() -> None:
    shuffled = DOCUMENT_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=clause_sort_key) == DOCUMENT_ORDER


def test_a_part_that_is_not_a_number_sorts_after_the_numbers_at_its_level() -> None:
    clauses = ["9", "8.a", "8.10", "8.2", "8"]
    assert sorted(clauses, key=clause_sort_key) == ["8", "8.2", "8.10", "8.a", "9"]


numbers = st.lists(st.integers(0, 120), min_size=1, max_size=5)


@given(st.lists(st.tuples(st.booleans(), numbers), max_size=12))
def test_numbered_clauses_sort_by_their_numbers_with_the_annex_last(
    clauses: list[tuple[bool, list[int]]],
) -> None:
    ids = [("A." if annex else "") + ".".join(map(str, parts)) for annex, parts in clauses]
    expected = [
        ("A." if annex else "") + ".".join(map(str, parts)) for annex, parts in sorted(clauses)
    ]
    assert sorted(ids, key=clause_sort_key) == expected


@given(numbers, st.integers(0, 120), st.text("abcxyz", min_size=1, max_size=3))
def test_a_word_sorts_after_every_number_at_its_level_and_before_the_next_clause(
    prefix: list[int], number: int, word: str
) -> None:
    base = ".".join(map(str, prefix))
    following = ".".join(map(str, [*prefix[:-1], prefix[-1] + 1]))
    assert clause_sort_key(f"{base}.{number}") < clause_sort_key(f"{base}.{word}")
    assert clause_sort_key(f"{base}.{word}") < clause_sort_key(following)


# --- the evidence a rule reads --------------------------------------------------------------------


def test_evidence_names_are_every_evidence_value_in_order_of_first_use() -> None:
    params = [
        {"approved": {"evidence": "policy"}},
        {
            "all_of": [
                {"exists": {"evidence": "audits"}},
                {"not": {"exists": {"evidence": "policy"}}},
            ]
        },
        {"relation": {"evidence": "training", "to": {"evidence": "staff"}}},
        {"text": "evidence", "evidence": ["not", "a", "name"], "other": {"evidence": 3}},
    ]
    assert evidence_names(params) == ("policy", "audits", "training", "staff")
    assert evidence_names({}) == ()


def test_a_rule_reads_the_evidence_of_its_checks() -> None:
    def check(name: str, params: object) -> CheckSpec:
        return CheckSpec(name, params, SourceRef("p.yaml", 1))

    rule = Rule(
        id="R-1",
        clauses=("9.2",),
        title="t",
        severity="minor",
        stage=2,
        checks=(
            check("exists", {"evidence": "audits"}),
            check("any_of", [{"exists": {"evidence": "plan"}}, {"exists": {"evidence": "audits"}}]),
        ),
    )
    assert rule.evidence == ("audits", "plan")


# --- references and packs -------------------------------------------------------------------------


def test_references_render_as_path_and_line() -> None:
    assert str(SourceRef("packs/a.yaml", 12)) == "packs/a.yaml:12"
    assert str(SourceRef("packs/a.yaml")) == "packs/a.yaml"
    assert str(EvidenceRef("registers/audits.csv", 3, "ab" * 32)) == "registers/audits.csv:3"
    assert str(EvidenceRef("policy/quality.md")) == "policy/quality.md"


def test_a_place_in_a_file_without_lines_reads_after_the_path() -> None:
    ref = EvidenceRef("Register.xlsx", None, "ab" * 32, "sheet Risks, row 14")
    assert str(ref) == "Register.xlsx, sheet Risks, row 14"
    assert ref.to_dict()["place"] == "sheet Risks, row 14"
    assert EvidenceRef.from_dict(ref.to_dict()) == ref
    # a text file's reference carries no place at all, so its reports read as before
    assert EvidenceRef("a.csv", 3).to_dict() == {"path": "a.csv", "line": 3, "sha256": None}


def test_a_pack_finds_its_clauses_by_id() -> None:
    pack = RulePack(
        id="mini",
        standard="mini",
        edition="1",
        version="0.1",
        title="Mini",
        clauses=(Clause("5.2", "Policy"), Clause("8.3", "Design", excludable=True)),
        evidence_types={},
        rules=(),
        thresholds={},
        source=SourceRef("mini.yaml"),
        sha256="",
    )
    assert pack.clause("8.3") == Clause("8.3", "Design", True)
    assert pack.clause("8") is None
    assert pack.verdict == "gate"  # unless the pack says what a complete assessment concludes


def test_the_outcome_and_severity_tables_match_their_types() -> None:
    assert typing.get_args(Outcome) == OUTCOMES
    assert typing.get_args(Severity) == SEVERITIES


# --- findings -------------------------------------------------------------------------------------

short = st.text(max_size=10)
findings = st.builds(
    Finding,
    standard=short,
    pack=short,
    rule=short,
    clauses=st.tuples(short) | st.tuples(short, short),
    title=short,
    severity=st.sampled_from(SEVERITIES),
    stage=st.integers(1, 2),
    outcome=st.sampled_from(OUTCOMES),
    message=short,
    evidence=st.lists(
        st.builds(
            EvidenceRef,
            short,
            st.none() | st.integers(1, 10**6),
            st.none() | st.text("0123abcdef"),
            st.none() | st.text(min_size=1, max_size=10),
        ),
        max_size=3,
    ).map(tuple),
    details=st.lists(short, max_size=3).map(tuple),
    remediation=short,
    waiver=st.none() | st.dictionaries(short, short, min_size=1, max_size=3),
    exclusion=st.none() | st.dictionaries(short, short, min_size=1, max_size=3),
    error=short,
)


@given(findings)
def test_a_finding_travels_as_builtin_types_and_comes_back_equal(finding: Finding) -> None:
    data = finding.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert Finding.from_dict(data) == finding


def test_a_finding_read_without_its_optional_fields_takes_their_defaults() -> None:
    data = {
        "standard": "s",
        "pack": "p",
        "rule": "R-1",
        "clauses": ["9.2"],
        "title": "t",
        "severity": "minor",
        "stage": 2,
        "outcome": "conform",
        "message": "m",
        "evidence": [{"path": "a.csv"}],
    }
    finding = Finding.from_dict(data)
    assert finding.evidence == (EvidenceRef("a.csv"),)
    assert (finding.details, finding.remediation, finding.waiver, finding.error) == (
        (),
        "",
        None,
        "",
    )


def test_a_finding_does_not_share_its_waiver_with_its_dict() -> None:
    finding = Finding("s", "p", "R", ("1",), "t", "minor", 2, "waived", "m", waiver={"reason": "r"})
    finding.to_dict()["waiver"]["reason"] = "changed"
    assert finding.waiver == {"reason": "r"}


def test_vocabulary_is_frozen() -> None:
    ref = EvidenceRef("a.csv", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.line = 2  # type: ignore[misc]
