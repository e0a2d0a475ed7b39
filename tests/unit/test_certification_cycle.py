"""SoA-driven applicability, profile data as evidence, and the certification cycle check."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import write_tree

import isocheck
from isocheck.checks.certification import same_standard
from isocheck.model import Finding

PACK = """\
format: isocheck/rulepack/v1
pack: {id: isms, standard: isms, edition: "1", version: "1", title: Mini ISMS}
clauses:
  - {id: "A.5.15", title: Access control}
  - {id: "A.7.4", title: Physical security monitoring}
  - {id: "9.3", title: Certification}
evidence:
  soa:
    kind: table
    title: Statement of Applicability
    locations: ["soa.csv"]
    columns: [control, applicable, justification]
  access-reviews: {kind: table, title: Access reviews, locations: ["access.csv"]}
  certificates: {kind: profile, section: certification, title: Certificates}
  certification-audits: {kind: table, title: Certification audits, locations: ["audits.csv"]}
rules:
  - id: A.5.15-01
    clauses: ["A.5.15"]
    title: Access is reviewed
    severity: minor
    stage: 2
    applies_when: &soa
      declared_applicable:
        {evidence: soa, column: control, applicable: applicable, justification: justification}
    checks: [{exists: {evidence: access-reviews}}]
  - id: A.7.4-01
    clauses: ["A.7.4"]
    title: Premises are monitored
    severity: minor
    stage: 2
    applies_when: *soa
    checks: [{exists: {evidence: access-reviews}}]
  - id: CERT-01
    clauses: ["9.3"]
    title: Certificates are current
    severity: major
    stage: 2
    checks: [{records: {evidence: certificates, require: {expires: {after: as_of}}}}]
  - id: CERT-02
    clauses: ["9.3"]
    title: Surveillance follows the cycle
    severity: major
    stage: 2
    checks: [{certification_cycle: {evidence: certification-audits, certificates: certificates}}]
"""

PROFILE = """\
format: isocheck/profile/v1
organization: {name: Mini ISMS Ltd}
scope: Hosting
standards: [isms]
as_of: 2026-11-01
packs: [packs/isms.yaml]
certification:
  isms: {body: CB Ltd, certificate: IS 1, decision_date: 2024-03-01, expires: 2027-02-28}
"""

SOA = """\
control,applicable,justification
A.5.15,yes,
A.7.4,no,No premises: fully remote organization
"""

AUDITS = """\
standard,type,date
isms,stage2,2024-01-20
isms,surveillance,2025-02-10
isms,surveillance,2026-02-05
isms,recertification,2027-01-15
"""


def evaluate(tmp_path: Path, **files: str) -> dict[str, Finding]:
    base = {
        "isocheck.yaml": PROFILE,
        "packs/isms.yaml": PACK,
        "soa.csv": SOA,
        "access.csv": "date,system\n2026-09-01,ERP\n",
        "audits.csv": AUDITS,
    }
    base.update(files)
    folder = write_tree(tmp_path / "ev", base)
    return {f.rule: f for f in isocheck.evaluate(folder).findings}


def test_soa_exclusion_makes_the_control_not_applicable_with_its_justification(
    tmp_path: Path,
) -> None:
    findings = evaluate(tmp_path)
    assert findings["A.5.15-01"].outcome == "conform"
    assert findings["A.7.4-01"].outcome == "not-applicable"
    assert findings["A.7.4-01"].message == (
        "not applicable: A.7.4 is excluded in the Statement of Applicability (soa.csv:3): "
        "No premises: fully remote organization"
    )


def test_control_missing_from_the_soa_still_applies(tmp_path: Path) -> None:
    findings = evaluate(
        tmp_path, **{"soa.csv": "control,applicable,justification\n", "access.csv": "x\n"}
    )
    assert findings["A.7.4-01"].outcome == "nonconform"


def test_certificate_from_the_profile_is_evidence_with_its_line(tmp_path: Path) -> None:
    findings = evaluate(
        tmp_path, **{"isocheck.yaml": PROFILE.replace("expires: 2027-02-28", "expires: 2026-10-01")}
    )
    cert = findings["CERT-01"]
    assert cert.outcome == "nonconform"
    assert cert.message == (
        "isocheck.yaml:8: standard isms: expires is 2026-10-01, expected after 2026-11-01"
    )


def test_certification_cycle_holds_for_a_regular_cycle(tmp_path: Path) -> None:
    assert evaluate(tmp_path)["CERT-02"].outcome == "conform"


@pytest.mark.parametrize(
    ("audits", "expected"),
    [
        (
            "standard,type,date\nisms,surveillance,2025-04-10\nisms,surveillance,2026-02-05\n"
            "isms,recertification,2027-01-15\n",
            "isms: the first surveillance audit after the certification decision of 2024-03-01 was due "
            "by 2025-03-01; none is recorded",
        ),
        (
            # The first surveillance fell in the decision year; nothing in 2025.
            "standard,type,date\nisms,surveillance,2024-12-10\nisms,surveillance,2026-02-05\n"
            "isms,recertification,2027-01-15\n",
            "isms: no surveillance audit in 2025 (one every calendar year)",
        ),
    ],
)
def test_certification_cycle_gaps(tmp_path: Path, audits: str, expected: str) -> None:
    f = evaluate(tmp_path, **{"audits.csv": audits})["CERT-02"]
    assert f.outcome == "nonconform"
    assert f.message.endswith(expected)


def test_recertification_must_be_planned_before_expiry(tmp_path: Path) -> None:
    audits = "standard,type,date\nisms,surveillance,2025-02-10\nisms,surveillance,2026-02-05\n"
    profile = PROFILE.replace("expires: 2027-02-28", "expires: 2026-12-15")
    f = evaluate(tmp_path, **{"audits.csv": audits, "isocheck.yaml": profile})["CERT-02"]
    assert f.message.endswith(
        "isms: the certificate expires on 2026-12-15 and no recertification audit is held or planned "
        "before then"
    )


def test_certification_for_a_standard_not_assessed_is_an_error(tmp_path: Path) -> None:
    profile = PROFILE + "  iso9999: {decision_date: 2024-01-01}\n"
    with pytest.raises(
        isocheck.InputError, match="certification data for 'iso9999', which the profile"
    ):
        evaluate(tmp_path, **{"isocheck.yaml": profile})


def test_audits_are_recognised_in_the_words_an_organization_records_them(tmp_path: Path) -> None:
    audits = (
        "standard,type,date\n"
        "ISMS,Surveillance 1,2025-02-10\n"
        "isms,2nd surveillance audit,2026-02-05\n"
        "Isms,Re-certification,2027-01-15\n"
    )
    f = evaluate(tmp_path, **{"audits.csv": audits})["CERT-02"]
    assert f.outcome == "conform", f.message


@pytest.mark.parametrize(
    ("written", "standard", "same"),
    [
        ("ISO 9001:2015", "iso9001-2015", True),
        ("ISO 9001", "iso9001-2015", True),  # no edition given: the certified one
        ("iso9001-2015", "iso9001-2015", True),
        ("ISO/IEC 27001:2022", "iso27001-2022", True),
        ("ISO 9001:2008", "iso9001-2015", False),  # another edition
        ("ISO 14001:2015", "iso9001-2015", False),
        ("ISO 90012", "iso9001-2015", False),
        ("", "iso9001-2015", False),
    ],
)
def test_an_audit_names_its_standard_as_people_write_it(
    written: str, standard: str, same: bool
) -> None:
    assert same_standard(written, standard) is same


def test_the_certification_cycle_listed_among_the_standards_is_assessed_once(
    tmp_path: Path,
) -> None:
    profile = PROFILE.replace("standards: [isms]", "standards: [isms, certification-cycle]")
    folder = write_tree(
        tmp_path / "ev",
        {
            "isocheck.yaml": profile,
            "packs/isms.yaml": PACK,
            "soa.csv": SOA,
            "access.csv": "date,system\n2026-09-01,ERP\n",
            "audits.csv": AUDITS,
        },
    )
    rules = [(f.standard, f.rule) for f in isocheck.evaluate(folder).findings]
    assert len(rules) == len(set(rules))
    assert any(standard == "certification-cycle" for standard, _ in rules)
